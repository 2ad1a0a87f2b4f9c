"""Evidence tagging: which rubric criteria a document proves, where it says so, and the facts that count.

The document's type and subject (trích yếu) decide the criterion — "KH … cải cách hành chính năm
2024" is the annual plan, 1.1.1 — the way an appraiser files it; the body gives the facts (tasks
done, units inspected) through the scheme's sentence patterns. Every rule, phrase, pattern and
deadline comes from the rubric scheme; this module only knows how to apply them.

Pure: a record (and a scheme) in, evidence out. The default scheme is loaded once and cached.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from core.models import DocumentRecord, Evidence
from core.rubric import (
    Criterion,
    EvidenceRule,
    FactCount,
    OnTime,
    PeriodicReports,
    PhraseTest,
    Ratio,
    Scheme,
    ThresholdShare,
    default_scheme,
    resolve_deadline,
)
from extractors.doc_types import type_of_name, type_of_symbol
from extractors.facts import (
    FactMatch,
    PageForms,
    PatternSpec,
    clause_span,
    covered_year,
    extract_pattern_facts,
    folded_form,
    page_forms,
    reporting_period,
)
from extractors.list_counts import CountedList, count_annex_rows, count_named_items, count_section_items
from extractors.phrases import PhraseFinder, PhraseHit, syllable_tokens

# How much a rule's confidence is lowered when the tagger had to work from less than the record's
# own fields, or matched only after removing diacritics.
_INFERRED_TYPE = 0.9
_TITLE_BLOCK_SUBJECT = 0.85
_FOLDED_ONLY = 0.9
_SEGMENTER_DISAGREES = 0.97

_SUBJECT_STOP = re.compile(r"^\s*(căn cứ|thực hiện|kính gửi|theo|xét|_{3,}|-{3,}|—)", re.IGNORECASE)
_BODY_START = re.compile(r"^\s*(căn cứ|kính gửi)", re.IGNORECASE)
_LETTER_SUBJECT = re.compile(r"^\s*v/v\b[:.]?\s*", re.IGNORECASE)

# NĐ30 practice: a plan is issued by a decision ("Quyết định ban hành Kế hoạch kiểm tra …", the plan
# attached after it) and a report is sent under a letter ("V/v báo cáo kết quả …", the report
# attached). Such a document is the carried document's evidence: it is also read as a KH or BC whose
# subject is what follows. Matched on the folded subject (same length as the subject as read).
_CARRIERS: tuple[tuple[frozenset[str], re.Pattern[str], str], ...] = (
    (frozenset({"QĐ"}), re.compile(r"^\W*(?:ve viec\s+)?(?:ban hanh|phe duyet)\s+(?=ke hoach\b)"), "KH"),
    (frozenset({"CV"}), re.compile(r"^\W*(?:v/v\W*)?(?:gui\s+|nop\s+)?(?=bao cao\b)"), "BC"),
)
_CARRIED = 0.95  # evidence read through the document that issues or sends it


@dataclass
class _CompiledScheme:
    scheme: Scheme
    rules: list[tuple[Criterion, EvidenceRule]]
    finder: PhraseFinder


_compiled_cache: dict[int, tuple[Scheme, _CompiledScheme]] = {}
_compile_lock = threading.Lock()


def _compiled(scheme: Scheme) -> _CompiledScheme:
    """The scheme's rules and phrase matchers, built once per scheme object (tagging runs in threads)."""
    with _compile_lock:
        cached = _compiled_cache.get(id(scheme))
        if cached is not None and cached[0] is scheme:
            return cached[1]
        rules = [(node, rule) for node in scheme.walk() for rule in node.evidence]
        phrases = [p for _, rule in rules for p in (*rule.subject.phrases(), *rule.body.phrases())]
        compiled = _CompiledScheme(scheme, rules, PhraseFinder(phrases))
        _compiled_cache[id(scheme)] = (scheme, compiled)
        return compiled


@dataclass(frozen=True)
class _Subject:
    text: str
    from_record: bool  # False: read from the title block of page 1
    page: int | None = None  # where it was read, when from the title block
    start: int = 0
    doc_type: str | None = None  # the type the title block shows ("KẾ HOẠCH" → KH, "V/v" → CV)


def _doc_type(record: DocumentRecord) -> tuple[str | None, bool]:
    """The record's type, else the one its number's symbol names; and whether it was inferred."""
    if record.doc_type:
        return record.doc_type, False
    if record.number:
        inferred = type_of_symbol(record.number)
        if inferred:
            return inferred, True
    return None, False


def _title_block(record: DocumentRecord) -> _Subject | None:
    """The trích yếu as printed under the type title (or after "V/v"), when the record has no subject."""
    if not record.pages:
        return None
    text = record.pages[0].text
    lines = list(re.finditer(r"[^\n]+", text))
    for index, line in enumerate(lines[:40]):
        letter = _LETTER_SUBJECT.match(line.group(0))
        if letter is None and type_of_name(line.group(0).strip()) is None:
            continue
        start = line.start() + letter.end() if letter else None
        block = [] if letter is None else [line]
        for following in lines[index + 1 : index + 5]:
            # The subject's first line may itself start with "Thực hiện …"; later such lines start the body.
            if _SUBJECT_STOP.match(following.group(0)) and (block or _BODY_START.match(following.group(0))):
                break
            block.append(following)
        if not block:
            continue
        begin = start if start is not None else block[0].start()
        shown_type = "CV" if letter else type_of_name(line.group(0).strip())
        return _Subject(text[begin : block[-1].end()], False, 1, begin, shown_type)
    return None


def _passes(test: PhraseTest, hits: dict[str, list[PhraseHit]]) -> tuple[bool, list[PhraseHit]]:
    """Whether a text passes a phrase test, and the hits of the phrases it required."""
    used: list[PhraseHit] = []
    for entry in test.all_of:
        options = [entry] if isinstance(entry, str) else entry
        found = [hit for option in options for hit in hits.get(PhraseFinder.key(option), [])]
        if not found:
            return False, []
        used.append(min(found, key=lambda h: h.start))
    if any(hits.get(PhraseFinder.key(p)) for p in test.none_of):
        return False, []
    return True, used


def _match_quality(hits: Sequence[PhraseHit]) -> float:
    factor = 1.0
    if any(not hit.exact for hit in hits):
        factor *= _FOLDED_ONLY
    if any(not hit.words for hit in hits):
        factor *= _SEGMENTER_DISAGREES
    return factor


@dataclass
class _Document:
    """What the rules look at, computed once per document and only when a rule needs it."""

    record: DocumentRecord
    compiled: _CompiledScheme
    _forms: list[PageForms] | None = None
    _body_hits: dict[str, list[tuple[int, PhraseHit]]] | None = None
    _subject_spans: dict[str, tuple[int, int, int] | None] = field(default_factory=dict)
    _counts: dict[tuple[object, ...], CountedList | None] = field(default_factory=dict)

    @property
    def page_forms(self) -> list[PageForms]:
        if self._forms is None:
            self._forms = [page_forms(page.page, page.text) for page in self.record.pages]
        return self._forms

    def body_hits(self) -> dict[str, list[tuple[int, PhraseHit]]]:
        if self._body_hits is None:
            merged: dict[str, list[tuple[int, PhraseHit]]] = {}
            for page in self.record.pages:
                for phrase, hits in self.compiled.finder.find(page.text, words=False).items():
                    merged.setdefault(phrase, []).extend((page.page, hit) for hit in hits)
            self._body_hits = merged
        return self._body_hits

    def subject_span(self, subject: _Subject) -> tuple[int, int, int] | None:
        """Where the subject is printed: (page, start, end), found by its folded syllables."""
        if subject.text not in self._subject_spans:
            self._subject_spans[subject.text] = self._find_subject(subject)
        return self._subject_spans[subject.text]

    def _find_subject(self, subject: _Subject) -> tuple[int, int, int] | None:
        if subject.page is not None:
            return subject.page, subject.start, subject.start + len(subject.text)
        wanted_form = folded_form(subject.text)
        wanted = [wanted_form[t.start : t.end] for t in syllable_tokens(wanted_form)]
        if not wanted:
            return None
        for forms in self.page_forms[:3]:
            page_number, folded = forms.page, forms.folded
            tokens = syllable_tokens(folded)
            texts = [folded[t.start : t.end] for t in tokens]
            for size in (len(wanted), min(len(wanted), 6)):
                for index in range(len(texts) - size + 1):
                    if texts[index : index + size] == wanted[:size]:
                        return page_number, tokens[index].start, tokens[index + size - 1].end
        return None

    def count(self, spec: FactCount) -> CountedList | None:
        """A fact counted from the layout (annex rows before the body's list), computed once."""
        key = (spec.items, tuple(spec.headings), tuple(spec.annexes), tuple(spec.names), tuple(spec.not_under))
        if key not in self._counts:
            found: CountedList | None = None
            if spec.items == "section":
                found = count_annex_rows(self.page_forms, spec.annexes) if spec.annexes else None
                if found is None and spec.headings:
                    found = count_section_items(self.page_forms, spec.headings)
            else:
                found = count_named_items(self.page_forms, spec.names, spec.not_under, spec.headings)
            self._counts[key] = found
        return self._counts[key]


def _body_passes(test: PhraseTest, document: _Document) -> tuple[bool, list[PhraseHit]]:
    if test.empty:
        return True, []
    hits = {phrase: [hit for _, hit in found] for phrase, found in document.body_hits().items()}
    return _passes(test, hits)


def _period_deadline(scoring: PeriodicReports, period: str | None, year: int) -> dt.date | None:
    if period is None:
        return None
    for candidate in scoring.periods:
        if period == candidate.name or period in candidate.aliases:
            return resolve_deadline(candidate.deadline, year)
    return None


def _rule_facts(
    criterion: Criterion, rule: EvidenceRule, document: _Document, subject: _Subject | None, doc_type: str | None
) -> tuple[dict[str, Any], FactMatch | None]:
    record = document.record
    specs = [PatternSpec(p.pattern, tuple(p.doc_types), p.aggregate, p.at_most) for p in rule.facts]
    found, anchor = extract_pattern_facts(specs, document.page_forms, doc_type) if specs else ({}, None)
    facts: dict[str, Any] = dict(found)
    for count in rule.counts:
        if count.fact in facts:
            continue  # a sentence that states the figure beats counting
        counted = document.count(count)
        if counted is not None:
            facts[count.fact] = counted.count
            facts[f"{count.fact}_source"] = counted.source()
            anchor = anchor or FactMatch(counted.page, counted.start, counted.end, exact=True)
    year = covered_year(subject.text) if subject else None
    if rule.year_fact and year is not None:
        facts[rule.year_fact] = year
    period = reporting_period(subject.text) if rule.period and subject else None
    if period is not None:
        facts["period"] = period
    scoring = criterion.scoring
    if isinstance(scoring, Ratio) and isinstance(facts.get(scoring.done), int | float):
        planned = facts.get(scoring.planned)
        if isinstance(planned, int | float) and planned > 0:
            facts["ratio"] = round(facts[scoring.done] / planned, 4)
    if isinstance(scoring, Ratio) and "ratio" not in facts and isinstance(facts.get("tasks_percent"), int | float):
        facts["ratio"] = round(facts["tasks_percent"] / 100, 4)
    if isinstance(scoring, ThresholdShare):
        part, whole = facts.get(scoring.part), facts.get(scoring.whole)
        if isinstance(part, int | float) and isinstance(whole, int | float) and whole > 0:
            facts["share"] = round(part / whole, 4)
    deadline: dt.date | None = None
    if year is not None and isinstance(scoring, OnTime):
        deadline = resolve_deadline(scoring.deadline, year)
    if year is not None and isinstance(scoring, PeriodicReports):
        deadline = _period_deadline(scoring, period, year)
    if deadline is not None:
        facts["deadline"] = deadline.isoformat()
        if record.issue_date is not None:
            facts["on_time"] = record.issue_date <= deadline
    return facts, anchor


def _evidence_for_rule(
    criterion: Criterion,
    rule: EvidenceRule,
    document: _Document,
    subject: _Subject | None,
    subject_hits: dict[str, list[PhraseHit]],
    doc_type: str | None,
    type_inferred: bool,
) -> Evidence | None:
    if rule.doc_types and doc_type not in rule.doc_types:
        return None
    used: list[PhraseHit] = []
    if not rule.subject.empty:
        if subject is None:
            return None
        ok, used = _passes(rule.subject, subject_hits)
        if not ok:
            return None
    ok, body_used = _body_passes(rule.body, document)
    if not ok:
        return None
    if rule.subject.empty and rule.body.empty and not rule.require_facts:
        return None  # a rule that tests nothing would tag every document of its type
    facts, fact_anchor = _rule_facts(criterion, rule, document, subject, doc_type)
    if any(name not in facts for name in rule.require_facts):
        return None
    confidence = rule.confidence * _match_quality(used + body_used)
    if type_inferred:
        confidence *= _INFERRED_TYPE
    if subject is not None and not subject.from_record:
        confidence *= _TITLE_BLOCK_SUBJECT
    span = _anchor(rule, document, subject, fact_anchor)
    if span is None:
        return None
    page_number, start, end = span
    page_text = next(page.text for page in document.record.pages if page.page == page_number)
    scheme = document.compiled.scheme
    return Evidence(
        criterion=criterion.id,
        page=page_number,
        start=start,
        end=end,
        quote=page_text[start:end],
        facts=facts,
        rule=f"{criterion.id}/{rule.id}",
        confidence=round(confidence, 3),
        scheme=scheme.scheme,
        scheme_version=scheme.version,
    )


def _anchor(
    rule: EvidenceRule, document: _Document, subject: _Subject | None, fact_anchor: FactMatch | None
) -> tuple[int, int, int] | None:
    """Where the quote comes from: the sentence with the deciding figures, or the printed subject."""
    pages = {page.page: page.text for page in document.record.pages}
    if rule.anchor == "facts" and fact_anchor is not None:
        if fact_anchor.exact:
            return fact_anchor.page, fact_anchor.start, fact_anchor.end
        start, end = clause_span(pages[fact_anchor.page], fact_anchor.start, fact_anchor.end)
        return fact_anchor.page, start, end
    if subject is not None:
        span = document.subject_span(subject)
        if span is not None:
            return span
    if fact_anchor is not None:
        start, end = clause_span(pages[fact_anchor.page], fact_anchor.start, fact_anchor.end)
        return fact_anchor.page, start, end
    # The subject is not printed where we can find it: quote the first required phrase in the body.
    for entry in rule.subject.all_of + rule.body.all_of:
        for option in [entry] if isinstance(entry, str) else entry:
            found = document.body_hits().get(PhraseFinder.key(option))
            if found:
                page, hit = found[0]
                return page, hit.start, hit.end
    return None


def _carried(doc_type: str | None, subject: _Subject | None) -> tuple[str, _Subject] | None:
    """The plan a decision issues or the report a letter sends: its type and its subject."""
    if doc_type is None or subject is None:
        return None
    folded = folded_form(subject.text)
    for carriers, prefix, carried_type in _CARRIERS:
        match = prefix.match(folded) if doc_type in carriers else None
        if match is not None:
            start = subject.start + match.end() if subject.page is not None else 0
            return carried_type, _Subject(
                subject.text[match.end() :], subject.from_record, subject.page, start, carried_type
            )
    return None


def tag_document(record: DocumentRecord, scheme: Scheme | None = None) -> list[Evidence]:
    """The evidence a document gives for the criteria of `scheme` (the default scheme if None):
    at most one item per criterion, the most confident rule's. A decision that issues a plan, or a
    letter that sends a report, is also read as the plan or report it carries."""
    if not record.pages:
        return []
    compiled = _compiled(scheme or default_scheme())
    doc_type, type_inferred = _doc_type(record)
    # A subject that is only the type's title ("KẾ HOẠCH") is no subject: read the title block instead.
    own_subject = record.subject if record.subject and type_of_name(record.subject.strip()) is None else None
    subject = _Subject(own_subject, True) if own_subject else _title_block(record)
    if doc_type is None and subject is not None and subject.doc_type is not None:
        doc_type, type_inferred = subject.doc_type, True
    document = _Document(record, compiled)
    views: list[tuple[str | None, _Subject | None, float]] = [(doc_type, subject, 1.0)]
    carried = _carried(doc_type, subject)
    if carried is not None:
        views.append((carried[0], carried[1], _CARRIED))
    best: dict[str, Evidence] = {}
    for view_type, view_subject, factor in views:
        subject_hits = compiled.finder.find(view_subject.text) if view_subject else {}
        for criterion, rule in compiled.rules:
            evidence = _evidence_for_rule(
                criterion, rule, document, view_subject, subject_hits, view_type, type_inferred
            )
            if evidence is None:
                continue
            if factor != 1.0:
                evidence = evidence.model_copy(update={"confidence": round(evidence.confidence * factor, 3)})
            current = best.get(criterion.id)
            if current is None or evidence.confidence > current.confidence:
                best[criterion.id] = evidence
    order = {node.id: index for index, node in enumerate(compiled.scheme.walk())}
    return sorted(best.values(), key=lambda e: order[e.criterion])


def tag_record(record: DocumentRecord) -> DocumentRecord:
    """A copy of `record` with its evidence (default scheme), its unit and its year filled in.

    A unit already set (by the source that fetched the file) is kept."""
    from extractors.attribution import attribute_unit, attribute_year

    evidence = tag_document(record)
    unit = record.unit or attribute_unit(record)
    year = attribute_year(record, evidence)
    update: dict[str, object] = {"evidence": evidence, "unit": unit, "year": year}
    doubt = "subject" in record.needs_review and "year" not in record.needs_review
    if year is not None and doubt and not _year_named(record, evidence):
        # the year fell back to the issue date because the subject names none, but the subject is
        # itself in doubt (a stamp over its last line took "… xuất sắc năm 2024"): so is the year
        update["needs_review"] = [*record.needs_review, "year"]
        update["field_sources"] = {
            **record.field_sources,
            "year": "the issue year: the subject, in doubt, may have named another",
        }
    return record.model_copy(update=update)


def _year_named(record: DocumentRecord, evidence: list[Evidence]) -> bool:
    """Does the evidence (a plan or report year) or the subject name the year the document counts for?"""
    from extractors.attribution import YEAR_FACTS
    from extractors.facts import covered_year

    if any(isinstance(item.facts.get(name), int) for item in evidence for name in YEAR_FACTS):
        return True
    return bool(record.subject) and covered_year(record.subject or "") is not None
