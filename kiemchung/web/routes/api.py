"""The JSON API (OpenAPI at /api/openapi.json, docs at /api/docs, both behind login)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response, StreamingResponse
from pydantic import Field, ValidationError
from starlette.concurrency import run_in_threadpool

from core.models import DocumentRecord, Evidence, Model, PageMethod, SignatureStatus
from kiemchung.archive import ArchiveError, ProvenanceRecord
from kiemchung.i18n import N_, _, named
from kiemchung.stores import SearchQuery, SearchResult, SearchTarget, StoreError
from kiemchung.stores.base import SortOrder
from kiemchung.web.audit import Decision, DecisionAction, DecisionError
from kiemchung.web.decisions import decide
from kiemchung.web.errors import validation_message
from kiemchung.web.exports import evidence_pack, scorecard_xlsx
from kiemchung.web.highlights import evidence_boxes, evidence_item_id
from kiemchung.web.originals import OriginalTampered, download_type
from kiemchung.web.page_images import PageImageError, page_image
from kiemchung.web.routes.shared import proposal_cache, score_row
from kiemchung.web.scorecards import ScorecardUnavailable, ScoreRow, scorecard_view, unit_year_records
from kiemchung.web.security import AuditReader, Context, CurrentUser, DecidingUser, require_csrf
from kiemchung.web.templating import render
from kiemchung.web.trace import Verification, build_trace, verify_original

router = APIRouter(prefix="/api", tags=["api"])
Sha256 = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$", description=N_("sha256 of the original"))]
_UNIT = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def _unit(unit: str) -> str:
    if not _UNIT.fullmatch(unit):
        raise HTTPException(422, _("Not a unit id: {unit}").format(unit=unit[:80]))
    return unit


# ── models of the answers ───────────────────────────────────────────────────────────────────────


class EvidenceBox(Model):
    x: float
    y: float
    width: float
    height: float


class EvidenceItem(Model):
    id: str
    sha256: str
    evidence: Evidence
    page_width: float
    page_height: float
    # PDF points, origin top-left, on page `evidence.page` as its image is served: as read (a page read
    # turned or straightened is served so, `Page.turned`/`Page.skew`; page_width/page_height are its size so)
    boxes: list[EvidenceBox]
    document_url: str


class DocumentAnswer(Model):
    record: DocumentRecord
    provenance: list[ProvenanceRecord]
    evidence_ids: list[str]


class ScoreAnswer(Model):
    criterion: str
    name: str
    max_points: float | None
    scored: bool
    proposed_points: float | None
    explanation: str
    evidence_ids: list[str]
    missing: list[str]
    points_in_force: float | None
    decision: Decision | None


class ScorecardAnswer(Model):
    unit: str
    year: int
    scheme: str
    scheme_version: str
    documents: int
    proposed_total: float
    total_in_force: float
    max_total: float
    criteria: list[ScoreAnswer]


class DecisionRequest(Model):
    unit: str
    year: int
    criterion: str
    action: DecisionAction
    points: float | None = None
    reason: str = Field(default="", max_length=4000)


class TraceDocument(Model):
    sha256: str
    number: str | None
    issue_date: dt.date | None
    issuer: str | None
    provenance: list[ProvenanceRecord]
    evidence: list[EvidenceItem]
    pages: list[int]
    verification: Verification | None


class TraceAnswer(Model):
    score: ScoreAnswer
    decisions: list[Decision]
    documents: list[TraceDocument]
    evidence_from_search: bool


def _score_answer(row: ScoreRow) -> ScoreAnswer:
    proposal = row.proposal
    return ScoreAnswer(
        criterion=row.criterion.id, name=named(row.criterion), max_points=row.criterion.max_points, scored=row.scored,
        proposed_points=proposal.points if proposal else None, explanation=proposal.explanation if proposal else "",
        evidence_ids=row.evidence_ids, missing=proposal.missing if proposal else [],
        points_in_force=row.points_in_force, decision=row.decision,
    )  # fmt: skip


def _evidence_item(record: DocumentRecord, item: Evidence) -> EvidenceItem:
    item_id = evidence_item_id(record.sha256, item)
    page = next((p for p in record.pages if p.page == item.page), None)
    boxes = evidence_boxes(record.sha256, page, [item], None) if page is not None else []
    return EvidenceItem(
        id=item_id, sha256=record.sha256, evidence=item,
        page_width=page.width if page else 0.0, page_height=page.height if page else 0.0,
        boxes=[EvidenceBox(x=b.x, y=b.y, width=b.width, height=b.height) for b in boxes],
        document_url=f"/documents/{record.sha256}?page={item.page}&evidence={item_id}",
    )  # fmt: skip


# ── OpenAPI behind login ────────────────────────────────────────────────────────────────────────

_TEXT_KEYS = ("summary", "description")


def translated_openapi(schema: dict[str, Any]) -> dict[str, Any]:
    """A copy of the schema with the app's and each operation's summary and description, and each
    parameter's description, in the request's language (they are written as catalog msgids)."""

    def text_of(node: dict[str, Any]) -> dict[str, Any]:
        return {key: _(value) if key in _TEXT_KEYS and isinstance(value, str) and value else value
                for key, value in node.items()}  # fmt: skip

    paths = {
        path: {
            method: {**text_of(operation),
                     "parameters": [text_of(parameter) for parameter in operation.get("parameters", [])]}
            if isinstance(operation, dict) else operation
            for method, operation in operations.items()
        }
        for path, operations in schema.get("paths", {}).items()
    }  # fmt: skip
    for operations in paths.values():
        for operation in operations.values():
            if isinstance(operation, dict) and not operation["parameters"]:
                del operation["parameters"]
    return {**schema, "info": text_of(schema.get("info", {})), "paths": paths}


@router.get("/openapi.json", include_in_schema=False)
def openapi(request: Request, user: CurrentUser) -> JSONResponse:
    """The schema in the reader's language: its summaries and descriptions are catalog messages."""
    return JSONResponse(translated_openapi(request.app.openapi()))


@router.get("/docs", include_in_schema=False)
def docs(request: Request, user: CurrentUser) -> HTMLResponse:
    """Swagger UI from files the app serves itself (`/static/swagger-ui`, from the fastapi-offline
    package): the page's CSP allows nothing from elsewhere."""
    return render(request, "api_docs.html", {})


# ── search and documents ────────────────────────────────────────────────────────────────────────


@router.get(
    "/search",
    response_model=SearchResult,
    summary=N_("Search evidence, pages or documents"),
    description=N_("The store's query model as query parameters; text matches without diacritics."),
)
def search(
    context: Context,
    user: CurrentUser,
    text: str = "",
    criterion: str | None = None,
    unit: str | None = None,
    year: int | None = None,
    doc_type: str | None = None,
    issued_from: dt.date | None = None,
    issued_to: dt.date | None = None,
    method: PageMethod | None = None,
    signature: SignatureStatus | None = None,
    target: SearchTarget | None = None,
    sort: SortOrder = "relevance",
    page: Annotated[int, Query(ge=1)] = 1,
    size: Annotated[int, Query(ge=1, le=100)] = 10,
) -> SearchResult:
    try:
        query = SearchQuery(text=text, criterion=criterion, unit=unit, year=year, doc_type=doc_type,
                            issued_from=issued_from, issued_to=issued_to, method=method, signature=signature,
                            target=target, sort=sort, page=page, size=size)  # fmt: skip
    except ValidationError as error:
        raise HTTPException(422, validation_message(error.errors()[0])) from None
    try:
        return context.store().search(query)
    except StoreError as error:
        raise HTTPException(503, _("The search store does not answer: {error}").format(error=error)) from None


def _record(context: Any, sha256: str) -> DocumentRecord:
    record: DocumentRecord | None = context.library.record(sha256)
    if record is None:
        raise HTTPException(404, _("No document {sha256} in the archive.").format(sha256=sha256))
    return record


@router.get("/documents/{sha256}", response_model=DocumentAnswer, summary=N_("A document's extraction record"))
def get_document(context: Context, user: CurrentUser, sha256: Sha256) -> DocumentAnswer:
    record = _record(context, sha256)
    return DocumentAnswer(record=record, provenance=context.archive.provenance(sha256),
                          evidence_ids=[evidence_item_id(sha256, item) for item in record.evidence])  # fmt: skip


@router.get("/documents/{sha256}/evidence", response_model=list[EvidenceItem], summary=N_("A document's evidence"))
def document_evidence(context: Context, user: CurrentUser, sha256: Sha256) -> list[EvidenceItem]:
    record = _record(context, sha256)
    return [_evidence_item(record, item) for item in record.evidence]


@router.get("/evidence/{evidence_id}", response_model=EvidenceItem, summary=N_("One evidence item with its boxes"))
def get_evidence(context: Context, user: CurrentUser,
                 evidence_id: Annotated[str, Path(pattern=r"^[0-9a-f]{64}:e[0-9.a-f]+$")]) -> EvidenceItem:  # fmt: skip
    record = _record(context, evidence_id.split(":", 1)[0])
    for item in record.evidence:
        if evidence_item_id(record.sha256, item) == evidence_id:
            return _evidence_item(record, item)
    raise HTTPException(404, _("No evidence {id}.").format(id=evidence_id))


@router.get(
    "/documents/{sha256}/pages/{page}/image",
    response_class=FileResponse,
    summary=N_("A page of the original as PNG (cached)"),
    responses={200: {"content": {"image/png": {}}}},
)
def page_png(context: Context, user: CurrentUser, sha256: Sha256, page: Annotated[int, Path(ge=1)]) -> Response:
    record = context.library.light(sha256)
    read = next((p for p in record.pages if p.page == page), None) if record is not None else None
    # shown upright and straight, as it was read and as its boxes are
    turned, skew = (read.turned, read.skew) if read is not None else (0, 0.0)
    try:
        context.originals.path(sha256)  # a tampered original is not shown (nor rendered into the cache)
        path = page_image(context.archive, context.page_cache_dir, sha256, page, context.web.page_dpi, turned, skew)
    except OriginalTampered as error:
        raise HTTPException(409, str(error)) from None
    except PageImageError as error:
        raise HTTPException(404, str(error)) from None
    return FileResponse(path, media_type="image/png", headers={"Cache-Control": "private, max-age=86400"})


@router.get("/documents/{sha256}/original", response_class=FileResponse, summary=N_("Download the original"),
            responses={200: {"content": {"application/pdf": {}}}})  # fmt: skip
def original(context: Context, user: CurrentUser, sha256: Sha256) -> Response:
    record = context.library.light(sha256)
    name = (record.number or "van-ban").replace("/", "-") if record else "van-ban"
    try:
        path = context.originals.path(sha256)  # re-hashed: a tampered original is not served
        if path is not None:
            with path.open("rb") as handle:
                suffix, media_type = download_type(handle.read(2048))
            return FileResponse(path, media_type=media_type, filename=f"{name}-{sha256[:12]}{suffix}")
        data = context.originals.data(sha256)
    except OriginalTampered as error:
        raise HTTPException(409, str(error)) from None
    except ArchiveError:
        raise HTTPException(404, _("No original {sha256} in the archive.").format(sha256=sha256)) from None
    suffix, media_type = download_type(data[:2048])
    disposition = f'attachment; filename="{name}-{sha256[:12]}{suffix}"'
    return Response(data, media_type=media_type, headers={"Content-Disposition": disposition})


@router.post("/documents/{sha256}/verify", response_model=Verification, dependencies=[Depends(require_csrf)],
             summary=N_("Re-hash the archived original"))  # fmt: skip
def verify(context: Context, user: CurrentUser, sha256: Sha256) -> Verification:
    return verify_original(context.archive, sha256)


# ── scorecard, decisions, trace ─────────────────────────────────────────────────────────────────


@router.get("/scorecard", response_model=ScorecardAnswer, summary=N_("Proposed scorecard with decisions in force"))
def get_scorecard(request: Request, context: Context, user: CurrentUser, unit: str, year: int) -> ScorecardAnswer:
    try:
        view = scorecard_view(context, proposal_cache(request), _unit(unit), year)
    except ScorecardUnavailable as error:
        raise HTTPException(503, str(error)) from None
    return ScorecardAnswer(
        unit=unit, year=year, scheme=view.scheme.scheme, scheme_version=view.scheme.version,
        documents=view.documents, proposed_total=view.proposed_total, total_in_force=view.total_in_force,
        max_total=view.max_total, criteria=[_score_answer(row) for row in view.rows],
    )  # fmt: skip


@router.get("/decisions", response_model=list[Decision], summary=N_("The decision log (auditors, admins)"))
def list_decisions(context: Context, user: AuditReader, unit: str | None = None, year: int | None = None,
                   criterion: str | None = None) -> list[Decision]:  # fmt: skip
    return context.audit.decisions(unit=unit, year=year, criterion=criterion)


@router.post("/decisions", response_model=Decision, status_code=201, dependencies=[Depends(require_csrf)],
             summary=N_("Accept or override a proposed score (appraisers, admins)"))  # fmt: skip
def post_decision(request: Request, context: Context, user: DecidingUser, body: DecisionRequest) -> Decision:
    try:
        return decide(context, proposal_cache(request), user, unit=_unit(body.unit), year=body.year,
                      criterion=body.criterion, action=body.action, points=body.points, reason=body.reason)  # fmt: skip
    except DecisionError as error:
        raise HTTPException(400, str(error)) from None
    except ScorecardUnavailable as error:
        raise HTTPException(503, str(error)) from None


@router.get("/trace", response_model=TraceAnswer, summary=N_("Score → decisions → evidence → documents → pages"))
def get_trace(request: Request, context: Context, user: CurrentUser, unit: str, year: int, criterion: str,
              verify: bool = False) -> TraceAnswer:  # fmt: skip
    row = score_row(context, request, _unit(unit), year, criterion)
    trace = build_trace(context, row, unit, year)
    documents = []
    for document in trace.documents:
        record = document.record
        items = [_evidence_item(record, e.item) for e in document.evidence if record is not None and e.item]
        documents.append(TraceDocument(
            sha256=document.sha256, number=record.number if record else None,
            issue_date=record.issue_date if record else None, issuer=record.issuer if record else None,
            provenance=document.provenance, evidence=items, pages=document.pages,
            verification=verify_original(context.archive, document.sha256) if verify else None,
        ))  # fmt: skip
    return TraceAnswer(score=_score_answer(row), decisions=trace.decisions, documents=documents,
                       evidence_from_search=trace.from_search)  # fmt: skip


# ── exports ─────────────────────────────────────────────────────────────────────────────────────


@router.get("/exports/evidence-pack", summary=N_("ZIP of originals + manifest.csv for a unit and year (streamed)"),
            responses={200: {"content": {"application/zip": {}}}})  # fmt: skip
async def export_evidence_pack(context: Context, user: CurrentUser, unit: str, year: int) -> StreamingResponse:
    unit = _unit(unit)
    records = await run_in_threadpool(lambda: list(unit_year_records(context, unit, year)))
    filename = f"ho-so-kiem-chung-{unit}-{year}.zip"
    return StreamingResponse(evidence_pack(context.archive, records, context.scheme), media_type="application/zip",
                             headers={"Content-Disposition": f'attachment; filename="{filename}"'})  # fmt: skip


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/exports/scorecard.xlsx", summary=N_("The scorecard with decisions as XLSX"),
            responses={200: {"content": {XLSX_TYPE: {}}}})  # fmt: skip
def export_scorecard(request: Request, context: Context, user: CurrentUser, unit: str, year: int) -> Response:
    try:
        view = scorecard_view(context, proposal_cache(request), _unit(unit), year)
    except ScorecardUnavailable as error:
        raise HTTPException(503, str(error)) from None
    return Response(
        scorecard_xlsx(view, base_url=str(request.base_url).rstrip("/")),
        media_type=XLSX_TYPE,
        headers={"Content-Disposition": f'attachment; filename="bang-diem-{unit}-{year}.xlsx"'},
    )
