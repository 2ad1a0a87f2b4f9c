"""The second look at a scanned header's agency column (issue 16): a wrapped agency name that
Tesseract read together with the date line beside it, and the number line below both."""

import io
import random
from pathlib import Path

import pypdfium2
import pytest

from core.models import DocumentRecord, Page
from extractors.agency_reread import agency_column_box, review_agencies, revise_agencies, wants_column_look
from extractors.fields import parse_fields
from extractors.layout import read_header
from extractors.pipeline import OcrPool, extract_file
from samples.generator.agencies import WIDER_AGENCIES
from samples.generator.kinds import KIND_BY_NAME, build
from samples.generator.variants import produce
from tests.extractors.nd30_pages import page_from_rows

MOTTO_X = 300.0


def council_committee_header(*, number_top: float) -> Page:
    """ "HỘI ĐỒNG NHÂN DÂN" / "TỈNH NGHỆ AN" / "BAN KINH TẾ - NGÂN SÁCH": the date line beside the
    committee's line, the number a rule's height below them."""
    rows = [
        (100, 50, "HỘI ĐỒNG NHÂN DÂN"),
        (MOTTO_X, 50, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        (110, 66, "TỈNH NGHỆ AN"),
        (MOTTO_X + 30, 66, "Độc lập - Tự do - Hạnh phúc"),
        (90, 82, "BAN KINH TẾ - NGÂN SÁCH"),
        (MOTTO_X + 10, 82, "Nghệ An, ngày 23 tháng 02 năm 2024"),
        (110, number_top, "Số: 693/KH-BKTNS"),
        (270, number_top + 30, "KẾ HOẠCH"),
        (200, number_top + 46, "Tuyên truyền cải cách hành chính năm 2024"),
        (90, number_top + 80, "Căn cứ Nghị quyết số 76/NQ-CP ngày 15 tháng 7 năm 2021 của Chính phủ;"),
    ]
    return page_from_rows(rows)


def test_a_number_line_below_the_date_row_stays_in_the_header() -> None:
    """The date came first, beside the agency's last line; "Số:" two line heights lower is still the
    header's (it had started the body: the number was lost and the title read as "Số: …")."""
    fields = parse_fields([council_committee_header(number_top=124)])
    assert fields.number == "693/KH-BKTNS"
    assert fields.issuer == "Ban Kinh tế - Ngân sách"
    assert fields.superior == "Hội đồng nhân dân tỉnh Nghệ An"
    assert fields.subject == "Tuyên truyền cải cách hành chính năm 2024"
    assert fields.needs_review == ["signer"]  # the hand-built page has no signer block


def test_the_agency_column_box_ends_above_the_number_and_left_of_the_motto() -> None:
    page = council_committee_header(number_top=124)
    box = agency_column_box(page)
    assert box is not None
    x0, top, x1, bottom = box
    assert x0 < 90 and top < 50
    assert 94 <= bottom < 124  # below the committee's line, above "Số:"
    assert 90 + 6 * len("NGÂN SÁCH") < x1 < MOTTO_X  # the whole agency column, none of the date line
    left = read_header(page).left
    assert all(x0 <= w.x0 and w.x1 <= x1 for line in left[:3] for w in line.words)


def test_readings_that_agree_on_an_entry_settle_the_issuer() -> None:
    readings = [
        ["ỦY BAN NHÂN DÂN ẲŒ", "TỈNH QUẢNG NAM", "TRUNG TÂM PHỤC VỤ", "HÀNH CHÍNH CÔNG ®"],
        ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NAM", "TRUNG TÂM PHỤC VỤ", "HÀNH CHÍNH CÔNG"],
    ]
    review = review_agencies(readings)
    assert review is not None and review.agreed
    assert (review.issuer, review.superior) == ("Trung tâm Phục vụ hành chính công", "Ủy ban nhân dân tỉnh Quảng Nam")
    superior = "Ủy ban nhân dân tỉnh Quảng Nam"
    record = DocumentRecord(file="x.pdf", sha256="0" * 64, issuer="Tàn Eẻ", superior=superior, needs_review=["issuer"])
    revised = revise_agencies(record, review)
    assert revised.issuer == "Trung tâm Phục vụ hành chính công" and revised.needs_review == []
    assert revised.field_sources["issuer"].startswith("header's agency column read again (2/2 readings)")


def test_readings_that_agree_on_no_superior_take_back_a_name_cut_in_two() -> None:
    """ "BỘ NÔNG NGHIỆP" / "VÀ PHÁT TRIỂN NÔNG THÔN" read once as a superior ("Bộ Công nghiệp", the
    nearest entry) above an unread issuer: the column read again is one ministry, and no superior."""
    lines = ["BỘ NÔNG NGHIỆP -", "VÀ PHÁT TRIỂN NÔNG THÔN"]
    review = review_agencies([lines, lines, ["BỘ NÔNG NGHIỆP.", "VÀ PHÁT TRIÊN NÔNG THÔN"]], "Bộ Công nghiệp")
    assert review is not None and review.agreed and review.superior is None
    record = DocumentRecord(
        file="x.pdf", sha256="0" * 64, issuer="Và Phat triến", superior="Bộ Công nghiệp", needs_review=["issuer"]
    )
    revised = revise_agencies(record, review)
    assert (revised.issuer, revised.superior) == ("Bộ Nông nghiệp và Phát triển nông thôn", None)
    assert revised.needs_review == []


def test_readings_that_disagree_or_find_only_the_superior_leave_the_issuer_for_review() -> None:
    split = [["UBND TỈNH BẮC NINH", "THANH TRA TỈNH"], ["UBND TỈNH BẮC NINH", "TH@NH TR& TÍNH"]]
    review = review_agencies(split)
    assert review is not None and not review.agreed and review.issuer == "Thanh tra tỉnh"
    record = DocumentRecord(file="x.pdf", sha256="0" * 64, issuer=None, needs_review=["issuer"])
    assert revise_agencies(record, review).needs_review == ["issuer"]
    # the issuer's own line lost again: the committee above it is not the issuer
    lost = [["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NAM"], ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NAM", "X7 ®"]]
    assert review_agencies(lost, superior_read="Ủy ban nhân dân tỉnh Quảng Nam") is None
    assert review_agencies([["@@ ##"], []]) is None
    assert not wants_column_look(DocumentRecord(file="x.pdf", sha256="0" * 64, issuer="Sở Nội vụ"))


def _first_page_only(pdf: bytes) -> bytes:
    source = pypdfium2.PdfDocument(pdf)
    single = pypdfium2.PdfDocument.new()
    single.import_pages(source, [0])
    out = io.BytesIO()
    single.save(out)
    return out.getvalue()


@pytest.mark.tesseract
def test_a_scanned_wrapped_agency_name_is_read_again(tmp_path: Path) -> None:
    """A generated scan (`--agencies wider`, seed 51, file 17): "TRUNG TÂM PHỤC VỤ" / "HÀNH CHÍNH
    CÔNG" beside the date line. The page's OCR reads the two lines as one line of letters; the
    column read on its own names the centre."""
    rng = random.Random("51:16")
    spec = build(KIND_BY_NAME["report.cchc"], rng, WIDER_AGENCIES)
    assert spec.agency.issuer == "Trung tâm Phục vụ hành chính công"
    scan = tmp_path / "bao-cao-scan.pdf"
    scan.write_bytes(_first_page_only(produce("scan", spec, rng).data))
    pool = OcrPool(1)
    try:
        record = extract_file(scan, pool=pool)
    finally:
        pool.close()
    first_reading = parse_fields(record.pages)
    assert first_reading.issuer != spec.agency.issuer  # what the page's OCR gave
    assert record.issuer == spec.agency.issuer
    assert record.superior == "Ủy ban nhân dân tỉnh Quảng Nam"
    assert record.number == spec.number
    assert record.field_sources["issuer"].startswith("header's agency column read again")
    assert "issuer" not in record.needs_review


def test_a_number_label_whose_value_reads_as_nothing_still_ends_the_agency_block() -> None:
    """ "số: Í444r-vp": handwritten digits ran into the symbol and no number reads; the agency lines
    above it and the "V/v" subject below it are the header's as on any công văn."""
    rows = [
        (110, 50, "BỘ TÀI CHÍNH"),
        (MOTTO_X, 50, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        (120, 66, "CỤC THUẾ"),
        (MOTTO_X + 30, 66, "Độc lập - Tự do - Hạnh phúc"),
        (100, 90, "số: Í444r-vp"),
        (MOTTO_X + 10, 90, "Hà Nội, ngày 9 tháng 10 năm 2023"),
        (80, 106, "V/v đôn đốc báo cáo kết quả thực"),
        (80, 122, "hiện công tác cải cách hành chính"),
        (80, 138, "năm 2023"),
        (200, 170, "Kính gửi: Các cơ quan, đơn vị có liên quan."),
        (90, 200, "Thực hiện Kế hoạch số 216/KH-CT ngày 24/12/2022 của Cục Thuế về cải cách hành chính;"),
    ]
    fields = parse_fields([page_from_rows(rows, method="ocr")])
    assert (fields.issuer, fields.superior) == ("Cục Thuế", "Bộ Tài chính")
    assert fields.doc_type == "CV"
    assert fields.subject == "đôn đốc báo cáo kết quả thực hiện công tác cải cách hành chính năm 2023"
    assert fields.number is None and "number" in fields.needs_review
    assert "issuer" not in fields.needs_review


def test_a_commune_the_readings_name_is_spelled_as_the_gazetteer_or_doubted() -> None:
    """The column's readings are OCR's too: two of three read "HOÀN KIỂM", the one ward with those
    letters is Hoàn Kiếm; a commune no list has leaves the issuer for review, however many agree."""
    misread = ["ỦY BAN NHÂN DÂN", "PHƯỜNG HOÀN KIỂM"]
    review = review_agencies([misread, misread, ["ỦY BAN NHÂN DÂN", "PHƯỜNG HOÀN KIẾM"]])
    assert review is not None and review.issuer == "Ủy ban nhân dân phường Hoàn Kiếm"
    unknown = ["ỦY BAN NHÂN DÂN", "XÃ TÂN LẶT"]
    doubted = review_agencies([unknown, unknown, unknown])
    assert doubted is not None and doubted.issuer == "Ủy ban nhân dân xã Tân Lặt" and not doubted.agreed
