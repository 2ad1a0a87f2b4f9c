"""The gazetteer: agency names, provinces, communes, banner texts and signers' titles as data (`core/data/*.yaml`).

Only loading and validation live here; `extractors.places` and `extractors.agencies` decide how a
header line is matched against it, `extractors.stamps` what a banner looks like on a page.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

Unit = Literal["tỉnh", "thành phố"]


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Province(_Data):
    name: str
    unit: Unit
    abbreviations: tuple[str, ...] = ()
    merged_from: tuple[str, ...] = ()
    # False for a name bodies never write bare: the city named after President Hồ Chí Minh keeps its
    # unit word where other provinces drop it ("Thành ủy Thành phố Hồ Chí Minh", "Tỉnh ủy Lào Cai")
    named_bare: bool = True


class ProvinceData(_Data):
    before_2025: tuple[Province, ...]
    after_2025: tuple[Province, ...]
    districts: dict[str, tuple[tuple[str, str], ...]] = Field(default_factory=dict)

    def all_provinces(self) -> tuple[Province, ...]:
        """Every unit before and after the 2025 merger, each name once."""
        seen: dict[str, Province] = {}
        for province in (*self.before_2025, *self.after_2025):
            seen.setdefault(province.name, province)
        return tuple(seen.values())


class AgencyData(_Data):
    kinds: tuple[str, ...]
    kinds_naming_their_work: tuple[str, ...] = ()
    kinds_named_by_proper_noun: tuple[str, ...] = ()
    abbreviations: dict[str, str]
    fields: tuple[str, ...]
    school_levels: tuple[str, ...]
    central: dict[str, tuple[str, ...]]
    subordinate: dict[str, tuple[str, ...]]
    symbol_codes: dict[str, str] = Field(default_factory=dict)
    with_province: dict[Literal["unit", "name"], tuple[str, ...]]
    with_district: tuple[str, ...]
    under_national_body: tuple[str, ...] = ()
    party_committee_of_district: dict[str, str] = Field(default_factory=dict)
    public_service_units: dict[str, tuple[str, ...]]

    def named_bodies(self) -> tuple[str, ...]:
        """Full names that need no place: central bodies, subordinate bodies, named units."""
        groups = (*self.central.values(), *self.subordinate.values(), *self.public_service_units.values())
        return tuple(name for group in groups for name in group)


class CommuneData(_Data):
    """Communes, wards, towns and special zones: province → unit word → names."""

    after_2025: dict[str, dict[str, tuple[str, ...]]]
    before_2025: dict[str, dict[str, tuple[str, ...]]]

    def names(self) -> tuple[tuple[str, str], ...]:
        """Every (unit word, name) of both lists, each once."""
        seen: dict[tuple[str, str], None] = {}
        for section in (self.after_2025, self.before_2025):
            for units in section.values():
                for unit, names in units.items():
                    seen.update(dict.fromkeys((unit, str(name)) for name in names))
        return tuple(seen)


class BannerData(_Data):
    gazette_names: tuple[str, ...]
    portals: tuple[str, ...]
    sites: tuple[str, ...]


class TitleData(_Data):
    """Signing titles, capacity marks, ranks and degrees printed before a name, family names."""

    titles: tuple[str, ...]
    deputies: dict[str, str] = Field(default_factory=dict)
    capacities: tuple[str, ...]
    ranks: tuple[str, ...]
    degrees: tuple[str, ...]
    family_names: tuple[str, ...]
    gender_words: tuple[str, ...] = ()
    name_syllables: tuple[str, ...] = ()


def _load(name: str) -> Any:
    text = resources.files("core").joinpath("data", name).read_text(encoding="utf-8")
    # libyaml's loader when PyYAML has it (the districts' list is ~700 rows; the pure-Python one takes 0.2 s)
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@cache
def provinces() -> ProvinceData:
    """provinces.yaml, its hand-checked districts first, then the rest of the statistics office's list
    (districts.yaml) that they do not already hold."""
    data = _load("provinces.yaml")
    districts: dict[str, list[list[str]]] = {name: list(rows) for name, rows in data.get("districts", {}).items()}
    for province, rows in (_load("districts.yaml") or {}).items():
        held = {(unit, str(name)) for unit, name in districts.get(province, [])}
        districts.setdefault(province, []).extend(row for row in rows if (row[0], str(row[1])) not in held)
    return ProvinceData.model_validate({**data, "districts": districts})


@cache
def communes() -> CommuneData:
    return CommuneData.model_validate(_load("communes.yaml"))


@cache
def agencies() -> AgencyData:
    return AgencyData.model_validate(_load("agencies.yaml"))


@cache
def banners() -> BannerData:
    return BannerData.model_validate(_load("banners.yaml"))


@cache
def titles() -> TitleData:
    return TitleData.model_validate(_load("titles.yaml"))
