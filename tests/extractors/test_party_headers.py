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

from core.models import DocumentFields, Word
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


def test_a_date_line_wider_than_the_partys_name_is_cut_from_the_agency_line_beside_it() -> None:
    """The Party's name is short and centred over a wider date line, printed level with the issuer's
    line (a superior that wrapped pushed it down): the two are cut where the columns meet, not at the
    name's first letter, so neither the issuer nor the date takes the other's words."""
    rows = [
        (105.0, 66.0, "ĐẢNG BỘ TỈNH ĐỒNG"),
        (310.0, 66.0, "ĐẢNG CỘNG SẢN VIỆT NAM"),
        (162.0, 81.0, "THÁP"),
        (160.0, 97.0, "HUYỆN ỦY CAO LÃNH"),
        (280.0, 92.4, "Đồng Tháp, ngày 01 tháng 02 năm 2024"),
        (178.0, 113.0, "*"),
        (132.0, 130.0, "Số 119-KH/HU"),
        (275.0, 158.0, "KẾ HOẠCH"),
        (115.0, 175.0, "Rà soát, đơn giản hóa thủ tục hành chính năm 2024"),
        (119.0, 205.0, "Căn cứ Nghị định số 63/2010/NĐ-CP ngày 8 tháng 6 năm 2010 của Chính phủ;"),
    ]
    fields = parse_fields([page_from_rows(rows)])
    assert (fields.issuer, fields.superior) == ("Huyện ủy Cao Lãnh", "Đảng bộ tỉnh Đồng Tháp")
    assert (fields.number, fields.issue_date) == ("119-KH/HU", dt.date(2024, 2, 1))
    assert "issuer" not in fields.needs_review


def test_a_party_number_whose_digits_ocr_doubted_keeps_its_type_before_the_slash() -> None:
    """Digits read below the confidence a number needs are left blank, the rest as printed: the
    Party's "615-BC/ĐU" leaves "-BC/ĐU" (its type), not "/ĐU"."""
    rows = [
        (60.0, 50.0, "ĐẢNG BỘ TỈNH QUẢNG TRỊ"),
        (60.0, 66.0, "ĐẢNG ỦY PHƯỜNG ĐÔNG HÀ"),
        (300.0, 50.0, "ĐẢNG CỘNG SẢN VIỆT NAM"),
        (310.0, 82.0, "Đông Hà, ngày 26 tháng 12 năm 2023"),
        (250.0, 130.0, "BÁO CÁO"),
        (150.0, 146.0, "Kết quả thực hiện công tác cải cách hành chính năm 2023"),
    ]
    page = page_from_rows(rows, method="ocr")
    number = [
        Word(text="Số", x0=60.0, top=100.0, x1=75.0, bottom=112.0, confidence=93.0),
        Word(text="615-BC/ĐU", x0=80.0, top=100.0, x1=140.0, bottom=112.0, confidence=70.0),
    ]
    words = [Word(**{**word.model_dump(), "confidence": 93.0}) for word in page.words] + number
    fields = parse_fields([page.model_copy(update={"words": words, "text": page.text + "\nSố 615-BC/ĐU"})])
    assert fields.number == "-BC/ĐU" and "number" in fields.needs_review
