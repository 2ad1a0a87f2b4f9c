"""Words of an OCR-read subject that no Vietnamese document would print: the marks of a misreading.

The subject's second look (`subject_reread`) settles marks the readings disagree on; a misreading
every reading shares passes it ("qhis" for "QH15", "tháng š", "i1", "18kltw", ",hiện", an opening
quote never closed). Such a subject is not wrong for sure, but it is not sure either: it goes to
`needs_review`, with the words that raised the doubt in `field_sources`.

What a subject may print, besides Vietnamese syllables: acronyms and Roman numerals in capitals
("UBND", "XIV"), capitalised names outside the syllable rules ("Krông Pắc", "Ia Grai"), dictionary
loanwords (extractors/data/loanwords.txt), numbers, percentages and ranges ("1.000", "30%", "2026-2030"), and document
symbols of capitals and digits ("289/2025/NĐ-CP", "210-KL/TW", "QĐ-TTg", "QH15").
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from extractors.dates import DIGIT_FOR_LOOKALIKE
from extractors.doc_types import type_of_name, type_of_symbol_part
from extractors.lexicon import (
    dictionary_entries,
    known_syllables,
    letter_slips,
    marks_slips,
    rare_form_slips,
    tone_slips,
)
from extractors.normalize import edit_distance, fold, nfc
from extractors.places import place_name_words
from extractors.roman_numerals import is_roman_numeral
from extractors.text_quality import is_vietnamese_syllable

_EDGE_PUNCTUATION = " \t,.;:!?()[]“”\"'‘’«»…"
_GLUED_BEFORE = re.compile(r"^[,.;:'`‘´]\w")  # ",hiện", "'tăng": a comma or tick glued to the next word
MIN_SUBJECT_WORDS = 3  # "này" alone is what is left of a subject a stamp covered
_ALLOWED_CHARACTER = re.compile(r"[\w/\-–.,%&+]")
_NUMBER = re.compile(r"^\d+(?:[.,/\-–]\d+)*%?$")
_CODE_WITH_NUMBER = re.compile(r"^[A-ZĐ]{2,}\d+$")  # "QH15" alone; "I1" is a misread "11"
_CODE_WITH_MISREAD_DIGIT = re.compile(r"^[A-ZĐ]+I\d+$")  # "QHI5": the 1 of "QH15" read as I
# words after which a capital word can only be a Roman numeral (so "khóa XIHI" is misread), a
# narrower set than roman_numerals.NUMBERED_WORDS: "phần", "mục" may precede a capitalised name
_BEFORE_ROMAN_NUMERAL = frozenset({"khoa", "thu", "quy"})
_DIGIT_LOOKALIKES = frozenset("iIlLoO|")
_SYMBOL_PART = re.compile(r"^(?:\d+|[A-ZĐ]+[a-z]?\d*)$")  # "289", "NĐ", "TTg", "QH15"
_GLUED_YEARS = re.compile(r"^(?:19|20)\d\d(?:19|20)\d\d$")
# a cited date whose day OCR lost with the end of "ngày": "ngà tháng 11 năm 2025" (folded text)
_DAY_LOST = re.compile(r"\bnga?y? thang \d{1,2}\b")
# after "năm": a year of three or of five digits ("năm 202", "năm 20235": a digit lost, a speck read as one)
_MISREAD_YEAR = re.compile(r"^(?:19|20)(?:\d|\d{3,})$")
_LOWERCASE_AFTER_STOP = re.compile(r"\w\.\s+[a-zà-ỹđ]")  # "nộp. quản": a sentence that does not end


LOANWORDS_FILE = Path(__file__).with_name("data") / "loanwords.txt"


@lru_cache(maxsize=1)
def _dictionary_words() -> frozenset[str]:
    """Single words of underthesea's Vietnamese dictionary and the loanwords documents print."""
    words = {nfc(line).strip().lower() for line in dictionary_entries() if " " not in line.strip()}
    loanwords = LOANWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(words | {word.strip() for word in loanwords if word.strip() and not word.startswith("#")})


def _letters_ok(core: str) -> bool:
    if core.lower() in _dictionary_words():
        return True
    if is_vietnamese_syllable(core):
        # a lowercase syllable no dictionary word or legal text shows: "toàn uốc" for "toàn quốc"
        return not core.islower() or nfc(core) in known_syllables()
    if len(core) >= 2 and core.isupper():
        return True  # an acronym or a Roman numeral
    # a name outside the syllable rules ("Covid", "Jica"); two or three such letters are a misread
    # syllable ("dẫn Ji hành" for "dẫn thi hành")
    if not (core[0].isupper() and core[1:].islower()):
        return False
    return len(core) >= MIN_FOREIGN_NAME_LETTERS or core in place_name_words()


MIN_FOREIGN_NAME_LETTERS = 4
# The Party's numbers put the type after the dash ("18-KL/TW", "15-KH/TU"): a part there that is no
# type is a misread one ("18-KUTW", its slash read as U).
_PARTY_NUMBER = re.compile(r"^\d+-(?P<type>[A-ZĐ]{2,})(?:/[A-ZĐ]+)?$")


def _party_type_misread(core: str) -> bool:
    match = _PARTY_NUMBER.match(core)
    return match is not None and type_of_symbol_part(match.group("type")) is None


_SPECK_MARKS = frozenset("'`´‘’·")  # what a speck on a bitonal scan reads as, alone between words


# a symbol's tail with no head ("… năm 2024 -CP ngày 15"): a piece of another line OCR ran in, as a
# symbol wraps after its dash, never before
_SYMBOL_TAIL = re.compile(r"^[-–][A-ZĐ]{2,}")


def _token_ok(token: str) -> bool:
    if _SYMBOL_TAIL.match(token):
        return False
    if set(token) <= _SPECK_MARKS:
        return False  # "xã ' nông": a mark standing alone between words, which print never does
    if set(token) <= {".", "…"}:
        return False  # "Chính phủ ... dẫn": dots standing for words OCR could not read; "tế - . ngân": a speck
    core = token.strip(_EDGE_PUNCTUATION)
    if not core or set(core) <= {"-", "–"}:
        return True
    if any(not _ALLOWED_CHARACTER.match(char) for char in core) or "_" in core:
        return False
    if core.isalpha():
        return _letters_ok(core)
    if _GLUED_YEARS.match(core):
        return False  # "20262030": a range of years whose dash OCR lost
    if _party_type_misread(core):
        return False
    if _NUMBER.match(core):
        return True
    if not re.search(r"[/\-–]", core):
        return bool(_CODE_WITH_NUMBER.match(core)) and not _CODE_WITH_MISREAD_DIGIT.match(core)
    parts = [part for part in re.split(r"[/\-–]", core) if part]
    return bool(parts) and all(
        (_SYMBOL_PART.match(part) and not _CODE_WITH_MISREAD_DIGIT.match(part))
        or _NUMBER.match(part)
        or (part.isalpha() and _letters_ok(part))
        for part in parts
    )


def _after_date_word(previous: str, token: str) -> bool:
    """A day or month ("ngày 12", "tháng 11") holding anything but digits: "tháng I1", "ngày l4",
    "tháng ii" (every digit read as a letter like it); a year of three or five digits ("năm 202",
    "năm 20235")."""
    if fold(previous).lower() == "nam":
        return bool(_MISREAD_YEAR.match(token.strip(_EDGE_PUNCTUATION)))
    if fold(previous).lower() not in {"ngay", "thang"}:
        return False
    core = token.strip(_EDGE_PUNCTUATION)
    if core and len(core) <= 2 and set(core) <= _DIGIT_LOOKALIKES:
        return True
    if not any(char.isdigit() for char in token):
        return False
    if core.isdigit() and len(core) <= 2:
        # "tháng 0", "ngày 00", "tháng 13": a digit lost or misread ("tháng 01", "tháng 11")
        return not 1 <= int(core) <= (31 if fold(previous).lower() == "ngay" else 12)
    return not re.fullmatch(r"\d{1,2}(?:[/.-]\d{1,2})?(?:[/.-]\d{2,4})?|\d{4}", core)


def _not_a_roman_numeral(previous: str, token: str) -> bool:
    """After "khóa", "lần thứ", "quý" a capital word is a Roman numeral: "khóa XIHI" is a misread XIII."""
    core = token.strip(_EDGE_PUNCTUATION)
    if fold(previous).lower() not in _BEFORE_ROMAN_NUMERAL or not core.isalpha() or not core.isupper():
        return False
    return not is_roman_numeral(core)


# The terms (khóa) of the Party's Central Committee (its Politburo and Secretariat count the same)
# and of the National Assembly, by the years they sat; a congress or election year belongs to both.
_TERM_YEARS = {
    "party": {"VI": (1986, 1991), "VII": (1991, 1996), "VIII": (1996, 2001), "IX": (2001, 2006),
              "X": (2006, 2011), "XI": (2011, 2016), "XII": (2016, 2021), "XIII": (2021, 2026),
              "XIV": (2026, 2031)},
    "assembly": {"VIII": (1987, 1992), "IX": (1992, 1997), "X": (1997, 2002), "XI": (2002, 2007),
                 "XII": (2007, 2011), "XIII": (2011, 2016), "XIV": (2016, 2021), "XV": (2021, 2026),
                 "XVI": (2026, 2031)},
}  # fmt: skip
# a hyphen between two letters ("Đảng-khóa"): where OCR read a space as one
_GLUED_HYPHEN = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")
# "… ngày 12 tháng 11 năm 2025 của Ban Chấp hành Trung ương Đảng khóa XIII" (folded text): the cited
# text's year and the term of the body that issued it
_DATED_TERM = re.compile(
    r"\bnam (?P<year>\d{4}) cua (?P<body>ban chap hanh trung uong(?: dang)?|bo chinh tri|ban bi thu|quoc hoi)"
    r" khoa (?P<term>[ivxlh]+)\b",  # "h": a numeral whose "II" OCR read as one letter
    re.IGNORECASE,
)


def _terms_out_of_their_years(text: str) -> list[str]:
    """ "năm 2025 của Ban Chấp hành Trung ương Đảng khóa XII": a text of 2025 is no text of a term that
    ended in 2021: a Roman numeral OCR read a letter short (or long)."""
    found = []
    for match in _DATED_TERM.finditer(fold(text)):
        kind = "assembly" if match.group("body").lower() == "quoc hoi" else "party"
        years = _TERM_YEARS[kind].get(match.group("term").upper())
        year = int(match.group("year"))
        if years is not None and not years[0] <= year <= years[1]:  # a numeral that is none: `_not_a_roman_numeral`
            found.append(f"khóa {match.group('term')} in {year}")
    return found


_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}


def _roman_value(numeral: str) -> int:
    values = [_ROMAN_VALUES[letter] for letter in numeral]
    return sum(-value if value < after else value for value, after in zip(values, [*values[1:], 0], strict=True))


# A law or resolution of the National Assembly cited with its term: "197/2025/QH15"; OCR reads the
# letters "QHI15", "OH15", "QHI 15".
_ASSEMBLY_SYMBOL = re.compile(
    r"(?<![\w/])(?P<head>\d{1,4}/(?P<year>\d{4})/)(?P<mark>(?i:[oq0]h[il1|]?))\s?(?P<term>[0-9IilL|SsOo]{2})\b"
)


def _assembly_terms_in(year: int) -> list[int]:
    return [_roman_value(term) for term, (first, last) in _TERM_YEARS["assembly"].items() if first <= year <= last]


def repair_cited_terms(text: str) -> tuple[str, list[tuple[str, str]]]:
    """A cited Assembly symbol whose letters OCR misread ("197/2025/QHI15" → "QH15") when its term is
    that of the cited year; "khóa XHI" or "khóa XI" → "XIII" when the text's year and body
    (`_DATED_TERM`) make XIII the only term it can be. Returns the text and the (before, after) changes."""
    changes: list[tuple[str, str]] = []

    def assembly(match: re.Match[str]) -> str:
        digits = match.group("term").translate(DIGIT_FOR_LOOKALIKE)
        if not digits.isdigit():
            return match.group(0)
        term = int(digits)
        written = match.group(0)[len(match.group("head")) :]
        if written == f"QH{term}" or term not in _assembly_terms_in(int(match.group("year"))):
            return match.group(0)
        changes.append((written, f"QH{term}"))
        return f"{match.group('head')}QH{term}"

    text = _ASSEMBLY_SYMBOL.sub(assembly, text)
    # "Đảng-khóa XI": a space OCR read as a hyphen must not hide the body from its term
    folded = _GLUED_HYPHEN.sub(" ", fold(text))
    for dated in reversed(list(_DATED_TERM.finditer(folded))):  # from the end: spans stay valid
        kind = "assembly" if dated.group("body").lower() == "quoc hoi" else "party"
        numeral = dated.group("term")
        year = int(dated.group("year"))
        sitting = [term for term, (first, last) in _TERM_YEARS[kind].items() if first <= year <= last]
        if numeral.upper() in sitting:
            continue
        meant = numeral.upper().replace("H", "II")
        if meant not in sitting:
            # "khóa XI" in 2025: the sitting term's numeral with its last strokes lost (XIII)
            shortened = [term for term in sitting if term.startswith(meant) and set(term[len(meant) :]) == {"I"}]
            if len(shortened) != 1:
                continue
            meant = shortened[0]
        start, end = dated.span("term")
        text = text[:start] + meant + text[end:]
        changes.append((numeral, meant))
    return text, changes


# A Party document cited by its type's name and its number: "Kết luận số 18-KL/TW", the type's code
# after the dash (Hướng dẫn 36-HD/VPTW)
_CITED_PARTY = re.compile(
    r"(?P<name>\b[^\W\d_]+(?:\s+[^\W\d_]+)?)\s+(?P<so>(?i:số)\s+)?(?P<digits>\d{1,5})-(?P<type>[A-Za-zĐđ]{2,3})"
    r"/(?P<body>[A-Za-zĐđ]{2,6})\b"
)


def repair_cited_party_types(text: str) -> tuple[str, list[tuple[str, str]]]:
    """A cited Party number whose type code OCR misread one letter off the type its name says ("Kết
    luận số 18-ku/tw" → "18-KL/TW"): the name and the code must agree. Returns the text and changes."""
    changes: list[tuple[str, str]] = []

    def cited(match: re.Match[str]) -> str:
        named = type_of_name(match.group("name"))
        read = match.group("type")
        if named is None or type_of_symbol_part(read) is not None or edit_distance(read.upper(), named.upper(), 1) > 1:
            return match.group(0)  # a code that is a type itself is as printed, whatever name precedes it
        if not match.group("body").isupper() and not match.group("body").islower():
            return match.group(0)
        before = f"{match.group('digits')}-{read}/{match.group('body')}"
        after = f"{match.group('digits')}-{named}/{match.group('body').upper()}"
        changes.append((before, after))
        return match.group(0)[: match.start("digits") - match.start()] + after

    return _CITED_PARTY.sub(cited, text), changes


# "nằm 2025", "nãm 2025": a lowercase word of the letters of "năm" before a year is "năm" with its
# mark misread — no other word of those letters stands before a year ("Nam" capitalised is a name).
_YEAR_WORD_MISREAD = re.compile(r"\b(?P<word>n[aăâàằầáắấảẳẩãẵẫạặậ]m)(?P<gap>\s+)(?=(?:19|20)\d\d(?!\d))")


def repair_year_word(text: str) -> tuple[str, list[tuple[str, str]]]:
    """ "thu hồi đất nằm 2025" → "năm 2025". Returns the text and the (before, after) changes."""
    text = nfc(text)
    changes: list[tuple[str, str]] = []

    def year_word(match: re.Match[str]) -> str:
        if match.group("word") == "năm":
            return match.group(0)
        changes.append((match.group("word"), "năm"))
        return "năm" + match.group("gap")

    return _YEAR_WORD_MISREAD.sub(year_word, text), changes


def _hyphen_glued_before_a_word(token: str) -> bool:
    """ "tục-xây", "Đảng-khóa": two syllables joined by a hyphen, the second in lower case. Vietnamese
    writes words apart; OCR read the space between them as a hyphen (a place's "Thiên-Huế" is
    capitalised; "COVID-19", "210-KL" are no syllables)."""
    parts = token.strip(_EDGE_PUNCTUATION).split("-")
    return (
        len(parts) == 2
        and all(part.isalpha() and is_vietnamese_syllable(part) for part in parts)
        and parts[1][:1].islower()
    )


def _mark_after_a_mark(previous: str, token: str) -> bool:
    """ "ban hành, : được": a mark standing alone after a word that ends in one, which print never does."""
    return bool(token) and set(token) <= set(",.;:") and previous[-1:] in {",", ".", ";", ":"}


def doubtful_words(subject: str) -> list[str]:
    """The words (and marks) of `subject` that a printed document would not show, in order."""
    text = nfc(subject)
    tokens = text.split()
    doubtful = [
        token
        for previous, token in zip(["", *tokens], tokens, strict=False)
        if _GLUED_BEFORE.match(token)
        or not _token_ok(token)
        or token.strip(_EDGE_PUNCTUATION) == "_"
        or _after_date_word(previous, token)
        or _not_a_roman_numeral(previous, token)
        or _mark_after_a_mark(previous, token)
        or _hyphen_glued_before_a_word(token)
    ]
    if len(tokens) < MIN_SUBJECT_WORDS:
        doubtful.append(f"only {len(tokens)} word(s)")
    if text.count("“") != text.count("”") or text.count("(") != text.count(")") or text.count('"') % 2:
        doubtful.append("unclosed “ or (")
    doubtful += [match.group(0) for match in _LOWERCASE_AFTER_STOP.finditer(text)]
    doubtful += [match.group(0) for match in _DAY_LOST.finditer(fold(text).lower())]
    doubtful += marks_slips(text)
    doubtful += letter_slips(text)
    doubtful += rare_form_slips(text)
    doubtful += tone_slips(text)
    doubtful += _terms_out_of_their_years(text)
    return doubtful
