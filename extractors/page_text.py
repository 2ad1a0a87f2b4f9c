"""Words with boxes → reading-order lines → page text, recording each word's offset in that text.

Both readers (text layer and OCR) build `Page.text` here, so a span found in the text can always be
mapped back to the boxes of the words it covers (highlights on the page image).
"""

from __future__ import annotations

from collections.abc import Sequence

from core.models import Word

# A horizontal gap wider than this many line heights separates two blocks on one line
# (the agency block and the national-motto block of an NĐ30 header).
BLOCK_GAP_IN_LINE_HEIGHTS = 2.5
BLOCK_SEPARATOR = "    "


# A word as the assembly sees it: (text, x0, top, x1, bottom); readers build their `Word`s once.
Box = tuple[str, float, float, float, float]


def _line_indexes(boxes: Sequence[Box]) -> list[list[int]]:
    """Indexes of `boxes` clustered into lines by vertical overlap, each line left to right."""
    centres = [(box[2] + box[4]) / 2 for box in boxes]
    lines: list[list[int]] = []
    low = high = 0.0
    for index in sorted(range(len(boxes)), key=centres.__getitem__):
        _, _, top, _, bottom = boxes[index]
        centre = centres[index]
        if lines and low <= centre <= high:
            lines[-1].append(index)
            low, high = min(low, top), max(high, bottom)
            continue
        lines.append([index])
        low, high = top, bottom
    lefts = [box[1] for box in boxes]
    return [sorted(line, key=lefts.__getitem__) for line in lines]


def _median(values: list[float]) -> float:
    """`statistics.median`, without its generality (a list of floats, at least one)."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def group_lines(words: list[Word]) -> list[list[Word]]:
    """Cluster words into lines by vertical overlap, each line sorted left to right."""
    boxes = [(w.text, w.x0, w.top, w.x1, w.bottom) for w in words]
    return [[words[i] for i in line] for line in _line_indexes(boxes)]


def place_boxes(boxes: Sequence[Box]) -> tuple[str, list[tuple[int, int]]]:
    """The page text of `boxes` and, in reading order, (index of the box, its offset in that text)."""
    out_lines: list[str] = []
    placed: list[tuple[int, int]] = []
    offset = 0
    for line in _line_indexes(boxes):
        height = _median([boxes[i][4] - boxes[i][2] for i in line]) or 1.0
        block_gap = BLOCK_GAP_IN_LINE_HEIGHTS * height
        parts: list[str] = []
        line_offset = offset
        previous_x1: float | None = None
        for index in line:
            text, x0, _, x1, _ = boxes[index]
            if previous_x1 is not None:
                separator = BLOCK_SEPARATOR if x0 - previous_x1 > block_gap else " "
                parts.append(separator)
                line_offset += len(separator)
            placed.append((index, line_offset))
            parts.append(text)
            line_offset += len(text)
            previous_x1 = x1
        line_text = "".join(parts)
        out_lines.append(line_text)
        offset += len(line_text) + 1  # the newline
    return "\n".join(out_lines), placed


def assemble_text(words: list[Word]) -> tuple[str, list[Word]]:
    """Return the page text and the words (in reading order) with their `start` offsets set."""
    text, placed = place_boxes([(w.text, w.x0, w.top, w.x1, w.bottom) for w in words])
    return text, [words[index].model_copy(update={"start": start}) for index, start in placed]


def words_in_span(words: list[Word], start: int, end: int) -> list[Word]:
    """The words of a page whose text overlaps [start, end) — for highlighting evidence."""
    return [w for w in words if w.start is not None and w.start < end and w.start + len(w.text) > start]
