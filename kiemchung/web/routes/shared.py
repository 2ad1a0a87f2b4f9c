"""Per-app caches and lookups used by both the pages and the JSON API."""

from __future__ import annotations

from fastapi import HTTPException, Request

from kiemchung.i18n import _
from kiemchung.web.context import WebContext
from kiemchung.web.scorecards import ProposalCache, ScorecardUnavailable, ScoreRow, scorecard_view
from kiemchung.web.search_view import PickerCache


def search_pickers(request: Request) -> PickerCache:
    state = request.app.state
    if not hasattr(state, "pickers"):
        state.pickers = PickerCache()
    pickers: PickerCache = state.pickers
    return pickers


def proposal_cache(request: Request) -> ProposalCache:
    state = request.app.state
    if not hasattr(state, "proposals"):
        state.proposals = ProposalCache()
    proposals: ProposalCache = state.proposals
    return proposals


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
