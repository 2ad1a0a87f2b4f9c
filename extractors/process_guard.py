"""Child processes that cannot outlive the run: a parent watchdog, and killing what a process left.

`PR_SET_PDEATHSIG` is not used: Linux sends it when the *thread* that forked the child ends, and
pool workers are forked from short-lived threads. A watchdog thread that sees the parent change
(the child was re-parented: its parent is gone) works for any start method and thread.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path

# Every process a reading worker starts (OCR pool, Tesseract, LibreOffice) inherits this variable,
# whose value names the worker: what a dead worker left behind is found by it in /proc.
READER_MARK = "KIEMCHUNG_READER"
WATCH_INTERVAL_SECONDS = 0.5


def die_with_parent(before_exit: Callable[[], None] | None = None) -> None:
    """Exit this process (after `before_exit`) as soon as its parent is gone."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCH_INTERVAL_SECONDS)
        with contextlib.suppress(Exception):
            if before_exit is not None:
                before_exit()
        os._exit(1)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


def _parent_of(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])  # the name in parentheses may hold spaces


def _all_pids() -> list[int]:
    try:
        return [int(name) for name in os.listdir("/proc") if name.isdigit()]
    except OSError:  # pragma: no cover - no /proc (not Linux)
        return []


def descendants(pid: int) -> list[int]:
    """Children, grandchildren… of `pid` (Linux /proc), nearest first."""
    children: dict[int, list[int]] = {}
    for other in _all_pids():
        parent = _parent_of(other)
        if parent is not None:
            children.setdefault(parent, []).append(other)
    found: list[int] = []
    queue = list(children.get(pid, []))
    while queue:
        current = queue.pop(0)
        found.append(current)
        queue.extend(children.get(current, []))
    return found


def kill_descendants(pid: int | None = None) -> None:
    for other in descendants(pid or os.getpid()):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(other, signal.SIGKILL)


def marked_processes(mark: str) -> list[int]:
    """Processes whose environment carries `READER_MARK=mark`, wherever they were re-parented."""
    needle = f"{READER_MARK}={mark}".encode()
    found = []
    for pid in _all_pids():
        if pid == os.getpid():
            continue
        try:
            environment = Path(f"/proc/{pid}/environ").read_bytes()
        except OSError:
            continue
        if needle in environment.split(b"\0"):
            found.append(pid)
    return found


def kill_marked(mark: str) -> None:
    for pid in marked_processes(mark):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)
