"""Counts read from a document's layout: the tasks a plan lists, the units an inspection plan names.

Plans often state no total ("Năm 2024 tập trung thực hiện 18 nhiệm vụ"): the appraiser counts the
items under the tasks section ("II. NHIỆM VỤ TRỌNG TÂM" → "1. …" → "a) …" → "- …"), the rows of the
task annex ("Phụ lục: Danh mục nhiệm vụ"), or the units listed ("1. Phòng Tư pháp: tháng 4/2024;").
This module does the same on the page text, line by line, across page breaks. Numbered items count
only when their numbers run in sequence (1, 2, 3 / a, b, c), so a wrapped line that happens to start
with a number or a dash is not taken for an item.

Phrases (headings, annex titles, unit names) come from the rubric scheme, in folded form.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from extractors.facts import PageForms, folded_form

# Vietnamese list letters in order (NĐ30 Phụ lục I: a), b), c), d), đ), e), g), h), i), k) …).
_LETTERS = "abcdđeghiklmnopqrstuvxy"

_ROMAN_HEADING = re.compile(r"^\s*(?:phần\s+)?[IVX]{1,5}\s*[.,)/]\s*\S", re.IGNORECASE)
_LETTER_HEADING = re.compile(r"^\s*[A-Z]\s*[.,)]\s+\S")
_NUMBER_3 = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{1,2})\.?\s+(?=\S)")
_NUMBER_2 = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.?\s+(?=\S)")
_NUMBER_1 = re.compile(r"^\s*(\d{1,2})\s*[.)]\s*(?=[^\W\d_])")
_LETTER = re.compile(r"^\s*([a-zđ])\s*\)\s*(?=\S)")
_DASH = re.compile(r"^\s*[-–—•]\s*(?=[^\W\d_])")
_PLUS = re.compile(r"^\s*[+*]\s*(?=[^\W\d_])")
_ROW = re.compile(r"^\s*(\d{1,3})\s*[.)]?\s+(?=\S)")  # a table row or list line: "12    Phòng Tư pháp"
_BULLET = re.compile(r"^\s*[-–—•+*]\s*(?=[^\W\d_])")
_ENDS_ITEM = re.compile(r"[;:.!?]\s*$")
_LAST_RECIPIENT = re.compile(r"^\s*[-–—•+*]?\s*luu\b")
_SECTION_END = re.compile(r"^\s*(nơi nhận|noi nhan)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Line:
    page: int
    start: int  # offset in the page's text
    end: int
    text: str
    folded: str


@dataclass(frozen=True)
class CountedList:
    """How many items were counted, and where: the heading (or first item) as printed."""

    count: int
    page: int
    start: int
    end: int
    quote: str
    first_page: int
    last_page: int

    def source(self) -> str:
        """A line a person can check: "trang 2–3, «II. NHIỆM VỤ TRỌNG TÂM»: 18 mục"."""
        pages = str(self.first_page) if self.first_page == self.last_page else f"{self.first_page}–{self.last_page}"
        return f"trang {pages}, «{' '.join(self.quote.split())}»: {self.count} mục"


def document_lines(pages: Sequence[PageForms]) -> list[Line]:
    """Every non-blank line of every page, in reading order; page numbers alone on a line dropped."""
    lines: list[Line] = []
    for forms in pages:
        for match in re.finditer(r"[^\n]+", forms.text):
            text = match.group(0)
            if not text.strip() or text.strip().isdigit():
                continue
            lines.append(Line(forms.page, match.start(), match.end(), text, forms.folded[match.start() : match.end()]))
    return lines


def _is_section_heading(line: Line) -> bool:
    """ "II. NHIỆM VỤ TRỌNG TÂM", "B. TỔ CHỨC THỰC HIỆN", or a line in capitals of a few words."""
    text = line.text.strip()
    if _NUMBER_1.match(text) or _NUMBER_2.match(text) or _BULLET.match(text):
        return False  # "1. CẢI CÁCH THỂ CHẾ" is an item of the section, not a new section
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 4:
        return False
    upper = sum(c.isupper() for c in letters) / len(letters)
    if _ROMAN_HEADING.match(text) or _LETTER_HEADING.match(text):
        return upper > 0.6
    return upper > 0.9 and len(text.split()) >= 2


def _contains(folded_line: str, phrase: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", folded_line) is not None


def _phrases(phrases: Sequence[str]) -> list[str]:
    return [" ".join(folded_form(p).split()) for p in phrases if p.strip()]


@dataclass
class _Item:
    level: int
    key: int  # its number or letter position, for the sequence check
    line: Line
    children: list[_Item] = field(default_factory=list)


def _marker(text: str) -> tuple[int, int] | None:
    """(level, ordinal) of a list marker at the start of a line; bullets have ordinal 0."""
    if match := _NUMBER_3.match(text):
        return 3, int(match.group(3))
    if match := _NUMBER_2.match(text):
        return 2, int(match.group(2))
    if match := _NUMBER_1.match(text):
        return 1, int(match.group(1))
    if match := _LETTER.match(text):
        return 4, _LETTERS.index(match.group(1)) + 1
    if _DASH.match(text):
        return 5, 0
    if _PLUS.match(text):
        return 6, 0
    return None


def _leaves(items: list[_Item]) -> int:
    return sum(_leaves(item.children) if item.children else 1 for item in items)


def count_list_leaves(lines: Sequence[Line]) -> int:
    """The tasks of a list: its items that have no sub-items. "1. Cải cách thể chế" with three
    "- …" under it is three tasks; "1. …", "2. …" with nothing under them are two."""
    root = _Item(0, 0, lines[0] if lines else Line(0, 0, 0, "", ""))
    stack = [root]  # the path to the last item: levels strictly increase
    previous: Line | None = None
    for line in lines:
        marker = _marker(line.text)
        if marker is not None:
            level, ordinal = marker
            depth = len(stack)
            while depth > 1 and stack[depth - 1].level > level:
                depth -= 1
            sibling = stack[depth - 1] if stack[depth - 1].level == level else None
            parent = stack[depth - 2] if sibling is not None else stack[depth - 1]
            if ordinal == 0:
                # A dash starts an item only after an item's end or a heading, never mid-sentence.
                accepted = (
                    previous is None or bool(_ENDS_ITEM.search(previous.text)) or _marker(previous.text) is not None
                )
            elif sibling is not None:
                accepted = ordinal == sibling.key + 1
            else:
                accepted = ordinal == 1
            if accepted:
                item = _Item(level, ordinal, line)
                parent.children.append(item)
                del stack[stack.index(parent) + 1 :]
                stack.append(item)
        previous = line
    return _leaves(root.children)


def _section(lines: Sequence[Line], index: int) -> list[Line]:
    """The lines after heading `index` up to the next section heading or the "Nơi nhận" block."""
    body: list[Line] = []
    for line in lines[index + 1 :]:
        if _is_section_heading(line) or _SECTION_END.match(line.text):
            break
        body.append(line)
    return body


def count_section_items(pages: Sequence[PageForms], headings: Sequence[str]) -> CountedList | None:
    """The leaves of the list under the first section heading naming one of `headings` (tried in
    order: the first phrase that heads a section with at least two items wins)."""
    lines = document_lines(pages)
    for phrase in _phrases(headings):
        for index, line in enumerate(lines):
            if not (_is_section_heading(line) and _contains(line.folded, phrase)):
                continue
            body = _section(lines, index)
            # a list of tasks, else a table of them in the body ("STT | Nhiệm vụ | Cơ quan chủ trì")
            count = count_list_leaves(body) or _numbered_rows(body)[0]
            if count >= 2:
                return CountedList(
                    count,
                    line.page,
                    line.start,
                    line.end,
                    line.text.strip(),
                    line.page,
                    body[-1].page if body else line.page,
                )
    return None


def _numbered_rows(lines: Sequence[Line]) -> tuple[int, Line | None]:
    """Table rows numbered 1, 2, 3 … at the start of a line (numbering may restart under group
    rows); lines between them (wrapped cells) are skipped. The count and the last row."""
    count, expected, last = 0, 1, None
    for row in lines:
        match = _ROW.match(row.text)
        if match is None:
            continue
        number = int(match.group(1))
        if number == expected or (number == 1 and count > 0):
            count += 1
            expected = number + 1
            last = row
    return count, last


def count_annex_rows(pages: Sequence[PageForms], titles: Sequence[str]) -> CountedList | None:
    """The numbered rows (1, 2, 3 … at the start of a line; numbering may restart under group rows)
    of the table after an annex title naming one of `titles` ("DANH MỤC NHIỆM VỤ …")."""
    lines = document_lines(pages)
    wanted = _phrases(titles)
    for index, line in enumerate(lines):
        if not any(_contains(line.folded, phrase) for phrase in wanted):
            continue
        # An annex's title follows its label ("Phụ lục I" / "PHỤ LỤC"), on its line or just above it:
        # the body's own "II. NHIỆM VỤ TRỌNG TÂM" is no annex.
        if not any("phu luc" in " ".join(near.folded.split()) for near in lines[max(0, index - 3) : index + 1]):
            continue
        following = list(
            itertools.takewhile(lambda row: not re.match(r"^\s*phu luc\b", row.folded), lines[index + 1 :])
        )
        count, last = _numbered_rows(following)
        last = last or line
        if count >= 2:
            return CountedList(count, line.page, line.start, line.end, line.text.strip(), line.page, last.page)
    return None


def count_named_items(
    pages: Sequence[PageForms], names: Sequence[str], not_under: Sequence[str] = (), introduced_by: Sequence[str] = ()
) -> CountedList | None:
    """The longest run of consecutive list lines or table rows that each start with a unit's name
    ("1. Phòng Tư pháp: trong tháng 4/2024;", "- UBND xã An Phú;", "3    Ủy ban nhân dân xã …").
    Lines between them that start no item (wrapped text, a month in a table column) do not break
    a run; an item naming something else does. Without such a list, the names of one sentence after
    a phrase of `introduced_by` ("Đối tượng kiểm tra: Phòng Tư pháp, Phòng Nội vụ và UBND xã An Phú.")."""
    wanted = _phrases(names)
    skipped_sections = _phrases(not_under)
    skipping = False  # inside a section that assigns work ("1. Văn phòng Sở chủ trì …"), not units checked
    best: list[Line] = []
    run: list[Line] = []
    expected: int | None = None
    recipients = False
    for line in document_lines(pages):
        # The "Nơi nhận" list names units too ("- Sở Nội vụ;"): it ends with "- Lưu: VT".
        if _SECTION_END.match(line.text):
            recipients, run, expected = True, [], None
            continue
        if recipients:
            recipients = not (_LAST_RECIPIENT.match(line.folded) or _is_section_heading(line))
            continue
        if _is_section_heading(line):
            run, expected = [], None
            skipping = any(_contains(line.folded, phrase) for phrase in skipped_sections)
            continue
        row = _ROW.match(line.text)
        bullet = _BULLET.match(line.text)
        if skipping or (row is None and bullet is None):
            continue
        marker_end = (row or bullet).end()  # type: ignore[union-attr]
        rest = " ".join(line.folded[marker_end:].split())
        names_unit = _starts_with_name(rest, wanted)
        number = int(row.group(1)) if row is not None else None
        in_sequence = number is None or expected is None or number == expected
        if names_unit and in_sequence and (number is None or expected is not None or number == 1):
            run.append(line)
            expected = None if number is None else number + 1
        else:
            run, expected = [], None
            if names_unit and (number is None or number == 1):
                run, expected = [line], None if number is None else number + 1
        if len(run) > len(best):
            best = list(run)
    if len(best) < 2:
        return _inline_names(pages, wanted, _phrases(introduced_by))
    first = best[0]
    return CountedList(len(best), first.page, first.start, first.end, first.text.strip(), first.page, best[-1].page)


_NAME_SEPARATOR = re.compile(r"\s*(?:[,;]|\bva\b)\s*")


def _starts_with_name(text: str, wanted: Sequence[str]) -> bool:
    return any(text.startswith(name) and (len(text) == len(name) or not text[len(name)].isalnum()) for name in wanted)


def _inline_names(pages: Sequence[PageForms], wanted: Sequence[str], intros: Sequence[str]) -> CountedList | None:
    """Names listed in the sentence after an intro phrase and a colon, split at commas, semicolons
    and "và"; a piece that starts with no name continues the one before ("Sở Văn hóa, Thể thao và
    Du lịch" is one name)."""
    for forms in pages:
        for intro in intros:
            for match in re.finditer(rf"(?<!\w){re.escape(intro)}(?!\w)[^.:;\n]{{0,60}}:", forms.folded):
                end = re.search(r"\.(?=\s|$)|\n\s*\n|$", forms.folded[match.end() :])
                stop = match.end() + (end.start() if end else 0)
                pieces = _NAME_SEPARATOR.split(" ".join(forms.folded[match.end() : stop].split()))
                count = sum(1 for piece in pieces if _starts_with_name(piece, wanted))
                if count >= 2:
                    return CountedList(
                        count, forms.page, match.start(), stop, forms.text[match.start() : stop], forms.page, forms.page
                    )
    return None
