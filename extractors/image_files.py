"""Scans published as pictures — a JPEG from a phone or a copier, a multi-page TIFF from a scanner's
feeder, a PNG or GIF on a portal — put into a PDF of one page per picture, to be read as a scanned
PDF is (OCR, second looks, fields, evidence). The archive keeps the picture file as it came.

A page is as large as the picture's resolution says (`dpi` in its header); without a believable
one, the page is taken to be A4 (the longer side 11.69 in), which is what office scans are.
A JPEG goes into the PDF as it is (no second compression); anything else goes in as its pixels,
turned as its EXIF orientation says and laid on white where it is transparent.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageOps, ImageSequence

from extractors.input_checks import BadInput, picture_format
from extractors.pdfium_lock import PDFIUM_LOCK

A4_LONG_SIDE_INCHES = 11.69
BELIEVABLE_DPI = (72.0, 1200.0)
# A picture of more pixels than this is refused (Pillow's own bound for a decompression bomb; an A3
# page at 600 dpi is 70 million).
MAX_PICTURE_PIXELS = 89_478_485


def page_size_points(picture: Image.Image) -> tuple[float, float]:
    """The page the picture fills, in points: from its stated resolution, else as an A4 page."""
    width, height = picture.size
    stated = picture.info.get("dpi")
    try:
        dpi = float(stated[0]) if stated else 0.0
    except (TypeError, ValueError, IndexError):
        dpi = 0.0
    if not BELIEVABLE_DPI[0] <= dpi <= BELIEVABLE_DPI[1]:
        dpi = max(BELIEVABLE_DPI[0], max(width, height) / A4_LONG_SIDE_INCHES)
    return width * 72 / dpi, height * 72 / dpi


def on_white(image: Image.Image) -> Image.Image:
    """Grey or RGB pixels on white (a transparent PNG's clear parts are paper, not black)."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGB", rgba.size, "white")
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white
    return image.convert("L") if image.mode in ("1", "L", "I", "I;16", "F") else image.convert("RGB")


def _pixels(frame: Image.Image) -> Image.Image:
    """The frame as it is shown: EXIF turn applied, on white."""
    return on_white(ImageOps.exif_transpose(frame) or frame)


def _plain_jpeg(picture: Image.Image) -> bool:
    """A JPEG PDF readers show exactly as it is: grey or RGB, no EXIF turn to apply."""
    orientation = picture.getexif().get(0x0112, 1)
    return picture.format == "JPEG" and picture.mode in ("L", "RGB") and orientation in (None, 1)


def picture_to_pdf(data: bytes, out: Path, max_pages: int) -> tuple[int, str]:
    """Write the picture file's pages (frames) to the PDF `out`; return the page count and the format.
    Raises BadInput with one line for a picture that does not decode or is too large."""
    kind = picture_format(data) or "picture"
    try:
        with Image.open(io.BytesIO(data)) as picture:
            if picture.width * picture.height > MAX_PICTURE_PIXELS:
                raise BadInput(f"{kind} picture too large: {picture.width}×{picture.height} pixels")
            frames = getattr(picture, "n_frames", 1)
            if frames > max_pages:
                raise BadInput(f"too many pages: {frames} (limit {max_pages})")
            picture.load()  # a truncated or damaged file fails here, with its reason, before any page is made
            plain = _plain_jpeg(picture)
            with PDFIUM_LOCK:
                document = pdfium.PdfDocument.new()
                bitmaps: list[pdfium.PdfBitmap] = []  # their pixels are PDFium's until the file is written
                try:
                    for index, frame in enumerate(ImageSequence.Iterator(picture)):
                        _add_page(document, frame, data if plain and index == 0 else None, bitmaps)
                    document.save(str(out))
                finally:
                    document.close()
                    bitmaps.clear()
            return frames, kind
    except BadInput:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise BadInput(f"{kind} picture that does not decode: {reason}") from error


def _add_page(
    document: pdfium.PdfDocument, frame: Image.Image, jpeg: bytes | None, bitmaps: list[pdfium.PdfBitmap]
) -> None:
    pixels = None if jpeg is not None else _pixels(frame)
    shown = frame if pixels is None else pixels
    shown.info.setdefault("dpi", frame.info.get("dpi"))  # the page's size is the picture as shown
    width, height = page_size_points(shown)
    page = document.new_page(width, height)
    try:
        image = pdfium.PdfImage.new(document)
        if pixels is None:
            image.load_jpeg(io.BytesIO(jpeg or b""), inline=True)
        else:
            bitmaps.append(pdfium.PdfBitmap.from_pil(pixels))
            image.set_bitmap(bitmaps[-1])
        image.set_matrix(pdfium.PdfMatrix(a=width, d=height))
        page.insert_obj(image)
        page.gen_content()
    finally:
        page.close()


def picture_pdf_bytes(data: bytes, max_pages: int) -> bytes:
    """The PDF `picture_to_pdf` makes of a picture file, as bytes (for showing its pages)."""
    with tempfile.TemporaryDirectory(prefix="kiemchung-picture-") as folder:
        out = Path(folder) / "picture.pdf"
        picture_to_pdf(data, out, max_pages)
        return out.read_bytes()
