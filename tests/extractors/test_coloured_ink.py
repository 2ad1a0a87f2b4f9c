"""Coloured ink painted out before OCR reads: of a crop read again, and of a page's stamps and
signatures (not of figures written in by hand). Print stays, however tinted."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFont

from extractors.coloured_ink import (
    STAMP_CHROMA,
    brightest_and_spread,
    coloured_mask,
    paint_out_stamps,
    paper_tint,
    stamp_boxes,
    without_coloured_ink,
)
from extractors.pipeline import ExtractionOptions, extract_file
from samples.generator.fonts import font_path
from samples.generator.kinds import KIND_BY_NAME, build
from samples.generator.variants import produce


def test_coloured_ink_is_painted_out_and_print_kept_however_tinted() -> None:
    pixels = np.array(
        [[(20, 20, 20), (40, 45, 75), (40, 70, 180), (200, 40, 40), (180, 190, 235), (245, 240, 228)]], np.uint8
    )
    cleaned = without_coloured_ink(Image.fromarray(np.repeat(pixels, 10, axis=0)))
    assert cleaned is not None
    row = [tuple(int(c) for c in pixel) for pixel in np.asarray(cleaned)[0]]
    # black print and print under a blue cast stay; a pen's blue, a seal's red, a stroke's light edge go
    assert row[:2] == [(20, 20, 20), (40, 45, 75)] and row[2:5] == [(255, 255, 255)] * 3
    assert row[5] == (245, 240, 228)  # the paper's own tint is no ink
    black_and_white = Image.fromarray(np.repeat(pixels[:, [0, 5]], 10, axis=0))
    assert without_coloured_ink(black_and_white) is None


SAMPLES = Path(__file__).parents[2] / "samples"
DPI = 150
PAPER = (246, 241, 228)  # a cream sheet: no ink
VIOLET = (70, 45, 150)
BLUE_PEN = (28, 48, 150)


def _mm(value: float) -> int:
    return round(value * DPI / 25.4)


def _stamped_page() -> tuple[np.ndarray, dict[str, tuple[int, int]]]:
    """A cream page: a black line of print, a violet arrival stamp (a frame, a big word, grey-violet
    labels) printed over it, and small figures written in blue on a blank elsewhere."""
    page = Image.new("RGB", (_mm(210), _mm(150)), PAPER)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(font_path("DejaVuSerif-Bold.ttf")), _mm(6))
    draw.text((_mm(40), _mm(40)), "Về việc phê duyệt", font=font, fill=(25, 25, 25))
    stamp = Image.new("RGB", page.size, "white")
    pen = ImageDraw.Draw(stamp)
    pen.rectangle((_mm(20), _mm(30), _mm(80), _mm(62)), outline=VIOLET, width=_mm(0.6))
    pen.text((_mm(24), _mm(44)), "ĐẾN", font=font, fill=VIOLET)
    pen.text((_mm(50), _mm(34)), "Số:", font=font, fill=(150, 135, 190))
    pen.text((_mm(120), _mm(100)), "203", font=font, fill=BLUE_PEN)  # a blank filled in by hand
    rgb = np.asarray(ImageChops.multiply(page, stamp))
    spots = {"paper": (_mm(20), _mm(150)), "figure": _ink_spot(rgb, (_mm(120), _mm(100), _mm(140), _mm(110)))}
    return rgb, spots


def _ink_spot(rgb: np.ndarray, box: tuple[int, int, int, int]) -> tuple[int, int]:
    left, top, right, bottom = box
    region = rgb[top:bottom, left:right].astype(int).sum(axis=2)
    row, column = np.unravel_index(region.argmin(), region.shape)
    return int(top + row), int(left + column)


def test_grey_print_on_cream_paper_takes_the_paper_s_tint_and_is_no_ink() -> None:
    """Ink lies on the paper: a letter's grey edge on yellowed paper is the paper's tint scaled down,
    and is grey again once the tint is taken out (by subtraction it would lean blue by half the
    tint, a stamp's pale edge's spread)."""
    paper = (240, 232, 218)
    page = np.full((400, 400, 3), paper, np.uint8)
    page[100:300, 100:110] = [round(100 * channel / 255) for channel in paper]  # (94, 91, 85)
    page[100:300, 200:210] = VIOLET
    brightest, spread = brightest_and_spread(page, paper_tint(page))
    assert spread[150, 105] <= 3 and spread[150, 5] <= 3  # the letter's edge and the paper: neutral
    assert brightest[150, 5] >= 253
    assert coloured_mask(page, chroma=STAMP_CHROMA)[150, 205]


def test_a_stamp_over_print_is_painted_out_the_print_and_handwritten_figures_kept() -> None:
    rgb, spots = _stamped_page()
    grey = np.asarray(Image.fromarray(rgb).convert("L")).copy()
    before = grey.copy()
    assert len(paint_out_stamps(grey, rgb, DPI)) == 1
    coloured = coloured_mask(rgb)
    stamp_area = np.zeros_like(coloured)
    stamp_area[_mm(30) : _mm(62), _mm(20) : _mm(80)] = True
    paper = grey[spots["paper"]]
    assert (grey[coloured & stamp_area] == paper).all()  # the frame, the word and the labels: paper now
    printed = (rgb.max(axis=2) < 80) & stamp_area
    assert printed.sum() > 200 and (grey[printed] == before[printed]).all()  # the print under the stamp
    assert grey[spots["figure"]] == before[spots["figure"]] < 200  # too small to be a stamp
    assert not coloured[spots["paper"]] and paper < 250  # the cream paper is no ink, and stays cream


def test_print_in_colour_is_no_stamp_and_a_black_page_has_none() -> None:
    blue_print = np.full((_mm(150), _mm(210), 3), PAPER, np.uint8)
    blue_print[_mm(10) : _mm(140) : _mm(5), _mm(10) : _mm(200)] = BLUE_PEN  # every line printed in blue
    assert stamp_boxes(blue_print, DPI) == []
    rgb, _ = _stamped_page()
    black = np.repeat(np.asarray(Image.fromarray(rgb).convert("L"))[..., None], 3, axis=2)
    assert stamp_boxes(black, DPI) == []


def test_a_subject_under_a_receiver_s_stamp_is_read_and_put_under_review(tmp_path: Path) -> None:
    """A generated decision (seed "arrival:2") with a violet "ĐẾN" stamp printed over its subject:
    with the stamp in the page's picture, OCR read its labels and figures into the subject ("Về việế
    È6 kiêñT toàn …"). Painted out, the subject is read as printed, still for review (words under a
    stamp), and the page says where the stamp was painted out."""
    rng = random.Random("arrival:2")
    spec = build(KIND_BY_NAME["decision.steering"], rng)
    scan = tmp_path / "quyet-dinh-den.pdf"
    scan.write_bytes(produce("arrival_stamp", spec, rng).data)
    record = extract_file(scan, ExtractionOptions(tag=False))
    first = record.pages[0]
    assert len(first.stamps) == 1 and "painted out before OCR" in first.reason
    x0, top, _, _ = first.stamps[0]
    assert x0 < 0.5 * first.width and top < 0.5 * first.height  # the receiver's stamp, under the header
    assert record.subject == spec.subject
    assert (
        "subject" in record.needs_review and "stamp in colour lay over the subject" in record.field_sources["subject"]
    )


def test_a_title_under_a_signature_is_read_by_the_page_s_ocr_once_the_ink_is_painted_out() -> None:
    """A sample letter signed in blue over its signer's title ("Chánh Văn phòng"): with the ink in
    the page's picture, OCR lost the title and only the signer's column read again found it."""
    record = extract_file(SAMPLES / "004-cv-don-doc-handwritten.pdf", ExtractionOptions(tag=False))
    assert record.signer is not None and record.signer.title == "Chánh Văn phòng"
    assert "signer" not in record.field_sources  # read with the page, not by the second look
    assert any(page.stamps for page in record.pages[1:])
