"""Document types: the abbreviations of Nghị định 30/2020 Phụ lục III, from a title or a symbol.

An NĐ30 document prints its type as a centred title ("KẾ HOẠCH") and repeats the abbreviation in its
symbol ("297/KH-UBND"). A công văn has neither: its symbol starts with the agency ("1234/UBND-VP").
Legal normative documents cited in the text add their own types (Nghị định `NĐ`, Thông tư `TT`); a law
("31/2024/QH15") has no type abbreviation and is cited with `doc_type` null.
"""

from __future__ import annotations

import re

from extractors.lexicon import dictionary_words, syllables
from extractors.normalize import compact_key, edit_distance

# Phụ lục III of Nghị định 30/2020/NĐ-CP, plus văn bản hợp nhất and công văn.
ADMINISTRATIVE_TYPES: dict[str, str] = {
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "QC": "Quy chế",
    "QyĐ": "Quy định",
    "TC": "Thông cáo",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "CTr": "Chương trình",
    "KH": "Kế hoạch",
    "PA": "Phương án",
    "ĐA": "Đề án",
    "DA": "Dự án",
    "BC": "Báo cáo",
    "BB": "Biên bản",
    "TTr": "Tờ trình",
    "HĐ": "Hợp đồng",
    "CĐ": "Công điện",
    "BGN": "Bản ghi nhớ",
    "BTT": "Bản thỏa thuận",
    "GUQ": "Giấy ủy quyền",
    "GM": "Giấy mời",
    "GGT": "Giấy giới thiệu",
    "GNP": "Giấy nghỉ phép",
    "PG": "Phiếu gửi",
    "PC": "Phiếu chuyển",
    "PB": "Phiếu báo",
    "VBHN": "Văn bản hợp nhất",
    "CV": "Công văn",
}

# Types of legal normative documents (Luật Ban hành văn bản QPPL) as they appear in citations.
LEGAL_TYPES: dict[str, str] = {
    "NĐ": "Nghị định",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "NQLT": "Nghị quyết liên tịch",
    "PL": "Pháp lệnh",
    "L": "Lệnh",  # the President's order promulgating a law ("05/2024/L-CTN"), printed before it in the gazette
}

# Types one body alone issues, with that body's code as the symbol's agency part: every Nghị định is
# the Government's ("…/NĐ-CP"), every Lệnh the President's ("…/L-CTN").
SOLE_ISSUER_CODES: dict[str, str] = {"NĐ": "CP", "L": "CTN"}

# Types the Party's documents (Hướng dẫn 36-HD/VPTW) and inspections add: "210-KL/TW", "Kết luận thanh tra".
OTHER_TYPES: dict[str, str] = {"KL": "Kết luận"}

ALL_TYPES: dict[str, str] = {**ADMINISTRATIVE_TYPES, **LEGAL_TYPES, **OTHER_TYPES}

# Titles that are not in Phụ lục III but head documents we meet (the law a VBHN consolidates).
LAW_TITLES = {"luat": "Luật", "boluat": "Bộ luật", "phaplenh": "Pháp lệnh", "hienphap": "Hiến pháp"}

_BY_NAME_KEY = {compact_key(name): abbreviation for abbreviation, name in ALL_TYPES.items()}
# Symbol segments as OCR and careless typists write them: Đ read as D, case lost ("QD", "Qd", "QYD").
_BY_SYMBOL_KEY: dict[str, str] = {}
for _abbreviation in ALL_TYPES:
    _BY_SYMBOL_KEY.setdefault(compact_key(_abbreviation), _abbreviation)
# "DA" is both Dự án and Đề án once Đ is folded: only the exact spelling decides.
_AMBIGUOUS_SYMBOL_KEYS = {"da", "hd"}


def type_of_name(name: str) -> str | None:
    """ "Kế hoạch", "KẾ HOẠCH", OCR "QUYÉT ĐỊNH" → abbreviation; `None` when it is no known type."""
    key = compact_key(name)
    if not key:
        return None
    if key in _BY_NAME_KEY:
        return _BY_NAME_KEY[key]
    if len(key) < 7:
        return None
    for name_key, abbreviation in _BY_NAME_KEY.items():
        if abs(len(name_key) - len(key)) <= 1 and edit_distance(key, name_key, 1) <= 1:
            # one letter off a type's name but itself a word, marks and all: "HỘI ĐỒNG" (a council,
            # not "HỢP ĐỒNG"), "CÔNG DÂN", "THÁNG TƯ"; a misreading ("QUYÉT ĐỊNH") is no word
            return None if " ".join(syllables(name)) in dictionary_words() else abbreviation
    return None


def type_of_symbol_part(part: str) -> str | None:
    """One dash-separated part of a symbol ("QĐ", "QD", "KH", "NĐ") → abbreviation, else `None`."""
    cleaned = part.strip().replace("\u00d0", "Đ")
    if cleaned in ALL_TYPES:
        return cleaned
    key = compact_key(cleaned)
    if key in _AMBIGUOUS_SYMBOL_KEYS:
        return None
    return _BY_SYMBOL_KEY.get(key)


def type_of_symbol(symbol: str) -> str | None:
    """The type named by a symbol: "KH-UBND" → KH, "2023/QĐ-UBND" → QĐ, the Party's "KH/TU" → KH;
    `None` for "UBND-VP"."""
    head, _, core = symbol.rpartition("/")
    found = type_of_symbol_part(core.split("-", 1)[0])
    if found is None and head and not head.isdigit():
        found = type_of_symbol_part(head.rsplit("-", 1)[-1])
    return found


def canonical_symbol_part(part: str) -> str:
    """Repair a type abbreviation read with D for Đ ("QD" → "QĐ"); other parts are kept as read."""
    found = type_of_symbol_part(part)
    return found if found is not None else part


# A document symbol cited in running text: "289/2025/NĐ-CP", "51/2025/QĐ-TTg", "210-KL/TW".
_CITED_SYMBOL = re.compile(r"(?<![\w/])(\d+(?:/\d{4})?/)([^\W\d_]+)(?=-[^\W_]|[\s,.;:)]|$)")


def repair_symbol_types(text: str) -> tuple[str, list[tuple[str, str]]]:
    """The type of each cited symbol as the catalog spells it, where OCR read D for Đ ("289/2025/ND-CP"
    → "NĐ-CP"; "QD" → "QĐ"); keys two types share ("DA", "HD") are left. Returns the text and the
    (before, after) changes."""
    changes: list[tuple[str, str]] = []

    def repaired(match: re.Match[str]) -> str:
        part = match.group(2)
        canonical = canonical_symbol_part(part)
        if canonical != part and canonical in ALL_TYPES and part.upper() == part:
            changes.append((part, canonical))
            return match.group(1) + canonical
        return match.group(0)

    text = _CITED_SYMBOL.sub(repaired, text)
    return _SOLE_ISSUER_SYMBOL.sub(lambda match: _sole_issuer_repaired(match, changes), text), changes


# A cited symbol's type and agency parts: "289/2025/NĐ-CE" (the P of "CP" read as E).
_SOLE_ISSUER_SYMBOL = re.compile(
    r"(?<![\w/])(?P<head>\d+(?:/\d{4})?/(?P<type>[^\W\d_]+)-)(?P<agency>[^\W\d_]{2,4})(?![\w-])"
)


def with_sole_issuer(symbol: str) -> str:
    """A symbol whose type one body alone issues, its agency part one letter off that body's code, with
    the code ("NĐ-CE" → "NĐ-CP"); a part further off (the Council of Ministers' "NĐ-HĐBT" of old),
    and every other symbol, as read."""
    kind, dash, agency = symbol.partition("-")
    code = SOLE_ISSUER_CODES.get(kind)
    if not dash or code is None or agency == code or not 2 <= len(agency) <= 4 or not agency.isalpha():
        return symbol
    return f"{kind}-{code}" if edit_distance(agency.upper(), code.upper()) <= 1 else symbol


def _sole_issuer_repaired(match: re.Match[str], changes: list[tuple[str, str]]) -> str:
    written = f"{match.group('type')}-{match.group('agency')}"
    repaired = with_sole_issuer(written)
    if repaired == written:
        return match.group(0)
    changes.append((written, repaired))
    return match.group("head") + repaired.partition("-")[2]
