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


def _line_indexes(boxes: Sequence[Box], read_lines: Sequence[int | None] | None = None) -> list[list[int]]:
    """Indexes of `boxes` clustered into lines, each line left to right. Without `read_lines` (a text
    layer) by vertical overlap alone; with them (OCR: the line Tesseract read each box in), by
    Tesseract's lines first (`_read_line_indexes`)."""
    if read_lines is not None and any(line is not None for line in read_lines):
        return _read_line_indexes(boxes, read_lines)
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


# Two of Tesseract's lines whose spans across the page overlap by more than this many line heights
# are two printed lines, whatever their heights say (a slanted photo: neighbouring lines overlap in
# height, never across the page).
SIDE_BY_SIDE_OVERLAP_IN_LINE_HEIGHTS = 0.5


def _read_line_indexes(boxes: Sequence[Box], read_lines: Sequence[int | None]) -> list[list[int]]:
    """Lines of OCR boxes: the boxes of one Tesseract line stay together; two Tesseract lines become
    one printed line only side by side (the two header blocks, a line Tesseract cut in two), when the
    middle of one lies in the height the other spans as the height rule of `_line_indexes` would put
    them together, and they do not overlap across the page. A box without a line is a line of its own."""
    pieces: dict[tuple[bool, int], list[int]] = {}
    for index, line in enumerate(read_lines):
        pieces.setdefault((True, line) if line is not None else (False, index), []).append(index)
    # per piece: its middle height (the median box's top and bottom: a slanted line's ends do not count)
    measured: list[tuple[float, float, float, float, list[int]]] = []  # top, bottom, x0, x1, indexes
    for indexes in pieces.values():
        top = _median([boxes[i][2] for i in indexes])
        bottom = _median([boxes[i][4] for i in indexes])
        measured.append((top, bottom, min(boxes[i][1] for i in indexes), max(boxes[i][3] for i in indexes), indexes))
    measured.sort(key=lambda piece: (piece[0] + piece[1]) / 2)
    lines: list[tuple[list[float], list[tuple[float, float, float]], list[int]]] = []  # [low, high], spans, indexes
    for top, bottom, x0, x1, indexes in measured:
        centre = (top + bottom) / 2
        height = max(bottom - top, 1.0)
        best: int | None = None
        best_distance = 0.0
        for number, (extent, spans, line_indexes) in enumerate(lines):
            low, high = extent
            if not (low <= centre <= high or _faces(boxes, indexes, line_indexes)):
                continue
            if any(
                min(x1, other_x1) - max(x0, other_x0) > SIDE_BY_SIDE_OVERLAP_IN_LINE_HEIGHTS * min(height, other_height)
                for other_x0, other_x1, other_height in spans
            ):
                continue
            distance = abs(centre - (low + high) / 2)
            if best is None or distance < best_distance:
                best, best_distance = number, distance
        if best is None:
            lines.append(([top, bottom], [(x0, x1, height)], list(indexes)))
            continue
        extent, spans, line_indexes = lines[best]
        extent[0], extent[1] = min(extent[0], top), max(extent[1], bottom)
        spans.append((x0, x1, height))
        line_indexes.extend(indexes)
    lefts = [box[1] for box in boxes]
    return [sorted(indexes, key=lefts.__getitem__) for _, _, indexes in lines]


def _faces(boxes: Sequence[Box], piece: list[int], line: list[int]) -> bool:
    """Whether a piece of a line lies beside a line at its height where they face each other: the
    middle of the piece's first box within the height of the line's nearest box on its left, or of
    its last box within that of the nearest on its right (a slanted line's middle lies lower or
    higher than its ends)."""
    first = min(piece, key=lambda i: boxes[i][1])
    last = max(piece, key=lambda i: boxes[i][3])
    left = [i for i in line if boxes[i][3] <= boxes[first][1]]
    if left:
        facing = boxes[max(left, key=lambda i: boxes[i][3])]
        if facing[2] <= (boxes[first][2] + boxes[first][4]) / 2 <= facing[4]:
            return True
    right = [i for i in line if boxes[i][1] >= boxes[last][3]]
    if right:
        facing = boxes[min(right, key=lambda i: boxes[i][1])]
        if facing[2] <= (boxes[last][2] + boxes[last][4]) / 2 <= facing[4]:
            return True
    return False


def _median(values: list[float]) -> float:
    """`statistics.median`, without its generality (a list of floats, at least one)."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def group_lines(words: list[Word]) -> list[list[Word]]:
    """Cluster words into lines (OCR words by Tesseract's lines first), each sorted left to right."""
    boxes = [(w.text, w.x0, w.top, w.x1, w.bottom) for w in words]
    return [[words[i] for i in line] for line in _line_indexes(boxes, [w.line for w in words])]


def place_boxes(
    boxes: Sequence[Box], read_lines: Sequence[int | None] | None = None
) -> tuple[str, list[tuple[int, int]]]:
    """The page text of `boxes` and, in reading order, (index of the box, its offset in that text).
    `read_lines`: for OCR boxes, the line Tesseract read each in (see `_line_indexes`)."""
    out_lines: list[str] = []
    placed: list[tuple[int, int]] = []
    offset = 0
    for line in _line_indexes(boxes, read_lines):
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
    text, placed = place_boxes([(w.text, w.x0, w.top, w.x1, w.bottom) for w in words], [w.line for w in words])
    return text, [words[index].model_copy(update={"start": start}) for index, start in placed]


def words_in_span(words: list[Word], start: int, end: int) -> list[Word]:
    """The words of a page whose text overlaps [start, end) — for highlighting evidence."""
    return [w for w in words if w.start is not None and w.start < end and w.start + len(w.text) > start]
