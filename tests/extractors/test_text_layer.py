"""The text layer judged per glyph, on real PDFs whose font map (ToUnicode) was damaged on purpose:
a letter mapped to nothing, or to a look-alike code point."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from core.models import Page
from extractors.pipeline import ExtractionOptions, extract_file
from extractors.text_layer import read_text_layer
from samples.generator.broken_layers import to_unicode_cmap
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


def test_a_font_that_maps_capital_h_to_a_space_is_not_trusted() -> None:
    """The layer has a blank where the page draws "H": "C ÍN  P Ủ". A page of prose has too few
    capitals for their share to tell, and every piece is syllable-shaped; the ink in the blank's box
    tells."""
    page, usable = _read(_remap(_page_pdf(), {b"<48> <0048>": b"<48> <0020>"}))
    assert "C ÍN" in page.text
    assert not usable
    assert page.reason.startswith("text layer lacks letters the page shows")
    assert "drawn letters map to a blank" in page.reason


def test_real_spaces_have_no_ink_and_leave_the_layer_trusted() -> None:
    page, usable = _read(_page_pdf())
    assert usable and "blank" not in page.reason
    assert page.text.count(" ") > 100  # the page has spaces, drawn by the font as spaces


MATH_FONT = "GlyphTestMath"


def _utf16_to_unicode_cmap(font_name: str, subset: list[int]) -> str:
    """A sound ToUnicode map as Word writes it (see `to_unicode_cmap`)."""
    return to_unicode_cmap(font_name, [chr(point) for point in subset])


def test_words_after_a_mathematical_letter_keep_their_own_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    """pdfium counts "𝑇" (beyond the BMP) as two characters and boxes both: the words after it
    must not take their neighbour's box."""
    monkeypatch.setattr(ttfonts, "makeToUnicodeCMap", _utf16_to_unicode_cmap)
    if MATH_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(MATH_FONT, "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setFont(MATH_FONT, 12)
    line = "𝑇𝑛 = 𝑉𝐴𝑛 × 100 là tốc độ phát triển của khu vực kinh tế tư nhân trong kỳ báo cáo"
    pdf.drawString(40, 700, line)
    for row in range(1, 10):
        pdf.drawString(40, 700 - 16 * row, "Căn cứ Nghị quyết số 76/NQ-CP ngày 15 tháng 7 năm 2021 của Chính phủ")
    pdf.showPage()
    pdf.save()
    page, _ = _read(buffer.getvalue())
    words = {word.text: word for word in page.words if word.top < 842 - 690}
    drawn_at = 40 + pdfmetrics.stringWidth(line[: line.index("phát")], MATH_FONT, 12)
    assert abs(words["phát"].x0 - drawn_at) < 1.0
    assert words["phát"].x1 - words["phát"].x0 == pytest.approx(pdfmetrics.stringWidth("phát", MATH_FONT, 12), abs=1.5)
    assert "cáo" in words  # the line's last word is there, boxed


def _glyph_codes_for_bold(font_name: str, subset: list[int]) -> str:
    """A bold face's map giving each glyph a letter by its code (a map of glyph ids); others sound."""
    if "Bold" not in font_name:
        return _utf16_to_unicode_cmap(font_name, subset)
    return to_unicode_cmap(font_name, [chr(0x41 + code % 26) for code in range(len(subset))])


BOLD = "GlyphTestSerifBold"
HEADER = ("SỞ NỘI VỤ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "KẾ HOẠCH")


def _header_and_body(pdf: canvas.Canvas, header_font: str) -> None:
    """A first page: the header and title in `header_font`, then the body of PAGE in FONT."""
    for name, file_name in ((BOLD, "DejaVuSerif-Bold.ttf"), (FONT, FONT_PATH.name)):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(FONT_PATH.with_name(file_name))))
    y = 800.0
    pdf.setFont(header_font, 12)
    for line in HEADER:
        pdf.drawString(40, y, line)
        y -= 16
    pdf.setFont(FONT, 10)
    for line in textwrap.wrap(" ".join(PAGE.splitlines()[4:]), 95):
        pdf.drawString(40, y, line)
        y -= 14
    pdf.showPage()


def test_one_font_whose_text_is_glyph_codes_is_not_hidden_by_the_sound_body(monkeypatch: pytest.MonkeyPatch) -> None:
    """The header and titles in a bold face with a broken map, the body in a sound regular face:
    the page's shares look fine; the bold face's own text is not Vietnamese."""
    monkeypatch.setattr(ttfonts, "makeToUnicodeCMap", _glyph_codes_for_bold)

    def page(header_font: str) -> tuple[Page, bool]:
        buffer = io.BytesIO()
        pdf = canvas.Canvas(buffer, pagesize=A4)
        _header_and_body(pdf, header_font)
        pdf.save()
        return _read(buffer.getvalue())

    broken, usable = page(BOLD)
    assert "HÒA" not in broken.text and "Căn cứ" in broken.text
    assert not usable
    assert "is not Vietnamese: a broken font map" in broken.reason and "DejaVuSerif-Bold" in broken.reason
    sound, usable = page(FONT)  # the same page, its header in the sound face
    assert usable and "CỘNG HÒA" in sound.text


def test_a_face_found_broken_on_one_page_is_distrusted_on_every_page() -> None:
    from extractors.pipeline import _distrust_broken_faces

    kept = [Page(page=n, method="text", text="…", reason="text layer ok") for n in (1, 2, 3)]
    decisions: list[Page | str] = ["the text of font(s) Serif-Bold is not Vietnamese: a broken font map", *kept[1:]]
    faces = {2: ("Serif", "Serif-Bold"), 3: ("Serif",)}
    _distrust_broken_faces(decisions, lambda page: faces[page.page], {"Serif-Bold": 1})
    assert decisions[1] == "the text of font(s) Serif-Bold is not Vietnamese (page 1): a broken font map"
    assert decisions[2] is kept[2]  # set in the sound face only
    _distrust_broken_faces(decisions, lambda page: pytest.fail("no face is broken: none is asked for"), {})


@pytest.mark.tesseract
def test_a_signer_page_in_a_broken_face_is_ocred_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Page 1 sets enough words in the broken bold face to tell; page 2 only the signer's lines."""
    monkeypatch.setattr(ttfonts, "makeToUnicodeCMap", _glyph_codes_for_bold)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    _header_and_body(pdf, BOLD)
    pdf.setFont(FONT, 12)
    pdf.drawString(40, 800, "Nơi nhận: - Như trên; - Lưu: VT.")
    y = 780.0
    for line in textwrap.wrap(" ".join(PAGE.splitlines()[4:9]), 95):
        pdf.drawString(40, y, line)
        y -= 14
    pdf.setFont(BOLD, 13)
    pdf.drawString(330, y - 20, "GIÁM ĐỐC")
    pdf.drawString(330, y - 90, "Ngô Công Long")
    pdf.showPage()
    pdf.save()
    path = tmp_path / "bold-broken.pdf"
    path.write_bytes(buffer.getvalue())
    record = extract_file(path, ExtractionOptions(tag=False, workers=1))
    assert [page.method for page in record.pages] == ["ocr", "ocr"]
    assert "(page 1): a broken font map" in record.pages[1].reason
    assert "Ngô Công Long" in record.pages[1].text
