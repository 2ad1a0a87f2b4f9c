"""Per-app caches and lookups used by both the pages and the JSON API."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

from fastapi import HTTPException, Request

from kiemchung.i18n import _
from kiemchung.web.context import WebContext
from kiemchung.web.review import ReviewQueue
from kiemchung.web.scorecards import ProposalCache, ScorecardUnavailable, ScoreRow, scorecard_view
from kiemchung.web.search_view import PickerCache

T = TypeVar("T")


def _per_app(request: Request, name: str, make: Callable[[], T], *, fresh: bool = False) -> T:
    """The app's one `name` (made by `make` when first asked, or anew with `fresh`)."""
    state = request.app.state
    if fresh or not hasattr(state, name):
        setattr(state, name, make())
    return cast(T, getattr(state, name))


def search_pickers(request: Request) -> PickerCache:
    return _per_app(request, "pickers", PickerCache)


def proposal_cache(request: Request) -> ProposalCache:
    return _per_app(request, "proposals", ProposalCache)


def review_queue(request: Request) -> ReviewQueue:
    return _per_app(request, "review_queue", ReviewQueue)


def forget_document(request: Request, context: WebContext, sha256: str) -> None:
    """After a document changed (a correction): what was read before is stale — its record, the
    review list, the proposals and the pickers' units and years."""
    context.library.forget(sha256)
    review_queue(request).forget()
    _per_app(request, "proposals", ProposalCache, fresh=True)
    _per_app(request, "pickers", PickerCache, fresh=True)


def score_row(context: WebContext, request: Request, unit: str, year: int, criterion: str) -> ScoreRow:
    """One criterion's row of the scorecard; without a scorecard module, a row with no proposal
    (the trace still shows decisions and the evidence the store holds)."""
    if not context.scheme.has_criterion(criterion):
        raise HTTPException(
            404, _("No criterion {id} in the scheme {scheme}.").format(id=criterion, scheme=context.scheme.scheme)
        )
    try:
        row = scorecard_view(context, proposal_cache(request), unit, year).row(criterion)
    except ScorecardUnavailable:
        row = None
    if row is None:
        node = context.scheme.criterion(criterion)
        decisions = context.audit.latest_by_criterion(unit, year, context.scheme.scheme)
        row = ScoreRow(criterion=node, proposal=None, decision=decisions.get(criterion),
                       scored=node.scoring is not None and not node.survey)  # fmt: skip
    return row
