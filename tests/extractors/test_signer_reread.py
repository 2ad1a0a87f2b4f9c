"""A second look at a scanned signer block: the column beside "Nơi nhận" read alone three ways."""

from __future__ import annotations

import random
from pathlib import Path

from core.models import Page, Signer
from extractors.pipeline import OcrPool, extract_file, reread_signer
from extractors.signer_reread import review_signer, signer_box
from samples.generator.kinds import KIND_BY_NAME, build
from samples.generator.variants import produce
from tests.extractors.nd30_pages import page_from_rows

COLUMN = "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nNguyễn Văn Hùng\n"


def test_what_two_readings_agree_on_fills_what_the_first_left_empty() -> None:
    review = review_signer(Signer(name="Nguyễn Văn Hùng", capacity="TM."), [COLUMN, COLUMN, "TM. ỦY BAN\nNên hong"])
    assert review is not None and review.signer == Signer(name="Nguyễn Văn Hùng", title="Chủ tịch", capacity="TM.")
    assert review.filled == ("title",) and not review.unanimous
    assert "title 'Chủ tịch'" in review.source


def test_one_reading_alone_or_parts_already_read_change_nothing() -> None:
    assert review_signer(Signer(capacity="TM."), [COLUMN, "Nên hong", "x. ko,"]) is None
    # the first reading's name stays, though the column reads another
    read = Signer(name="Nguyễn Văn Hưng", title="Chủ tịch", capacity="TM.")
    assert review_signer(read, [COLUMN, COLUMN, COLUMN]) is None


def test_the_column_is_found_beside_nơi_nhận_or_under_the_capacity_line() -> None:
    rows = [(60.0, 600.0, "Nơi nhận:"), (330.0, 590.0, "TM. ỦY BAN NHÂN DÂN"), (60.0, 616.0, "- Như trên;")]
    box = signer_box(page_from_rows(rows, method="ocr"))
    assert box is not None and box[0] < 330.0 and box[1] < 590.0 and box[3] > 700.0
    lost_label = [(70.0, 600.0, "x. ko,"), (330.0, 600.0, "TM. ỦY BAN NHÂN DÂN")]
    assert signer_box(page_from_rows(lost_label, method="ocr")) is not None
    assert signer_box(page_from_rows([(60.0, 100.0, "Căn cứ Luật Tổ chức")], method="ocr")) is None
    assert signer_box(Page(page=1, method="ocr", text="")) is None


def test_a_title_or_name_the_page_s_ocr_lost_is_read_from_the_column(tmp_path: Path) -> None:
    """A generated scan (a plan, seed "sig:0"): the page's OCR read the block; with its title, then its
    name taken away, the column read on its own gives them back, for review."""
    rng = random.Random("sig:0")
    spec = build(KIND_BY_NAME["plan.cchc"], rng)
    scan = tmp_path / "ke-hoach-scan.pdf"
    scan.write_bytes(produce("scan", spec, rng).data)
    pool = OcrPool(1)
    try:
        record = extract_file(scan, pool=pool)
        assert record.signer is not None and record.signer.title == spec.signer.title
        no_title = record.model_copy(update={"signer": record.signer.model_copy(update={"title": None})})
        titled = reread_signer(no_title, str(scan), pool)
        no_name = record.model_copy(update={"signer": record.signer.model_copy(update={"name": None})})
        named = reread_signer(no_name, str(scan), pool)
    finally:
        pool.close()
    assert titled.signer is not None and titled.signer.title == spec.signer.title
    assert "signer" in titled.needs_review and titled.field_sources["signer"].startswith("signer's column read again")
    assert named.signer is not None and named.signer.name == spec.signer.name
