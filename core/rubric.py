"""Rubric schemes as data: a YAML file per scheme, validated on load.

A scheme is a tree of areas (lĩnh vực) → criteria (tiêu chí) → sub-criteria (tiêu chí thành phần),
each node with its points, its scoring rule and the rules that recognise its evidence documents.
Nothing about a particular rubric lives in code: deadlines, thresholds, phrases and points are here
only as types. A user adds a scheme by dropping a YAML file in `rubrics/` or by passing its path.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

RUBRICS_DIR = Path(__file__).resolve().parent.parent / "rubrics"
DEFAULT_SCHEME_FILE = "par-default.yaml"

_DEADLINE_YEAR = re.compile(r"\{year(?:\s*([+-])\s*(\d+))?\}")
_CRITERION_ID = re.compile(r"^\d+(?:\.\d+)*$")


class SchemeError(ValueError):
    """A scheme file that cannot be used; the message is one line naming the file and the bad item."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def resolve_deadline(template: str, year: int) -> dt.date:
    """ "{year-1}-12-31" for 2024 → 2023-12-31. Raises ValueError for a template that is no date."""

    def year_of(match: re.Match[str]) -> str:
        sign, amount = match.group(1), match.group(2)
        shift = 0 if sign is None else int(amount) * (1 if sign == "+" else -1)
        return f"{year + shift:04d}"

    text = _DEADLINE_YEAR.sub(year_of, template.strip())
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"deadline {template!r} is not a date template like '{{year-1}}-12-31'") from None


# ── how evidence is recognised ──────────────────────────────────────────────────────────────────


class PhraseTest(_Model):
    """Conditions on a text. Each `all_of` entry must occur (a list entry: any one of its phrases);
    no `none_of` phrase may occur. Phrases are compared in matching form (NFC, canonical tones, lower)."""

    all_of: list[str | list[str]] = Field(default_factory=list)
    none_of: list[str] = Field(default_factory=list)

    def phrases(self) -> list[str]:
        found: list[str] = []
        for entry in self.all_of:
            found.extend([entry] if isinstance(entry, str) else entry)
        return found + list(self.none_of)

    @property
    def empty(self) -> bool:
        return not self.all_of and not self.none_of


class FactPattern(_Model):
    """A sentence pattern that yields facts: "hoàn thành {tasks_done}/{tasks_planned} nhiệm vụ".

    `{name}` captures a number into the fact `name`, `{name:text}` a few words (kept as printed);
    `…` skips up to a clause of words. Matching is
    on the folded lower-case text, so OCR without diacritics matches too. `doc_types` limits the
    pattern to some document types; `aggregate` says which match wins when there are several.
    """

    pattern: str
    doc_types: list[str] = Field(default_factory=list)
    aggregate: Literal["first", "max", "sum"] = "first"
    at_most: float | None = None  # a match with a larger number is not this fact (a year is no count)

    @field_validator("pattern")
    @classmethod
    def _has_placeholder(cls, value: str) -> str:
        names = re.findall(r"\{([a-z_][a-z0-9_]*)(?::(?:number|text))?\}", value)
        if not names:
            raise ValueError(f"fact pattern {value!r} captures nothing (add a {{fact_name}} placeholder)")
        if len(set(names)) != len(names):
            raise ValueError(f"fact pattern {value!r} names a fact twice")
        leftover = re.sub(r"\{[a-z_][a-z0-9_]*(?::(?:number|text))?\}", "", value)
        if "{" in leftover or "}" in leftover:
            raise ValueError(f"fact pattern {value!r} has a placeholder that is not {{name}} or {{name:text}}")
        return value

    @property
    def names(self) -> list[str]:
        return re.findall(r"\{([a-z_][a-z0-9_]*)(?::(?:number|text))?\}", self.pattern)


class FactCount(_Model):
    """A fact counted from the document's layout when no sentence states it.

    `section`: the items listed under the first section whose heading names one of `headings`
    ("II. NHIỆM VỤ TRỌNG TÂM" → its numbered or bulleted tasks, the leaves of the list), or the
    numbered rows of an annex whose title names one of `annexes` ("Phụ lục: Danh mục nhiệm vụ").
    `names`: the longest run of consecutive list lines or table rows that each start with one of
    `names` ("1. Phòng Tư pháp", "2. UBND xã An Phú") — the units a plan lists; else the names of the
    sentence after one of `headings` and a colon ("Đối tượng kiểm tra: Phòng Tư pháp, UBND xã A").
    """

    fact: str
    items: Literal["section", "names"]
    headings: list[str] = Field(default_factory=list)
    annexes: list[str] = Field(default_factory=list)
    names: list[str] = Field(default_factory=list)
    not_under: list[str] = Field(default_factory=list)  # names: sections not read ("TỔ CHỨC THỰC HIỆN")

    @model_validator(mode="after")
    def _has_what_it_counts(self) -> FactCount:
        if self.items == "section" and not (self.headings or self.annexes):
            raise ValueError(f"count of {self.fact!r} by section needs headings or annexes")
        if self.items == "names" and not self.names:
            raise ValueError(f"count of {self.fact!r} by names needs names")
        return self


class EvidenceRule(_Model):
    """One way a document proves a criterion (a criterion may have several)."""

    id: str
    doc_types: list[str] = Field(default_factory=list)  # NĐ30 abbreviations; empty = any type
    subject: PhraseTest = Field(default_factory=PhraseTest)  # tested on the trích yếu (or the title block)
    body: PhraseTest = Field(default_factory=PhraseTest)  # tested on the page text
    facts: list[FactPattern] = Field(default_factory=list)
    counts: list[FactCount] = Field(default_factory=list)  # used only for facts no pattern read
    require_facts: list[str] = Field(default_factory=list)
    year_fact: str | None = None  # name of the fact that holds the year covered: plan_year, report_year
    period: bool = False  # read the reporting period (quý I, 6 tháng, 9 tháng, năm) from the subject
    anchor: Literal["subject", "facts"] = "subject"  # where the quote is taken from
    confidence: float = Field(default=0.9, gt=0, le=1)


# ── how points are proposed ─────────────────────────────────────────────────────────────────────


class OnTime(_Model):
    """Full points if a document was issued by the deadline; `late_points` otherwise."""

    kind: Literal["on_time"]
    deadline: str  # "{year-1}-12-31": year = the year appraised
    late_points: float = 0.0


class Ratio(_Model):
    """done/planned ≥ `full_at` → full; ≥ `proportional_from` → points × ratio; below → 0."""

    kind: Literal["ratio"]
    done: str = "tasks_done"
    planned: str = "tasks_planned"
    full_at: float = Field(default=1.0, gt=0, le=1)
    proportional_from: float = Field(default=0.8, ge=0, le=1)


class ReportPeriod(_Model):
    name: str  # "quý I", "6 tháng", "9 tháng", "năm"
    name_en: str = ""  # shown to a reader who chose English ("first quarter"); empty: `name`
    deadline: str
    aliases: list[str] = Field(default_factory=list)  # "quý III" for "9 tháng"


class PeriodicReports(_Model):
    """Every period's report sent by its deadline → full; each missing or late one costs its share."""

    kind: Literal["periodic_reports"]
    periods: list[ReportPeriod] = Field(min_length=1)
    late_share: float = Field(default=0.0, ge=0, le=1)  # share of a period's points kept when late


class ThresholdShare(_Model):
    """part/whole ≥ `at_least` (e.g. units inspected ≥ 30% of subordinate units) → full points."""

    kind: Literal["threshold_share"]
    part: str = "units_inspected"
    whole: str = "units_total"
    at_least: float = Field(gt=0, le=1)


class CountAtLeast(_Model):
    """The sum of a fact over the documents (or the number of documents) ≥ `at_least` → full points."""

    kind: Literal["count_at_least"]
    fact: str | None = None
    at_least: int = Field(default=1, ge=1)


class Issued(_Model):
    """A document of this kind exists for the year → full points."""

    kind: Literal["issued"]


class Survey(_Model):
    """Scored by survey (SIPAS, officials' survey): not self-scored, no document evidence."""

    kind: Literal["survey"]


Scoring = Annotated[
    OnTime | Ratio | PeriodicReports | ThresholdShare | CountAtLeast | Issued | Survey,
    Field(discriminator="kind"),
]


# ── the tree ────────────────────────────────────────────────────────────────────────────────────


class Criterion(_Model):
    id: str
    name: str
    name_en: str = ""  # shown to a reader who chose English; empty: `name`
    max_points: float | None = Field(default=None, ge=0)
    scoring: Scoring | None = None
    evidence: list[EvidenceRule] = Field(default_factory=list)
    partial: bool = False  # the scheme lists only some sub-criteria: their points may sum to less
    criteria: list[Criterion] = Field(default_factory=list)

    @field_validator("id")
    @classmethod
    def _dotted(cls, value: str) -> str:
        if not _CRITERION_ID.match(value):
            raise ValueError(f"criterion id {value!r} is not dotted numbers like '1.1.1'")
        return value

    @property
    def survey(self) -> bool:
        return isinstance(self.scoring, Survey)

    @property
    def depth(self) -> int:
        return self.id.count(".")


class Band(_Model):
    name: str  # "Tốt"
    name_en: str = ""  # "Good"
    at_least: float  # lower bound, inclusive


class Scheme(_Model):
    scheme: str  # id: "par-default"
    version: str
    name: str
    name_en: str = ""  # names in English (here and on bands, periods, criteria): shown with `lang=en`
    years: list[int] = Field(min_length=1)
    basis: str  # the decision that defines it: "876/QĐ-BNV"
    description: str = ""
    bands: list[Band] = Field(default_factory=list)
    areas: list[Criterion] = Field(min_length=1)

    @field_validator("years", mode="before")
    @classmethod
    def _year_range(cls, value: Any) -> Any:
        """`years: 2022-2030` (a range) or a list of years."""
        if isinstance(value, str) and re.fullmatch(r"\s*\d{4}\s*-\s*\d{4}\s*", value):
            first, last = (int(part) for part in value.split("-"))
            return list(range(first, last + 1))
        if isinstance(value, int):
            return [value]
        return value

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int | float) else value

    def applies_to(self, year: int) -> bool:
        return year in self.years

    def walk(self) -> Iterator[Criterion]:
        """Every node, depth first, parents before children."""

        def visit(node: Criterion) -> Iterator[Criterion]:
            yield node
            for child in node.criteria:
                yield from visit(child)

        for area in self.areas:
            yield from visit(area)

    def criterion(self, criterion_id: str) -> Criterion:
        for node in self.walk():
            if node.id == criterion_id:
                return node
        raise KeyError(criterion_id)

    def has_criterion(self, criterion_id: str) -> bool:
        return any(node.id == criterion_id for node in self.walk())

    @property
    def self_scored_max(self) -> float:
        return sum(n.max_points or 0 for n in self.walk() if n.scoring is not None and not n.survey)


# ── loading and checking ────────────────────────────────────────────────────────────────────────


def _location(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part in {
            "on_time",
            "ratio",
            "periodic_reports",
            "threshold_share",
            "count_at_least",
            "issued",
            "survey",
            "str",
            "list[str]",
        }:
            continue  # pydantic's union branch names: not part of the file's structure
        else:
            text += f".{part}" if text else part
    return text or "(top level)"


def _check_tree(scheme: Scheme) -> None:
    """What pydantic cannot see: ids unique and nested under their parent, points adding up,
    deadlines that are dates, rule ids unique within a criterion."""
    seen: dict[str, str] = {}
    sample_year = scheme.years[0]

    def check(node: Criterion, path: str, parent: Criterion | None) -> None:
        where = f"{path} (criterion {node.id})"
        if node.id in seen:
            raise SchemeError(f"{where}: duplicate criterion id, also at {seen[node.id]}")
        seen[node.id] = path
        if parent is None and "." in node.id:
            raise SchemeError(f"{where}: an area id must be a single number")
        if parent is not None and (node.id.rsplit(".", 1)[0] != parent.id):
            raise SchemeError(f"{where}: id does not continue its parent {parent.id!r} (parent missing?)")
        rule_ids = [rule.id for rule in node.evidence]
        if len(set(rule_ids)) != len(rule_ids):
            raise SchemeError(f"{where}: evidence rule ids repeat: {', '.join(rule_ids)}")
        if node.scoring is not None and node.max_points is None:
            raise SchemeError(f"{where}: has a scoring rule but no max_points")
        if node.survey and node.evidence:
            raise SchemeError(f"{where}: a survey criterion cannot have document evidence rules")
        if node.scoring is not None and node.criteria:
            raise SchemeError(f"{where}: only a leaf can have a scoring rule; its children carry the points")
        deadlines: list[tuple[str, str]] = []
        if isinstance(node.scoring, OnTime):
            deadlines.append(("scoring.deadline", node.scoring.deadline))
        if isinstance(node.scoring, PeriodicReports):
            deadlines += [(f"scoring.periods[{i}].deadline", p.deadline) for i, p in enumerate(node.scoring.periods)]
        for field, template in deadlines:
            try:
                resolve_deadline(template, sample_year)
            except ValueError as error:
                raise SchemeError(f"{where}: {field}: {error}") from None
        child_points = [c.max_points for c in node.criteria]
        if node.max_points is not None and node.criteria and all(p is not None for p in child_points):
            total = round(sum(p or 0 for p in child_points), 6)
            if node.partial and total > node.max_points + 1e-6:
                raise SchemeError(
                    f"{where}: children's points sum to {total:g}, more than max_points {node.max_points:g}"
                )
            if not node.partial and abs(total - node.max_points) > 1e-6:
                raise SchemeError(
                    f"{where}: children's points sum to {total:g}, not max_points "
                    f"{node.max_points:g} (mark the node `partial: true` if it lists only some)"
                )
        for index, child in enumerate(node.criteria):
            check(child, f"{path}.criteria[{index}]", node)

    for index, area in enumerate(scheme.areas):
        check(area, f"areas[{index}]", None)


def parse_scheme(data: Any, source: str = "<scheme>") -> Scheme:
    """A scheme from already-parsed YAML; SchemeError (one line, naming `source`) if it is not valid."""
    if not isinstance(data, dict):
        raise SchemeError(f"{source}: not a scheme (expected a mapping with 'scheme', 'version', 'areas')")
    # Keys starting with "x-" hold YAML anchors shared by the rules (as in OpenAPI and compose files).
    data = {key: value for key, value in data.items() if not str(key).startswith("x-")}
    try:
        scheme = Scheme.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        message = first["msg"].removeprefix("Value error, ")
        more = f" (and {error.error_count() - 1} more problems)" if error.error_count() > 1 else ""
        raise SchemeError(f"{source}: {_location(tuple(first['loc']))}: {message}{more}") from None
    try:
        _check_tree(scheme)
    except SchemeError as error:
        raise SchemeError(f"{source}: {error}") from None
    return scheme


def load_scheme(path: Path | str) -> Scheme:
    """Read and validate one scheme file. Raises SchemeError with a one-line message."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise SchemeError(f"{path}: cannot read: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise SchemeError(f"{path}: not UTF-8 text") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise SchemeError(f"{path}: {where}invalid YAML: {problem}") from None
    return parse_scheme(data, str(path))


def scheme_files(directory: Path = RUBRICS_DIR) -> list[Path]:
    """The scheme files in a folder: YAML files at its top level (unit registries live in `units/`)."""
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.is_file() and p.suffix in {".yaml", ".yml"})


def available_schemes(directory: Path = RUBRICS_DIR) -> list[tuple[Path, Scheme | SchemeError]]:
    """Every scheme file with its scheme, or the error that keeps it from loading."""
    found: list[tuple[Path, Scheme | SchemeError]] = []
    for path in scheme_files(directory):
        try:
            found.append((path, load_scheme(path)))
        except SchemeError as error:
            found.append((path, error))
    return found


def find_scheme(name_or_path: str | Path | None = None, directory: Path = RUBRICS_DIR) -> Scheme:
    """A scheme by file path, or by its `scheme` id among the files in `directory`; the default if None."""
    if name_or_path is None:
        return default_scheme()
    path = Path(name_or_path)
    if path.suffix in {".yaml", ".yml"} or path.exists():
        return load_scheme(path)
    for candidate, scheme in available_schemes(directory):
        if isinstance(scheme, Scheme) and scheme.scheme == str(name_or_path):
            return scheme
        if isinstance(scheme, Scheme) and candidate.stem == str(name_or_path):
            return scheme
    known = ", ".join(s.scheme for _, s in available_schemes(directory) if isinstance(s, Scheme)) or "none"
    raise SchemeError(f"no scheme {str(name_or_path)!r} in {directory} (known: {known})")


@lru_cache(maxsize=1)
def default_scheme() -> Scheme:
    """The default scheme (`rubrics/par-default.yaml`), loaded once."""
    return load_scheme(RUBRICS_DIR / DEFAULT_SCHEME_FILE)
