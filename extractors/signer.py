"""The closing block of a document: the signer (capacity, title, name) and the "Nơi nhận" list.

```
 Nơi nhận:                          TM. ỦY BAN NHÂN DÂN     ← capacity (on behalf of the collective)
 - Như Điều 3;                      KT. CHỦ TỊCH            ← capacity (signing for the head)
 - Lưu: VT, …                       PHÓ CHỦ TỊCH            ← the signer's own title
                                    Nguyễn Văn A            ← name
```
The block closes the document proper: annexes ("Phụ lục", "Mẫu số", "(Ban hành kèm theo …)") and
attached documents (a second national motto) follow it, and a form among them may carry its own
"Nơi nhận" and signature lines — a template, not the document's signer. So the document proper is
cut at its first annex; in it the first page carrying "Nơi nhận" is the one to read, or, without a
recipients list, the first signature block after the last article.

Titles, capacity marks, ranks and family names are data (`core/data/titles.yaml`). A name must look
like a person's: capitalised syllables starting with a known family name. When none does, the
signer's name is left null for a person to read, never filled with a line that merely looks like one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property

from core import gazetteer
from core.models import Page, Signer, SigningCapacity
from extractors.agencies import read_agency
from extractors.layout import TEXT_BLOCK_SEPARATOR, Line, PageLines, all_unsure, split_blocks, text_line
from extractors.lexicon import known_syllables
from extractors.normalize import canonical_tones, compact_key, edit_distance, fold, matching_form
from extractors.places import province_named
from extractors.text_quality import is_vietnamese_syllable


def _deputy(title: str) -> str:
    """The title of the head's deputy: "Phó " + the head's, or one of its own ("Thứ trưởng")."""
    return gazetteer.titles().deputies.get(title, f"Phó {title}")


@cache
def _titles() -> tuple[str, ...]:
    base = tuple(dict.fromkeys(gazetteer.titles().titles))
    return tuple(dict.fromkeys((*base, *(f"Phó {title}" for title in base))))


@cache
def _title_keys() -> list[tuple[str, str]]:
    return sorted(((compact_key(t), t) for t in _titles()), key=lambda item: -len(item[0]))


@cache
def _capacity_pattern() -> re.Pattern[str]:
    capacities = sorted(gazetteer.titles().capacities, key=len, reverse=True)
    marks = "|".join(capacities)
    # the Party's documents write them with a slash and no stop: "T/M BAN THƯỜNG VỤ", "K/T BÍ THƯ"
    slashed = "|".join(f"{mark[0]}/{mark[1:]}" for mark in capacities)
    return re.compile(
        rf"^\s*(?:(?P<mark>{marks})\s*[.,:]|(?P<slashed>{slashed})\s*[.,:]?)\s*(?P<rest>.*)$", re.IGNORECASE
    )


def _capacity_of(match: re.Match[str]) -> str:
    """ "TM", "t/m" → "TM." (the record's spelling)."""
    return f"{(match.group('mark') or match.group('slashed')).replace('/', '').upper()}."


# A capacity mark OCR damaged by one letter ("TIM. ỦY BAN NHÂN DÂN", "1M." with a one for the T),
# told by what follows it.
_DAMAGED_MARK = re.compile(r"^\s*(?P<mark>[a-z1]{1,4})(?P<stop>\s*[.,:]\s*|\s+)(?P<rest>\S.*)$", re.IGNORECASE)
# the mark a collective's name follows (NĐ30: "TM. ỦY BAN NHÂN DÂN"); the others are followed by a title
_FOR_A_COLLECTIVE = "TM"


# "T. CHỦ TỊCH": one letter lost from "KT." or "TL." alike; the signer's own title below tells which
_DEPUTY_OR_OFFICE = "KT.|TL."


def _damaged_capacity(text: str) -> tuple[str, str] | None:
    """ "TIM. UY BAN NHAN DAN" → "TM.", "KT CHỦ TỊCH" → "KT.": letters one edit from exactly one
    capacity mark, or the mark without its stop, followed by what that mark is followed by — a
    body's name after TM., a title after KT., TL., TUQ. Returns the mark and what follows it; a
    stopped mark one edit from both "KT." and "TL." is `_DEPUTY_OR_OFFICE`, for the title to decide."""
    match = _DAMAGED_MARK.match(fold(text))
    if match is None:
        return None
    mark, rest = match.group("mark").upper(), text[match.start("rest") :]
    capacities = gazetteer.titles().capacities
    stopped = bool(match.group("stop").strip())
    if mark in capacities and stopped:
        return None  # undamaged: the capacity pattern reads it
    if mark not in capacities and not stopped:
        return None  # a letter changed and no stop: any word of a signature's noise ("Ta PHÓ CHỦ TỊCH")
    rest_key = compact_key(rest)
    names_a_body = any(rest_key.startswith(compact_key(kind)) for kind in gazetteer.agencies().kinds if len(kind) > 4)
    candidates = {
        capacity
        for capacity in capacities
        if edit_distance(mark, capacity, 1) <= 1
        and (names_a_body if capacity == _FOR_A_COLLECTIVE else title_of(rest) is not None)
    }
    if len(candidates) == 1:
        return f"{candidates.pop()}.", rest
    if candidates == {"KT", "TL"} and stopped:
        return _DEPUTY_OR_OFFICE, rest
    return None


_RECIPIENTS_LABEL = re.compile(r"^\s*n[o0]i\s*nh[a]n\s*[:;.]?\s*", re.IGNORECASE)
# the label that opens the list: "Nơi nhận:" alone or before its first item, not "nơi nhận hồ sơ"
_RECIPIENTS_OPENING = re.compile(r"^\s*n[o0]i\s*nh[a]n\s*(?:[:;.]|$|[-–—+•·]\s)", re.IGNORECASE)
_ACTING = re.compile(r"^\s*(?:q\s*\.|quyen\s)\s*", re.IGNORECASE)
_ITEM_MARK = re.compile(r"^\s*[-–—+•·]\s*")
# Ink of a signature or seal read by OCR as marks around a line: '"Phan Quốc Tuấn', "_... PHÓ CHỦ TỊCH"
_EDGE_MARKS = re.compile(r"^[\W_]+|[\W_]+$")

# Where the document proper ends (matched on folded text): an annex heading ("Phụ lục II",
# "PHỤ LỤC", "Mẫu số 01/TB", "Biểu số 2") with nothing after it but a title in capitals, or the
# line that attaches a text ("(Ban hành kèm theo Thông tư số …", "(Kèm theo Nghị quyết số …").
_APPENDIX_HEADING = re.compile(
    r"^\s*phu\s*luc(?:\s+(?:so\s*)?[0-9ivxlc]+[a-z]?)?\s*[:.\-–]?\s*(?P<tail>.*)$", re.IGNORECASE
)
_FORM_HEADING = re.compile(
    r"^\s*(?:bieu\s*mau|mau|bieu)\s+(?:so\s*)?\d+[0-9a-z./\-]*\s*[:.\-–]?\s*(?P<tail>.*)$", re.IGNORECASE
)
_ATTACHED = re.compile(r"^\s*\(\s*(?:ban\s+hanh\s+)?kem\s+theo\b", re.IGNORECASE)
_ANNEX_HINT = re.compile(r"^\s*(?:phu\s*luc|bieu|mau|\(\s*(?:ban\s+hanh\s+)?kem\s+theo)", re.IGNORECASE | re.MULTILINE)
_ARTICLE = re.compile(r"^\s*dieu\s+(\d+)\s*[.:]", re.IGNORECASE | re.MULTILINE)


def title_of(text: str) -> str | None:
    """ "PHÓ CHỦ TỊCH", OCR "CHỦ TICH", "Phó Giám đốc", "Q. GIÁM ĐỐC" → the title in normal case, else `None`."""
    acting = _ACTING.match(fold(text))
    if acting and acting.end() < len(text):
        title = title_of(text[acting.end() :])
        return f"Quyền {title}" if title is not None and not title.startswith("Quyền") else None
    key = compact_key(text)
    if not key or len(key) > 40:
        return None
    exact = [title for title_key, title in _title_keys() if key == title_key]
    if exact:
        # "THỦ TRƯỞNG" and "THỨ TRƯỞNG" fold alike: the marks printed choose
        return next((title for title in exact if _same_marks(text, title)), exact[0])
    for title_key, title in _title_keys():
        if len(title_key) >= 6 and abs(len(key) - len(title_key)) <= 1 and edit_distance(key, title_key, 1) <= 1:
            return title
    words = text.split()
    # "PHÓ TRƯỞNG BAN THƯỜNG TRỰC": title and a qualifier; of titles folding alike ("THỦ TRƯỞNG ĐƠN
    # VỊ"), the one whose marks were printed
    heads = [title for title_key, title in _title_keys() if key.startswith(title_key) and len(title_key) >= 6]
    marked = [title for title in heads if _same_marks(" ".join(words[: len(title.split())]), title)]
    for title in marked or heads:
        qualifier = " ".join(words[len(title.split()) :]).lstrip(",;. ")
        second = title_of(qualifier) if qualifier else None
        if second is not None:
            # two offices held at once ("BỘ TRƯỞNG, CHỦ NHIỆM", "THỨ TRƯỞNG, PHÓ CHỦ NHIỆM"): NĐ30
            # writes both titles, a comma between them, whether OCR kept the comma or not
            return f"{title}, {second}"
        return f"{title} {_qualifier_case(qualifier)}".strip()
    return None


def _qualifier_case(qualifier: str) -> str:
    """ "THƯỜNG TRỰC" → "thường trực"; a body's name keeps its capitals ("VỤ CẢI CÁCH HÀNH CHÍNH" →
    "Vụ Cải cách hành chính") when the gazetteer knows it, an abbreviation its letters ("UBND")."""
    if qualifier:
        reading = read_agency(qualifier)
        if reading.sure and compact_key(reading.name) == compact_key(qualifier):
            return reading.name
    return " ".join(
        word if word.isupper() and not is_vietnamese_syllable(word) else word.lower() for word in qualifier.split()
    )


def _same_marks(text: str, title: str) -> bool:
    return compact_key(text) == compact_key(title) and matching_form(" ".join(text.split())) == matching_form(title)


_APOSTROPHES = "'’ʼ"


def _opens_with_gender_word(words: list[str]) -> bool:
    """An Ede or M'nông name (`gender_words`): "Y" then two to five capitalised words ("Y Vinh Tơr"),
    or "H'" joined to the first of one to five ("H'Yim Kđoh"); no word of it a title's or in capitals."""
    if not words:
        return False
    first = words[0]
    for gender in gazetteer.titles().gender_words:
        stem = gender.rstrip(_APOSTROPHES)
        joined = first[len(stem) : len(stem) + 1] in _APOSTROPHES
        if gender != stem and len(words) >= 2 and first[: len(stem)] == stem and joined:
            rest = [first[len(stem) + 1 :], *words[1:]]
            break
        if first == gender and len(words) >= 3:
            rest = words[1:]
            break
    else:
        return False
    return 1 <= len(rest) <= 5 and all(w.isalpha() and w[:1].isupper() and w[1:].islower() for w in rest)


def _looks_like_name(text: str) -> bool:
    """Shaped like a person's name: 2-6 syllables, each capitalised ("Nguyễn Thị Hồng Hạnh")."""
    words = text.split()
    if not 2 <= len(words) <= 6 or title_of(text) is not None:
        return False
    return (
        all(w[:1].isupper() and (len(w) == 1 or w[1:].islower()) and w.isalpha() for w in words)
        and sum(is_vietnamese_syllable(w) for w in words) >= len(words) - 1
    )


def _is_speck(word: str) -> bool:
    """A lone letter no name is written with: lower case, or not a Vietnamese letter ("Š")."""
    return len(word) == 1 and (word.islower() or not is_vietnamese_syllable(word))


def _without_specks(words: list[str]) -> list[str]:
    """A name with a speck of ink read as a lone letter beside it ("š Huỳnh Hoàng Bình")."""
    while len(words) > 2 and _is_speck(words[0]):
        words = words[1:]
    while len(words) > 2 and _is_speck(words[-1]):
        words = words[:-1]
    return words


@cache
def _rank_keys() -> tuple[str, ...]:
    return tuple(sorted({compact_key(rank) for rank in gazetteer.titles().ranks}, key=len, reverse=True))


@cache
def _degree_keys() -> frozenset[str]:
    return frozenset(compact_key(degree) for degree in gazetteer.titles().degrees)


def _without_ranks(words: list[str]) -> list[str]:
    """Words of a name line without the rank or degrees printed before the name ("Đại tướng",
    "PGS.TS.")."""
    while words:
        parts = [part for part in re.split(r"[.,]", words[0]) if part]
        if parts and all(compact_key(part) in _degree_keys() for part in parts):
            words = words[1:]
            continue
        for size in (3, 2, 1):
            if len(words) > size and compact_key(" ".join(words[:size])) in _rank_keys():
                words = words[size:]
                break
        else:
            return words
    return words


@cache
def _family_names() -> tuple[frozenset[str], dict[str, list[str]]]:
    """(family names as written, family names by their toneless key)."""
    names = gazetteer.titles().family_names
    by_key: dict[str, list[str]] = {}
    for name in names:
        by_key.setdefault(compact_key(name), []).append(name)
    return frozenset(canonical_tones(name) for name in names), by_key


def _family_name(word: str) -> tuple[str, bool] | None:
    """(the family name as written in the list, whether its tone marks had to be restored), or `None`.

    OCR loses or changes a tone mark ("Trân" for "Trần", "Hỗ" for "Hồ"): a word whose toneless form
    is exactly one family name's is that name; one shared by several ("Ha": Hà, Hạ) is none.
    """
    written, by_key = _family_names()
    word = canonical_tones(word)
    if word in written:
        return word, False
    matches = by_key.get(compact_key(word), [])
    return (matches[0], True) if len(matches) == 1 else None


# Base vowels Tesseract reads for one another under the same marks in a name's bold print beside a
# seal or a signature ("Vã" for Võ, "Đễ" for Đỗ); a breve or a horn belongs to one base only.
_CONFUSED_VOWELS = "aeo"
_ONE_BASE_MARKS = ("\u0306", "\u031b")


def _vowel_swapped(word: str) -> list[str]:
    """The word with one of its a, e, o read as another of them, its marks kept."""
    letters = unicodedata.normalize("NFD", word)
    forms = []
    for index, letter in enumerate(letters):
        if letter.lower() not in _CONFUSED_VOWELS or letters[index + 1 : index + 2] in _ONE_BASE_MARKS:
            continue
        for other in _CONFUSED_VOWELS.replace(letter.lower(), ""):
            swapped = other.upper() if letter.isupper() else other
            forms.append(unicodedata.normalize("NFC", letters[:index] + swapped + letters[index + 1 :]))
    return forms


def _family_name_by_vowel(word: str) -> str | None:
    """The one listed family name the word becomes with one vowel read as another ("Vã": Võ); None
    when none or several do. Asked only of a word `_family_name` found no family name in."""
    written, _ = _family_names()
    found = {form for form in map(canonical_tones, _vowel_swapped(word)) if form in written}
    return found.pop() if len(found) == 1 else None


@cache
def _name_syllables() -> tuple[frozenset[str], dict[str, list[str]]]:
    """(middle, given and family names in matching form, the names by their toneless key)."""
    data = gazetteer.titles()
    names = {canonical_tones(name) for name in (*data.name_syllables, *data.family_names)}
    by_key: dict[str, list[str]] = {}
    for name in sorted(names):
        by_key.setdefault(compact_key(name), []).append(name)
    return frozenset(matching_form(name) for name in names), by_key


def _name_doubt(word: str) -> str | None:
    """Why a middle or given name may be misread: a syllable no listed name is, with a listed name's
    letters under other marks ("Đúc": Đức, "Thẳnh": Thanh, Thành, Thạnh) — OCR's usual slip. It is not
    changed (a rare real name shares letters with a common one: "Hai", "Hải"); a person checks it.
    A syllable whose letters no listed name has ("Páo") is taken as printed, unless it is no syllable
    of the language and a letter OCR confuses makes it a listed name ("Vến": Yến)."""
    known, by_key = _name_syllables()
    if matching_form(word) in known:
        return None
    matches = by_key.get(compact_key(word), [])
    if matches:
        return f"name '{word}' may be misread: not a listed name, but {', '.join(matches)} have its letters"
    if matching_form(word) not in known_syllables():
        # no syllable of the language either: letters OCR confuses make it a listed name ("Vến": Yến)
        meant = [form for form in _confusable_forms(word) if matching_form(form) in known]
        if meant:
            return f"name '{word}' may be misread: no Vietnamese syllable, but {', '.join(meant)} is a listed name"
    return None


# Capitals OCR reads for one another at the start of a name, both ways (a name's other letters are
# compared by `_name_syllables`'s letters already).
_CONFUSED_INITIALS = (("Y", "V"),)


def _confusable_forms(word: str) -> list[str]:
    forms = []
    for one, other in _CONFUSED_INITIALS:
        for read, meant in ((one, other), (other, one)):
            if word.startswith(read) and len(word) > len(read):
                forms.append(meant + word[len(read) :])
    return forms


_HONORIFICS = ("Ông", "Bà")
# marks a seal's or signature's ink leaves glued to a name's words ("$ 'Nguyễn"): no name prints them
_NAME_EDGE_MARKS = "'\"‘’“”`´_^$*~|.,;:"


def _first_letter_restored(word: str, *, family: bool = False) -> str | None:
    """A name that lost its first letter to the ink over it ("ăn" of "Văn", "guyễn" of "Nguyễn": a
    seal's edge or a signature's stroke over the name's start): the one listed name — a family name
    for the first word — that is the word with one more letter first; None when it is a name itself
    ("anh") or several names fit ("inh": Minh, Linh …)."""
    if not word[:1].islower() or not word.isalpha():
        return None
    known, _ = _name_syllables()
    if matching_form(word.capitalize()) in known:
        return None
    fits = _names_by_tail(family).get(canonical_tones(word), [])
    return fits[0] if len(fits) == 1 else None


def _capital_inside_recased(word: str) -> str | None:
    """A name's word OCR read with a capital after its first letter ("PHương", "NGuyễn"): the listed
    name with those letters; None for a word in one case throughout, or no listed name."""
    if not word[:1].isupper() or word[1:].islower() or word.isupper() or not word.isalpha():
        return None
    recased = word.capitalize()
    known, _ = _name_syllables()
    return recased if matching_form(recased) in known else None


@cache
def _names_by_tail(family: bool = False) -> dict[str, list[str]]:
    """The listed middle and given names (or family names) by what follows their first letter ("ăn":
    Văn, "guyễn": Nguyễn)."""
    data = gazetteer.titles()
    by_tail: dict[str, list[str]] = {}
    for name in data.family_names if family else data.name_syllables:
        name = canonical_tones(name)
        by_tail.setdefault(name[1:], []).append(name)
    return by_tail


@dataclass(frozen=True)
class PersonName:
    name: str
    corrected: bool  # the family name's tone marks were restored from the list
    doubt: str | None = None  # a middle or given name read with other marks than a listed name's


def person_name(text: str) -> PersonName | None:
    """The person named on a signer's name line, or `None` for a line that is not a person's name
    (an agency, a title, a place, words of a table, OCR's reading of a seal)."""
    words = _without_specks(_without_ranks([w for w in (w.strip(_NAME_EDGE_MARKS) for w in text.split()) if w]))
    restored = []
    for index, word in enumerate(words):
        recased = _capital_inside_recased(word)
        if recased is not None:
            words = [*words[:index], recased, *words[index + 1 :]]
            restored.append(f"name '{word}' read with a capital inside: {recased}, a listed name")
    for index, word in enumerate(words):
        whole = _first_letter_restored(word, family=index == 0)
        if whole is not None:
            words = [*words[:index], whole, *words[index + 1 :]]
            restored.append(f"name '{word}' read without its first letter: {whole}, the one listed name it ends")
    if len(words) > 2 and words[0] in _HONORIFICS and _family_name(words[1]) == (words[1], False):
        words = words[1:]  # "Ông Trần Văn B": Mr. Trần, though "Ông" is a family name too
    candidate = " ".join(words)
    if _opens_with_gender_word(words) and title_of(candidate) is None:
        if _family_name(words[1]) != (words[1], False):
            return PersonName(canonical_tones(candidate), False, None)
        words, candidate = words[1:], " ".join(words[1:])  # ink read as "Y" before a family name: a speck
    if not _looks_like_name(candidate):
        return None
    family = _family_name(words[0])
    if family is None and (by_vowel := _family_name_by_vowel(words[0])) is not None:
        restored.append(f"family name '{words[0]}' read with another vowel: {by_vowel}, the one listed family name")
        family = (by_vowel, False)
    if family is None or (len(words) == 2 and province_named(candidate) is not None):
        return None
    doubts = [*restored, *(doubt for word in words[1:] if (doubt := _name_doubt(canonical_tones(word))) is not None)]
    return PersonName(canonical_tones(" ".join([family[0], *words[1:]])), family[1], "; ".join(doubts) or None)


def _right_column(lines: list[Line], width: float) -> list[Line]:
    """The pieces of the closing lines that sit in the right half (the signer's column)."""
    column: list[Line] = []
    for line in lines:
        if width <= 0:  # a text-only page: the part after the block separator, or a whole short line
            parts = TEXT_BLOCK_SEPARATOR.split(line.text.strip())
            if len(parts) > 1:
                column.append(text_line(parts[-1], "right"))
            elif not _ITEM_MARK.match(line.text) and not _RECIPIENTS_LABEL.match(fold(line.text)):
                column.append(text_line(line.text.strip(), "right"))
            continue
        # marks of ink read as words (". Hoàng Thanh Hương") must not pull the name into the left column
        inked = Line(words=[word for word in line.words if any(c.isalnum() for c in word.text)])
        if inked.words:
            column.extend(piece for piece in split_blocks(inked) if piece.x0 >= 0.4 * width)
    return column


def _left_column(lines: list[Line], width: float) -> list[str]:
    column: list[str] = []
    for line in lines:
        if width <= 0:
            text = TEXT_BLOCK_SEPARATOR.split(line.text.strip())[0]
            if _capacity_pattern().match(fold(text)) or title_of(text) or _looks_like_name(text):
                continue  # the signer's column, run into the list by a text-only reading
            column.append(text)
            continue
        pieces = [piece for piece in split_blocks(line) if piece.x0 < 0.4 * width]
        if pieces:
            column.append(" ".join(piece.text for piece in pieces))
    return column


@dataclass(frozen=True)
class ClosingBlock:
    signer: Signer | None
    recipients: list[str]
    page: int | None
    # why the signer needs a person's eye: a family name's tone marks restored, an unread line where
    # the inner capacity stands, or a block found only among the annexes (the document's own was not
    # readable); None when nothing is in doubt
    doubt: str | None = None

    @property
    def unsure(self) -> bool:
        return self.doubt is not None

    @property
    def name_missing(self) -> bool:
        return self.signer is None or self.signer.name is None

    @property
    def incomplete(self) -> bool:
        """A name or title not read: NĐ30 blocks always print both (a seal or signature may hide one)."""
        return self.name_missing or self.signer is None or self.signer.title is None

    def review_reason(self) -> str:
        """Why the signer is listed in `needs_review`, for `field_sources`."""
        if self.doubt is not None:
            return self.doubt
        if self.signer is None:
            return "no signer block read: NĐ30 documents are signed (Điều 8)"
        missing = [part for part, value in (("name", self.signer.name), ("title", self.signer.title)) if not value]
        return f"the signer's {' and '.join(missing)} not read: an NĐ30 signer block prints both"


def _page_lines(page: Page, lines_of: PageLines) -> tuple[list[Line], float]:
    if page.words:
        return lines_of(page), page.width or max(w.x1 for w in page.words)
    return [text_line(t) for t in page.text.splitlines() if t.strip()], 0.0


def _pieces(line: Line, width: float) -> list[str]:
    """The line and, when it holds several blocks, each block: a label shares its line with the
    signer's column."""
    if width <= 0:
        parts = TEXT_BLOCK_SEPARATOR.split(line.text.strip())
    else:
        parts = [piece.text for piece in split_blocks(line)]
    return [line.text, *parts] if len(parts) > 1 else [line.text]


def _recipients_start(lines: list[Line], width: float = 0.0) -> int | None:
    for index, line in enumerate(lines):
        if any(_RECIPIENTS_OPENING.match(fold(part)) for part in _pieces(line, width)):
            return index
    return None


@dataclass(frozen=True)
class _Reading:
    signer: Signer | None
    name_doubt: str | None = None  # the family name's marks restored, or a given name doubted (`_name_doubt`)
    # a line of letters that reads as nothing between the capacity and the title ("TM. ỦY BAN NHÂN
    # DÂN" / "Ti nn" / "PHÓ CHỦ TỊCH"): where the inner capacity ("KT. CHỦ TỊCH") stands, unread
    unread_capacity: bool = False
    # "TM." over a deputy's or an office chief's title, nothing between: the "KT."/"TL." line was lost
    capacity_not_theirs: bool = False

    @property
    def doubt(self) -> str | None:
        doubts = [self.name_doubt] if self.name_doubt else []
        if self.capacity_not_theirs and self.signer is not None and self.signer.capacity != "TM.":
            doubts.append(
                f"a {self.signer.title} does not sign TM. (NĐ30): the {self.signer.capacity} line under it"
                " is taken for lost"
            )
        elif self.capacity_not_theirs and self.signer is not None:
            doubts.append(f"a {self.signer.title} does not sign TM. (NĐ30): a KT. or TL. line may be lost")
        elif self.unread_capacity:
            doubts.append("a line between the capacity and the title read as nothing: the inner capacity may be there")
        return "; ".join(doubts) or None

    @property
    def named(self) -> bool:
        return self.signer is not None and self.signer.name is not None


def _capacities_joined(column: list[Line]) -> list[Line]:
    """A capacity mark OCR read as a block of its own ("TM." | "ỦY BAN" | "NHÂN DÂN") joined to the
    piece after it: NĐ30 prints the mark and what it signs for on one line."""
    joined: list[Line] = []
    for piece in column:
        previous = joined[-1] if joined else None
        match = _capacity_pattern().match(fold(previous.text.strip())) if previous is not None else None
        if previous is not None and match is not None and not match.group("rest").strip():
            joined[-1] = Line(words=[*previous.words, *piece.words], side=previous.side)
            continue
        joined.append(piece)
    return joined


def _read_signer(column: list[Line], *, names_without_title: bool = False, ocr: bool = False) -> _Reading:
    capacity: SigningCapacity | None = None
    head: str | None = None  # the head a deputy signs for ("KT. CHỦ TỊCH")
    title: str | None = None
    name: PersonName | None = None
    started = False
    unread: list[str] = []  # lines after the capacity line not read as anything, before a title
    unread_capacity = False
    deputy_or_office = False  # a damaged mark that is "KT." or "TL." by the title under it
    for piece in _capacities_joined(column):
        text = _EDGE_MARKS.sub("", piece.text.strip()) if started or names_without_title else piece.text.strip()
        if not text:
            continue
        match = _capacity_pattern().match(fold(text))
        # at the top of the block, or the inner mark under "TM. …" before any title
        damaged = (
            _damaged_capacity(text)
            if match is None and title is None and name is None and capacity in (None, "TM.")
            else None
        )
        if damaged is not None:
            deputy_or_office = damaged[0] == _DEPUTY_OR_OFFICE
            if not deputy_or_office:
                capacity = damaged[0]  # type: ignore[assignment]
            head = title_of(damaged[1])
            title = None
            started = True
            unread = []
            continue
        if match and match.group("rest").strip():
            # "KT. CHỦ TỊCH" names the head signed for; the signer's own title is on the next line.
            # Under "TM. CHÍNH PHỦ / KT. THỦ TƯỚNG" the inner line is the capacity that counts (NĐ30).
            capacity = _capacity_of(match)  # type: ignore[assignment]
            head = title_of(text[match.start("rest") :]) if len(text) == len(fold(text)) else None
            title = None
            started = True
            unread = []
            continue
        found = title_of(text)
        if found is not None:
            unread_capacity = unread_capacity or (capacity is not None and title is None and bool(unread))
            title = found
            started = True
            continue
        if started or names_without_title:
            name = person_name(text)
            if name is not None:
                break
            letters = [c for c in text if c.isalpha()]
            # capitals OCR read at no confidence ("NET" where "TL. CHỦ TỊCH" was) count too; a readable
            # upper-case line here is the collective's name wrapping
            unreadable = not text.isupper() or all_unsure(piece)
            if capacity is not None and title is None and len(letters) >= 2 and unreadable:
                unread.append(text)
    if not started and name is None:
        return _Reading(None)
    if deputy_or_office and capacity in (None, "TM.") and title is not None and title != head:
        capacity = _inner_capacity(title)  # a deputy signs "KT.", an office chief "TL." (NĐ30)
    if capacity == "KT." and head is not None and title in (None, head):
        # ký thay: a deputy signs for the head, so "KT. CHỦ TỊCH" is signed by a "Phó Chủ tịch"
        # (NĐ30); a seal over the title line leaves nothing else to read it from
        title = _deputy(head)
    not_theirs = capacity == "TM." and title is not None and not _signs_for_the_collective(title)
    if not_theirs and (unread_capacity or ocr) and title is not None:
        # the line read as nothing, or lost by OCR, is theirs; the record keeps the innermost mark (NĐ30)
        capacity = _inner_capacity(title)
    signer = Signer(name=name.name if name else None, title=title, capacity=capacity)
    return _Reading(signer, name_doubt=_doubt_of(name), unread_capacity=unread_capacity, capacity_not_theirs=not_theirs)


def _is_deputy(title: str) -> bool:
    return title.startswith("Phó ") or title in gazetteer.titles().deputies.values()


def _inner_capacity(title: str) -> SigningCapacity:
    """The mark a title signs with under "TM." (NĐ30 Điều 13): a deputy "KT.", an office chief "TL."."""
    return "KT." if _is_deputy(title) else "TL."


def _signs_for_the_collective(title: str) -> bool:
    """Under "TM." signs the collective's head (NĐ30): a deputy signs "KT.", an office chief "TL.".
    Party bodies let a deputy secretary sign for the standing committee."""
    return not ((_is_deputy(title) and "Bí thư" not in title) or title == "Chánh Văn phòng")


def _doubt_of(name: PersonName | None) -> str | None:
    if name is not None and name.corrected:
        return "the family name's tone marks were restored from the list of family names"
    return name.doubt if name is not None else None


def read_signer(column: list[Line], *, names_without_title: bool = False) -> Signer | None:
    """Capacity, title and name from the right column of the closing lines, top to bottom.

    A name is taken only under a capacity or title line, unless `names_without_title` (the column
    beside "Nơi nhận", where a red seal may have hidden the title from OCR).
    """
    return _read_signer(column, names_without_title=names_without_title).signer


def read_recipients(lines: list[str]) -> list[str]:
    """The "Nơi nhận" items, without the dash, the final ";"/"." and the archive line "Lưu: VT"."""
    items: list[str] = []
    for raw in lines:
        text = raw.strip()
        label = _RECIPIENTS_LABEL.match(fold(text))
        if label:
            text = text[label.end() :].strip()
            if not text:
                continue
        if _ITEM_MARK.match(text):
            items.append(_ITEM_MARK.sub("", text))
        elif items and text and not items[-1].rstrip().endswith((";", ".")):
            items[-1] = f"{items[-1]} {text}"
        elif items and text:
            break  # text that is not an item: the list is over
    cleaned = [item.strip().rstrip(";.,").strip() for item in items]
    return [item for item in cleaned if item and not compact_key(item.split(":")[0]).startswith("luu")]


# ── the document proper ──────────────────────────────────────────────────────────────────────────


def _capitals_only(text: str) -> bool:
    return not any(c.islower() for c in text)


def opens_annex(text: str) -> bool:
    """Is this whole line the heading of an annex, a form or an attached text ("PHỤ LỤC II",
    "Mẫu số 01/TB", "(Ban hành kèm theo …)")? Body text citing one ("theo Phụ lục I ban hành kèm
    theo …") is not: after the heading only a title in capitals may follow. A form printed inside
    an article shares its heading line with the form's own fields and does not end the body."""
    folded = fold(text)
    for pattern in (_APPENDIX_HEADING, _FORM_HEADING):
        match = pattern.match(folded)
        if match and _capitals_only(text[match.start("tail") :]):
            return True
    if _ATTACHED.match(folded):
        return text.lstrip()[1:].lstrip()[:1].isupper()
    return False


@dataclass
class _Part:
    """Lines `start:end` of one page: the part of the page that belongs to the document proper or
    to its annexes. Lines are built when first read (most pages of a long law never are), once per
    page for all its parts (`lines_of`)."""

    page: Page
    start: int = 0
    end: int | None = None
    lines_of: PageLines = field(default_factory=PageLines)

    @cached_property
    def _page(self) -> tuple[list[Line], float]:
        return _page_lines(self.page, self.lines_of)

    @property
    def lines(self) -> list[Line]:
        return self._page[0][self.start : self.end]

    @property
    def width(self) -> float:
        return self._page[1]

    @property
    def text_lines(self) -> list[str]:
        """The part's lines as text, without building them from words when the whole page is meant."""
        if self.start == 0 and self.end is None:
            return self.page.text.splitlines()
        return [line.text for line in self.lines]


def _split_at_annexes(pages: list[Page], lines_of: PageLines) -> tuple[list[_Part], list[_Part]]:
    """(the document proper, the annexes and attached texts from the first annex heading on).
    Page 1 always belongs to the document: its header is the document's own."""
    proper: list[_Part] = []
    annexes: list[_Part] = []
    for index, page in enumerate(pages):
        part = _Part(page, lines_of=lines_of)
        if annexes or index == 0 or not _ANNEX_HINT.search(fold(page.text)):  # cheap test first
            (annexes if annexes else proper).append(part)
            continue
        cut = next((i for i, line in enumerate(part.lines) if opens_annex(line.text)), None)
        if cut is None:
            proper.append(part)
            continue
        if cut > 0:
            proper.append(_Part(page, 0, cut, lines_of))
        annexes.append(_Part(page, cut, lines_of=lines_of))
    return proper, annexes


def _last_article(parts: list[_Part]) -> tuple[int, int] | None:
    """(part, line) of the body's last "Điều N." heading. The body numbers its articles upwards: a
    number that does not go up starts another text (a contract or regulation attached to the
    document, the amending laws quoted in a consolidated text's notes)."""
    found: tuple[int, int] | None = None  # (part, how many article lines of that part it is)
    previous = 0
    for position, part in enumerate(parts):
        if not _ARTICLE.search(fold(part.page.text)):
            continue  # cheap test first
        count = 0
        for line in part.text_lines:
            match = _ARTICLE.match(fold(line))
            if match is None:
                continue
            number = int(match.group(1))
            if number <= previous:
                return _article_line(parts, found)
            previous = number
            count += 1
            found = (position, count)
    return _article_line(parts, found)


def _article_line(parts: list[_Part], found: tuple[int, int] | None) -> tuple[int, int] | None:
    """The built line of the `count`-th article line of a part (its text and its lines agree)."""
    if found is None:
        return None
    position, count = found
    indexes = [i for i, line in enumerate(parts[position].lines) if _ARTICLE.match(fold(line.text))]
    if not indexes:
        return position, 0
    return position, indexes[min(count, len(indexes)) - 1]


def _has_recipients_label(part: _Part) -> bool:
    folded = fold(part.page.text).lower()
    return "nhan" in folded and bool(re.search(r"n[o0]i\b", folded))  # cheap test


def _recipients_block(parts: list[_Part], position: int) -> tuple[ClosingBlock, bool] | None:
    """The block around the "Nơi nhận" of `parts[position]`, and whether its signer has a name."""
    part = parts[position]
    start = _recipients_start(part.lines, part.width)
    if start is None:
        return None
    # the signer block starts a few lines above "Nơi nhận" and runs down beside it
    block = part.lines[max(0, start - 6) :]
    ocr = part.page.method == "ocr"
    reading = _read_signer(_right_column(block, part.width), ocr=ocr)
    if reading.signer is None:
        reading = _read_signer(_right_column(part.lines[start:], part.width), names_without_title=True, ocr=ocr)
    if not reading.named and position + 1 < len(parts):
        following = parts[position + 1]
        column = _right_column(block, part.width) + _right_column(following.lines[:12], following.width)
        more = _read_signer(column, ocr=ocr)
        reading = more if more.signer is not None else reading
    recipients = read_recipients(_left_column(part.lines[start:], part.width))
    return ClosingBlock(reading.signer, recipients, part.page.page, doubt=reading.doubt), reading.named


def _named_block(parts: list[_Part], order: Iterator[int], first_line: int = 0) -> tuple[int, _Reading] | None:
    """The first part in `order` whose right column holds a signer with a name (from `first_line`
    of the first part tried)."""
    for tried, position in enumerate(order):
        part = parts[position]
        lines = part.lines[first_line:] if tried == 0 else part.lines
        reading = _read_signer(_right_column(lines, part.width), ocr=part.page.method == "ocr")
        if reading.named:
            return position, reading
    return None


def _closing_block(parts: list[_Part]) -> ClosingBlock | None:
    """The closing block of the document proper: the first "Nơi nhận" page after the body's last
    article (a form inside the body may have its own), unless a named signer block comes first;
    without a recipients list, the first named block after the last article, else the last one."""
    article = _last_article(parts)
    if article is not None:
        block = _block_from(parts, *article)
        if block is not None and not block.name_missing:
            return block
    return _block_from(parts, 0, 0, backwards=True)


def _block_from(parts: list[_Part], first: int, first_line: int, *, backwards: bool = False) -> ClosingBlock | None:
    """The first "Nơi nhận" block from `parts[first]` on if its signer has a name, else a named
    block before it (a block without recipients, followed by a form's "Nơi nhận"), searched
    forwards from `first_line` of `parts[first]` or backwards from the end."""
    recipients: tuple[ClosingBlock, bool] | None = None
    end = len(parts)
    for position in range(first, len(parts)):
        if _has_recipients_label(parts[position]):
            recipients = _recipients_block(parts, position)
            if recipients is not None:
                end = position
                break
    if recipients is not None and recipients[1]:
        return recipients[0]
    order = range(end - 1, first - 1, -1) if backwards else range(first, end)
    named = _named_block(parts, iter(order), 0 if backwards else first_line)
    if named is not None:
        position, reading = named
        return ClosingBlock(reading.signer, [], parts[position].page.page, doubt=reading.doubt)
    return recipients[0] if recipients is not None else None


def read_closing_block(pages: list[Page], lines_of: PageLines | None = None) -> ClosingBlock:
    """Signer and recipients of the document proper (its annexes' forms are templates); the pages'
    lines from `lines_of` when the caller shares them (page 1's with the header)."""
    if not pages:
        return ClosingBlock(None, [], None)
    proper, annexes = _split_at_annexes(pages, lines_of or PageLines())
    block = _closing_block(proper)
    if block is not None and not block.name_missing:
        return block
    # nothing readable before the annexes: a block among them is offered for a person to check
    named = _named_block(annexes, iter(range(len(annexes))))
    if named is not None:
        position, reading = named
        return ClosingBlock(
            reading.signer,
            block.recipients if block else [],
            annexes[position].page.page,
            doubt="the signer block was found only among the annexes (the document's own was not readable)",
        )
    return block or ClosingBlock(None, [], None)
