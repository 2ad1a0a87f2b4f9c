"""Two pages on one sheet (a booklet scanned open, a PDF printed two pages per sheet)."""

from __future__ import annotations

from core.models import Page
from extractors.fields import parse_fields
from extractors.two_up import split_two_up
from tests.extractors.nd30_pages import A4_HEIGHT, A4_WIDTH, header_rows, page_from_rows

LEFT = [
    *header_rows(["ỦY BAN NHÂN DÂN", "QUẬN 3"], "Quận 3, ngày 05 tháng 01 năm 2024", "Số: 297/KH-UBND"),
    (260, 160, "KẾ HOẠCH"),
    (150, 176, "Cải cách hành chính năm 2024"),
    (60, 215, "Thực hiện chỉ đạo của Ủy ban nhân dân Thành phố về công tác cải cách hành chính,"),
    (60, 230, "Ủy ban nhân dân Quận 3 ban hành kế hoạch cải cách hành chính năm 2024 như sau."),
]
# the facing page's running text, at the heights of the left page's title and subject
RIGHT = [(40, 160 + 15 * i, f"nội dung của trang bên phải dòng số {i + 1} tiếp tục phần nhiệm vụ") for i in range(8)]


def _sheet() -> Page:
    rows = LEFT + [(A4_WIDTH + x, top, text) for x, top, text in RIGHT]
    return page_from_rows(rows).model_copy(update={"width": 2 * A4_WIDTH, "height": A4_HEIGHT})


def test_a_sheet_of_two_pages_is_read_as_two() -> None:
    left, right = split_two_up(_sheet())
    assert "Cải cách hành chính năm 2024" in left.text and "trang bên phải" not in left.text
    assert "trang bên phải" in right.text and right.width is not None and right.width < 0.6 * 2 * A4_WIDTH
    assert min(w.x0 for w in right.words) < 50  # in its own frame
    fields = parse_fields([_sheet()])
    assert fields.subject == "Cải cách hành chính năm 2024"
    assert (fields.number, fields.issuer) == ("297/KH-UBND", "Ủy ban nhân dân Quận 3")


def test_a_portrait_page_or_a_landscape_page_without_a_gutter_stays_whole() -> None:
    portrait = page_from_rows(LEFT)
    assert split_two_up(portrait) == [portrait]
    table = [
        (40, 100 + 15 * i, "cột một của bảng số liệu kéo dài qua giữa trang ngang đến cột cuối cùng") for i in range(9)
    ]
    landscape = page_from_rows(table).model_copy(update={"width": 2 * A4_WIDTH, "height": A4_HEIGHT})
    # the table's rows run across the middle: no gutter
    wide = [w.model_copy(update={"x0": w.x0 * 2.2, "x1": w.x1 * 2.2}) for w in landscape.words]
    landscape = landscape.model_copy(update={"words": wide})
    assert split_two_up(landscape) == [landscape]
