"""NĐ30 headers whose columns wrap, as Word templates set them (issue 16): a wide agency column whose
long name runs up to a date line wrapped in its narrow column, and a short title under it."""

import datetime as dt

import pytest

from core.models import Page
from extractors.fields import parse_fields
from extractors.layout import Line, place_date_line, read_header, text_line
from tests.extractors.nd30_pages import page_from_rows, words_at

MOTTO_X = 300.0  # the right column's edge


def wide_agency_column(*, agency_top: float, date_top: float, date_x: float) -> Page:
    """The wrapped date line starts on the row of the agency's last line: the agency name ends a
    word's width before the column edge ("… MÔI TRƯỜNG  Thành phố Hồ Chí Minh, ngày 23"), on a
    baseline a few points off, then "tháng 11 năm 2023" under it beside the number."""
    rows = [
        (120, 50, "ỦY BAN NHÂN DÂN"),
        (MOTTO_X, 50, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        (100, 66, "THÀNH PHỐ HỒ CHÍ MINH"),
        (MOTTO_X + 30, 66, "Độc lập - Tự do - Hạnh phúc"),
        (130, agency_top, "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG"),  # ends at x=292
        (date_x, date_top, "Thành phố Hồ Chí Minh, ngày 23"),
        (130, 102, "Số: 846/QĐ-STNMT"),
        (360, 102, "tháng 11 năm 2023"),
        (270, 130, "QUYẾT ĐỊNH"),
        (110, 146, "Về việc công nhận sáng kiến cải cách hành chính năm 2023"),
        (80, 172, "Căn cứ Nghị định số 13/2012/NĐ-CP ngày 2 tháng 3 năm 2012 của Chính phủ;"),
    ]
    return page_from_rows(rows)


@pytest.mark.parametrize(
    ("agency_top", "date_top", "date_x"),
    [
        (84.0, 84.0, 304.0),  # one baseline, a gap of 1 word height on the column edge
        (82.0, 88.0, 298.0),  # baselines 6 pt apart (half a line: the lines merge), a narrow gap
    ],
)
def test_agency_line_and_wrapped_date_line_on_one_row_are_two_blocks(
    agency_top: float, date_top: float, date_x: float
) -> None:
    page = wide_agency_column(agency_top=agency_top, date_top=date_top, date_x=date_x)
    header = read_header(page)
    assert [line.text for line in header.left] == [
        "ỦY BAN NHÂN DÂN",
        "THÀNH PHỐ HỒ CHÍ MINH",
        "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG",
        "Số: 846/QĐ-STNMT",
    ]
    assert [line.text for line in header.right][-2:] == ["Thành phố Hồ Chí Minh, ngày 23", "tháng 11 năm 2023"]
    fields = parse_fields([page])
    assert (fields.issuer, fields.superior) == ("Sở Tài nguyên và Môi trường", "Ủy ban nhân dân Thành phố Hồ Chí Minh")
    assert (fields.place, fields.issue_date) == ("Thành phố Hồ Chí Minh", dt.date(2023, 11, 23))
    assert fields.subject == "Về việc công nhận sáng kiến cải cách hành chính năm 2023"
    assert not {"issuer", "superior", "issue_date", "subject"} & set(fields.needs_review)


def test_a_centred_title_across_the_column_edge_stays_one_line() -> None:
    rows = [
        (120, 50, "ỦY BAN NHÂN DÂN"),
        (MOTTO_X, 50, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        (130, 66, "Số: 12/QĐ-UBND"),
        (MOTTO_X, 66, "Hà Nội, ngày 5 tháng 1 năm 2024"),
        (200, 100, "QUYẾT ĐỊNH VỀ VIỆC PHÊ DUYỆT KẾ HOẠCH"),  # crosses x=300 with ordinary spaces
    ]
    header = read_header(page_from_rows(rows))
    assert [line.text for line in header.after] == ["QUYẾT ĐỊNH VỀ VIỆC PHÊ DUYỆT KẾ HOẠCH"]


def short_title_under_a_wide_left_column(title: str) -> Page:
    """The date line wrapped before its year ("Quận 3, ngày 12 tháng 3 năm" / "2025"); the title is
    centred on the page, left of the motto's edge but far right of the agency block's centre."""
    rows = [
        (150, 50, "ỦY BAN NHÂN DÂN"),
        (340, 50, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        (180, 66, "QUẬN 3"),
        (360, 66, "Độc lập - Tự do - Hạnh phúc"),
        (150, 90, "Số: 614/KH-UBND"),
        (345, 90, "Quận 3, ngày 12 tháng 3 năm"),
        (420, 106, "2025"),
        (310 - 3 * len(title), 126, title),
        (150, 142, "Rà soát, đơn giản hóa thủ tục hành chính năm 2025"),
        (80, 166, "Căn cứ Nghị định số 63/2010/NĐ-CP ngày 8 tháng 6 năm 2010 của Chính phủ;"),
    ]
    return page_from_rows(rows)


@pytest.mark.parametrize("title", ["KẾ HOẠCH", "BÁO CÁO"])
def test_a_short_title_under_a_wrapped_date_line_is_not_in_the_agency_block(title: str) -> None:
    page = short_title_under_a_wide_left_column(title)
    header = read_header(page)
    assert [line.text for line in header.left] == ["ỦY BAN NHÂN DÂN", "QUẬN 3", "Số: 614/KH-UBND"]
    assert [line.text for line in header.after][:2] == [title, "Rà soát, đơn giản hóa thủ tục hành chính năm 2025"]
    fields = parse_fields([page])
    assert fields.subject == "Rà soát, đơn giản hóa thủ tục hành chính năm 2025"
    assert (fields.place, fields.issue_date) == ("Quận 3", dt.date(2025, 3, 12))


def test_vv_lines_centred_under_the_number_stay_in_the_left_block() -> None:
    rows = [
        (150, 50, "ỦY BAN NHÂN DÂN"),
        (340, 50, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        (180, 66, "QUẬN 3"),
        (360, 66, "Độc lập - Tự do - Hạnh phúc"),
        (150, 90, "Số: 614/UBND-VP"),
        (345, 90, "Quận 3, ngày 12 tháng 3 năm"),
        (130, 106, "V/v rà soát thủ tục hành chính"),
        (420, 106, "2025"),
        (140, 120, "trên địa bàn quận năm 2025"),
        (200, 150, "Kính gửi: Các phòng, ban thuộc quận"),
    ]
    fields = parse_fields([page_from_rows(rows)])
    assert fields.doc_type == "CV"
    assert fields.subject == "rà soát thủ tục hành chính trên địa bàn quận năm 2025"
    assert fields.issue_date == dt.date(2025, 3, 12)


RIGHT_COLUMN_WRAPS = (
    ["Thành phố Hồ Chí Minh,", "ngày 23 tháng 11 năm 2023"],  # after the place
    ["Thành phố Hồ Chí Minh, ngày 23", "tháng 11 năm 2023"],  # after the day
    ["Thành phố Hồ Chí Minh, ngày 23 tháng 11", "năm 2023"],  # after the month
    ["Thành phố Hồ Chí Minh, ngày 23 tháng 11 năm", "2023"],  # before the year
    ["Thành phố Hồ Chí Minh,", "ngày 23 tháng 11", "năm 2023"],  # three lines
    ["Thành phố Hồ Chí Minh, ngày", "23 tháng 11 năm", "2023"],
)


def right_column(parts: list[str], *, first_top: float = 90.0, spacing: float = 15.0) -> list[Line]:
    motto = [
        Line(words_at(300, 50, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")),
        Line(words_at(330, 66, "Độc lập - Tự do - Hạnh phúc")),
    ]
    return motto + [Line(words_at(310, first_top + i * spacing, part)) for i, part in enumerate(parts)]


@pytest.mark.parametrize("parts", RIGHT_COLUMN_WRAPS)
def test_a_place_date_line_wrapped_anywhere_reads_as_one(parts: list[str]) -> None:
    expected = "Thành phố Hồ Chí Minh, ngày 23 tháng 11 năm 2023"
    for right in (right_column(parts), [text_line(part, "right") for part in parts]):
        line = place_date_line(right)
        assert line is not None and line.text == expected, parts


def test_a_place_wrapped_inside_its_name_is_joined_only_when_the_lines_touch() -> None:
    parts = ["Thành phố Hồ Chí", "Minh, ngày 23 tháng 11 năm 2023"]
    touching = place_date_line(right_column(parts, spacing=14.0))
    assert touching is not None and touching.text == "Thành phố Hồ Chí Minh, ngày 23 tháng 11 năm 2023"
    apart = place_date_line(right_column(parts, spacing=30.0))  # a blank line between: not one line
    assert apart is not None and apart.text == "Minh, ngày 23 tháng 11 năm 2023"


def test_what_follows_a_cut_date_line_is_joined_only_when_it_completes_it() -> None:
    line = place_date_line(right_column(["Hà Nội, ngày 5 tháng 1 năm", "ĐẾN"]))
    assert line is not None and line.text == "Hà Nội, ngày 5 tháng 1 năm"
    assert place_date_line(right_column(["Độc lập", "Tự do"])) is None


@pytest.mark.parametrize("parts", [*RIGHT_COLUMN_WRAPS, ["Thành phố Hồ Chí", "Minh, ngày 23 tháng 11 năm 2023"]])
def test_a_wrapped_place_date_line_gives_place_date_and_an_undisturbed_subject(parts: list[str]) -> None:
    rows = [
        (100, 50, "ỦY BAN NHÂN DÂN"),
        (MOTTO_X, 50, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        (90, 66, "THÀNH PHỐ HỒ CHÍ MINH"),
        (MOTTO_X + 30, 66, "Độc lập - Tự do - Hạnh phúc"),
        (110, 82, "SỞ NỘI VỤ"),
        (100, 102, "Số: 35/KH-SNV"),
        *((310, 102 + 14 * i, part) for i, part in enumerate(parts)),
        (270, 102 + 14 * len(parts) + 16, "KẾ HOẠCH"),
        (150, 102 + 14 * len(parts) + 32, "Cải cách hành chính năm 2024"),
        (80, 102 + 14 * len(parts) + 56, "Căn cứ Nghị quyết số 76/NQ-CP ngày 15 tháng 7 năm 2021 của Chính phủ;"),
    ]
    fields = parse_fields([page_from_rows(rows)])
    assert (fields.place, fields.issue_date) == ("Thành phố Hồ Chí Minh", dt.date(2023, 11, 23)), parts
    assert (fields.issuer, fields.doc_type) == ("Sở Nội vụ", "KH")
    assert fields.subject == "Cải cách hành chính năm 2024"


def test_a_wrapped_date_line_below_the_number_row_stays_in_the_header() -> None:
    # a wide left column wraps the motto too ("… VIỆT" / "NAM"); the date starts under the number's row
    rows = [
        (90, 50, "ỦY BAN NHÂN DÂN HUYỆN CẦN"),
        (MOTTO_X + 50, 50, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT"),
        (430, 64, "NAM"),
        (190, 78, "GIUỘC"),
        (MOTTO_X + 45, 80, "Độc lập - Tự do - Hạnh phúc"),
        (150, 98, "Số: 859/KH-UBND"),
        (MOTTO_X + 47, 108, "Cần Giuộc, ngày 07 tháng 02"),
        (410, 122, "năm 2024"),
        (275, 150, "KẾ HOẠCH"),
        (220, 166, "Chuyển đổi số năm 2024"),
        (80, 190, "Căn cứ Quyết định số 749/QĐ-TTg ngày 3 tháng 6 năm 2020 của Thủ tướng Chính phủ;"),
    ]
    fields = parse_fields([page_from_rows(rows)])
    assert (fields.place, fields.issue_date) == ("Cần Giuộc", dt.date(2024, 2, 7))
    assert fields.subject == "Chuyển đổi số năm 2024"
