import datetime as dt
from pathlib import Path

from extractors.references import find_references

SEEDS = Path(__file__).parents[1] / "fixtures" / "seeds"


def cited(text: str, own: str | None = None) -> list[tuple[str | None, str | None, dt.date | None]]:
    return [(r.number, r.doc_type, r.date) for r in find_references(text, own)]


def test_plan_cited_twice_in_a_portal_post_is_one_reference() -> None:
    text = (SEEDS / "002_bb44f38c7bdafa6b.txt").read_text(encoding="utf-8")
    assert cited(text) == [("273/KH-UBND", "KH", dt.date(2021, 9, 22))]


def test_decision_announced_with_its_date_before_it() -> None:
    text = (SEEDS / "001_a7bc9daaf2b547c6.txt").read_text(encoding="utf-8")
    assert cited(text) == [("4000/QĐ-UBND", "QĐ", dt.date(2021, 11, 24))]


def test_citation_forms() -> None:
    text = (
        "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ; "
        "Công văn số 383/BNV-CCHC ngày 28/01/2021 của Bộ Nội vụ; thực hiện Quyết định 4000/QĐ-UBND; "
        "Kế hoạch số 25/KH-STTTT, ngày 6 tháng 12 năm 2011; Luật Đất đai số 31/2024/QH15 ngày 18 tháng 01 "
        "năm 2024; ngày 5/1/2023 theo Thông báo số 07 / TB - VP ngày 5/1/2023."
    )
    assert cited(text) == [
        ("30/2020/NĐ-CP", "NĐ", dt.date(2020, 3, 5)),
        ("383/BNV-CCHC", "CV", dt.date(2021, 1, 28)),
        ("4000/QĐ-UBND", "QĐ", None),
        ("25/KH-STTTT", "KH", dt.date(2011, 12, 6)),
        ("31/2024/QH15", None, dt.date(2024, 1, 18)),
        ("07/TB-VP", "TB", dt.date(2023, 1, 5)),
    ]


def test_symbol_broken_across_lines_and_ocr_noise() -> None:
    text = "tại Công văn số 1030/SoXD-\nQLN-TTBĐS ngày 16 tháng 4 năm 2025 và Quyết định số 222/QĐÐ-BTP"
    assert cited(text) == [
        ("1030/SoXD-QLN-TTBĐS", "CV", dt.date(2025, 4, 16)),
        ("222/QĐ-BTP", "QĐ", None),
    ]


def test_the_documents_own_number_is_not_a_reference() -> None:
    text = "Số: 297/KH-UBND\nThực hiện Kế hoạch số 297/KH-UBND và Kế hoạch số 12/KH-UBND"
    assert cited(text, own="297/KH-UBND") == [("12/KH-UBND", "KH", None)]
    # a header line "Số: …" is never cited, even when the own number could not be read surely
    assert cited("Số: 4212/QĐ-UBND\nnội dung") == []


def test_annex_kem_theo_is_a_reference() -> None:
    text = "PHỤ LỤC\n(Ban hành kèm theo Quyết định số 1772/QĐ-UBND ngày 30 tháng 5 năm 2025 của UBND tỉnh)"
    assert cited(text) == [("1772/QĐ-UBND", "QĐ", dt.date(2025, 5, 30))]


def test_lower_case_quy_dinh_is_not_a_type() -> None:
    assert cited("theo quy định tại Luật số 43/2024/QH15 và quy định tại Công văn số 12/UBND-VP") == [
        ("43/2024/QH15", None, None),
        ("12/UBND-VP", "CV", None),
    ]


def test_fractions_dates_and_garbage_are_not_citations() -> None:
    assert cited("tỷ lệ 1/500, ngày 24/6/2019, giai đoạn 2021/2025, §1/QĐ-TTg, 24/7") == []


def test_party_documents_are_cited_in_their_own_form() -> None:
    text = (
        "Căn cứ Kết luận số 210-KL/TW ngày 15 tháng 11 năm 2021 của Bộ Chính trị; thực hiện Nghị quyết số "
        "05-NQ/TU ngày 12/3/2021 của Tỉnh ủy và Quyết định số 1234/QĐ-UBND; giai đoạn 2021-2025."
    )
    cited = [(r.number, r.doc_type, r.date) for r in find_references(text)]
    assert cited == [
        ("210-KL/TW", "KL", dt.date(2021, 11, 15)),
        ("05-NQ/TU", "NQ", dt.date(2021, 3, 12)),
        ("1234/QĐ-UBND", "QĐ", None),
    ]


def test_a_cited_nghi_dinh_one_letter_off_the_governments_code_is_the_governments() -> None:
    """OCR read the P of "NĐ-CP" as E (photographed scan view); the Council of Ministers' "NĐ-HĐBT" of old
    and a decision's agency part are other issuers', kept as read."""
    text = (
        "Căn cứ Nghị định số 26/2025/NĐ-CE ngày 1 tháng 2 năm 2025, Nghị định số 12/NĐ-HĐBT và Quyết định số 5/QĐ-CE;"
    )
    assert [r.number for r in find_references(text)] == ["26/2025/NĐ-CP", "12/NĐ-HĐBT", "5/QĐ-CE"]


def test_a_cited_date_the_text_gives_otherwise_is_reported() -> None:
    """ "tháng 1" in the subject, "tháng 11" in the legal bases (photographed view, seed 145): one
    reading lost a digit. The same date, or a mention without a date, is no disagreement."""
    from extractors.references import cited_dates_disagreeing

    subject = "Ban hành Chương trình hành động thực hiện Kết luận số 210-KL/TW ngày 12 tháng 1 năm 2025"
    bases = "Căn cứ Kết luận số 210-KL/TW ngày 12 tháng 11 năm 2025 của Ban Chấp hành Trung ương Đảng;"
    assert cited_dates_disagreeing(subject, f"{subject}\n{bases}") == ["210-KL/TW: 2025-01-12 / 2025-11-12"]
    agreeing = "Căn cứ Kết luận số 210-KL/TW ngày 12 tháng 1 năm 2025;"
    assert cited_dates_disagreeing(subject, f"{subject}\n{agreeing}") == []
    assert cited_dates_disagreeing(subject, f"{subject}\nCăn cứ Kết luận số 210-KL/TW;") == []
    # the other mention read with letters for the digits ("tháng II", seed 145) still disagrees
    roman = "Căn cứ Kết luận số 210-KL/TW ngày 12 tháng II năm 2025 của Ban Chấp hành Trung ương Đảng;"
    assert cited_dates_disagreeing(subject, f"{subject}\n{roman}") == ["210-KL/TW: 2025-01-12 / 2025-11-12"]
