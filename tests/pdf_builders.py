"""Small real PDFs for tests: born-digital Vietnamese text, its scan, a stale OCR layer, a legacy font.

The sample generator (samples/generator) makes realistic full documents; these builders make the
smallest file that shows one property, so a failing test points at one cause.
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageFilter
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT_PATH = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
FONT = "TestSerif"

PLAN_LINES = [
    "ỦY BAN NHÂN DÂN QUẬN 3",
    "Số: 297/KH-UBND",
    "Quận 3, ngày 08 tháng 01 năm 2024",
    "KẾ HOẠCH",
    "Cải cách hành chính năm 2024",
    "Căn cứ Quyết định số 4000/QĐ-UBND ngày 24 tháng 11 năm 2021 của Ủy ban nhân dân",
    "Thành phố về phê duyệt Đề án xác định Chỉ số cải cách hành chính của sở, ban, ngành;",
    "Ủy ban nhân dân Quận 3 ban hành Kế hoạch cải cách hành chính năm 2024 như sau:",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Nâng cao chất lượng thực hiện nhiệm vụ cải cách hành chính trên địa bàn quận.",
    "2. Tăng cường kiểm tra việc giải quyết thủ tục hành chính cho người dân, doanh nghiệp.",
]


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_PATH)))
    return FONT


def born_digital_pdf(lines: list[str] | None = None, pages: int = 1) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for page in range(pages):
        pdf.setFont(_font(), 12)
        y = 790.0
        for line in lines or PLAN_LINES:
            pdf.drawString(60, y, line if page == 0 else f"{line} (trang {page + 1})")
            y -= 22
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def render_pages(pdf_bytes: bytes, dpi: int = 200) -> list[Image.Image]:
    document = pdfium.PdfDocument(pdf_bytes)
    images = [page.render(scale=dpi / 72).to_pil().convert("RGB") for page in document]
    document.close()
    return images


def scanned_pdf(
    pdf_bytes: bytes,
    dpi: int = 200,
    angle: float = 1.2,
    stale_layer: str | None = None,
    layer_font: str = "Helvetica",
    layer_render_mode: int = 3,
    layer_under_scan: bool = False,
) -> bytes:
    """Rasterise every page (slightly rotated, blurred, JPEG) into an image-only PDF.

    With `stale_layer`, an invisible text layer with that text is laid over each image, as a
    scanner's built-in OCR does (in `layer_font`: "unicode" for a font with Vietnamese letters);
    `layer_render_mode` 0 draws it visible instead (typed text over a full-page background picture);
    `layer_under_scan` draws it visible but before the image, hidden under it (ABBYY FineReader's
    "text under the page image").
    """
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    width, height = A4
    for image in render_pages(pdf_bytes, dpi):
        scan = image.rotate(angle, fillcolor="white", expand=False).filter(ImageFilter.GaussianBlur(0.6))
        jpeg = io.BytesIO()
        scan.save(jpeg, "JPEG", quality=70)
        jpeg.seek(0)
        from reportlab.lib.utils import ImageReader

        if stale_layer and layer_under_scan:
            _draw_layer(pdf, stale_layer, layer_font, 0)
        pdf.drawImage(ImageReader(jpeg), 0, 0, width, height)
        if stale_layer and not layer_under_scan:
            _draw_layer(pdf, stale_layer, layer_font, layer_render_mode)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def turned_scan_pdf(pdf_bytes: bytes, turn: int, dpi: int = 200) -> bytes:
    """An image-only PDF of the pages turned clockwise by `turn` degrees, blurred and JPEG'd as a
    scanner's pages are: pages fed sideways or upside down (the page size turned with them)."""
    images = [
        image.convert("L").rotate(-turn, expand=True).filter(ImageFilter.GaussianBlur(0.6))
        for image in render_pages(pdf_bytes, dpi)
    ]
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return buffer.getvalue()


def _draw_layer(pdf: canvas.Canvas, layer: str, font: str, render_mode: int) -> None:
    text = pdf.beginText(60, 790)
    text.setTextRenderMode(render_mode)  # 3: invisible, like a scanner's OCR layer
    text.setFont(_font() if font == "unicode" else font, 12)
    for line in layer.splitlines():
        text.textLine(line)
    pdf.drawText(text)


def mixed_pdf(digital_page: bytes, scanned_page: bytes) -> bytes:
    """Page 1 born-digital, page 2 scanned."""
    merged = pdfium.PdfDocument.new()
    for source in (digital_page, scanned_page):
        document = pdfium.PdfDocument(source)
        merged.import_pages(document, [0])
    out = io.BytesIO()
    merged.save(out)
    return out.getvalue()


def latin1_text_pdf(lines: list[str]) -> bytes:
    """Text drawn with a standard Latin-1 font: how a TCVN3/VNI document's text layer extracts."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setFont("Times-Roman", 12)
    y = 790.0
    for line in lines:
        pdf.drawString(60, y, line)
        y -= 22
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
