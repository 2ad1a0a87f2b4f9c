"""Place names in agency names and place-and-date lines: units, provinces, and how to write them.

NĐ30 Phụ lục II: the unit word is lower case before a name ("tỉnh Cao Bằng", "huyện Nhơn Trạch"), upper
case before a number ("Quận 3", "Phường 15"); "Thành phố Hồ Chí Minh" keeps its capital T because the
city's name includes it. Provinces are looked up in a table so that OCR that lost or changed a
diacritic ("PHỦ THỌ", "Đông Nai", "Hỗ Chí Minh") is written as the province is really called.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from core import gazetteer
from extractors.normalize import canonical_tones, cased_like, compact_key, edit_distance, fold, matching_form, nfc
from extractors.text_quality import is_vietnamese_syllable

# Administrative unit words, longest first so that "thành phố" wins over nothing and "thị xã" over "xã".
UNIT_WORDS: tuple[str, ...] = ("thành phố", "thị trấn", "đặc khu", "thị xã", "tỉnh", "huyện", "quận", "phường", "xã")
# The units below a district before 1 July 2025 and below a province after it (core/data/communes.yaml).
COMMUNE_UNITS = frozenset({"xã", "phường", "thị trấn", "đặc khu"})
_UNIT_KEYS = {compact_key(word): word for word in UNIT_WORDS}
# Units written as an abbreviation in headers: "UBND TP. HỒ CHÍ MINH", "UBND Q.3".
_UNIT_ABBREVIATIONS = {"tp": "thành phố", "q": "quận", "p": "phường", "tx": "thị xã", "tt": "thị trấn"}

# The 63 provinces and centrally-run cities before the 2025 merger and the 34 after it (data:
# core/data/provinces.yaml).
PROVINCES: tuple[str, ...] = tuple(province.name for province in gazetteer.provinces().all_provinces())
_PROVINCE_KEYS = {compact_key(name): name for name in PROVINCES} | {
    compact_key(abbreviation): province.name
    for province in gazetteer.provinces().all_provinces()
    for abbreviation in province.abbreviations
}
_ROMAN = re.compile(r"^[IVXL]+$")
_SPACES = re.compile(r"\s+")


_PROVINCE_NAME_KEYS = frozenset(compact_key(name) for name in PROVINCES)


def runs_on_after_province(text: str) -> bool:
    """A province's full name followed by more words ("HỒ CHÍ MINH TƯ PHÁP"): the words of the next
    agency ran on into the place, so the whole is not one place."""
    words = text.split()
    return any(compact_key(" ".join(words[:size])) in _PROVINCE_NAME_KEYS for size in range(1, len(words)))


_DISTRICT_NAME_KEYS = frozenset(
    compact_key(name)
    for districts in gazetteer.provinces().districts.values()
    for _, name in districts
    if not name.isdigit()
)


DISTRICT_UNITS = frozenset({"huyện", "quận", "thị xã", "thành phố"})  # the unit words a district is named with


def is_district_name(name: str) -> bool:
    """Whether `name` has the letters of a district of the gazetteer (before the 2025 merger)."""
    return compact_key(name) in _DISTRICT_NAME_KEYS


def runs_on_after_district(unit: str, text: str) -> bool:
    """After a district's unit word, a gazetteer district's name followed by words that make no longer
    district ("huyện" + "THANH BA ĐOÀN GIÁM SÁT"): the next agency's line ran on into the place."""
    words = text.split()
    if unit not in DISTRICT_UNITS or compact_key(text) in _DISTRICT_NAME_KEYS:
        return False
    return any(compact_key(" ".join(words[:size])) in _DISTRICT_NAME_KEYS for size in range(1, len(words)))


def province_named(text: str) -> str | None:
    """The province whose name this is, allowing one OCR slip in names of 5+ letters."""
    key = compact_key(text)
    if not key:
        return None
    if key in _PROVINCE_KEYS:
        return _PROVINCE_KEYS[key]
    if len(key) < 5:
        return None
    matches = {name for name_key, name in _PROVINCE_KEYS.items() if edit_distance(key, name_key, 1) <= 1}
    return matches.pop() if len(matches) == 1 else None


# Roman numerals that are also Vietnamese syllables ("Sơn Vi", "Mỹ Li"): numerals only as a name's first word.
_ROMAN_SYLLABLES = frozenset({"VI", "XI", "LI", "MI", "DI"})


def title_case_name(text: str) -> str:
    """ "NHƠN TRẠCH" → "Nhơn Trạch"; numbers and Roman numerals are kept ("XV"), except a numeral
    that is also a syllable after the name's first word ("SƠN VI" → "Sơn Vi")."""
    words: list[str] = []
    for word in _SPACES.split(text.strip()):
        if not word:
            continue
        syllable_in_name = bool(words) and word.upper() in _ROMAN_SYLLABLES
        if (_ROMAN.match(word) and not syllable_in_name) or any(c.isdigit() for c in word):
            words.append(word)
        else:
            words.append(word[:1].upper() + word[1:].lower())
    return " ".join(words)


def unit_word_at(words: list[str], index: int) -> tuple[str, int] | None:
    """The administrative unit word starting at words[index] → (unit in lower case, words used)."""
    for size in (2, 1):
        chunk = words[index : index + size]
        if len(chunk) < size:
            continue
        key = compact_key(" ".join(chunk))
        if key in _UNIT_KEYS:
            return _UNIT_KEYS[key], size
        if size == 2 and len(key) >= 7:  # OCR slips in two-word units: "THÀNH PHỔỐ"
            near = [
                word
                for unit_key, word in _UNIT_KEYS.items()
                if len(unit_key) >= 6 and edit_distance(key, unit_key, 1) <= 1
            ]
            if len(near) == 1:
                return near[0], size
        if size == 1 and key in _UNIT_ABBREVIATIONS and chunk[0].rstrip(".") != chunk[0]:
            return _UNIT_ABBREVIATIONS[key], 1
    return None


def write_unit_and_name(unit: str, name: str) -> str:
    """("thành phố", "HỒ CHÍ MINH") → "Thành phố Hồ Chí Minh"; ("quận", "3") → "Quận 3"."""
    name = name.strip(" ,.;:")
    province = province_named(name) if unit in ("tỉnh", "thành phố") else None
    # a header prints names in capitals: without any marks there, they were lost (the gazetteer's
    # own names, written in title case, never come this way)
    restored = _marks_put_back(name) if name.isupper() else None
    written_name = province or restored or title_case_name(name)
    if province == "Hồ Chí Minh" or (name and not any(c.isalpha() for c in name)) or not name:
        return f"{unit[:1].upper()}{unit[1:]} {written_name}".strip()
    return f"{unit} {written_name}"


def normal_place(text: str) -> str:
    """A place as printed on the place-and-date line, spelled right: "Đông Nai" → "Đồng Nai".

    "Thành phố Hồ Chí Minh" and "TP. Hồ Chí Minh" stay as the city calls itself; "Hà Nội" stays.
    OCR noise around a known place is left out only when the rest is a place of the gazetteer:
    "Na Phú Thọ" (a ghost token before it) → "Phú Thọ", "Phú =-rsaseess.œ Thọ" → "Phú Thọ".
    """
    text = _SPACES.sub(" ", nfc(text)).strip(" ,.;:")
    words = text.split(" ")
    spelled = _known_place(words)
    if spelled is not None:
        return spelled
    kept = [word for word in words if not _is_noise(word)]
    for start in range(len(kept)):
        if start and not _is_short_token(kept[start - 1]):
            break  # only short tokens may be a ghost before the place
        spelled = _known_place(kept[start:]) if start or len(kept) < len(words) else None
        if spelled is not None:
            return spelled
    unit = unit_word_at(words, 0) if words else None
    return text if unit is not None else province_named(text) or text


# Letters, digits and the marks a place is written with ("TP.", "Q.3", "Bà Rịa - Vũng Tàu").
_PLACE_WORD = re.compile(r"^(?:[^\W_]+(?:[.'-][^\W_]+)*\.?|-)$")


# A place's words are syllables; a run of this many letters that is none is a smudge OCR spelled out.
_MIN_SMUDGE_LETTERS = 8


def _is_noise(word: str) -> bool:
    """A token no place name has: symbols among letters ("=-rsaseess.œ"), a mark alone ("|"), or a
    long run of letters that is no syllable ("iedresintxeerestteet-iinsee")."""
    if not _PLACE_WORD.match(word):
        return True
    parts = [part for part in re.split(r"[.'-]", word) if part]
    return sum(len(part) for part in parts) >= _MIN_SMUDGE_LETTERS and not all(
        is_vietnamese_syllable(part) for part in parts
    )


def _is_short_token(word: str) -> bool:
    """A token of one or two letters ("Na", "ii", "ma."): what a stamp's ghost or a speck reads as."""
    return sum(c.isalnum() for c in word) <= 2 and unit_word_at([word], 0) is None


def _known_place(words: list[str]) -> str | None:
    """The place these words are in the gazetteer, spelled right: a province (after its unit word
    or alone, one OCR slip allowed) or a district of one; None when they are no known place."""
    if not words or not words[0]:
        return None
    unit = unit_word_at(words, 0)
    rest = " ".join(words[unit[1] :]) if unit is not None else " ".join(words)
    if matching_form(" ".join(words)) in _DISTRICT_SPELLINGS.get(compact_key(" ".join(words)), ()):
        return " ".join(words)  # a district spelled as printed ("Thạnh Hóa" is no "Thanh Hóa")
    province = province_named(rest)
    if province is not None:
        return f"{' '.join(words[: unit[1]])} {province}" if unit is not None else province
    key = compact_key(" ".join(words))
    if key not in _DISTRICT_KEYS:
        return None
    written = _DISTRICT_KEYS[key]
    as_printed = " ".join(words)
    # words OCR glued together ("Quận3") are written as the gazetteer spaces them; marks OCR lost or
    # swapped ("Cân Giuộc") as it spells them, when the letters name one place only
    if len(words) < len(written.split()):
        return written
    if matching_form(as_printed) != matching_form(written) and _unique_spelling(key):
        return written
    return as_printed


# Districts as a place-and-date line names them: "Cần Giuộc", "huyện Cần Giuộc", "Quận 3".
_DISTRICT_KEYS = {
    key: written
    for districts in gazetteer.provinces().districts.values()
    for unit, name in districts
    for key, written in ((compact_key(name), name), (compact_key(f"{unit} {name}"), write_unit_and_name(unit, name)))
    if not name.isdigit() or key != compact_key(name)
}


def _district_spellings() -> dict[str, set[str]]:
    spellings: dict[str, set[str]] = {}
    for districts in gazetteer.provinces().districts.values():
        for unit, name in districts:
            for key, written in ((compact_key(name), name), (compact_key(f"{unit} {name}"), f"{unit} {name}")):
                spellings.setdefault(key, set()).add(matching_form(written))
    return spellings


_DISTRICT_SPELLINGS = _district_spellings()


def is_known_place(place: str, localities: tuple[str, ...] = ()) -> bool:
    """Whether a place as read is a gazetteer place (a province or one of its districts, with or
    without the unit word) or names the locality of the issuing agency ("Tân Lập" under "Ủy ban
    nhân dân xã Tân Lập"). An OCR place that is neither may carry a ghost word ("Phú nan Thọ")."""
    words = _SPACES.sub(" ", nfc(place)).strip(" ,.;:").split(" ")
    if _known_place(words) is not None:
        return True
    unit = unit_word_at(words, 0)
    name_key = compact_key(" ".join(words[unit[1] :] if unit is not None else words))
    if not name_key:
        return False
    return any(_names_locality(locality, name_key) for locality in localities if locality)


def _locality_words(agency: str) -> list[str]:
    """The words of an agency's name after its last unit word ("Tân Lập" of "Ủy ban nhân dân xã Tân
    Lập"), or all of them when it has none."""
    words = nfc(agency).split()
    starts = [i + unit[1] for i in range(len(words)) if (unit := unit_word_at(words, i)) is not None]
    return words[starts[-1] :] if starts else words


def _names_locality(locality: str, name_key: str) -> bool:
    """The agency's locality after its last unit word is the place ("Tân Lập" under "Ủy ban nhân dân
    xã Tân Lập"); a syllable of it is not ("Đồng" under "… tỉnh Lâm Đồng": OCR lost "Lâm")."""
    return compact_key(" ".join(_locality_words(locality))) == name_key


def spelled_as_locality(place: str, agency: str) -> str | None:
    """The place written as the agency's locality is when their letters are the same and only the
    marks differ ("Tân Lặp" under "Ủy ban nhân dân xã Tân Lập" → "Tân Lập"); None otherwise."""
    locality = _locality_words(agency)
    words = _SPACES.sub(" ", nfc(place)).strip(" ,.;:").split(" ")
    unit = unit_word_at(words, 0)
    name = words[unit[1] :] if unit is not None else words
    if len(name) != len(locality) or compact_key(" ".join(name)) != compact_key(" ".join(locality)):
        return None
    if matching_form(" ".join(name)) == matching_form(" ".join(locality)):
        return None
    return " ".join([*words[: unit[1]], *locality] if unit is not None else locality)


def _spellings_by_key() -> dict[str, set[str]]:
    spellings: dict[str, set[str]] = {}
    names = [*PROVINCES, *(name for districts in gazetteer.provinces().districts.values() for _, name in districts)]
    for name in names:
        if any(c.isalpha() for c in name):
            spellings.setdefault(compact_key(name), set()).add(nfc(name))
    return spellings


_PLACE_SPELLINGS = _spellings_by_key()
_MAX_NAME_WORDS = 4


def ends_with_place_name(text: str, word: str) -> bool:
    """Does `word` finish a gazetteer place name that `text` ends with ("… huyện Mường" + "Tè")?"""
    words = text.split()
    for size in range(1, min(_MAX_NAME_WORDS, len(words) + 1)):
        candidate = " ".join([*words[-size:], word])
        spellings = _PLACE_SPELLINGS.get(compact_key(candidate), set())
        if any(matching_form(spelling) == matching_form(candidate) for spelling in spellings):
            return True
    return False


@lru_cache(maxsize=1)
def place_name_words() -> frozenset[str]:
    """The words of the gazetteer's place names ("Đắk", "Lắk", "Pắc"), as written."""
    return frozenset(word for names in _PLACE_SPELLINGS.values() for name in names for word in name.split())


def _marks_put_back(name: str) -> str | None:
    """A place's name printed without any marks ("GIAO THUY", "BEN NGHE") as the one district or
    commune whose letters it has ("Giao Thủy", "Bến Nghé"); None when it has marks, or its letters
    name no place or places spelled differently."""
    if fold(name) != name or not any(c.isalpha() for c in name):
        return None
    key = compact_key(name)
    forms = {matching_form(spelling) for spelling in _PLACE_SPELLINGS.get(key, ())}
    forms |= _commune_spellings().get(key, frozenset())
    if len(forms) != 1:
        return None
    (form,) = forms
    return title_case_name(form) if len(form.split()) == len(name.split()) else None


def _unique_spelling(key: str) -> bool:
    """No two gazetteer districts share these letters with different marks ("Thanh Hóa", "Thạnh Hóa")."""
    return len(_DISTRICT_SPELLINGS.get(key, ())) <= 1


def respell_places(text: str) -> tuple[str, list[tuple[str, str]]]:
    """A place named after its unit word ("huyện Cân Giuộc") written as the gazetteer spells it
    ("huyện Cần Giuộc") when its letters are those of exactly one gazetteer name and only its marks
    differ (OCR lost or swapped them); the changes as (before, after)."""
    words = text.split(" ")
    changes: list[tuple[str, str]] = []
    index = 0
    while index < len(words):
        unit = unit_word_at(words, index)
        if unit is None:
            index += 1
            continue
        start = index + unit[1]
        for size in range(min(_MAX_NAME_WORDS, len(words) - start), 0, -1):
            joined = " ".join(words[start : start + size])
            written = joined.rstrip(",.;:)")
            trailing = joined[len(written) :]
            spellings = _PLACE_SPELLINGS.get(compact_key(written), set())
            if len(spellings) != 1 or not written[:1].isupper():
                continue
            (spelling,) = spellings
            _respell_unit(words, index, unit, changes)
            if spelling != nfc(written) and len(spelling.split(" ")) == size:
                changes.append((written, spelling))
                spelled = spelling.split(" ")
                spelled[-1] += trailing
                words[start : start + size] = spelled
            break
        index = start
    return " ".join(words), changes


def _respell_unit(words: list[str], index: int, unit: tuple[str, int], changes: list[tuple[str, str]]) -> None:
    """The unit word before a gazetteer place written with its marks ("tinh Long An" → "tỉnh")."""
    written = words[index : index + unit[1]]
    spelled = unit[0].split(" ")
    if len(spelled) != len(written) or matching_form(" ".join(written)) == unit[0]:
        return
    respelled = [cased_like(word, form) for word, form in zip(written, spelled, strict=True)]
    changes.append((" ".join(written), " ".join(respelled)))
    words[index : index + unit[1]] = respelled


@lru_cache(maxsize=1)
def _commune_spellings() -> dict[str, frozenset[str]]:
    """The communes' names by their letters: "tanlap" → {"tân lập", "tân lạp"} (matching forms)."""
    spellings: dict[str, set[str]] = {}
    for _unit, name in gazetteer.communes().names():
        if any(c.isalpha() for c in name):
            spellings.setdefault(compact_key(name), set()).add(matching_form(name))
    return {key: frozenset(forms) for key, forms in spellings.items()}


@dataclass(frozen=True)
class CommuneCheck:
    """An agency name's commune as the gazetteer knows it."""

    text: str  # the name, its commune spelled as the gazetteer does when only marks differed
    changes: tuple[tuple[str, str], ...] = ()  # (as read, as the gazetteer spells it)
    unknown: str | None = None  # a commune's name whose letters no commune of either list has


def check_commune(agency: str) -> CommuneCheck:
    """The commune an agency name ends with ("Ủy ban nhân dân xã Tân Lặp"), against both lists of
    communes: spelled as the one commune with its letters ("Tân Lập"), or reported unknown when no
    commune has them. Numbered wards ("Phường 15") and names without a commune are left alone."""
    words = agency.split(" ")
    units = [(index, unit) for index in range(len(words)) if (unit := unit_word_at(words, index)) is not None]
    if not units or units[-1][1][0] not in COMMUNE_UNITS:
        return CommuneCheck(agency)  # no commune, or one inside a larger place ("… tỉnh An Giang")
    start = units[-1][0] + units[-1][1][1]
    joined = " ".join(words[start:])
    name = joined.rstrip(",.;:)")
    if not name[:1].isupper():
        return CommuneCheck(agency)  # "Bảo hiểm xã hội": a field of work, no commune's name
    if not any(char.isalpha() for char in name):
        return CommuneCheck(agency)
    spellings = _commune_spellings().get(compact_key(name), frozenset())
    if matching_form(name) in spellings:
        return CommuneCheck(agency)
    if len(spellings) != 1:
        return CommuneCheck(agency, unknown=name)
    (spelling,) = spellings
    if len(spelling.split(" ")) != len(name.split(" ")):
        return CommuneCheck(agency, unknown=name)
    written = canonical_tones(_cased_as(name, spelling))
    return CommuneCheck(" ".join([*words[:start], written + joined[len(name) :]]), ((name, written),))


def _cased_as(model: str, form: str) -> str:
    """`form` with the capitals of `model`, word by word ("TÂN LẶP", "tân lập" → "TÂN LẬP")."""
    return " ".join(cased_like(printed, word) for printed, word in zip(model.split(" "), form.split(" "), strict=True))
