"""A second look at the day and month of a scanned first page's date line, when OCR left them unsure.

Noise, blur and JPEG blocks make Tesseract misread typed digits as look-alike letters ("ngày l4",
"3l", "tháng I2") or read them right with low confidence; the parser then leaves the date out
(`fields` never guesses). Here the blanks between "ngày", "tháng" and "năm" are cut from the page
image and read with digits only, several ways (`handwriting.read_digits`): only a value most readings
agree on is taken. When the first reading said the same digits (after mapping the look-alikes), the
digits were typed and are now sure; otherwise the value stays a suggestion under review, like a
handwritten day.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from core.models import DocumentRecord, Page, Word
from extractors.dates import valid_date
from extractors.handwriting import (
    DigitReading,
    cut_blank,
    line_of,
    read_blank,
    read_digits,
    render_written_in_pen,
    written_in_pen,
)
from extractors.layout import Line, split_blocks
from extractors.normalize import fold
from extractors.ocr import PageImage

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in points
HEADER_SHARE = 0.35  # of the page's height: where the place-and-date line is
MAX_GAP_POINTS = 120.0  # between the word before a blank and the word after it

# Letters and marks OCR reads for a typed 1 or 0 (domain: OCR pitfalls); only inside a field that
# holds at least one real digit, so a blank with a pen stroke is not turned into a number.
_LOOK_ALIKES = str.maketrans({"l": "1", "i": "1", "|": "1", "]": "1", "[": "1", "!": "1", "o": "0"})
_FIELD = re.compile(r"^[\dlio|\]\[!]{1,2}$")


def typed_digits(raw: str) -> str | None:
    """The digits a typed day or month field shows, look-alikes mapped ("l4" → "14", "I2" → "12");
    `None` when the field is not one or two such characters with a real digit among them."""
    cleaned = fold(raw).lower().strip(" ,.;:'`\u2018\u2019\u00b4\"")
    if not _FIELD.match(cleaned) or not any(c.isdigit() for c in cleaned):
        return None
    return cleaned.translate(_LOOK_ALIKES)


@dataclass(frozen=True)
class _Blank:
    part: str  # "day" or "month"
    box: Box
    first_reading: str | None  # the typed digits the page's OCR gave, look-alikes mapped
    look_alike: bool = False  # the first reading had a letter for a digit ("3l"): print, not a pen
    first_confidence: float | None = None  # OCR's confidence in the first reading's least sure word
    # what the first reading printed when it is no digits: two characters, one a digit ("1Š")
    first_printed: str | None = None
    label: Box | None = None  # the typed word before the blank ("ngày"), to compare its ink with


def _key(word: Word) -> str:
    return fold(word.text).lower().strip(" ,.;:")


def _blank_box(left: float, right: float, beside: Word) -> Box:
    """From `left` to `right`, half a line above and below the word the blank sits beside."""
    height = beside.bottom - beside.top
    return left, beside.top - height * 0.5, right, beside.bottom + height * 0.5


def _between(line: list[Word], before: Word, after: Word, part: str) -> _Blank | None:
    if after.x0 - before.x1 > MAX_GAP_POINTS or after.x0 <= before.x1:
        return None
    inside = [w for w in line if w.x0 >= before.x1 - 1 and w.x1 <= after.x0 + 1 and w not in (before, after)]
    box = _blank_box(before.x1 + 1, after.x0 - 1, before)
    raw = "".join(w.text for w in inside)
    digits = typed_digits(raw) if inside else None
    look_alike = digits is not None and not raw.strip(" ,.").isdigit()
    printed = raw.strip(" ,.;:'`")
    partly = printed if digits is None and len(printed) == 2 and any(c.isdigit() for c in printed) else None
    label = (before.x0, before.top, before.x1, before.bottom)
    return _Blank(part, box, digits, look_alike, _least_confidence(inside), partly, label)


def _least_confidence(words: list[Word]) -> float | None:
    confidences = [w.confidence for w in words if w.confidence is not None]
    return min(confidences) if confidences else None


def _year_blank(line: list[Word], year_word: Word, words: list[Word]) -> _Blank | None:
    following = next((w for w in line if w.x0 > year_word.x1 - 1 and w is not year_word), None)
    if following is None:
        return _wrapped_year_blank(line, year_word, words)
    if following.x0 - year_word.x1 > MAX_GAP_POINTS:
        return None
    box = _blank_box(following.x0 - 1, following.x1 + 1, following)
    digits = re.sub(r"\D", "", following.text)
    return _Blank("year", box, digits if len(digits) == 4 else None, first_confidence=following.confidence)


def _block_of(line: list[Word], word: Word) -> list[Word]:
    """The words of `word`'s block on its printed line (the date column's, not the agency's beside it)."""
    block = next((piece for piece in split_blocks(Line(words=line)) if word in piece.words), None)
    return block.words if block else line


def _wrapped_year_blank(line: list[Word], year_word: Word, words: list[Word]) -> _Blank | None:
    """A date line that ends with "năm" wrapped its year onto the next line of its narrow column
    (centred under it, as a Word table cell sets it), where OCR may have dropped a word alone: the
    blank is the band one line below the date line's block."""
    spanned = _block_of(line, year_word)
    height = max(w.bottom - w.top for w in spanned)  # a capital's or a tone's height, not "năm"'s
    bottom = max(w.bottom for w in spanned)
    box = (
        min(w.x0 for w in spanned) - height,
        bottom + height * 0.05,
        max(w.x1 for w in spanned) + height,
        bottom + height * 2.0,
    )
    inside = [w for w in words if w.x0 >= box[0] and w.x1 <= box[2] and box[1] <= (w.top + w.bottom) / 2 <= box[3]]
    digits = re.sub(r"\D", "", "".join(w.text for w in inside))
    first = digits if len(digits) == 4 else None
    return _Blank("year", box, first, first_confidence=_least_confidence(inside))


MOST_PLACE_WORDS = 6  # "Thành phố Hồ Chí Minh," is five


def _after_a_place(line: list[Word], anchor: Word) -> bool:
    """Does "ngày" open a place-and-date line: a place's few words before it in its block, as NĐ30
    prints it ("Mường Tè, ngày …"), or after the number when OCR ran the two columns together
    ("Số: 524/KH-UBND Mường Tè, ngày …")? A cited text's number and date are not one."""
    before = [word for word in _block_of(line, anchor) if word.x1 <= anchor.x0 + 1]
    numbered = [index for index, word in enumerate(before) if any(c.isdigit() for c in word.text)]
    after_a_comma = bool(before) and before[-1].text.endswith(",")
    if numbered:
        return after_a_comma and numbered[-1] < len(before) - 1
    # a place after the agency's last line, OCR's columns run together: "CÁC KHU CÔNG N Bình Dương, ngày"
    return len(before) <= MOST_PLACE_WORDS or after_a_comma


# "tháng:3", "tháng.3": the month OCR glued to its word through a speck (folded, lower case)
_GLUED_MONTH = re.compile(r"^(th[a-z]?ng)[^a-z0-9]*(\d{1,2})$")


def _glued_month(word: Word) -> _Blank | None:
    """The month's digits read inside the word "tháng" ("tháng:3"): its blank is the word's right part."""
    match = _GLUED_MONTH.match(_key(word))
    if match is None:
        return None
    share = match.start(2) / len(match.group(0))
    left = word.x0 + share * (word.x1 - word.x0)
    box = _blank_box(left - 1, word.x1 + 1, word)
    return _Blank("month", box, match.group(2), True, word.confidence)


def date_blanks(page: Page) -> list[_Blank] | None:
    """The blanks of the day, month and year on page 1's place-and-date line (the year's is the
    typed word after "năm")."""
    for anchor in page.words:
        if anchor.top > page.height * HEADER_SHARE or _key(anchor) != "ngay":
            continue
        line = line_of(page.words, anchor)
        if not _after_a_place(line, anchor):
            continue  # a date the body cites ("Căn cứ Nghị định số 66/2021/NĐ-CP ngày 6 tháng 7 …")
        after = [w for w in line if w.x0 > anchor.x0]
        month_word = next(
            (w for w in after if re.fullmatch(r"th[a-z]?ng", _key(w)) or _GLUED_MONTH.match(_key(w))), None
        )
        year_word = next((w for w in after if re.fullmatch(r"n[a-z](?:m|rn)", _key(w))), None)
        if month_word is None or year_word is None or year_word.x0 < month_word.x0:
            continue
        blanks = [
            blank
            for blank in (
                _between(line, anchor, month_word, "day"),
                _glued_month(month_word) or _between(line, month_word, year_word, "month"),
                _year_blank(line, year_word, page.words),
            )
            if blank is not None
        ]
        return blanks
    return None


ReadBlank = Callable[[Box], DigitReading]


def reader_for(pdf_path: str, page: Page, image: PageImage | None, run: Callable[..., DigitReading]) -> ReadBlank:
    """Read a blank through `run` (the OCR pool): cut from OCR's page image when kept, else rendered."""
    if image is not None:
        return lambda box: run(read_digits, cut_blank(image, box))
    return lambda box: run(read_blank, pdf_path, page, box)


InPen = Callable[[Box, Box], bool]


def pen_check_for(pdf_path: str, page: Page, image: PageImage | None, run: Callable[..., bool]) -> InPen:
    """Compare a blank's ink with its label's through `run`: cut from OCR's page image when kept."""
    if image is not None:
        return lambda blank, label: run(written_in_pen, cut_blank(image, blank), cut_blank(image, label))
    return lambda blank, label: run(render_written_in_pen, pdf_path, page, blank, label)


def doubt_day_in_pen(
    record: DocumentRecord, read: ReadBlank, in_pen: InPen, page: Page | None = None
) -> DocumentRecord:
    """A day OCR read without doubt may still be a pen's ("21" written in, read "27"): Tesseract
    reads print. When the day's ink is bluer than the typed "ngày" beside it, the date goes under
    review, with the digits-only readings' value where most of them agree."""
    page = page if page is not None else (record.pages[0] if record.pages else None)
    if record.issue_date is None or page is None or page.method != "ocr" or "issue_date" in record.needs_review:
        return record
    day = next((blank for blank in date_blanks(page) or [] if blank.part == "day"), None)
    if day is None or day.label is None or day.first_reading is None:
        return record
    # a second look at the header may have read the pen's day otherwise than the page did ("27" on
    # the page, "02" from the band): two readings of one blank in pen, neither sure
    if not in_pen(day.box, day.label):
        return record
    reading = read(day.box)
    agreed = valid_date(record.issue_date.year, record.issue_date.month, int(reading.value)) if reading.value else None
    issue_date = agreed or record.issue_date
    first = day.first_reading
    if int(first) != record.issue_date.day:
        first = f"{first} on the page, {record.issue_date.day} on a second look"
    note = (
        f"the day is written in pen (its ink bluer than the typed 'ngày'): read {first} at first; "
        f"digits only: {reading.describe().removeprefix('handwritten digits: ')}; a suggestion, under review"
    )
    return record.model_copy(
        update={
            "issue_date": issue_date,
            "needs_review": [*record.needs_review, "issue_date"],
            "field_sources": {**record.field_sources, "issue_date": note},
        }
    )


def reread_issue_date(record: DocumentRecord, read: ReadBlank, page: Page | None = None) -> DocumentRecord:
    """Fill an issue date OCR left unsure from a digits-only second look at its day, month and year
    on `page` (the header's page; default the first). A month and year the first reading was sure of
    (`issue_month`) are not read again and must agree."""
    page = page if page is not None else (record.pages[0] if record.pages else None)
    if record.issue_date is not None or page is None or page.method != "ocr":
        return record
    if "issue_date" not in record.needs_review:
        return record
    found = date_blanks(page)
    if found is None:
        return record
    sure_month = [int(part) for part in record.issue_month.split("-")] if record.issue_month else None
    values: dict[str, int] = {}
    notes: list[str] = []
    confirmed = True
    for blank in found:
        if sure_month is not None and blank.part != "day":
            continue
        reading = read(blank.box)
        notes.append(f"{blank.part} {reading.describe().removeprefix('handwritten digits: ')}")
        partly = _seconded_in_part(reading, blank.first_printed) if reading.value is None else None
        if partly is not None:
            values[blank.part] = partly
            first = blank.first_printed
            notes.append(f"{blank.part} {partly} read twice without dissent, agreeing with the first reading '{first}'")
            confirmed = False
        elif reading.value is None and _seconded(reading, blank.first_reading):
            values[blank.part] = int(blank.first_reading or "0")
            notes.append(f"{blank.part} {blank.first_reading} as first read, seconded without dissent")
            confirmed = False  # fewer than three readings: offered, under review
        elif reading.value is not None:
            values[blank.part] = int(reading.value)
            confirmed = confirmed and blank.first_reading is not None and int(blank.first_reading) == int(reading.value)
        elif blank.first_reading is not None and (blank.look_alike or _sure_at_first(blank)):
            # printed digits OCR took for letters, or read surely the first time, which digits-only
            # reading cannot settle: offered as read, under review
            values[blank.part] = int(blank.first_reading)
            notes.append(f"{blank.part} taken from the first reading as {blank.first_reading}")
            confirmed = False
        else:
            return _noted(record, notes)
    if sure_month is not None:
        values["year"], values["month"] = sure_month
    if {"day", "month", "year"} - values.keys():
        return _noted(record, notes)
    day = valid_date(values["year"], values["month"], values["day"])
    if day is None or not 1900 <= day.year <= 2100:
        return _noted(record, notes)
    return _filled(record, day, notes, confirmed)


MIN_SECONDING = 2  # digits-only readings that repeat the first reading, when no reading differs
# A part of the date OCR read as plain digits this surely the first time stands, under review, when
# the digits-only look reads nothing there: one unsure part no longer loses the whole date.
SURE_FIRST_CONFIDENCE = 90.0


def _sure_at_first(blank: _Blank) -> bool:
    return (
        blank.first_confidence is not None
        and blank.first_confidence >= SURE_FIRST_CONFIDENCE
        and not blank.look_alike
        and (blank.first_reading or "").isdigit()
    )


def _seconded(reading: DigitReading, first_reading: str | None) -> bool:
    """Typed digits the first reading gave, repeated by at least two digits-only readings and
    contradicted by none (the others read nothing: "∅, 29, ∅, 29")."""
    if first_reading is None:
        return False
    given = [int(text) for text in reading.readings if text]
    return len(given) >= MIN_SECONDING and set(given) == {int(first_reading)}


def _seconded_in_part(reading: DigitReading, first_printed: str | None) -> int | None:
    """Two digits read the same by two digits-only readings, none differing, where the first reading
    printed a digit and a letter ("1Š" and "∅, 15, ∅, 15" → 15): the digit it did read must agree."""
    if first_printed is None:
        return None
    given = [text for text in reading.readings if text]
    if len(given) < MIN_SECONDING or len(set(given)) != 1:
        return None
    value = given[0]
    agrees = len(value) == len(first_printed) and all(
        printed == read for printed, read in zip(first_printed, value, strict=True) if printed.isdigit()
    )
    return int(value) if agrees else None


def _noted(record: DocumentRecord, notes: list[str]) -> DocumentRecord:
    source = "date read again, digits only: " + "; ".join(notes) if notes else None
    if source is None or "issue_date" in record.field_sources:
        return record
    return record.model_copy(update={"field_sources": {**record.field_sources, "issue_date": source}})


def _filled(record: DocumentRecord, day: dt.date, notes: list[str], confirmed: bool) -> DocumentRecord:
    verdict = "the first reading agrees" if confirmed else "a suggestion, under review"
    source = f"date read again, digits only ({verdict}): " + "; ".join(notes)
    update: dict[str, object] = {
        "issue_date": day,
        "issue_month": f"{day.year:04d}-{day.month:02d}",
        "field_sources": {**record.field_sources, "issue_date": source},
    }
    if confirmed:
        update["needs_review"] = [name for name in record.needs_review if name != "issue_date"]
    return record.model_copy(update=update)
