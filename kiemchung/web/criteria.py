"""The rubric tree as navigation: each criterion with how many evidence items prove it or its sub-tree."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.rubric import Criterion, Scheme
from kiemchung.i18n import named
from kiemchung.stores import FacetBucket, criterion_path


@dataclass
class CriterionNode:
    id: str
    name: str
    max_points: float | None
    depth: int
    count: int = 0  # evidence items of this criterion and every criterion under it
    children: list[CriterionNode] = field(default_factory=list)
    selected: bool = False
    open: bool = False  # on the path to the selected criterion


def criterion_tree(scheme: Scheme, counts: list[FacetBucket], selected: str | None = None) -> list[CriterionNode]:
    """The scheme's areas with evidence counts summed up the tree (from a criterion facet)."""
    totals: dict[str, int] = {}
    for bucket in counts:
        for ancestor in criterion_path(bucket.value):
            totals[ancestor] = totals.get(ancestor, 0) + bucket.count
    on_path = set(criterion_path(selected)) if selected else set()

    def node(criterion: Criterion) -> CriterionNode:
        return CriterionNode(
            id=criterion.id,
            name=named(criterion),
            max_points=criterion.max_points,
            depth=criterion.depth,
            count=totals.get(criterion.id, 0),
            children=[node(child) for child in criterion.criteria],
            selected=criterion.id == selected,
            open=criterion.id in on_path,
        )

    return [node(area) for area in scheme.areas]


def criterion_name(scheme: Scheme, criterion_id: str | None) -> str:
    if not criterion_id:
        return ""
    try:
        return named(scheme.criterion(criterion_id))
    except KeyError:
        return criterion_id
