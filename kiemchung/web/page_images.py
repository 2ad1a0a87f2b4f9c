"""Pages of archived originals as PNG images (pypdfium2), rendered once and kept on disk.

Cache: `KIEMCHUNG_HOME/cache/pages/ab/<sha256>/<page>@<dpi>.png`. The original never changes
(content-addressed), so a cached image never goes stale; the file is written atomically.

A page scanned sideways or upside down was read turned upright (`Page.turned`), and a scan askew was
read straightened (`Page.skew`): its word boxes are on the page so turned, so it is shown so too,
turned as OCR turned it (`orientation.turn_upright`, `deskew.straighten`), and cached under its turn
(`<page>@<dpi>-turned<degrees>-skew<degrees>.png`).
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

import pypdfium2 as pdfium

from extractors import deskew
from extractors.image_files import picture_pdf_bytes
from extractors.input_checks import BadInput, sniff
from extractors.orientation import turn_upright
from extractors.pdfium_lock import PDFIUM_LOCK
from kiemchung.archive import Archive, ArchiveError
from kiemchung.i18n import _


class PageImageError(Exception):
    """The page cannot be shown; one line (no such page, not a PDF…)."""


def page_image_path(cache_dir: Path, sha256: str, page: int, dpi: int, turned: int = 0, skew: float = 0.0) -> Path:
    suffix = (f"-turned{turned}" if turned else "") + (f"-skew{skew:+.2f}" if deskew.needs_turning(skew) else "")
    return cache_dir / sha256[:2] / sha256 / f"{page}@{dpi}{suffix}.png"


# Pages of a picture file beyond this are not shown (the reading of the file has its own limit).
MAX_PICTURE_PAGES = 500


def _render(data: bytes, page: int, dpi: int, turned: int = 0, skew: float = 0.0) -> bytes:
    if sniff(data) == "picture":  # a scan published as a JPEG/TIFF/PNG: shown as the PDF it was read as
        try:
            data = picture_pdf_bytes(data, MAX_PICTURE_PAGES)
        except BadInput as error:
            raise PageImageError(str(error)) from None
    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as error:
            raise PageImageError(_("the original is not a readable PDF: {error}").format(error=error)) from None
        try:
            if not 1 <= page <= len(document):
                raise PageImageError(
                    _("the document has {count} pages, not a page {page}").format(count=len(document), page=page)
                )
            bitmap = document[page - 1].render(scale=dpi / 72)
            image = bitmap.to_pil()
        finally:
            document.close()
    if turned:
        image = turn_upright(image, turned)
    if deskew.needs_turning(skew):
        image = deskew.straighten(image.convert("RGB"), skew, (255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False, compress_level=6)
    return buffer.getvalue()


def page_image(
    archive: Archive, cache_dir: Path, sha256: str, page: int, dpi: int, turned: int = 0, skew: float = 0.0
) -> Path:
    """The PNG file of one page of an archived original, rendering it on first request; turned
    back by `turned` degrees and straightened by `skew` (the page's `Page.turned`, `Page.skew`), as
    the page was read."""
    path = page_image_path(cache_dir, sha256, page, dpi, turned, skew)
    if path.is_file():
        return path
    try:
        data = archive.read_original(sha256)
    except ArchiveError as error:
        raise PageImageError(str(error)) from None
    png = _render(data, page, dpi, turned, skew)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".png")
    with os.fdopen(fd, "wb") as handle:
        handle.write(png)
    os.replace(temp, path)
    return path
