"""Evidence tagging on hand-built records: one per criterion, distractors, real passages, facts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from core.models import DocumentRecord, Evidence, Page
from core.rubric import load_scheme
from extractors.tagger import tag_document, tag_record

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
TITLES = {"KH": "KẾ HOẠCH", "BC": "BÁO CÁO", "QĐ": "QUYẾT ĐỊNH", "TB": "THÔNG BÁO"}


def make_record(
    doc_type: str | None,
    number: str,
    issued: dt.date | None,
    subject: str | None,
    body: str,
    *,
    printed_subject: str | None = None,
    issuer: str = "Ủy ban nhân dân Quận 3",
    superior: str | None = None,
    pages: list[str] | None = None,
) -> DocumentRecord:
    """A record as the extractor would give it: header, number, type title, subject, then the body."""
    shown = printed_subject if printed_subject is not None else subject or ""
    title = f"{TITLES[doc_type]}\n{shown}" if doc_type in TITLES else f"V/v {shown}"
    text = (
        f"ỦY BAN NHÂN DÂN    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nQUẬN 3    Độc lập - Tự do - Hạnh phúc\n"
        f"Số: {number}    Quận 3, ngày 08 tháng 01 năm 2023\n{title}\n{body}"
    )
    page_texts = [text, *(pages or [])]
    return DocumentRecord(
        file=f"{number.replace('/', '-')}.pdf",
        sha256="ab" * 32,
        doc_type=doc_type,
        number=number,
        issuer=issuer,
        superior=superior,
        issue_date=issued,
        subject=subject,
        pages=[Page(page=i, method="text", text=t) for i, t in enumerate(page_texts, start=1)],
    )


def criteria(record: DocumentRecord) -> list[str]:
    return [e.criterion for e in tag_document(record)]


def only(record: DocumentRecord, criterion: str) -> Evidence:
    found = [e for e in tag_document(record) if e.criterion == criterion]
    assert len(found) == 1, f"{criterion} not tagged exactly once: {criteria(record)}"
    return found[0]


def assert_span(record: DocumentRecord, evidence: Evidence, quote: str) -> None:
    page = record.pages[evidence.page - 1].text
    assert evidence.quote == quote
    assert page[evidence.start : evidence.end] == quote
    assert evidence.start == page.index(quote)


# ── one record per criterion ─────────────────────────────────────────────────────────────────────


def test_annual_plan_is_1_1_1_with_year_tasks_and_late_issue() -> None:
    record = make_record(
        "KH",
        "297/KH-UBND",
        dt.date(2023, 1, 8),
        "Cải cách hành chính năm 2023",
        "Năm 2023, tập trung thực hiện 20 nhiệm vụ trọng tâm sau đây:\n- Rà soát ...",
    )
    evidence = only(record, "1.1.1")
    assert_span(record, evidence, "Cải cách hành chính năm 2023")
    assert evidence.facts == {"plan_year": 2023, "tasks_planned": 20, "deadline": "2022-12-31", "on_time": False}
    assert evidence.rule == "1.1.1/annual-plan"
    assert (evidence.scheme, evidence.scheme_version) == ("par-default", "2024.1")
    assert criteria(record) == ["1.1.1"]


def test_annual_plan_on_time_when_issued_in_december_before() -> None:
    record = make_record(
        "KH", "297/KH-UBND", dt.date(2022, 12, 20), "Thực hiện công tác cải cách hành chính năm 2023", "Nội dung."
    )
    assert only(record, "1.1.1").facts["on_time"] is True


def test_subject_wrapped_over_two_lines_is_quoted_as_printed() -> None:
    record = make_record(
        "KH",
        "297/KH-UBND",
        dt.date(2022, 12, 20),
        "Cải cách hành chính năm 2023",
        "Nội dung.",
        printed_subject="Cải cách hành chính\nnăm 2023",
    )
    assert_span(record, only(record, "1.1.1"), "Cải cách hành chính\nnăm 2023")


def test_periodic_report_gives_1_1_2_1_2_and_inspection_figures_1_3_1() -> None:
    body = (
        "Ủy ban nhân dân quận đã ban hành Kế hoạch số 12/KH-UBND về cải cách hành chính năm 2024, xác định "
        "50 nhiệm vụ cụ thể. Kết quả, đã hoàn thành 45/50 nhiệm vụ, đạt 90%; các nhiệm vụ còn lại đang\n"
        "được triển khai.\nVề công tác kiểm tra: đã kiểm tra 12 cơ quan, đơn vị trên tổng số 20; qua kiểm tra ..."
    )
    record = make_record(
        "BC", "80/BC-UBND", dt.date(2024, 12, 10), "Kết quả thực hiện công tác cải cách hành chính năm 2024", body
    )
    assert criteria(record) == ["1.1.2", "1.2", "1.3.1"]
    completion = only(record, "1.1.2")
    assert_span(record, completion, "Kết quả, đã hoàn thành 45/50 nhiệm vụ, đạt 90%;")
    assert completion.facts["tasks_done"] == 45
    assert completion.facts["tasks_planned"] == 50
    assert completion.facts["ratio"] == 0.9
    assert completion.facts["period"] == "năm"
    reports = only(record, "1.2")
    assert reports.facts == {"report_year": 2024, "period": "năm", "deadline": "2024-12-20", "on_time": True}
    inspection = only(record, "1.3.1")
    assert (inspection.facts["units_inspected"], inspection.facts["units_total"]) == (12, 20)
    assert inspection.facts["share"] == 0.6
    assert_span(record, inspection, "Về công tác kiểm tra: đã kiểm tra 12 cơ quan, đơn vị trên tổng số 20;")


@pytest.mark.parametrize(
    ("subject", "period", "deadline"),
    [
        (
            "Kết quả thực hiện công tác cải cách hành chính quý I năm 2024 và phương hướng, nhiệm vụ quý II năm 2024",
            "quý I",
            "2024-03-20",
        ),
        ("Kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2024", "6 tháng", "2024-06-20"),
        ("Kết quả công tác CCHC 9 tháng năm 2024", "9 tháng", "2024-09-20"),
        ("Công tác cải cách hành chính quý III năm 2024", "quý III", "2024-09-20"),
    ],
)
def test_reporting_period_and_its_deadline(subject: str, period: str, deadline: str) -> None:
    record = make_record("BC", "30/BC-UBND", dt.date(2024, 9, 25), subject, "Nội dung báo cáo.")
    facts = only(record, "1.2").facts
    assert (facts["period"], facts["deadline"], facts["report_year"]) == (period, deadline, 2024)
    assert facts["on_time"] is (dt.date(2024, 9, 25) <= dt.date.fromisoformat(deadline))


def test_inspection_plan_and_notice_are_1_3_1_with_planned_and_inspected_units() -> None:
    plan = make_record(
        "KH",
        "15/KH-UBND",
        dt.date(2024, 2, 1),
        "Kiểm tra công tác cải cách hành chính năm 2024",
        "Kiểm tra 6/20 cơ quan, đơn vị, đạt 30% tổng số cơ quan, đơn vị trực thuộc.",
    )
    assert criteria(plan) == ["1.3.1"]
    assert only(plan, "1.3.1").facts == {"units_planned": 6, "units_total": 20, "plan_year": 2024}
    notice = make_record(
        "TB",
        "40/TB-UBND",
        dt.date(2024, 9, 30),
        "Kết quả kiểm tra công tác cải cách hành chính năm 2024",
        "Đoàn kiểm tra đã tiến hành kiểm tra công tác cải cách hành chính tại 7/20 cơ quan, đơn vị, đạt 35%.",
    )
    facts = only(notice, "1.3.1").facts
    assert (facts["units_inspected"], facts["units_total"], facts["plan_year"]) == (7, 20, 2024)


def test_remedy_communication_initiative_and_assigned_tasks() -> None:
    remedy = make_record(
        "BC",
        "50/BC-UBND",
        dt.date(2024, 11, 1),
        "Kết quả khắc phục tồn tại, hạn chế sau kiểm tra công tác cải cách hành chính",
        "Đã khắc phục 5/6 tồn tại, hạn chế được chỉ ra.",
    )
    assert criteria(remedy) == ["1.3.2"]
    assert only(remedy, "1.3.2").facts == {"findings_handled": 5, "findings": 6, "ratio": 0.8333}
    communication = make_record(
        "KH", "5/KH-UBND", dt.date(2024, 1, 20), "Tuyên truyền cải cách hành chính năm 2024", "Nội dung tuyên truyền."
    )
    assert criteria(communication) == ["1.4"]
    assert only(communication, "1.4").facts["on_time"] is True
    initiative = make_record(
        "QĐ",
        "90/QĐ-UBND",
        dt.date(2024, 12, 1),
        "Về việc công nhận sáng kiến, giải pháp mới trong công tác cải cách hành chính năm 2024",
        "Điều 1. Công nhận 3 sáng kiến, giải pháp mới trong công tác cải cách hành chính năm 2024",
    )
    assert only(initiative, "1.5").facts == {"initiatives": 3}
    assigned = make_record(
        "BC",
        "70/BC-UBND",
        dt.date(2024, 12, 5),
        "Kết quả thực hiện nhiệm vụ được Ủy ban nhân dân Thành phố giao năm 2024",
        "Trong năm, đã hoàn thành đúng hạn 18/20 nhiệm vụ được giao.",
    )
    evidence = only(assigned, "1.6")
    assert (evidence.facts["tasks_on_time"], evidence.facts["tasks_assigned"], evidence.facts["ratio"]) == (18, 20, 0.9)
    assert "1.1.2" not in criteria(assigned)


def test_procedure_decisions_and_digital_plan() -> None:
    listing = make_record(
        "QĐ",
        "1200/QĐ-UBND",
        dt.date(2024, 5, 6),
        "Về việc công bố Danh mục thủ tục hành chính mới ban hành trong lĩnh vực hộ tịch thuộc phạm vi chức năng "
        "quản lý của Sở Tư pháp",
        "Điều 1. Công bố kèm theo Quyết định này Danh mục 12 thủ tục hành chính mới ban hành.",
    )
    assert criteria(listing) == ["3.1.1"]
    assert only(listing, "3.1.1").facts == {"procedures_published": 12, "procedure_field": "hộ tịch"}
    review = make_record(
        "KH",
        "8/KH-UBND",
        dt.date(2024, 1, 15),
        "Rà soát, đơn giản hóa thủ tục hành chính năm 2024",
        "Rà soát, đánh giá 7 thủ tục hành chính sau đây:",
    )
    assert only(review, "3.2.1").facts == {
        "procedures_reviewed": 7,
        "plan_year": 2024,
        "deadline": "2024-01-31",
        "on_time": True,
    }
    digital = make_record(
        "KH",
        "9/KH-UBND",
        dt.date(2024, 1, 5),
        "Chuyển đổi số năm 2024",
        "- 60% hồ sơ thủ tục hành chính được tiếp nhận, giải quyết trực tuyến;",
    )
    assert criteria(digital) == ["7.1.1"]
    assert only(digital, "7.1.1").facts == {"online_target_percent": 60, "plan_year": 2024}


def test_steering_committee_and_urging_letter_belong_to_area_1() -> None:
    steering = make_record(
        "QĐ",
        "100/QĐ-UBND",
        dt.date(2024, 3, 1),
        "Về việc kiện toàn Ban Chỉ đạo cải cách hành chính Quận 3",
        "Điều 1. Kiện toàn Ban Chỉ đạo, gồm:\n1. Ông Nguyễn Văn A - Chủ tịch, Trưởng ban;\n"
        "2. Bà Trần Thị B - Phó Chủ tịch, Phó Trưởng ban;\n3. Ông Lê Văn C - thành viên.\nĐiều 2.",
    )
    assert criteria(steering) == ["1"]
    assert only(steering, "1").facts == {"members": 3}
    letter = make_record(
        None,
        "1234/UBND-VP",
        dt.date(2024, 6, 3),
        "đôn đốc báo cáo kết quả thực hiện công tác cải cách hành chính năm 2024",
        "Qua theo dõi, đến nay còn 4 cơ quan, đơn vị chưa gửi báo cáo.",
    )
    letter = letter.model_copy(update={"doc_type": "CV"})
    assert criteria(letter) == ["1"]
    assert only(letter, "1").facts == {"units_late": 4}


# ── precision: documents about other matters ────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("doc_type", "subject", "body"),
    [
        (
            "KH",
            "Phòng, chống thiên tai và tìm kiếm cứu nạn năm 2024",
            "Ủy ban nhân dân quận ban hành Kế hoạch phòng, chống thiên tai năm 2024. Kiểm tra 5/10 đơn vị xung yếu.",
        ),
        (
            "QĐ",
            "Về việc tặng Giấy khen cho các tập thể, cá nhân có thành tích xuất sắc năm 2024",
            "Điều 1. Tặng Giấy khen cho các tập thể đã hoàn thành vượt mức kế hoạch công tác năm 2024.",
        ),
        (
            "QĐ",
            "Về việc phê duyệt danh sách hộ nghèo, hộ cận nghèo năm 2024",
            "Căn cứ Kế hoạch số 5/KH-UBND về rà soát hộ nghèo năm 2024; Điều 1. Phê duyệt danh sách 120 hộ nghèo.",
        ),
        (
            "CV",
            "tăng cường công tác quản lý trật tự xây dựng năm 2024",
            "Để thực hiện hiệu quả kế hoạch kiểm tra trật tự xây dựng năm 2024, đề nghị các đơn vị báo cáo.",
        ),
        ("KH", "Cải cách hành chính giai đoạn 2021 - 2025", "Kế hoạch 5 năm."),
        ("BC", "Tình hình kinh tế - xã hội năm 2024", "Hoàn thành 45/50 nhiệm vụ, đạt 90%. Cải cách hành chính."),
    ],
)
def test_documents_about_other_matters_get_no_par_evidence(doc_type: str, subject: str, body: str) -> None:
    assert tag_document(make_record(doc_type, "1/X-UBND", dt.date(2024, 2, 2), subject, body)) == []


REAL_DOCUMENTS = [
    json.loads(line)
    for line in (FIXTURES / "tagging" / "realdocs-unrelated.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]


@pytest.mark.parametrize("row", REAL_DOCUMENTS, ids=[row["file"] for row in REAL_DOCUMENTS])
def test_real_unrelated_documents_get_no_evidence(row: dict[str, object]) -> None:
    """The real fixtures (a land decision, a fee resolution, a law, two letters) prove no criterion."""
    record = DocumentRecord.model_validate({**row, "sha256": "cd" * 32})
    assert record.pages
    assert tag_document(record) == []


# ── real passages from portal pages ─────────────────────────────────────────────────────────────


def test_seed_district_plan_on_par_index_belongs_to_area_1_not_the_annual_plan() -> None:
    body = (FIXTURES / "tagging" / "seed-002-district-index-plan.txt").read_text(encoding="utf-8")
    subject = (
        "Nâng cao Chỉ số Cải cách hành chính, Chỉ số Hiệu quả Quản trị và Hành chính công và Chỉ số Năng lực "
        "cạnh tranh năm 2021 và những năm tiếp theo trên địa bàn huyện"
    )
    record = make_record("KH", "150/KH-UBND", dt.date(2021, 10, 19), subject, body)
    evidence = tag_document(record)
    assert [e.criterion for e in evidence] == ["1"]
    assert evidence[0].rule == "1/index-improvement-plan"
    assert_span(record, evidence[0], subject)


def test_seed_pci_papi_par_index_plan_is_area_1() -> None:
    body = (FIXTURES / "tagging" / "seed-003-office-index-plan.txt").read_text(encoding="utf-8")
    subject = (
        "Thực hiện các nhiệm vụ và giải pháp để cải thiện, nâng cao các chỉ số PCI, PAPI, PAR INDEX, SIPAS "
        "và ICT INDEX của tỉnh Tây Ninh năm 2020 và những năm tiếp theo"
    )
    record = make_record("KH", "20/KH-VP", dt.date(2020, 9, 18), subject, body)
    assert criteria(record) == ["1"]


def test_seed_passage_cited_plan_does_not_make_a_report_an_annual_plan() -> None:
    """The 273/KH-UBND passage is full of "Kế hoạch … năm 2021" but as a news letter it proves nothing."""
    body = (FIXTURES / "tagging" / "seed-002-district-index-plan.txt").read_text(encoding="utf-8")
    record = make_record("CV", "55/UBND-VP", dt.date(2021, 10, 22), "triển khai thực hiện kế hoạch của tỉnh", body)
    assert tag_document(record) == []


# ── robustness of matching ──────────────────────────────────────────────────────────────────────


def test_old_style_tones_and_capitals_match_and_quotes_keep_the_original() -> None:
    subject = "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2024 CỦA UỶ BAN NHÂN DÂN HUYỆN THUỶ NGUYÊN"
    record = make_record("KH", "3/KH-UBND", dt.date(2023, 12, 25), subject, "Nội dung.")
    evidence = only(record, "1.1.1")
    assert_span(record, evidence, subject)
    assert evidence.facts["plan_year"] == 2024


def test_text_without_diacritics_still_tags_with_lower_confidence() -> None:
    exact = only(make_record("KH", "3/KH-UBND", dt.date(2023, 12, 25), "Cải cách hành chính năm 2024", "x"), "1.1.1")
    folded = only(make_record("KH", "3/KH-UBND", dt.date(2023, 12, 25), "Cai cach hanh chinh nam 2024", "x"), "1.1.1")
    assert folded.confidence < exact.confidence
    assert folded.facts["plan_year"] == 2024


def test_missing_subject_falls_back_to_the_title_block() -> None:
    record = make_record(
        "KH",
        "3/KH-UBND",
        dt.date(2023, 12, 25),
        None,
        "Căn cứ Nghị quyết số 76/NQ-CP;\nNội dung.",
        printed_subject="Thực hiện công tác cải cách hành chính\nnăm 2024",
    )
    evidence = only(record, "1.1.1")
    assert_span(record, evidence, "Thực hiện công tác cải cách hành chính\nnăm 2024")
    assert evidence.confidence < 0.9


def test_missing_type_is_read_from_the_number_symbol() -> None:
    record = make_record("KH", "3/KH-UBND", dt.date(2023, 12, 25), "Cải cách hành chính năm 2024", "x")
    untyped = record.model_copy(update={"doc_type": None})
    assert criteria(untyped) == ["1.1.1"]
    assert only(untyped, "1.1.1").confidence < only(record, "1.1.1").confidence


def test_facts_on_a_later_page_give_offsets_into_that_page() -> None:
    later = "II. KẾT QUẢ\nĐến nay đã hoàn thành 30/40 nhiệm vụ, đạt 75%."
    subject = "Kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2024"
    record = make_record("BC", "9/BC-UBND", dt.date(2024, 6, 10), subject, "I. CHỈ ĐẠO", pages=[later])
    evidence = only(record, "1.1.2")
    assert evidence.page == 2
    assert_span(record, evidence, "Đến nay đã hoàn thành 30/40 nhiệm vụ, đạt 75%.")
    assert evidence.facts["ratio"] == 0.75


def test_a_record_without_pages_has_no_evidence() -> None:
    record = make_record("KH", "3/KH-UBND", None, "Cải cách hành chính năm 2024", "x").model_copy(update={"pages": []})
    assert tag_document(record) == []


def test_another_scheme_tags_with_its_own_ids() -> None:
    scheme = load_scheme(Path(__file__).resolve().parents[2] / "rubrics" / "hcm-department-district.yaml")
    record = make_record("KH", "297/KH-UBND", dt.date(2023, 1, 8), "Cải cách hành chính năm 2023", "x")
    evidence = tag_document(record, scheme)
    assert [e.criterion for e in evidence] == ["1.1"]
    assert evidence[0].facts["deadline"] == "2023-01-15"
    assert evidence[0].facts["on_time"] is True
    assert evidence[0].scheme == "hcm-department-district"


def test_tag_record_fills_evidence_unit_and_year() -> None:
    record = make_record("KH", "297/KH-UBND", dt.date(2022, 12, 20), "Cải cách hành chính năm 2023", "x")
    tagged = tag_record(record)
    assert [e.criterion for e in tagged.evidence] == ["1.1.1"]
    assert tagged.unit == "hcm.quan-3"
    assert tagged.year == 2023  # the plan's year, not the issue year
    assert record.evidence == []  # the input is not changed


def test_an_unread_letter_is_recognised_by_its_v_v_line() -> None:
    """OCR lost the number and the fields: the "V/v" subject still says what the letter is."""
    text = (
        "ỦY BAN NHÂN DÂN    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nsố: 29ŒšT.vp    2025\n"
        "V/v đôn đốc báo cáo kết quả thực\nhiện công tác cải cách hành chính\nnăm 2025\nKính gửi:\n"
        "- Phòng Nội vụ.\nQua theo dõi, đến nay còn 2 cơ quan, đơn vị chưa gửi báo cáo."
    )
    record = DocumentRecord(file="x.pdf", sha256="ab" * 32, pages=[Page(page=1, method="ocr", text=text)])
    evidence = only(record, "1")
    assert_span(record, evidence, "đôn đốc báo cáo kết quả thực\nhiện công tác cải cách hành chính\nnăm 2025")
    assert evidence.facts == {"units_late": 2}
    assert evidence.confidence < 0.8


# ── plans issued by a decision, reports sent by a letter, counts read from the layout ───────────────

ATTACHED_INSPECTION_PLAN = (
    "KẾ HOẠCH\nKiểm tra công tác cải cách hành chính năm 2024\n"
    "(Ban hành kèm theo Quyết định số 15/QĐ-UBND ngày 08 tháng 01 năm 2024)\n"
    "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n- Đánh giá việc thực hiện nhiệm vụ cải cách hành chính;\n"
    "II. NỘI DUNG, ĐỐI TƯỢNG KIỂM TRA\n1. Nội dung kiểm tra\n- Việc công khai thủ tục hành chính;\n"
    "2. Đối tượng kiểm tra\n- Phòng Tư pháp: tháng 4/2024;\n- Phòng Nội vụ: tháng 5/2024;\n"
    "- Ủy ban nhân dân Phường 9: tháng 6/2024;\n- UBND Phường 11: tháng 9/2024.\n"
    "III. TỔ CHỨC THỰC HIỆN\n1. Phòng Nội vụ chủ trì;\n2. Phòng Tư pháp phối hợp.\n"
)


def test_a_decision_that_issues_the_inspection_plan_is_its_evidence() -> None:
    record = make_record(
        "QĐ",
        "15/QĐ-UBND",
        dt.date(2024, 1, 8),
        "Ban hành Kế hoạch kiểm tra công tác cải cách hành chính năm 2024",
        "ỦY BAN NHÂN DÂN QUẬN 3\nCăn cứ Luật Tổ chức chính quyền địa phương;\nQUYẾT ĐỊNH:\n"
        "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch kiểm tra công tác cải cách hành chính năm 2024.\n"
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\nNơi nhận:\n- Như Điều 3;\n- Sở Nội vụ;\n"
        "- UBND các phường;\n- Lưu: VT.\n",
        pages=[ATTACHED_INSPECTION_PLAN],
    )
    evidence = only(record, "1.3.1")
    assert evidence.facts["plan_year"] == 2024
    assert evidence.facts["units_planned"] == 4  # the attached plan's list, not the decision's recipients
    assert evidence.facts["units_planned_source"] == "trang 2, «- Phòng Tư pháp: tháng 4/2024;»: 4 mục"
    assert (evidence.page, evidence.quote) == (2, "- Phòng Tư pháp: tháng 4/2024;")
    assert evidence.rule == "1.3.1/inspection-plan" and evidence.confidence < 0.95
    assert "1.1.1" not in criteria(record)


def test_an_inspection_plan_that_states_how_many_units_without_the_total() -> None:
    record = make_record(
        "KH",
        "20/KH-UBND",
        dt.date(2024, 2, 1),
        "Kiểm tra công tác cải cách hành chính năm 2024",
        "II. ĐỐI TƯỢNG KIỂM TRA\nKiểm tra 06 cơ quan, đơn vị trực thuộc, cụ thể như sau:\n"
        "- Phòng Tư pháp;\n- Phòng Nội vụ.\n",
    )
    evidence = only(record, "1.3.1")
    assert evidence.facts["units_planned"] == 6 and "units_total" not in evidence.facts
    assert evidence.quote == "Kiểm tra 06 cơ quan, đơn vị trực thuộc, cụ thể như sau:"


def test_a_decision_that_issues_the_annual_plan_counts_its_tasks() -> None:
    plan = (
        "KẾ HOẠCH\nCải cách hành chính năm 2024\nI. MỤC ĐÍCH, YÊU CẦU\n- Bám sát chỉ đạo;\n- Có trọng tâm.\n"
        "II. NHIỆM VỤ TRỌNG TÂM\n1. Cải cách thể chế\na) Rà soát văn bản quy phạm pháp luật;\n"
        "b) Phổ biến pháp luật;\n2. Cải cách thủ tục hành chính\na) Công khai thủ tục hành chính;\n"
        "b) Thực hiện cơ chế một cửa;\nc) Số hóa hồ sơ.\nIII. TỔ CHỨC THỰC HIỆN\n1. Phòng Nội vụ chủ trì.\n"
    )
    record = make_record(
        "QĐ",
        "3/QĐ-UBND",
        dt.date(2023, 12, 20),
        "Về việc ban hành Kế hoạch cải cách hành chính năm 2024",
        "QUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch.\n",
        pages=[plan],
    )
    evidence = only(record, "1.1.1")
    assert {k: evidence.facts[k] for k in ("plan_year", "tasks_planned", "on_time")} == {
        "plan_year": 2024,
        "tasks_planned": 5,
        "on_time": True,
    }
    assert evidence.facts["tasks_planned_source"] == "trang 2, «II. NHIỆM VỤ TRỌNG TÂM»: 5 mục"


def test_a_letter_that_sends_the_report_is_the_report_evidence() -> None:
    record = make_record(
        "CV",
        "812/UBND-NV",
        dt.date(2024, 3, 15),
        "báo cáo kết quả thực hiện công tác cải cách hành chính quý I năm 2024",
        "Kính gửi: Sở Nội vụ\nỦy ban nhân dân quận gửi kèm theo Báo cáo kết quả.\n",
        pages=[
            "BÁO CÁO\nKết quả thực hiện công tác cải cách hành chính quý I năm 2024\n"
            "Kết quả, đã hoàn thành 12/15 nhiệm vụ, đạt 80%.\n"
        ],
    )
    assert criteria(record) == ["1.1.2", "1.2"]
    report = only(record, "1.1.2")
    assert {k: report.facts[k] for k in ("tasks_done", "tasks_planned", "period", "report_year")} == {
        "tasks_done": 12,
        "tasks_planned": 15,
        "period": "quý I",
        "report_year": 2024,
    }
    assert only(record, "1.2").facts["on_time"] is True


def test_letters_and_decisions_about_plans_or_reports_are_not_carried() -> None:
    asking = make_record(
        "CV",
        "90/UBND-NV",
        dt.date(2024, 3, 1),
        "đề nghị báo cáo kết quả thực hiện công tác cải cách hành chính quý I năm 2024",
        "Kính gửi: các phòng, đơn vị\nĐề nghị các cơ quan, đơn vị báo cáo.\n",
    )
    assert criteria(asking) == []
    rules = make_record(
        "QĐ",
        "5/QĐ-UBND",
        dt.date(2024, 1, 5),
        "Ban hành Quy chế hoạt động của Ban Chỉ đạo cải cách hành chính quận",
        "QUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Quy chế.\n",
    )
    assert "1.1.1" not in criteria(rules)


def test_a_subject_that_is_only_the_type_title_is_read_from_the_title_block() -> None:
    record = make_record(
        "KH",
        "770/KH-SLĐTBXH",
        dt.date(2023, 1, 9),
        "KẾ HOẠCH",
        "Căn cứ Nghị quyết số 76/NQ-CP;\nI. MỤC ĐÍCH, YÊU CẦU\n",
        printed_subject="Tuyên truyền cải cách hành chính năm 2023",
    )
    evidence = only(record, "1.4")
    assert evidence.facts["plan_year"] == 2023
    assert evidence.quote == "Tuyên truyền cải cách hành chính năm 2023" and evidence.confidence < 0.95


def test_the_issue_year_standing_in_for_a_subject_in_doubt_is_under_review() -> None:
    """A stamp over the subject's last line took "… xuất sắc năm 2024": the year falls back to the
    issue year (2025), which a person must check while the subject is in doubt."""
    cut = "Về việc tặng Giấy khen cho các tập thể, cá nhân có thành tích"
    body = "Căn cứ Luật Thi đua, khen thưởng;\nQUYẾT ĐỊNH:\nĐiều 1. Tặng Giấy khen cho các tập thể."

    def tagged(subject: str, review: list[str]) -> DocumentRecord:
        record = make_record("QĐ", "439/QĐ-SNV", dt.date(2025, 1, 24), subject, body)
        return tag_record(record.model_copy(update={"needs_review": review}))

    doubtful = tagged(cut, ["subject"])
    assert doubtful.year == 2025 and doubtful.needs_review == ["subject", "year"]
    assert "subject" in doubtful.field_sources["year"]
    assert "year" not in tagged(cut, []).needs_review  # a sure subject that names no year
    named = tagged(f"{cut} xuất sắc năm 2024", ["subject"])  # the subject names its year
    assert named.year == 2024 and "year" not in named.needs_review
