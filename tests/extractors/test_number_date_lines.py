"""Number and date lines of many shapes (tests/fixtures/headers/number_date_lines.yaml), typed and as
OCR misreads them: read as a person writes them, or left in needs_review — never a confident wrong value."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from core.models import DocumentFields, Page
from extractors.fields import parse_fields
from tests.extractors.nd30_pages import header_rows, page_from_rows

_LINES: dict[str, list[dict[str, Any]]] = yaml.safe_load(
    (Path(__file__).parents[1] / "fixtures" / "headers" / "number_date_lines.yaml").read_text(encoding="utf-8")
)
_TITLES = {
    "QĐ": "QUYẾT ĐỊNH",
    "TT": "THÔNG TƯ",
    "NĐ": "NGHỊ ĐỊNH",
    "CT": "CHỈ THỊ",
    "BC": "BÁO CÁO",
    "KH": "KẾ HOẠCH",
    "KL": "KẾT LUẬN",
    "NQ": "NGHỊ QUYẾT",
    "CĐ": "CÔNG ĐIỆN",
    "LUAT": "LUẬT",
    "TB": "THÔNG BÁO",
    "HD": "HƯỚNG DẪN",
}
_BODY = [(60.0, 240.0, "Căn cứ Luật Tổ chức chính quyền địa phương;")]


def _as_ocr(page: Page) -> Page:
    words = [word.model_copy(update={"confidence": 96.0}) for word in page.words]
    return page.model_copy(update={"method": "ocr", "words": words})


def _read(number_line: str, date_line: str, doc_type: str, *, ocr: bool) -> DocumentFields:
    rows = header_rows(["UBND TỈNH NGHỆ AN", "SỞ NỘI VỤ"], date_line, number_line)
    if doc_type == "CV":
        rows += [(60.0, 130.0, "V/v kiểm tra công tác cải cách hành chính"), (150.0, 170.0, "Kính gửi: Các phòng.")]
    else:
        subject = "Về việc kiểm tra công tác cải cách hành chính năm 2025"
        rows += [(250.0, 200.0, _TITLES[doc_type]), (150.0, 216.0, subject), *_BODY]
    page = page_from_rows(rows)
    return parse_fields([_as_ocr(page) if ocr else page])


def _number_case(case: dict[str, Any], ocr: bool) -> None:
    fields = _read(case["line"], "Nghệ An, ngày 5 tháng 3 năm 2025", case.get("type", "QĐ"), ocr=ocr)
    if case["number"] is None:
        assert "number" in fields.needs_review, fields.number
        assert fields.doc_type == case.get("type", "QĐ"), fields.field_sources  # the typed symbol still says
    else:
        assert fields.number == case["number"] and "number" not in fields.needs_review, fields.field_sources


def _date_case(case: dict[str, Any], ocr: bool) -> None:
    fields = _read("Số: 12/KH-SNV", case["line"], "KH", ocr=ocr)
    if case["date"] is None:
        assert fields.issue_date is None and "issue_date" in fields.needs_review
    else:
        assert fields.issue_date is not None and fields.issue_date.isoformat() == case["date"]
        assert "issue_date" not in fields.needs_review


def _cases(typed: str, misread: str) -> list[tuple[dict[str, Any], bool]]:
    """(case, read by OCR) for the typed lines and the lines as OCR misreads them."""
    return [(case, False) for case in _LINES[typed]] + [(case, True) for case in _LINES[misread]]


def _case_id(value: object) -> str:
    return value["line"] if isinstance(value, dict) else ("ocr" if value else "typed")


@pytest.mark.parametrize(("case", "ocr"), _cases("typed_numbers", "ocr_numbers"), ids=_case_id)
def test_a_number_line_typed_or_as_ocr_misreads_it(case: dict[str, Any], ocr: bool) -> None:
    _number_case(case, ocr)


@pytest.mark.parametrize(("case", "ocr"), _cases("typed_dates", "ocr_dates"), ids=_case_id)
def test_a_date_line_typed_or_as_ocr_misreads_it(case: dict[str, Any], ocr: bool) -> None:
    _date_case(case, ocr)
