"""Rubric schemes: the shipped schemes load through the same code; broken ones fail in one line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from core.rubric import (
    RUBRICS_DIR,
    OnTime,
    PeriodicReports,
    SchemeError,
    Survey,
    available_schemes,
    default_scheme,
    find_scheme,
    load_scheme,
    parse_scheme,
    resolve_deadline,
)
from kiemchung.cli import app

# The criterion ids of ../shared/domain/rubric.md: area 1 complete, the dated documents of areas 3
# and 7, the eight areas, and the parents the dotted ids imply.
DEFAULT_IDS = {
    "1",
    "1.1",
    "1.1.1",
    "1.1.2",
    "1.2",
    "1.3",
    "1.3.1",
    "1.3.2",
    "1.4",
    "1.5",
    "1.6",
    "2",
    "3",
    "3.1",
    "3.1.1",
    "3.2",
    "3.2.1",
    "4",
    "5",
    "6",
    "7",
    "7.1",
    "7.1.1",
    "8",
}


def test_default_scheme_has_exactly_the_contract_ids() -> None:
    scheme = default_scheme()
    assert {node.id for node in scheme.walk()} == DEFAULT_IDS
    assert (scheme.scheme, scheme.basis) == ("par-default", "876/QĐ-BNV")
    assert scheme.applies_to(2024) and not scheme.applies_to(2021)
    plan = scheme.criterion("1.1.1")
    assert isinstance(plan.scoring, OnTime)
    assert resolve_deadline(plan.scoring.deadline, 2024) == dt.date(2023, 12, 31)
    reports = scheme.criterion("1.2")
    assert isinstance(reports.scoring, PeriodicReports)
    assert [p.name for p in reports.scoring.periods] == ["quý I", "6 tháng", "9 tháng", "năm"]


def test_both_shipped_schemes_load_through_the_same_code_and_differ() -> None:
    loaded = {scheme.scheme: scheme for path, scheme in available_schemes() if not isinstance(scheme, SchemeError)}
    assert set(loaded) >= {"par-default", "hcm-department-district"}
    assert all(not isinstance(scheme, SchemeError) for _, scheme in available_schemes())
    hcm = loaded["hcm-department-district"]
    assert hcm.basis == "4000/QĐ-UBND"
    plan = hcm.criterion("1.1")
    assert isinstance(plan.scoring, OnTime)
    assert resolve_deadline(plan.scoring.deadline, 2023) == dt.date(2023, 1, 15)  # January of the year itself
    assert {n.id for n in hcm.walk() if isinstance(n.scoring, Survey)} == {"8.1", "8.2"}
    assert not hcm.has_criterion("1.1.1")


def test_find_scheme_by_id_by_file_stem_and_by_path() -> None:
    assert find_scheme("hcm-department-district").scheme == "hcm-department-district"
    assert find_scheme(RUBRICS_DIR / "par-default.yaml").scheme == "par-default"
    assert find_scheme(None) is default_scheme()
    with pytest.raises(SchemeError, match=r"no scheme 'nope'.*known: .*par-default"):
        find_scheme("nope")


@pytest.mark.parametrize(
    ("template", "year", "expected"),
    [
        ("{year-1}-12-31", 2024, dt.date(2023, 12, 31)),
        ("{year}-01-15", 2024, dt.date(2024, 1, 15)),
        ("{year + 1}-03-01", 2024, dt.date(2025, 3, 1)),
    ],
)
def test_resolve_deadline(template: str, year: int, expected: dt.date) -> None:
    assert resolve_deadline(template, year) == expected


def _minimal() -> dict[str, object]:
    return {
        "scheme": "t",
        "version": "1",
        "name": "test",
        "years": "2024-2025",
        "basis": "1/QĐ-X",
        "areas": [
            {
                "id": "1",
                "name": "Area",
                "max_points": 2,
                "criteria": [
                    {
                        "id": "1.1",
                        "name": "Plan",
                        "max_points": 1,
                        "scoring": {"kind": "on_time", "deadline": "{year-1}-12-31"},
                        "evidence": [{"id": "plan", "doc_types": ["KH"], "subject": {"all_of": ["kế hoạch"]}}],
                    },
                    {"id": "1.2", "name": "Survey", "max_points": 1, "scoring": {"kind": "survey"}},
                ],
            }
        ],
    }


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "scheme.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_minimal_scheme_loads(tmp_path: Path) -> None:
    scheme = load_scheme(_write(tmp_path, _minimal()))
    assert scheme.years == [2024, 2025]
    assert scheme.self_scored_max == 1


def _broken(change: str) -> dict[str, object]:
    data = _minimal()
    area = data["areas"][0]  # type: ignore[index]
    children = area["criteria"]
    if change == "duplicate id":
        children[1]["id"] = "1.1"
    elif change == "orphan id":
        children[1]["id"] = "2.2"
    elif change == "points":
        area["max_points"] = 5
    elif change == "deadline":
        children[0]["scoring"]["deadline"] = "{year}-13-01"
    elif change == "kind":
        children[0]["scoring"] = {"kind": "lottery"}
    elif change == "missing name":
        del children[0]["name"]
    elif change == "survey evidence":
        children[1]["evidence"] = [{"id": "x", "subject": {"all_of": ["x"]}}]
    elif change == "fact pattern":
        children[0]["evidence"][0]["facts"] = [{"pattern": "hoàn thành nhiệm vụ"}]
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("duplicate id", r"areas\[0\]\.criteria\[1\] \(criterion 1\.1\): duplicate criterion id"),
        ("orphan id", r"areas\[0\]\.criteria\[1\] \(criterion 2\.2\): id does not continue its parent '1'"),
        ("points", r"areas\[0\] \(criterion 1\): children's points sum to 2, not max_points 5"),
        ("deadline", r"criterion 1\.1\): scoring\.deadline: deadline '\{year\}-13-01' is not a date"),
        ("kind", r"areas\[0\]\.criteria\[0\]\.scoring: Input tag 'lottery'"),
        ("missing name", r"areas\[0\]\.criteria\[0\]\.name: Field required"),
        ("survey evidence", r"criterion 1\.2\): a survey criterion cannot have document evidence rules"),
        ("fact pattern", r"facts\[0\]\.pattern: fact pattern 'hoàn thành nhiệm vụ' captures nothing"),
    ],
)
def test_a_broken_scheme_fails_with_one_line_naming_file_and_item(tmp_path: Path, change: str, message: str) -> None:
    path = _write(tmp_path, _broken(change))
    with pytest.raises(SchemeError, match=message) as caught:
        load_scheme(path)
    text = str(caught.value)
    assert "\n" not in text
    assert text.startswith(str(path))


def test_unreadable_files_fail_in_one_line(tmp_path: Path) -> None:
    bad_yaml = tmp_path / "bad.yaml"
    bad_yaml.write_text("scheme: x\nareas: [\n", encoding="utf-8")
    with pytest.raises(SchemeError, match=r"bad\.yaml: line \d+: invalid YAML"):
        load_scheme(bad_yaml)
    with pytest.raises(SchemeError, match="cannot read"):
        load_scheme(tmp_path / "absent.yaml")
    with pytest.raises(SchemeError, match="not a scheme"):
        parse_scheme(["a list"], "inline")


def test_cli_validate_and_show(tmp_path: Path) -> None:
    runner = CliRunner()
    good = runner.invoke(app, ["rubric", "validate", str(RUBRICS_DIR / "par-default.yaml")])
    assert good.exit_code == 0
    assert "ok:" in good.output and "par-default 2024.1, 24 criteria" in good.output
    broken = _write(tmp_path, _broken("points"))
    bad = runner.invoke(app, ["rubric", "validate", str(broken)])
    assert bad.exit_code == 1
    assert "children's points sum to 2, not max_points 5" in bad.output
    assert "Traceback" not in bad.output
    shown = runner.invoke(app, ["rubric", "show", "hcm-department-district"])
    assert shown.exit_code == 0
    assert "4000/QĐ-UBND" in shown.output
    listed = runner.invoke(app, ["rubric", "list"])
    assert listed.exit_code == 0 and "par-default" in listed.output
