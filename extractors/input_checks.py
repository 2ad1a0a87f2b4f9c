"""Recognise what a file is before parsing it, and turn every way a PDF can be bad into one line."""

from __future__ import annotations

import os
import stat
import zipfile
from io import BytesIO
from pathlib import Path
from typing import Literal

import pypdfium2 as pdfium

from extractors.pdfium_lock import PDFIUM_LOCK

FileKind = Literal["pdf", "docx", "doc", "rtf", "wordxml", "mht", "html", "picture", "empty", "unknown"]
# Kinds read as Word files (`office.py`); HTML only when it is a Word document (`is_word_html`).
OFFICE_KINDS = ("doc", "docx", "rtf", "wordxml", "mht")
OFFICE_SUFFIXES = (".doc", ".docx", ".rtf", ".dot")
# Scans published as pictures, picked up in a folder as PDFs are (a file is read by its bytes, not its name).
PICTURE_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff")


class BadInput(Exception):
    """A file that cannot be read. `str(error)` is the one-line message for the record."""


_NOT_REGULAR = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def input_refusal(path: Path | str) -> str | None:
    """Why this path is not read, or None: only regular files are, and a path through a symbolic
    link only when the link points inside the folder that holds it (a link in a given folder that
    escapes it, to /etc/passwd or /dev/zero, is refused). Never opens the file, so never blocks."""
    path = Path(path)
    try:
        mode = path.stat().st_mode
    except OSError as error:
        return f"cannot read file: {error.strerror or error}"
    for test, what in _NOT_REGULAR:
        if test(mode):
            return f"refused: not a regular file but {what}"
    if not stat.S_ISREG(mode):
        return "refused: not a regular file"
    escape = _escaping_link(path)
    if escape is not None:
        return f"refused: a symbolic link leading out of its folder (to {escape})"
    return None


def _escaping_link(path: Path) -> Path | None:
    """The target of the first symbolic link on `path` if it leads out of the link's own folder."""
    absolute = Path(os.path.abspath(path))
    for depth in range(1, len(absolute.parts)):
        component = Path(*absolute.parts[: depth + 1])
        if component.is_symlink():
            target = absolute.resolve()
            folder = component.parent.resolve()
            return None if target.is_relative_to(folder) else target
    return None


def open_regular(path: Path | str, limit: int) -> bytes:
    """The bytes of a regular file: opened without blocking (a FIFO swapped in after the check
    cannot hang the read), checked again on the open descriptor, read up to `limit` bytes."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise BadInput("refused: not a regular file")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise BadInput(f"file too large: more than {limit} bytes")
    return data


_PICTURE_MAGIC = (
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
)


def picture_format(data: bytes) -> str | None:
    """The picture format the bytes start with ("JPEG", "PNG", "TIFF", "GIF", "WEBP", "BMP"), or None."""
    for magic, name in _PICTURE_MAGIC:
        if data.startswith(magic):
            return name
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    # BMP: "BM", then a header size only a bitmap has (its two letters alone start many texts)
    if data[:2] == b"BM" and len(data) > 18 and int.from_bytes(data[14:18], "little") in (12, 40, 52, 56, 108, 124):
        return "BMP"
    return None


def sniff(data: bytes) -> FileKind:
    """What the bytes are, by magic numbers, never by file name."""
    if not data:
        return "empty"
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            return "unknown"
        return "unknown"
    if picture_format(head) is not None:
        return "picture"
    if head.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    lowered = head.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if b"<?mso-application" in lowered and b"word.document" in lowered:
        return "wordxml"  # Word 2003 XML ("WordprocessingML"), often saved as .doc
    if lowered.startswith((b"mime-version:", b"from:", b"subject:", b"date:", b"content-type:")) and (
        b"multipart/related" in lowered
    ):
        return "mht"  # Word's "Single File Web Page"
    if lowered.startswith((b"<!doctype html", b"<html", b"<head", b"<?xml")) or b"<html" in lowered:
        return "html"
    return "unknown"


_WORD_HTML_MARKS = (b"urn:schemas-microsoft-com:office:word", b"content=word.document", b'content="word.document')


def is_word_html(data: bytes, file_name: str) -> bool:
    """HTML that Word would open as a document: saved by Word (its namespace or ProgId), or given a
    Word name (`.doc`), as e-office systems do. Any other HTML (an error page saved as .pdf) is not."""
    if file_name.lower().endswith(OFFICE_SUFFIXES):
        return True
    head = data[:8192].lower()
    return any(mark in head for mark in _WORD_HTML_MARKS)


def describe_kind(kind: FileKind, size: int) -> str:
    return {
        "empty": "empty file (0 bytes)",
        "html": "not a PDF: an HTML page (an error page saved as .pdf?)",
        "unknown": f"not a PDF or Word file: unrecognised content ({size} bytes)",
        "doc": "a Word .doc file, not a PDF",
        "docx": "a Word .docx file, not a PDF",
        "rtf": "an RTF file, not a PDF",
        "wordxml": "a Word 2003 XML file, not a PDF",
        "mht": "a single-file web page (MHT), not a PDF",
        "picture": "a picture (scan or photo), not a PDF",
        "pdf": "PDF",
    }[kind]


def count_pages(pdf_path: str, max_pages: int) -> int:
    """Open the PDF with pdfium (fast, tolerant of damaged cross-reference tables) and count pages."""
    with PDFIUM_LOCK:
        return _count_pages_locked(pdf_path, max_pages)


def _count_pages_locked(pdf_path: str, max_pages: int) -> int:
    try:
        document = pdfium.PdfDocument(pdf_path)
    except pdfium.PdfiumError as error:
        message = str(error).lower()
        if "password" in message:
            raise BadInput("encrypted PDF: it needs a password to open") from None
        raise BadInput(f"corrupt PDF: {str(error).splitlines()[0]}") from None
    try:
        pages = len(document)
    finally:
        document.close()
    if pages == 0:
        raise BadInput("corrupt PDF: no pages could be read")
    if pages > max_pages:
        raise BadInput(f"too many pages: {pages} (the limit is {max_pages}; raise --max-pages to read it)")
    return pages
