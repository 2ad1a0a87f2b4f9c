"""The proposed scorecard of one unit for one year: per criterion, the evidence, the points it
supports with a one-line reason, and what is missing.

Proposals, not decisions: an appraiser confirms or changes each line. Every reason names the
documents and the evidence ids (`<sha256[:12]>:<criterion>:<page>:<start>`) it rests on, so a
person can open the page and check the quote. Pure: records and a scheme in, a Scorecard out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from core.models import DocumentRecord, Evidence
from core.rubric import (
    CountAtLeast,
    Criterion,
    Issued,
    OnTime,
    PeriodicReports,
    Ratio,
    Scheme,
    Survey,
    ThresholdShare,
    resolve_deadline,
)
from kiemchung import i18n
from kiemchung.i18n import N_, _, ngettext
from kiemchung.web.labels import fact_label

LineStatus = Literal["met", "partial", "late", "missing", "unclear", "survey", "group"]

# Explanations are in the reader's language (`kiemchung.i18n`: Vietnamese unless a request asks for English).
_DOCUMENT_WORDS = {
    "KH": N_("plan"), "BC": N_("report"), "QĐ": N_("decision"), "TB": N_("notice"), "CV": N_("letter"),
    "CTr": N_("programme"),
}  # fmt: skip
_DOCUMENT_NAMES = {"KH": N_("Plan"), "BC": N_("Report"), "QĐ": N_("Decision"), "TB": N_("Notice"),
                   "CV": N_("Official letter")}  # fmt: skip


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EvidenceRef(_Model):
    """One evidence item with the document it is in: enough to open the page and read the quote."""

    id: str  # "<sha256[:12]>:<criterion>:<page>:<start>"
    sha256: str
    file: str
    doc_type: str | None
    number: str | None
    issue_date: dt.date | None
    page: int
    start: int
    end: int
    quote: str
    facts: dict[str, Any]
    rule: str
    confidence: float
    signature: str = "unsigned"  # the document's PDF signature status (valid, untrusted, modified, …)
    needs_review: list[str] = Field(default_factory=list)  # the document's fields a person must check


class CriterionLine(_Model):
    criterion: str
    name: str
    depth: int  # 0 for an area
    max_points: float | None
    proposed_points: float | None  # None: not self-scored (survey) or nothing to propose
    status: LineStatus
    explanation: str  # one line, naming the evidence ids it rests on
    evidence: list[EvidenceRef] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)


class Scorecard(_Model):
    unit: str
    year: int
    scheme: str
    scheme_version: str
    basis: str
    documents: int  # documents of the unit and year that were read
    lines: list[CriterionLine]
    proposed_total: float
    self_scored_max: float
    survey_max: float


def evidence_id(record: DocumentRecord, evidence: Evidence) -> str:
    return f"{record.sha256[:12]}:{evidence.criterion}:{evidence.page}:{evidence.start}"


def _ref(record: DocumentRecord, evidence: Evidence) -> EvidenceRef:
    return EvidenceRef(
        id=evidence_id(record, evidence),
        sha256=record.sha256,
        file=record.file,
        doc_type=record.doc_type,
        number=record.number,
        issue_date=record.issue_date,
        page=evidence.page,
        start=evidence.start,
        end=evidence.end,
        quote=evidence.quote,
        facts=dict(evidence.facts),
        rule=evidence.rule,
        confidence=evidence.confidence,
        signature=record.signature.status,
        needs_review=list(record.needs_review),
    )


def _date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else _("an unreadable date")


def _label(ref: EvidenceRef) -> str:
    """ "plan 297/KH-UBND" — what a person would call the document."""
    word = _(_DOCUMENT_WORDS.get(ref.doc_type or "", N_("document")))
    return f"{word} {ref.number or Path(ref.file).name}"


def _points(value: float) -> str:
    return i18n.number(value, 2)


def _percent(value: float) -> str:
    return i18n.percent(value)


def _cite(refs: Sequence[EvidenceRef]) -> str:
    return " [" + ", ".join(ref.id for ref in refs) + "]" if refs else ""


def _wanted(criterion: Criterion) -> str:
    """What kind of document would prove the criterion, for "no … found"."""
    types = [t for rule in criterion.evidence for t in rule.doc_types]
    name = _(_DOCUMENT_NAMES[types[0]]) if types and types[0] in _DOCUMENT_NAMES else (types[0] if types else "")
    return _("{document} for {id} ({name})").format(document=name or _("document"), id=criterion.id,
                                                    name=i18n.named(criterion))  # fmt: skip


# ── one function per kind of scoring rule ───────────────────────────────────────────────────────


Proposal = tuple[float | None, LineStatus, str, list[str], list[EvidenceRef]]


def _nothing(criterion: Criterion) -> Proposal:
    missing = _("no {what} found").format(what=_wanted(criterion))
    return 0, "missing", f"{missing} → 0/{_points(criterion.max_points or 0)}", [missing], []


def _on_time(criterion: Criterion, rule: OnTime, refs: list[EvidenceRef], year: int) -> Proposal:
    full = criterion.max_points or 0
    deadline = resolve_deadline(rule.deadline, year)
    if not refs:
        return _nothing(criterion)
    dated = [r for r in refs if r.issue_date is not None]
    if not dated:
        ref = refs[0]
        return (
            None,
            "unclear",
            _("{document}: issue date unreadable, deadline {deadline} → check by hand").format(
                document=_label(ref), deadline=_date(deadline)
            )
            + _cite([ref]),
            [],
            [ref],
        )
    ref = min(dated, key=lambda r: r.issue_date or dt.date.max)
    assert ref.issue_date is not None
    values = {
        "document": _label(ref),
        "date": _date(ref.issue_date),
        "deadline": _date(deadline),
        "full": _points(full),
    }
    if ref.issue_date <= deadline:
        text = _("{document} issued {date}, deadline {deadline} → on time → {points}/{full}").format(
            points=_points(full), **values
        )
        return full, "met", text + _cite([ref]), [], [ref]
    text = _("{document} issued {date}, deadline {deadline} → late → {points}/{full}").format(
        points=_points(rule.late_points), **values
    )
    return rule.late_points, "late", text + _cite([ref]), [], [ref]


def _number(facts: dict[str, Any], name: str) -> float | None:
    value = facts.get(name)
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _period_rank(ref: EvidenceRef) -> tuple[int, dt.date]:
    order = {"năm": 4, "9 tháng": 3, "quý III": 3, "6 tháng": 2, "quý II": 2, "quý I": 1}
    return order.get(str(ref.facts.get("period")), 0), ref.issue_date or dt.date.min


def _ratio(criterion: Criterion, rule: Ratio, refs: list[EvidenceRef], year: int) -> Proposal:
    full = criterion.max_points or 0
    with_figures = [r for r in refs if _number(r.facts, rule.done) is not None and _number(r.facts, rule.planned)]
    if not with_figures:
        if refs:
            text = _("{document} found but it states no figures of {done}/{planned} → check by hand").format(
                document=_label(refs[0]), done=fact_label(rule.done), planned=fact_label(rule.planned)
            )
            missing = _("no completion figures for {id}").format(id=criterion.id)
            return 0, "unclear", text + _cite(refs[:1]), [missing], refs[:1]
        return _nothing(criterion)
    # The annual report decides; before it exists, the latest period's report.
    ref = max(with_figures, key=_period_rank)
    done, planned = _number(ref.facts, rule.done), _number(ref.facts, rule.planned)
    assert done is not None and planned
    ratio = done / planned
    period = f" ({ref.facts['period']} {year})" if ref.facts.get("period") else ""
    figures = f"{_label(ref)}{period}: {_points(done)}/{_points(planned)} = {_percent(ratio)}"
    if ratio >= rule.full_at:
        text = f"{figures} ≥ {_percent(rule.full_at)} → {_points(full)}/{_points(full)}"
        return full, "met", text + _cite([ref]), [], [ref]
    if ratio >= rule.proportional_from:
        points = round(full * ratio, 2)
        text = _("{figures} ≥ {threshold} → proportional → {points}/{full}").format(
            figures=figures, threshold=_percent(rule.proportional_from), points=_points(points), full=_points(full)
        )
        return points, "partial", text + _cite([ref]), [], [ref]
    text = f"{figures} < {_percent(rule.proportional_from)} → 0/{_points(full)}"
    return 0, "partial", text + _cite([ref]), [], [ref]


def _periodic(criterion: Criterion, rule: PeriodicReports, refs: list[EvidenceRef], year: int) -> Proposal:
    full = criterion.max_points or 0
    share = full / len(rule.periods)
    points = 0.0
    parts: list[str] = []
    missing: list[str] = []
    used: list[EvidenceRef] = []
    late = 0
    for period in rule.periods:
        names = {period.name, *period.aliases}
        candidates = [r for r in refs if r.facts.get("period") in names]
        deadline = resolve_deadline(period.deadline, year)
        if not candidates:
            parts.append(_("{period}: missing").format(period=i18n.named(period)))
            missing.append(_("no report for {period} found").format(period=i18n.named(period)))
            continue
        ref = min(candidates, key=lambda r: r.issue_date or dt.date.max)
        used.append(ref)
        number = ref.number or _("report")
        if ref.issue_date is None:
            parts.append(_("{period}: {number} date unreadable").format(period=i18n.named(period), number=number))
            continue
        if ref.issue_date <= deadline:
            points += share
            parts.append(
                _("{period}: {number} {date} on time").format(
                    period=i18n.named(period), number=number, date=_date(ref.issue_date)
                )
            )
        else:
            late += 1
            points += share * rule.late_share
            parts.append(
                _("{period}: {number} {date} late (deadline {deadline})").format(
                    period=i18n.named(period), number=number, date=_date(ref.issue_date), deadline=_date(deadline)
                )
            )
    points = round(points, 2)
    if not used:
        status: LineStatus = "missing"
    elif missing or late:
        status = "late" if late and not missing else "partial"
    else:
        status = "met"
    return points, status, f"{'; '.join(parts)} → {_points(points)}/{_points(full)}{_cite(used)}", missing, used


def _threshold(criterion: Criterion, rule: ThresholdShare, refs: list[EvidenceRef], year: int) -> Proposal:
    full = criterion.max_points or 0
    results = [r for r in refs if _number(r.facts, rule.part) is not None and _number(r.facts, rule.whole)]
    if not results:
        plans = [r for r in refs if r.doc_type == "KH"]
        if plans:
            text = _("only {document} found; no result of the inspections ({part}) → 0/{full}").format(
                document=_label(plans[0]), part=fact_label(rule.part), full=_points(full)
            )
            missing = _("no inspection result for {id}").format(id=criterion.id)
            return 0, "partial", text + _cite(plans[:1]), [missing], plans[:1]
        return _nothing(criterion)
    best = max(results, key=lambda r: (_number(r.facts, rule.part) or 0) / (_number(r.facts, rule.whole) or 1))
    part, whole = _number(best.facts, rule.part), _number(best.facts, rule.whole)
    assert part is not None and whole
    share = part / whole
    figures = f"{_label(best)}: {_points(part)}/{_points(whole)} = {_percent(share)}"
    if share >= rule.at_least:
        text = f"{figures} ≥ {_percent(rule.at_least)} → {_points(full)}/{_points(full)}{_cite([best])}"
        return full, "met", text, [], [best]
    return 0, "partial", f"{figures} < {_percent(rule.at_least)} → 0/{_points(full)}{_cite([best])}", [], [best]


def _count(criterion: Criterion, rule: CountAtLeast, refs: list[EvidenceRef], year: int) -> Proposal:
    full = criterion.max_points or 0
    if rule.fact is None:
        total = float(len(refs))
        what = _("documents")
    else:
        total = sum(_number(r.facts, rule.fact) or 0 for r in refs)
        what = fact_label(rule.fact)
    if not refs:
        return _nothing(criterion)
    labels = ", ".join(_label(r) for r in refs)
    if total >= rule.at_least:
        return (
            full,
            "met",
            (
                f"{labels}: {_points(total)} {what} ≥ {_points(rule.at_least)} → "
                f"{_points(full)}/{_points(full)}{_cite(refs)}"
            ),
            [],
            refs,
        )
    text = f"{labels}: {_points(total)} {what} < {_points(rule.at_least)} → 0/{_points(full)}{_cite(refs)}"
    return 0, "partial", text, [], refs


def _issued(criterion: Criterion, rule: Issued, refs: list[EvidenceRef], year: int) -> Proposal:
    full = criterion.max_points or 0
    if not refs:
        return _nothing(criterion)
    ref = min(refs, key=lambda r: r.issue_date or dt.date.max)
    return (
        full,
        "met",
        _("{document} issued {date} → {points}/{full}").format(
            document=_label(ref), date=_date(ref.issue_date), points=_points(full), full=_points(full)
        )
        + _cite([ref]),
        [],
        [ref],
    )


_SCORERS: dict[type, Callable[[Criterion, Any, list[EvidenceRef], int], Proposal]] = {
    OnTime: _on_time,
    Ratio: _ratio,
    PeriodicReports: _periodic,
    ThresholdShare: _threshold,
    CountAtLeast: _count,
    Issued: _issued,
}


# ── the card ────────────────────────────────────────────────────────────────────────────────────


def _scheme_evidence(record: DocumentRecord, scheme: Scheme) -> list[Evidence]:
    """The record's evidence under `scheme`: kept if it was tagged with it, re-tagged otherwise."""
    if record.evidence and all(
        e.scheme == scheme.scheme and e.scheme_version == scheme.version for e in record.evidence
    ):
        return list(record.evidence)
    from extractors.tagger import tag_document

    return tag_document(record, scheme)


def _belongs(record: DocumentRecord, unit: str, year: int, evidence: Sequence[Evidence]) -> bool:
    from extractors.attribution import attribute_unit, attribute_year

    record_unit = record.unit or attribute_unit(record)
    record_year = attribute_year(record, evidence) if evidence else (record.year or attribute_year(record, []))
    return record_unit == unit and record_year == year


def build_scorecard(records: Iterable[DocumentRecord], scheme: Scheme, unit: str, year: int) -> Scorecard:
    """Propose points for `unit` in `year` from the documents' evidence under `scheme`."""
    by_criterion: dict[str, list[EvidenceRef]] = {}
    documents = 0
    for record in records:
        if record.error and not record.pages:
            continue
        evidence = _scheme_evidence(record, scheme)
        if not _belongs(record, unit, year, evidence):
            continue
        documents += 1
        for item in evidence:
            by_criterion.setdefault(item.criterion, []).append(_ref(record, item))
    lines: list[CriterionLine] = []

    def line_for(node: Criterion) -> CriterionLine:
        refs = sorted(by_criterion.get(node.id, []), key=lambda r: (r.issue_date or dt.date.max, r.id))

        def make(
            points: float | None, status: LineStatus, text: str, evidence: list[EvidenceRef], missing: list[str]
        ) -> CriterionLine:
            return CriterionLine(
                criterion=node.id,
                name=i18n.named(node),
                depth=node.depth,
                max_points=node.max_points,
                proposed_points=points,
                status=status,
                explanation=text,
                evidence=evidence,
                missing=missing,
            )

        if isinstance(node.scoring, Survey):
            return make(None, "survey", _("scored by survey, not self-assessed: no document evidence"), [], [])
        if node.scoring is not None:
            points, status, text, missing, used = _SCORERS[type(node.scoring)](node, node.scoring, refs, year)
            return make(points, status, text, used + [r for r in refs if r not in used], missing)
        if refs:
            note = ngettext(
                "{n} document about the area as a whole", "{n} documents about the area as a whole", len(refs)
            ).format(n=len(refs)) + _cite(refs)
        else:
            note = "" if node.criteria else _("no document-scored criteria in this scheme")
        return make(None, "group", note, refs, [])

    def visit(node: Criterion) -> float:
        line = line_for(node)
        lines.append(line)
        if node.criteria:
            total = sum(visit(child) for child in node.criteria)
            line.proposed_points = round(total, 2)
            listed = sum(c.max_points or 0 for c in node.criteria if not c.survey)
            head = _("sum of the self-scored criteria listed: {total}/{listed}").format(
                total=_points(total), listed=_points(listed)
            )
            line.explanation = f"{head}; {line.explanation}" if line.explanation else head
            return total
        return line.proposed_points or 0

    total = round(sum(visit(area) for area in scheme.areas), 2)
    survey_max = sum(n.max_points or 0 for n in scheme.walk() if n.survey)
    return Scorecard(
        unit=unit,
        year=year,
        scheme=scheme.scheme,
        scheme_version=scheme.version,
        basis=scheme.basis,
        documents=documents,
        lines=lines,
        proposed_total=total,
        self_scored_max=scheme.self_scored_max,
        survey_max=survey_max,
    )
