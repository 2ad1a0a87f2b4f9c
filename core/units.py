"""Appraised units (sở, ban, ngành, quận, huyện, thành phố thuộc thành phố): the registries.

Registries are YAML files in `rubrics/units/`, one per province, with each unit's names as printed,
its variants ("UBND Quận 3", "Q3") and the agency codes used in document numbers ("SNV", "STP").
Which unit a document is of is read by `extractors.attribution`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from core.rubric import RUBRICS_DIR

UNITS_DIR = RUBRICS_DIR / "units"
UnitKind = Literal["province", "department", "district", "town", "city"]

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
