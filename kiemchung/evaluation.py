"""Score extraction results against ground truth (generated samples or real fixtures).

`score_records(records, truth)` is pure: records are `DocumentRecord`s as `kiemchung extract` makes
them, truth rows are dicts as in a `truth.jsonl` (the generator's, or shared/realdocs' smaller
format: fields a row lacks are not scored for it). Per field and per variant it counts:
- right / wrong;
- flagged: a handwritten value (number, or the day of the issue date) that the record lists in
  `needs_review` — the honest answer for handwriting, counted apart, not as wrong;
- suggested: flagged, and the value offered for review (from the file name or the signing time)
  is the right one;
- confident_wrong: of the wrong ones, those the record does not list in `needs_review` — a wrong
  value a person would not be told to check, the worst outcome.
Rows may carry a `split` ("tuning" / "holdout"): `score_by_split` scores each split apart, so the
figures that count (holdout: files no rule was tuned on) are never mixed with the tuning ones.
References are scored as sets (precision, recall, F1 over number + date).
Names compare case-insensitively after NFC and canonical tone placement, with whitespace collapsed
and trailing punctuation ignored.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from core.models import DocumentRecord
from extractors.normalize import matching_form, nfc

# "suggested": flagged for review, and the value offered to the reviewer (file name, signing time) is right
Outcome = Literal["right", "wrong", "flagged", "suggested"]
ALL = "all"

FIELDS: tuple[str, ...] = (
    "doc_type",
    "symbol",
    "number",
    "issue_date",
    "issue_month",
    "issue_year",
    "year",
    "issuer",
    "superior",
    "place",
    "subject",
    "signer_name",
    "signer_title",
    "signer_capacity",
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FieldScore(_Model):
    right: int = 0
    wrong: int = 0
    flagged: int = 0
    suggested: int = 0
    confident_wrong: int = 0
    # right values the record still lists in `needs_review`: a person checks them for nothing
    right_under_review: int = 0

    @property
    def total(self) -> int:
        return self.right + self.wrong + self.flagged + self.suggested

    @property
    def under_review(self) -> int:
        return self.flagged + self.suggested

    @property
    def accuracy(self) -> float | None:
        """Share right among all scored; flagged values are not right (a person still reads them)."""
        return self.right / self.total if self.total else None

    def add(self, outcome: Outcome, *, confident: bool = False, under_review: bool = False) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)
        if outcome == "wrong" and confident:
            self.confident_wrong += 1
        if outcome == "right" and under_review:
            self.right_under_review += 1


class ReferenceScore(_Model):
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    documents: int = 0

    @property
    def precision(self) -> float | None:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else None

    @property
    def recall(self) -> float | None:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


class DocumentOutcome(_Model):
    file: str
    variant: str
    fields: dict[str, Outcome]
    expected: dict[str, Any] = Field(default_factory=dict)  # truth values of the fields not right
    found: dict[str, Any] = Field(default_factory=dict)  # the record's values of those fields
    confident_wrong: list[str] = Field(default_factory=list)  # wrong fields not in needs_review
    right_under_review: list[str] = Field(default_factory=list)  # right fields still in needs_review
    split: str | None = None
    references: ReferenceScore | None = None
    error: str | None = None


class EvalReport(_Model):
    documents: int
    variants: list[str]  # in order of first appearance, without "all"
    fields: dict[str, dict[str, FieldScore]]  # field → variant (and "all") → score
    references: dict[str, ReferenceScore]  # variant (and "all") → reference counts
    missing: list[str]  # truth files with no record
    per_document: list[DocumentOutcome]


# The `needs_review` name that covers each scored field.
REVIEW_NAMES: dict[str, str] = {
    "doc_type": "doc_type",
    "symbol": "number",
    "number": "number",
    "issue_date": "issue_date",
    "issue_month": "issue_date",
    "issue_year": "issue_date",
    "year": "issue_date",
    "issuer": "issuer",
    "superior": "issuer",
    "place": "place",
    "subject": "subject",
    "signer_name": "signer",
    "signer_title": "signer",
    "signer_capacity": "signer",
}


def name_key(text: str | None) -> str | None:
    """The form names and subjects are compared in."""
    if text is None:
        return None
    key = re.sub(r"\s+", " ", matching_form(text)).strip()
    key = key.rstrip(" .,;:")
    return key or None


def number_key(text: str | None) -> str | None:
    if not text:
        return None
    return re.sub(r"\s+", "", nfc(text)).upper() or None


def symbol_of(number: str | None) -> str | None:
    """ "297/KH-UBND" → "KH-UBND"; "33/2022/NQ-HĐND" → "2022/NQ-HĐND"."""
    key = number_key(number)
    if key is None or "/" not in key:
        return None
    return key.split("/", 1)[1] or None


def _date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _reference_keys(items: Iterable[Any]) -> set[tuple[str, str | None]]:
    keys = set()
    for item in items:
        number = item.get("number") if isinstance(item, dict) else item.number
        date = item.get("date") if isinstance(item, dict) else item.date
        key = number_key(number)
        if key:
            parsed = _date(date)
            keys.add((key, parsed.isoformat() if parsed else None))
    return keys


def _month_of(record: DocumentRecord) -> tuple[int | None, int | None]:
    """(year, month) of the issue date, or of the typed month when the day is not read."""
    if record.issue_date is not None:
        return record.issue_date.year, record.issue_date.month
    if record.issue_month:
        year, month = record.issue_month.split("-")
        return int(year), int(month)
    return None, None


class _Scorer:
    """Scores one record against one truth row."""

    def __init__(self, record: DocumentRecord, row: dict[str, Any]) -> None:
        self.record = record
        self.row = row
        self.outcome = DocumentOutcome(
            file=str(row.get("file")),
            variant=str(row.get("variant", "?")),
            fields={},
            split=str(row["split"]) if row.get("split") else None,
        )

    def judge(
        self, field: str, expected: Any, found: Any, *, handwritten: bool = False, review_name: str | None = None
    ) -> None:
        if found == expected:
            outcome: Outcome = "right"
        else:
            outcome = "wrong"
        if handwritten and review_name and review_name in self.record.needs_review:
            outcome = "suggested" if found == expected and found is not None else "flagged"
        self.outcome.fields[field] = outcome
        if outcome != "right":
            self.outcome.expected[field] = expected
            self.outcome.found[field] = found
        review = self.record.needs_review
        listed = REVIEW_NAMES.get(field, field) in review or field in review
        if outcome == "wrong" and not listed:
            self.outcome.confident_wrong.append(field)
        if outcome == "right" and listed:
            self.outcome.right_under_review.append(field)

    def run(self) -> DocumentOutcome:
        row, record = self.row, self.record
        if "doc_type" in row:
            self.judge("doc_type", number_key(row["doc_type"]), number_key(record.doc_type))
        if "number" in row:
            self.judge("symbol", symbol_of(row["number"]), symbol_of(record.number))
            self.judge(
                "number",
                number_key(row["number"]),
                number_key(record.number),
                handwritten=bool(row.get("number_handwritten")),
                review_name="number",
            )
        if row.get("issue_date"):
            expected = _date(row["issue_date"])
            found = record.issue_date
            day_handwritten = bool(row.get("day_handwritten"))
            self.judge("issue_date", expected, found, handwritten=day_handwritten, review_name="issue_date")
            assert expected is not None
            typed_year, typed_month = _month_of(record)
            self.judge(
                "issue_month",
                expected.month,
                typed_month,
                handwritten=day_handwritten and typed_month is None,
                review_name="issue_date",
            )
            self.judge(
                "issue_year",
                expected.year,
                typed_year,
                handwritten=day_handwritten and typed_year is None,
                review_name="issue_date",
            )
        if "year" in row:
            self.judge("year", row["year"], record.year)
        for field in ("issuer", "superior", "place", "subject"):
            if field in row:
                self.judge(field, name_key(row[field]), name_key(getattr(record, field)))
        signer = row.get("signer")
        if isinstance(signer, dict):
            found_signer = record.signer
            self.judge(
                "signer_name", name_key(signer.get("name")), name_key(found_signer.name if found_signer else None)
            )
            self.judge(
                "signer_title", name_key(signer.get("title")), name_key(found_signer.title if found_signer else None)
            )
            self.judge("signer_capacity", signer.get("capacity"), found_signer.capacity if found_signer else None)
        if "references" in row:
            expected_refs = _reference_keys(row["references"])
            found_refs = _reference_keys(record.references)
            self.outcome.references = ReferenceScore(
                true_positives=len(expected_refs & found_refs),
                false_positives=len(found_refs - expected_refs),
                false_negatives=len(expected_refs - found_refs),
                documents=1,
            )
        self.outcome.error = record.error
        return self.outcome


def _index(records: list[DocumentRecord]) -> Callable[[dict[str, Any]], DocumentRecord | None]:
    by_name = {Path(r.file).name: r for r in records}
    by_path = {r.file: r for r in records}
    by_hash = {r.sha256: r for r in records if r.sha256}

    def find(row: dict[str, Any]) -> DocumentRecord | None:
        file = str(row.get("file", ""))
        return by_path.get(file) or by_name.get(Path(file).name) or by_hash.get(str(row.get("sha256", "")))

    return find


def score_records(records: list[DocumentRecord], truth: list[dict[str, Any]]) -> EvalReport:
    """Compare records with truth rows (matched by file name, then by sha256)."""
    find = _index(records)
    variants: list[str] = []
    fields: dict[str, dict[str, FieldScore]] = {f: {} for f in FIELDS}
    references: dict[str, ReferenceScore] = {}
    missing: list[str] = []
    per_document: list[DocumentOutcome] = []
    for row in truth:
        variant = str(row.get("variant", "?"))
        if variant not in variants:
            variants.append(variant)
        record = find(row)
        if record is None:
            missing.append(str(row.get("file")))
            record = DocumentRecord(file=str(row.get("file")), sha256="", error="no record for this file")
        outcome = _Scorer(record, row).run()
        per_document.append(outcome)
        for field, result in outcome.fields.items():
            confident = field in outcome.confident_wrong
            listed = field in outcome.right_under_review
            for group in (variant, ALL):
                fields[field].setdefault(group, FieldScore()).add(result, confident=confident, under_review=listed)
        if outcome.references is not None:
            for group in (variant, ALL):
                total = references.setdefault(group, ReferenceScore())
                total.true_positives += outcome.references.true_positives
                total.false_positives += outcome.references.false_positives
                total.false_negatives += outcome.references.false_negatives
                total.documents += 1
    return EvalReport(
        documents=len(truth),
        variants=variants,
        fields={f: scores for f, scores in fields.items() if scores},
        references=references,
        missing=missing,
        per_document=per_document,
    )


def splits_of(truth: list[dict[str, Any]]) -> list[str]:
    """The splits named in the truth rows, in order of first appearance ("tuning", "holdout")."""
    found: list[str] = []
    for row in truth:
        split = row.get("split")
        if split and str(split) not in found:
            found.append(str(split))
    return found


def score_by_split(records: list[DocumentRecord], truth: list[dict[str, Any]]) -> dict[str, EvalReport]:
    """One report per split named in the truth (rows without a split are scored under ALL only)."""
    reports = {
        split: score_records(records, [r for r in truth if r.get("split") == split]) for split in splits_of(truth)
    }
    reports[ALL] = score_records(records, truth)
    return reports
