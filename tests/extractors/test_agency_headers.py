"""Agency headers of many kinds (tests/fixtures/headers/agency_headers.yaml), read from a born-digital
page's header: the issuer and superior a person writes; the same lines printed without any marks
give them too, or leave the issuer for review — never a confident wrong name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from extractors.fields import parse_fields
from extractors.normalize import fold, matching_form
from tests.extractors.nd30_pages import header_rows, page_from_rows

_HEADERS: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parents[1] / "fixtures" / "headers" / "agency_headers.yaml").read_text(encoding="utf-8")
)
_BODY = [
    (250.0, 200.0, "KẾ HOẠCH"),
    (150.0, 216.0, "Kiểm tra công tác cải cách hành chính năm 2025"),
    (60.0, 240.0, "Căn cứ Luật Tổ chức chính quyền địa phương;"),
]


def _read(lines: list[str]) -> tuple[str | None, str | None, bool]:
    rows = header_rows(lines, "Hà Nội, ngày 5 tháng 3 năm 2025", "Số: 12/KH-ABC") + _BODY
    fields = parse_fields([page_from_rows(rows)])
    return fields.issuer, fields.superior, "issuer" in fields.needs_review


def _same(read: str | None, expected: str | None) -> bool:
    return (read is None) == (expected is None) and (
        read is None or matching_form(read) == matching_form(expected or "")
    )


@pytest.mark.parametrize("header", _HEADERS, ids=lambda header: " / ".join(header["lines"]))
def test_the_issuer_and_superior_of_a_header(header: dict[str, Any]) -> None:
    issuer, superior, _ = _read(header["lines"])
    assert _same(issuer, header["issuer"])
    if "superior" in header:
        assert _same(superior, header["superior"])


@pytest.mark.parametrize("header", _HEADERS, ids=lambda header: " / ".join(header["lines"]))
def test_a_header_printed_without_marks_is_right_or_for_review(header: dict[str, Any]) -> None:
    issuer, _, in_review = _read([fold(line).upper() for line in header["lines"]])
    assert _same(issuer, header["issuer"]) or in_review, issuer
