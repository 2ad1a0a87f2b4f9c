"""Find and fix metadata: the review list (fields to check, no unit) and a document's corrections
(form, history). A correction is logged on the audit chain and the document indexed again."""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from kiemchung.i18n import _
from kiemchung.stores import StoreError
from kiemchung.web.audit import DecisionError
from kiemchung.web.corrections import CORRECTABLE_FIELDS, CorrectionError, correct, current_value
from kiemchung.web.labels import DOC_TYPE_LABELS
from kiemchung.web.review import ReviewFilter
from kiemchung.web.routes.shared import forget_document, review_queue
from kiemchung.web.security import Context, CurrentUser, DecidingUser, require_csrf
from kiemchung.web.templating import render

router = APIRouter(include_in_schema=False)
Sha256 = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")]
PAGE_SIZE = 50
_FIELD = re.compile(r"^[a-z_]{1,20}$")


@router.get("/review", response_class=HTMLResponse)
async def review(request: Request, context: Context, user: CurrentUser, show: ReviewFilter = "all",
                 page: Annotated[int, Query(ge=1)] = 1) -> Response:  # fmt: skip
    items = await run_in_threadpool(review_queue(request).items, context, show)
    pages = max(1, -(-len(items) // PAGE_SIZE))
    shown = items[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    return render(request, "review.html", {"items": shown, "total": len(items), "show": show, "page": page,
                                           "pages": pages, "unit_name": context.unit_name})  # fmt: skip


def _units(context: Context) -> list[tuple[str, str]]:
    return sorted(((unit.id, unit.name) for registry in context.registries for unit in registry.units),
                  key=lambda pair: pair[0])  # fmt: skip


@router.get("/documents/{sha256}/corrections", response_class=HTMLResponse)
def corrections_page(request: Request, context: Context, user: CurrentUser, sha256: Sha256,
                     field: str | None = None) -> Response:  # fmt: skip
    return _page(request, context, sha256, field=field)


def _page(request: Request, context: Context, sha256: str, *, field: str | None = None, error: str | None = None,
          status_code: int = 200) -> Response:  # fmt: skip
    record = context.library.light(sha256)
    if record is None:
        raise HTTPException(404, _("The archive has no such document or page."))
    rows = [
        {"field": name, "label": _(label), "value": current_value(record, name),
         "source": record.field_sources.get(name), "review": name in record.needs_review}
        for name, label in CORRECTABLE_FIELDS.items()
    ]  # fmt: skip
    values = {"record": record, "rows": rows, "history": context.audit.corrections(sha256), "error": error,
              "selected": field if field in CORRECTABLE_FIELDS else "unit", "units": _units(context),
              "doc_types": DOC_TYPE_LABELS, "notice": request.query_params.get("done"),
              "unit_name": context.unit_name(record.unit)}  # fmt: skip
    return render(request, "corrections.html", values, status_code=status_code)


@router.post("/documents/{sha256}/corrections", dependencies=[Depends(require_csrf)])
def add_correction(
    request: Request,
    context: Context,
    user: DecidingUser,
    sha256: Sha256,
    field: Annotated[str, Form(max_length=20)],
    value: Annotated[str, Form(max_length=1000)] = "",
    reason: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    original = context.archive.get_record(sha256) if _FIELD.fullmatch(field) else None
    if original is None:
        raise HTTPException(404, _("The archive has no such document or page."))
    try:
        correct(audit=context.audit, store=context.store(), registries=context.registries, original=original,
                field=field, value=value, reason=reason, user=user.name, role=user.role)  # fmt: skip
    except (CorrectionError, DecisionError, StoreError) as error:
        return _page(request, context, sha256, field=field, error=str(error), status_code=400)
    finally:
        forget_document(request, context, sha256)
    done = _("Correction recorded and the document indexed again.")
    return RedirectResponse(f"/documents/{sha256}/corrections?{urlencode({'done': done})}", status_code=303)
