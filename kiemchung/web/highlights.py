"""Where evidence is on a page: boxes over the page image, and marks in the page text.

Boxes come from the words covering an evidence span (`extractors.page_text.words_in_span`), joined
into one rectangle per line, in PDF points with the origin top-left; the page view draws them in an
SVG whose viewBox is the page size, laid over the image, so they scale with it at any width.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.models import Evidence, Page, Word
from extractors.page_text import words_in_span
from kiemchung.stores.documents import evidence_id
from kiemchung.stores.text import match_spans, parse_query_text

QUERY_MATCH = "query"  # the `evidence_id` of a box or text piece that marks a word of the search query


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float
    evidence_id: str
    selected: bool


@dataclass(frozen=True)
class TextPiece:
    text: str
    evidence_id: str | None = None
    selected: bool = False
    query: bool = False  # a word the search asked for (marked too, in another colour)


def evidence_item_id(sha256: str, item: Evidence) -> str:
    """The id the stores give an evidence item (the same in search hits, decisions and exports)."""
    return evidence_id(sha256, item.criterion, item.page, item.start, item.end, item.rule)


def _line_boxes(words: list[Word]) -> list[tuple[float, float, float, float]]:
    """One rectangle (x0, top, x1, bottom) per run of words on the same line."""
    rectangles: list[list[float]] = []
    for word in sorted(words, key=lambda w: w.start if w.start is not None else 0):
        if rectangles:
            last = rectangles[-1]
            centre = (word.top + word.bottom) / 2
            if last[1] <= centre <= last[3] and word.x0 >= last[0] - 1:
                last[2] = max(last[2], word.x1)
                last[1], last[3] = min(last[1], word.top), max(last[3], word.bottom)
                continue
        rectangles.append([word.x0, word.top, word.x1, word.bottom])
    return [(r[0], r[1], r[2], r[3]) for r in rectangles]


def evidence_boxes(sha256: str, page: Page, evidence: list[Evidence], selected: str | None) -> list[Box]:
    """Boxes of every evidence item on `page`; the one whose id is `selected` is marked so."""
    boxes: list[Box] = []
    pad = 1.5
    for item in evidence:
        if item.page != page.page:
            continue
        item_id = evidence_item_id(sha256, item)
        for x0, top, x1, bottom in _line_boxes(words_in_span(page.words, item.start, item.end)):
            boxes.append(
                Box(x=x0 - pad, y=top - pad, width=x1 - x0 + 2 * pad, height=bottom - top + 2 * pad,
                    evidence_id=item_id, selected=item_id == selected)
            )  # fmt: skip
    boxes.sort(key=lambda box: box.selected)  # the selected one drawn last, on top
    return boxes


def query_spans(page: Page, query: str) -> list[tuple[int, int]]:
    """Where the words and phrases of a search query are on the page (diacritic-insensitive, the
    same matching as the search itself)."""
    if not query.strip():
        return []
    return match_spans(page.text, parse_query_text(query))


def query_boxes(page: Page, query: str) -> list[Box]:
    """Boxes of the search query's words on the page image."""
    boxes: list[Box] = []
    pad = 1.0
    for start, end in query_spans(page, query):
        for x0, top, x1, bottom in _line_boxes(words_in_span(page.words, start, end)):
            boxes.append(Box(x=x0 - pad, y=top - pad, width=x1 - x0 + 2 * pad, height=bottom - top + 2 * pad,
                             evidence_id=QUERY_MATCH, selected=False))  # fmt: skip
    return boxes


def text_pieces(
    sha256: str, page: Page, evidence: list[Evidence], selected: str | None, query: str = ""
) -> list[TextPiece]:
    """The page text cut at evidence spans and query matches, so each can be shown marked
    (overlaps: the first wins)."""
    spans = sorted(
        [
            (max(0, item.start), min(len(page.text), item.end), evidence_item_id(sha256, item))
            for item in evidence
            if item.page == page.page and item.start < item.end
        ]
        + [(start, end, QUERY_MATCH) for start, end in query_spans(page, query)]
    )
    pieces: list[TextPiece] = []
    cursor = 0
    for start, end, item_id in spans:
        if end <= cursor:
            continue
        start = max(start, cursor)
        if start > cursor:
            pieces.append(TextPiece(page.text[cursor:start]))
        if item_id == QUERY_MATCH:
            pieces.append(TextPiece(page.text[start:end], query=True))
        else:
            pieces.append(TextPiece(page.text[start:end], evidence_id=item_id, selected=item_id == selected))
        cursor = end
    if cursor < len(page.text):
        pieces.append(TextPiece(page.text[cursor:]))
    return pieces
