"""Facts that decide points, read from a document's text: counts, ratios, the year and period covered.

Sentence patterns come from the rubric scheme ("hoàn thành {tasks_done}/{tasks_planned} nhiệm vụ");
they are compiled to regular expressions over the folded, lower-case text, which has the same length
as the text as read, so every match is also a span of the original page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from extractors.dates import parse_vietnamese_dates
from extractors.normalize import fold, matching_form

Number = int | float
FactValue = int | float | str

_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)(?::(number|text))?\}")
_TEMPLATE_PART = re.compile(r"\{[a-z_][a-z0-9_]*(?::(?:number|text))?\}|…|\.\.\.|\s+|\w+|[^\w\s]")
_TEXT_VALUE = r"[^\W\d_][^.;:]{0,80}?"  # a few words, ended by the pattern's next literal
_TEXT_VALUE_LAST = r"[^\W\d_][^.;:,\n]{0,80}"  # …or by the end of the clause
_NUMBER = r"\d+(?:[.,]\d+)*"
_GAP = r"[^.;!?]{0,160}?"  # a few words inside one clause
# A figure and the word after it share a phrase: one space or a line wrap, never a table's column gap
# ("1    Phòng Tư pháp" is a row number and a unit, not "1 phòng").
_AFTER_NUMBER = r"(?:[ \t]{1,2}(?![ \t])|[ \t]*\n[ \t]*)"


def aligned_matching_form(text: str) -> str:
    """`matching_form`, guaranteed to have the length of `text` (a rare letter whose lower case is
    longer, like "İ", is kept as is), so that offsets carry over."""
    form = matching_form(text)
    if len(form) == len(text):
        return form
    return "".join(low if len(low := c.lower()) == 1 else c for c in text)


def folded_form(text: str) -> str:
    """Folded matching form: lower case, no diacritics, đ→d; same length as `text`."""
    return fold(aligned_matching_form(text))


@lru_cache(maxsize=512)
def compile_fact_pattern(template: str) -> re.Pattern[str]:
    """ "hoàn thành {tasks_done}/{tasks_planned} nhiệm vụ" → a regex over folded text with one named
    group per placeholder: `{name}` is a number, `{name:text}` a few words. Spaces match any run of
    white space (line wraps included), optional spaces are allowed around punctuation, and "…" skips
    up to a clause."""
    parts: list[str] = []
    folded = fold(matching_form(template))
    tokens = _TEMPLATE_PART.findall(folded)
    for index, token in enumerate(tokens):
        placeholder = _PLACEHOLDER.fullmatch(token)
        if placeholder and placeholder.group(2) == "text":
            value = _TEXT_VALUE if index < len(tokens) - 1 else _TEXT_VALUE_LAST
            parts.append(rf"(?P<{placeholder.group(1)}>{value})")
        elif placeholder:
            parts.append(rf"(?<![\d.,])(?P<{placeholder.group(1)}>{_NUMBER})(?!\d)")
        elif token in {"…", "..."}:
            parts.append(_GAP)
        elif token.isspace() and index > 0 and _is_number(tokens[index - 1]):
            parts.append(_AFTER_NUMBER)
        elif token.isspace():
            parts.append(r"\s+")
        elif re.fullmatch(r"\w+", token):
            parts.append(re.escape(token))
        else:
            parts.append(rf"\s*{re.escape(token)}\s*")
    regex = "".join(parts)
    # Words at either end must be whole words; "\s+\s*x" and "x\s*\s+" are harmless but untidy.
    regex = regex.replace(r"\s+\s*", r"\s*").replace(r"\s*\s+", r"\s*")
    # "kiểm tra … {n} xã" also matches "kiểm tra 05 xã": the skipped words may be none.
    regex = regex.replace(r"\s+" + _GAP + r"\s+", r"\s+(?:" + _GAP + r"\s+)?")
    if tokens and re.fullmatch(r"\w+", tokens[0]) and not _PLACEHOLDER.fullmatch(tokens[0]):
        regex = r"(?<!\w)" + regex
    if tokens and re.fullmatch(r"\w+", tokens[-1]) and not _PLACEHOLDER.fullmatch(tokens[-1]):
        regex += r"(?!\w)"
    return re.compile(regex)


def _is_number(token: str) -> bool:
    placeholder = _PLACEHOLDER.fullmatch(token)
    return placeholder is not None and placeholder.group(2) != "text"


def parse_number(text: str) -> Number:
    """Vietnamese numbers: "45" → 45, "93,3" → 93.3 (decimal comma), "12.345" → 12345 (thousands)."""
    compact = text.strip()
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", compact):
        return int(compact.replace(".", ""))
    if "," in compact:
        value = float(compact.replace(".", "").replace(",", "."))
    elif "." in compact:
        value = float(compact)
    else:
        return int(compact)
    return int(value) if value.is_integer() else value


@dataclass(frozen=True)
class FactMatch:
    """Where a pattern matched: page number and span in that page's text."""

    page: int
    start: int
    end: int
    exact: bool = False  # already a quote that reads on its own (a counted list's line): not widened


@dataclass(frozen=True)
class PatternSpec:
    pattern: str
    doc_types: tuple[str, ...] = ()
    aggregate: Literal["first", "max", "sum"] = "first"
    at_most: float | None = None  # a match whose numbers exceed this is skipped


@dataclass(frozen=True)
class PageForms:
    """A page's text as read and its folded form (same length)."""

    page: int
    text: str
    folded: str


def page_forms(page: int, text: str) -> PageForms:
    return PageForms(page, text, folded_form(text))


def _matches(regex: re.Pattern[str], pages: Sequence[PageForms]) -> Iterator[tuple[PageForms, re.Match[str]]]:
    for page in pages:
        for match in regex.finditer(page.folded):
            yield page, match


def _values(page: PageForms, match: re.Match[str]) -> dict[str, FactValue]:
    """Numbers parsed; text values as printed (diacritics kept), white space collapsed."""
    values: dict[str, FactValue] = {}
    for name, value in match.groupdict().items():
        if not value:
            continue
        if value[0].isdigit():
            values[name] = parse_number(value)
        else:
            values[name] = " ".join(page.text[match.start(name) : match.end(name)].split())
    return values


def extract_pattern_facts(
    patterns: Sequence[PatternSpec], pages: Sequence[PageForms], doc_type: str | None
) -> tuple[dict[str, FactValue], FactMatch | None]:
    """Facts from the rule's patterns and where the first pattern that matched is (the anchor).

    Patterns are tried in order: with `first`, the first match in document order counts and a fact
    set by an earlier pattern is not overwritten; `max` and `sum` combine every match of the pattern.
    """
    facts: dict[str, FactValue] = {}
    anchor: FactMatch | None = None
    for spec in patterns:
        if spec.doc_types and doc_type not in spec.doc_types:
            continue
        regex = compile_fact_pattern(spec.pattern)
        seen: dict[str, list[FactValue]] = {}
        for page, match in _matches(regex, pages):
            values = _values(page, match)
            if spec.at_most is not None and any(not isinstance(v, str) and v > spec.at_most for v in values.values()):
                continue
            if spec.aggregate == "first" and all(name in facts for name in values):
                continue
            if anchor is None:
                anchor = FactMatch(page.page, match.start(), match.end())
            for name, value in values.items():
                seen.setdefault(name, []).append(value)
            if spec.aggregate == "first":
                break
        for name, values_seen in seen.items():
            numbers = [v for v in values_seen if not isinstance(v, str)]
            previous = facts.get(name)
            if spec.aggregate == "first" or not numbers:
                facts.setdefault(name, values_seen[0])
            elif spec.aggregate == "max":
                facts[name] = max([*numbers, previous] if isinstance(previous, int | float) else numbers)
            else:
                facts[name] = sum(numbers) + (previous if isinstance(previous, int | float) else 0)
    return facts, anchor


# ── the year and the reporting period a document covers ─────────────────────────────────────────

_QUARTERS = {1: "quý I", 2: "quý II", 3: "quý III", 4: "quý IV"}


def covered_year(text: str) -> int | None:
    """The year a plan or report covers, from its subject: "… quý I năm 2024" → 2024.

    Full dates are skipped: in a subject they date a cited document, not the period covered."""
    for mention in parse_vietnamese_dates(text):
        if mention.kind != "date" and mention.year is not None:
            return mention.year
    return None


def reporting_period(text: str) -> str | None:
    """ "quý I năm 2024" → "quý I"; "6 tháng đầu năm 2023" → "6 tháng"; "9 tháng năm 2024" → "9 tháng";
    "năm 2024" alone → "năm". The first period named wins ("… quý I và phương hướng quý II")."""
    mentions = [m for m in parse_vietnamese_dates(text) if m.kind != "date"]
    for mention in mentions:
        if mention.kind == "quarter" and mention.quarter is not None:
            return _QUARTERS[mention.quarter]
        if mention.kind == "period" and mention.months is not None:
            if mention.months == 3 and mention.part != "last":
                return "quý I"
            if mention.months == 6:
                return "6 tháng cuối năm" if mention.part == "last" else "6 tháng"
            if mention.months == 9:
                return "9 tháng"
            if mention.months == 12:
                return "năm"
    if any(m.kind == "year" for m in mentions):
        return "năm"
    return None


_CLAUSE_END = re.compile(r"[.;!?](?=\s|$)|:(?=[ \t]*\n)|\n\s*\n")  # a colon ending a line opens a list


def clause_span(text: str, start: int, end: int, limit: int = 400) -> tuple[int, int]:
    """Widen a match to the sentence or clause around it, for a quote that reads on its own."""
    left = max(0, start - limit)
    before = list(_CLAUSE_END.finditer(text, left, start))
    new_start = before[-1].end() if before else left
    if not before and left > 0:
        space = text.find(" ", left, start)
        new_start = space + 1 if space != -1 else left
    # A heading line ("II. KẾT QUẢ") before the clause is not part of it.
    line_start = new_start
    for newline in [i for i in range(new_start, start) if text[i] == "\n"]:
        line = text[line_start:newline]
        if any(c.isalpha() for c in line) and not any(c.islower() for c in line):
            new_start = newline + 1
        line_start = newline + 1
    # A match that starts in a heading ("ĐỐI TƯỢNG KIỂM TRA\nKiểm tra 06 cơ quan") quotes from the next line.
    line_end = text.find("\n", start, end)
    if line_end != -1:
        line = text[text.rfind("\n", 0, start) + 1 : line_end]
        if any(c.isalpha() for c in line) and not any(c.islower() for c in line):
            new_start = start = line_end + 1
    after = _CLAUSE_END.search(text, end, min(len(text), end + limit))
    new_end = after.start() + 1 if after and not after.group(0).isspace() else (after.start() if after else end)
    while new_start < start and text[new_start].isspace():
        new_start += 1
    return new_start, max(new_end, end)
