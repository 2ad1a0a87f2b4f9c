"""Agency names from the header's left block: which lines are the issuer, which its superior, and
how to write them in normal case ("SỞ TƯ PHÁP" → "Sở Tư pháp", "UBND TỈNH PHÚ THỌ" → "Ủy ban nhân dân
tỉnh Phú Thọ", "ỦY BAN NHÂN DÂN / QUẬN 3" → "Ủy ban nhân dân Quận 3").

Names are data (`core/data/agencies.yaml`, provinces in `provinces.yaml`): a header block is
matched to its entry on folded text, so a misread mark ("ĐÀI HỌC" for "ĐẠI HỌC") still finds
"Trường Đại học Cần Thơ", and a damaged letter finds the nearest entry when it is clearly nearer than
any other (the correction is reported). A name the gazetteer does not hold is written by NĐ30 Phụ lục
II's casing rule — kind of agency and each field of work with a capital ("Sở Thông tin và Truyền
thông"), unit words before a place lower case ("tỉnh Cao Bằng") — and is sure only when every part of
it is known (a kind, a known field, a place); otherwise a person checks it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import combinations

import numpy as np

from core import gazetteer
from extractors.lexicon import lexicon
from extractors.normalize import canonical_tones, compact_key, edit_distance, fold, matching_form, nfc
from extractors.places import (
    DISTRICT_UNITS,
    ends_with_place_name,
    is_district_name,
    is_known_place,
    province_named,
    runs_on_after_district,
    runs_on_after_province,
    title_case_name,
    unit_word_at,
    write_unit_and_name,
)
from extractors.roman_numerals import is_roman_numeral
from extractors.stamps import is_stamp_line, opens_with_gazette_name
from extractors.text_quality import is_vietnamese_syllable

_DATA = gazetteer.agencies()
# Kinds of agency as they are written in normal case.
AGENCY_WORDS: tuple[str, ...] = tuple(sorted(_DATA.kinds, key=lambda kind: -len(kind.split())))
_AGENCY_KEYS = {compact_key(word): word for word in AGENCY_WORDS}
_AGENCY_SIZES = sorted({len(word.split()) for word in AGENCY_WORDS}, reverse=True)
_UNIT_ABBREVIATIONS = {"tp": "THÀNH PHỐ", "tx": "THỊ XÃ"}
_ABBREVIATIONS = {compact_key(short): long for short, long in _DATA.abbreviations.items()}
_PROVINCE_ABBREVIATIONS = {
    compact_key(short): province.name.upper()
    for province in gazetteer.provinces().all_provinces()
    for short in province.abbreviations
}

# Fields of work whose official spelling the casing rule cannot guess, or that OCR damages.
FIELD_NAMES: tuple[str, ...] = _DATA.fields
_FIELD_KEYS = {compact_key(name): name for name in FIELD_NAMES}
_CAPITAL_AFTER = {"và", ",", "-", "–"}
_NAMING_THEIR_WORK = frozenset(_DATA.kinds_naming_their_work)
_TOKEN = re.compile(r"\w+|[,\-–&]", re.UNICODE)

# How well a block of header lines reads as one agency (higher is better).
SCORE_ENTRY = 4  # a gazetteer entry, letter for letter on folded text
SCORE_KNOWN = 3  # every part known: a kind, then a known field or a place
SCORE_NEAR = 3  # the nearest entry, clearly nearer than any other
SCORE_KIND = 1  # starts with a kind of agency, the rest unknown
SCORE_BARE = 0  # a kind alone ("ỦY BAN NHÂN DÂN"), waiting for its place
SCORE_NONE = -2  # no kind of agency at all ("CÔNG TY …", "VÀ XÃ HỘI")
SCORE_PLACE = -4  # a place alone ("TỈNH BÌNH DƯƠNG"): the end of the name above, never an agency
_MAX_LINES_PER_AGENCY = 4
_MOST_HEADER_LINE_WORDS = 8  # a header line in normal case is this short; running text is longer
# Kinds followed by a place's bare name, no unit word: "Tỉnh ủy Lào Cai", "Huyện ủy Thanh Ba".
_NAMED_BY_PLACE = frozenset(
    {*_DATA.with_province["name"], *_DATA.party_committee_of_district.values(), *_DATA.kinds_named_by_proper_noun}
)
_MIN_FUZZY_LETTERS = 6  # shorter lines are too short to say which entry a slip came from
# A Vietnamese syllable has at most 7 letters ("nghiêng"): a token of more may be words OCR glued
# together ("TỈNHNGHỆAN"), taken apart only when a unit and a province are found in it.
_MIN_GLUED_LETTERS = 8


def _agency_at(words: list[str], index: int, *, single: bool = True) -> tuple[str, int] | None:
    """The kind of agency starting at words[index]; one-word kinds ("Hội", "Sở") only if `single`."""
    for size in _AGENCY_SIZES:
        if size == 1 and not single:
            continue
        chunk = words[index : index + size]
        if len(chunk) < size or not (chunk[0][:1].isalnum() and chunk[-1][-1:].isalnum()):
            continue  # "HĐND - UBND": the dash between two kinds belongs to neither
        if (key := compact_key(" ".join(chunk))) in _AGENCY_KEYS:
            kind = _AGENCY_KEYS[key]
            if _unit_not_kind(words, index, " ".join(chunk), kind):
                continue
            return kind, size
    return None


def _unit_not_kind(words: list[str], index: int, printed: str, kind: str) -> bool:
    """ "HUYỆN ĐOAN HÙNG" folds to the kind "Huyện đoàn" + "Hùng", but its marks are not the kind's
    and it reads as a unit and a known district: the place it is printed as."""
    if fold(printed) == printed or matching_form(printed) == matching_form(kind):
        return False
    return unit_word_at(words, index) is not None and is_known_place(" ".join(words[index:]))


def _expand(text: str) -> list[str]:
    """Words of an agency line, abbreviations spelled out ("UBND" → "ỦY BAN NHÂN DÂN", "TP." → unit,
    "HCM" → "HỒ CHÍ MINH")."""
    words: list[str] = []
    spaced = re.sub(r"\bT\.([PX])\b\.?", r"T\1.", nfc(text))  # "T.P HÀ NỘI" is "TP. HÀ NỘI"
    for raw in re.sub(r"\b(TP|TX)\.", r"\1. ", spaced).split():
        key = compact_key(raw)
        if raw.rstrip(".") != raw and key in _UNIT_ABBREVIATIONS:
            words.extend(_UNIT_ABBREVIATIONS[key].split())
        elif key in _ABBREVIATIONS:
            words.extend(_ABBREVIATIONS[key].split())
        elif key in _PROVINCE_ABBREVIATIONS and raw.isupper():
            words.extend(_PROVINCE_ABBREVIATIONS[key].split())
        elif len(key) >= _MIN_GLUED_LETTERS and (glued := _unglue(raw)) is not None:
            words.extend(glued)
        else:
            words.append(raw)
    return words


def _unglue(token: str) -> list[str] | None:
    """OCR that lost the spaces: "UBNDTỈNHPHÚTHỌ" → UBND, TỈNH, Phú Thọ (only if a province is found)."""
    key = compact_key(token)
    prefix: list[str] = []
    for abbreviation, expansion in _ABBREVIATIONS.items():
        if key.startswith(abbreviation):
            prefix, key = expansion.split(), key[len(abbreviation) :]
            break
    for unit in ("tinh", "thanhpho"):
        for cut in range(len(unit) - 1, len(unit) + 2):
            if edit_distance(key[:cut], unit, 1) <= 1 and (province := province_named(key[cut:])):
                return [*prefix, "TỈNH" if unit == "tinh" else "THÀNH PHỐ", *province.upper().split()]
    return None


def _keep_as_written(word: str) -> bool:
    """Abbreviations (TNHH, CNTT, WTO), Roman numerals and numbers keep their capitals."""
    return any(c.isdigit() for c in word) or (word.isupper() and not is_vietnamese_syllable(word))


_REGION_WORDS = {"khu vuc": "khu vực", "vung": "vùng"}  # folded → as written


def _numbered_region(words: list[str]) -> tuple[set[int], set[int]]:
    """ "KHU VỰC XII": where a region word and its Roman numeral stand — the numeral kept as printed
    ("XII" reads as a syllable too), the region word in lower case, as NĐ30 writes a unit word."""
    numerals: set[int] = set()
    region: set[int] = set()
    for index, word in enumerate(words):
        if not is_roman_numeral(word):
            continue
        for region_word in _REGION_WORDS:
            size = len(region_word.split())
            if index >= size and fold(" ".join(words[index - size : index])).lower() == region_word:
                numerals.add(index)
                region.update(range(index - size, index))
    return numerals, region


_REGION_NUMBER = re.compile(r"\d{1,2}")


def _region_qualifier_at(words: list[str]) -> int | None:
    """Where a closing region qualifier starts — "… KHU VỰC IV", "… VÙNG 2" — or None."""
    if not words or not (is_roman_numeral(words[-1]) or _REGION_NUMBER.fullmatch(words[-1])):
        return None
    for region_word in _REGION_WORDS:
        size = len(region_word.split())
        if len(words) > size and fold(" ".join(words[-1 - size : -1])).lower() == region_word:
            return len(words) - 1 - size
    return None


def _entry_and_region(written: str) -> str | None:
    """A gazetteer entry followed by the region of its branch ("KIỂM TOÁN NHÀ NƯỚC KHU VỰC IV"):
    the entry as the gazetteer spells it, the region word as NĐ30 writes a unit word, the numeral as
    printed. The gazetteer knows the body, not its branches' numbers: a person checks those."""
    words = written.split()
    cut = _region_qualifier_at(words)
    entry = _entries().get(compact_key(" ".join(words[:cut]))) if cut else None
    if entry is None or cut is None:
        return None
    return f"{entry} {_REGION_WORDS[fold(' '.join(words[cut:-1])).lower()]} {words[-1]}"


def _only_region_qualifier(words: list[str]) -> bool:
    """ "KHU VỰC IV", "IV": a branch's region wrapped onto a line of its own, never an agency."""
    return _region_qualifier_at(words) == 0 or (len(words) == 1 and is_roman_numeral(words[0]))


def _field_case(words: list[str]) -> tuple[str, bool]:
    """ "THÔNG TIN VÀ TRUYỀN THÔNG" → ("Thông tin và Truyền thông", known field?)."""
    out: list[str] = []
    capital_next = True
    numerals, region = _numbered_region(words)
    for index, word in enumerate(words):
        if _keep_as_written(word) or index in numerals:
            out.append(word)
        elif index in region:
            out.append(word.lower())
        elif capital_next and word.lower() != "và":
            out.append(word[:1].upper() + word[1:].lower())
        else:
            out.append(word.lower())
        capital_next = word.lower() in _CAPITAL_AFTER or (word in _CAPITAL_AFTER)
    text = " ".join(out)
    text = re.sub(r"\s+([,])", r"\1", text)
    key = compact_key(text)
    if key in _FIELD_KEYS:
        return _FIELD_KEYS[key], True
    if (province := province_named(text)) is not None:
        return province, True  # a proper noun after the kind: "Trường Đại học Hà Nội"
    unknown_head_and_province = None
    for cut in range(len(words) - 1, 0, -1):  # a field, then its province: "GIÁO DỤC VÀ ĐÀO TẠO HÀ NỘI"
        head, tail = _field_case(words[:cut]), province_named(" ".join(words[cut:]))
        if head[1] and tail is not None:
            return f"{head[0]} {tail}", True
        if tail is not None and unknown_head_and_province is None:
            unknown_head_and_province = f"{head[0]} {tail}"
    if len(key) >= 8:
        for field_key, name in _FIELD_KEYS.items():
            if edit_distance(key, field_key, 1) <= 1:
                return name, True
    # a field no data holds, then a province: the province is still a proper noun ("Sư phạm Nghệ An")
    return unknown_head_and_province or text, False


def _lower_case_words(words: list[str]) -> str:
    """ "CẢI CÁCH HÀNH CHÍNH" → "cải cách hành chính"; abbreviations and numerals as written."""
    text = " ".join(word if _keep_as_written(word) else word.lower() for word in words)
    return re.sub(r"\s+([,])", r"\1", text)


_SCHOOL_LEVELS = sorted(((compact_key(level), level) for level in _DATA.school_levels), key=lambda item: -len(item[0]))


def _school_case(words: list[str]) -> str | None:
    """ "TRUNG HỌC PHỔ THÔNG CHUYÊN LÊ HỒNG PHONG" → "Trung học phổ thông chuyên Lê Hồng Phong": the
    level as the data spells it, the school's name after it as a proper noun."""
    for size in range(len(words), 0, -1):
        key = compact_key(" ".join(words[:size]))
        for level_key, level in _SCHOOL_LEVELS:
            if key == level_key and size < len(words):
                return f"{level} {title_case_name(' '.join(words[size:]))}"
    return None


def _place_is_known(unit: str, name: str) -> bool:
    """A province after "tỉnh"/"thành phố", or a district or commune name made of real syllables
    or a number ("Quận 3"); a bare unit ends "Văn phòng Ủy ban nhân dân tỉnh" (the province above)."""
    words = name.strip(" ,.;:").split()
    if not words:
        return True
    if unit == "tỉnh":
        return province_named(name) is not None
    if runs_on_after_province(name) or runs_on_after_district(unit, name):
        return False
    if any(_agency_at(words, index, single=False) is not None for index in range(1, len(words))):
        return False  # "XÃ SƠN VI BAN CHỈ ĐẠO": the next agency's line run on after the place
    if not all(w.isdigit() or re.fullmatch(r"[IVXL]+", w) or is_vietnamese_syllable(w) for w in words):
        return False
    if unit in DISTRICT_UNITS and not any(w.isdigit() for w in words):
        # the 696 districts are data: "QUẬN TỶ CÁC KHU CÔNG NGHIỆP" ("QUẢN LÝ" misread) names none
        return is_district_name(name) or (unit == "thành phố" and province_named(name) is not None)
    return True


def _common_word_not_unit(words: list[str], index: int, unit: tuple[str, int]) -> bool:
    """A word printed without the marks of the unit word it folds to ("QUAN" for "quận") in a line
    whose other words carry their marks, or with other marks ("QUẢN" for "quận"), and with no place
    after it: an ordinary word ("CƠ QUAN TỈNH", "CỤC QUẢN LÝ DƯỢC"), not a unit OCR misread."""
    printed = " ".join(words[index : index + unit[1]])
    if fold(unit[0]) == unit[0] or matching_form(printed) == matching_form(unit[0]):
        return False
    if fold(printed).lower() == printed.lower():
        others = words[:index] + words[index + unit[1] :]
        if not any(fold(word) != word for word in others):
            return False  # a line typed or read without marks: the unit's marks are simply not there
    rest = " ".join(words[index + unit[1] :])
    return not (rest[:1].isdigit() or is_known_place(f"{unit[0]} {rest}"))


def _rule_reading(text: str) -> tuple[str, bool]:
    """The casing rule: (name in normal case, whether every part of it is known)."""
    words = [w for w in _TOKEN.findall(" ".join(_expand(text)))]
    out: list[str] = []
    known = bool(words) and _agency_at(words, 0) is not None
    index = 0
    field: list[str] = []

    def flush() -> None:
        nonlocal known
        if field:
            school = _school_case(field) if out and out[-1] == "Trường" else None
            written, field_known = (school, False) if school else _field_case(field)
            if not school and out and out[-1] in _NAMING_THEIR_WORK and province_named(written) is None:
                written = _lower_case_words((written if field_known else " ".join(field)).split())
            out.append(written)
            known = known and field_known
            field.clear()

    while index < len(words):
        # inside a field name one-word kinds are ordinary words: "Xã hội", "Hội nhập"
        agency = _agency_at(words, index, single=not field)
        if agency is not None:
            flush()
            out.append(agency[0])
            index += agency[1]
            name_words = words[index:]
            if agency[0] in _NAMED_BY_PLACE and name_words and unit_word_at(name_words, 0) is None:
                # "Huyện ủy" + a district no data holds: the bare name is a proper noun
                out.append(title_case_name(" ".join(name_words)))
                known = False
                break
            continue
        unit = unit_word_at(words, index)
        if unit is not None and _common_word_not_unit(words, index, unit):
            unit = None
        after_conjunction = index > 0 and words[index - 1].lower() in _CAPITAL_AFTER
        if unit is not None and (field or out) and not after_conjunction:
            flush()
            rest = " ".join(words[index + unit[1] :])
            out.append(write_unit_and_name(unit[0], rest) if rest else unit[0])
            known = known and _place_is_known(unit[0], rest)
            break
        field.append(words[index])
        index += 1
    flush()
    written = " ".join(out)
    written = re.sub(r"\s+([,])", r"\1", written)
    return canonical_tones(written), known


def normal_case_agency(text: str) -> str:
    """An agency name as printed in the header (often upper case) → normal case."""
    return read_agency(text).name


# ── the gazetteer's entries ──────────────────────────────────────────────────────────────────────


@cache
def _entries() -> dict[str, str]:
    """Every full name the gazetteer holds, by compact key: named bodies, and kinds written with a
    province ("Ủy ban nhân dân tỉnh Lào Cai", "Tỉnh ủy Lào Cai") or a known district."""
    names = list(_DATA.named_bodies())
    written_as: dict[str, str] = {}  # a bare name read where the body writes its unit too
    places = gazetteer.provinces()
    for province in places.all_provinces():
        place = write_unit_and_name(province.unit, province.name)
        names += [f"{kind} {place}" for kind in _DATA.with_province["unit"]]
        for kind in _DATA.with_province["name"]:
            names.append(f"{kind} {province.name if province.named_bare else place}")
            if not province.named_bare:
                written_as[f"{kind} {province.name}"] = f"{kind} {place}"
    for districts in places.districts.values():
        for unit, name in districts:
            names += [f"{kind} {write_unit_and_name(unit, name)}" for kind in _DATA.with_district]
            if (committee := _DATA.party_committee_of_district.get(unit)) is not None:
                names.append(f"{committee} {name}")
    index: dict[str, str] = {}
    for name in names:
        index.setdefault(compact_key(name), canonical_tones(nfc(name)))
    for bare, written in written_as.items():
        index.setdefault(compact_key(bare), canonical_tones(nfc(written)))
    return index


@dataclass(frozen=True)
class _EntryLetters:
    """Every entry's letter counts as one matrix, to bound edit distances to all of them at once."""

    keys: tuple[str, ...]
    names: tuple[str, ...]
    lengths: np.ndarray
    counts: np.ndarray  # entries × letters (+ one column for letters no entry has)
    alphabet: dict[str, int]

    def counts_of(self, key: str) -> np.ndarray:
        counts = np.zeros(self.counts.shape[1], dtype=np.int32)
        for letter in key:
            counts[self.alphabet.get(letter, len(self.alphabet))] += 1
        return counts


@cache
def _entry_letters() -> _EntryLetters:
    items = list(_entries().items())
    alphabet = {letter: column for column, letter in enumerate(sorted({c for key, _ in items for c in key}))}
    counts = np.zeros((len(items), len(alphabet) + 1), dtype=np.int32)
    for row, (key, _) in enumerate(items):
        for letter in key:
            counts[row, alphabet[letter]] += 1
    lengths = np.array([len(key) for key, _ in items], dtype=np.int32)
    return _EntryLetters(tuple(k for k, _ in items), tuple(n for _, n in items), lengths, counts, alphabet)


def _nearest_entry(key: str) -> tuple[str, int] | None:
    """The entry nearest to `key` by edit distance on folded text, if it is near (a slip per 8
    letters, at most 3) and clearly nearer than the next (by 2 or more)."""
    limit = min(3, max(1, len(key) // 8))
    entries = _entry_letters()
    # each edit changes the letter counts by at most 2: a cheap lower bound, for every entry at once
    differences = np.abs(entries.counts - entries.counts_of(key)).sum(axis=1)
    near = np.flatnonzero((np.abs(entries.lengths - len(key)) <= limit + 1) & (differences <= 2 * (limit + 1)))
    ranked = sorted((edit_distance(key, entries.keys[row], limit + 1), entries.names[row]) for row in near)
    if not ranked or ranked[0][0] > limit:
        return None
    if len(ranked) > 1 and ranked[1][0] < ranked[0][0] + 2 and ranked[1][1] != ranked[0][1]:
        return None
    return ranked[0][1], ranked[0][0]


def _comparable(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\s*[-–—]\s*", " - ", matching_form(text))).strip()


def _correction(printed: str, written: str, name: str) -> str | None:
    """ "gazetteer: 'ĐÀI HỌC' → 'Đại học' (edit distance 1)" when the entry differs from what was
    printed by more than case, tone placement and abbreviations."""
    distance = edit_distance(_comparable(written), _comparable(name))
    if distance == 0:
        return None
    return f"gazetteer: '{printed}' → '{name}' (edit distance {distance})"


@dataclass(frozen=True)
class AgencyReading:
    """One agency of the header: as printed, as written in normal case, and how sure that is."""

    printed: str
    name: str
    score: int
    sure: bool
    correction: str | None = None  # what the gazetteer changed, for field_sources


@lru_cache(maxsize=4096)
def read_agency(printed: str) -> AgencyReading:
    """One agency's header lines (joined) → its name: the gazetteer's entry, the casing rule when
    every part is known, the nearest entry, else the casing rule's careful reading, unsure."""
    written = " ".join(_expand(printed))
    key = compact_key(written)
    entry = _entries().get(key)
    if entry is not None:
        return AgencyReading(printed, entry, SCORE_ENTRY, True, _correction(printed, written, entry))
    with_place = _entry_and_place(written)
    if with_place is not None:
        return AgencyReading(printed, with_place, SCORE_KNOWN, True, _correction(printed, written, with_place))
    with_region = _entry_and_region(written)
    if with_region is not None:
        return AgencyReading(printed, with_region, SCORE_KNOWN, False, _correction(printed, written, with_region))
    if _only_region_qualifier(written.split()):
        return AgencyReading(printed, written, SCORE_PLACE, False)
    unit_added = _province_unit_added(written)
    if unit_added is not None:
        return AgencyReading(printed, unit_added, SCORE_KNOWN, True, _correction(printed, written, unit_added))
    name, known = _rule_reading(printed)
    if known:
        words = _expand(printed)
        kind = _agency_at(words, 0)
        bare = kind is not None and kind[1] == len(words)
        if bare:
            return AgencyReading(printed, name, SCORE_BARE, False)
        return AgencyReading(printed, name, SCORE_KNOWN, True, _correction(printed, written, name))
    cleared = _without_specks(written)
    if cleared != written:
        reading = read_agency(cleared)
        if reading.sure and reading.score >= SCORE_ENTRY:  # only an entry: a place's name may repeat a word
            return AgencyReading(
                printed, reading.name, reading.score, True, _correction(printed, written, reading.name)
            )
    place = _place_named(printed)
    if place is not None:  # a place read whole is no slip on a body's name ("TỈNH X" is no "Tỉnh ủy X")
        return AgencyReading(printed, place[:1].upper() + place[1:], SCORE_PLACE, False)
    near = _nearest_entry(key) if len(key) >= _MIN_FUZZY_LETTERS else None
    if near is not None:
        return AgencyReading(printed, near[0], SCORE_NEAR, True, _correction(printed, written, near[0]))
    interleaved = _entry_among_motto_pieces(written)
    if interleaved is not None:  # sure of nothing: a person checks what was left out
        return AgencyReading(printed, interleaved, SCORE_NEAR, False, _correction(printed, written, interleaved))
    return AgencyReading(printed, name, SCORE_KIND if starts_with_agency(printed) else SCORE_NONE, False)


_SUBORDINATE_BODIES = frozenset(body for group in _DATA.subordinate.values() for body in group)


def prints_its_superior(issuer: str) -> bool:
    """A body NĐ30 headers print under its superior: one named without a place ("Ban Pháp chế" under
    a council, "Sở Nội vụ" under a province's committee, "Văn phòng" under a Party committee), or a
    province's body of a national system ("Bảo hiểm xã hội tỉnh An Giang" under "Bảo hiểm xã hội Việt Nam")."""
    if issuer in _SUBORDINATE_BODIES:
        return True
    words = issuer.split()
    return any(unit_word_at(words, cut) is not None for cut in _national_system_cuts(words) if cut < len(words))


_KINDS_UNDER_NATIONAL_BODY = {compact_key(kind): kind for kind in _DATA.under_national_body}


def _national_system_cuts(words: list[str]) -> list[int]:
    """Where the name's opening words are a national system's kind ("Bảo hiểm xã hội" | "tỉnh An Giang")."""
    return [cut for cut in range(1, len(words) + 1) if compact_key(" ".join(words[:cut])) in _KINDS_UNDER_NATIONAL_BODY]


# Where the national bodies sit: a document of theirs is dated there.
_NATIONAL_SEAT = "Hà Nội"


def branch_may_be_issuer(issuer: str, place: str) -> str | None:
    """Why a national body of a national system read as the issuer ("Bảo hiểm xã hội Việt Nam") may
    be only the superior of the province's branch that issued the document, when it is dated in
    another province ("An Giang, ngày …"): the branch's own lines were not read. None when not."""
    if not _national_system_cuts(issuer.split()) or prints_its_superior(issuer):
        return None
    province = province_named(place)
    if province is None or province == _NATIONAL_SEAT:
        return None
    return f"'{issuer}' dated in {place}: the branch of {province} it heads may be the issuer, its lines unread"


def _without_specks(written: str) -> str:
    """A header line in capitals without what specks of a bitonal scan add: a lower-case mark of one or
    two letters ("TỈNH ï LÂM"), a word read twice over a line break ("LÂM LÂM ĐỒNG") and a capital
    read on its own before the word it starts (a ghost of the line: "LÂM Đ ĐỒNG")."""
    words = written.split()
    if not any(word.isupper() for word in words):
        return written
    kept = [word for word in words if not (len(word) <= 2 and word.islower() and not is_vietnamese_syllable(word))]
    kept = [word for index, word in enumerate(kept) if index == 0 or word != kept[index - 1] or len(word) < 2]
    return " ".join(
        word
        for word, after in zip(kept, [*kept[1:], ""], strict=True)
        if not (len(word) == 1 and word.isupper() and len(after) > 1 and after.startswith(word))
    )


# The syllables of the national motto beside the header ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập
# - Tự do - Hạnh phúc"), folded: a photographed page's lines run pieces of it into the agency's
_MOTTO_SYLLABLES = ("cong", "hoa", "xa", "hoi", "chu", "nghia", "viet", "nam", "doc", "lap", "tu", "do", "hanh", "phuc")
_MOST_MOTTO_PIECES = 2


def _entry_among_motto_pieces(written: str) -> str | None:
    """ "NGÂN HÀNG NHÀ NƯỚC CỘN VIỆT NAM ÔNG": a gazetteer entry once at most two pieces of the motto's
    syllables ("CỘN", "ÔNG" of "CỘNG") are left out; None when no such entry is there."""
    words = written.split()
    pieces = [
        index
        for index, word in enumerate(words)
        if (key := compact_key(word)) and any(key in syllable for syllable in _MOTTO_SYLLABLES)
    ]
    for size in range(1, min(_MOST_MOTTO_PIECES, len(pieces)) + 1):
        for left_out in combinations(pieces, size):
            kept = " ".join(word for index, word in enumerate(words) if index not in left_out)
            if (entry := _entries().get(compact_key(kept))) is not None:
                return entry
    return None


def _entry_and_place(written: str) -> str | None:
    """A gazetteer entry followed by its place ("BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP" / "TỈNH BÌNH
    DƯƠNG"): the entry as the gazetteer spells it, then the place."""
    words = written.split()
    for cut in range(len(words) - 1, 0, -1):
        entry = _entries().get(compact_key(" ".join(words[:cut])))
        unit = unit_word_at(words, cut) if entry is not None else None
        rest = " ".join(words[cut + unit[1] :]) if unit is not None else ""
        if entry is not None and unit is not None and rest and _place_is_known(unit[0], rest):
            return f"{entry} {write_unit_and_name(unit[0], rest)}"
    return None


def _province_unit_added(written: str) -> str | None:
    """A kind written with a province's unit word, then the province's bare name ("ỦY BAN NHÂN DÂN"
    / "LÂM ĐỒNG": OCR lost "TỈNH", or a header left it out): the entry with the unit word."""
    words = written.split()
    for cut in range(len(words) - 1, 0, -1):
        kind = _KINDS_WITH_PROVINCE_UNIT.get(compact_key(" ".join(words[:cut])))
        province = province_named(" ".join(words[cut:])) if kind is not None else None
        if kind is not None and province is not None:
            unit = _PROVINCE_UNITS[province]
            return _entries().get(compact_key(f"{kind} {unit} {province}"))
    return None


_KINDS_WITH_PROVINCE_UNIT = {compact_key(kind): kind for kind in _DATA.with_province["unit"]}
_PROVINCE_UNITS = {province.name: province.unit for province in gazetteer.provinces().all_provinces()}


def _place_named(printed: str) -> str | None:
    """ "TỈNH BÌNH DƯƠNG" → "tỉnh Bình Dương", "HUYỆN CỦ CHI", "QUẬN 3": a unit word and a place the
    gazetteer knows, written as a place; None for anything else."""
    words = _expand(printed)
    unit = unit_word_at(words, 0)
    rest = " ".join(words[unit[1] :]) if unit else ""
    return write_unit_and_name(unit[0], rest) if unit is not None and rest and _place_is_known(unit[0], rest) else None


# ── the header block ─────────────────────────────────────────────────────────────────────────────


def _is_agency_line(text: str) -> bool:
    """Agency lines are printed in capitals (or, in some Word files, typed in normal case from a kind
    or unit word: "Ủy ban nhân dân" / "Xã Hoàng Cương"); OCR junk and stray marks are neither."""
    letters = [c for c in text if c.isalpha()]
    short = len(letters) < 3 and not (text.isupper() and starts_with_agency(text))  # "SỞ" / "Y TẾ"
    if short or is_stamp_line(text) or any(_is_junk_token(token) for token in text.split()):
        return False
    return sum(c.isupper() for c in letters) >= 0.7 * len(letters) or _names_in_normal_case(text)


def _is_junk_token(token: str) -> bool:
    """ "SỲ74347032@ASG": letters glued to a run of digits, or an address's marks, where a seal's or
    signature's ink was read; no body's name prints them (its numbers stand apart: "QUẬN 3")."""
    return "@" in token or (any(c.isalpha() for c in token) and sum(c.isdigit() for c in token) >= 3)


def _names_in_normal_case(text: str) -> bool:
    """ "Ủy ban nhân dân", "UBND tỉnh Phú Thọ", "Xã Hoàng Cương": a kind of agency or a unit word first,
    capitalised, and no more words than a header line holds."""
    words = text.split()
    if not words or not words[0][:1].isupper() or len(words) > _MOST_HEADER_LINE_WORDS:
        return False
    return starts_with_agency(text) or unit_word_at(words, 0) is not None


def starts_with_agency(text: str) -> bool:
    words = _expand(text)
    return bool(words) and _agency_at(words, 0) is not None


_TRAILING_SPECKS = ".,;:'`"


def _clean(text: str) -> str:
    """Drop OCR debris before the first upper-case word of 3+ letters ("_ UBND…", "Dò _ SỞ …") and
    marks after the last word (the rule under a name read as "-": "PHƯỜNG HOÀN KIẾM -", a dot after it)."""
    words = text.split()
    while words and not (sum(c.isalpha() for c in words[0]) >= 2 and words[0].isupper()):
        if _names_in_normal_case(" ".join(words)) or _word_of_one_letter(words):
            break
        words.pop(0)
    while words and not any(c.isalnum() for c in words[-1]):
        words.pop()
    if words and sum(c.isalpha() for c in words[-1]) >= 3:  # a speck after a word ("NHÂN DÂN."), not "TP."
        words[-1] = words[-1].rstrip(_TRAILING_SPECKS)
    return " ".join(words)


def _word_of_one_letter(words: list[str]) -> bool:
    """ "Y DƯỢC THÁI BÌNH", a name's wrapped line: a one-letter word that makes a dictionary word
    with the next one is no speck."""
    if len(words) < 2 or len(words[0]) != 1 or not words[0].isupper():
        return False
    return (matching_form(words[0]), matching_form(words[1])) in lexicon().word_pairs


def _segment(lines: list[str]) -> list[AgencyReading]:
    """Group consecutive lines into agencies so that the groups read best as agencies (sum of
    scores; fewer groups on a tie): "SỞ TÀI NGUYÊN VÀ MÔI" / "TRƯỜNG" is one agency although
    "TRƯỜNG" is a kind, "HỘI ĐỒNG NHÂN DÂN" / "TỈNH LÀO CAI" / "BAN PHÁP CHẾ" are two."""
    best: list[tuple[int, int, list[AgencyReading]]] = [(0, 0, [])]
    for end in range(1, len(lines) + 1):
        options = []
        for start in range(max(0, end - _MAX_LINES_PER_AGENCY), end):
            score, groups, readings = best[start]
            reading = read_agency(" ".join(lines[start:end]))
            options.append((score + reading.score, groups - 1, [*readings, reading]))
        best.append(max(options, key=lambda option: (option[0], option[1])))
    return best[-1][2]


def split_agencies(lines: list[str]) -> list[str]:
    """The left block's agency lines → one entry per agency (as printed), superior to issuer."""
    return [reading.printed for reading in _read_agencies(lines)]


def _read_agencies(lines: list[str]) -> list[AgencyReading]:
    texts: list[str] = []
    for text in (_clean(raw) for raw in lines):
        if _is_agency_line(text) or (texts and _finishes_name_above(texts[-1], text)):
            texts.append(text)
    while len(texts) > 1 and _lone_word_of_no_body(texts[0]):
        texts.pop(0)  # "IÀNH" over the header: ink, as nothing above it can wrap onto it
    return _segment(texts) if texts else []


def _finishes_name_above(above: str, text: str) -> bool:
    """A name's last word wrapped onto a line of its own, too short to be an agency line by itself:
    kept where it finishes a place the gazetteer knows ("ĐẢNG ỦY PHƯỜNG ĐÔNG" / "HÀ") or numbers
    the region above ("KIỂM TOÁN NHÀ NƯỚC KHU VỰC" / "IV")."""
    words = text.split()
    if len(words) != 1 or not text.isupper() or is_stamp_line(text):
        return False
    return ends_with_place_name(above, text) or _region_qualifier_at([*above.split(), text]) is not None


def _lone_word_of_no_body(text: str) -> bool:
    """One word that is no kind of body, no unit and no entry: below a name, the end of it wrapped
    ("… KHU CÔNG" / "NGHIỆP"); at the top of the block, nothing's."""
    words = _expand(text)
    return (
        len(words) == 1
        and _agency_at(words, 0) is None
        and unit_word_at(words, 0) is None
        and compact_key(text) not in _entries()
    )


def _ends_agency_block(text: str) -> bool:
    """A line that cannot sit inside the agency block: a stamp, a gazette's running header, a date or
    time, running text."""
    if is_stamp_line(text) or opens_with_gazette_name(text) or re.search(r"\d{1,2}[/.:]\d{1,2}[/.:]\d{2,4}", text):
        return True
    lower_words = [w for w in text.split() if w[:1].islower() and len(w) > 1]
    return len(lower_words) >= 3 and not _names_in_normal_case(text)


def agency_block(lines: list[str]) -> list[str]:
    """The lines directly above "Số:" that belong to the agency block, read upwards until a stamp,
    a date or running text (a copy stamp "SAO Y / VĂN PHÒNG … / 22/12/2023 16:50" above the header)."""
    block: list[str] = []
    for text in reversed(lines):
        if _ends_agency_block(text):
            break
        block.insert(0, text)
    return block


@dataclass(frozen=True)
class HeaderAgencies:
    """The issuer (the last agency of the left block) and its superior (the one above)."""

    issuer: AgencyReading | None = None
    superior: AgencyReading | None = None
    # letters that read as no agency line below the last agency read ("XU", "HýY" where a scan's
    # "SỞ NỘI VỤ" was): the issuer may be that unread line, the superior taken for it
    unread_below: str | None = None


def read_header_agencies(lines: list[str]) -> HeaderAgencies:
    """Issuer and superior from the left block's lines above "Số:"."""
    block = agency_block(lines)
    agencies = _read_agencies(block)
    if not agencies:
        return HeaderAgencies()
    last = max((index for index, raw in enumerate(block) if _is_agency_line(_clean(raw))), default=-1)
    unread = [raw.strip() for raw in block[last + 1 :] if sum(c.isalpha() for c in raw) >= 2]
    issuer, superior = agencies[-1], agencies[-2] if len(agencies) > 1 else None
    if superior is not None and _repeats_the_issuer(superior, issuer):
        superior = None
    if superior is not None:
        issuer = _committee_of_party_organisation(issuer, superior)
    return HeaderAgencies(issuer, superior, " / ".join(unread) or None)


def _repeats_the_issuer(above: AgencyReading, issuer: AgencyReading) -> bool:
    """A body is never its own superior: the line above that names the issuer again, or unsure and
    only the start of its name, is a gazette's section heading ("NGÂN HÀNG NHÀ NƯỚC VIỆT NAM" over
    the document's header, its first words cut off at the column where a scan was split) — while a
    branch's sure superior may start its name ("Kiểm toán nhà nước" over "… khu vực IV")."""
    above_key, issuer_key = compact_key(above.name), compact_key(issuer.name)
    return above_key == issuer_key or (not above.sure and issuer_key.startswith(above_key))


# "ĐẢNG BỘ TỈNH QUẢNG NINH" / "TỈNH ỦY" (the Party's header, Hướng dẫn 36-HD/VPTW): the committee is
# the Party organisation's, named after its province ("Tỉnh ủy Quảng Ninh")
_PARTY_ORGANISATION = "Đảng bộ"


def _committee_of_party_organisation(issuer: AgencyReading, superior: AgencyReading) -> AgencyReading:
    if issuer.name not in _DATA.with_province["name"] or not superior.name.startswith(f"{_PARTY_ORGANISATION} "):
        return issuer
    place = superior.name[len(_PARTY_ORGANISATION) + 1 :].split()
    unit = unit_word_at(place, 0)
    province = province_named(" ".join(place[unit[1] :])) if unit is not None else None
    if province is None:
        return issuer
    named = _entries().get(compact_key(f"{issuer.name} {province}"))
    return AgencyReading(issuer.printed, named, SCORE_ENTRY, True) if named else issuer


def issuer_and_superior(lines: list[str]) -> tuple[str | None, str | None]:
    """(issuer, superior) in normal case from the left block's lines above "Số:"."""
    header = read_header_agencies(lines)
    return (
        header.issuer.name if header.issuer else None,
        header.superior.name if header.superior else None,
    )


__all__ = [
    "AgencyReading",
    "HeaderAgencies",
    "issuer_and_superior",
    "normal_case_agency",
    "read_agency",
    "read_header_agencies",
    "split_agencies",
    "starts_with_agency",
    "title_case_name",
]
