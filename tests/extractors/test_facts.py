"""Fact patterns, numbers, periods and the length-preserving forms that keep offsets true."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.facts import (
    PatternSpec,
    aligned_matching_form,
    clause_span,
    covered_year,
    extract_pattern_facts,
    folded_form,
    page_forms,
    parse_number,
    reporting_period,
)

VIETNAMESE = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
ALPHABET = VIETNAMESE + VIETNAMESE.upper() + "bcdghklmnpqrstvx0123456789 \n.,;:/-%()İß"


@given(st.text(alphabet=ALPHABET, max_size=80))
def test_matching_forms_keep_the_length_of_the_text(text: str) -> None:
    assert len(aligned_matching_form(text)) == len(text)
    assert len(folded_form(text)) == len(text)


def test_old_style_tones_and_case_become_one_form() -> None:
    assert aligned_matching_form("UỶ BAN hoà giải") == aligned_matching_form("Ủy ban hòa giải") == "ủy ban hòa giải"
    assert folded_form("Đôn đốc") == "don doc"


def facts(pattern: str, text: str, doc_type: str | None = "BC", aggregate: str = "first") -> dict[str, object]:
    found, _ = extract_pattern_facts(
        [PatternSpec(pattern, aggregate=aggregate)],
        [page_forms(1, text)],  # type: ignore[arg-type]
        doc_type,
    )
    return dict(found)


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        (
            "hoàn thành {tasks_done}/{tasks_planned} nhiệm vụ",
            "đã hoàn thành 45/50 nhiệm vụ, đạt 90%",
            {"tasks_done": 45, "tasks_planned": 50},
        ),
        (
            "hoàn thành {tasks_done}/{tasks_planned} nhiệm vụ",
            "da hoan thanh 45 / 50\nnhiem vu",
            {"tasks_done": 45, "tasks_planned": 50},
        ),
        (
            "kiểm tra {a} cơ quan, đơn vị trên tổng số {b}",
            "đã kiểm tra 12 cơ quan,đơn vị trên tổng số 20",
            {"a": 12, "b": 20},
        ),
        ("kiểm tra … tại {a}/{b} cơ quan", "kiểm tra công tác cải cách hành chính tại 7/18 cơ quan", {"a": 7, "b": 18}),
        ("đạt {p}%", "đạt 93,3%", {"p": 93.3}),
        ("tổng số {n} hồ sơ", "tổng số 12.345 hồ sơ", {"n": 12345}),
        (
            "lĩnh vực {field:text} thuộc",
            "trong lĩnh vực giáo dục và đào\ntạo thuộc thẩm quyền",
            {"field": "giáo dục và đào tạo"},
        ),
        ("kiểm tra {a}/{b} cơ quan", "kiểm tra 5/10 đơn vị", {}),
        ("hoàn thành {n} nhiệm vụ", "chưa hoàn thành 145 nhiệm vụ", {"n": 145}),
    ],
)
def test_fact_patterns(pattern: str, text: str, expected: dict[str, object]) -> None:
    assert facts(pattern, text) == expected


def test_aggregates_and_doc_type_limits() -> None:
    members = "1. Ông A - Trưởng ban;\n2. Bà B - Phó Trưởng ban;\n3. Ông C - thành viên."
    assert facts("{members}. ông", members, aggregate="max") == {"members": 3}
    assert facts("{n} hộ", "Xã A: 3 hộ; xã B: 4 hộ", aggregate="sum") == {"n": 7}
    only_plans = [PatternSpec("kiểm tra {planned}/{total} cơ quan", doc_types=("KH",))]
    assert extract_pattern_facts(only_plans, [page_forms(1, "kiểm tra 3/9 cơ quan")], "BC") == ({}, None)


def test_the_first_pattern_that_matches_sets_a_fact_and_anchors() -> None:
    text = "Xác định 50 nhiệm vụ. Kết quả, đã hoàn thành 45/50 nhiệm vụ."
    specs = [PatternSpec("hoàn thành {done}/{planned} nhiệm vụ"), PatternSpec("xác định {planned} nhiệm vụ")]
    found, anchor = extract_pattern_facts(specs, [page_forms(3, text)], "BC")
    assert found == {"done": 45, "planned": 50}
    assert anchor is not None and anchor.page == 3
    assert text[anchor.start : anchor.end] == "hoàn thành 45/50 nhiệm vụ"


@pytest.mark.parametrize(("text", "value"), [("45", 45), ("93,3", 93.3), ("12.345", 12345), ("1.5", 1.5), ("90,0", 90)])
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("subject", "period", "year"),
    [
        ("Kết quả công tác CCHC quý I năm 2024 và phương hướng, nhiệm vụ quý II năm 2024", "quý I", 2024),
        ("Kết quả công tác CCHC 6 tháng đầu năm 2023", "6 tháng", 2023),
        ("Kết quả công tác CCHC 9 tháng năm 2025", "9 tháng", 2025),
        ("Kết quả công tác CCHC năm 2024 và nhiệm vụ năm 2025", "năm", 2024),
        ("Triển khai Kế hoạch số 273/KH-UBND ngày 22/9/2021", None, None),
    ],
)
def test_reporting_period_and_covered_year(subject: str, period: str | None, year: int | None) -> None:
    assert reporting_period(subject) == period
    assert covered_year(subject) == year


def test_clause_span_stops_at_sentences_and_headings() -> None:
    text = "I. KẾT QUẢ\nXác định 50 nhiệm vụ. Kết quả, đã hoàn thành\n45/50 nhiệm vụ, đạt 90%; còn lại."
    start = text.index("hoàn thành")
    begin, end = clause_span(text, start, start + 10)
    assert text[begin:end] == "Kết quả, đã hoàn thành\n45/50 nhiệm vụ, đạt 90%;"
    heading = "II. KẾT QUẢ\nĐã hoàn thành 3/4 nhiệm vụ."
    begin, end = clause_span(heading, heading.index("hoàn"), heading.index("hoàn") + 4)
    assert heading[begin:end] == "Đã hoàn thành 3/4 nhiệm vụ."


def test_a_skip_may_skip_nothing_and_a_figure_is_not_a_table_row_number() -> None:
    assert facts("kiểm tra … {units} xã", "Kiểm tra 05 xã, thị trấn trên địa bàn huyện.") == {"units": 5}
    assert facts("kiểm tra … {units} xã", "Tổ chức kiểm tra công tác cải cách hành chính tại\n05 xã.") == {"units": 5}
    # "Thời gian kiểm tra" heads a table column; "1    Phòng …" is its first row, not "1 phòng"
    table = "STT    Cơ quan    Thời gian kiểm tra\n1    Phòng Tư pháp    Tháng 4"
    assert facts("kiểm tra … {units} phòng", table) == {}


def test_at_most_skips_a_match_whose_figure_is_no_count() -> None:
    text = (
        "Kế hoạch kiểm tra công tác cải cách hành chính năm 2024\nỦY BAN NHÂN DÂN QUẬN 3 kiểm tra tại 4 ủy ban nhân dân"
    )
    spec = PatternSpec("kiểm tra … {units} ủy ban nhân dân", at_most=999)
    found, anchor = extract_pattern_facts([spec], [page_forms(1, text)], "KH")
    assert found == {"units": 4} and anchor is not None
    assert text[anchor.start : anchor.end].endswith("4 ủy ban nhân dân")
    assert facts("kiểm tra … {units} ủy ban nhân dân", text) == {"units": 2024}  # without the bound: the year
