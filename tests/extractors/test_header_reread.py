"""The second look at a scanned header's band, read on its own (issue 16): Tesseract's layout of a
whole photographed page had split the header's lines into their marks and their letters."""

import random
from pathlib import Path
from typing import Any

import pypdfium2
import pytest

from core.models import DocumentRecord, Page
from extractors.fields import parse_fields
from extractors.header_reread import header_band, sure_header_fields, take_band
from extractors.page_text import assemble_text
from extractors.pipeline import OcrPool, extract_file
from samples.generator.agencies import WIDER_AGENCIES
from samples.generator.kinds import KIND_BY_NAME, build
from samples.generator.variants import produce
from samples.scan_view import STYLES
from tests.extractors.nd30_pages import A4_HEIGHT, header_rows, page_from_rows


def header_page(*, number_line: str = "Số: 222/KH-UBND") -> Page:
    rows = header_rows(["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG"], "Lâm Đồng, ngày 11 tháng 01 năm 2025", number_line)
    rows += [(260, 150, "KẾ HOẠCH"), (200, 166, "Cải cách hành chính năm 2025")]
    basis = "Căn cứ Nghị quyết số 76/NQ-CP ngày 15 tháng 7 năm 2021 của Chính phủ;"
    rows += [(80, 240 + 14 * i, basis) for i in range(8)]
    return as_ocr_reads(page_from_rows(rows))


def scanned_record(**fields: Any) -> DocumentRecord:
    """A record of a scanned file as the page's OCR left it, with the given fields."""
    return DocumentRecord(file="x.pdf", sha256="0" * 64, **fields)


def as_ocr_reads(page: Page) -> Page:
    """The page as OCR gives it: confidences, and each word's place in the page's text."""
    text, words = assemble_text([w.model_copy(update={"confidence": 95.0}) for w in page.words])
    return page.model_copy(update={"method": "ocr", "text": text, "words": words})


def test_the_band_ends_in_a_gap_between_lines_below_the_title() -> None:
    page = header_page()
    box = header_band(page)
    assert box is not None
    cut = box[3]
    assert 0.28 * A4_HEIGHT <= cut <= 0.42 * A4_HEIGHT
    assert not any(w.top < cut - 1 < w.bottom for w in page.words)  # no line cut through
    assert header_band(page.model_copy(update={"words": []})) is None


def test_the_band_s_reading_is_taken_only_with_more_sure_header_fields() -> None:
    band = header_page()
    record = scanned_record(
        doc_type="KH",
        number="222/KH-UBND-L",
        issuer="Ủy ban nhân dân Cộng",
        place="Đồng",
        issue_date=None,
        subject="Cải cách hành chính năm 2025",
        needs_review=["issuer", "issue_date", "signer"],
        field_sources={"signer": "kept"},
    )
    taken = take_band(record, band).record
    assert (taken.number, taken.issuer, taken.place, str(taken.issue_date)) == (
        "222/KH-UBND",
        "Ủy ban nhân dân tỉnh Lâm Đồng",
        "Lâm Đồng",
        "2025-01-11",
    )
    assert taken.needs_review == ["signer"] and taken.field_sources["signer"] == "kept"
    assert taken.field_sources["header"].startswith("header band read again on its own: 5 of 5 header fields sure")
    assert taken.subject == record.subject  # the subject is never the band's
    # a band that reads no better leaves the record as it was
    worse = header_page(number_line="Số: ./KH-UBND")
    assert sure_header_fields(parse_fields([worse])) < 5
    sure = record.model_copy(update={"number": "222/KH-UBND", "issue_date": taken.issue_date, "needs_review": []})
    assert take_band(sure, worse).record is sure


@pytest.mark.tesseract
def test_a_photographed_header_read_badly_on_the_page_is_read_on_its_own(tmp_path: Path) -> None:
    """A generated plan (`--agencies wider`, seed 61, file 16) photographed (`scan_view` photo style,
    seed 2): the page's OCR reads three header fields sure, the band all but the issuer, in review."""
    rng = random.Random("61:15")
    spec = build(KIND_BY_NAME["plan.cchc"], rng, WIDER_AGENCIES)
    digital = tmp_path / "ke-hoach.pdf"
    digital.write_bytes(produce("digital", spec, rng).data)
    document = pypdfium2.PdfDocument(digital)
    try:
        image, dpi = STYLES["photo"](document[0], random.Random(2))
    finally:
        document.close()
    photo = tmp_path / "ke-hoach-photo.pdf"
    image.save(photo, "PDF", resolution=dpi)
    pool = OcrPool(1)
    try:
        record = extract_file(photo, pool=pool)
    finally:
        pool.close()
    assert sure_header_fields(parse_fields(record.pages)) < 4  # the page's own reading
    assert record.field_sources["header"].startswith("header band read again on its own")
    assert (record.number, record.place, record.issue_date) == (spec.number, "Lâm Đồng", spec.issue_date)
    assert record.issuer == spec.agency.issuer


def test_a_band_that_lost_the_issuer_s_lines_keeps_the_page_s_agencies() -> None:
    """The band read "BẢO HIỂM XÃ HỘI VIỆT NAM" and nothing under it: the page's superior is no
    issuer. Its number and date are still taken; the issuer stays the page's, in review."""
    rows = header_rows(["BẢO HIỂM XÃ HỘI VIỆT NAM"], "An Giang, ngày 04 tháng 12 năm 2024", "Số: 369/QĐ-BHXH")
    band = as_ocr_reads(
        page_from_rows([*rows, (260, 150, "QUYẾT ĐỊNH"), (200, 166, "Về việc công nhận sáng kiến năm 2024")])
    )
    record = scanned_record(
        doc_type="QĐ",
        number="/QĐ-BHXH",
        issuer="Bảo hiểm xã hội tỉnh An An Gi Giang",
        superior="Bảo hiểm xã hội Việt Nam",
        place="An Giang",
        needs_review=["number", "issuer", "issue_date"],
    )
    reading = take_band(record, band)
    assert not reading.agencies_taken
    assert (reading.record.issuer, reading.record.superior) == (record.issuer, record.superior)
    assert reading.record.number == "369/QĐ-BHXH" and str(reading.record.issue_date) == "2024-12-04"
    assert reading.record.needs_review == ["issuer"]


def test_digits_written_by_hand_alone_do_not_call_for_the_band() -> None:
    """A number whose symbol was read and a date whose typed month was: the blanks were filled by
    hand, which the band reads no better (the handwriting looks try them); anything else unsure does."""
    from extractors.header_reread import wants_band_look

    by_hand = scanned_record(
        doc_type="CV",
        issuer="Sở Nội vụ",
        place="Phú Thọ",
        number="/SNV-VP",
        issue_month="2011-12",
        needs_review=["number", "issue_date"],
    )
    assert not wants_band_look(by_hand)
    assert not wants_band_look(by_hand.model_copy(update={"number": "-CV/TU"}))  # the Party's form
    assert wants_band_look(by_hand.model_copy(update={"issue_month": None}))  # no typed month either
    assert wants_band_look(by_hand.model_copy(update={"needs_review": ["number", "issue_date", "issuer"]}))
    assert wants_band_look(by_hand.model_copy(update={"number": None}))
