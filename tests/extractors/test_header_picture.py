"""A first page whose header is a picture over a typed body is OCRed: its fields are in the picture."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from PIL import Image

from extractors.header_picture import header_is_a_picture
from extractors.pipeline import ExtractionOptions, extract_file
from extractors.text_layer import read_text_layer

SAMPLE = Path(__file__).parents[2] / "samples" / "001-kh-cchc-digital.pdf"
OPTIONS = ExtractionOptions(tag=False, workers=1)
FIELDS = ("doc_type", "number", "issuer", "place", "issue_date", "subject")


def _with_picture(out: Path, share: float, *, keep_text: bool, size: tuple[float, float] | None = None) -> Path:
    """The sample with a picture over the top `share` of page 1 (its own rendering there); the text
    under it removed unless `keep_text` (then the picture is a background under the words)."""
    rendering = pdfium.PdfDocument(SAMPLE)
    picture = rendering[0].render(scale=200 / 72).to_pil().convert("RGB")
    rendering.close()
    document = pdfium.PdfDocument(SAMPLE)
    page = document[0]
    width, height = page.get_size()
    if not keep_text:
        for item in list(page.get_objects(max_depth=1)):
            if item.type == pdfium_c.FPDF_PAGEOBJ_TEXT and item.get_pos()[1] > height * (1 - share):
                page.remove_obj(item)
    drawn_width, drawn_height = size or (width, height * share)
    crop = picture.crop((0, 0, picture.width, round(picture.height * share)))
    image = pdfium.PdfImage.new(document)
    bitmap = pdfium.PdfBitmap.from_pil(crop if size is None else Image.new("RGB", (60, 60), "navy"))
    image.set_bitmap(bitmap)
    image.set_matrix(pdfium.PdfMatrix(a=drawn_width, d=drawn_height, e=0, f=height - drawn_height))
    page.insert_obj(image)
    page.gen_content()
    document.save(str(out))
    document.close()
    return out


def _first_page_pictured(path: Path) -> bool:
    document = pdfium.PdfDocument(path)
    try:
        page, _quality = read_text_layer(document[0], 1)
        return header_is_a_picture(document[0], page)
    finally:
        document.close()


def test_a_logo_or_a_background_under_the_typed_header_is_no_pictured_header(tmp_path: Path) -> None:
    assert not _first_page_pictured(SAMPLE)
    assert not _first_page_pictured(_with_picture(tmp_path / "logo.pdf", 0.28, keep_text=True, size=(60, 60)))
    assert not _first_page_pictured(_with_picture(tmp_path / "background.pdf", 0.28, keep_text=True))
    assert _first_page_pictured(_with_picture(tmp_path / "pictured.pdf", 0.28, keep_text=False))


def _shown_turned(path: Path, rotate: int) -> Path:
    document = pdfium.PdfDocument(path)
    document[0].set_rotation(rotate)
    out = path.with_name(f"{path.stem}-rotate{rotate}.pdf")
    document.save(str(out))
    document.close()
    return out


@pytest.mark.parametrize("rotate", [90, 270])
def test_a_page_the_pdf_shows_turned_is_judged_in_the_frame_its_words_are_read_in(tmp_path: Path, rotate: int) -> None:
    """/Rotate turns how the page is shown, not where its pictures and words are on it."""
    pictured = _with_picture(tmp_path / "pictured.pdf", 0.28, keep_text=False)
    background = _with_picture(tmp_path / "background.pdf", 0.28, keep_text=True)
    assert _first_page_pictured(_shown_turned(pictured, rotate))
    assert not _first_page_pictured(_shown_turned(background, rotate))


@pytest.mark.tesseract
def test_a_header_pasted_as_a_picture_is_read_by_ocr(tmp_path: Path) -> None:
    digital = extract_file(SAMPLE, OPTIONS)
    record = extract_file(_with_picture(tmp_path / "pictured.pdf", 0.28, keep_text=False), OPTIONS)
    first = record.pages[0]
    assert first.method == "ocr" and first.reason.startswith("the header is a picture over a typed body")
    for name in FIELDS:
        assert getattr(record, name) == getattr(digital, name), name


@pytest.mark.tesseract
def test_a_word_file_whose_letterhead_is_a_picture_is_read_by_ocr(tmp_path: Path) -> None:
    import io

    from docx import Document
    from docx.shared import Cm

    rendering = pdfium.PdfDocument(SAMPLE)
    picture = rendering[0].render(scale=200 / 72).to_pil().convert("RGB")
    rendering.close()
    header = io.BytesIO()
    picture.crop((0, 0, picture.width, round(picture.height * 0.28))).save(header, "PNG")
    header.seek(0)
    word = Document()
    section = word.sections[0]
    section.left_margin = section.right_margin = section.top_margin = Cm(0.5)
    word.add_picture(header, width=section.page_width - section.left_margin - section.right_margin)
    for text in (
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
        "Ủy ban nhân dân huyện ban hành Kế hoạch cải cách hành chính như sau:",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Tiếp tục đẩy mạnh cải cách hành chính, nâng cao chất lượng phục vụ người dân và doanh nghiệp.",
    ):
        word.add_paragraph(text)
    path = tmp_path / "plan.docx"
    word.save(str(path))
    digital = extract_file(SAMPLE, OPTIONS)
    record = extract_file(path, OPTIONS)
    assert record.error is None and record.pages[0].method == "ocr"
    for name in ("doc_type", "number", "issuer", "issue_date"):
        assert getattr(record, name) == getattr(digital, name), name
