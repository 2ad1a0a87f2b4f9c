"""Handwritten digits: believed only when the readings agree, never invented."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from core.models import Page, Word
from extractors.handwriting import day_blank, number_blank, read_digits
from extractors.pipeline import ExtractionOptions, extract_file

pytestmark = pytest.mark.tesseract
REALDOCS = Path(__file__).parents[1] / "fixtures" / "realdocs"


def digits_image(text: str) -> Image.Image:
    image = Image.new("RGB", (260, 90), "white")
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 48)
    ImageDraw.Draw(image).text((20, 15), text, fill=(20, 30, 160), font=font)
    return image


def test_clear_digits_are_agreed_on() -> None:
    reading = read_digits(digits_image("1772"))
    assert reading.value == "1772"
    assert reading.votes >= 3
    assert "agreed on 1772" in reading.describe()


def test_digits_on_a_photos_grey_paper_are_read() -> None:
    """A date's day on a photographed page: grey paper, grey-black print. Padded with white, the
    paper passed for ink and the digits-only look read nothing."""
    image = Image.new("RGB", (260, 90), (150, 146, 140))
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 48)
    ImageDraw.Draw(image).text((20, 15), "31", fill=(60, 58, 55), font=font)
    assert read_digits(image).value == "31"


def test_a_blank_gives_no_value() -> None:
    reading = read_digits(Image.new("RGB", (200, 80), "white"))
    assert reading.value is None


def test_blanks_are_found_next_to_the_typed_words() -> None:
    def w(text: str, x0: float, x1: float, top: float = 80) -> Word:
        return Word(text=text, x0=x0, top=top, x1=x1, bottom=top + 12)

    page = Page(
        page=1,
        method="ocr",
        text="",
        width=595,
        height=842,
        words=[
            w("Số:", 60, 80),
            w("/QĐ-UBND", 120, 180),
            w("Đồng", 300, 330),
            w("Nai,", 332, 355),
            w("ngày", 358, 385),
            w("tháng", 410, 440),
            w("5", 443, 450),
        ],
    )
    number = number_blank(page)
    day = day_blank(page)
    assert number is not None and number[0] > 80 and number[2] <= 121
    assert day is not None and day[0] > 385 and day[2] < 410


def test_real_handwritten_numbers_are_flagged_never_wrong() -> None:
    for name, truth in [
        ("dongnai-qd-1772-2025-scan.pdf", "1772/QĐ-UBND"),
        ("phutho-stttt-cv-275-2011-scan.pdf", "275/STTTT-CNTT"),
    ]:
        record = extract_file(REALDOCS / name, ExtractionOptions(tag=False))
        assert "number" in record.needs_review, name
        assert record.number is not None
        symbol = truth[truth.index("/") :]
        assert record.number.endswith(symbol), (name, record.number)
        digits = record.number[: -len(symbol)]
        assert digits in ("", truth[: truth.index("/")]), (name, record.number)  # right, or left blank


def test_the_short_number_blank_stops_before_the_slash_the_full_one_reaches_it() -> None:
    """ "283/QĐ-TTPVHCC" as one word: the blank is its digits' share of the word; the second try stops
    a third of a character short of it, so no edge of the "/" is cut with the digits (on a scanned
    page one spoiled every digits-only reading; on another the short blank cut the last digit)."""
    from extractors.handwriting import number_blank_short

    words = [
        Word(text="Số:", x0=109.7, top=136.6, x1=128.4, bottom=147.8),
        Word(text="283/QĐ-TTPVHCC", x0=134.6, top=137.8, x1=254.4, bottom=149.5),
    ]
    page = Page(page=1, method="ocr", text="Số: 283/QĐ-TTPVHCC", width=595, height=842, words=words)
    full, short = number_blank(page), number_blank_short(page)
    character = (254.4 - 134.6) / len("283/QĐ-TTPVHCC")
    assert full is not None and short is not None and full[0] == short[0] > 128.4
    assert full[2] == pytest.approx(134.6 + 3 * character)
    assert short[2] == pytest.approx(134.6 + 2.65 * character)


def test_digits_too_large_for_tesseract_at_twice_the_crop_are_read_at_a_set_height() -> None:
    """A photographed gazette's italic day "21", cut at 400 dpi: at twice that every reading's
    confidence was 19 and nothing agreed; read again 100 px tall, the readings give 21."""
    from extractors.handwriting import _read_digits_at

    crop = Image.open(Path(__file__).parents[1] / "fixtures" / "photos" / "photo-italic-day-21.png")
    assert _read_digits_at(crop, None).votes == 0
    reading = read_digits(crop)
    assert reading.votes >= 2 and set(filter(None, reading.readings)) == {"21"}


def test_a_number_the_body_cites_is_no_blank_of_the_headers_number() -> None:
    """The header's "Số: 262 JKH-SKHĐT" (a pen's digits, the slash read as a letter) has no "/": the
    first "số" with one was the body's "Nghị quyết số 76/NQ-CP", whose typed 76 every reading agreed
    on — and was written, sure, into "/KH-SKHĐT". Given the number's symbol, only a word ending with it
    is the number's."""
    from extractors.handwriting import number_label, printed_digits

    def w(text: str, x0: float, x1: float, top: float) -> Word:
        return Word(text=text, x0=x0, top=top, x1=x1, bottom=top + 12)

    words = [
        w("số:", 130, 150, 120),
        w("262", 155, 180, 120),
        w("JKH-SKHĐT", 184, 260, 120),
        w("Nghị", 100, 125, 190),
        w("quyết", 128, 160, 190),
        w("số", 163, 175, 190),
        w("76/NQ-CP", 178, 230, 190),
    ]
    page = Page(page=1, method="ocr", text="", width=595, height=842, words=words)
    assert number_blank(page) is not None and printed_digits(page) == "76"  # without the symbol: the citation
    assert number_blank(page, "KH-SKHĐT") is None
    assert printed_digits(page, "KH-SKHĐT") is None and number_label(page, "KH-SKHĐT") is None
    header = [w("Số:", 130, 150, 120), w("523/KH-SKHĐT", 155, 240, 120), *words[3:]]
    typed = Page(page=1, method="ocr", text="", width=595, height=842, words=header)
    assert printed_digits(typed, "KH-SKHĐT") == "523"
    assert number_blank(typed, "KH-SKHĐT") is not None
    doubled_words = [header[0], w("406/QĐĐ-BKTNS", 155, 240, 120)]
    doubled = Page(page=1, method="ocr", text="", width=595, height=842, words=doubled_words)
    assert printed_digits(doubled, "QĐ-BKTNS") == "406"  # the symbol reported repaired, one letter off


def test_the_partys_number_blank_ends_at_the_dash_before_its_type() -> None:
    """ "Số 25-QĐ/QU" (Hướng dẫn 36): the pen's digits stand before the dash, and the typed part after
    it is the symbol the blank is found by; "25" of "25-QĐ/QU" is what OCR printed there."""
    from extractors.handwriting import number_label, printed_digits

    def w(text: str, x0: float, x1: float, top: float = 120) -> Word:
        return Word(text=text, x0=x0, top=top, x1=x1, bottom=top + 12)

    blank_page = Page(
        page=1, method="ocr", text="", width=595, height=842, words=[w("số", 130, 146), w("-QĐ/QU", 190, 240)]
    )
    blank = number_blank(blank_page, "QĐ/QU")
    assert blank is not None and blank[0] > 146 and blank[2] == pytest.approx(190)
    assert number_label(blank_page, "QĐ/QU") == (130, 120, 146, 132)
    typed = Page(
        page=1, method="ocr", text="", width=595, height=842, words=[w("Số", 130, 146), w("25-QĐ/QU", 150, 210)]
    )
    assert printed_digits(typed, "QĐ/QU") == "25" and printed_digits(typed, "KH/TU") is None
    found = number_blank(typed, "QĐ/QU")
    assert found is not None and found[2] == pytest.approx(150 + 60 * 2 / len("25-QĐ/QU"))
