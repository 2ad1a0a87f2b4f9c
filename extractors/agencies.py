"""Agency names from the header's left block: which line is the issuer, which its superior, and how
to write them in normal case ("SỞ TƯ PHÁP" → "Sở Tư pháp", "UBND TỈNH PHÚ THỌ" → "Ủy ban nhân dân
tỉnh Phú Thọ", "ỦY BAN NHÂN DÂN / QUẬN 3" → "Ủy ban nhân dân Quận 3").

NĐ30 Phụ lục II: in an agency name the words for the kind of agency and for each field of work get a
capital ("Sở Thông tin và Truyền thông", "Sở Lao động - Thương binh và Xã hội"); unit words before a
place are lower case ("tỉnh Cao Bằng").
"""

from __future__ import annotations

import re

from extractors.normalize import canonical_tones, compact_key, edit_distance, nfc
from extractors.places import province_named, title_case_name, unit_word_at, write_unit_and_name
from extractors.stamps import is_stamp_line
from extractors.text_quality import is_vietnamese_syllable

# Kinds of agency as they are written in normal case, longest first when matched.
AGENCY_WORDS: tuple[str, ...] = (
    "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "Đoàn đại biểu Quốc hội",
    "Viện kiểm sát nhân dân",
    "Hội đồng nhân dân",
    "Ủy ban nhân dân",
    "Tòa án nhân dân",
    "Kho bạc Nhà nước",
    "Bảo hiểm xã hội",
    "Thủ tướng Chính phủ",
    "Văn phòng",
    "Thanh tra",
    "Trung tâm",
    "Tổng cục",
    "Chi cục",
    "Ban chỉ đạo",
    "Công an",
    "Quốc hội",
    "Chính phủ",
    "Tỉnh ủy",
    "Thành ủy",
    "Huyện ủy",
    "Đảng ủy",
    "Sở",
    "Ban",
    "Phòng",
    "Bộ",
    "Cục",
    "Viện",
    "Trường",
    "Đài",
    "Hội",
)
_AGENCY_KEYS = {compact_key(word): word for word in AGENCY_WORDS}
_AGENCY_SIZES = sorted({len(word.split()) for word in AGENCY_WORDS}, reverse=True)
_UNIT_ABBREVIATIONS = {"tp": "THÀNH PHỐ", "tx": "THỊ XÃ"}
_ABBREVIATIONS = {"ubnd": "ỦY BAN NHÂN DÂN", "hdnd": "HỘI ĐỒNG NHÂN DÂN", "mttq": "MẶT TRẬN TỔ QUỐC"}

# Fields of work whose official spelling the casing rule cannot guess, or that OCR damages.
FIELD_NAMES: tuple[str, ...] = (
    "Nội vụ",
    "Tư pháp",
    "Kế hoạch và Đầu tư",
    "Tài chính",
    "Công Thương",
    "Xây dựng",
    "Y tế",
    "Nông nghiệp và Phát triển nông thôn",
    "Nông nghiệp và Môi trường",
    "Giao thông vận tải",
    "Tài nguyên và Môi trường",
    "Thông tin và Truyền thông",
    "Lao động - Thương binh và Xã hội",
    "Văn hóa, Thể thao và Du lịch",
    "Văn hóa và Thể thao",
    "Du lịch",
    "Khoa học và Công nghệ",
    "Giáo dục và Đào tạo",
    "Ngoại vụ",
    "Dân tộc và Tôn giáo",
    "Quy hoạch - Kiến trúc",
    "Quốc hội",
    "Chính phủ",
    "Ngoại giao",
    "Quốc phòng",
    "Công an",
    "Dân tộc",
    "Thi đua - Khen thưởng",
)
_FIELD_KEYS = {compact_key(name): name for name in FIELD_NAMES}
_CAPITAL_AFTER = {"và", ",", "-", "–"}
_TOKEN = re.compile(r"\w+|[,\-–&]", re.UNICODE)


def _agency_at(words: list[str], index: int, *, single: bool = True) -> tuple[str, int] | None:
    """The kind of agency starting at words[index]; one-word kinds ("Hội", "Sở") only if `single`."""
    for size in _AGENCY_SIZES:
        if size == 1 and not single:
            continue
        chunk = words[index : index + size]
        if len(chunk) == size and (key := compact_key(" ".join(chunk))) in _AGENCY_KEYS:
            return _AGENCY_KEYS[key], size
    return None


def _expand(text: str) -> list[str]:
    """Words of an agency line, abbreviations spelled out ("UBND" → "ỦY BAN NHÂN DÂN", "TP." → unit)."""
    words: list[str] = []
    for raw in re.sub(r"\b(TP|TX)\.", r"\1. ", nfc(text)).split():
        key = compact_key(raw)
        if raw.rstrip(".") != raw and key in _UNIT_ABBREVIATIONS:
            words.extend(_UNIT_ABBREVIATIONS[key].split())
        elif key in _ABBREVIATIONS:
            words.extend(_ABBREVIATIONS[key].split())
        elif len(key) > 10 and (glued := _unglue(raw)) is not None:
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


def _field_case(words: list[str]) -> str:
    """ "THÔNG TIN VÀ TRUYỀN THÔNG" → "Thông tin và Truyền thông" (capital after "và", ",", "-")."""
    out: list[str] = []
    capital_next = True
    for word in words:
        if _keep_as_written(word):
            out.append(word)
        elif capital_next and word.lower() != "và":
            out.append(word[:1].upper() + word[1:].lower())
        else:
            out.append(word.lower())
        capital_next = word.lower() in _CAPITAL_AFTER or (word in _CAPITAL_AFTER)
    text = " ".join(out)
    text = re.sub(r"\s+([,])", r"\1", text)
    key = compact_key(text)
    if key in _FIELD_KEYS:
        return _FIELD_KEYS[key]
    if len(key) >= 8:
        for field_key, name in _FIELD_KEYS.items():
            if edit_distance(key, field_key, 1) <= 1:
                return name
    return text


def normal_case_agency(text: str) -> str:
    """An agency name as printed in the header (often upper case) → normal case."""
    words = [w for w in _TOKEN.findall(" ".join(_expand(text)))]
    out: list[str] = []
    index = 0
    field: list[str] = []

    def flush() -> None:
        if field:
            out.append(_field_case(field))
            field.clear()

    while index < len(words):
        # inside a field name one-word kinds are ordinary words: "Xã hội", "Hội nhập"
        agency = _agency_at(words, index, single=not field)
        if agency is not None:
            flush()
            out.append(agency[0])
            index += agency[1]
            continue
        unit = unit_word_at(words, index)
        after_conjunction = index > 0 and words[index - 1].lower() in _CAPITAL_AFTER
        if unit is not None and (field or out) and not after_conjunction:
            flush()
            rest = " ".join(words[index + unit[1] :])
            out.append(write_unit_and_name(unit[0], rest) if rest else unit[0])
            break
        field.append(words[index])
        index += 1
    flush()
    written = " ".join(out)
    written = re.sub(r"\s+([,])", r"\1", written).replace(" - ", " - ")
    return canonical_tones(written)


def _is_agency_line(text: str) -> bool:
    """Agency lines are printed in capitals; OCR junk and stray marks are not."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 3 or is_stamp_line(text):
        return False
    return sum(c.isupper() for c in letters) >= 0.7 * len(letters)


def starts_with_agency(text: str) -> bool:
    words = _expand(text)
    return bool(words) and _agency_at(words, 0) is not None


def _clean(text: str) -> str:
    """Drop OCR debris before the first upper-case word of 3+ letters ("_ UBND…", "Dò _ SỞ …")."""
    words = text.split()
    while words and not (sum(c.isalpha() for c in words[0]) >= 2 and words[0].isupper()):
        words.pop(0)
    return " ".join(words)


def split_agencies(lines: list[str]) -> list[str]:
    """The left block's agency lines → one entry per agency, top (superior) to bottom (issuer).

    A line that starts with a kind of agency starts a new agency, unless the agency above is still
    bare ("ỦY BAN NHÂN DÂN" waiting for "QUẬN 3"); any other line continues the one above
    ("THÀNH PHỐ HỒ CHÍ MINH", "VÀ XÃ HỘI").
    """
    agencies: list[list[str]] = []
    for raw in lines:
        text = _clean(raw)
        if not _is_agency_line(text):
            continue
        if starts_with_agency(text) and agencies and not _is_bare(" ".join(agencies[-1])):
            agencies.append([text])
        elif agencies:
            agencies[-1].append(text)
        elif starts_with_agency(text):
            agencies.append([text])
    return [" ".join(parts) for parts in agencies]


def _is_bare(text: str) -> bool:
    words = _expand(text)
    agency = _agency_at(words, 0)
    return agency is not None and agency[1] == len(words)


def _ends_agency_block(text: str) -> bool:
    """A line that cannot sit inside the agency block: a stamp, a date or time, running text."""
    if is_stamp_line(text) or re.search(r"\d{1,2}[/.:]\d{1,2}[/.:]\d{2,4}", text):
        return True
    lower_words = [w for w in text.split() if w[:1].islower() and len(w) > 1]
    return len(lower_words) >= 3


def agency_block(lines: list[str]) -> list[str]:
    """The lines directly above "Số:" that belong to the agency block, read upwards until a stamp,
    a date or running text (a copy stamp "SAO Y / VĂN PHÒNG … / 22/12/2023 16:50" above the header)."""
    block: list[str] = []
    for text in reversed(lines):
        if _ends_agency_block(text):
            break
        block.insert(0, text)
    return block


def issuer_and_superior(lines: list[str]) -> tuple[str | None, str | None]:
    """(issuer, superior) in normal case from the left block's lines above "Số:"."""
    agencies = split_agencies(agency_block(lines))
    if not agencies:
        return None, None
    issuer = normal_case_agency(agencies[-1])
    superior = normal_case_agency(agencies[-2]) if len(agencies) > 1 else None
    return issuer, superior


__all__ = ["issuer_and_superior", "normal_case_agency", "split_agencies", "starts_with_agency", "title_case_name"]
