"""Turn born-digital pages into what a scanner makes of printed, signed, stamped paper.

rasterise (pypdfium2) → ink (in `variants`) → paper tone, contrast drop, noise, blur → skew ±1.5°
→ JPEG → an image-only PDF page (reportlab), optionally carrying invisible or vector text.
Every random choice comes from the generator's seeded RNGs, so the bytes are reproducible.
"""

from __future__ import annotations

import hashlib
import io
import math
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from samples.generator.fonts import typeface
from samples.generator.layout import binary_streams
from samples.generator.locate import Box


@dataclass(frozen=True)
class ScanSettings:
    dpi: int
    angle: float  # degrees, counter-clockwise
    contrast: float  # 1 = as printed; lower = greyer ink
    noise: float  # std-dev of sensor noise, grey levels
    blur: float  # Gaussian radius in pixels
    quality: int  # JPEG quality
    tint: tuple[float, float, float]  # paper colour as a multiplier
    shift: tuple[int, int]  # paper offset on the glass, pixels


def random_settings(rng: random.Random, dpi: int | None = None) -> ScanSettings:
    return ScanSettings(
        dpi=dpi or rng.choice((200, 200, 240)),
        angle=round(rng.uniform(-1.5, 1.5), 2),
        contrast=rng.uniform(0.72, 0.9),
        noise=rng.uniform(3.0, 7.0),
        blur=rng.uniform(0.3, 0.7),
        quality=rng.randint(40, 60),
        tint=_paper(rng),
        shift=(rng.randint(-12, 12), rng.randint(-12, 12)),
    )


def _paper(rng: random.Random) -> tuple[float, float, float]:
    """Paper is white to warm (cream): red ≥ green ≥ blue, never pink or green."""
    red = rng.uniform(0.95, 1.0)
    green = red * rng.uniform(0.975, 1.0)
    return red, green, green * rng.uniform(0.92, 0.99)


def rasterise(pdf_bytes: bytes, dpi: int) -> list[Image.Image]:
    pdf = pdfium.PdfDocument(pdf_bytes)
    try:
        return [page.render(scale=dpi / 72).to_pil().convert("RGB") for page in pdf]
    finally:
        pdf.close()


def degrade(image: Image.Image, settings: ScanSettings, rng: random.Random) -> Image.Image:
    """What the glass, the lamp and the sensor do to a page (lookup tables and int16: fast)."""
    noise_rng = np.random.default_rng(rng.randint(0, 2**31))
    luts: list[int] = []
    for tint in settings.tint:  # greyer ink, tinted paper
        luts += [min(255, int((255 - (255 - v) * settings.contrast) * tint)) for v in range(256)]
    page = image.point(luts)
    height, width = page.height, page.width
    lamp = np.linspace(0.0, -rng.uniform(4.0, 14.0), height, dtype=np.float32)[:, None]  # uneven lamp
    grain = noise_rng.standard_normal((height, width), dtype=np.float32) * settings.noise + lamp
    pixels = np.asarray(page, dtype=np.int16) + grain.astype(np.int16)[..., None]
    page = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    if settings.blur > 0.5:
        page = page.filter(ImageFilter.SMOOTH)
    paper = tuple(int(255 * t * 0.97) for t in settings.tint)
    # bilinear resampling softens edges the way a scanner's optics do
    return page.rotate(
        settings.angle,
        resample=Image.Resampling.BILINEAR,
        translate=settings.shift,
        fillcolor=paper,
    )


def to_jpeg(image: Image.Image, quality: int) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, subsampling=2, optimize=False)
    return buffer.getvalue()


def rotate_point(x: float, y: float, settings: ScanSettings, width: float, height: float) -> tuple[float, float]:
    """Where a point of the unrotated page (pixels) ends up on the skewed scan."""
    cx, cy = width / 2, height / 2
    a = math.radians(settings.angle)
    dx, dy = x - cx, y - cy
    return (
        cx + dx * math.cos(a) + dy * math.sin(a) + settings.shift[0],
        cy - dx * math.sin(a) + dy * math.cos(a) + settings.shift[1],
    )


@dataclass
class HiddenWord:
    """A word of an invisible text layer, box in points (origin top-left)."""

    text: str
    box: Box


@dataclass
class ScannedPage:
    jpeg: bytes
    hidden_words: list[HiddenWord] = field(default_factory=list)
    overlay: Callable[[Canvas], None] | None = None  # vector text drawn over the image


def image_pdf(pages: list[ScannedPage]) -> bytes:
    """An A4 PDF whose pages are the scans, with invisible OCR words or vector stamps if given."""
    with binary_streams():
        return _image_pdf(pages)


def _image_pdf(pages: list[ScannedPage]) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1)
    canvas.setTitle("")
    width, height = A4
    face = typeface("DejaVuSans")
    for page in pages:
        canvas.drawImage(ImageReader(io.BytesIO(page.jpeg)), 0, 0, width=width, height=height)
        for word in page.hidden_words:
            size = max(4.0, (word.box.bottom - word.box.top) * 0.85)
            text = canvas.beginText()
            text.setTextRenderMode(3)  # invisible, as scanners' OCR layers are
            text.setFont(face.regular, size)
            natural = canvas.stringWidth(word.text, face.regular, size)
            if natural > 0:
                text.setHorizScale(100.0 * (word.box.x1 - word.box.x0) / natural)
            text.setTextOrigin(word.box.x0, height - word.box.bottom + size * 0.2)
            text.textOut(word.text)
            canvas.drawText(text)
        if page.overlay:
            page.overlay(canvas)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def merge(digital: bytes, scanned: bytes, scanned_pages: list[int]) -> bytes:
    """The digital document with the listed 1-based pages replaced by the scanned PDF's pages, in order.

    Edits the digital document in place rather than a new one: a new pdfium document gets the
    current time and a random file id, and the output would not be reproducible.
    """
    document = pdfium.PdfDocument(digital)
    scans = pdfium.PdfDocument(scanned)
    try:
        for k, page_number in enumerate(sorted(scanned_pages)):
            document.del_page(page_number - 1)
            document.import_pages(scans, [k], index=page_number - 1)
        buffer = io.BytesIO()
        document.save(buffer)
        return stable_file_id(buffer.getvalue())
    finally:
        scans.close()
        document.close()


_FILE_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")


def stable_file_id(data: bytes) -> bytes:
    """pdfium writes a random second file id on save: derive both from the content instead.

    The ids keep their length, so the cross-reference offsets stay valid.
    """
    matches = list(_FILE_ID.finditer(data))
    if not matches:
        return data
    last = matches[-1]
    blank = data[: last.start()] + data[last.end() :]
    digest = hashlib.md5(blank, usedforsecurity=False).hexdigest().upper().encode()
    first = digest[: len(last.group(1))].ljust(len(last.group(1)), b"0")
    second = digest[: len(last.group(2))].ljust(len(last.group(2)), b"0")
    replacement = last.group(0).replace(last.group(1), first, 1).replace(last.group(2), second, 1)
    return data[: last.start()] + replacement + data[last.end() :]
