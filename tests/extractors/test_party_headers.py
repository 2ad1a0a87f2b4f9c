"""Party bodies' headers (tests/fixtures/headers/party_headers.yaml) in the Party's own form (Hướng dẫn
36-HD/VPTW): "ĐẢNG CỘNG SẢN VIỆT NAM" where NĐ30 prints the nation and its motto, a star under the
body's name, "Số 15-KH/TU" without a colon. The issuer, superior, number and date are read as from an
NĐ30 header; the same lines without marks give them too, or leave the issuer for review."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from core.models import DocumentFields
from extractors.fields import parse_fields
from extractors.normalize import fold, matching_form
from tests.extractors.nd30_pages import page_from_rows

_HEADERS: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parents[1] / "fixtures" / "headers" / "party_headers.yaml").read_text(encoding="utf-8")
)


def _party_page(lines: list[str], number_line: str) -> DocumentFields:
    rows = [(60.0, 50.0 + i * 16, line) for i, line in enumerate(lines)]
    below = 50.0 + 16 * len(lines)
    rows += [
        (110.0, below, "*"),
        (60.0, below + 18, number_line),
        (300.0, 50.0, "ĐẢNG CỘNG SẢN VIỆT NAM"),
        (310.0, 82.0, "Hà Nội, ngày 12 tháng 02 năm 2025"),
        (250.0, below + 60, "KẾ HOẠCH"),
        (150.0, below + 76, "kiểm tra công tác cải cách hành chính năm 2025"),
        (100.0, below + 92, "-----"),
        (60.0, below + 116, "Thực hiện Chương trình công tác năm 2025, Ban Thường vụ ban hành kế hoạch như sau:"),
    ]
    return parse_fields([page_from_rows(rows)])


def _same(read: str | None, expected: str | None) -> bool:
    return (read is None) == (expected is None) and (
        read is None or matching_form(read) == matching_form(expected or "")
    )


@pytest.mark.parametrize("header", _HEADERS, ids=lambda header: " / ".join(header["lines"]))
def test_a_party_header_gives_the_issuer_superior_number_and_date(header: dict[str, Any]) -> None:
    fields = _party_page(header["lines"], "Số 15-KH/TU")
    assert _same(fields.issuer, header["issuer"]), fields.issuer
    if "superior" in header:
        assert _same(fields.superior, header["superior"]), fields.superior
    assert (fields.doc_type, fields.number) == ("KH", "15-KH/TU")
    assert fields.issue_date == dt.date(2025, 2, 12)
    assert _same(fields.subject, "kiểm tra công tác cải cách hành chính năm 2025"), fields.subject


@pytest.mark.parametrize("header", _HEADERS, ids=lambda header: " / ".join(header["lines"]))
def test_a_party_header_without_marks_is_right_or_for_review(header: dict[str, Any]) -> None:
    fields = _party_page([fold(line).upper() for line in header["lines"]], "So 15-KH/TU")
    assert _same(fields.issuer, header["issuer"]) or "issuer" in fields.needs_review, fields.issuer
