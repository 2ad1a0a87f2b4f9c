"""How well the tagger does against ground truth: tag precision/recall per criterion, fact accuracy.

Truth rows carry the criteria a document is evidence for (`[]` for unrelated documents) and the
facts it states (`{"plan_year": 2024, "tasks_planned": 20}`); the sample generator writes them in
`truth.jsonl`. Pure: records and truth rows in, numbers out.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from core.models import DocumentRecord
from extractors.normalize import matching_form


class TagTruth(BaseModel):
    """The part of a truth row this evaluation reads; other keys are ignored."""

    model_config = ConfigDict(extra="ignore")

    file: str
    criteria: list[str]
    facts: dict[str, Any] = Field(default_factory=dict)
    unit: str | None = None
    year: int | None = None
    kind: str | None = None
    doc_type: str | None = None


class CriterionScore(BaseModel):
    criterion: str
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0


class FactScore(BaseModel):
    """How one kind of fact, or the facts of one kind of document, was read: right, wrong, not read."""

    name: str  # a fact name ("tasks_planned") or a document kind ("plan.inspection", else the doc_type)
    documents: int = 0
    checked: int = 0
    correct: int = 0
    wrong: int = 0  # read, with another value
    missing: int = 0  # not read at all

    @property
    def read(self) -> int:
        return self.correct + self.wrong

    @property
    def accuracy(self) -> float:
        return self.correct / self.checked if self.checked else 1.0


class Miss(BaseModel):
    """One disagreement, for the report: which file, what was expected, what was found."""

    file: str
    what: str  # "criterion" | "fact" | "unit" | "year"
    expected: Any
    found: Any


class TagEvaluation(BaseModel):
    documents: int
    per_criterion: list[CriterionScore]
    facts_checked: int
    facts_correct: int
    units_checked: int = 0
    units_correct: int = 0
    years_checked: int = 0
    years_correct: int = 0
    distractors: int = 0  # truth rows with no criteria
    distractors_tagged: int = 0  # …that got some evidence anyway
    per_fact: list[FactScore] = Field(default_factory=list)
    per_kind: list[FactScore] = Field(default_factory=list)
    misses: list[Miss] = Field(default_factory=list)

    @property
    def overall(self) -> CriterionScore:
        return CriterionScore(
            criterion="all",
            true_positives=sum(s.true_positives for s in self.per_criterion),
            false_positives=sum(s.false_positives for s in self.per_criterion),
            false_negatives=sum(s.false_negatives for s in self.per_criterion),
        )

    @property
    def fact_accuracy(self) -> float:
        return self.facts_correct / self.facts_checked if self.facts_checked else 1.0


def read_tag_truth(path: Path) -> list[TagTruth]:
    """Rows of a truth.jsonl; a line that is not a truth row is a one-line ValueError naming it."""
    rows: list[TagTruth] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rows.append(TagTruth.model_validate(json.loads(line)))
        except (json.JSONDecodeError, ValidationError) as error:
            raise ValueError(
                f"{path}:{number}: not a truth row with 'file' and 'criteria' ({str(error).splitlines()[0]})"
            ) from None
    return rows


def _same(expected: Any, found: Any) -> bool:
    if isinstance(expected, int | float) and isinstance(found, int | float) and not isinstance(expected, bool):
        return abs(float(expected) - float(found)) <= 1e-6 * max(1.0, abs(float(expected)))
    if isinstance(expected, str) and isinstance(found, str):
        # As the contract compares names: case-insensitively, after NFC and tone canonicalisation.
        return matching_form(" ".join(expected.split())) == matching_form(" ".join(found.split()))
    return bool(expected == found)


def record_facts(record: DocumentRecord) -> dict[str, Any]:
    """Every fact of a record's evidence, the first item's value winning (evidence is in scheme order)."""
    facts: dict[str, Any] = {}
    for item in record.evidence:
        for name, value in item.facts.items():
            facts.setdefault(name, value)
    return facts


def evaluate_tags(
    pairs: Iterable[tuple[DocumentRecord, TagTruth]], criteria: Sequence[str] | None = None
) -> TagEvaluation:
    """Compare each record's evidence with its truth row. `criteria` fixes the rows of the table
    (every criterion seen in truth or output otherwise)."""
    scores: dict[str, CriterionScore] = {}
    misses: list[Miss] = []
    documents = facts_checked = facts_correct = 0
    units_checked = units_correct = years_checked = years_correct = 0
    distractors = distractors_tagged = 0

    per_fact: dict[str, FactScore] = {}
    per_kind: dict[str, FactScore] = {}

    def score(criterion: str) -> CriterionScore:
        return scores.setdefault(criterion, CriterionScore(criterion=criterion))

    for record, truth in pairs:
        documents += 1
        expected = set(truth.criteria)
        found = {item.criterion for item in record.evidence}
        for criterion in expected & found:
            score(criterion).true_positives += 1
        for criterion in found - expected:
            score(criterion).false_positives += 1
            misses.append(Miss(file=truth.file, what="criterion", expected=sorted(expected), found=criterion))
        for criterion in expected - found:
            score(criterion).false_negatives += 1
            misses.append(Miss(file=truth.file, what="criterion", expected=criterion, found=sorted(found)))
        if not expected:
            distractors += 1
            distractors_tagged += bool(found)
        facts = record_facts(record)
        kind = per_kind.setdefault(*_kind_key(truth, record))
        kind.documents += 1
        for name, value in truth.facts.items():
            facts_checked += 1
            fact = per_fact.setdefault(name, FactScore(name=name))
            fact.documents += 1
            outcome = (
                "correct" if name in facts and _same(value, facts[name]) else ("wrong" if name in facts else "missing")
            )
            for tally in (fact, kind):
                tally.checked += 1
                setattr(tally, outcome, getattr(tally, outcome) + 1)
            if outcome == "correct":
                facts_correct += 1
            else:
                misses.append(Miss(file=truth.file, what=f"fact {name}", expected=value, found=facts.get(name)))
        if truth.unit is not None:
            units_checked += 1
            units_correct += record.unit == truth.unit
            if record.unit != truth.unit:
                misses.append(Miss(file=truth.file, what="unit", expected=truth.unit, found=record.unit))
        if truth.year is not None:
            years_checked += 1
            years_correct += record.year == truth.year
            if record.year != truth.year:
                misses.append(Miss(file=truth.file, what="year", expected=truth.year, found=record.year))
    for criterion in criteria or ():
        score(criterion)
    ordered = sorted(scores.values(), key=lambda s: [int(p) for p in s.criterion.split(".") if p.isdigit()])
    return TagEvaluation(
        documents=documents,
        per_criterion=ordered,
        facts_checked=facts_checked,
        facts_correct=facts_correct,
        units_checked=units_checked,
        units_correct=units_correct,
        years_checked=years_checked,
        years_correct=years_correct,
        distractors=distractors,
        distractors_tagged=distractors_tagged,
        per_fact=sorted(per_fact.values(), key=lambda f: f.name),
        per_kind=sorted(per_kind.values(), key=lambda f: f.name),
        misses=misses,
    )


def _kind_key(truth: TagTruth, record: DocumentRecord) -> tuple[str, FactScore]:
    """Documents are grouped by the truth's kind and type ("plan.inspection QĐ": a plan issued by a
    decision), else by the type they have."""
    doc_type = truth.doc_type or record.doc_type
    name = " ".join(part for part in (truth.kind, doc_type) if part) or "?"
    return name, FactScore(name=name)
