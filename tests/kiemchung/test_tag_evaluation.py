"""Tag precision/recall and fact accuracy: the arithmetic, then the tagger on generated samples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from core.models import DocumentRecord, Evidence, Page
from kiemchung.cli import app
from kiemchung.tag_evaluation import TagTruth, evaluate_tags, read_tag_truth


def tagged(
    file: str, *items: tuple[str, dict[str, object]], unit: str | None = None, year: int | None = None
) -> DocumentRecord:
    evidence = [
        Evidence(criterion=c, page=1, start=0, end=1, quote="x", facts=f, rule="r", confidence=1) for c, f in items
    ]
    return DocumentRecord(
        file=file,
        sha256="0" * 64,
        pages=[Page(page=1, method="text", text="x")],
        evidence=evidence,
        unit=unit,
        year=year,
    )


def test_counts_precision_recall_and_fact_accuracy() -> None:
    pairs = [
        (
            tagged("a", ("1.1.1", {"plan_year": 2024}), unit="u", year=2024),
            TagTruth(file="a", criteria=["1.1.1"], facts={"plan_year": 2024}, unit="u", year=2024),
        ),
        (
            tagged("b", ("1.1.2", {"tasks_done": 45, "period": "Năm"}), ("1.2", {})),
            TagTruth(
                file="b",
                criteria=["1.1.2", "1.2", "1.3.1"],
                facts={"tasks_done": 45, "period": "năm", "units_total": 20},
            ),
        ),
        (tagged("c", ("1", {})), TagTruth(file="c", criteria=[], facts={})),
        (tagged("d"), TagTruth(file="d", criteria=[], facts={}, unit="u", year=2023)),
    ]
    report = evaluate_tags(pairs)
    by_id = {s.criterion: s for s in report.per_criterion}
    assert [s.criterion for s in report.per_criterion] == ["1", "1.1.1", "1.1.2", "1.2", "1.3.1"]
    assert (by_id["1.3.1"].false_negatives, by_id["1.3.1"].recall) == (1, 0.0)
    assert (by_id["1"].false_positives, by_id["1"].precision) == (1, 0.0)
    overall = report.overall
    assert (overall.true_positives, overall.false_positives, overall.false_negatives) == (3, 1, 1)
    assert overall.precision == 0.75 and overall.recall == 0.75
    assert (report.facts_correct, report.facts_checked) == (3, 4)  # strings compare case-insensitively
    assert (report.distractors, report.distractors_tagged) == (2, 1)
    assert (report.units_correct, report.units_checked, report.years_correct, report.years_checked) == (1, 2, 1, 2)
    assert {m.what for m in report.misses} == {"criterion", "fact units_total", "unit", "year"}


def test_bad_truth_lines_fail_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "truth.jsonl"
    path.write_text('{"file": "a.pdf", "criteria": []}\n{"file": "b.pdf"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"truth\.jsonl:2: not a truth row") as caught:
        read_tag_truth(path)
    assert "\n" not in str(caught.value)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One generated document of each kind (PAR evidence and distractors), born digital."""
    from samples.generator import KINDS, generate

    folder = tmp_path_factory.mktemp("generated")
    generate(folder, len(KINDS), 4, ["digital"])
    return folder


@pytest.mark.slow
def test_tagger_on_generated_samples_meets_the_bar(generated: Path) -> None:
    from extractors.pipeline import ExtractionOptions, extract_files

    truth = read_tag_truth(generated / "truth.jsonl")
    assert any(not row.criteria for row in truth) and any(row.criteria for row in truth)
    records = extract_files([generated / row.file for row in truth], ExtractionOptions(workers=2))
    report = evaluate_tags(zip(records, truth, strict=True))
    assert report.overall.precision >= 0.95, report.misses
    assert report.overall.recall >= 0.95, report.misses
    assert report.fact_accuracy >= 0.95, report.misses
    assert report.distractors_tagged == 0
    assert report.years_correct == report.years_checked


@pytest.mark.slow
def test_cli_eval_tags(generated: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval-tags", str(generated), "--json"])
    assert result.exit_code == 0, result.output
    numbers = json.loads(result.stdout)
    assert numbers["overall"]["precision"] >= 0.95 and numbers["overall"]["recall"] >= 0.95
    empty = CliRunner().invoke(app, ["eval-tags", str(tmp_path)])
    assert empty.exit_code == 2
    assert "truth.jsonl not found" in empty.output


def test_facts_are_scored_per_fact_name_and_per_kind_of_document() -> None:
    pairs = [
        (
            tagged("a", ("1.1.1", {"plan_year": 2024, "tasks_planned": 18})),
            TagTruth(file="a", criteria=["1.1.1"], facts={"plan_year": 2024, "tasks_planned": 18}, kind="plan.cchc"),
        ),
        (
            tagged("b", ("1.1.1", {"plan_year": 2024})),
            TagTruth(file="b", criteria=["1.1.1"], facts={"plan_year": 2024, "tasks_planned": 16}, kind="plan.cchc"),
        ),
        (
            tagged("c", ("1.3.1", {"plan_year": 2023, "units_planned": 5})),
            TagTruth(file="c", criteria=["1.3.1"], facts={"plan_year": 2023, "units_planned": 6}, doc_type="QĐ"),
        ),
    ]
    report = evaluate_tags(pairs)
    by_fact = {f.name: f for f in report.per_fact}
    assert (by_fact["tasks_planned"].checked, by_fact["tasks_planned"].correct, by_fact["tasks_planned"].missing) == (
        2,
        1,
        1,
    )
    assert (by_fact["units_planned"].read, by_fact["units_planned"].wrong, by_fact["units_planned"].accuracy) == (
        1,
        1,
        0.0,
    )
    assert by_fact["plan_year"].accuracy == 1.0
    by_kind = {k.name: k for k in report.per_kind}
    assert sorted(by_kind) == ["QĐ", "plan.cchc"]  # the truth's kind and type, else the record's type
    assert (by_kind["plan.cchc"].documents, by_kind["plan.cchc"].checked, by_kind["plan.cchc"].correct) == (2, 4, 3)
    assert sum(k.checked for k in report.per_kind) == report.facts_checked == 6
