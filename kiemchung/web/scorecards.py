"""The scorecard page's data: the proposed scorecard (`kiemchung.scorecard`) with the decisions in force.

The proposal is computed by `kiemchung.scorecard.build_scorecard` from the unit's records of the
year; this module only finds those records (through the store, then the archive), adapts the
result to what the page shows, and lays the decision log over it. Proposals are kept per set of
records (sha256s), so a page view after a decision does not recompute them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import Field

from core.models import DocumentRecord, Model
from core.rubric import Band, Criterion, Scheme
from kiemchung import i18n
from kiemchung.i18n import _
from kiemchung.scorecard import build_scorecard
from kiemchung.stores import SearchQuery
from kiemchung.stores.documents import evidence_id
from kiemchung.web.audit import Decision
from kiemchung.web.context import WebContext

DOCUMENTS_PAGE = 100


class ScorecardUnavailable(RuntimeError):
    """The scoring module cannot give a proposal (not installed, or failed); one line."""


class ProposalDocument(Model):
    sha256: str
    number: str | None
    signature: str
    needs_review: list[str] = Field(default_factory=list)


class Proposal(Model):
    """What the scorecard proposes for one criterion."""

    criterion: str
    points: float | None
    max_points: float | None
    explanation: str = ""
    evidence_ids: list[str] = Field(default_factory=list)  # the stores' ids (`stores.documents.evidence_id`)
    cited_ids: list[str] = Field(default_factory=list)  # as the explanation cites them (scorecard's short ids)
    missing: list[str] = Field(default_factory=list)
    status: str | None = None  # met, partial, late, missing, unclear, survey, group
    # the documents behind the proposal: number, PDF signature status, fields a person must check
    documents: list[ProposalDocument] = Field(default_factory=list)


@dataclass
class ScoreRow:
    criterion: Criterion
    proposal: Proposal | None
    decision: Decision | None
    scored: bool  # a leaf with a scoring rule: the one kind of row an appraiser decides

    @property
    def points_in_force(self) -> float | None:
        if self.decision is not None:
            return self.decision.new_points
        return self.proposal.points if self.proposal else None

    @property
    def evidence_ids(self) -> list[str]:
        return self.proposal.evidence_ids if self.proposal else []


@dataclass
class Subtotal:
    """An area's (or group's) points over the criteria of it that are scored here."""

    proposed: float
    in_force: float
    listed_max: float  # the maximum of those criteria
    max_points: float | None  # the area's maximum in the scheme (may be more: survey, unlisted criteria)


def band_for(scheme: Scheme, total: float) -> Band | None:
    """The scheme's rating band a total falls in (bands are scheme data: `bands:` in the YAML)."""
    reached = [band for band in scheme.bands if total >= band.at_least]
    return max(reached, key=lambda band: band.at_least) if reached else None


@dataclass
class ScorecardView:
    unit: str
    unit_name: str
    year: int
    scheme: Scheme
    rows: list[ScoreRow]
    documents: int

    @property
    def proposed_total(self) -> float:
        return sum(row.proposal.points or 0 for row in self.rows if row.scored and row.proposal)

    @property
    def total_in_force(self) -> float:
        return sum(row.points_in_force or 0 for row in self.rows if row.scored)

    @property
    def max_total(self) -> float:
        """The maximum of the criteria scored here from documents."""
        return sum(row.criterion.max_points or 0 for row in self.rows if row.scored)

    @property
    def scheme_max(self) -> float:
        """The scheme's maximum: its areas' points (100 for the PAR Index)."""
        return sum(area.max_points or 0 for area in self.scheme.areas)

    @property
    def not_scored_here(self) -> float:
        """Points of the scheme no document decides here: surveys and criteria the scheme does not list."""
        return max(0.0, self.scheme_max - self.max_total)

    @property
    def band(self) -> Band | None:
        """The band of the total after appraisal, counting nothing for the points not scored here."""
        return band_for(self.scheme, self.total_in_force)

    @property
    def best_band(self) -> Band | None:
        """The band the unit would reach with every point not scored here."""
        return band_for(self.scheme, self.total_in_force + self.not_scored_here)

    def subtotal(self, criterion: Criterion) -> Subtotal:
        ids = {node.id for node in _descendants(criterion)}
        rows = [row for row in self.rows if row.scored and row.criterion.id in ids]
        return Subtotal(
            proposed=sum(row.proposal.points or 0 for row in rows if row.proposal),
            in_force=sum(row.points_in_force or 0 for row in rows),
            listed_max=sum(row.criterion.max_points or 0 for row in rows),
            max_points=criterion.max_points,
        )

    @property
    def areas(self) -> list[tuple[Criterion, Subtotal]]:
        return [(area, self.subtotal(area)) for area in self.scheme.areas]

    def row(self, criterion_id: str) -> ScoreRow | None:
        return next((row for row in self.rows if row.criterion.id == criterion_id), None)


def _descendants(node: Criterion) -> list[Criterion]:
    found = [node]
    for child in node.criteria:
        found.extend(_descendants(child))
    return found


def unit_year_sha256s(context: WebContext, unit: str, year: int) -> list[str]:
    """The documents the store attributes to a unit and year (paged through the store's window)."""
    found: list[str] = []
    page = 1
    while True:
        result = context.store().search(
            SearchQuery(target="documents", unit=unit, year=year, sort="oldest", page=page, size=DOCUMENTS_PAGE)
        )
        found.extend(hit.sha256 for hit in result.hits)
        if len(result.hits) < DOCUMENTS_PAGE or page * DOCUMENTS_PAGE >= min(result.total, 10_000):
            return sorted(set(found))
        page += 1


def unit_year_records(context: WebContext, unit: str, year: int) -> Iterator[DocumentRecord]:
    for sha256 in unit_year_sha256s(context, unit, year):
        record = context.library.light(sha256)
        if record is not None:
            yield record


def _proposals_from_scoring(records: list[DocumentRecord], scheme: Scheme, unit: str, year: int) -> list[Proposal]:
    """Adapter over `kiemchung.scorecard.build_scorecard`: its lines,
    with each evidence reference also named by the store's evidence id (used by search, decisions,
    exports and the trace)."""
    try:
        card = build_scorecard(records, scheme, unit, year)
    except Exception as error:
        raise ScorecardUnavailable(_("the scorecard could not be computed: {error}").format(error=error)) from None
    return [
        Proposal(
            criterion=line.criterion,
            points=line.proposed_points,
            max_points=line.max_points,
            explanation=line.explanation,
            evidence_ids=[
                evidence_id(ref.sha256, line.criterion, ref.page, ref.start, ref.end, ref.rule) for ref in line.evidence
            ],
            cited_ids=[ref.id for ref in line.evidence],
            missing=list(line.missing),
            status=line.status,
            documents=list(
                {
                    ref.sha256: ProposalDocument(
                        sha256=ref.sha256, number=ref.number, signature=ref.signature, needs_review=ref.needs_review
                    )
                    for ref in line.evidence
                }.values()
            ),
        )
        for line in card.lines
    ]


class ProposalCache:
    """Proposals per (scheme, version, unit, year, documents, language): a decision does not change
    them; their explanations are in the language of the request."""

    def __init__(self, size: int = 64) -> None:
        self._lock = threading.Lock()
        self._items: OrderedDict[tuple[str, ...], list[Proposal]] = OrderedDict()
        self.size = size

    def get(self, context: WebContext, unit: str, year: int) -> tuple[list[Proposal], int]:
        sha256s = unit_year_sha256s(context, unit, year)
        key = (context.scheme.scheme, context.scheme.version, unit, str(year), i18n.current_language(), *sha256s)
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key], len(sha256s)
        records = [r for r in (context.library.light(sha) for sha in sha256s) if r is not None]
        proposals = _proposals_from_scoring(records, context.scheme, unit, year)
        with self._lock:
            self._items[key] = proposals
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return proposals, len(sha256s)


def scorecard_view(context: WebContext, proposals: ProposalCache, unit: str, year: int) -> ScorecardView:
    found, documents = proposals.get(context, unit, year)
    by_criterion = {proposal.criterion: proposal for proposal in found}
    decisions = context.audit.latest_by_criterion(unit, year, context.scheme.scheme)
    rows = [
        ScoreRow(
            criterion=node,
            proposal=by_criterion.get(node.id),
            decision=decisions.get(node.id),
            scored=node.scoring is not None and not node.survey,
        )
        for node in context.scheme.walk()
    ]
    return ScorecardView(unit=unit, unit_name=context.unit_name(unit), year=year, scheme=context.scheme, rows=rows,
                         documents=documents)  # fmt: skip
