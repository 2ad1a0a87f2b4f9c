"""Scoring extraction records against truth rows, and the `kiemchung eval` command."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from core.models import DocumentRecord, Reference, Signer
from kiemchung.cli import app
from kiemchung.commands.evaluate import load_truth
from kiemchung.evaluation import ALL, Outcome, name_key, score_records, symbol_of
from samples.generator import generate

TRUTH: dict[str, Any] = {
    "file": "a.pdf",
    "variant": "digital",
    "doc_type": "KH",
    "number": "297/KH-UBND",
    "number_handwritten": False,
    "issuer": "Ủy ban nhân dân Quận 3",
    "superior": None,
    "issue_date": "2024-01-08",
    "day_handwritten": False,
    "subject": "Cải cách hành chính năm 2024",
    "sha256": "aa",
    "place": "Quận 3",
    "signer": {"name": "Nguyễn Văn An", "title": "Phó Chủ tịch", "capacity": "KT."},
    "references": [
        {"number": "76/NQ-CP", "doc_type": "NQ", "date": "2021-07-15"},
        {"number": "12/KH-UBND", "doc_type": "KH", "date": "2023-12-20"},
    ],
    "year": 2024,
}


def record(**changes: Any) -> DocumentRecord:
    values: dict[str, Any] = {
        "file": "/somewhere/a.pdf",
        "sha256": "aa",
        "doc_type": "KH",
        "number": "297/KH-UBND",
        "issuer": "Ủy ban nhân dân Quận 3",
        "superior": None,
        "place": "Quận 3",
        "issue_date": dt.date(2024, 1, 8),
        "subject": "Cải cách hành chính năm 2024",
        "signer": Signer(name="Nguyễn Văn An", title="Phó Chủ tịch", capacity="KT."),
        "references": [
            Reference(number="76/NQ-CP", doc_type="NQ", date=dt.date(2021, 7, 15)),
            Reference(number="12/KH-UBND", doc_type="KH", date=dt.date(2023, 12, 20)),
        ],
        "year": 2024,
    }
    values.update(changes)
    return DocumentRecord(**values)


def outcomes(records: list[DocumentRecord], truth: list[dict[str, Any]]) -> dict[str, Outcome]:
    return score_records(records, truth).per_document[0].fields


def test_a_record_equal_to_the_truth_is_right_everywhere() -> None:
    report = score_records([record()], [TRUTH])
    assert set(outcomes([record()], [TRUTH]).values()) == {"right"}
    assert report.references[ALL].f1 == 1.0
    assert report.fields["issuer"]["digital"].accuracy == 1.0
    assert report.missing == []


def test_names_compare_without_case_tone_style_spacing_or_trailing_punctuation() -> None:
    found = record(
        issuer="UỶ BAN NHÂN DÂN  QUẬN 3",
        subject="Cải cách hành chính năm 2024.",
        signer=Signer(name="NGUYỄN VĂN AN", title="PHÓ CHỦ TỊCH", capacity="KT."),
    )
    result = outcomes([found], [TRUTH])
    assert result["issuer"] == result["subject"] == result["signer_name"] == result["signer_title"] == "right"
    assert name_key("Uỷ ban  nhân dân;") == name_key("ủy ban nhân dân")


def test_wrong_values_are_wrong_and_reported_with_both_sides() -> None:
    found = record(issuer="Sở Nội vụ", number="297/QĐ-UBND", issue_date=dt.date(2024, 2, 8), place=None)
    report = score_records([found], [TRUTH])
    document = report.per_document[0]
    assert document.fields["issuer"] == "wrong"
    assert document.fields["symbol"] == document.fields["number"] == "wrong"
    assert document.fields["issue_date"] == document.fields["issue_month"] == "wrong"
    assert document.fields["issue_year"] == "right"
    assert document.fields["place"] == "wrong"
    assert document.expected["issuer"] == "sở nội vụ" or document.found["issuer"] == "sở nội vụ"
    assert report.fields["issuer"][ALL].accuracy == 0.0


def test_superior_absent_in_truth_must_be_absent_in_record() -> None:
    assert outcomes([record(superior="Ủy ban nhân dân Thành phố Hồ Chí Minh")], [TRUTH])["superior"] == "wrong"
    assert outcomes([record(superior=None)], [TRUTH])["superior"] == "right"


def test_symbol_is_the_part_after_the_first_slash() -> None:
    assert symbol_of("297/KH-UBND") == "KH-UBND"
    assert symbol_of("33/2022/NQ-HĐND") == "2022/NQ-HĐND"
    assert symbol_of(" 07 /BC-UBND") == "BC-UBND"
    assert symbol_of(None) is None
    found = record(number="/KH-UBND")  # handwritten digits not read, typed part right
    assert outcomes([found], [TRUTH])["symbol"] == "right"


def test_handwritten_number_and_day_count_as_flagged_when_under_review() -> None:
    truth = {**TRUTH, "number_handwritten": True, "day_handwritten": True}
    flagged = record(number="/KH-UBND", issue_date=None, needs_review=["number", "issue_date"])
    result = outcomes([flagged], [truth])
    assert result["number"] == result["issue_date"] == "flagged"
    assert result["issue_month"] == result["issue_year"] == "flagged"  # no date at all, honestly flagged
    assert result["symbol"] == "right"
    unflagged = outcomes([record(number="/KH-UBND", issue_date=None)], [truth])
    assert unflagged["number"] == unflagged["issue_date"] == unflagged["issue_month"] == "wrong"
    read = outcomes([record()], [truth])  # the handwriting read right and not flagged
    assert read["number"] == read["issue_date"] == "right"
    offered = outcomes([record(needs_review=["number", "issue_date"])], [truth])  # right values, still flagged
    assert offered["number"] == offered["issue_date"] == "suggested"
    misled = outcomes([record(number="7/KH-UBND", needs_review=["number"])], [truth])
    assert misled["number"] == "flagged"


def test_a_typed_number_in_needs_review_is_still_judged_on_its_value() -> None:
    result = outcomes([record(number="298/KH-UBND", needs_review=["number"])], [TRUTH])
    assert result["number"] == "wrong"


def test_references_are_scored_as_a_set_on_number_and_date() -> None:
    found = record(
        references=[
            Reference(number="76/NQ-CP", doc_type="NQ", date=dt.date(2021, 7, 15)),
            Reference(number="12/KH-UBND", doc_type="KH", date=dt.date(2023, 12, 21)),  # wrong day
            Reference(number="999/QĐ-UBND", doc_type="QĐ", date=None),
            Reference(number=None, doc_type=None, date=dt.date(2015, 6, 19)),  # a law cited by date only
        ]
    )
    score = score_records([found], [TRUTH]).references[ALL]
    assert (score.true_positives, score.false_positives, score.false_negatives) == (1, 2, 1)
    assert score.precision == pytest.approx(1 / 3)
    assert score.recall == pytest.approx(1 / 2)
    assert score.f1 == pytest.approx(0.4)


def test_scores_group_by_variant_and_overall() -> None:
    truth = [TRUTH, {**TRUTH, "file": "b.pdf", "variant": "scan", "sha256": "bb"}]
    records = [record(), record(file="b.pdf", sha256="bb", issuer="Sở Tư pháp")]
    report = score_records(records, truth)
    assert report.variants == ["digital", "scan"]
    issuer = report.fields["issuer"]
    assert (issuer["digital"].right, issuer["scan"].wrong, issuer[ALL].total) == (1, 1, 2)


def test_records_match_by_name_then_by_hash_and_missing_ones_count_wrong() -> None:
    truth = [TRUTH, {**TRUTH, "file": "renamed.pdf", "sha256": "cc"}, {**TRUTH, "file": "gone.pdf", "sha256": "dd"}]
    records = [record(), record(file="/x/other-name.pdf", sha256="cc")]
    report = score_records(records, truth)
    assert report.missing == ["gone.pdf"]
    assert report.fields["doc_type"][ALL].right == 2
    assert report.fields["doc_type"][ALL].wrong == 1


def test_fields_a_truth_row_lacks_are_not_scored() -> None:
    real_format = {k: v for k, v in TRUTH.items() if k not in ("place", "signer", "references", "year")}
    report = score_records([record(place=None, signer=None)], [real_format])
    assert "place" not in report.fields and "signer_name" not in report.fields and "year" not in report.fields
    assert report.references == {}
    assert report.fields["issuer"][ALL].right == 1


# ---------------------------------------------------------------- the command

runner = CliRunner()


def test_eval_scores_generated_documents_with_the_real_pipeline(tmp_path: Path) -> None:
    rows = generate(tmp_path, 3, seed=21, variants=["digital"])
    result = runner.invoke(app, ["eval", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout[result.stdout.index("{") :])
    assert report["documents"] == 3 and report["variants"] == ["digital"]
    assert report["missing"] == []
    assert {d["file"] for d in report["per_document"]} == {r.file for r in rows}
    assert report["fields"]["doc_type"]["all"]["right"] + report["fields"]["doc_type"]["all"]["wrong"] == 3


def test_eval_prints_a_table_of_fields_by_variant(tmp_path: Path) -> None:
    generate(tmp_path, 2, seed=22, variants=["digital"])
    result = runner.invoke(app, ["eval", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for word in ("doc_type", "issuer", "issue_date", "references", "digital", "all"):
        assert word in result.stdout


def test_eval_without_truth_is_a_one_line_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", str(tmp_path)])
    assert result.exit_code == 2
    assert "truth.jsonl" in result.output and result.output.strip().count("\n") == 0


def test_eval_with_a_broken_truth_line_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "truth.jsonl").write_text('{"file": "a.pdf"}\nnot json\n', encoding="utf-8")
    result = runner.invoke(app, ["eval", str(tmp_path)])
    assert result.exit_code == 2
    assert "truth.jsonl:2" in result.output


def test_the_real_fixtures_truth_loads_and_scores_in_its_own_format() -> None:
    folder = Path(__file__).resolve().parents[1] / "fixtures" / "realdocs"
    truth = load_truth(folder)
    assert len(truth) == 5 and all((folder / row["file"]).is_file() for row in truth)
    records = [record(file=row["file"], sha256=row["sha256"], doc_type=row["doc_type"]) for row in truth]
    report = score_records(records, truth)
    assert report.missing == []
    assert report.fields["doc_type"][ALL].right == 5
    assert set(report.variants) == {row["variant"] for row in truth}
    assert "signer_name" not in report.fields and report.references == {}
    handwritten = sum(bool(row["number_handwritten"]) for row in truth)
    assert report.fields["number"][ALL].total == 5 and report.fields["number"][ALL].wrong >= handwritten


def test_typed_month_counts_even_when_the_handwritten_day_is_not_read() -> None:
    truth = {**TRUTH, "day_handwritten": True}
    typed = record(issue_date=None, issue_month="2024-01", needs_review=["issue_date"])
    result = outcomes([typed], [truth])
    assert result["issue_date"] == "flagged"
    assert result["issue_month"] == result["issue_year"] == "right"
    misread = outcomes([record(issue_date=None, issue_month="2024-07", needs_review=["issue_date"])], [truth])
    assert misread["issue_month"] == "wrong"  # a typed month is read as sure: no flag excuses it


def test_eval_reads_each_file_under_the_chosen_name(tmp_path: Path) -> None:
    from kiemchung.commands.evaluate import FileNames, _name_for

    row = {"file": "qd-1772.pdf", "sha256": "5f39b53885c6ea82aa", "source_path": "public/Quyết định.pdf"}
    path = tmp_path / "qd-1772.pdf"
    assert _name_for(row, path, FileNames.published) == "Quyết định.pdf"
    assert _name_for({"file": "x.pdf"}, tmp_path / "x.pdf", FileNames.published) is None
    assert _name_for(row, path, FileNames.stored) is None
    neutral = _name_for(row, path, FileNames.neutral)
    assert neutral == "5f39b53885c6ea82.pdf" and "1772" not in neutral


@pytest.mark.parametrize("names", ["published", "neutral"])
def test_a_file_read_under_another_name_is_read_not_refused(tmp_path: Path, names: str) -> None:
    """The name is given without a symbolic link out of the folder, which extraction refuses (every
    digital row of the real corpus came back as an error record while it was one)."""
    from rich.console import Console

    from kiemchung.commands.evaluate import FileNames, extract_as_named
    from tests.pdf_builders import born_digital_pdf

    (tmp_path / "kh-12.pdf").write_bytes(born_digital_pdf())
    rows = [{"file": "kh-12.pdf", "source_path": "public/Kế hoạch 12.pdf"}]

    [record] = extract_as_named(tmp_path, rows, FileNames(names), Console(stderr=True))

    assert record.error is None and record.pages
    assert record.file == str(tmp_path / "kh-12.pdf")


def test_a_wrong_value_not_under_review_counts_as_confidently_wrong() -> None:
    truth = [TRUTH, {**TRUTH, "file": "b.pdf", "sha256": "bb"}]
    silent = record(issuer="Sở Tư pháp")
    flagged = record(file="/somewhere/b.pdf", sha256="bb", issuer="Sở Tư pháp", needs_review=["issuer"])
    report = score_records([silent, flagged], truth)
    issuer = report.fields["issuer"][ALL]
    assert (issuer.wrong, issuer.confident_wrong) == (2, 1)
    assert report.per_document[0].confident_wrong == ["issuer"]
    assert report.per_document[1].confident_wrong == []


def test_a_right_value_still_under_review_is_counted_as_review_work() -> None:
    truth = [TRUTH, {**TRUTH, "file": "b.pdf", "sha256": "bb"}]
    quiet = record()
    listed = record(file="/somewhere/b.pdf", sha256="bb", needs_review=["issuer"])
    report = score_records([quiet, listed], truth)
    issuer = report.fields["issuer"][ALL]
    assert (issuer.right, issuer.right_under_review) == (2, 1)
    assert report.fields["superior"][ALL].right_under_review == 1  # the issuer's review name covers it
    assert report.per_document[0].right_under_review == []
    assert "issuer" in report.per_document[1].right_under_review


def test_a_wrong_month_is_covered_by_the_date_under_review() -> None:
    found = record(issue_date=dt.date(2024, 2, 8), needs_review=["issue_date"])
    report = score_records([found], [TRUTH])
    assert report.fields["issue_month"][ALL].wrong == 1
    assert report.fields["issue_month"][ALL].confident_wrong == 0


def test_a_wrong_year_is_covered_by_the_year_or_the_date_under_review() -> None:
    for review, confident in (([], 1), (["year"], 0), (["issue_date"], 0)):
        report = score_records([record(year=2025, needs_review=review)], [TRUTH])
        assert report.fields["year"][ALL].confident_wrong == confident, review


def test_each_split_is_scored_apart_and_all_together() -> None:
    from kiemchung.evaluation import score_by_split

    truth = [{**TRUTH, "split": "tuning"}, {**TRUTH, "file": "b.pdf", "sha256": "bb", "split": "holdout"}]
    records = [record(), record(file="/somewhere/b.pdf", sha256="bb", issuer="Sở Tư pháp")]
    reports = score_by_split(records, truth)
    assert set(reports) == {"tuning", "holdout", ALL}
    assert reports["tuning"].fields["issuer"][ALL].accuracy == 1.0
    assert reports["holdout"].fields["issuer"][ALL].accuracy == 0.0
    assert reports[ALL].fields["issuer"][ALL].right == 1
    assert reports["holdout"].per_document[0].split == "holdout"


def test_eval_prints_one_table_per_split_and_keeps_the_split_apart(tmp_path: Path) -> None:
    generate(tmp_path, count=2, seed=3, variants=["digital"])
    truth_path = tmp_path / "truth.jsonl"
    rows = [json.loads(line) for line in truth_path.read_text(encoding="utf-8").splitlines()]
    rows[0]["split"], rows[1]["split"] = "tuning", "holdout"
    truth_path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")

    table = runner.invoke(app, ["eval", str(tmp_path)])
    assert table.exit_code == 0, table.output
    assert "tuning split, 1 documents" in table.output
    assert "holdout split, 1 documents" in table.output

    only = runner.invoke(app, ["eval", str(tmp_path), "--split", "tuning", "--json"])
    assert only.exit_code == 0, only.output
    payload = json.loads(only.stdout)
    assert payload["documents"] == 1
    assert list(payload["splits"]) == ["tuning"]
    assert payload["per_document"][0]["file"] == rows[0]["file"]

    none = runner.invoke(app, ["eval", str(tmp_path), "--split", "nosuch"])
    assert none.exit_code == 2
