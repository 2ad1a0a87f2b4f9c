"""Appraised units (sở, ban, ngành, quận, huyện, thành phố thuộc thành phố) and which one a document is of.

Registries are YAML files in `rubrics/units/`, one per province, with each unit's names as printed,
its variants ("UBND Quận 3", "Q3") and the agency codes used in document numbers ("SNV", "STP").
Attribution is by name first, then by number code; a name several provinces share (every province
has a Sở Nội vụ, several have a huyện Châu Thành) is settled by the province the document names in its
superior line, place line or text — or left unattributed, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from extractors.dates import parse_place_date
from extractors.facts import covered_year
from extractors.normalize import compact_key
from kiemchung.models import DocumentRecord, Evidence
from kiemchung.rubric import RUBRICS_DIR

UNITS_DIR = RUBRICS_DIR / "units"
UnitKind = Literal["province", "department", "district", "town", "city"]
YEAR_FACTS = ("plan_year", "report_year", "year")

_PEOPLES_COMMITTEE = re.compile(r"^(?:ủy ban nhân dân|uỷ ban nhân dân|ubnd)\s+", re.IGNORECASE)


class UnitError(ValueError):
    """A registry file that cannot be used; one line naming the file and the item."""


class Unit(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str  # "<province>.<unit>": "hcm.quan-3"
    kind: UnitKind
    name: str  # as the issuer line names it: "Ủy ban nhân dân Quận 3", "Sở Tư pháp"
    variants: list[str] = Field(default_factory=list)  # "Q3", "UBND Quận 3"
    codes: list[str] = Field(default_factory=list)  # agency part of document symbols: "STP"

    def names(self) -> list[str]:
        """The name, its variants, and for a people's committee the "UBND …" and bare forms."""
        found = [self.name, *self.variants]
        bare = _PEOPLES_COMMITTEE.sub("", self.name)
        if bare != self.name:
            found += [f"UBND {bare}", bare]
        return found


class Registry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    registry: str  # "hcm"
    province: str  # "Thành phố Hồ Chí Minh"
    province_names: list[str] = Field(default_factory=list)  # "TP. Hồ Chí Minh", "TP.HCM"
    domains: list[str] = Field(default_factory=list)  # e-mail and web domains: "tphcm.gov.vn"
    units: list[Unit]


def load_registry(path: Path) -> Registry:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise UnitError(f"{path}: cannot read: {str(error).splitlines()[0]}") from None
    try:
        registry = Registry.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise UnitError(f"{path}: {where}: {first['msg']}") from None
    ids = [unit.id for unit in registry.units]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise UnitError(f"{path}: duplicate unit ids: {', '.join(duplicates)}")
    strangers = [i for i in ids if not i.startswith(f"{registry.registry}.")]
    if strangers:
        raise UnitError(f"{path}: unit ids must start with '{registry.registry}.': {', '.join(strangers)}")
    return registry


@lru_cache(maxsize=4)
def load_registries(directory: Path = UNITS_DIR) -> tuple[Registry, ...]:
    paths = sorted(directory.glob("*.yaml")) if directory.is_dir() else []
    registries = tuple(load_registry(path) for path in paths)
    ids = [unit.id for registry in registries for unit in registry.units]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise UnitError(f"{directory}: unit ids in more than one registry: {', '.join(duplicates)}")
    return registries


def find_unit(unit_id: str, registries: Sequence[Registry] | None = None) -> Unit | None:
    for registry in registries if registries is not None else load_registries():
        for unit in registry.units:
            if unit.id == unit_id:
                return unit
    return None


def _symbol_codes(number: str | None) -> list[str]:
    """ "687/STP-VB" → ["STP", "VB"]; "15/BC-SNV" → ["BC", "SNV"]."""
    if not number:
        return []
    symbol = number.rsplit("/", 1)[-1]
    return [part.strip().upper() for part in symbol.split("-") if part.strip()]


def _province_keys(registry: Registry) -> list[str]:
    names = [registry.province, *registry.province_names]
    keys = {compact_key(name) for name in names}
    # "tỉnh Long An" and "Long An" both name the province; the bare name must stay long enough to mean it.
    keys |= {compact_key(re.sub(r"^(?:tỉnh|thành phố|tp\.?)\s+", "", n, flags=re.IGNORECASE)) for n in names}
    return sorted(k for k in keys if len(k) >= 5)


def _province_score(registry: Registry, record: DocumentRecord) -> int:
    """How strongly the document names this registry's province: superior and place lines count
    most, then the first page's head, then any mention or web domain in the text."""
    keys = _province_keys(registry)
    score = 0
    for text, weight in ((record.superior, 100), (record.place, 50), (record.issuer, 100)):
        if text and any(key in compact_key(text) for key in keys):
            score += weight
    pages = record.pages
    if pages:
        head = compact_key(pages[0].text[:600])
        score += 20 * sum(key in head for key in keys)
        body = compact_key(" ".join(page.text for page in pages[:3]))
        score += sum(body.count(key) for key in keys)
        raw = " ".join(page.text for page in pages[:3]).lower()
        score += 5 * sum(domain in raw for domain in registry.domains)
    return score


def _candidates_by_name(name: str, registries: Iterable[Registry]) -> list[tuple[Registry, Unit]]:
    key = compact_key(name)
    return [(r, u) for r in registries for u in r.units if key and key in {compact_key(n) for n in u.names()}]


_SIGNING_TIME = re.compile(r"thời gian ký\s*:\s*\d{1,2}[./-]\d{1,2}[./-](\d{4})", re.IGNORECASE)
_STAMP_AGENCY = re.compile(r"^\s*(?:cơ quan|ký bởi|người ký)\s*:\s*(.+?)\s*$", re.IGNORECASE | re.MULTILINE)


def _stamp_agencies(record: DocumentRecord) -> list[str]:
    return [m.group(1) for page in record.pages[:2] for m in _STAMP_AGENCY.finditer(page.text)]


def attribute_unit(record: DocumentRecord, registries: Sequence[Registry] | None = None) -> str | None:
    """The id of the appraised unit that issued `record`, or None when the registry cannot tell."""
    registries = list(registries if registries is not None else load_registries())
    candidates: list[tuple[Registry, Unit]] = []
    if record.issuer:
        candidates = _candidates_by_name(record.issuer, registries)
    if not candidates:
        codes = set(_symbol_codes(record.number)) - {"UBND", "HĐND", "HDND"}
        candidates = [(r, u) for r in registries for u in r.units if codes & {c.upper() for c in u.codes}]
    if not candidates:
        # A digital-signature stamp names the signing agency: "Cơ quan: Ủy ban nhân dân Quận 3".
        for name in _stamp_agencies(record):
            candidates = _candidates_by_name(name, registries)
            if candidates:
                break
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0][1].id
    scored = sorted(((_province_score(r, record), u.id) for r, u in candidates), reverse=True)
    if scored[0][0] == 0 or scored[0][0] == scored[1][0]:
        return None
    return scored[0][1]


def attribute_year(record: DocumentRecord, evidence: Sequence[Evidence]) -> int | None:
    """The year a document counts for: the plan or report year its evidence names, else the year its
    subject names ("… hộ nghèo năm 2024", issued in December 2023), else its issue year (or the year
    of its place-and-date line when the day is unreadable, or of its digital signature or signature stamp)."""
    for item in evidence:
        for name in YEAR_FACTS:
            value = item.facts.get(name)
            if isinstance(value, int) and 1900 <= value <= 2100:
                return value
    named = covered_year(record.subject) if record.subject else None
    if named is not None:
        return named
    if record.issue_date:
        return record.issue_date.year
    # The day may be handwritten and unread while the year on the place-and-date line is typed.
    for line in record.pages[0].text.splitlines()[:12] if record.pages else []:
        for part in re.split(r"\s{3,}", line):
            place_date = parse_place_date(part)
            if place_date is not None and place_date.year is not None:
                return place_date.year
    signed = record.signature.signed_at
    if signed is not None:
        return signed.year
    for page in record.pages[:2]:
        stamp = _SIGNING_TIME.search(page.text)
        if stamp is not None:
            return int(stamp.group(1))
    return None
