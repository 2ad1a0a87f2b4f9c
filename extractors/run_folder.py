"""One temporary folder per run: every temporary file of this process and its children lives in it.

Tesseract's page images (`tess_*`), LibreOffice profiles and conversions, spilled downloads: all
go through `tempfile` or `TMPDIR`, both pointed here. The folder is removed when the process exits,
also after SIGTERM (turned into a normal exit), so a killed page leaves nothing in /tmp.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import signal
import tempfile
import threading
from pathlib import Path
from types import FrameType

_LOCK = threading.Lock()
_FOLDER: Path | None = None
_OWNER: int | None = None


def run_folder() -> Path:
    """This process's run folder, created on first use (TMPDIR and `tempfile` point to it)."""
    global _FOLDER, _OWNER
    with _LOCK:
        if _FOLDER is not None and os.getpid() == _OWNER and _FOLDER.is_dir():
            return _FOLDER
        folder = Path(tempfile.mkdtemp(prefix=f"kiemchung-run-{os.getpid()}-"))
        _FOLDER, _OWNER = folder, os.getpid()
        os.environ["TMPDIR"] = str(folder)
        tempfile.tempdir = str(folder)
        atexit.register(remove_run_folder)
        _exit_on_sigterm()
        return folder


def remove_run_folder() -> None:
    global _FOLDER
    with _LOCK:
        folder, _FOLDER = _FOLDER, None
        if folder is None or os.getpid() != _OWNER:
            return  # a forked child never removes its parent's folder
        tempfile.tempdir = None
        if os.environ.get("TMPDIR") == str(folder):
            del os.environ["TMPDIR"]
        for _attempt in range(3):  # a child may still be writing while it is being killed
            shutil.rmtree(folder, ignore_errors=True)
            if not folder.exists():
                break


def _exit_on_sigterm() -> None:
    """SIGTERM becomes SystemExit, so `finally` blocks and atexit handlers run. Only from the main
    thread, and only where nobody else chose what SIGTERM does."""
    if threading.current_thread() is not threading.main_thread():
        return
    with contextlib.suppress(ValueError, OSError):
        if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
            signal.signal(signal.SIGTERM, _terminate)


def _terminate(signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)
