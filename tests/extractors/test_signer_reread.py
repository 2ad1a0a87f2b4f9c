"""A second look at a scanned signer block: the column beside "Nơi nhận" read alone three ways."""

from __future__ import annotations

import math
import random
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFont

from core.models import Page, Signer
from extractors.pipeline import OcrPool, extract_file, reread_signer
from extractors.signer_reread import read_block_again, review_signer, signer_box
from samples.generator.fonts import font_path
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


def _column_signed_in_blue(name: str) -> Image.Image:
    """A signer's column printed black on tinted paper, a blue signature's strokes over the name (the
    ink multiplies with the print, as on paper)."""
    bold = ImageFont.truetype(str(font_path("DejaVuSerif-Bold.ttf")), 34)
    page = Image.new("RGB", (760, 420), (250, 248, 240))
    draw = ImageDraw.Draw(page)
    draw.text((200, 20), "KT. GIÁM ĐỐC", font=bold, fill=(20, 20, 20))
    draw.text((190, 70), "PHÓ GIÁM ĐỐC", font=bold, fill=(20, 20, 20))
    draw.text((185, 330), name, font=bold, fill=(20, 20, 20))
    ink = Image.new("RGB", page.size, "white")
    pen = ImageDraw.Draw(ink)
    pen.line([(150 + t * 5, 345 + 35 * math.sin(t / 4.0)) for t in range(90)], fill=(40, 70, 180), width=6)
    pen.line([(170 + t * 6, 300 + t * 1.2 + 20 * math.sin(t / 3.0)) for t in range(80)], fill=(60, 90, 200), width=5)
    return ImageChops.multiply(page, ink)


def test_a_name_under_a_signature_is_read_with_the_signature_painted_out() -> None:
    """Tesseract reads the strokes' crossings as marks ("` ˆˆ Av") on all three thresholdings; with
    the blue painted out the name is read twice, enough to fill it (for review)."""
    column = _column_signed_in_blue("Lê Ngọc Hương")
    readings = read_block_again(column)
    assert len(readings) == 6
    assert not any("Hương" in text for text in readings[:3])
    review = review_signer(Signer(title="Phó Giám đốc", capacity="KT."), readings)
    assert review is not None and review.signer.name == "Lê Ngọc Hương" and review.filled == ("name",)
