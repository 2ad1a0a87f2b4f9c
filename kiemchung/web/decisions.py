"""An appraiser's decision on a proposed score: checked against the scorecard, then logged."""

from __future__ import annotations

from kiemchung.web.audit import Decision, DecisionError, NewDecision
from kiemchung.web.context import WebContext
from kiemchung.web.scorecards import ProposalCache, scorecard_view
from kiemchung.web.users import User


def parse_points(text: str) -> float:
    """ "0,5" or "0.5" → 0.5 (appraisers type the Vietnamese decimal comma)."""
    cleaned = text.strip().replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        raise DecisionError(f"điểm phải là một số, không phải {text!r}") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise DecisionError(f"điểm phải là một số, không phải {text!r}")
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
        raise DecisionError(f"{user.name} ({user.role}) may not change scores")
    if action not in ("accept", "override"):
        raise DecisionError(f"unknown action {action!r}: accept or override")
    view = scorecard_view(context, proposals, unit, year)
    row = view.row(criterion)
    if row is None or not row.scored:
        raise DecisionError(f"tiêu chí {criterion} không được chấm điểm trực tiếp trong bộ tiêu chí này")
    proposed = row.proposal.points if row.proposal else None
    if action == "accept":
        new_points = proposed if proposed is not None else -1.0
    elif points is None or (isinstance(points, str) and not points.strip()):
        raise DecisionError("điều chỉnh cần số điểm mới")
    else:
        new_points = parse_points(points) if isinstance(points, str) else float(points)
    if action == "override" and not reason.strip():
        raise DecisionError("điều chỉnh cần ghi lý do")
    if action == "accept" and proposed is None:
        raise DecisionError("không có điểm đề xuất để chấp nhận: hãy điều chỉnh và ghi lý do")
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
