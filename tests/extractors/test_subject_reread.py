"""A second look at the subject of a scanned page: crop its lines, read them three ways, reconcile."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.models import DocumentRecord, Page, Word
from extractors.fields import parse_fields
from extractors.lexicon import respell_slips
from extractors.ocr import PageImage, render_page
from extractors.pipeline import OcrPool, reread_subject
from extractors.subject_reread import review_subject, subject_box

FIXTURES = Path(__file__).parents[1] / "fixtures"
DONGNAI = "dongnai-qd-1772-2025-scan"


def _word(text: str, x0: float, top: float) -> Word:
    return Word(text=text, x0=x0, top=top, x1=x0 + 8 * len(text), bottom=top + 12)


def test_the_box_holds_the_subject_lines_and_nothing_else() -> None:
    page = Page(
        page=1,
        method="ocr",
        text="",
        width=595,
        height=842,
        words=[
            _word("QUYẾT", 250, 150),
            _word("ĐỊNH", 300, 150),
            _word("Chấp", 100, 170),
            _word("thuận", 140, 170),
            _word("các", 190, 170),
            _word("vị", 220, 170),
            _word("quy", 80, 186),
            _word("hoạch", 110, 186),
            _word("chỉ", 160, 186),
            _word("tiết", 190, 186),
            _word("Căn", 60, 240),
            _word("cứ", 90, 240),
        ],
    )
    box = subject_box(page, "Chấp thuận các vị quy hoạch chi tiết")
    assert box is not None
    x0, top, x1, bottom = box
    assert 75 < x0 < 80 and 160 < top < 170 and 236 < x1 < 245 and 198 < bottom < 210  # not the title, not the body
    assert subject_box(page, "Kế hoạch kiểm tra công tác năm 2024") is None  # words that are not on the page


def test_a_disputed_mark_puts_the_subject_under_review() -> None:
    review = review_subject("phân lô, bán nên cho cá nhân", ["phân lô, bán nền cho cá nhân"])
    assert review.needs_review and review.subject == "phân lô, bán nên cho cá nhân"
    assert review.source is not None and "nên/nền" in review.source
    settled = review_subject("quy hoạch chỉ tiết xây dựng", [])
    assert not settled.needs_review and settled.subject == "quy hoạch chi tiết xây dựng"
    assert settled.source == "OCR subject checked against the lexicon: corrected chỉ → chi"


@pytest.mark.tesseract
def test_the_real_photographed_subject_is_read_again() -> None:
    """The Đồng Nai decision, photographed: Tesseract's full-page reading says "chỉ tiết" and
    "(điện tích:"; the second look at the subject's lines gives "chi tiết" and "(diện tích"."""
    raw = json.loads((FIXTURES / "pages" / f"{DONGNAI}.json").read_text(encoding="utf-8"))
    pages = [Page(**page) for page in raw]
    fields = parse_fields(pages)
    assert fields.subject is not None and "chỉ tiết" in fields.subject and "(điện tích:" in fields.subject
    record = DocumentRecord(file=f"{DONGNAI}.pdf", sha256="0" * 64, pages=pages, subject=fields.subject)
    pdf_path = str(FIXTURES / "realdocs" / f"{DONGNAI}.pdf")
    image, scale, _, _ = render_page(pdf_path, 0, 300)
    pool = OcrPool(1)
    try:
        reread = reread_subject(record, pdf_path, pool, PageImage(image, scale))  # the page image OCR kept
        rendered_again = reread_subject(record, pdf_path, pool)
    finally:
        pool.close()
    assert rendered_again == reread  # cutting OCR's image is rendering the page again, without the cost
    assert reread.subject is not None
    assert "quy hoạch chi tiết xây dựng" in reread.subject
    assert "huyện Nhơn Trạch (diện tích khoảng 83,94 ha)" in reread.subject
    assert reread.field_sources["subject"].startswith("OCR subject read 4 ways: corrected")
    unchanged = fields.subject.split()
    changed = [(a, b) for a, b in zip(unchanged, reread.subject.split(), strict=True) if a != b]
    assert changed == [("chỉ", "chi"), ("(điện", "(diện"), ("tích:", "tích")]  # nothing else touched


def test_a_title_s_subject_in_lower_case_lost_its_first_letters() -> None:
    """Under a title the subject starts with a capital ("Về việc …"); OCR that lost "V" reads "ê …".
    A công văn's subject after "V/v" starts in lower case, as printed."""
    lost = review_subject("ê tốc. 1 việc kiện toàn Ban Chỉ đạo cải cách hành chính tỉnh", [], under_title=True)
    assert lost.needs_review and lost.source is not None and "'ê' starts a title's subject" in lost.source
    letter = review_subject("tăng cường công tác cải cách hành chính năm 2025", [], under_title=False)
    assert not letter.needs_review


def test_a_pair_read_with_the_marks_of_no_word_is_respelt_as_the_dictionary_word_and_reviewed() -> None:
    """A bitonal scan loses circumflexes: "ché độ", "giáy phép", "đát đại". Each reading is a pair
    legal text never prints, holding a syllable it hardly prints, with the letters of a dictionary word
    it does: the subject gets the word, and stays in review (the language chose, not the eye)."""
    review = review_subject("quy định mức thu, ché độ thu, nộp lệ phí cấp giáy phép lao động theo luật đát đại", [])
    assert review.subject == "quy định mức thu, chế độ thu, nộp lệ phí cấp giấy phép lao động theo luật đất đai"
    assert review.needs_review
    assert review.source is not None
    assert "pairs as legal text prints them: ché độ → chế độ, giáy phép → giấy phép, đát đại → đất đai" in review.source


def test_pairs_of_common_syllables_or_names_are_not_respelt() -> None:
    """ "hài lòng đạt", "kể cả có tải", "lao động có đóng": real text the small corpus lacks, of common
    syllables; capitalised names are not vocabulary ("Biển Đông" is no "biến động"); "họp thứ" would
    become a frequent pair that is no word."""
    for kept in (
        "mức độ hài lòng đạt trên 98%",
        "lượt vào (kể cả có tải, không tải)",
        "người lao động có đóng bảo hiểm",
        "Kỳ họp thứ 8 thông qua",
        "Bộ Quy tắc ứng xử ở Biển Đông",
        "ông Đặng Công Long",
        "xử lý nhà, đất dôi dư",
    ):
        assert respell_slips(kept) == (kept, [])
