"""The body a document's symbol names, when the header line that names it was not read.

A department's header is two lines, its committee above it ("ỦY BAN NHÂN DÂN TỈNH TÂY NINH" /
"SỞ NỘI VỤ"); when OCR loses the second line (bold, underlined, smudged), the committee is read as the
issuer. The symbol still names the department by its initials ("716/KH-SNV"): when those initials are
those of exactly one body of the gazetteer that sits under the committee read, that body is the
issuer and the committee its superior, both for review.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import cache

from core import gazetteer
from extractors.doc_types import type_of_symbol_part
from extractors.normalize import compact_key, edit_distance
from extractors.numbers import issuer_initials
from extractors.places import UNIT_WORDS, province_named, unit_word_at

_DISTRICT_UNITS = (*(unit for unit in UNIT_WORDS if unit != "tỉnh"), "đặc khu")


def _subordinate_group(issuer: str) -> str | None:
    """Which of the gazetteer's `subordinate` groups sits under this issuer, if it is a committee or
    council of a place."""
    lowered = issuer.lower()
    for kind, group_of_province, group_of_district in (
        ("ủy ban nhân dân ", "provincial", "district"),
        ("hội đồng nhân dân ", "council_committees", "council_committees"),
    ):
        if not lowered.startswith(kind):
            continue
        place = issuer[len(kind) :]
        if place.lower().startswith("tỉnh "):
            return group_of_province
        if place.lower().startswith("thành phố ") and province_named(place[len("thành phố ") :]):
            return group_of_province
        if place.lower().startswith(_DISTRICT_UNITS):
            return group_of_district
    return None


def symbol_code(body: str) -> str:
    """The letters a symbol names `body` by: the gazetteer's code where it writes one of its own,
    else the body's initials ("Thanh tra tỉnh" → "TTr", "Sở Nội vụ" → "SNV")."""
    return gazetteer.agencies().symbol_codes.get(body, issuer_initials(body))


def is_issuer_code(part: str, issuer: str) -> bool:
    """Is this part of a symbol the issuer's code ("SNV" of "Sở Nội vụ"), on folded letters?"""
    code = compact_key(symbol_code(issuer)).upper()
    return bool(code) and compact_key(part).upper() == code


def _initials_before_place(body: str) -> str | None:
    """The initials of a body's name before its place ("UBND" of "Ủy ban nhân dân tỉnh Đắk Lắk"): the
    code a committee's or council's symbol keeps, the place left out."""
    words = body.split()
    for index in range(1, len(words)):
        if unit_word_at(words, index) is not None:
            return compact_key(issuer_initials(" ".join(words[:index]))).upper()
    return None


# The codes every people's committee and council prints (folded): "QĐ-UBND", "NQ-HĐND".
FIXED_KIND_CODES = frozenset({"UBND", "HDND"})


def kind_code(body: str) -> str | None:
    """The code a committee's or council's symbol keeps ("UBND", "HĐND"), when `body` names a place."""
    return _initials_before_place(body)


def kind_code_slip(symbol: str, body: str) -> str | None:
    """Why a symbol's agency part looks like an OCR slip on the code a committee's or council's
    symbol keeps ("QĐ-UBNID" under "Ủy ban nhân dân tỉnh Nghệ An": "UBND" with a "D" read "ID"): one
    letter more, fewer or other than it. None when a part is that code, or none is one letter off."""
    kind = _initials_before_place(body)
    if kind is None or len(kind) < 4 or symbol_names_body(symbol, body):
        return None
    for part in symbol.split("-"):
        if type_of_symbol_part(part) is None and edit_distance(compact_key(part).upper(), kind, 1) == 1:
            return f"symbol part '{part}' is one letter off '{kind}', the code of '{body}'"
    return None


def symbol_names_body(symbol: str, body: str) -> bool:
    """Does a part of the symbol name `body`: its code, or the initials of its name before its place
    ("KH-UBND" of "Ủy ban nhân dân tỉnh Đắk Lắk")?"""
    kind = _initials_before_place(body)
    return any(
        is_issuer_code(part, body) or (kind is not None and len(kind) >= 3 and compact_key(part).upper() == kind)
        for part in symbol.split("-")
    )


def split_glued_own_symbol(symbol: str, issuer: str) -> str | None:
    """The document's own symbol whose dash OCR lost, split where one way only makes a document type
    and a code naming the issuer ("KHUBND" under "Ủy ban nhân dân tỉnh Lâm Đồng" → "KH-UBND");
    None when the symbol has its dash or splits no such way."""
    if "-" in symbol or "/" in symbol:
        return None
    splits = [
        f"{symbol[:cut]}-{symbol[cut:]}"
        for cut in range(1, len(symbol) - 1)
        if type_of_symbol_part(symbol[:cut]) is not None and symbol_names_body(symbol[cut:], issuer)
    ]
    return splits[0] if len(splits) == 1 else None


def symbol_names_issuer_first(symbol: str, issuer: str) -> bool:
    """Does the symbol open with the issuer's own code, as a letter's does ("TTr-VP" from "Thanh tra
    tỉnh"): then its first part is the sender, not a type of document that shares its letters?"""
    return is_issuer_code(symbol.split("-", 1)[0], issuer)


def body_named_by_symbol(symbol: str, issuer: str) -> str | None:
    """The gazetteer body under `issuer` whose initials the symbol's agency part is ("KH-SNV" under
    "Ủy ban nhân dân tỉnh Tây Ninh" → "Sở Nội vụ"); None when the symbol names the issuer itself,
    names no such body, or names more than one."""
    parts = symbol.split("-")
    if len(parts) < 2 or type_of_symbol_part(parts[0]) is None:
        return None  # "UBND-VP": a letter's symbol, whose second part is the drafting office
    group = _subordinate_group(issuer)
    key = compact_key(parts[1]).upper()
    if group is None or len(key) < 2 or issuer_initials(issuer).startswith(key):
        return None
    data = gazetteer.agencies()
    named = {body for body in data.subordinate.get(group, ()) if compact_key(symbol_code(body)).upper() == key}
    return named.pop() if len(named) == 1 else None


def part_of_name(read: str, name: str) -> bool:
    """Are most letters of a partly read line, in order, letters of `name` ("Kế hoạch và Đầ" of "Sở
    Kế hoạch và Đầu tư"), on folded text?"""
    name_key = compact_key(name)
    # a header line is printed in capitals: lower-case letters in it are a stamp's or a pen's ink
    # read over it ("SỞ KẾ ci€ên th VÀ ĐẦU"), so its capital words alone are tried too
    capitals = compact_key(" ".join(word for word in read.split() if word.isupper()))
    for key in dict.fromkeys((compact_key(read), capitals if len(capitals) >= 6 else "")):
        if len(key) < 4:
            continue
        matcher = SequenceMatcher(None, key, name_key, autojunk=False)
        if sum(block.size for block in matcher.get_matching_blocks()) >= 0.8 * len(key):
            return True
    return False


# A cited symbol whose dash OCR lost: "52/2025/TTBTC" (folded capitals after the number and year).
_GLUED_CITED_SYMBOL = re.compile(r"(?<![\w/])(?P<head>\d+/\d{4}/)(?P<glued>[A-ZĐ]{4,12})(?![\w-])")


@cache
def _central_codes() -> frozenset[str]:
    """The codes ministries and central bodies sign with, as folded keys ("BTC", "BGDDT", "NHNN")."""
    codes: set[str] = set()
    for name, group in gazetteer.agencies().central.items():
        if name == "departments":
            continue  # a ministry's departments sign with codes of their own ("QLD"), not their initials
        for body in group:
            code = compact_key(symbol_code(body)).upper()
            codes.add(code)
            if code.endswith("VN") and len(code) > 4:  # "NHNNVN": the bank signs "NHNN"
                codes.add(code[:-2])
    return frozenset(codes)


def split_glued_cited_symbols(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Cited symbols whose dash OCR lost, split where one way only makes a document type and a
    central body's code ("52/2025/TTBTC" → "52/2025/TT-BTC"). Returns the text and the changes."""
    changes: list[tuple[str, str]] = []

    def split(match: re.Match[str]) -> str:
        glued = match.group("glued")
        splits = [
            (kind, glued[cut:])  # the code as read: its letters are a body's code, its marks OCR's
            for cut in range(1, len(glued))
            if (kind := type_of_symbol_part(glued[:cut])) is not None
            and compact_key(glued[cut:]).upper() in _central_codes()
        ]
        if len(splits) != 1:
            return match.group(0)
        kind, code = splits[0]
        changes.append((glued, f"{kind}-{code}"))
        return f"{match.group('head')}{kind}-{code}"

    return _GLUED_CITED_SYMBOL.sub(split, text), changes
