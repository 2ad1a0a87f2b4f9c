"""The one query model, result model and store interface shared by every evidence store.

Three kinds of things are indexed per document: the document (number, subject, issuer…), its pages
(text, method) and its evidence items (criterion, quote, span). A search targets one of them:
evidence when a criterion is asked for, pages otherwise, unless `target` says which.

Text matching is diacritic-insensitive (the folded copy must match) and ranks the exact spelling
first when the query carries diacritics; "quoted words" are phrases. Facets count the whole hit set.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Literal, Protocol, runtime_checkable

from pydantic import Field, field_validator, model_validator

from core.models import DocumentRecord, Model, PageMethod, SignatureStatus

SearchTarget = Literal["evidence", "pages", "documents"]
SortOrder = Literal["relevance", "newest", "oldest"]
MAX_WINDOW = 10_000  # page * size may not go past this (Elasticsearch's max_result_window)
FACET_SIZE = 100
_CRITERION = re.compile(r"\d+(\.\d+)*")


class StoreError(Exception):
    """A store could not do what was asked; the message is one line meant for the user."""


def criterion_path(criterion: str) -> list[str]:
    """ "1.1.2" → ["1", "1.1", "1.1.2"]: the criterion and every ancestor, for sub-tree filters."""
    parts = criterion.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


class SearchQuery(Model):
    text: str = ""  # words match without diacritics; "quoted words" are phrases
    criterion: str | None = None  # this criterion and its sub-tree ("1.1" finds "1.1.2")
    unit: str | None = None
    year: int | None = None
    doc_type: str | None = None
    issued_from: dt.date | None = None  # inclusive
    issued_to: dt.date | None = None  # inclusive
    method: PageMethod | None = None  # how the page was read (evidence: its page; documents: any page)
    signature: SignatureStatus | None = None
    target: SearchTarget | None = None  # None: evidence when `criterion` is set, else pages
    sort: SortOrder = "relevance"  # relevance without text = newest
    page: int = Field(default=1, ge=1)
    size: int = Field(default=10, ge=1, le=100)

    @field_validator("criterion")
    @classmethod
    def _criterion_id(cls, value: str | None) -> str | None:
        if value is not None and not _CRITERION.fullmatch(value):
            raise ValueError(f"a criterion id looks like 1, 1.1 or 1.1.2, not {value!r}")
        return value

    @model_validator(mode="after")
    def _window(self) -> SearchQuery:
        if self.page * self.size > MAX_WINDOW:
            raise ValueError(f"page × size may not exceed {MAX_WINDOW}; narrow the search instead")
        if self.issued_from and self.issued_to and self.issued_from > self.issued_to:
            raise ValueError("issued_from is after issued_to")
        return self

    @property
    def resolved_target(self) -> SearchTarget:
        if self.target is not None:
            return self.target
        return "evidence" if self.criterion is not None else "pages"

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size


class SearchHit(Model):
    kind: SearchTarget
    id: str
    sha256: str
    number: str | None = None
    doc_type: str | None = None
    issue_date: dt.date | None = None
    issuer: str | None = None
    subject: str | None = None
    unit: str | None = None
    year: int | None = None
    criterion: str | None = None  # evidence hits only
    page: int | None = None  # evidence and page hits
    snippet: str = ""  # HTML-escaped text with <mark>…</mark> around what matched
    quote: str | None = None  # evidence hits only
    rule: str | None = None  # evidence hits only
    score: float | None = None  # store-specific; only the order means something


class FacetBucket(Model):
    value: str
    count: int


def sort_buckets(pairs: Iterable[tuple[str, int]]) -> list[FacetBucket]:
    """Largest count first, then by value (numbers in numeric order); at most FACET_SIZE buckets."""

    def key(pair: tuple[str, int]) -> tuple[int, int, str]:
        value, count = pair
        return (-count, int(value) if value.isdigit() else 0, value)

    return [FacetBucket(value=value, count=count) for value, count in sorted(pairs, key=key)[:FACET_SIZE]]


class Facets(Model):
    """Counts over every hit (not just this page), largest first. `criterion` counts, for evidence,
    evidence items per criterion; for pages and documents, those that have evidence of it."""

    criterion: list[FacetBucket] = Field(default_factory=list)
    unit: list[FacetBucket] = Field(default_factory=list)
    year: list[FacetBucket] = Field(default_factory=list)
    doc_type: list[FacetBucket] = Field(default_factory=list)


class SearchResult(Model):
    query: SearchQuery
    target: SearchTarget
    total: int
    hits: list[SearchHit]
    facets: Facets


class ItemError(Model):
    """One item the store refused, with its reason (the rest of the batch went in)."""

    id: str
    kind: SearchTarget
    reason: str


class IndexReport(Model):
    documents: int = 0
    pages: int = 0
    evidence: int = 0
    deleted: int = 0  # stale pages/evidence of re-indexed documents
    errors: list[ItemError] = Field(default_factory=list)


class StoreCounts(Model):
    documents: int
    pages: int
    evidence: int


@runtime_checkable
class EvidenceStore(Protocol):
    """What every store does. Writes are idempotent: ids derive from the document's sha256."""

    name: str

    def index_documents(self, records: Iterable[DocumentRecord]) -> IndexReport:
        """Add or replace documents with all their pages and evidence; stale ones are deleted by id."""
        ...

    def delete_documents(self, sha256s: Iterable[str]) -> int:
        """Remove documents with their pages and evidence; returns how many items were deleted."""
        ...

    def rebuild(self, records: Iterable[DocumentRecord]) -> IndexReport:
        """Build a fresh index from `records` beside the live one, then swap it in atomically."""
        ...

    def search(self, query: SearchQuery) -> SearchResult: ...

    def counts(self) -> StoreCounts: ...

    def indexed_sha256s(self) -> set[str]: ...

    def close(self) -> None: ...
