"""The ground truth of one generated file: one JSON object per line of `truth.jsonl`.

The first keys are those of the real fixtures' truth (shared/realdocs/truth.jsonl), in the same
conventions as `kiemchung extract --json`: doc_type abbreviation (CV for a công văn), number with
spaces removed, issuer and superior in normal case, ISO dates. The rest is what the generator knows.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from samples.generator.spec import DocumentSpec, Mark


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TruthSigner(_Model):
    name: str
    title: str  # normal case: "Phó Chủ tịch"
    capacity: str | None  # the capacity line nearest the signer: "KT." under "TM. ỦY BAN NHÂN DÂN"


class TruthReference(_Model):
    number: str
    doc_type: str | None  # None for a law ("06/2022/QH15" carries no type)
    date: dt.date


class TruthMark(_Model):
    """A stamp or mark on the page that is NOT one of the document's fields."""

    kind: Literal["arrival", "signature", "copy", "urgent", "gazette"]
    text: str
    number: str | None = None  # arrival: the receiver's registry number
    date: dt.date | None = None  # arrival: the day received
    time: dt.datetime | None = None  # signature / copy: when signed or copied


class TruthRow(_Model):
    file: str
    variant: str
    doc_type: str
    number: str
    number_handwritten: bool
    issuer: str
    superior: str | None
    issue_date: dt.date
    day_handwritten: bool
    subject: str
    sha256: str
    kind: str  # the generator's kind: "plan.cchc", "report.cchc", "unrelated.award"…
    place: str
    signer: TruthSigner
    recipients: list[str]  # as printed after "Nơi nhận:", without the dash and closing ; or .
    references: list[TruthReference]  # documents cited in the text before the signer (not annexes)
    pages: int | None  # None for an office file
    scanned_pages: list[int]  # 1-based pages that are images only (or image + stale OCR layer)
    signer_page: int | None  # page of the signer block (the fields of the decision proper end there)
    unit: str  # id of the appraised unit: "<province>.<unit>"
    year: int  # the year the document counts for (plan/report year, else the issue year)
    criteria: list[str]  # default-scheme criterion ids it is evidence for; [] for unrelated documents
    facts: dict[str, Any]
    marks: list[TruthMark]


def truth_row(
    spec: DocumentSpec,
    *,
    file: str,
    variant: str,
    sha256: str,
    pages: int | None,
    scanned_pages: list[int],
    signer_page: int | None,
    marks: list[Mark],
) -> TruthRow:
    return TruthRow(
        file=file,
        variant=variant,
        doc_type=spec.doc_type,
        number=spec.number,
        number_handwritten=spec.number_blank,
        issuer=spec.agency.issuer,
        superior=spec.agency.superior,
        issue_date=spec.issue_date,
        day_handwritten=spec.day_blank,
        subject=spec.subject,
        sha256=sha256,
        kind=spec.kind,
        place=spec.agency.place,
        signer=TruthSigner(name=spec.signer.name, title=spec.signer.title, capacity=spec.signer.capacity),
        recipients=list(spec.recipients),
        references=[TruthReference(number=c.number, doc_type=c.doc_type, date=c.date) for c in spec.citations],
        pages=pages,
        scanned_pages=scanned_pages,
        signer_page=signer_page,
        unit=spec.agency.unit,
        year=spec.year,
        criteria=list(spec.criteria),
        facts=dict(spec.facts),
        marks=[TruthMark(kind=m.kind, text=m.text, number=m.number, date=m.date, time=m.time) for m in marks],
    )


def write_truth(rows: list[TruthRow], path: Path) -> None:
    path.write_text("".join(row.model_dump_json() + "\n" for row in rows), encoding="utf-8")


def read_truth(path: Path) -> list[TruthRow]:
    return [TruthRow.model_validate_json(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
