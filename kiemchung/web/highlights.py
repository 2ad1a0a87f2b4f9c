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


def text_pieces(sha256: str, page: Page, evidence: list[Evidence], selected: str | None) -> list[TextPiece]:
    """The page text cut at evidence spans, so each span can be shown marked (overlaps: first wins)."""
    spans = sorted(
        (max(0, item.start), min(len(page.text), item.end), evidence_item_id(sha256, item))
        for item in evidence
        if item.page == page.page and item.start < item.end
    )
    pieces: list[TextPiece] = []
    cursor = 0
    for start, end, item_id in spans:
        if end <= cursor:
            continue
        start = max(start, cursor)
        if start > cursor:
            pieces.append(TextPiece(page.text[cursor:start]))
        pieces.append(TextPiece(page.text[start:end], evidence_id=item_id, selected=item_id == selected))
        cursor = end
    if cursor < len(page.text):
        pieces.append(TextPiece(page.text[cursor:]))
    return pieces
