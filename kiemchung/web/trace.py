"""The audit trace: a score → its decisions → its evidence → their documents → the pages, and a check
that each archived original still hashes to the sha256 it is filed under."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.models import DocumentRecord, Evidence
from kiemchung.archive import ArchiveError, ProvenanceRecord
from kiemchung.scorecard import evidence_id as scorecard_evidence_id
from kiemchung.stores import SearchQuery
from kiemchung.web.audit import Correction, Decision
from kiemchung.web.context import WebContext
from kiemchung.web.highlights import evidence_item_id
from kiemchung.web.originals import Verification, verify_original
from kiemchung.web.scorecards import ScoreRow

__all__ = ["Trace", "TracedDocument", "TracedEvidence", "Verification", "build_trace", "verify_original"]


@dataclass
class TracedEvidence:
    id: str
    item: Evidence | None  # None: the id names evidence no longer in the document's latest record
    url: str
    cited_id: str = ""  # how the scorecard's explanation cites it: <sha256[:12]>:<criterion>:<page>:<start>


@dataclass
class TracedDocument:
    sha256: str
    record: DocumentRecord | None
    provenance: list[ProvenanceRecord]
    evidence: list[TracedEvidence] = field(default_factory=list)
    verification: Verification | None = None
    corrections: list[Correction] = field(default_factory=list)  # people's corrections of its metadata

    @property
    def pages(self) -> list[int]:
        return sorted({item.item.page for item in self.evidence if item.item is not None})


@dataclass
class Trace:
    unit: str
    unit_name: str
    year: int
    row: ScoreRow
    decisions: list[Decision]
    documents: list[TracedDocument]
    from_search: bool  # no evidence ids on the score or its decisions: evidence found by search instead


def _evidence_ids_by_search(context: WebContext, unit: str, year: int, criterion: str) -> list[str]:
    result = context.store().search(SearchQuery(criterion=criterion, unit=unit, year=year, target="evidence",
                                                sort="oldest", size=100))  # fmt: skip
    return [hit.id for hit in result.hits]


def build_trace(context: WebContext, row: ScoreRow, unit: str, year: int,
                verified: dict[str, Verification] | None = None) -> Trace:  # fmt: skip
    decisions = context.audit.decisions(unit=unit, year=year, criterion=row.criterion.id, scheme=context.scheme.scheme)
    ids = list(dict.fromkeys([*row.evidence_ids, *(i for d in decisions for i in d.evidence_ids)]))
    from_search = not ids
    if from_search:
        ids = _evidence_ids_by_search(context, unit, year, row.criterion.id)
    documents: dict[str, TracedDocument] = {}
    for evidence_id in ids:
        sha256 = evidence_id.split(":", 1)[0]
        if sha256 not in documents:
            record = context.library.light(sha256)
            try:
                provenance = context.archive.provenance(sha256)
            except ArchiveError:
                provenance = []
            documents[sha256] = TracedDocument(sha256=sha256, record=record, provenance=provenance,
                                               verification=(verified or {}).get(sha256),
                                               corrections=context.audit.corrections(sha256))  # fmt: skip
        document = documents[sha256]
        items = {evidence_item_id(sha256, e): e for e in document.record.evidence} if document.record else {}
        item = items.get(evidence_id)
        url = (f"/documents/{sha256}?page={item.page}&evidence={evidence_id}#trang" if item
               else f"/documents/{sha256}")  # fmt: skip
        cited = scorecard_evidence_id(document.record, item) if document.record and item else ""
        document.evidence.append(TracedEvidence(id=evidence_id, item=item, url=url, cited_id=cited))
    return Trace(unit=unit, unit_name=context.unit_name(unit), year=year, row=row, decisions=decisions,
                 documents=list(documents.values()), from_search=from_search)  # fmt: skip
