"""Blank fields are review items: a null NĐ30 field of a document in the NĐ30 form is listed in
`needs_review`, with the best evidence found in `field_sources` — on born-digital files as on scans."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from core.models import Page
from extractors.fields import parse_fields
from extractors.pipeline import ExtractionOptions, extract_file
from samples.signing import make_test_pki, sign_pdf
from tests.extractors.nd30_pages import page_from_rows
from tests.pdf_builders import FONT_PATH

SIGNED_AT = dt.datetime(2024, 3, 18, 16, 40, tzinfo=dt.timezone(dt.timedelta(hours=7)))


def _blank_header_pdf() -> bytes:
    """A born-digital plan whose number and day/month were left blank for the clerk to fill."""
    left, right = 60.0, 320.0
    rows = [
        (left, 780, "ỦY BAN NHÂN DÂN TỈNH LÀO CAI"),
        (right, 780, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        (left + 40, 764, "SỞ NỘI VỤ"),
        (right + 40, 764, "Độc lập - Tự do - Hạnh phúc"),
        (left + 20, 740, "Số:"),
        (right + 20, 740, "Lào Cai, ngày        tháng        năm 2024"),
        (250, 700, "KẾ HOẠCH"),
        (180, 684, "Cải cách hành chính năm 2024"),
        (60, 650, "Căn cứ Nghị quyết số 76/NQ-CP ngày 15 tháng 7 năm 2021 của Chính phủ;"),
        (60, 634, "Sở Nội vụ ban hành Kế hoạch cải cách hành chính năm 2024 như sau:"),
    ]
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdfmetrics.registerFont(TTFont("BlankFieldsSerif", str(FONT_PATH)))
    pdf.setFont("BlankFieldsSerif", 11)
    for x, y, text in rows:
        pdf.drawString(x, y, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_born_digital_blank_number_and_date_are_review_items(tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(_blank_header_pdf())
    record = extract_file(path, ExtractionOptions(tag=False, workers=1))
    assert record.error is None and record.pages[0].method == "text"
    assert (record.number, record.issue_date) == (None, None)
    assert {"number", "issue_date"} <= set(record.needs_review)
    assert record.issuer == "Sở Nội vụ" and "issuer" not in record.needs_review


def test_a_signed_born_digital_file_offers_the_signing_day_for_its_blank_date(tmp_path: Path) -> None:
    pki = make_test_pki("Kiểm thử ô trống")
    path = tmp_path / "signed.pdf"
    path.write_bytes(sign_pdf(_blank_header_pdf(), pki.signer, pki, signing_time=SIGNED_AT))
    record = extract_file(path, ExtractionOptions(tag=False, workers=1))
    assert record.signature.status == "untrusted"  # no trust root configured in this test
    assert record.issue_date == dt.date(2024, 3, 18)
    assert "issue_date" in record.needs_review and "number" in record.needs_review
    assert record.field_sources["issue_date"].startswith("signing time of the PDF signature")


def test_every_null_field_of_an_nd30_document_is_listed() -> None:
    # the header alone: number line without a symbol, no date line, no title or subject
    rows = [
        (60, 50, "SỞ NỘI VỤ"),
        (300, 50, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        (60, 90, "Số:   "),
        (60, 300, "Nội dung văn bản được trình bày ở đây và tiếp tục ở trang sau."),
    ]
    fields = parse_fields([page_from_rows(rows)])
    assert fields.number is None and fields.issue_date is None and fields.subject is None
    assert {"number", "place", "issue_date", "subject", "doc_type"} <= set(fields.needs_review)


def test_a_document_without_the_nd30_form_is_not_asked_for_what_it_does_not_have() -> None:
    lines = [
        "Danh sách các đơn vị đóng góp Quỹ đền ơn đáp nghĩa năm 2011",
        "Phòng Nội vụ: 2.000.000 đồng; Phòng Tài chính: 1.500.000 đồng; Văn phòng: 3.000.000 đồng",
    ]
    fields = parse_fields([Page(page=1, method="text", text="\n".join(lines))])
    assert fields.number is None and fields.needs_review == []
    # nothing at all on page 1 (OCR failed): nothing is known, so everything is to be checked
    empty = parse_fields([Page(page=1, method="ocr", text="")])
    assert empty.needs_review == ["doc_type", "number", "issuer", "place", "issue_date", "subject", "signer"]


def test_a_date_line_whose_place_is_lost_puts_place_under_review() -> None:
    # OCR lost the place before "ngày" (a stamp, a fold): the place is an NĐ30 field like the others
    rows = [
        (60, 50, "SỞ NỘI VỤ"),
        (300, 50, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        (60, 90, "Số: 12/KH-SNV"),
        (330, 90, "ngày 14 tháng 5 năm 2024"),
        (250, 130, "KẾ HOẠCH"),
        (200, 146, "Cải cách hành chính năm 2024"),
    ]
    fields = parse_fields([page_from_rows(rows)])
    assert fields.issue_date == dt.date(2024, 5, 14) and fields.place is None
    assert "place" in fields.needs_review


def test_an_ocr_first_page_too_poor_to_show_its_form_lists_every_blank_field() -> None:
    """A scan read as nonsense (a fax, a page too dark to read) cannot show whether it is in the NĐ30
    form: its blank fields go to a person, not silently away."""
    rows = [(60.0, 80.0 + 16 * i, "2onu eựư ÁT ưenb 8uox ưeÁnb Án de2 ưẹud ạaA quịp Ánb 3ưnp uậr") for i in range(4)]
    fields = parse_fields([page_from_rows(rows, method="ocr")])
    assert {"doc_type", "number", "issuer", "issue_date", "subject"} <= set(fields.needs_review)
    prose = [(60.0, 80.0 + 16 * i, "Danh sách các đơn vị được cấp kinh phí hỗ trợ trong năm nay") for i in range(4)]
    assert parse_fields([page_from_rows(prose, method="ocr")]).needs_review == []  # readable, not in the form


def test_an_ocr_first_page_read_as_next_to_nothing_lists_every_blank_field() -> None:
    """A scan OCR did not read (a photo pasted into Word that Tesseract took for one image) leaves
    only a typed caption: like an empty page, nothing is known, so every blank field is to be checked."""
    caption = parse_fields([page_from_rows([(60.0, 700.0, "Scan_0549_1.jpg")], method="ocr")])
    assert {"doc_type", "number", "issuer", "issue_date", "subject", "signer"} <= set(caption.needs_review)
    typed = parse_fields([page_from_rows([(60.0, 700.0, "Scan_0549_1.jpg")], method="text")])
    assert typed.needs_review == []  # a typed page says what it says
