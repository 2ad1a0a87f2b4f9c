"""Originals as the archive keeps them, checked: re-hash one now (`verify_original`), or serve one
only if it still hashes to the sha256 it is filed under (`IntactOriginals`): a tampered original is
neither shown, nor downloaded, nor put in an evidence pack."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from pathlib import Path

from core.models import Model
from extractors.input_checks import picture_format, sniff
from kiemchung.archive import Archive, ArchiveError
from kiemchung.i18n import _

_CHUNK = 1 << 20

# What a download is named and served as, by what the original's bytes are (never by its old name).
_PICTURE_TYPES = {
    "JPEG": (".jpg", "image/jpeg"),
    "PNG": (".png", "image/png"),
    "TIFF": (".tif", "image/tiff"),
    "GIF": (".gif", "image/gif"),
    "BMP": (".bmp", "image/bmp"),
    "WEBP": (".webp", "image/webp"),
}
_WORD = (".doc", "application/msword")
_KIND_TYPES = {
    "pdf": (".pdf", "application/pdf"),
    "doc": _WORD,
    "docx": (".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "rtf": (".rtf", "application/rtf"),
    "wordxml": _WORD,
    "mht": _WORD,
    "html": _WORD,  # a web page published under a Word name, as Word opens it
}


def download_type(head: bytes) -> tuple[str, str]:
    """(file extension, media type) for an original starting with `head`."""
    kind = sniff(head)
    if kind == "picture":
        return _PICTURE_TYPES.get(picture_format(head) or "", (".bin", "application/octet-stream"))
    return _KIND_TYPES.get(kind, (".bin", "application/octet-stream"))


class Verification(Model):
    sha256: str
    ok: bool
    actual: str | None  # what the archived bytes hash to now; None if they cannot be read
    detail: str
    checked_at: dt.datetime


def verify_original(archive: Archive, sha256: str) -> Verification:
    """Re-hash the archived original now (streaming from disk where the archive keeps a file)."""
    now = dt.datetime.now(dt.UTC)
    try:
        path = archive.original_path(sha256)
        if path is not None:
            digest = hashlib.sha256()
            with path.open("rb") as original:
                while chunk := original.read(_CHUNK):
                    digest.update(chunk)
            actual = digest.hexdigest()
        else:
            actual = hashlib.sha256(archive.read_original(sha256)).hexdigest()
    except (ArchiveError, OSError) as error:
        detail = _("the original cannot be read: {error}").format(error=error)
        return Verification(sha256=sha256, ok=False, actual=None, detail=detail, checked_at=now)
    if actual == sha256:
        return Verification(sha256=sha256, ok=True, actual=actual, detail=_("the hash matches"), checked_at=now)
    detail = _("the hash does NOT match: the file was changed")
    return Verification(sha256=sha256, ok=False, actual=actual, detail=detail, checked_at=now)


class OriginalTampered(Exception):
    """The archived original no longer hashes to the sha256 it is filed under: it is not served."""


class IntactOriginals:
    """Serves an original only after re-hashing it. A file already found intact is not hashed again
    while its inode, size, modification and change times stay the same (page images ask many times per view)."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self._checked: dict[str, tuple[int, int, int, int]] = {}
        self._lock = threading.Lock()

    def path(self, sha256: str) -> Path | None:
        """The original's file, checked; None when the archive keeps it elsewhere (use `data`)."""
        path = self.archive.original_path(sha256)
        if path is None:
            return None
        try:
            stat = path.stat()
        except OSError as error:
            raise ArchiveError(f"cannot read the original {sha256}: {error.strerror or error}") from None
        stamp = (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)  # ctime: no one can set it back
        with self._lock:
            if self._checked.get(sha256) == stamp:
                return path
        verification = verify_original(self.archive, sha256)
        if not verification.ok:
            raise OriginalTampered(verification.detail)
        with self._lock:
            self._checked[sha256] = stamp
        return path

    def data(self, sha256: str) -> bytes:
        data = self.archive.read_original(sha256)
        if hashlib.sha256(data).hexdigest() != sha256:
            raise OriginalTampered(_("the hash does NOT match: the file was changed"))
        return data
