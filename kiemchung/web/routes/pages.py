"""Server-rendered pages: search by criterion, document, scorecard, trace, decision log."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from kiemchung.i18n import _
from kiemchung.stores import SearchQuery, StoreError
from kiemchung.web.audit import DecisionError
from kiemchung.web.chain import last_anchor
from kiemchung.web.decisions import decide
from kiemchung.web.document_view import DocumentNotFound, document_page
from kiemchung.web.errors import validation_message
from kiemchung.web.routes.shared import proposal_cache, score_row, search_pickers
from kiemchung.web.scorecards import ScorecardUnavailable, scorecard_view
from kiemchung.web.search_view import search_page
from kiemchung.web.security import AuditReader, Context, CurrentUser, DecidingUser, require_csrf
from kiemchung.web.templating import render
from kiemchung.web.trace import Trace, Verification, build_trace, verify_original

router = APIRouter(include_in_schema=False)
_SHA256 = re.compile(r"[0-9a-f]{64}")


@router.get("/")
def home(user: CurrentUser) -> Response:
    return RedirectResponse("/search", status_code=303)


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request,
    context: Context,
    user: CurrentUser,
    q: str = "",
    criterion: str | None = None,
    unit: str | None = None,
    year: int | None = None,
    page: Annotated[int, Query(ge=1)] = 1,
) -> Response:
    try:
        query = SearchQuery(text=q, criterion=criterion or None, unit=unit or None, year=year, page=page,
                            size=context.web.results_per_page)  # fmt: skip
    except ValidationError as error:
        raise HTTPException(422, validation_message(error.errors()[0])) from None
    try:
        view = search_page(context, search_pickers(request), query)
    except StoreError as error:
        raise HTTPException(503, _("The search store does not answer: {error}").format(error=error)) from None
    params = {"q": q, "criterion": criterion, "unit": unit, "year": year}
    return render(request, "search.html", {"view": view, "params": params})


@router.get("/documents/{sha256}", response_class=HTMLResponse)
def document(
    request: Request,
    context: Context,
    user: CurrentUser,
    sha256: Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")],
    page: Annotated[int | None, Query(ge=1)] = None,
    evidence: str | None = None,
    q: Annotated[str, Query(max_length=500)] = "",
) -> Response:
    try:
        view = document_page(context, sha256, page, evidence, q)
    except DocumentNotFound:
        raise HTTPException(404, _("The archive has no such document or page.")) from None
    return render(request, "document.html", {"view": view})


@router.get("/scorecard", response_class=HTMLResponse)
def scorecard(
    request: Request, context: Context, user: CurrentUser, unit: str | None = None, year: int | None = None
) -> Response:
    units, years = search_pickers(request).get(context)
    view, problem = None, None
    if unit and year:
        try:
            view = scorecard_view(context, proposal_cache(request), unit, year)
        except ScorecardUnavailable as error:
            problem = str(error)
    return render(request, "scorecard.html", {
        "view": view, "problem": problem, "unit": unit, "year": year,
        "units": [(b.value, context.unit_name(b.value)) for b in sorted(units, key=lambda b: b.value)],
        "years": sorted((b.value for b in years), reverse=True),
        "error": request.query_params.get("error"),
    })  # fmt: skip


@router.post("/scorecard/decisions", dependencies=[Depends(require_csrf)])
def add_decision(
    request: Request,
    context: Context,
    user: DecidingUser,
    unit: Annotated[str, Form()],
    year: Annotated[int, Form()],
    criterion: Annotated[str, Form()],
    action: Annotated[str, Form()],
    points: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
) -> Response:
    back = f"/scorecard?unit={unit}&year={year}"
    try:
        decide(context, proposal_cache(request), user, unit=unit, year=year, criterion=criterion, action=action,
               points=points, reason=reason)  # fmt: skip
    except (DecisionError, ScorecardUnavailable) as error:
        return render(request, "error.html", {"status": 400, "message": str(error), "back": back}, status_code=400)
    return RedirectResponse(f"{back}#tc-{criterion}", status_code=303)


@router.api_route("/trace", methods=["GET", "POST"], response_class=HTMLResponse)
async def trace(request: Request, context: Context, user: CurrentUser, unit: str, year: int,
                criterion: str) -> Response:  # fmt: skip
    """GET shows the trace; POST (the "verify" buttons) re-hashes the chosen originals first."""
    verified: dict[str, Verification] = {}
    if request.method == "POST":
        await require_csrf(request)
        form = await request.form()
        for sha256 in (str(value) for value in form.getlist("sha256")):
            if _SHA256.fullmatch(sha256):
                verified[sha256] = await run_in_threadpool(verify_original, context.archive, sha256)

    def build() -> Trace:
        row = score_row(context, request, unit, year, criterion)
        return build_trace(context, row, unit, year, verified)

    try:
        view = await run_in_threadpool(build)
    except ScorecardUnavailable as error:
        raise HTTPException(503, str(error)) from None
    return render(request, "trace.html", {"view": view})


@router.get("/audit", response_class=HTMLResponse)
def audit_log(request: Request, context: Context, user: AuditReader, unit: str | None = None,
              year: int | None = None) -> Response:  # fmt: skip
    decisions = context.audit.decisions(unit=unit or None, year=year, newest_first=True, limit=500)
    report = context.audit.verify(last_anchor(context.audit.anchor_file))
    corrections = context.audit.corrections()[-500:][::-1]
    return render(request, "audit.html", {"decisions": decisions, "problems": report.problems, "report": report,
                                          "corrections": corrections, "unit": unit, "year": year})  # fmt: skip
