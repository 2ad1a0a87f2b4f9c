"""An appraiser's decision on a proposed score: checked against the scorecard, then logged."""

from __future__ import annotations

from kiemchung.i18n import _
from kiemchung.web.audit import Decision, DecisionError, NewDecision
from kiemchung.web.context import WebContext
from kiemchung.web.labels import role_label
from kiemchung.web.scorecards import ProposalCache, scorecard_view
from kiemchung.web.users import User


def parse_points(text: str) -> float:
    """ "0,5" or "0.5" → 0.5 (appraisers type the Vietnamese decimal comma)."""
    cleaned = text.strip().replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        raise DecisionError(_("points must be a number, not “{value}”").format(value=text)) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise DecisionError(_("points must be a number, not “{value}”").format(value=text))
    return value


def decide(
    context: WebContext,
    proposals: ProposalCache,
    user: User,
    *,
    unit: str,
    year: int,
    criterion: str,
    action: str,
    points: str | float | None = None,
    reason: str = "",
) -> Decision:
    """Accept the proposal, or override it with points and a reason; append it to the decision log."""
    if not user.can_decide:
        raise DecisionError(
            _("{user} ({role}) may not change scores").format(user=user.name, role=role_label(user.role))
        )
    if action not in ("accept", "override"):
        raise DecisionError(_("unknown action “{action}”: accept or override").format(action=action))
    view = scorecard_view(context, proposals, unit, year)
    row = view.row(criterion)
    if row is None or not row.scored:
        raise DecisionError(_("criterion {id} is not scored directly in this scheme").format(id=criterion))
    proposed = row.proposal.points if row.proposal else None
    if action == "accept":
        new_points = proposed if proposed is not None else -1.0
    elif points is None or (isinstance(points, str) and not points.strip()):
        raise DecisionError(_("an override needs the new points"))
    else:
        new_points = parse_points(points) if isinstance(points, str) else float(points)
    if action == "override" and not reason.strip():
        raise DecisionError(_("an override needs a reason"))
    if action == "accept" and proposed is None:
        raise DecisionError(_("there is no proposed score to accept: override it with a reason"))
    return context.audit.append(
        NewDecision(
            unit=unit, year=year, scheme=context.scheme.scheme, scheme_version=context.scheme.version,
            criterion=criterion, action=action,  # type: ignore[arg-type]
            proposed_points=proposed, new_points=new_points, reason=reason, evidence_ids=row.evidence_ids,
        ),
        user=user.name,
        role=user.role,
        max_points=row.criterion.max_points,
    )  # fmt: skip
