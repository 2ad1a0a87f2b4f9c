"""Tesseract's PNG round trip of every text line, written stored instead of deflated.

libtesseract 5.0–5.3 hands each text line's image to its LSTM recogniser as a PNG made in memory
and decoded again at once (`ImageData::SetPixInternal` → Leptonica's `pixWriteMem(…, IFF_PNG)`).
At zlib's default level that is ~17 % of the CPU of recognising a 300-dpi scanned page — the
`tesseract` command pays it too — and nothing ever reads the compressed bytes. PNG is lossless
at every level, so the pixels decoded, and the words Tesseract reads from them, do not change.

`native/png_stored.c` is a small library whose `pixWriteMem` writes a PNG from a copy of the pix
set to zlib level 0 with Leptonica's own knob (`pixSetZlibCompression`), by Leptonica's writer.
Loaded with `RTLD_GLOBAL` before libtesseract, it is the `pixWriteMem` libtesseract binds to. It
is compiled once with the system C compiler into `native/build/` (the Docker image builds it with
`python extractors/png_stored.py`); without a compiler, or if anything about it fails, Tesseract
runs as it always did. `KIEMCHUNG_PNG_STORED=0` switches it off.

Standard library only: the image's build stage runs this file without the project's dependencies.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

SOURCE = Path(__file__).resolve().parent / "native" / "png_stored.c"
BUILD_FOLDER = SOURCE.parent / "build"
_installed: ctypes.CDLL | None = None


def library_path() -> Path:
    """Where the library built from this very source lives (its name carries the source's digest,
    so an edited source is never served by an old build)."""
    digest = hashlib.sha256(SOURCE.read_bytes()).hexdigest()[:16]
    return BUILD_FOLDER / f"png_stored-{digest}.so"


def build() -> Path | None:
    """The library, compiled now if it is not there yet; None without a C compiler or a writable
    build folder. Concurrent builders each write their own file and rename it into place."""
    target = library_path()
    if target.exists():
        return target
    compiler = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        return None
    try:
        BUILD_FOLDER.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(suffix=".so", dir=BUILD_FOLDER)
        os.close(handle)
        try:
            subprocess.run(
                [compiler, "-O2", "-shared", "-fPIC", "-o", temporary, str(SOURCE)],
                check=True,
                capture_output=True,
                timeout=60,
            )
            os.replace(temporary, target)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
    except (OSError, subprocess.SubprocessError):
        return None
    return target


def install(leptonica: ctypes.CDLL) -> bool:
    """Put the stored-PNG `pixWriteMem` in front of `leptonica`'s for the libraries loaded from now
    on (call it before libtesseract is loaded). True when it is in place."""
    global _installed
    if _installed is not None:
        return True
    if os.environ.get("KIEMCHUNG_PNG_STORED", "1") == "0":
        return False
    try:
        functions = [ctypes.cast(getattr(leptonica, name), ctypes.c_void_p) for name in _LEPTONICA_FUNCTIONS]
    except AttributeError:  # a Leptonica without one of them: leave it alone
        return False
    try:
        path = build()
    except OSError:  # the source is not there (an install without it): leave Tesseract as it is
        return False
    if path is None:
        return False
    try:
        shim = ctypes.CDLL(str(path), mode=ctypes.RTLD_GLOBAL)
        shim.kiemchung_png_stored_init.argtypes = [ctypes.c_void_p] * len(_LEPTONICA_FUNCTIONS)
        shim.kiemchung_png_stored_init.restype = None
        shim.kiemchung_png_stored_count.argtypes = []
        shim.kiemchung_png_stored_count.restype = ctypes.c_ulong
    except (OSError, AttributeError):
        return False
    shim.kiemchung_png_stored_init(*functions)
    _installed = shim
    return True


_LEPTONICA_FUNCTIONS = ("pixWriteMem", "pixCopy", "pixSetZlibCompression", "pixDestroy")


def stored_count() -> int:
    """How many PNGs this process has written stored (0 when the library is not installed)."""
    return int(_installed.kiemchung_png_stored_count()) if _installed is not None else 0


if __name__ == "__main__":  # the image's build stage
    built = build()
    raise SystemExit(0 if built is not None else f"could not build {library_path().name}: no C compiler?")
