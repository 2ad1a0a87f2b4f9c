"""Documents cited in a text: "Kế hoạch số 273/KH-UBND ngày 22 tháng 9 năm 2021", "Quyết định
4000/QĐ-UBND", "Công văn số 383/BNV-CCHC ngày 28/01/2021", "Luật Đất đai số 31/2024/QH15".

Each citation gives a number (as printed, spaces removed), a type (from the symbol, else from the
type word before it: "Công văn" → CV; a law has none) and the date that follows "ngày", if any.
"""

from __future__ import annotations

import datetime as dt
import re

from core.models import Reference
from extractors.dates import parse_vietnamese_dates, repair_cited_date_digits
from extractors.doc_types import ALL_TYPES, type_of_name, type_of_symbol, type_of_symbol_part, with_sole_issuer
from extractors.normalize import fold
from extractors.numbers import NUMBER_LABEL, clean_symbol

_PART = r"[A-ZĐÐ][A-Za-zĐđÐ0-9&]*"
_CITED_NUMBER = re.compile(
    rf"(?<![^\s(])(?P<digits>\d{{1,6}})\s?[/⁄]\s?(?:(?P<year>(?:19|20)\d\d)\s?[/⁄]\s?)?"
    rf"(?P<symbol>{_PART}(?:\s?[-–]\s?{_PART})*)"
)
# The Party's form, cited: "Nghị quyết số 05-NQ/TU", "Kết luận số 210-KL/TW" (a document type before the slash).
_CITED_PARTY_NUMBER = re.compile(
    rf"(?<![^\s(])(?P<digits>\d{{1,6}})\s?[-–]\s?(?P<type>[A-ZĐÐ][A-Za-zĐđÐ]*)\s?[/⁄]\s?(?P<body>{_PART}(?:[-–]{_PART})*)"
)
# Type words that may precede a citation, longest first (folded, lower case).
_TYPE_WORDS = sorted(
    {fold(name).lower(): abbreviation for abbreviation, name in ALL_TYPES.items()}.items(),
    key=lambda item: -len(item[0]),
)
_LAW_WORDS = ("bo luat", "luat", "hien phap")
_TYPE_WORD = re.compile(
    r"\b(?:" + "|".join(re.escape(word) for word in [*_LAW_WORDS, *(w for w, _ in _TYPE_WORDS)]) + r")\b"
)
_DATE_AFTER = re.compile(r"^\s*[,(]?\s*(?:ban\s*hanh\s*)?ngay\b", re.IGNORECASE)


def _symbol_ok(symbol: str) -> bool:
    """A symbol has letters and is not a unit of measure or a date fragment ("1/500", "24/7")."""
    return any(c.isalpha() for c in symbol) and len(symbol) >= 2


def _type_from_words(before: str) -> str | None:
    """The type named before a number in the same clause: "Công văn số 383/BNV-CCHC" → CV.

    Cited names are capitalised ("Kế hoạch số"); lower-case "quy định tại" is an ordinary verb. A law
    ("Luật Đất đai số 31/2024/QH15") has no type abbreviation: `None`.
    """
    folded = fold(before).lower()
    matches = [
        m
        for m in _TYPE_WORD.finditer(folded)
        if before[m.start()].isupper() and not re.search(r"[.;:]", folded[m.end() :])
    ]
    if not matches:
        return None
    return None if matches[-1].group(0) in _LAW_WORDS else type_of_name(matches[-1].group(0))


def _date_after(text: str) -> dt.date | None:
    """The date in "…, ngày 22 tháng 9 năm 2021" or "ngày 28/01/2021" right after a number."""
    head = text[:60]
    if not _DATE_AFTER.match(fold(head)):
        return None
    for mention in parse_vietnamese_dates(head):
        if mention.kind == "date" and mention.start <= 16:
            return mention.date
        break
    return None


_ISSUED_BEFORE = re.compile(r"(?:ban\s*hanh|da\s*ky|ky\s*ban\s*hanh)\s+[^.;:]{0,30}$")


def _date_before(before: str) -> dt.date | None:
    """ "Ngày 24 tháng 11 năm 2021, Ủy ban nhân dân Thành phố đã ban hành Quyết định số …"."""
    if not _ISSUED_BEFORE.search(fold(before).lower()):
        return None
    clause = re.split(r"[.;:\n]", before)[-1]
    dates = [m for m in parse_vietnamese_dates(clause) if m.kind == "date"]
    return dates[-1].date if dates else None


def _cited_numbers(text: str) -> list[tuple[re.Match[str], str, str]]:
    """(match, number, symbol) of every number cited in the State's form or the Party's, in order."""
    cited = []
    for match in _CITED_NUMBER.finditer(text):
        symbol, year = with_sole_issuer(clean_symbol(match.group("symbol"))), match.group("year")
        cited.append(
            (match, f"{match.group('digits')}/{year}/{symbol}" if year else f"{match.group('digits')}/{symbol}", symbol)
        )
    for match in _CITED_PARTY_NUMBER.finditer(text):
        kind = type_of_symbol_part(match.group("type"))
        if kind is not None:
            symbol = f"{kind}/{clean_symbol(match.group('body'))}"
            cited.append((match, f"{match.group('digits')}-{symbol}", symbol))
    return sorted(cited, key=lambda item: item[0].start())


def find_references(text: str, own_number: str | None = None) -> list[Reference]:
    """Every document cited in `text`, in order of first mention, the document's own number left out.

    The same number cited twice is one reference; a later mention can add the date the first lacked.
    """
    own = (own_number or "").lower()
    found: dict[str, Reference] = {}
    for match, number, symbol in _cited_numbers(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        if NUMBER_LABEL.fullmatch(text[line_start : match.start()]):
            continue  # the "Số:" line of a header: a document's own number, however it was read
        if not _symbol_ok(symbol):
            continue
        key = number.lower()
        if own and key == own:
            continue
        doc_type = type_of_symbol(symbol) or _type_from_words(text[max(0, match.start() - 90) : match.start()])
        date = _date_after(text[match.end() :]) or _date_before(text[max(0, match.start() - 200) : match.start()])
        if key in found:
            if found[key].date is None and date is not None:
                found[key] = found[key].model_copy(update={"date": date})
            continue
        found[key] = Reference(number=number, doc_type=doc_type, date=date)
    return list(found.values())


def cited_dates_disagreeing(subject: str, text: str) -> list[str]:
    """Documents a subject cites with a date that another mention of the same number in the text
    gives otherwise ("Kết luận số 210-KL/TW ngày 12 tháng 1 năm 2025" in the subject, "… ngày 12 tháng
    11 năm 2025" in the legal bases): one of the two readings lost a digit, so a person looks. Each as
    "number: subject's date / the other date"."""
    disagreeing = []
    text = repair_cited_date_digits(text, letters_only=True)[0]  # "tháng II" is another reading of 11
    dated: dict[str, set[dt.date]] = {}
    for other, other_number, _ in _cited_numbers(text):
        if (date := _date_after(text[other.end() :])) is not None:
            dated.setdefault(other_number.lower(), set()).add(date)
    for match, number, _symbol in _cited_numbers(subject):
        said = _date_after(subject[match.end() :])
        if said is None:
            continue
        others = dated.get(number.lower(), set())
        if others - {said}:
            disagreeing.append(
                f"{number}: {said.isoformat()} / {', '.join(sorted(d.isoformat() for d in others - {said}))}"
            )
    return disagreeing
