"""Words with boxes → reading-order lines → page text, recording each word's offset in that text.

Both readers (text layer and OCR) build `Page.text` here, so a span found in the text can always be
mapped back to the boxes of the words it covers (highlights on the page image).
"""

from __future__ import annotations

from statistics import median

from core.models import Word

# A horizontal gap wider than this many line heights separates two blocks on one line
# (the agency block and the national-motto block of an NĐ30 header).
BLOCK_GAP_IN_LINE_HEIGHTS = 2.5
BLOCK_SEPARATOR = "    "


def group_lines(words: list[Word]) -> list[list[Word]]:
    """Cluster words into lines by vertical overlap, each line sorted left to right."""
    lines: list[list[Word]] = []
    line_boxes: list[tuple[float, float]] = []
    for word in sorted(words, key=lambda w: (w.top + w.bottom) / 2):
        centre = (word.top + word.bottom) / 2
        if line_boxes:
            top, bottom = line_boxes[-1]
            if top <= centre <= bottom:
                lines[-1].append(word)
                line_boxes[-1] = (min(top, word.top), max(bottom, word.bottom))
                continue
        lines.append([word])
        line_boxes.append((word.top, word.bottom))
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def assemble_text(words: list[Word]) -> tuple[str, list[Word]]:
    """Return the page text and the words (in reading order) with their `start` offsets set."""
    out_lines: list[str] = []
    placed: list[Word] = []
    offset = 0
    for line in group_lines(words):
        height = median(w.bottom - w.top for w in line) or 1.0
        parts: list[str] = []
        line_offset = offset
        previous: Word | None = None
        for word in line:
            if previous is not None:
                gap = word.x0 - previous.x1
                separator = BLOCK_SEPARATOR if gap > BLOCK_GAP_IN_LINE_HEIGHTS * height else " "
                parts.append(separator)
                line_offset += len(separator)
            placed.append(word.model_copy(update={"start": line_offset}))
            parts.append(word.text)
            line_offset += len(word.text)
            previous = word
        line_text = "".join(parts)
        out_lines.append(line_text)
        offset += len(line_text) + 1  # the newline
    return "\n".join(out_lines), placed


def words_in_span(words: list[Word], start: int, end: int) -> list[Word]:
    """The words of a page whose text overlaps [start, end) — for highlighting evidence."""
    return [w for w in words if w.start is not None and w.start < end and w.start + len(w.text) > start]
