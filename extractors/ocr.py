"""OCR of one page: render (pypdfium2) → remove red stamps → deskew → Tesseract `vie` (pytesseract).

The page is the unit of parallelism and of failure: `ocr_page` runs in a worker process of the
pipeline's pool, opens the PDF itself and returns a `Page`; nothing large crosses processes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
import pypdfium2 as pdfium
import pytesseract
from PIL import Image

from core.models import Page, Word
from extractors.normalize import nfc
from extractors.page_text import assemble_text

# Rendering a page larger than this many pixels is refused (decompression bombs, poster-size pages):
# 300 dpi A3 is 17.4 Mpx. Pages above it are rendered at a lower resolution instead.
MAX_RENDER_PIXELS = 40_000_000
TESSERACT_TIMEOUT_SECONDS = 180


@dataclass(frozen=True)
class OcrSettings:
    dpi: int = 300
    language: str = "vie"
    page_segmentation_mode: int = 3
    deskew: bool = True
    remove_red: bool = True


def limit_tesseract_threads() -> None:
    """Tesseract's OpenMP threads fight the process pool: one thread per process is fastest."""
    os.environ["OMP_THREAD_LIMIT"] = "1"


def render_page(pdf_path: str, page_index: int, dpi: int) -> tuple[Image.Image, float, float, float]:
    """Render one page in colour, with its form fields drawn. Returns (image, scale px/pt, width pt, height pt).

    Signature fields carry the visible digital-signature stamp ("Ký bởi … Thời gian ký …") in their
    appearance; pdfium draws them only once forms are initialised."""
    document = pdfium.PdfDocument(pdf_path)
    try:
        document.init_forms()
        page = document[page_index]
        width, height = page.get_size()
        scale = dpi / 72.0
        if width * height * scale * scale > MAX_RENDER_PIXELS:
            scale = (MAX_RENDER_PIXELS / (width * height)) ** 0.5
        image = page.render(scale=scale, may_draw_forms=True).to_pil().convert("RGB")
        page.close()
        return image, scale, width, height
    finally:
        document.close()


def remove_red(image: Image.Image) -> Image.Image:
    """Red seals and red signatures over the signer block and date confuse Tesseract: paint them white."""
    pixels = np.asarray(image, dtype=np.int16)
    red, green, blue = pixels[..., 0], pixels[..., 1], pixels[..., 2]
    mask = (red > 110) & (red - np.maximum(green, blue) > 45)
    if not mask.any():
        return image
    cleaned = pixels.copy()
    cleaned[mask] = 255
    return Image.fromarray(cleaned.astype(np.uint8))


def estimate_skew(gray: Image.Image, max_angle: float = 3.0) -> float:
    """Skew angle in degrees by projection profile: text lines give the sharpest row histogram."""
    small = gray.copy()
    small.thumbnail((900, 900))
    ink = Image.fromarray(((np.asarray(small) < 140) * 255).astype(np.uint8))

    def sharpness(angle: float) -> float:
        rotated = np.asarray(ink.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0))
        rows = rotated.sum(axis=1, dtype=np.float64)
        return float(np.var(rows))

    coarse = max(np.arange(-max_angle, max_angle + 0.01, 0.5), key=sharpness)
    fine = max(np.arange(coarse - 0.5, coarse + 0.51, 0.1), key=sharpness)
    return round(float(fine), 2)


def prepare_image(image: Image.Image, settings: OcrSettings) -> tuple[Image.Image, float]:
    if settings.remove_red:
        image = remove_red(image)
    gray = image.convert("L")
    angle = estimate_skew(gray) if settings.deskew else 0.0
    if abs(angle) >= 0.2:
        gray = gray.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    return gray, angle


def recognise(image: Image.Image, settings: OcrSettings, scale: float) -> list[Word]:
    """Tesseract words with boxes converted from pixels to PDF points."""
    data = pytesseract.image_to_data(
        image,
        lang=settings.language,
        config=f"--psm {settings.page_segmentation_mode}",
        output_type=pytesseract.Output.DICT,
        timeout=TESSERACT_TIMEOUT_SECONDS,
    )
    words: list[Word] = []
    for text, conf, left, top, width, height in zip(
        data["text"], data["conf"], data["left"], data["top"], data["width"], data["height"], strict=True
    ):
        confidence = float(conf)
        if not text.strip() or confidence < 0:
            continue
        words.append(
            Word(
                text=nfc(text.strip()),
                x0=round(left / scale, 2),
                top=round(top / scale, 2),
                x1=round((left + width) / scale, 2),
                bottom=round((top + height) / scale, 2),
                confidence=round(confidence, 1),
            )
        )
    return words


def ocr_image(
    image: Image.Image, page_number: int, scale: float, width: float, height: float, settings: OcrSettings, reason: str
) -> Page:
    prepared, angle = prepare_image(image, settings)
    words = recognise(prepared, settings, scale)
    text, placed = assemble_text(words)
    confidences = [w.confidence for w in words if w.confidence is not None]
    mean_confidence = round(sum(confidences) / len(confidences), 1) if confidences else 0.0
    deskew_note = f", deskewed {angle:+.1f}°" if abs(angle) >= 0.2 else ""
    return Page(
        page=page_number,
        method="ocr",
        confidence=mean_confidence,
        text=text,
        width=width,
        height=height,
        words=placed,
        reason=f"{reason}; OCR {settings.language} at {round(scale * 72)} dpi{deskew_note}",
    )


def ocr_page(pdf_path: str, page_index: int, settings: OcrSettings, reason: str) -> Page:
    """Worker entry point: OCR page `page_index` (0-based) of the PDF at `pdf_path`."""
    limit_tesseract_threads()
    image, scale, width, height = render_page(pdf_path, page_index, settings.dpi)
    return ocr_image(image, page_index + 1, scale, width, height, settings, reason)
