"""Issuers read from a file of agency headers (`--agencies-file`): each entry's printed lines, issuer and
superior as a person writes them (the shape of tests/fixtures/headers/agency_headers.yaml), so the
headers written down from the naming rules are also printed, scanned and photographed like any
generated document.

An entry with a superior prints its first line above the issuer's lines; an entry without one prints
every line as the issuer's. The head's title, the symbol's code and the place line follow from the
issuer's name by the usual patterns of NĐ30 and the bodies' statutes.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from samples.generator.agencies import Agency, AgencyLevel
from samples.generator.spec import ascii_slug

# (the issuer's first words, the head's title), the longest first where one starts another
_HEADS: tuple[tuple[str, str], ...] = (
    ("Ủy ban nhân dân", "Chủ tịch"),
    ("Ủy ban Mặt trận", "Chủ tịch"),
    ("Ủy ban Thường vụ", "Chủ tịch"),
    ("Ủy ban Kiểm tra", "Chủ nhiệm"),
    ("Ủy ban", "Bộ trưởng, Chủ nhiệm"),
    ("Hội đồng nhân dân", "Chủ tịch"),
    ("Thường trực", "Chủ tịch"),
    ("Thủ tướng", "Thủ tướng"),
    ("Chính phủ", "Thủ tướng"),
    ("Quốc hội", "Chủ tịch Quốc hội"),
    ("Bộ Chỉ huy", "Chỉ huy trưởng"),
    ("Bộ", "Bộ trưởng"),
    ("Tổng cục", "Tổng cục trưởng"),
    ("Chi cục", "Chi cục trưởng"),
    ("Cục", "Cục trưởng"),
    ("Vụ", "Vụ trưởng"),
    ("Văn phòng", "Chánh Văn phòng"),
    ("Thanh tra", "Chánh Thanh tra"),
    ("Trường", "Hiệu trưởng"),
    ("Đại học", "Giám đốc"),
    ("Học viện", "Giám đốc"),
    ("Viện kiểm sát", "Viện trưởng"),
    ("Tòa án", "Chánh án"),
    ("Kiểm toán", "Tổng Kiểm toán nhà nước"),
    ("Ngân hàng", "Thống đốc"),
    ("Ban Chấp hành", "Chủ tịch"),
    ("Ban", "Trưởng ban"),
    ("Phòng", "Trưởng phòng"),
    ("Tỉnh ủy", "Bí thư"),
    ("Thành ủy", "Bí thư"),
    ("Thị ủy", "Bí thư"),
    ("Huyện ủy", "Bí thư"),
    ("Quận ủy", "Bí thư"),
    ("Đảng ủy", "Bí thư"),
    ("Chi bộ", "Bí thư"),
    ("Tỉnh đoàn", "Bí thư"),
    ("Đoàn đại biểu", "Trưởng đoàn"),
    ("Hội", "Chủ tịch"),
    ("Liên đoàn", "Chủ tịch"),
    ("Đài", "Giám đốc"),
)
# the last territory word's name: "Bảo hiểm xã hội tỉnh Cà Mau" → "Cà Mau", not "hội tỉnh Cà Mau"
_PLACE_AFTER = re.compile(r".*\b(?:tỉnh|thành phố|Thành phố|huyện|quận|thị xã|phường|xã|đặc khu)\s+(.+)$")
_SMALL_WORDS = {"và", "-", ","}
# a minister's deputy is a Thứ trưởng, not a "Phó Bộ trưởng"
_DEPUTIES = {"Bộ trưởng": "Thứ trưởng", "Bộ trưởng, Chủ nhiệm": "Thứ trưởng, Phó Chủ nhiệm"}


def head_of(issuer: str) -> str:
    for start, title in _HEADS:
        if issuer.startswith(start + " ") or issuer == start:
            return title
    return "Giám đốc"


def code_of(issuer: str) -> str:
    """The symbol's agency part: "UBND" for a committee, else the initials ("Sở Nội vụ" → "SNV")."""
    if issuer.startswith("Ủy ban nhân dân"):
        return "UBND"
    words = [w for w in re.split(r"[\s,]+", issuer) if w and w not in _SMALL_WORDS and w[0].isalpha()]
    initials = "".join(w[0] for w in words).upper()
    # codes are written without marks but keep Đ ("Ủy ban Dân tộc" → "UBDT"), eight letters at most
    plain = "".join(c for c in unicodedata.normalize("NFD", initials) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", plain)[:8]


# Hướng dẫn 36: a Party committee's own code ("Số 15-KH/TU"), which its boards add to their initials
# ("Ban Tổ chức" of a Tỉnh ủy → "BTCTU")
_PARTY_COMMITTEES = (  # (name's start, code, the collective its "T/M" line speaks for)
    ("Ban Chấp hành Trung ương", "TW", "BAN CHẤP HÀNH TRUNG ƯƠNG"),
    ("Tỉnh ủy", "TU", "BAN THƯỜNG VỤ"),
    ("Thành ủy", "TU", "BAN THƯỜNG VỤ"),
    ("Thị ủy", "TU", "BAN THƯỜNG VỤ"),
    ("Huyện ủy", "HU", "BAN THƯỜNG VỤ"),
    ("Quận ủy", "QU", "BAN THƯỜNG VỤ"),
    ("Đảng ủy", "ĐU", "ĐẢNG ỦY"),
    ("Chi bộ", "CB", "CHI BỘ"),
)
_PARTY_LINE = re.compile(r"ĐẢNG|\b(?:TỈNH|THÀNH|THỊ|HUYỆN|QUẬN) ỦY\b|BAN CHẤP HÀNH TRUNG ƯƠNG|^CHI BỘ\b")


def is_party_header(lines: tuple[str, ...]) -> bool:
    """A Party body's header (a committee, its boards, a cell): printed in Hướng dẫn 36's form."""
    return any(_PARTY_LINE.search(line) for line in lines)


def _committee(name: str) -> tuple[str, str, str] | None:
    return next((c for c in _PARTY_COMMITTEES if name == c[0] or name.startswith(c[0] + " ")), None)


def party_code(issuer: str, superior: str | None) -> str:
    """ "Tỉnh ủy Nghệ An" → "TU"; "Ban Tổ chức" under a Tỉnh ủy → "BTCTU"; the central office → "VPTW"."""
    own = _committee(issuer)
    if own:
        return own[1]
    if issuer.endswith(" Trung ương Đảng"):
        return code_of(issuer.removesuffix(" Trung ương Đảng")) + "TW"
    above = _committee(superior or "")
    return code_of(issuer) + (above[1] if above else "")


def place_of(issuer: str, superior: str | None) -> str:
    """The place line's name: the territory the issuer or its superior names, else the capital."""
    for name in (issuer, superior or ""):
        if name.startswith("Tỉnh đoàn ") or name.startswith("Tỉnh ủy "):
            return name.split(" ", 2)[2]
        found = _PLACE_AFTER.search(name)
        if found and not found.group(1)[0].isdigit():
            return found.group(1)
    return "Hà Nội"


def agency_from_header(entry: dict[str, Any]) -> Agency:
    lines = tuple(str(line) for line in entry["lines"])
    issuer = str(entry["issuer"])
    superior = entry.get("superior")
    split = 1 if superior and len(lines) > 1 else 0
    level: AgencyLevel = "department"
    if issuer.startswith("Ủy ban nhân dân"):
        level = "province" if " tỉnh " in f" {issuer} " or "Thành phố Hồ" in issuer else "district"
    place = place_of(issuer, superior)
    party = is_party_header(lines)
    code = party_code(issuer, superior) if party else code_of(issuer)
    head = head_of(issuer) if level == "department" else ""
    committee = _committee(issuer) if party else None
    return Agency(
        unit=f"probe.{ascii_slug(issuer)}",
        level=level,
        issuer=issuer,
        superior=superior,
        header_superior=lines[:split],
        header_issuer=lines[split:],
        code=code,
        letter_unit="VP",
        place=place,
        province=superior.removeprefix("Ủy ban nhân dân ") if superior else "cả nước",
        locality="tỉnh" if level == "province" else ("huyện" if level == "district" else "cơ quan"),
        email_domain=f"{ascii_slug(place).replace('-', '')}.gov.vn",
        subordinates="các phòng, đơn vị trực thuộc",
        head=head,
        deputy=_DEPUTIES.get(head, ""),
        party=party,
        collective=committee[2] if committee else "",
    )


def agencies_from_file(path: Path) -> tuple[Agency, ...]:
    """Every entry of a YAML list of headers; a clear error for a file that is not one."""
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ValueError(f"{path}: cannot read the agency headers ({error})") from error
    if not isinstance(entries, list) or not entries:
        raise ValueError(f"{path}: expected a YAML list of headers (lines, issuer, superior)")
    try:
        return tuple(agency_from_header(entry) for entry in entries)
    except (KeyError, TypeError) as error:
        raise ValueError(f"{path}: a header lacks its lines or issuer ({error})") from error
