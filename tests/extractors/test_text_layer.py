"""The text layer judged per glyph, on real PDFs whose font map (ToUnicode) was damaged on purpose:
a letter mapped to nothing, or to a look-alike code point."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from core.models import Page
from extractors.pipeline import ExtractionOptions, extract_file
from extractors.text_layer import read_text_layer
from tests.extractors.test_text_quality import PAGE
from tests.pdf_builders import FONT_PATH

FONT = "GlyphTestSerif"


def _page_pdf() -> bytes:
    """PAGE set in a subset TrueType font with an uncompressed ToUnicode map (one entry per glyph)."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_PATH)))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=0)
    pdf.setFont(FONT, 10)
    y = 800.0
    for paragraph in PAGE.splitlines():
        for line in textwrap.wrap(paragraph, 95):
            pdf.drawString(40, y, line)
            y -= 14
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _remap(data: bytes, changes: dict[bytes, bytes]) -> bytes:
    """Change targets of the font's ToUnicode entries ("<0048>" → "<0000>"); same length, so the
    file's cross-reference offsets stay right."""
    for old, new in changes.items():
        assert len(old) == len(new) and old in data, old
        data = data.replace(old, new)
    return data


def _read(data: bytes) -> tuple[Page, bool]:
    document = pdfium.PdfDocument(data)
    try:
        page, quality = read_text_layer(document[0], 1)
    finally:
        document.close()
    return page, quality.usable


def test_the_undamaged_page_is_read_as_is() -> None:
    page, usable = _read(_page_pdf())
    assert usable and page.method == "text" and page.reason.startswith("text layer ok")
    assert "CHÍNH PHỦ" in page.text and "nước" in page.text


def test_a_font_that_maps_h_to_nothing_is_not_trusted() -> None:
    both = {b"<48> <0048>": b"<48> <0000>", b"<68> <0068>": b"<68> <0000>"}
    for changes in (both, {b"<48> <0048>": b"<48> <0000>"}):  # also "H" alone: too few capitals to count
        page, usable = _read(_remap(_page_pdf(), changes))
        assert "C ÍN" in page.text  # what the layer says for "CHÍNH"
        assert not usable
        assert page.reason.startswith("text layer lacks letters the page shows")
        assert "glyphs inside words map to no character" in page.reason


def test_u_horn_lookalikes_are_mapped_back() -> None:
    data = _page_pdf()
    page, usable = _read(_remap(data, {b"<01B0>": b"<01A3>", b"<01AF>": b"<01A2>"}))  # ư → ƣ, Ư → Ƣ
    assert usable and page.method == "converted"
    assert page.reason.startswith("look-alike code points mapped (ƣ→ư ×")
    assert "Ƣ→Ư" in page.reason and "text layer ok" in page.reason
    assert "nước" in page.text and "ƣ" not in page.text
    assert page.text == _read(data)[0].text
    assert all("ƣ" not in word.text for word in page.words)


@pytest.mark.tesseract
def test_a_page_whose_font_lost_a_letter_is_ocred(tmp_path: Path) -> None:
    path = tmp_path / "h-less.pdf"
    path.write_bytes(_remap(_page_pdf(), {b"<48> <0048>": b"<48> <0000>", b"<68> <0068>": b"<68> <0000>"}))
    record = extract_file(path, ExtractionOptions(tag=False, workers=1))
    page = record.pages[0]
    assert page.method == "ocr" and page.reason.startswith("text layer lacks letters the page shows")
    assert "CHÍNH PHỦ" in page.text
