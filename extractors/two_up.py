"""Two pages on one sheet: a booklet scanned open on an A3 glass, or a PDF printed "2 pages per sheet".

Such a page is landscape, and its words stand in two portrait halves with an empty gutter between
them. Read as one page, the lines of both halves sit at the same heights, so the subject of the left
page runs on into the body of the right one ("… việc kết nối, thông đường bộ chế độ thu …"). For
reading the fields, each half is a page of its own (same page number, the left half first); the
record keeps the sheet as it is, so quotes and highlights stay on the page image (the halves' boxes,
moved to their own frame, serve the field reading only).
"""

from __future__ import annotations

from core.models import Page, Word
from extractors.page_text import assemble_text

MIN_LANDSCAPE_RATIO = 1.15  # width / height of a sheet holding two portrait pages
MIN_WORDS_PER_HALF = 30
GUTTER_SEARCH = (0.4, 0.6)  # where the gutter is looked for, as shares of the width
MIN_GUTTER_SHARE = 0.015  # the empty band between the halves, as a share of the width


def _gutter(words: list[Word], width: float) -> float | None:
    """The x of the middle of the widest empty vertical band near the sheet's middle, if wide enough."""
    low, high = GUTTER_SEARCH[0] * width, GUTTER_SEARCH[1] * width
    spans = sorted((max(w.x0, low), min(w.x1, high)) for w in words if w.x1 > low and w.x0 < high)
    best: tuple[float, float] | None = None
    cursor = low
    for start, end in spans:
        if start > cursor and (best is None or start - cursor > best[1] - best[0]):
            best = (cursor, start)
        cursor = max(cursor, end)
    if high > cursor and (best is None or high - cursor > best[1] - best[0]):
        best = (cursor, high)
    if best is None or best[1] - best[0] < MIN_GUTTER_SHARE * width:
        return None
    return (best[0] + best[1]) / 2


def _half(page: Page, words: list[Word], left: float, right: float, reason: str) -> Page:
    """The words between `left` and `right` as a page of that width (the layout reads positions as
    shares of the page's width)."""
    moved = [w.model_copy(update={"x0": w.x0 - left, "x1": w.x1 - left}) for w in words]
    text, placed = assemble_text(moved)
    update = {"text": text, "words": placed, "width": right - left, "reason": f"{page.reason}; {reason}"}
    return page.model_copy(update=update)


def split_two_up(page: Page) -> list[Page]:
    """The sheet's two pages (left, right) when it holds two, else the page itself."""
    width, height = page.width or 0.0, page.height or 0.0
    if not page.words or not width or not height or width < MIN_LANDSCAPE_RATIO * height:
        return [page]
    gutter = _gutter(page.words, width)
    if gutter is None:
        return [page]
    left = [w for w in page.words if w.x1 <= gutter]
    right = [w for w in page.words if w.x0 >= gutter]
    if len(left) < MIN_WORDS_PER_HALF or len(right) < MIN_WORDS_PER_HALF:
        return [page]
    return [
        _half(page, left, 0.0, gutter, "left page of two on one sheet"),
        _half(page, right, gutter, width, "right page of two on one sheet"),
    ]
