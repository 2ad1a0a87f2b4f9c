"""A DocumentRecord as the stores index it: one document, its pages, its evidence items.

Ids derive from the document's sha256, so indexing the same record twice writes the same items:
    document  <sha256>
    page      <sha256>:p00003
    evidence  <sha256>:e00003.000120.<digest of criterion, span and rule>
Page and evidence items carry a summary of their document (unit, year, type, date…) so that each
can be filtered and shown on its own; evidence carries its page's text so text queries reach it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from dataclasses import dataclass
from typing import Any

from core.models import DocumentRecord
from kiemchung.stores.base import criterion_path
from kiemchung.stores.text import TextForms, text_forms

_NO_TEXT = TextForms(text="", exact="", folded="", words="")


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    sha256: str
    number: str | None
    doc_type: str | None
    issuer: str | None
    subject: str | None
    issue_date: dt.date | None
    unit: str | None
    year: int | None
    signature_status: str


@dataclass(frozen=True, slots=True)
class IndexedDocument:
    id: str
    summary: DocumentSummary
    file: str
    signer_name: str | None
    page_count: int
    methods: list[str]
    criteria: list[str]  # criterion ids of its evidence
    criterion_paths: list[str]  # those ids and all their ancestors
    evidence_count: int
    extractor_version: str
    headline: TextForms  # number, subject and issuer: what a document search matches


@dataclass(frozen=True, slots=True)
class IndexedPage:
    id: str
    summary: DocumentSummary
    page: int
    method: str
    confidence: float | None
    text: TextForms
    criteria: list[str]  # criterion ids of the evidence found on this page
    criterion_paths: list[str]


@dataclass(frozen=True, slots=True)
class IndexedEvidence:
    id: str
    summary: DocumentSummary
    criterion: str
    criterion_paths: list[str]
    page: int
    start: int
    end: int
    quote: str
    rule: str
    confidence: float | None
    scheme: str | None
    scheme_version: str | None
    facts: dict[str, Any]
    method: str | None  # how its page was read
    text: TextForms  # its page's text


@dataclass(frozen=True, slots=True)
class IndexedRecord:
    document: IndexedDocument
    pages: list[IndexedPage]
    evidence: list[IndexedEvidence]

    @property
    def item_ids(self) -> set[str]:
        return {item.id for item in self.pages} | {item.id for item in self.evidence}


def page_id(sha256: str, page: int) -> str:
    return f"{sha256}:p{page:05d}"


def evidence_id(sha256: str, criterion: str, page: int, start: int, end: int, rule: str) -> str:
    digest = hashlib.sha256(f"{criterion}|{page}|{start}|{end}|{rule}".encode()).hexdigest()[:12]
    return f"{sha256}:e{page:05d}.{max(start, 0):06d}.{digest}"


def _finite(value: float | None) -> float | None:
    """A NaN or infinite confidence (a mean over no OCR words) is no confidence at all."""
    return value if value is not None and math.isfinite(value) else None


def _paths(criteria: list[str]) -> list[str]:
    return sorted({path for criterion in criteria for path in criterion_path(criterion)})


def summarize(record: DocumentRecord) -> DocumentSummary:
    """What identifies a document wherever it is listed: in the index's items, in the web's lists."""
    return DocumentSummary(
        sha256=record.sha256,
        number=record.number,
        doc_type=record.doc_type,
        issuer=record.issuer,
        subject=record.subject,
        issue_date=record.issue_date,
        unit=record.unit,
        year=record.year,
        signature_status=record.signature.status,
    )


def index_record(record: DocumentRecord) -> IndexedRecord:
    summary = summarize(record)
    forms_by_page = {page.page: text_forms(page.text) for page in record.pages}
    method_by_page = {page.page: page.method for page in record.pages}
    evidence: dict[str, IndexedEvidence] = {}
    for found in record.evidence:
        item_id = evidence_id(record.sha256, found.criterion, found.page, found.start, found.end, found.rule)
        evidence[item_id] = IndexedEvidence(
            id=item_id,
            summary=summary,
            criterion=found.criterion,
            criterion_paths=criterion_path(found.criterion),
            page=found.page,
            start=found.start,
            end=found.end,
            quote=found.quote,
            rule=found.rule,
            confidence=_finite(found.confidence),
            scheme=found.scheme,
            scheme_version=found.scheme_version,
            facts=found.facts,
            method=method_by_page.get(found.page),
            text=forms_by_page.get(found.page, _NO_TEXT),
        )
    criteria_by_page: dict[int, list[str]] = {}
    for indexed in evidence.values():
        criteria_by_page.setdefault(indexed.page, []).append(indexed.criterion)
    pages = {
        page.page: IndexedPage(
            id=page_id(record.sha256, page.page),
            summary=summary,
            page=page.page,
            method=page.method,
            confidence=_finite(page.confidence),
            text=forms_by_page[page.page],
            criteria=sorted(set(criteria_by_page.get(page.page, []))),
            criterion_paths=_paths(criteria_by_page.get(page.page, [])),
        )
        for page in record.pages
    }
    all_criteria = sorted({indexed.criterion for indexed in evidence.values()})
    headline = "\n".join(part for part in (record.number, record.subject, record.issuer) if part)
    document = IndexedDocument(
        id=record.sha256,
        summary=summary,
        file=record.file,
        signer_name=record.signer.name if record.signer else None,
        page_count=record.page_count or len(record.pages),
        methods=sorted({page.method for page in record.pages}),
        criteria=all_criteria,
        criterion_paths=_paths(all_criteria),
        evidence_count=len(evidence),
        extractor_version=record.extractor_version,
        headline=text_forms(headline),
    )
    return IndexedRecord(document=document, pages=list(pages.values()), evidence=list(evidence.values()))
