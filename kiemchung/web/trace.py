"""The audit trace: a score → its decisions → its evidence → their documents → the pages, and a check
that each archived original still hashes to the sha256 it is filed under."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from core.models import DocumentRecord, Evidence, Model
from kiemchung.archive import Archive, ArchiveError, ProvenanceRecord
from kiemchung.i18n import _
from kiemchung.scorecard import evidence_id as scorecard_evidence_id
from kiemchung.stores import SearchQuery
from kiemchung.web.audit import Correction, Decision
from kiemchung.web.context import WebContext
from kiemchung.web.highlights import evidence_item_id
from kiemchung.web.scorecards import ScoreRow

_CHUNK = 1 << 20


class Verification(Model):
    sha256: str
    ok: bool
    actual: str | None  # what the archived bytes hash to now; None if they cannot be read
    detail: str
    checked_at: dt.datetime


def verify_original(archive: Archive, sha256: str) -> Verification:
    """Re-hash the archived original now (streaming from disk where the archive keeps a file)."""
    now = dt.datetime.now(dt.UTC)
    try:
        path = archive.original_path(sha256)
        if path is not None:
            digest = hashlib.sha256()
            with path.open("rb") as original:
                while chunk := original.read(_CHUNK):
                    digest.update(chunk)
            actual = digest.hexdigest()
        else:
            actual = hashlib.sha256(archive.read_original(sha256)).hexdigest()
    except (ArchiveError, OSError) as error:
        detail = _("the original cannot be read: {error}").format(error=error)
        return Verification(sha256=sha256, ok=False, actual=None, detail=detail, checked_at=now)
    if actual == sha256:
        return Verification(sha256=sha256, ok=True, actual=actual, detail=_("the hash matches"), checked_at=now)
    detail = _("the hash does NOT match: the file was changed")
    return Verification(sha256=sha256, ok=False, actual=actual, detail=detail, checked_at=now)


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
