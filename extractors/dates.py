"""Vietnamese dates in administrative text, and the place-and-date line of an NĐ30 header.

Matching runs on the folded, lower-case copy of the text (same length, so spans are spans of the
original): OCR that dropped diacritics ("ngay 24 thang 11 nam 2021") or misread them ("thảng",
"thắng") reads like clean text. Digits split by OCR ("2 4", "20 21") are joined.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Literal

from extractors.normalize import fold

# Documents are dated, signed and stamped in Vietnam time; a time without an offset is taken as such.
VIETNAM_TIME = dt.timezone(dt.timedelta(hours=7))


def vietnam_date(moment: dt.datetime) -> dt.date:
    """The calendar day of `moment` in Vietnam (23:30 UTC on the 24th is the 25th)."""
    return (moment.astimezone(VIETNAM_TIME) if moment.tzinfo is not None else moment).date()


DateKind = Literal["date", "month", "year", "quarter", "period"]

_D2 = r"\d(?:\s?\d)?"  # a day or month, maybe split by OCR: "2 4"
_MARK = r"[.'`\u2018\u2019\u00b4]?"  # a stray tick or dot OCR puts after a digit: "tháng 5'", "tháng 5."
_Y4 = r"\d(?:\s?\d){3}"  # a year, maybe split: "20 21"
_ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

_PATTERNS: tuple[tuple[DateKind, re.Pattern[str]], ...] = (
    # ngày 24 tháng 11 năm 2021 / ngày 24 tháng 11, năm 2021
    ("date", re.compile(rf"\bngay\s*({_D2}){_MARK}\s*thang\s*({_D2}){_MARK}\s*,?\s*nam\s*({_Y4})(?!\d)")),
    # 24/11/2021, 24-11-2021, 25.02.2021, "22/ 12/ 2011"
    (
        "date",
        re.compile(r"(?<![\d/.-])(\d{1,2})\s?([/.-])\s?(\d{1,2})\s?\2\s?(\d{4})(?![\d/])"),
    ),
    # quý I năm 2024, quý II/2024
    ("quarter", re.compile(r"\bquy\s+(iv|i{1,3}|[1-4])\b\s*(?:(?:nam|/|-)\s*(\d{4})(?!\d))?")),
    # 6 tháng đầu năm 2023, 9 tháng năm 2023, 6 tháng cuối năm
    (
        "period",
        re.compile(r"(?<![\d/])(\d{1,2})\s*thang(?!\s*\d)(?:\s*(dau|cuoi))?(?:\s*nam(?:\s*(\d{4})(?!\d))?)?"),
    ),
    # tháng 12 năm 2023, tháng 12/2023
    ("month", re.compile(rf"\bthang\s*({_D2}){_MARK}\s*(?:nam|/)\s*({_Y4})(?![\d/])")),
    # năm 2024
    ("year", re.compile(rf"\bnam\s*({_Y4})(?![\d/])")),
)


@dataclass(frozen=True)
class DateMention:
    """A date expression in a text: where it is and what it says."""

    start: int
    end: int
    text: str
    kind: DateKind
    year: int | None = None
    month: int | None = None
    day: int | None = None
    quarter: int | None = None
    months: int | None = None  # length of a period: "6 tháng đầu năm" → 6
    part: Literal["first", "last"] | None = None  # "đầu" (first months) / "cuối" (last months)

    @property
    def date(self) -> dt.date | None:
        if self.kind != "date" or self.year is None or self.month is None or self.day is None:
            return None
        return dt.date(self.year, self.month, self.day)


def _number(text: str) -> int:
    return int(re.sub(r"\s", "", text))


def valid_date(year: int, month: int, day: int) -> dt.date | None:
    if not 1900 <= year <= 2100:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _mention(kind: DateKind, match: re.Match[str], text: str) -> DateMention | None:
    span = functools.partial(DateMention, start=match.start(), end=match.end(), text=text[match.start() : match.end()])
    groups = match.groups()
    if kind == "date":
        if len(groups) == 4:  # numeric: day, separator, month, year
            day, month, year = _number(groups[0]), _number(groups[2]), _number(groups[3])
        else:
            day, month, year = (_number(g) for g in groups)
        if valid_date(year, month, day) is None:
            return None
        return span(kind="date", year=year, month=month, day=day)
    if kind == "quarter":
        year_text = groups[1]
        return span(
            kind="quarter",
            quarter=_ROMAN_QUARTERS[groups[0]],
            year=int(year_text) if year_text else None,
        )
    if kind == "period":
        months = int(groups[0])
        if not 1 <= months <= 12 or (groups[1] is None and groups[2] is None and months not in (3, 6, 9)):
            return None
        part: Literal["first", "last"] | None = None
        if groups[1] is not None:
            part = "first" if groups[1] == "dau" else "last"
        return span(kind="period", months=months, part=part, year=int(groups[2]) if groups[2] else None)
    if kind == "month":
        month, year = _number(groups[0]), _number(groups[1])
        if not 1 <= month <= 12 or not 1900 <= year <= 2100:
            return None
        return span(kind="month", month=month, year=year)
    year = _number(groups[0])
    if not 1900 <= year <= 2100:
        return None
    return span(kind="year", year=year)


def parse_vietnamese_dates(text: str) -> list[DateMention]:
    """Every date expression in `text`, in order, the most specific reading of each span kept.

    Kinds: a full `date` ("ngày 24 tháng 11 năm 2021", "24/11/2021"), a `month` ("tháng 12/2023"),
    a `year` ("năm 2024"), a `quarter` ("quý I năm 2024") and a `period` ("6 tháng đầu năm 2023", "9 tháng").
    """
    folded = fold(text).lower()
    taken: list[tuple[int, int]] = []
    mentions: list[DateMention] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(folded):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            mention = _mention(kind, match, text)
            if mention is None:
                continue
            taken.append((match.start(), match.end()))
            mentions.append(mention)
    return sorted(mentions, key=lambda m: m.start)


# ── the place-and-date line ──────────────────────────────────────────────────────────────────────

# On the folded line: "tháng" with a letter lost or misread ("thng", "thàng"), "năm" with its m read
# as "rn" ("nărn"); marks OCR changed ("ngáy", "thảng", "nãm") are gone after folding.
_THANG = r"th[a-z]?ng"
_NAM = r"\bn[a-z](?:m|rn)"
# "ngày" with its y read as v or its g as q ("ngàv", "nqày"); "tháng" and "năm" must follow
_NGAY = r"\bn[gq]a[yv]"
_PLACE_DATE = re.compile(rf"^(?P<place>.*?)[\s,.]*{_NGAY}(?P<day>.*?){_THANG}(?P<month>.*?){_NAM}(?P<year>.*)$")
# OCR that lost the word "tháng" between two typed numbers: "Châu Thành, ngày 14 3 năm 2024"
_PLACE_DATE_WITHOUT_THANG = re.compile(
    rf"^(?P<place>.*?)[\s,.]*\bngay\s*(?P<day>\d{{1,2}})\s+(?P<month>\d{{1,2}})\s*{_NAM}(?P<year>.*)$"
)
# A date typed in figures where NĐ30 wants words ("Hà Nội, ngày 15/3/2024"; older and some
# non-state documents): a place of words, a comma, and the line ends with the year — so a body line
# citing a date, or a gazette's running header ("CÔNG BÁO/Số 59 + 60/Ngày 15-01-2022"), is no date line.
_PLACE_DATE_IN_FIGURES = re.compile(
    r"^(?P<place>[^\W\d_][^\d/,;:()]{0,40}?)\s*,\s*ngay\s*(?P<day>\d{1,2})\s*(?P<sep>[/.-])\s*"
    r"(?P<month>\d{1,2})\s*(?P=sep)\s*(?P<year>\d{4})\s*[.;]?\s*$"
)
_DIGITS = re.compile(r"^\d(?:\s?\d)*$")


@dataclass(frozen=True)
class PlaceDate:
    """What a place-and-date line says. A part is `None` when it is blank or unreadable (handwriting)."""

    place: str | None
    day: int | None
    month: int | None
    year: int | None
    # character spans of the day, month and year fields in the line (for word confidences)
    spans: tuple[tuple[int, int], tuple[int, int], tuple[int, int]]

    @property
    def date(self) -> dt.date | None:
        if self.day is None or self.month is None or self.year is None:
            return None
        return valid_date(self.year, self.month, self.day)


# Around a typed number: spaces, punctuation and the stray ticks and dots OCR adds ("5'", "5.", "‘5").
_FIELD_EDGES = " ,.;:'`\u2018\u2019\u00b4\""


def _field_value(raw: str, low: int, high: int) -> int | None:
    cleaned = raw.strip(_FIELD_EDGES)
    if not _DIGITS.match(cleaned):
        return None
    value = _number(cleaned)
    return value if low <= value <= high else None


def looks_like_place_date(line: str) -> bool:
    return parse_place_date(line) is not None


_CUT_DATE_START = re.compile(r"(?:^|,)\s*ngay\b")
_YEAR_PART = re.compile(rf"{_NAM}\s*[\d.…_ ]*\d")


def place_date_is_cut(line: str) -> bool:
    """A place-and-date line wrapped before its year ("Châu Thành, ngày 21 tháng 12 năm" / "2023")."""
    folded = fold(line).lower()
    return bool(_CUT_DATE_START.search(folded)) and not _YEAR_PART.search(folded)


def continues_place_date(cut_line: str, following: str) -> bool:
    """Is `following` the rest of a place-and-date line that wrapped ("…, ngày 29 tháng 1" / "năm 2023",
    "…, ngày 29" / "tháng 1 năm 2023")? Only when the two read together as one line with a year."""
    if not place_date_is_cut(cut_line) or not following.strip():
        return False
    joined = parse_place_date(f"{cut_line.rstrip()} {following.strip()}")
    return joined is not None and joined.year is not None


# The pieces a wrapped date line leaves on its next line: "tháng 11", "23 tháng 11 năm", "năm 2023".
_DATE_PIECES = re.compile(rf"^(?:\s|ngay\b|{_THANG}\b|{_NAM}\b|\d|[.,…_'`‘’´])+$")


def opens_place_date(line: str) -> bool:
    """Does `line` start a place-and-date line that goes on below: cut before its year, or a place
    alone ending in a comma ("Thành phố Hồ Chí Minh,")?"""
    return place_date_is_cut(line) or (line.rstrip().endswith(",") and parse_place_date(line) is None)


def extends_place_date(opened: str, following: str) -> bool:
    """Is `following` more of the place-and-date line `opened` started (see `opens_place_date`):
    its rest ("năm 2023", "ngày 23 tháng 11 năm 2023"), or one more piece of it ("tháng 11" after
    "…, ngày 23", when the column wrapped it over three lines)?"""
    if not opens_place_date(opened) or not following.strip():
        return False
    joined = f"{opened.rstrip()} {following.strip()}"
    if looks_like_place_date(joined) and not place_date_is_cut(joined):
        return True
    return place_date_is_cut(joined) and bool(_DATE_PIECES.match(fold(following).lower()))


def parse_place_date(line: str) -> PlaceDate | None:
    """ "Cao Bằng, ngày 15 tháng 7 năm 2022" → PlaceDate; `None` if the line is not one.

    The day may be blank ("ngày     tháng 5 năm 2025") or garbage from handwriting: it is then `None`.
    """
    folded = fold(line).lower()
    match = _PLACE_DATE.match(folded) or _PLACE_DATE_WITHOUT_THANG.match(folded) or _PLACE_DATE_IN_FIGURES.match(folded)
    if match is None:
        return None
    # a year's 0 read as the letter O ("2O25"): the only letter a typed year is read with
    year_raw = re.sub(r"^(\s*2)o(\d\d)(?!\d)", r"\g<1>0\2", match.group("year"))
    year_digits = re.match(r"\s*(\d(?:\s?\d){3})(?!\d)", year_raw)
    if year_digits is None and year_raw.strip(" .") and not re.search(r"\d", year_raw):
        return None  # "năm" followed by words: not a date line
    place = line[: match.end("place")].strip(" ,.;:-")
    if len(place) > 60:
        return None
    year_text = year_digits.group(1) if year_digits else ""
    year_start = match.start("year") + (year_digits.start(1) if year_digits else 0)
    return PlaceDate(
        place=place or None,
        day=_field_value(match.group("day"), 1, 31),
        month=_field_value(match.group("month"), 1, 12),
        year=_field_value(year_text, 1900, 2100),
        spans=(
            match.span("day"),
            match.span("month"),
            (year_start, year_start + len(year_text)),
        ),
    )


# Letters OCR reads for digits in a number it cannot tell from a word: "qhis" for "QH15", "z4" for "24"
DIGIT_FOR_LOOKALIKE = str.maketrans("IilL|!]SsOozZ", "1111111550022")
# A cited day or month OCR read with a letter for a digit: "ngày z4", "tháng i1", "ngày l4"
_DATE_SLOT = re.compile(r"(?P<word>\b(?i:ngày|tháng))(?P<space>\s+)(?P<value>[0-9IilL|!\]SsOozZ]{1,2})(?=[\s,.;])")


def repair_cited_date_digits(text: str, *, letters_only: bool = False) -> tuple[str, list[tuple[str, str]]]:
    """A cited date's day or month holding letters OCR reads for digits, written in digits when that
    makes a day or month and a digit is already there ("ngày z4" → "ngày 24", "tháng i1" → "tháng 11");
    a guess by shape, so the caller keeps the text in review. `letters_only`: also when none is a
    digit ("tháng II"), for comparing readings, never for a value. Returns the text and the changes."""
    changes: list[tuple[str, str]] = []

    def slot(match: re.Match[str]) -> str:
        value = match.group("value")
        digits = value.translate(DIGIT_FOR_LOOKALIKE)
        highest = 31 if fold(match.group("word")).lower() == "ngay" else 12
        if digits == value or not digits.isdigit() or not (letters_only or any(c.isdigit() for c in value)):
            return match.group(0)
        if not 1 <= int(digits) <= highest:
            return match.group(0)
        changes.append((value, digits))
        return f"{match.group('word')}{match.group('space')}{digits}"

    return _DATE_SLOT.sub(slot, text), changes
