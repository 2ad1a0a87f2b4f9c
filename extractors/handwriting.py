"""Digits written by hand into a typed form ("Số: 1772/QĐ-UBND", "ngày 30 tháng 5"), read honestly.

Tesseract reads print, not handwriting. We still try, the way a careful clerk would: crop the blank
next to the typed words, prepare it several ways (grey, binarised, ink colour, thickened strokes),
read digits only, and believe a value only when most readings agree. Even then the value is a
suggestion: the field stays in `needs_review`. A value nobody agrees on is not returned at all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter, ImageOps

from core.models import Page, PointBox, Word
from extractors import tesseract_api
from extractors.normalize import compact_key, edit_distance, fold
from extractors.numbers import joint_index, split_number
from extractors.ocr import TESSERACT_TIMEOUT_SECONDS, PageImage, limit_tesseract_threads, render_box

RENDER_DPI = 400
MIN_AGREEING = 3  # of the 4 readings (one per preparation)
MIN_CONFIDENCE = 50.0
# A blank whose readings did not agree is read again at this height in pixels (digits some 40 px
# tall, the size Tesseract reads surely); twice the crop's 400 dpi made typed digits 130 px tall and
# read at confidence 19 ("21" in italics on a photographed page).
DIGITS_CROP_HEIGHT = 100


@dataclass(frozen=True)
class DigitReading:
    value: str | None  # the agreed digits, or None
    votes: int
    readings: tuple[str, ...]  # every reading, for the record of how it was decided

    def describe(self) -> str:
        shown = ", ".join(r or "∅" for r in self.readings)
        verdict = f"agreed on {self.value}" if self.value else "no agreement"
        return f"handwritten digits: {verdict} ({self.votes}/{len(self.readings)}: {shown})"


def line_of(words: list[Word], anchor: Word) -> list[Word]:
    """The words on the same printed line as `anchor`, left to right."""
    middle = (anchor.top + anchor.bottom) / 2
    height = anchor.bottom - anchor.top
    return sorted((w for w in words if abs((w.top + w.bottom) / 2 - middle) < height * 0.8), key=lambda w: w.x0)


def _number_labels(page: Page, symbol: str | None = None) -> Iterator[tuple[Word, Word]]:
    """Each "Số:" label in the top of the page with the first word after it that holds the "/" —
    and, given the number's `symbol`, ends with it: a text the body cites ("Nghị quyết số 76/NQ-CP")
    is no blank of the header's number, whose slash OCR may have lost ("262 JKH-SKHĐT")."""
    for word in page.words:
        if word.top > page.height * 0.35 or fold(word.text).lower().rstrip(":.") not in {"so", "s6", "s0"}:
            continue
        slash = next((w for w in line_of(page.words, word) if w.x0 > word.x0 and joint_index(w.text) is not None), None)
        if slash is not None and (symbol is None or _ends_with_symbol(slash.text, symbol)):
            yield word, slash


def _ends_with_symbol(text: str, symbol: str) -> bool:
    """Does the word's part after the digits ("/", or the Party's "-" before its type) end with the
    symbol, or differ from it by one letter (the record's symbol is repaired: "QĐĐ-BKTNS" read,
    "QĐ-BKTNS" reported)?"""
    key = compact_key(symbol).upper()
    read = compact_key(split_number(text)[2]).upper()
    return bool(key) and (read.endswith(key) or edit_distance(read, key, 1) <= 1)


SLASH_MARGIN = 0.35  # of a character's width


def _blank_and_slash(page: Page, symbol: str | None) -> tuple[PointBox, Word] | None:
    """The blank between "Số:" and the typed "/SYMBOL", with the word holding the slash."""
    for word, slash in _number_labels(page, symbol):
        if slash.x0 - word.x1 > 200:
            continue
        slash_x = slash.x0 + (slash.x1 - slash.x0) * (joint_index(slash.text) or 0) / max(len(slash.text), 1)
        height = word.bottom - word.top
        return (word.x1 + 1, word.top - height, slash_x, word.bottom + height * 0.5), slash
    return None


def number_blank(page: Page, symbol: str | None = None) -> PointBox | None:
    """The blank between "Số:" and the typed "/SYMBOL" (the Party's "-TYPE/BODY") in the header of page 1."""
    found = _blank_and_slash(page, symbol)
    return found[0] if found else None


def number_blank_short(page: Page, symbol: str | None = None) -> PointBox | None:
    """`number_blank` stopped short of where the "/" starts by an estimate: the characters' share of
    the word put an edge of the slash in the blank on one page (every reading failed) and cut the
    last digit on another, so the short blank is the second try."""
    found = _blank_and_slash(page, symbol)
    if found is None:
        return None
    blank, slash = found
    character = (slash.x1 - slash.x0) / max(len(slash.text), 1)
    return blank[0], blank[1], max(blank[2] - SLASH_MARGIN * character, blank[0] + 1), blank[3]


def number_label(page: Page, symbol: str | None = None) -> PointBox | None:
    """The box of the typed "Số:" before the number's blank, to compare the blank's ink with."""
    for word, _ in _number_labels(page, symbol):
        return word.x0, word.top, word.x1, word.bottom
    return None


def printed_digits(page: Page, symbol: str | None = None) -> str | None:
    """The digits OCR read before the "/" of the number ("523" of "523/KH-SVHTTDL", "25" of the Party's
    "25-QĐ/QU"), however unsure:
    the first reading a second look can agree with."""
    for _, slash in _number_labels(page, symbol):
        digits = split_number(slash.text)[0]
        return digits if digits.isdigit() else None
    return None


def day_blank(page: Page) -> PointBox | None:
    """The blank between "ngày" and "tháng" on the place-and-date line."""
    for word in page.words:
        if word.top > page.height * 0.35 or fold(word.text).lower() != "ngay":
            continue
        line = [w for w in line_of(page.words, word) if w.x0 > word.x0]
        month = next((w for w in line if fold(w.text).lower().startswith("th")), None)
        if month is None or month.x0 - word.x1 > 120:
            continue
        height = word.bottom - word.top
        return (word.x1 + 1, word.top - height, month.x0 - 1, word.bottom + height * 0.5)
    return None


def _preparations(crop: Image.Image) -> list[Image.Image]:
    rgb = np.asarray(crop.convert("RGB")).astype(np.int16)
    gray = np.asarray(crop.convert("L"))
    threshold = float(gray.mean()) * 0.75
    binary = Image.fromarray(((gray > threshold) * 255).astype(np.uint8))
    # Blue ink (the usual pen) stands out as blue minus red; black ink as darkness.
    ink = np.clip(np.maximum((rgb[..., 2] - rgb[..., 0]) * 3, 255 - gray.astype(np.int16)), 0, 255)
    ink_image = Image.fromarray((255 - ink).astype(np.uint8))
    thick = binary.filter(ImageFilter.MinFilter(3))
    return [crop.convert("L"), binary, ink_image, thick]


def read_digits(image: Image.Image) -> DigitReading:
    """The digits in `image`, read four ways at twice its resolution; when they do not agree, again
    at a set height (typed italic digits read at confidence 19 twice as large, 86 at that height)."""
    first = _read_digits_at(image, None)
    if first.value is not None:
        return first
    second = _read_digits_at(image, DIGITS_CROP_HEIGHT)
    return second if second.votes > first.votes else first


def _read_digits_at(image: Image.Image, height: int | None) -> DigitReading:
    readings: list[str] = []
    for prepared in _preparations(image):
        # padded with its own paper: white around a photo's grey paper would make the paper pass for ink
        paper = int(np.percentile(np.asarray(prepared), 90))
        factor = 2.0 if height is None else height / max(prepared.height, 1)
        size = (max(1, round(prepared.width * factor)), max(1, round(prepared.height * factor)))
        enlarged = ImageOps.expand(prepared.resize(size), 30, fill=paper)
        for mode in (7,):  # one text line; single-word mode (8) returned nothing on digits here
            rows = tesseract_api.image_to_data(
                enlarged, "eng", mode, TESSERACT_TIMEOUT_SECONDS, {"tessedit_char_whitelist": "0123456789"}
            )
            pieces = [(row.text.strip(), float(row.conf)) for row in rows if row.text.strip()]
            confident = pieces and min(c for _, c in pieces) >= MIN_CONFIDENCE
            readings.append("".join(t for t, _ in pieces) if confident else "")
    counted = Counter(r for r in readings if r)
    value, votes = counted.most_common(1)[0] if counted else (None, 0)
    return DigitReading(value if votes >= MIN_AGREEING else None, votes, tuple(readings))


def cut_blank(image: PageImage, box: PointBox) -> Image.Image:
    """The blank `box` cut from the page OCR read (straightened, so the box of its words holds the
    digits), enlarged to the resolution the digits are read at."""
    crop = image.crop(box)
    factor = RENDER_DPI / 72 / image.scale
    size = (max(1, round(crop.width * factor)), max(1, round(crop.height * factor)))
    return crop.resize(size, Image.Resampling.BICUBIC)


# Ink is what is this much darker than the crop's paper; a pen's ink is blue: its blue minus red
# exceeds the typed word's beside it by this much (a colour cast of a photo shifts both alike).
INK_BELOW_PAPER = 60
MIN_INK_PIXELS = 12
PEN_BLUE_MARGIN = 28.0


def _blueness(image: Image.Image) -> float | None:
    """Mean blue minus red of the ink in `image`; None when it holds next to no ink."""
    rgb = np.asarray(image.convert("RGB")).astype(np.int16)
    grey = rgb.mean(axis=2)
    paper = float(np.percentile(grey, 90))
    ink = grey < paper - INK_BELOW_PAPER
    if int(ink.sum()) < MIN_INK_PIXELS:
        return None
    return float((rgb[..., 2] - rgb[..., 0])[ink].mean())


def written_in_pen(blank: Image.Image, label: Image.Image) -> bool:
    """Is the ink in `blank` a pen's: bluer than the typed `label` beside it ("ngày")? A grey scan
    shows no colour and says no."""
    blank_blue, label_blue = _blueness(blank), _blueness(label)
    return blank_blue is not None and label_blue is not None and blank_blue - label_blue >= PEN_BLUE_MARGIN


def render_written_in_pen(pdf_path: str, page: Page, blank: PointBox, label: PointBox) -> bool:
    """Worker entry point for `written_in_pen` where OCR's image of the page is not at hand."""
    return written_in_pen(*(render_box(pdf_path, page.page - 1, box, RENDER_DPI) for box in (blank, label)))


def read_blank(pdf_path: str, page: Page, box: PointBox) -> DigitReading:
    """Worker entry point where OCR's image of the page is not at hand: render the blank `box` of
    page `page.page` of the PDF and read its digits. Only the blank is rendered, at a finer
    resolution than the page's OCR."""
    limit_tesseract_threads()
    return read_digits(render_box(pdf_path, page.page - 1, box, RENDER_DPI))
