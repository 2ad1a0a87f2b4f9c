"""OCR of one page: render (pypdfium2) → paint out red ink and stamps (`coloured_ink`) → deskew →
Tesseract `vie` (libtesseract in the process, `tesseract_api`).

The page is the unit of parallelism and of failure: `ocr_page` runs in a worker process of the
pipeline's pool, opens the PDF itself and returns a `Page`. Only the first page's image crosses
back (`ocr_first_page`), for the second looks at its header (`handwriting`, `subject_reread`).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import pypdfium2 as pdfium
from PIL import Image

from core.models import Page, Word
from extractors import deskew, orientation, paper, tesseract_api
from extractors.coloured_ink import PixelBox, paint_out_stamps
from extractors.deskew import estimate_skew
from extractors.lookalikes import map_lookalikes
from extractors.normalize import merge_doubled_vowels, nfc
from extractors.page_text import assemble_text

# Rendering a page larger than this many pixels is refused (decompression bombs, poster-size pages):
# 300 dpi A3 is 17.4 Mpx. Pages above it are rendered at a lower resolution instead.
MAX_RENDER_PIXELS = 40_000_000
TESSERACT_TIMEOUT_SECONDS = 180
T = TypeVar("T")


@dataclass(frozen=True)
class OcrSettings:
    dpi: int = 300
    language: str = "vie"
    page_segmentation_mode: int = 3
    deskew: bool = True
    remove_red: bool = True
    remove_stamps: bool = True  # a stamp's or signature's coloured ink, not figures written in (`coloured_ink`)


def limit_tesseract_threads() -> None:
    """Tesseract's OpenMP threads fight the process pool: one thread per process is fastest."""
    os.environ["OMP_THREAD_LIMIT"] = "1"


def render_page_pixels(
    pdf_path: str, page_index: int, dpi: int, use: Callable[[np.ndarray], T]
) -> tuple[T, float, float, float]:
    """Render one page in colour, with its form fields drawn, and return `use(pixels)` with the
    scale (px/pt) and the page's size (pt). `pixels` (height, width, 3; RGB) is pdfium's bitmap
    itself, valid during the call: the grey page is made from it without a copy of the colour page.

    Signature fields carry the visible digital-signature stamp ("Ký bởi … Thời gian ký …") in their
    appearance; pdfium draws them only once forms are initialised."""
    document = pdfium.PdfDocument(pdf_path)
    try:
        document.init_forms()
        page = document[page_index]
        width, height = page.get_size()
        scale = _render_scale(width, height, dpi)
        bitmap = page.render(scale=scale, may_draw_forms=True, rev_byteorder=True)
        page.close()
        pixels = bitmap.to_numpy() if bitmap.mode == "RGB" else np.asarray(_to_rgb(bitmap.to_pil()))
        return use(pixels), scale, width, height
    finally:
        document.close()


def render_page(pdf_path: str, page_index: int, dpi: int) -> tuple[Image.Image, float, float, float]:
    """Render one page in colour (`render_page_pixels`). Returns (image, scale px/pt, width pt, height pt)."""
    return render_page_pixels(pdf_path, page_index, dpi, Image.fromarray)


def _render_scale(width: float, height: float, dpi: int) -> float:
    scale = dpi / 72.0
    if width * height * scale * scale > MAX_RENDER_PIXELS:
        scale = (MAX_RENDER_PIXELS / (width * height)) ** 0.5
    return scale


def _to_rgb(bitmap: pdfium.PdfBitmap) -> Image.Image:
    image = bitmap.to_pil()
    return image if image.mode == "RGB" else image.convert("RGB")


def render_box(pdf_path: str, page_index: int, box: tuple[float, float, float, float], dpi: int) -> Image.Image:
    """The box (points) of one page rendered at `dpi` (left and top clamped to the page), without
    rendering the rest of the page. pdfium's resampling of a scan can differ from a whole-page
    render's by a few grey levels in a few pixels; the digit readings of the samples did not change."""
    document = pdfium.PdfDocument(pdf_path)
    try:
        document.init_forms()
        page = document[page_index]
        width, height = page.get_size()
        scale = _render_scale(width, height, dpi)
        full_width, full_height = math.ceil(width * scale), math.ceil(height * scale)
        x0, top, x1, bottom = (round(v * scale) for v in box)
        x0, top = max(x0, 0), max(top, 0)
        if not (x0 < x1 <= full_width and top < bottom <= full_height):  # beyond the page: padded as a crop pads
            whole = _to_rgb(page.render(scale=scale, may_draw_forms=True, rev_byteorder=True))
            page.close()
            return whole.crop((x0, top, x1, bottom))
        # pypdfium2 rounds each margin up to whole pixels: half a pixel less lands exactly on the edge
        margins = (x0 - 0.5, full_height - bottom - 0.5, full_width - x1 - 0.5, top - 0.5)
        crop = tuple(margin / scale for margin in margins)
        image = _to_rgb(page.render(scale=scale, may_draw_forms=True, rev_byteorder=True, crop=crop))
        page.close()
        return image
    finally:
        document.close()


def grey_without_red(image: Image.Image) -> Image.Image:
    """The colour image in grey, red seals and red signatures painted white (they confuse Tesseract
    over the signer block and the date). Pixel by pixel: a box of it is the same box of the page's."""
    from extractors import pillow_kernels  # numba loads with the first OCR, not with every import

    rgb = image if image.mode == "RGB" else image.convert("RGB")
    return Image.fromarray(pillow_kernels.grey_without_red(np.asarray(rgb)))


def _grey(pixels: np.ndarray, settings: OcrSettings) -> tuple[Image.Image, list[PixelBox]]:
    """The grey page OCR reads, from the rendered RGB pixels: red ink and stamps painted out; the
    stamps' boxes (pixels)."""
    from extractors import pillow_kernels

    if settings.remove_red:
        grey = pillow_kernels.grey_without_red(pixels)
    else:
        grey = np.array(Image.fromarray(pixels).convert("L"))
    stamps = paint_out_stamps(grey, pixels, settings.dpi) if settings.remove_stamps else []
    return Image.fromarray(grey), stamps


def _with_stamps(page: Page, stamps: list[PixelBox], scale: float, turned: int) -> Page:
    """The page told where stamps were painted out before it was read (boxes in points). A page read
    turned keeps none: its boxes would be on another frame."""
    if not stamps or turned:
        return page
    boxes = [tuple(round(v / scale, 1) for v in (left, top, right, bottom)) for top, left, bottom, right in stamps]
    note = f"; {len(boxes)} stamp(s) or signature(s) in colour painted out before OCR"
    return page.model_copy(update={"stamps": boxes, "reason": page.reason + note})


def straighten_grey(
    gray: Image.Image, settings: OcrSettings, resampling: Image.Resampling = deskew.RESAMPLING
) -> tuple[Image.Image, float]:
    """The grey page straightened, and its skew in degrees."""
    angle = estimate_skew(gray) if settings.deskew else 0.0
    return deskew.straighten(gray, angle, 255, resampling), angle


def prepare_image(
    image: Image.Image, settings: OcrSettings, resampling: Image.Resampling = deskew.RESAMPLING
) -> tuple[Image.Image, float]:
    """The grey page OCR reads (red removed, straightened) and its skew in degrees."""
    gray = grey_without_red(image) if settings.remove_red else image.convert("L")
    return straighten_grey(gray, settings, resampling)


def recognise(image: Image.Image, settings: OcrSettings, scale: float) -> list[Word]:
    """Tesseract words with boxes converted from pixels to PDF points, each with the number of the
    line Tesseract read it in (its lines numbered in their order on the page)."""
    rows = tesseract_api.image_to_data(
        image, settings.language, settings.page_segmentation_mode, TESSERACT_TIMEOUT_SECONDS
    )
    words: list[Word] = []
    line_numbers: dict[tuple[int, int, int], int] = {}
    for row in rows:
        confidence = float(row.conf)
        if not row.text.strip() or confidence < 0:
            continue
        line = line_numbers.setdefault((row.block, row.paragraph, row.line), len(line_numbers))
        words.append(
            Word(
                # Tesseract's Vietnamese model reads some "Đ" as the Icelandic eth ("Ð"): mapped back
                text=merge_doubled_vowels(map_lookalikes(nfc(row.text.strip()))[0]),
                x0=round(row.left / scale, 2),
                top=round(row.top / scale, 2),
                x1=round((row.left + row.width) / scale, 2),
                bottom=round((row.top + row.height) / scale, 2),
                confidence=round(confidence, 1),
                line=line,
            )
        )
    return words


# A word of letters or digits whose box is this much flatter than the page's typical word, read with
# little confidence, is a speck or a rule line read as letters ("CAO" 1 pt tall among 10 pt words):
# no print is that flat (a syllable without marks or ascenders, "ma", stands half as tall).
_FLAT_SHARE_OF_WORD = 0.3
_FLAT_SPECK_CONFIDENCE = 60.0


def flat_specks(words: list[Word]) -> list[Word]:
    """The words of `words` that are specks read as letters, by their height on the page."""
    heights = sorted(w.bottom - w.top for w in words if any(c.isalnum() for c in w.text))
    if len(heights) < 5:
        return []
    typical = heights[len(heights) // 2]
    return [
        w
        for w in words
        if any(c.isalnum() for c in w.text)
        and w.bottom - w.top < _FLAT_SHARE_OF_WORD * typical
        and (w.confidence is None or w.confidence < _FLAT_SPECK_CONFIDENCE)
    ]


def read_prepared(
    prepared: Image.Image,
    angle: float,
    page_number: int,
    scale: float,
    width: float,
    height: float,
    settings: OcrSettings,
    reason: str,
) -> Page:
    words = recognise(prepared, settings, scale)
    specks = {id(w) for w in flat_specks(words)}
    words = [w for w in words if id(w) not in specks]
    text, placed = assemble_text(words)
    confidences = [w.confidence for w in words if w.confidence is not None]
    mean_confidence = round(sum(confidences) / len(confidences), 1) if confidences else 0.0
    deskew_note = f", deskewed {angle:+.1f}°" if deskew.needs_turning(angle) else ""
    return Page(
        page=page_number,
        method="ocr",
        confidence=mean_confidence,
        text=text,
        width=width,
        height=height,
        words=placed,
        reason=f"{reason}; OCR {settings.language} at {round(scale * 72)} dpi{deskew_note}",
        skew=angle if deskew.needs_turning(angle) else 0.0,  # its boxes are on the page straightened
    )


def ocr_page(pdf_path: str, page_index: int, settings: OcrSettings, reason: str) -> Page:
    """Worker entry point: OCR page `page_index` (0-based) of the PDF at `pdf_path`."""
    limit_tesseract_threads()
    (gray, stamps), scale, width, height = render_page_pixels(
        pdf_path, page_index, settings.dpi, lambda pixels: _grey(pixels, settings)
    )
    page, turned, _ = read_grey(gray, page_index + 1, scale, width, height, settings, reason)
    return _with_stamps(page, stamps, scale, turned)


def read_grey(
    gray: Image.Image, page_number: int, scale: float, width: float, height: float, settings: OcrSettings, reason: str
) -> tuple[Page, int, float]:
    """The page read from its grey image, turned upright first when it was scanned sideways or upside
    down (`orientation`): the page, how far it was turned back (degrees) and its skew.

    A photographed page is read twice: as it is, and without the dark frame around its paper, its
    shading evened out (`paper`); the reading with more sure letters is kept (asking for a clear
    margin instead read 14 fields fewer over six photo views).
    Tesseract's layout analysis may lose a block beside the frame (a signer block beside "Nơi
    nhận:"), or read a slanted header worse once the frame is gone: neither reading wins every time."""
    reading = _read_upright(gray, page_number, scale, width, height, settings, reason)
    without_frame, frame_share = paper.without_surroundings(gray)
    if not frame_share:
        return reading
    note = f"{reason}; the dark surroundings of the paper ({frame_share:.0%} of the picture) left out"
    other = _read_upright(without_frame, page_number, scale, width, height, settings, note)
    return other if sure_letters(other[0]) > sure_letters(reading[0]) else reading


SURE_LETTER_CONFIDENCE = 80.0


def sure_letters(page: Page) -> int:
    """How many letters and digits OCR read at a confidence of 80 or more."""
    return sum(
        sum(c.isalnum() for c in word.text)
        for word in page.words
        if word.confidence is not None and word.confidence >= SURE_LETTER_CONFIDENCE
    )


def _read_upright(
    gray: Image.Image, page_number: int, scale: float, width: float, height: float, settings: OcrSettings, reason: str
) -> tuple[Page, int, float]:
    prepared, angle = straighten_grey(gray, settings)
    page = read_prepared(prepared, angle, page_number, scale, width, height, settings, reason)
    skews: list[float] = []

    def read_turned(turned: Image.Image, degrees: int) -> Page:
        turned_width, turned_height = (height, width) if degrees in (90, 270) else (width, height)
        straightened, skew = straighten_grey(turned, settings)
        skews.append(skew)
        note = f"{reason}; scanned turned {degrees}°, read upright"
        read = read_prepared(straightened, skew, page_number, scale, turned_width, turned_height, settings, note)
        return read.model_copy(update={"turned": degrees})  # its boxes are on the page turned back

    upright = orientation.read_upright(page, gray, round(scale * 72), read_turned)
    return upright.page, upright.degrees, skews[0] if upright.degrees else angle


@dataclass(frozen=True)
class PageImage:
    """A page as OCR rendered it (colour, before red removal and deskew) at `scale` pixels per point,
    with the skew OCR measured on it: the second looks cut their boxes out of it instead of
    rendering the page again."""

    image: Image.Image
    scale: float
    angle: float = 0.0

    @property
    def dpi(self) -> int:
        return round(self.scale * 72)

    def _pixels(self, box: tuple[float, float, float, float]) -> tuple[int, int, int, int]:
        x0, top, x1, bottom = (round(v * self.scale) for v in box)
        return x0, top, x1, bottom

    def crop(self, box: tuple[float, float, float, float]) -> Image.Image:
        """The box (points) of the straightened page, in colour."""
        return deskew.straighten_box(self.image, self.angle, self._pixels(box), (255, 255, 255))

    def rendered_crop(self, box: tuple[float, float, float, float]) -> Image.Image:
        """The box (points) cut out of the image as rendered (colour, not straightened)."""
        return self.image.crop(self._pixels(box))


def ocr_first_page(pdf_path: str, page_index: int, settings: OcrSettings, reason: str) -> tuple[Page, PageImage]:
    """Worker entry point for the page the second looks read again: the page and its colour image."""
    limit_tesseract_threads()
    (image, (gray, stamps)), scale, width, height = render_page_pixels(
        pdf_path, page_index, settings.dpi, lambda pixels: (Image.fromarray(pixels), _grey(pixels, settings))
    )
    page, turned, angle = read_grey(gray, page_index + 1, scale, width, height, settings, reason)
    page = _with_stamps(page, stamps, scale, turned)
    if turned:
        image = orientation.turn_upright(image, turned)
    return page, PageImage(image, scale, angle)
