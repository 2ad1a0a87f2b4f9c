"""Banners printed over a republished document (gazette running headers, portal names, watermarks)
are dropped before the fields are read."""

import datetime as dt

import pytest

from core.models import Page
from extractors import stamps
from extractors.fields import parse_fields
from extractors.stamps import is_banner_text, without_banners
from tests.extractors.nd30_pages import header_rows, page_from_rows


@pytest.mark.parametrize(
    ("text", "at_edge"),
    [
        ("CÔNG BÁO/Số 851 + 852/Ngày 01-7-2025", False),
        ("48 CÔNG BÁO/Số 687 + 688/Ngày 02-8-2021", False),
        ("CÔNG BÁO/Số 242/Ngày 22-04-2026 69", False),
        ("CÔNG BÁO TỈNH LÀO CAI/Số 12/Ngày 3-2-2024", False),
        ("CÔNG BÁO", True),
        ("Số 851 + 852/Ngày 01-7-2025", True),
        ("CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ", True),
        ("Cơ sở dữ liệu quốc gia về văn bản pháp luật", True),
        ("vanban.chinhphu.vn", True),
        ("www.thuvienphapluat.vn", False),
    ],
)
def test_banners_are_recognised(text: str, at_edge: bool) -> None:
    assert is_banner_text(text, at_edge=at_edge)


@pytest.mark.parametrize(
    ("text", "at_edge"),
    [
        ("Số: 12/QĐ-UBND", True),
        ("Hà Nội, ngày 01 tháng 7 năm 2025", True),
        ("- Cổng thông tin điện tử tỉnh;", True),  # a recipient, not a banner
        ("Cổng thông tin điện tử của tỉnh đăng tải kết quả", False),  # body text
        ("Số 851 + 852/Ngày 01-7-2025", False),  # half a running header only counts at the edge
        ("Công báo", True),  # the gazette's name alone, not in capitals: a word of the body
    ],
)
def test_document_text_is_not_a_banner(text: str, at_edge: bool) -> None:
    assert not is_banner_text(text, at_edge=at_edge)


def gazette_reprint() -> Page:
    rows = [
        (60.0, 6.0, "CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ"),
        (85.0, 22.0, "CÔNG BÁO"),
        (380.0, 22.0, "Số 851 + 852/Ngày 01-7-2025"),
        (540.0, 22.0, "17"),
        *header_rows(["BỘ TÀI CHÍNH"], "Hà Nội, ngày 16 tháng 6 năm 2025", "Số: 52/2025/TT-BTC", top=60),
        (270.0, 150.0, "THÔNG TƯ"),
        (180.0, 166.0, "Hướng dẫn quản lý phí, lệ phí"),
        (80.0, 200.0, "Căn cứ Luật Phí và lệ phí ngày 25 tháng 11 năm 2015;"),
        (200.0, 420.0, "thuvienphapluat.vn"),
    ]
    return page_from_rows(rows)


def test_running_header_portal_and_watermark_are_dropped_from_words_and_text() -> None:
    page = without_banners(gazette_reprint())
    texts = {word.text for word in page.words}
    assert not texts & {"CÔNG", "BÁO", "851", "01-7-2025", "CỔNG", "thuvienphapluat.vn", "17"}
    assert "CÔNG BÁO" not in page.text and "thuvienphapluat" not in page.text
    assert "BỘ TÀI CHÍNH" in page.text and "Số: 52/2025/TT-BTC" in page.text


def test_a_text_only_page_loses_its_running_header() -> None:
    page = Page(
        page=2,
        method="text",
        text="CÔNG BÁO/Số 851 + 852/Ngày 01-7-2025    17\nĐiều 3. Hiệu lực thi hành\nThông tư này có hiệu lực.",
    )
    assert without_banners(page).text.splitlines()[1:] == ["Điều 3. Hiệu lực thi hành", "Thông tư này có hiệu lực."]
    assert without_banners(page).text.splitlines()[0].strip() == ""


def test_the_fields_of_a_gazette_reprint_are_the_documents() -> None:
    fields = parse_fields([gazette_reprint()])
    assert (fields.number, fields.issue_date) == ("52/2025/TT-BTC", dt.date(2025, 6, 16))
    assert (fields.issuer, fields.superior) == ("Bộ Tài chính", None)  # the portal's name is no superior
    assert fields.subject == "Hướng dẫn quản lý phí, lệ phí"
    assert "issuer" not in fields.needs_review


def test_a_page_without_banners_is_returned_as_it_is() -> None:
    page = page_from_rows(header_rows(["SỞ TƯ PHÁP"], "Hà Nội, ngày 16 tháng 6 năm 2025", "Số: 1/KH-STP"))
    assert without_banners(page) is page
    assert stamps.without_banners(Page(page=1, method="text", text="")).text == ""


def test_a_running_header_whose_issue_number_ocr_read_as_letters_is_still_a_banner() -> None:
    """On a photographed gazette page OCR read "59" as "s9": the header stayed among the header's lines
    (and its "Ngày 15-01-2022" once passed for the issue date)."""
    assert is_banner_text("CÓNG BÁO/Số s9 + 60/Ngày 15-01-2022", at_edge=True)
    assert not is_banner_text("Số: 59/2021/TT-BTC", at_edge=True)
