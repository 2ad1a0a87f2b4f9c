"""The proposed scorecard of Quận 3 for 2023, checked by hand: on time, late, missing, ratio, threshold."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from core.models import DocumentRecord, Page
from core.rubric import default_scheme, find_scheme
from extractors.tagger import tag_record
from kiemchung.cli import app
from kiemchung.i18n import use_language
from kiemchung.scorecard import CriterionLine, Scorecard, build_scorecard, evidence_id

TITLES = {"KH": "KẾ HOẠCH", "BC": "BÁO CÁO", "QĐ": "QUYẾT ĐỊNH"}


def document(
    number: str, issued: str, subject: str, body: str = "Nội dung.", issuer: str = "Ủy ban nhân dân Quận 3"
) -> DocumentRecord:
    doc_type = number.split("/")[1].split("-")[0]
    text = f"ỦY BAN NHÂN DÂN\nSố: {number}\n{TITLES[doc_type]}\n{subject}\n{body}"
    record = DocumentRecord(
        file=f"{number.replace('/', '_')}.pdf",
        sha256=hashlib.sha256(number.encode()).hexdigest(),
        doc_type=doc_type,
        number=number,
        issuer=issuer,
        issue_date=dt.date.fromisoformat(issued),
        subject=subject,
        pages=[Page(page=1, method="text", text=text)],
    )
    return tag_record(record)


@pytest.fixture(scope="module")
def records() -> list[DocumentRecord]:
    return [
        document("297/KH-UBND", "2023-01-08", "Cải cách hành chính năm 2023"),
        document(
            "20/BC-UBND",
            "2023-03-15",
            "Kết quả thực hiện công tác cải cách hành chính quý I năm 2023",
            "Kết quả, đã hoàn thành 10/50 nhiệm vụ.",
        ),
        document(
            "45/BC-UBND",
            "2023-06-25",
            "Kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2023",
            "Kết quả, đã hoàn thành 25/50 nhiệm vụ.",
        ),
        document(
            "80/BC-UBND",
            "2023-12-10",
            "Kết quả thực hiện công tác cải cách hành chính năm 2023",
            "Kết quả, đã hoàn thành 45/50 nhiệm vụ, đạt 90%. Về công tác kiểm tra: đã kiểm tra 12 cơ quan, "
            "đơn vị trên tổng số 20.",
        ),
        document("12/QĐ-UBND", "2023-04-03", "Về việc kiện toàn Ban Chỉ đạo cải cách hành chính Quận 3"),
        document("30/KH-UBND", "2023-02-01", "Phòng, chống thiên tai và tìm kiếm cứu nạn năm 2023"),
        # Not Quận 3's 2023: another unit, and the next year's plan issued in December.
        document("5/KH-UBND", "2022-12-20", "Cải cách hành chính năm 2023", issuer="Ủy ban nhân dân Quận 1"),
        document("600/KH-UBND", "2023-12-20", "Cải cách hành chính năm 2024"),
    ]


def line(card: Scorecard, criterion: str) -> CriterionLine:
    return next(item for item in card.lines if item.criterion == criterion)


def test_default_scheme_scorecard_by_hand(records: list[DocumentRecord]) -> None:
    with use_language("en"):
        card = build_scorecard(records, default_scheme(), "hcm.quan-3", 2023)
    assert card.documents == 6
    plan = records[0]
    plan_id = evidence_id(plan, plan.evidence[0])
    late = line(card, "1.1.1")
    assert (late.proposed_points, late.status) == (0, "late")
    assert late.explanation == f"plan 297/KH-UBND issued 08/01/2023, deadline 31/12/2022 → late → 0/1 [{plan_id}]"
    assert [ref.id for ref in late.evidence] == [plan_id]

    completion = line(card, "1.1.2")  # the annual report decides: 45/50 = 90% ≥ 80% → 2 × 0.9
    assert (completion.proposed_points, completion.status) == (1.8, "partial")
    assert completion.explanation.startswith("report 80/BC-UBND (năm 2023): 45/50 = 90% ≥ 80% → proportional → 1.8/2")

    reports = line(card, "1.2")  # quý I on time, 6 tháng late, 9 tháng missing, năm on time: 2 × 0.25
    assert reports.proposed_points == 0.5
    assert reports.missing == ["no report for nine months found"]  # the period's English name (name_en)
    assert "six months: 45/BC-UBND 25/06/2023 late (deadline 20/06/2023)" in reports.explanation

    inspections = line(card, "1.3.1")
    assert (inspections.proposed_points, inspections.status) == (1, "met")
    assert "12/20 = 60% ≥ 30%" in inspections.explanation

    for missing in ("1.3.2", "1.4", "1.5", "1.6", "3.1.1", "3.2.1", "7.1.1"):
        assert (line(card, missing).proposed_points, line(card, missing).status) == (0, "missing")
    assert line(card, "1.4").missing == ["no Plan for 1.4 (Communication about public administration reform) found"]

    area = line(card, "1")
    assert area.proposed_points == 3.3
    assert [ref.number for ref in area.evidence] == ["12/QĐ-UBND"]  # the steering committee: area as a whole
    assert card.proposed_total == 3.3
    assert card.self_scored_max == 13


def test_explanations_are_vietnamese_by_default(records: list[DocumentRecord]) -> None:
    card = build_scorecard(records, default_scheme(), "hcm.quan-3", 2023)
    plan_id = evidence_id(records[0], records[0].evidence[0])
    assert line(card, "1.1.1").explanation == (
        f"kế hoạch 297/KH-UBND ban hành 08/01/2023, hạn 31/12/2022 → trễ hạn → 0/1 [{plan_id}]"
    )
    assert line(card, "1.1.2").explanation.startswith(
        "báo cáo 80/BC-UBND (năm 2023): 45/50 = 90% ≥ 80% → tính theo tỷ lệ → 1,8/2"
    )
    assert line(card, "1.2").missing == ["không tìm thấy Báo cáo 9 tháng"]
    assert "6 tháng: 45/BC-UBND ngày 25/06/2023 trễ hạn (hạn 20/06/2023)" in line(card, "1.2").explanation
    assert line(card, "1.4").missing == [
        "không tìm thấy Kế hoạch cho tiêu chí 1.4 (Công tác tuyên truyền cải cách hành chính)"
    ]
    assert line(card, "1").explanation.startswith("tổng các tiêu chí tự chấm được liệt kê: 3,3/10")


def test_the_same_documents_under_the_provincial_scheme(records: list[DocumentRecord]) -> None:
    """Re-tagged under the HCMC-style scheme: its own ids, deadlines and thresholds decide."""
    card = build_scorecard(records, find_scheme("hcm-department-district"), "hcm.quan-3", 2023)
    assert (line(card, "1.1").proposed_points, line(card, "1.1").status) == (1, "met")  # deadline 15/01/2023
    assert line(card, "1.2").proposed_points == 1.8
    assert line(card, "1.3").proposed_points == 1.0  # on time 0.5; late ones keep half of 0.5; 9 tháng missing
    assert line(card, "1.4").proposed_points == 1.5  # 12/20 = 60% ≥ 60%
    assert line(card, "8.1").status == "survey" and line(card, "8.1").proposed_points is None
    assert card.proposed_total == 5.3
    assert card.survey_max == 20
    cited = {ref.id.split(":")[1] for item in card.lines for ref in item.evidence}
    assert cited == {"1", "1.1", "1.2", "1.3", "1.4"}


def test_a_unit_with_nothing_gets_every_criterion_missing(records: list[DocumentRecord]) -> None:
    card = build_scorecard(records, default_scheme(), "hcm.quan-5", 2023)
    assert card.documents == 0
    assert card.proposed_total == 0
    assert all(item.status in {"missing", "group"} for item in card.lines)


def test_cli_scorecard_json_from_a_records_file(records: list[DocumentRecord], tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text("".join(r.contract_json() + "\n" for r in records), encoding="utf-8")
    result = CliRunner().invoke(
        app, ["scorecard", "--unit", "hcm.quan-3", "--year", "2023", "--records", str(path), "--json"]
    )
    assert result.exit_code == 0, result.output
    card = json.loads(result.stdout)
    assert card["proposed_total"] == 3.3
    table = CliRunner().invoke(app, ["scorecard", "--unit", "hcm.quan-3", "--year", "2023", "--records", str(path)])
    assert table.exit_code == 0
    assert "không tìm thấy Báo cáo 9 tháng" in " ".join(table.output.split())
    assert "Bảng điểm" in table.output and "3,3" in table.output
    assert "Còn thiếu:" in table.output and "Đề xuất:" in table.output and "Missing" not in table.output
    english = CliRunner().invoke(
        app, ["scorecard", "--unit", "hcm.quan-3", "--year", "2023", "--records", str(path), "--lang", "en"]
    )
    assert english.exit_code == 0 and "no report for nine months found" in " ".join(english.output.split())
    assert "Missing:" in english.output and "Proposed:" in english.output


def test_cli_scorecard_bad_input_is_one_line(tmp_path: Path) -> None:
    runner = CliRunner()
    unknown = runner.invoke(app, ["scorecard", "--unit", "hcm.quan-3", "--year", "2023", "--scheme", "nope"])
    assert unknown.exit_code == 2
    assert "no scheme 'nope'" in unknown.output and "Traceback" not in unknown.output
    junk = tmp_path / "junk.jsonl"
    junk.write_text('{"file": 1}\n', encoding="utf-8")
    bad = runner.invoke(app, ["scorecard", "--unit", "hcm.quan-3", "--year", "2023", "--records", str(junk)])
    assert bad.exit_code == 2
    assert "junk.jsonl:1: not a document record" in bad.output


def test_scorecard_shows_each_documents_signature_and_what_to_check(records: list[DocumentRecord]) -> None:
    from core.models import Signature
    from kiemchung.commands.scorecard import evidence_notes

    signed = records[0].model_copy(
        update={"signature": Signature(status="valid", signer="UBND Quận 3"), "needs_review": ["issue_date"]}
    )
    card = build_scorecard([signed, *records[1:]], default_scheme(), "hcm.quan-3", 2023)
    plan_line = line(card, "1.1.1")
    assert [(ref.signature, ref.needs_review) for ref in plan_line.evidence] == [("valid", ["issue_date"])]
    assert evidence_notes(plan_line) == "\n· 297/KH-UBND: Chữ ký số hợp lệ; cần kiểm tra: ngày ban hành"
    assert "Không có chữ ký số" in evidence_notes(line(card, "1.2"))
    with use_language("en"):
        assert evidence_notes(plan_line) == "\n· 297/KH-UBND: Valid digital signature; to check: date of issue"
