"""Lines and blocks from word boxes: the two header blocks of an NĐ30 page 1, side by side.

OCR and naive text extraction run the agency block (left) and the national-motto block (right) into
one line ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"). Here lines are rebuilt from the word
boxes, cut where a wide gap separates two blocks, and each piece is placed left or right of the
motto's left edge. Without words (a text-only page), lines are cut at the pipeline's block separator
or at the motto, the motto's second line and the place-and-date line.
"""

from __future__ import annotations

import math
import re
from bisect import insort
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter, itemgetter
from statistics import median
from typing import Literal

from core.models import Page, Word
from extractors.dates import (
    extends_place_date,
    looks_like_place_date,
    opens_place_date,
    parse_place_date,
    place_date_is_cut,
)
from extractors.normalize import compact_key, fold
from extractors.numbers import read_number, strip_label
from extractors.text_quality import is_vietnamese_syllable

Side = Literal["left", "right", "centre"]

# A gap wider than this many line heights separates two blocks on one line.
BLOCK_GAP_IN_LINE_HEIGHTS = 1.6
# The pipeline's text assembly marks such a gap with 4 spaces (extractors.page_text.BLOCK_SEPARATOR).
TEXT_BLOCK_SEPARATOR = re.compile(r" {3,}|\t+")

_MOTTO = re.compile(r"c\s*[o0]\s*n\s*g\s*h\s*[o0]\s*a\s*x\s*a\s*h\s*[o0]\s*[il1]", re.IGNORECASE)
_MOTTO_SECOND = re.compile(r"d\s*[o0]\s*c\s*l\s*a\s*p\s*\W*\s*t\s*u\s*d\s*[o0]", re.IGNORECASE)
_MOTTO_AT_START = re.compile(
    r"^\s*(?:c\s*[o0]\s*n\s*g\s*h\s*[o0]\s*a|d\s*[o0]\s*c\s*l\s*a\s*p|d\s*a\s*n\s*g\s*c\s*[o0]\s*n\s*g\s*s)",
    re.IGNORECASE,
)
# The Party's documents (Hướng dẫn 36-HD/VPTW) print the Party's name where NĐ30 prints the nation and
# its motto; alone on its line, so a sentence naming the Party is no header
_PARTY_MOTTO = re.compile(r"^\W*d\s*a\s*n\s*g\s*c\s*[o0]\s*n\s*g\s*s\s*a\s*n\s*v\s*i\s*e\s*t\s*n\s*a\s*m\W*$", re.I)


@dataclass
class Line:
    """Words on one baseline, left to right. `text` joins them with single spaces."""

    words: list[Word]
    side: Side = "centre"

    @property
    def text(self) -> str:
        return " ".join([w.text for w in self.words])

    @property
    def x0(self) -> float:
        return min([w.x0 for w in self.words])

    @property
    def x1(self) -> float:
        return max([w.x1 for w in self.words])

    @property
    def top(self) -> float:
        return _median([w.top for w in self.words])

    @property
    def bottom(self) -> float:
        return _median([w.bottom for w in self.words])

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)

    def confidence_of(self, start: int, end: int) -> float | None:
        """Lowest OCR confidence of the words covering characters [start, end) of `text`."""
        lowest: float | None = None
        offset = 0
        for word in self.words:
            word_end = offset + len(word.text)
            if word.confidence is not None and offset < end and start < word_end:
                lowest = word.confidence if lowest is None else min(lowest, word.confidence)
            offset = word_end + 1
        return lowest


def text_line(text: str, side: Side = "centre") -> Line:
    """A line known only by its text (no boxes): one pseudo-word per line, no confidence."""
    return Line(words=[Word(text=text, x0=0, top=0, x1=0, bottom=0)], side=side)


# OCR words below this confidence may be no words at all (the motto's underline, a stamp's ghost).
DOUBTFUL_CONFIDENCE = 30.0


def _is_doubtful(word: Word) -> bool:
    return word.confidence is not None and word.confidence < DOUBTFUL_CONFIDENCE


def _typical_height(words: list[Word]) -> float:
    """The median height of the words that are not marks (dashes, dots: their boxes are off the line)."""
    return _median([w.bottom - w.top for w in words if any(map(str.isalnum, w.text))] or [10.0])


def build_lines(words: list[Word]) -> list[Line]:
    """Group words into lines by vertical position; tolerant of skew and of OCR boxes of marks.

    Full-size words OCR is sure of decide the lines; doubtful words (an underline or a stamp's ghost
    read as letters, confidence below `DOUBTFUL_CONFIDENCE`), specks (a short token much smaller than
    the text) and marks (dashes, dots: their boxes sit off the baseline) then join the nearest line
    they do not cover, so none of them can cut a line in two.
    """
    if not words:
        return []
    # marks: punctuation and dashes, whose boxes sit off the baseline and must not decide lines
    marks = [not any(map(str.isalnum, w.text)) for w in words]
    typical = _typical_height(words)
    speck_height = 0.7 * typical
    # a speck: a short token much smaller than the text
    specks = [
        not mark and w.bottom - w.top < speck_height and sum(map(str.isalnum, w.text)) <= 2
        for w, mark in zip(words, marks, strict=True)
    ]

    lines: list[list[Word]] = []
    centres: list[float] = []
    # per line, (x0, x1, centre) of its words, and its words' centres in order (for the median)
    spans: list[list[tuple[float, float, float]]] = []
    ordered_centres: list[list[float]] = []
    # per line, how far its words reach left and right, when every one of them has a width >= 0
    # (else None): a word wholly left or right of that reach overlaps none of them
    reaches: list[tuple[float, float] | None] = []
    touching = 0.25 * typical

    def place(word: Word, centre: float, *, tolerance: float, recent_only: bool) -> None:
        x0, x1 = word.x0, word.x1
        width = x1 - x0
        measurable = width >= 0  # False for NaN as well
        limit = typical * tolerance
        best: int | None = None
        best_distance = 0.0
        # full-size words come in order of height, so only the last few lines can take one
        stop = max(-1, len(lines) - 8) if recent_only else -1
        for index in range(len(lines) - 1, stop, -1):
            distance = abs(centre - centres[index])
            if distance > limit:
                continue
            covered = False
            reach = reaches[index]
            if measurable and reach is not None and (x0 >= reach[1] or x1 <= reach[0]):
                # beside the whole line: each overlap is <= 0, each half width >= 0
                spans_to_check: list[tuple[float, float, float]] = []
            else:
                spans_to_check = spans[index]
            for other_x0, other_x1, other_centre in spans_to_check:
                # the overlap of the two boxes, with `min`/`max` spelled out (the same choices)
                right = other_x1 if other_x1 < x1 else x1
                left = other_x0 if other_x0 > x0 else x0
                other_width = other_x1 - other_x0
                if right - left > 0.5 * (other_width if other_width < width else width) and not (
                    # a full-size word at the same height only touches its neighbour's box (OCR boxes of "tháng 3")
                    recent_only and abs(centre - other_centre) < touching
                ):
                    covered = True  # would sit on top of a word already in that line
                    break
            if covered:
                continue
            if best is None or distance < best_distance:
                best, best_distance = index, distance
        if best is None:
            lines.append([word])
            centres.append(centre)
            spans.append([(x0, x1, centre)])
            ordered_centres.append([centre])
            reaches.append((x0, x1) if measurable else None)
        else:
            lines[best].append(word)
            spans[best].append((x0, x1, centre))
            reach = reaches[best]
            if reach is not None:
                reaches[best] = (
                    (x0 if x0 < reach[0] else reach[0], x1 if x1 > reach[1] else reach[1]) if measurable else None
                )
            if recent_only:
                line_centres = ordered_centres[best]
                insort(line_centres, centre)
                centres[best] = _median_of_sorted(line_centres)

    # OCR words: the built line that took each Tesseract line's sure words
    built_of_read: dict[int, int] = {}
    # per line, the spans across the page of the Tesseract lines in it
    read_spans: list[list[tuple[float, float]]] = []

    def add_to(index: int, word: Word, centre: float) -> None:
        lines[index].append(word)
        spans[index].append((word.x0, word.x1, centre))
        insort(ordered_centres[index], centre)
        reach = reaches[index]
        if reach is not None:
            reaches[index] = (min(reach[0], word.x0), max(reach[1], word.x1)) if word.x1 - word.x0 >= 0 else None

    def place_read_line(piece: list[Word]) -> None:
        """Sure words Tesseract read as one line stay one line; it joins a line only side by side
        (the two header blocks), never over it across the page (a slanted photo's next line)."""
        piece_centres = [(w.top + w.bottom) / 2 for w in piece]
        centre = _median(piece_centres)
        x0, x1 = min(w.x0 for w in piece), max(w.x1 for w in piece)
        best: int | None = None
        best_distance = 0.0
        for index in range(len(lines)):
            if any(min(x1, other_x1) - max(x0, other_x0) > 0.5 * typical for other_x0, other_x1 in read_spans[index]):
                continue
            # the middles, or the facing ends (a slanted line's middle lies lower or higher than its ends)
            distance = min(abs(centre - centres[index]), _facing_distance(piece, lines[index]))
            if distance > typical * 0.55:
                continue
            if best is None or distance < best_distance:
                best, best_distance = index, distance
        if best is None:
            best = len(lines)
            lines.append([])
            centres.append(centre)
            spans.append([])
            ordered_centres.append([])
            reaches.append((x0, x1))
            read_spans.append([])
        for word, word_centre in zip(piece, piece_centres, strict=True):
            add_to(best, word, word_centre)
        centres[best] = _median_of_sorted(ordered_centres[best])
        read_spans[best].append((x0, x1))
        if piece[0].line is not None:
            built_of_read[piece[0].line] = best

    full_size = [w for w, mark, speck in zip(words, marks, specks, strict=True) if not mark and not speck]
    sure = [(w, (w.top + w.bottom) / 2) for w in full_size if not _is_doubtful(w)]
    if any(w.line is not None for w in words):
        for piece in _read_line_pieces([w for w, _ in sure]):
            place_read_line(piece)
    else:
        for word, centre in sorted(sure, key=itemgetter(1)):
            place(word, centre, tolerance=0.55, recent_only=True)
    rest = [
        *((w, 0.55, False) for w in full_size if _is_doubtful(w)),
        *((w, 0.55, False) for w, speck in zip(words, specks, strict=True) if speck),
        *((w, 0.9, True) for w, mark in zip(words, marks, strict=True) if mark),
    ]
    for word, tolerance, mark in rest:
        centre = (word.top + word.bottom) / 2
        # a mark joins the line Tesseract read it in, even when its box runs into its neighbour's
        # ("2026 - 2030"); a doubtful word or a speck (junk between the motto's words) is placed by
        # height, as on a text layer
        built = built_of_read.get(word.line) if (mark or _a_word_under_ink(word)) and word.line is not None else None
        if built is not None and not mark and _covers_a_word(word, lines[built]):
            built = None
        if built is not None:
            add_to(built, word, centre)
        else:
            place(word, centre, tolerance=tolerance, recent_only=False)
    result = [Line(words=sorted(line, key=_by_x0)) for line in lines]
    return sorted(result, key=_by_top)


_LETTERS_ONLY = re.compile(r"[^\W\d_]+")


def _a_word_under_ink(word: Word) -> bool:
    """A doubtful word that is a capitalised syllable once ink's marks are off ("`“'Phạm" under a
    signature): a name's word whose box the ink deformed, so it goes with the line Tesseract read
    it in, not by its box's height. An underline's or a stamp's junk is seldom such a word."""
    if not _is_doubtful(word):
        return False
    letters = _LETTERS_ONLY.findall(word.text)
    return (
        len(letters) == 1
        and len(letters[0]) >= 2
        and letters[0][0].isupper()
        and letters[0][1:].islower()
        and is_vietnamese_syllable(letters[0])
    )


def _covers_a_word(word: Word, line: list[Word]) -> bool:
    return any(min(word.x1, other.x1) - max(word.x0, other.x0) > 0 for other in line)


# An OCR line of low-confidence words lying on top of a line read with confidence: Tesseract read
# the same ink twice, or a photo's shadow between the lines ("6: bai" over "Về việc phê duyệt").
GHOST_CONFIDENCE = 50.0
SURE_LINE_CONFIDENCE = 70.0


def without_ghost_lines(lines: list[Line]) -> list[Line]:
    """The lines less those that are only low-confidence words lying on a line read with confidence
    (they stay in `build_lines`: an underline or a stamp's ghost tells other readers something)."""
    typical = _typical_height([w for line in lines for w in line.words])

    def overlap(word: Word, other: Word) -> float:
        return min(word.x1, other.x1) - max(word.x0, other.x0)

    def is_ghost(line: Line) -> bool:
        if not all_unsure(line):
            return False
        centre = (line.top + line.bottom) / 2
        for other in lines:
            if other is line or abs((other.top + other.bottom) / 2 - centre) > 0.6 * typical:
                continue
            sure = [w.confidence for w in other.words if w.confidence is not None]
            if len(sure) < 3 or _median(sure) < SURE_LINE_CONFIDENCE:
                continue
            if all(sum(max(overlap(w, o), 0.0) for o in other.words) > 0.5 * (w.x1 - w.x0) for w in line.words):
                return True
        return False

    return [line for line in lines if not is_ghost(line)]


def _read_line_pieces(words: list[Word]) -> list[list[Word]]:
    """`words` by the line Tesseract read them in (a word without one alone), in order of height."""
    pieces: dict[tuple[bool, int], list[Word]] = {}
    for index, word in enumerate(words):
        pieces.setdefault((True, word.line) if word.line is not None else (False, index), []).append(word)
    return sorted(pieces.values(), key=lambda piece: _median([(w.top + w.bottom) / 2 for w in piece]))


def _facing_distance(piece: list[Word], line: list[Word]) -> float:
    """How far apart in height a piece of a line and a line beside it are where they face each
    other: the piece's first word against the line's nearest word on its left, its last word
    against the nearest on its right (the closer); infinite when no word of the line is beside it."""
    first, last = min(piece, key=_by_x0), max(piece, key=attrgetter("x1"))
    distances = [math.inf]
    left = [w for w in line if w.x1 <= first.x0]
    if left:
        facing = max(left, key=attrgetter("x1"))
        distances.append(abs((first.top + first.bottom) / 2 - (facing.top + facing.bottom) / 2))
    right = [w for w in line if w.x0 >= last.x1]
    if right:
        facing = min(right, key=_by_x0)
        distances.append(abs((last.top + last.bottom) / 2 - (facing.top + facing.bottom) / 2))
    return min(distances)


def _covers(word: Word, spans: list[tuple[float, float, float]]) -> bool:
    """Whether `word` would sit on top of a word of a line: overlapping more than half the narrower."""
    width = word.x1 - word.x0
    return any(
        min(word.x1, other_x1) - max(word.x0, other_x0) > 0.5 * min(width, other_x1 - other_x0)
        for other_x0, other_x1, _ in spans
    )


_by_x0 = attrgetter("x0")
_by_top = attrgetter("top")


def _median(values: list[float]) -> float:
    """`statistics.median` of a list of numbers (its error for an empty one)."""
    return _median_of_sorted(sorted(values)) if values else median(values)


def _median_of_sorted(values: list[float]) -> float:
    """`statistics.median` of values already in order."""
    middle = len(values) // 2
    return values[middle] if len(values) % 2 == 1 else (values[middle - 1] + values[middle]) / 2


def split_blocks(line: Line, column_edge: float | None = None, page_width: float | None = None) -> list[Line]:
    """Cut a line where a gap wider than a few line heights separates two blocks; given the header's
    column edge (the motto's left edge), also where a narrower gap falls on that edge."""
    pieces: list[list[Word]] = [[line.words[0]]]
    limit = BLOCK_GAP_IN_LINE_HEIGHTS * line.height
    for previous, word in zip(line.words, line.words[1:], strict=False):
        if word.x0 - previous.x1 > limit:
            pieces.append([word])
        else:
            pieces[-1].append(word)
    if column_edge is not None:
        width = page_width or max(w.x1 for w in line.words)
        pieces = [part for piece in pieces for part in _cut_at_column_edge(piece, column_edge, width)]
    return [Line(words=part) for piece in pieces for part in _cut_before_motto(piece)]


# Between the two header columns: a gap wider than this many word heights, or a narrower one where
# the words on either side sit on different baselines by this much.
COLUMN_GAP_IN_WORD_HEIGHTS = 0.6
COLUMN_BASELINE_SHIFT = 0.3


def _word_height(words: list[Word]) -> float:
    return max(median(w.bottom - w.top for w in words), 1.0)


def _cut_at_column_edge(words: list[Word], edge: float, width: float) -> list[list[Word]]:
    """A long agency line and a date line that wrapped to fill its narrow column leave only a
    word-sized gap between them ("SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG   Thành phố Hồ Chí Minh, ngày 23"),
    often on baselines a few points apart, which then read as one line. Cut where such a gap lies on
    the column edge; a centred title that crosses the edge has ordinary word spaces there."""
    height = _word_height(words)
    slack = 0.03 * width
    for index in range(1, len(words)):
        before, after = words[index - 1], words[index]
        gap = after.x0 - before.x1
        if before.x1 > edge + slack or after.x0 < edge - slack or gap <= 0:
            continue
        shift = abs(
            median((w.top + w.bottom) / 2 for w in words[:index])
            - median((w.top + w.bottom) / 2 for w in words[index:])
        )
        if gap > COLUMN_GAP_IN_WORD_HEIGHTS * height or (gap > 0.3 * height and shift > COLUMN_BASELINE_SHIFT * height):
            return [words[:index], words[index:]]
    return [words]


# the first two letters of a word that may open the motto: "CỘNG", "Độc", the Party's "ĐẢNG" (0 for o)
_MOTTO_OPENINGS = ("co", "c0", "do", "d0", "da")


@lru_cache(maxsize=8192)
def _may_open_motto(text: str) -> bool:
    """Could this word start the motto ("CỘNG", "Độc")? Asked of every word of every line split."""
    return compact_key(text)[:2] in _MOTTO_OPENINGS


def _cut_before_motto(words: list[Word]) -> list[list[Word]]:
    """A long agency name can run up to the motto with no wide gap ("BỘ KHOA HỌC VÀ CÔNG NGHỆ CỘNG
    HÒA XÃ HỘI …"): the motto starts a block of its own."""
    for index in range(1, len(words)):
        if not _may_open_motto(words[index].text):
            continue
        rest = " ".join(w.text for w in words[index : index + 6])
        if (is_motto(rest) or is_motto_second_line(rest)) and _MOTTO_AT_START.match(fold(rest)):
            return [words[:index], words[index:]]
    return [words]


def is_motto(text: str) -> bool:
    """The right column's heading: NĐ30's "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" or the Party's name."""
    folded = fold(text)
    return bool(_MOTTO.search(folded) or _PARTY_MOTTO.match(folded))


def is_motto_second_line(text: str) -> bool:
    return bool(_MOTTO_SECOND.search(fold(text)))


def is_rule(text: str) -> bool:
    """A decorative rule under a header block ("______", "——-", "-----")."""
    stripped = text.strip()
    return bool(stripped) and not any(c.isalnum() for c in stripped)


@dataclass
class Header:
    """Page 1's header, split into its two blocks, and the lines that follow it."""

    left: list[Line] = field(default_factory=list)
    right: list[Line] = field(default_factory=list)
    after: list[Line] = field(default_factory=list)  # title, subject, body (reading order)
    boundary: float | None = None  # x of the motto block's left edge, when words are known


def is_number_line(text: str) -> bool:
    """ "Số: 297/KH-UBND" (or its typed part); an arrival stamp's "Số: 1234" has no symbol."""
    rest = strip_label(text)
    return rest is not None and read_number(rest) is not None


def _side(piece: Line, boundary: float, width: float) -> Side:
    centre = (piece.x0 + piece.x1) / 2
    if piece.x0 >= boundary - 0.03 * width or centre > 0.62 * width:
        return "right"
    if piece.x1 <= boundary + 0.03 * width or centre < 0.36 * width:
        return "left"
    return "centre"


def _one_column_sides(pieces: list[Line], sides: list[Side], anchored: bool) -> list[Side]:
    """A header of one centred column, no motto beside it (an attachment typed as a letter: the
    agency's name, "Số: …", the date line, one under the other): its number line is the left
    column's, its date line the right's, and the names above them the agency's. Once the number or
    the date is seen, another centred line is the title."""
    found: list[Side] = []
    for piece, side in zip(pieces, sides, strict=True):
        if side == "centre" and is_number_line(piece.text):
            side = "left"
        elif side == "centre" and (looks_like_place_date(piece.text) or opens_place_date(piece.text)):
            side = "right"
        elif side == "centre" and not anchored:
            side = "left"
        found.append(side)
    return found


def _motto_boundary(lines: list[Line], page: Page) -> float | None:
    for line in lines[:12]:
        for piece in split_blocks(line):
            if is_motto(piece.text) or is_motto_second_line(piece.text):
                # "CE" too: OCR's "CỘNG" read with an E
                motto_words = [w for w in piece.words if compact_key(w.text)[:2] in (*_MOTTO_OPENINGS, "ce")]
                anchor = motto_words[0].x0 if motto_words else piece.x0
                if _PARTY_MOTTO.match(fold(piece.text)):
                    anchor = _party_column_edge(line, anchor)
                if anchor > 0.2 * (page.width or anchor * 2):
                    return anchor
    return None


def _party_column_edge(line: Line, motto_x0: float) -> float:
    """The Party's name is short, centred over a date line wider than itself: the column's edge lies
    between the agency line beside the name and the name, not at the name's first letter."""
    beside = [w.x1 for w in line.words if w.x1 < motto_x0]
    if not beside:
        return motto_x0 - 2 * _word_height(line.words)
    return (max(beside) + motto_x0) / 2


def _joined(pieces: list[Line], side: Side) -> Line | None:
    """The pieces of one line that fall on the same side, as one line (a handwritten gap inside
    "Số:   687   /STP-VB" or "ngày  16  tháng" splits a block line into pieces)."""
    if not pieces:
        return None
    return Line(words=[w for piece in pieces for w in piece.words], side=side)


@dataclass(frozen=True)
class _LeftColumn:
    """Where the left block sits: its lines' centre and the edge of the motto's column."""

    centre: float
    edge: float
    width: float

    def excludes(self, piece: Line) -> bool:
        """A line centred well right of the agency block and reaching into the motto's column is
        not in the left block: it is the title, centred on the page ("KẾ HOẠCH" under a wide left
        column, whose `_side` is left of the motto's edge by the usual margin)."""
        off_centre = (piece.x0 + piece.x1) / 2 - self.centre
        return off_centre > max(2 * piece.height, 0.06 * self.width) and piece.x1 > self.edge - 0.03 * self.width


def _header_ends(
    pieces: list[Line],
    sides: list[Side],
    seen_date: bool,
    left_gap: float | None,
    open_date: str | None,
    left_column: _LeftColumn | None = None,
    seen_number: bool = True,
) -> bool:
    """After the number/date row: does this line start the title or body?"""
    if "centre" in sides:
        return True
    if not seen_number and is_number_line(pieces[0].text) and sides[0] == "left":
        # the date line came first, beside an agency name that wrapped: the number is still the header's
        return False
    if all(side == "left" for side in sides):
        if left_column is not None and any(left_column.excludes(piece) for piece in pieces):
            return True
        # the "V/v" subject of a công văn continues under the number, line after line
        text = fold(pieces[0].text).lower()
        return left_gap is None or left_gap > 2.2 * pieces[0].height or text.startswith("kinh gui")
    right_texts = [p.text for p, side in zip(pieces, sides, strict=True) if side == "right"]
    if open_date is not None and any(extends_place_date(open_date, t) for t in right_texts):
        return False  # more of a date line that wrapped
    # a date line still to come, whole or wrapped ("Cần Giuộc, ngày 07 tháng 02" / "năm 2024")
    return seen_date or not any(looks_like_place_date(t) or opens_place_date(t) for t in right_texts)


class PageLines:
    """Each page's lines (`build_lines` of its words), built once however many readers ask for
    them: the header and the signer's block both read page 1 of a short document."""

    def __init__(self) -> None:
        self._built: dict[int, tuple[Page, list[Line]]] = {}  # by id(page); the page keeps its id

    def __call__(self, page: Page) -> list[Line]:
        built = self._built.get(id(page))
        if built is None or built[0] is not page:
            built = self._built[id(page)] = (page, build_lines(page.words))
        return built[1]


def read_header(page: Page, lines_of: PageLines | None = None) -> Header:
    """Split page 1 into the left block, the right block and what follows the header (its lines
    from `lines_of` when the caller shares them)."""
    if not page.words:
        return read_header_from_text(page.text)
    lines = lines_of(page) if lines_of is not None else build_lines(page.words)
    width = page.width or max(w.x1 for w in page.words)
    height = page.height or max(w.bottom for w in page.words)
    measured = _motto_boundary(lines, page)
    boundary = measured or 0.45 * width
    header = Header(boundary=boundary)
    seen_number = seen_date = False
    last_left_bottom: float | None = None
    body_start = len(lines)
    noise_from: int | None = None  # unsure lines since the last header line: the body's if it starts next
    for index, line in enumerate(lines):
        pieces = [piece for piece in split_blocks(line, measured, width) if not _is_smudge(piece)]
        if not pieces:
            continue
        sides = [_side(piece, boundary, width) for piece in pieces]
        if measured is None and not header.right:
            sides = _one_column_sides(pieces, sides, seen_number or seen_date)
        unsure = all_unsure(line) and not _labelled(line)
        if (seen_number or seen_date) and (unsure or all(is_rule(piece.text) for piece in pieces)):
            # a stamp or smudge read as nothing between the number and the date line, or the motto's
            # rule pushed below the number by a motto that wrapped: neither ends the header nor belongs
            # to it (a "Số:" line with its digits written by hand is kept)
            noise_from = index if noise_from is None else noise_from
            continue
        if seen_number or seen_date:
            left_gap = None if last_left_bottom is None else line.top - last_left_bottom
            open_date = _open_date(header.right)
            left_column = (
                _LeftColumn(median((piece.x0 + piece.x1) / 2 for piece in header.left), measured, width)
                if measured is not None and header.left
                else None
            )
            if _header_ends(pieces, sides, seen_date, left_gap, open_date, left_column, seen_number):
                body_start = index if noise_from is None else noise_from
                break
        elif line.top > 0.45 * height:
            body_start = index  # no number and no date line: no NĐ30 header on this page
            break
        noise_from = None
        left = _joined([p for p, side in zip(pieces, sides, strict=True) if side == "left"], "left")
        right = _joined([p for p, side in zip(pieces, sides, strict=True) if side == "right"], "right")
        if left is not None:
            header.left.append(left)
            last_left_bottom = left.bottom
            seen_number = seen_number or is_number_line(left.text)
        if right is not None:
            header.right.append(right)
            seen_date = seen_date or _date_complete(header.right)
    header.after = lines[body_start:]
    if not (seen_number or seen_date):
        # Without the anchors the header cannot be told from the body: keep every line in reading order.
        header.left, header.right, header.after = [], [], lines
    return header


def _labelled(line: Line) -> bool:
    """Does the line start with a "Số:" label or look like a place-and-date line, however unsure?"""
    return strip_label(line.text) is not None or looks_like_place_date(line.text) or opens_place_date(line.text)


def all_unsure(line: Line) -> bool:
    """An OCR line whose every word was read below the ghost confidence."""
    return bool(line.words) and all(w.confidence is not None and w.confidence < GHOST_CONFIDENCE for w in line.words)


def _is_smudge(piece: Line) -> bool:
    """A block of a header line that is a stamp's or smudge's letters ("B2\" TINN"): every word read
    below the ghost confidence, and most of them nothing Vietnamese. A faint agency line ("TỈNH PHÚ
    THỌ" read at 40, or glued into one word) stays."""
    if not all_unsure(piece):
        return False
    vietnamese = sum(_reads_as_vietnamese(w.text.strip(".,:;\"'")) for w in piece.words)
    return 2 * vietnamese < len(piece.words)


def _reads_as_vietnamese(token: str) -> bool:
    """A syllable, or letters with Vietnamese marks (a line OCR glued: "UBNDTỈNHPHÚTHỌ")."""
    return is_vietnamese_syllable(token) or any(c.isalpha() and not c.isascii() for c in token)


def _only_motto(text: str) -> bool:
    return (
        (is_motto(text) or is_motto_second_line(text))
        and not place_date_is_cut(text)
        and parse_place_date(text) is None
    )


# A place-and-date line wraps over at most this many lines of its column.
_MOST_DATE_LINES = 4


def _joined_text(lines: list[Line]) -> str:
    return " ".join(line.text for line in lines)


def _wraps_into(above: Line, below: Line) -> bool:
    """Is `above` the start of the line `below` wrapped from: the place ("Thành phố Hồ Chí Minh," or
    "Thành phố Hồ Chí" / "Minh, ngày …")? A place ending in a comma says so by itself; otherwise the
    boxes must show the two lines one under the other, with no blank line between."""
    text = above.text.strip()
    if not text or any(c.isdigit() for c in text) or not any(c.islower() for c in text):
        return False
    confidences = [w.confidence for w in above.words if w.confidence is not None]
    if confidences and median(confidences) < GHOST_CONFIDENCE:
        return False  # a stamp's or smudge's letters above the date line, not its place
    if text.endswith(","):
        return True
    if not above.words or above.words[0].x1 <= 0 or not below.words or below.words[0].x1 <= 0:
        return False
    overlap = min(above.x1, below.x1) - max(above.x0, below.x0)
    return below.top - above.bottom < 0.5 * below.height and overlap > 0


def place_date_line(right: list[Line]) -> Line | None:
    """The right block's place-and-date line as one line, however its column wrapped it: after the
    place, inside the place, after the day or the month, before the year. The joined line keeps the
    words' boxes and confidences."""
    lines = [line for line in right if line.text.strip() and not is_rule(line.text) and not _only_motto(line.text)]
    for index, line in enumerate(lines):
        if not place_date_is_cut(line.text) and parse_place_date(line.text) is None:
            continue
        end = index + 1
        while end < min(len(lines), index + _MOST_DATE_LINES) and place_date_is_cut(_joined_text(lines[index:end])):
            end += 1
        while end > index + 1 and parse_place_date(_joined_text(lines[index:end])) is None:
            end -= 1  # what followed was not the rest of the date
        if parse_place_date(_joined_text(lines[index:end])) is None:
            continue
        start = index
        if (
            index > 0
            and _wraps_into(lines[index - 1], line)
            and parse_place_date(_joined_text(lines[index - 1 : end])) is not None
        ):
            start = index - 1
        return Line(words=[w for part in lines[start:end] for w in part.words], side="right")
    return None


def _open_date(right: list[Line]) -> str | None:
    """The place-and-date line left open at the foot of the right block, as text: it wrapped and
    its year is still to come ("Thành phố Hồ Chí Minh," / "ngày 23"), or `None`."""
    tail = [line.text for line in right[-_MOST_DATE_LINES:] if not is_rule(line.text) and not _only_motto(line.text)]
    for start in range(len(tail)):
        joined = " ".join(tail[start:])
        if opens_place_date(tail[start]) and opens_place_date(joined):
            return joined
    return None


def _date_complete(right: list[Line]) -> bool:
    """Does the right block hold a whole place-and-date line, however it wrapped?"""
    line = place_date_line(right)
    return line is not None and not place_date_is_cut(line.text)


# ── text-only fallback ───────────────────────────────────────────────────────────────────────────

_RIGHT_ANCHORS = (
    re.compile(r"c[o0]ng\s*h[o0]a\s*x", re.IGNORECASE),
    re.compile(r"d[o0]c\s*l[a]p\b", re.IGNORECASE),
)


def split_mixed_line(text: str) -> tuple[str, str]:
    """Cut a header line that runs both blocks together into (left, right)."""
    parts = TEXT_BLOCK_SEPARATOR.split(text.strip())
    if len(parts) > 1:
        return parts[0], " ".join(parts[1:])
    folded = fold(text)
    cuts = [m.start() for anchor in _RIGHT_ANCHORS for m in anchor.finditer(folded)]
    if cuts:
        return text[: min(cuts)].strip(), text[min(cuts) :].strip()
    rest = strip_label(text)
    if rest is not None and looks_like_place_date(text):
        reading = read_number(rest)
        if reading is not None:
            symbol_end = rest.find(reading.symbol.split("-")[-1][-2:], rest.find("-"))
            if symbol_end > 0:
                cut = len(text) - len(rest) + symbol_end + 2
                return text[:cut].strip(), text[cut:].strip()
    if looks_like_place_date(text):
        return "", text.strip()
    return text.strip(), ""


def read_header_from_text(text: str) -> Header:
    """The same split for a page known only by its text."""
    header = Header()
    lines = text.splitlines()
    seen_number = seen_date = False
    index = 0
    for index, raw in enumerate(lines):
        if not raw.strip():
            continue
        left, right = split_mixed_line(raw)
        opened = _open_date(header.right)
        if opened is not None and not right and extends_place_date(opened, left):
            header.right.append(text_line(left, "right"))  # more of a wrapped date line
            seen_date = seen_date or _date_complete(header.right)
            continue
        if seen_number or seen_date:
            if right and not looks_like_place_date(right):
                break
            if left and (fold(left).lower().startswith("kinh gui") or (left.isupper() and not right)):
                break
            if not left and not right:
                break
            if seen_number and seen_date and right:
                break
        if left:
            header.left.append(text_line(left, "left"))
            seen_number = seen_number or is_number_line(left)
        if right:
            header.right.append(text_line(right, "right"))
            seen_date = seen_date or looks_like_place_date(right)
        if index > 14 and not (seen_number or seen_date):
            break
    else:
        index = len(lines)
    header.after = [text_line(t) for t in lines[index:] if t.strip()]
    return header
