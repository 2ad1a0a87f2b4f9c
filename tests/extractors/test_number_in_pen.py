"""A number OCR read surely whose digits are a pen's: under review, with the digits-only value."""

from __future__ import annotations

from core.models import DocumentRecord, Page
from extractors.handwriting import DigitReading
from extractors.number_in_pen import doubt_number_in_pen
from tests.extractors.nd30_pages import page_from_rows

Box = tuple[float, float, float, float]


def _page() -> Page:
    # OCR read the pen's "504" as "2 04" beside the typed "Số:" and "/CATQN-VP"
    return page_from_rows(
        [(60.0, 90.0, "Số: 2 04 /CATQN-VP"), (300.0, 90.0, "Quảng Ninh, ngày 3 tháng 10 năm 2024")], method="ocr"
    )


def _record(page: Page, **fields: object) -> DocumentRecord:
    values: dict[str, object] = {
        "file": "x.pdf",
        "sha256": "0" * 64,
        "pages": [page],
        "number": "204/CATQN-VP",
        "needs_review": [],
    }
    values.update(fields)
    return DocumentRecord.model_validate(values)


def _reading(value: str | None) -> DigitReading:
    readings = (value, value, value, None) if value else (None, "1", "7", None)
    return DigitReading(value, 3 if value else 1, readings)


def test_digits_in_a_pens_ink_put_the_number_under_review_with_the_agreed_digits() -> None:
    page = _page()
    compared: list[tuple[Box, Box]] = []

    def in_pen(blank: Box, label: Box) -> bool:
        compared.append((blank, label))
        return True

    doubted = doubt_number_in_pen(_record(page), lambda box: _reading("504"), in_pen)
    assert doubted.number == "504/CATQN-VP" and "number" in doubted.needs_review
    assert "written in pen" in doubted.field_sources["number"]
    label = page.words[0]
    assert compared[0][1] == (label.x0, label.top, label.x1, label.bottom)  # compared with "Số:"
    assert compared[0][0][2] <= page.words[3].x0 + 1  # the blank ends where "/CATQN-VP" starts

    unread = doubt_number_in_pen(_record(page), lambda box: _reading(None), in_pen)
    assert unread.number == "204/CATQN-VP" and "number" in unread.needs_review


def test_printed_digits_or_a_number_already_doubted_are_left_as_they_are() -> None:
    page = _page()
    typed = doubt_number_in_pen(_record(page), lambda box: _reading("504"), lambda blank, label: False)
    assert typed.number == "204/CATQN-VP" and typed.needs_review == []

    def never(blank: Box, label: Box) -> bool:
        raise AssertionError("not compared")

    doubted = _record(page, needs_review=["number"])
    assert doubt_number_in_pen(doubted, lambda box: _reading("504"), never) is doubted
    digital = _record(page.model_copy(update={"method": "text"}))
    assert doubt_number_in_pen(digital, lambda box: _reading("504"), never) is digital
