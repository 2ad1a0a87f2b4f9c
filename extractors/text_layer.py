"""Read a page's embedded text layer: words with boxes (pypdfium2), NFC, legacy fonts converted.

pypdfium2's text page gives every character with its box at ~0.016 s/page; pdfplumber (pdfminer)
needed ~0.29 s/page for the same words on the same files (bench/bench_extract.py), so pdfium reads
the layer and the words are assembled here.
"""

from __future__ import annotations

import ctypes
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from itertools import repeat
from operator import itemgetter

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pypdfium2 import PdfiumError

from core.models import Page, PageTurn, Word
from extractors.legacy_encodings import best_legacy_reading, convert, encoding_from_font
from extractors.lookalikes import SCRIPT_LOOKALIKES, VIETNAMESE_LOOKALIKES, map_lookalikes
from extractors.lookalikes import describe as describe_lookalikes
from extractors.normalize import nfc
from extractors.page_text import Box, place_boxes
from extractors.text_quality import (
    LETTERLIKE_SYMBOLS,
    MIN_BLANK_GLYPHS,
    MIN_SCAN_COVERAGE,
    TextQuality,
    font_text_is_not_vietnamese,
    judge_text,
    may_hold_a_broken_font,
)

_WHITESPACE = {" ", "\r", "\n", "\t", "\u00a0", "\ufffe", "\x02"}
# What pdfium gives for a glyph its font maps to no character (and for a hyphen at a line's end).
_NO_CHARACTER = {"\ufffe"}
# An image over this share of the page makes it a scanned page.
SCAN_PAGE_SHARE = 0.5
# A layer this much of whose text a reader cannot see over a page-size scan (invisible, or under the
# scan) is the reading another program's OCR left there (a scanner's "searchable PDF", OCRmyPDF).
MIN_HIDDEN_SHARE = 0.8
# Two characters further apart than this share of the font height belong to different words.
_WORD_GAP = 0.15
_TURNS: dict[int, PageTurn] = {0: 0, 90: 90, 180: 180, 270: 270}


def _font_name(text_page: pdfium.PdfTextPage, index: int) -> str:
    buffer = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    pdfium_c.FPDFText_GetFontInfo(text_page.raw, index, buffer, 256, ctypes.byref(flags))
    return buffer.value.decode("latin-1", "replace")


def _legacy_encoding_of(text_page: pdfium.PdfTextPage, text: str) -> str | None:
    """The legacy encoding named by most sampled fonts of the page, if any."""
    letters = [i for i, c in enumerate(text) if c not in _WHITESPACE]
    sample = letters[:: max(1, len(letters) // 40)]
    named = [encoding_from_font(_font_name(text_page, i)) for i in sample]
    for encoding in ("tcvn3", "vni"):
        if sample and named.count(encoding) >= len(sample) / 2:
            return encoding
    return None


def _page_objects(pdf_page: pdfium.PdfPage) -> list[ctypes.c_void_p]:
    """The page's objects in drawing order, those inside form objects in place of the form."""
    found = []
    for index in range(pdfium_c.FPDFPage_CountObjects(pdf_page.raw)):
        obj = pdfium_c.FPDFPage_GetObject(pdf_page.raw, index)
        if pdfium_c.FPDFPageObj_GetType(obj) == pdfium_c.FPDF_PAGEOBJ_FORM:
            found += [pdfium_c.FPDFFormObj_GetObject(obj, i) for i in range(pdfium_c.FPDFFormObj_CountObjects(obj))]
        else:
            found.append(obj)
    return found


def _covered_share(obj: ctypes.c_void_p, width: float, height: float) -> float:
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    pdfium_c.FPDFPageObj_GetBounds(obj, *(ctypes.byref(v) for v in (left, bottom, right, top)))
    visible = max(0.0, min(right.value, width) - max(left.value, 0.0))
    visible *= max(0.0, min(top.value, height) - max(bottom.value, 0.0))
    return visible / (width * height) if width and height else 0.0


_SCAN_CODECS = frozenset({"DCTDecode", "CCITTFaxDecode", "JBIG2Decode", "JPXDecode"})


def _scan_codec(image: ctypes.c_void_p) -> bool:
    """The image is stored as scanners store pages (JPEG, CCITT G3/G4, JBIG2, JPEG 2000)."""
    buffer = ctypes.create_string_buffer(32)
    for index in range(pdfium_c.FPDFImageObj_GetImageFilterCount(image)):
        length = pdfium_c.FPDFImageObj_GetImageFilter(image, index, buffer, len(buffer))
        if 0 < length <= len(buffer) and buffer.value.decode("latin-1") in _SCAN_CODECS:
            return True
    return False


def _hidden_text_share(pdf_page: pdfium.PdfPage, width: float, height: float) -> float:
    """The share of the page's text objects a reader cannot see over a page-size scan: drawn
    invisible (render mode 3, Adobe's and OCRmyPDF's searchable PDFs) or drawn before the scan, under
    it (ABBYY FineReader's "text under the page image"); 0 on a page without such a scan."""
    objects = _page_objects(pdf_page)
    kinds = [pdfium_c.FPDFPageObj_GetType(obj) for obj in objects]
    scans = [
        index
        for index, kind in enumerate(kinds)
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE and _covered_share(objects[index], width, height) >= SCAN_PAGE_SHARE
    ]
    texts = [index for index, kind in enumerate(kinds) if kind == pdfium_c.FPDF_PAGEOBJ_TEXT]
    if not scans or not texts:
        return 0.0
    # a scan drawn over text hides it; a picture that lets it through (a document site's watermark laid
    # over the page, a PNG with an alpha mask) is no scan: scanners and OCR programs write scan codecs
    opaque = [index for index in scans if _scan_codec(objects[index])]
    hidden = sum(
        1
        for index in texts
        if (opaque and index < opaque[-1])
        or pdfium_c.FPDFTextObj_GetTextRenderMode(objects[index]) == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE
    )
    return hidden / len(texts)


# pdfium counts a character beyond the BMP (a mathematical italic 𝑇) as two, the halves of its UTF-16
# surrogate pair, and boxes both; Python's string holds one. This stands for the second half, so that
# the string's indexes stay pdfium's, and is dropped with the line breaks.
_SECOND_HALF = "\uffff"


def _page_characters(text_page: pdfium.PdfTextPage, count: int) -> str:
    """The page's characters, one per pdfium character index."""
    if count <= 0:
        return ""
    text = text_page.get_text_range(0, count, force_this=True)
    if len(text) == count:
        return text
    return "".join(char + _SECOND_HALF if ord(char) > 0xFFFF else char for char in text)


_Glyph = tuple[str, float, float, float, float]  # (character, left, bottom, right, top), PDF units

# pdfium's loose-box call with plain addresses for arguments, so that `map` can call it for every
# character of a page from C: a Python loop over the characters cost twice as much.
_LOOSE_CHAR_BOX = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p)(
    ctypes.cast(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_void_p).value or 0
)
_RECT_BYTES = ctypes.sizeof(pdfium_c.FS_RECTF)
# The same for the tight box (left, right, bottom, top as four doubles), for the blanks of a page.
_TIGHT_CHAR_BOX = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p
)(ctypes.cast(pdfium_c.FPDFText_GetCharBox, ctypes.c_void_p).value or 0)
_DOUBLE_BYTES = ctypes.sizeof(ctypes.c_double)
_WHITESPACE_CODES = np.array(sorted(ord(c) for c in _WHITESPACE), dtype=np.uint32)
_DROPPED_CODES = np.array([ord("\r"), ord("\n"), ord(_SECOND_HALF)], dtype=np.uint32)


def _char_boxes(text_page: pdfium.PdfTextPage, text: str) -> tuple[np.ndarray, np.ndarray]:
    """The characters of `text` that have a place on the page, as indexes into `text`, and their
    loose boxes (columns left, bottom, right, top; PDF units) in text order.

    Generated line breaks (and `_SECOND_HALF`) are dropped, and so are white-space characters without
    width (generated spaces); real spaces keep their boxes and separate words.
    """
    count = len(text)
    if count == 0:
        return np.zeros(0, dtype=np.intp), np.zeros((0, 4))
    rects = (ctypes.c_float * (4 * count))()
    base = ctypes.addressof(rects)
    handle = ctypes.cast(text_page.raw, ctypes.c_void_p).value
    found = np.fromiter(
        map(_LOOSE_CHAR_BOX, repeat(handle, count), range(count), range(base, base + _RECT_BYTES * count, _RECT_BYTES)),
        dtype=np.int64,
        count=count,
    )
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    dropped = np.isin(codes, _DROPPED_CODES)
    if np.any((found == 0) & ~dropped):
        raise PdfiumError("Failed to get charbox.")
    left, top, right, bottom = (
        np.frombuffer(memoryview(rects).cast("B"), dtype=np.float32).reshape(count, 4).astype(np.float64).T
    )
    keep = ~dropped & ~((right <= left) & np.isin(codes, _WHITESPACE_CODES))
    indexes = np.flatnonzero(keep)
    return indexes, np.stack([left[indexes], bottom[indexes], right[indexes], top[indexes]], axis=1)


def _line_chars(text: str, indexes: np.ndarray, boxes: np.ndarray) -> list[list[_Glyph]]:
    """Characters with boxes grouped into lines by geometry, each line left to right.

    Text order cannot be trusted: glyphs from a fallback font (LibreOffice, Word exports) come
    after the rest of their line.
    """
    chars: list[_Glyph] = [
        (text[index], left, bottom, right, top)
        for index, (left, bottom, right, top) in zip(indexes.tolist(), boxes.tolist(), strict=True)
    ]
    chars.sort(key=lambda c: -(c[2] + c[4]) / 2)
    lines: list[list[_Glyph]] = []
    low = high = 0.0
    for glyph in chars:
        centre = (glyph[2] + glyph[4]) / 2
        if lines and low <= centre <= high:
            lines[-1].append(glyph)
            low, high = min(low, glyph[2]), max(high, glyph[4])
        else:
            lines.append([glyph])
            low, high = glyph[2], glyph[4]
    by_left = itemgetter(1)
    return [sorted(line, key=by_left) for line in lines]


def _word_boxes_one_by_one(text: str, indexes: np.ndarray, boxes: np.ndarray, page_height: float) -> list[Box]:
    """`_word_boxes`, a character at a time: the definition the array version follows, and the
    reading of a page whose boxes hold values the arrays could order differently (NaN, -0.0)."""
    words: list[Box] = []
    whitespace = _WHITESPACE
    for line in _line_chars(text, indexes, boxes):
        letters: list[str] = []
        x0 = low = x1 = high = 0.0
        previous_right = previous_height = 0.0
        for char, left, bottom, right, top in [*line, (" ", 0.0, 0.0, 0.0, 0.0)]:
            if letters and (char in whitespace or left - previous_right > _WORD_GAP * previous_height):
                word = nfc("".join(letters))
                if word.strip():
                    words.append(
                        (word, round(x0, 2), round(page_height - high, 2), round(x1, 2), round(page_height - low, 2))
                    )
                letters = []
            if char in whitespace:
                continue
            # min/max kept as the builtins do (the first of equal values stays)
            if not letters:
                x0, low, x1, high = left, bottom, right, top
            else:
                if left < x0:
                    x0 = left
                if bottom < low:
                    low = bottom
                if right > x1:
                    x1 = right
                if top > high:
                    high = top
            letters.append(char)
            previous_right, previous_height = right, max(top - bottom, 1.0)
    return words


def _line_starts(centres: list[float], bottoms: list[float], tops: list[float]) -> list[int]:
    """Where each line starts among characters ordered from the top of the page down: a character
    whose centre is outside the vertical extent of the line so far starts the next."""
    starts: list[int] = []
    low = high = 0.0
    for position, (centre, bottom, top) in enumerate(zip(centres, bottoms, tops, strict=True)):
        if starts and low <= centre <= high:
            if bottom < low:
                low = bottom
            if top > high:
                high = top
        else:
            starts.append(position)
            low, high = bottom, top
    return starts


def _word_boxes(
    text_page: pdfium.PdfTextPage, text: str, page_height: float, middle_chars: list[int] | None = None
) -> list[Box]:
    """The page's words as (text, x0, top, x1, bottom), top-left origin, in line order; words that
    are only white space are left out. `middle_chars`, if given, gets each word's middle letter's
    index in `text` (see `_words_of_boxes`)."""
    return _words_of_boxes(text, *_char_boxes(text_page, text), page_height, middle_chars)


def _words_of_boxes(
    text: str, indexes: np.ndarray, boxes: np.ndarray, page_height: float, middle_chars: list[int] | None = None
) -> list[Box]:
    """The words of the characters `text[indexes]` with `boxes` (see `_char_boxes`).

    Characters are grouped into lines (`_line_chars`), each line is cut into words at white space
    and at gaps wider than `_WORD_GAP` of the previous character's height, and a word's box is the
    union of its characters' boxes: what `_word_boxes_one_by_one` does, on arrays.
    """
    if len(indexes) == 0:
        return []
    negative_zero = (boxes == 0) & np.signbit(boxes)
    if not np.isfinite(boxes).all() or negative_zero.any():
        return _word_boxes_one_by_one(text, indexes, boxes, page_height)
    left, bottom, right, top = boxes.T
    centres = (bottom + top) / 2
    by_height = np.argsort(-(bottom + top) / 2, kind="stable")  # top of the page first, as `_line_chars`
    line_of = np.zeros(len(by_height), dtype=np.intp)
    starts = _line_starts(centres[by_height].tolist(), bottom[by_height].tolist(), top[by_height].tolist())
    line_of[starts[1:]] = 1
    line_of = np.cumsum(line_of)
    order = by_height[np.lexsort((left[by_height], line_of))]  # each line left to right, stable
    # (in that order the line numbers are already sorted: `line_of` holds for it too)
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)[indexes[order]]
    space = np.isin(codes, _WHITESPACE_CODES)
    left, bottom, right, top = left[order], bottom[order], right[order], top[order]
    # a word starts at a letter after white space, at a line's start, or after a gap
    starts_word = np.ones(len(order), dtype=bool)
    gap = left[1:] - right[:-1] > _WORD_GAP * np.maximum(top[:-1] - bottom[:-1], 1.0)
    starts_word[1:] = space[:-1] | (line_of[1:] != line_of[:-1]) | gap
    letters = np.flatnonzero(~space)
    if len(letters) == 0:
        return []
    first = np.flatnonzero(starts_word[letters])
    ends = [*first[1:].tolist(), len(letters)]
    spelled = "".join(map(text.__getitem__, indexes[order[letters]].tolist()))
    x0s = _hundredths(np.minimum.reduceat(left[letters], first))
    bottoms = _hundredths(page_height - np.minimum.reduceat(bottom[letters], first))
    x1s = _hundredths(np.maximum.reduceat(right[letters], first))
    tops = _hundredths(page_height - np.maximum.reduceat(top[letters], first))
    spellings = [nfc(spelled[start:end]) for start, end in zip(first.tolist(), ends, strict=True)]
    if middle_chars is not None:  # (the one-by-one reading leaves it empty)
        middles = indexes[order[letters]][(first + np.asarray(ends)) // 2].tolist()
        middle_chars += [index for index, spelling in zip(middles, spellings, strict=True) if spelling.strip()]
    return [box for box in zip(spellings, x0s, tops, x1s, bottoms, strict=True) if box[0].strip()]


# Below this, a value times 100 is within 1e-6 of a half only when Python's `round` might round it
# the other way than `rint` of the product: those few are rounded by `round` itself.
_HUNDREDTHS_RANGE = 1e6


def _hundredths(values: np.ndarray) -> list[float]:
    """`[round(v, 2) for v in values]`, the same doubles: the nearest double to the value rounded
    half-even to two decimals is `rint(v * 100) / 100` whenever `v * 100` is not near a half."""
    if len(values) == 0 or np.abs(values).max() >= _HUNDREDTHS_RANGE:
        return [round(value, 2) for value in values.tolist()]
    scaled = values * 100
    rounded = (np.rint(scaled) / 100).tolist()
    for index in np.flatnonzero(np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6).tolist():
        rounded[index] = round(float(values[index]), 2)
    return rounded


_WORD_FIELDS = ("text", "x0", "top", "x1", "bottom", "start")
_new_object, _set_attribute = object.__new__, object.__setattr__


def _built_words(boxes: Sequence[Box], placed: list[tuple[int, int]]) -> list[Word]:
    """The `Word`s of `boxes[index]` at offset `start`, for each (index, start) of `placed`: values
    that are already what validation would give (a str, floats, an int), built as validation builds
    them: the same fields in the same order, the same fields set. Validating a page's words cost
    5 µs a word, a tenth of the whole text layer (`tests/extractors/test_text_layer_words.py` checks
    that the two are the same); one loop without a call per word costs a quarter less again."""
    words: list[Word] = []
    append = words.append
    for index, start in placed:
        text, x0, top, x1, bottom = boxes[index]
        word = _new_object(Word)
        values = {
            "text": text,
            "x0": x0,
            "top": top,
            "x1": x1,
            "bottom": bottom,
            "confidence": None,
            "start": start,
            "line": None,
        }
        _set_attribute(word, "__dict__", values)
        _set_attribute(word, "__pydantic_fields_set__", set(_WORD_FIELDS))
        _set_attribute(word, "__pydantic_extra__", None)
        _set_attribute(word, "__pydantic_private__", None)
        append(word)
    return words


def _word(text: str, x0: float, top: float, x1: float, bottom: float, start: int) -> Word:
    """One word built as `_built_words` builds them."""
    return _built_words([(text, x0, top, x1, bottom)], [(0, start)])[0]


def _placed_words(boxes: list[Box]) -> tuple[str, list[Word]]:
    """The page text and its words in reading order, each with its offset (`page_text`)."""
    text, placed = place_boxes(boxes)
    return text, _built_words(boxes, placed)


def _scan_share(pdf_page: pdfium.PdfPage, width: float, height: float) -> float:
    """The share of the page covered by its largest image (0 for a page without images)."""
    images = [
        obj for obj in _page_objects(pdf_page) if pdfium_c.FPDFPageObj_GetType(obj) == pdfium_c.FPDF_PAGEOBJ_IMAGE
    ]
    return max((_covered_share(image, width, height) for image in images), default=0.0)


def _word_area(boxes: Sequence[Box]) -> float:
    return sum([max(0.0, x1 - x0) * max(0.0, bottom - top) for _, x0, top, x1, bottom in boxes])


def _unmapped_glyphs(text_page: pdfium.PdfTextPage, text: str) -> int:
    """Glyphs drawn between two letters of one line whose font maps them to no character (pdfium
    gives U+FFFE): "C\ufffeÍN\ufffe" for "CHÍNH". A hyphen at a line's end also comes as U+FFFE, but
    the letter after it is on the next line."""
    count = 0
    for index in (i for i, char in enumerate(text) if char in _NO_CHARACTER):
        if not (0 < index < len(text) - 1 and text[index - 1].isalpha() and text[index + 1].isalpha()):
            continue
        left, _, right, _ = text_page.get_charbox(index, loose=True)
        _, before_bottom, _, before_top = text_page.get_charbox(index - 1, loose=True)
        _, after_bottom, _, after_top = text_page.get_charbox(index + 1, loose=True)
        after_centre = (after_bottom + after_top) / 2
        if right > left and before_bottom <= after_centre <= before_top:
            count += 1
    return count


# A blank the layer gives to a drawn glyph: its box is the glyph's, and the page shows ink in it.
_BLANK_CODES = np.array([ord(" "), 0xA0], dtype=np.uint32)
_BLANK_RENDER_SCALE = 2.0  # 144 dpi: a 13-point capital is ~25 px high
_BLANK_INSET = 0.2  # of the box's width and height on each side, away from the neighbours' ink
_BLANK_INK_SHARE = 0.12  # the strokes of a letter cover more than this of its box's middle
_DARK = 110  # a neutral pixel darker than this is print (red seals and blue ink are not neutral)
_NEUTRAL = 60


def _face_name(text_page: pdfium.PdfTextPage, index: int) -> str:
    """The font's name without its subset tag: Word embeds one face as several subsets
    ("BCDHEE+TimesNewRomanPSMT", "BCDIEE+TimesNewRomanPSMT"), one word's letters across them."""
    name = _font_name(text_page, index)
    return name.split("+", 1)[1] if len(name) > 7 and name[6] == "+" else name


def _faces_of_words(
    text_page: pdfium.PdfTextPage, words: list[Box], middle_chars: list[int], page_height: float
) -> dict[str, list[str]]:
    """The words (those with a letter) by the face they are set in: that of a word's middle letter
    (`middle_chars`), or of the glyph found at its middle by position. Not by the text's order, which
    a fallback font's glyphs do not keep."""
    by_face: dict[str, list[str]] = {}
    known = len(middle_chars) == len(words)
    for number, (text, x0, top, x1, bottom) in enumerate(words):
        if not any(char.isalpha() for char in text):
            continue
        if known:
            index = middle_chars[number]
        else:
            x, y = (x0 + x1) / 2, page_height - (top + bottom) / 2
            index = pdfium_c.FPDFText_GetCharIndexAtPos(text_page.raw, x, y, (x1 - x0) / 2, (bottom - top) / 2)
        if index >= 0:
            by_face.setdefault(_face_name(text_page, index), []).append(text)
    return by_face


def _broken_faces(by_face: dict[str, list[str]]) -> tuple[str, ...]:
    """The faces whose own words are not Vietnamese (see `font_text_is_not_vietnamese`)."""
    return tuple(sorted(face for face, texts in by_face.items() if font_text_is_not_vietnamese(" ".join(texts))))


def page_faces(document: pdfium.PdfDocument, page: Page) -> tuple[str, ...]:
    """The faces a page read from its text layer sets its words in (none for a page shown turned).

    Call with `PDFIUM_LOCK` held."""
    if page.turned:
        return ()
    pdf_page = document[page.page - 1]
    text_page = pdf_page.get_textpage()
    try:
        boxes = [(word.text, word.x0, word.top, word.x1, word.bottom) for word in page.words]
        return tuple(sorted(_faces_of_words(text_page, boxes, [], page.height)))
    finally:
        text_page.close()
        pdf_page.close()


def _is_text_letter(char: str) -> bool:
    return char.isalpha() and char < LETTERLIKE_SYMBOLS


def _blank_glyphs(pdf_page: pdfium.PdfPage, text_page: pdfium.PdfTextPage, text: str, turned: int) -> int:
    """Blanks in the layer where the page draws a letter: a font whose map gives "H" a space reads
    "CHÍNH PHỦ" as "C ÍN  P Ủ". A space the font draws as a space has no outline, so pdfium gives it a
    box without height; one with a box is looked at on the rendered page, and counted if inked."""
    if turned:
        return 0
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    blanks = np.flatnonzero(np.isin(codes, _BLANK_CODES)).tolist()
    if not blanks:
        return 0
    # tight boxes of every blank at once: most have no height, which rules them out
    count = len(blanks)
    rects = (ctypes.c_double * (4 * count))()
    first = ctypes.addressof(rects)
    fields = [range(first + k * _DOUBLE_BYTES, first + 4 * count * _DOUBLE_BYTES, 4 * _DOUBLE_BYTES) for k in range(4)]
    handle = text_page.raw
    found = np.fromiter(
        map(_TIGHT_CHAR_BOX, repeat(ctypes.cast(handle, ctypes.c_void_p).value, count), blanks, *fields),
        dtype=np.int64,
        count=count,
    )
    left_, right_, bottom_, top_ = np.frombuffer(memoryview(rects).cast("B"), dtype=np.float64).reshape(count, 4).T
    tall = (found != 0) & (right_ - left_ > 0.5) & (top_ - bottom_ > 0.5)
    candidates = []
    for number in np.flatnonzero(tall).tolist():
        index = blanks[number]
        if pdfium_c.FPDFText_IsGenerated(handle, index):
            continue
        # beside a letter of a word: a formula's drawn pieces (a radical's bar, a tall bracket) are
        # blanks in Word's maps too, between symbols and mathematical letters
        if not any(_is_text_letter(text[i]) for i in (index - 1, index + 1) if 0 <= i < len(text)):
            continue
        if pdfium_c.FPDFText_GetTextRenderMode(handle, index) == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE:
            continue
        candidates.append((left_[number], bottom_[number], right_[number], top_[number]))
    if len(candidates) < MIN_BLANK_GLYPHS:
        return 0
    crop_left, _, _, crop_top = pdf_page.get_cropbox()
    bitmap = pdf_page.render(scale=_BLANK_RENDER_SCALE, rev_byteorder=True)
    pixels = bitmap.to_numpy()
    if pixels.ndim != 3:
        return 0
    pixels = pixels[..., :3].astype(np.int16)
    print_ink = (pixels.max(axis=2) < _DARK) & (pixels.max(axis=2) - pixels.min(axis=2) < _NEUTRAL)
    inked = 0
    for left, bottom, right, top in candidates:
        inset_x, inset_y = (right - left) * _BLANK_INSET, (top - bottom) * _BLANK_INSET
        x0 = round((left + inset_x - crop_left) * _BLANK_RENDER_SCALE)
        x1 = round((right - inset_x - crop_left) * _BLANK_RENDER_SCALE)
        y0 = round((crop_top - top + inset_y) * _BLANK_RENDER_SCALE)
        y1 = round((crop_top - bottom - inset_y) * _BLANK_RENDER_SCALE)
        inside = print_ink[max(0, y0) : max(0, y1), max(0, x0) : max(0, x1)]
        if inside.size and inside.mean() >= _BLANK_INK_SHARE:
            inked += 1
    return inked


_LOOKALIKE_CHARACTERS = frozenset(VIETNAMESE_LOOKALIKES) | frozenset(SCRIPT_LOOKALIKES)


def _lookalikes_mapped(
    boxes: list[Box], text: str, quality: TextQuality
) -> tuple[list[Box], str, list[Word], TextQuality, Counter[str]] | None:
    """The words with look-alike code points mapped ("nƣớc" → "nước"), when the mapped layer is usable
    and reads no worse (a legacy font's "Ð" for "é" is left to `legacy_encodings`)."""
    if _LOOKALIKE_CHARACTERS.isdisjoint(text):  # `text` holds every word: nothing to map
        return None
    mapped_boxes: list[Box] = []
    found: Counter[str] = Counter()
    for box in boxes:
        mapped, counts = map_lookalikes(box[0])
        found.update(counts)
        mapped_boxes.append((mapped, box[1], box[2], box[3], box[4]) if counts else box)
    if not found:
        return None
    mapped_text, placed = _placed_words(mapped_boxes)
    mapped_quality = replace(
        judge_text(mapped_text), unmapped_glyphs=quality.unmapped_glyphs, blank_glyphs=quality.blank_glyphs
    )
    if not mapped_quality.usable or (quality.usable and mapped_quality.score < quality.score):
        return None
    return mapped_boxes, mapped_text, placed, mapped_quality, found


def read_text_layer(pdf_page: pdfium.PdfPage, page_number: int) -> tuple[Page, TextQuality]:
    """Read one page. Returns the page (method "text", or "converted" for a legacy font) and its quality.

    Call with `PDFIUM_LOCK` held.
    """
    width, height = pdf_page.get_size()
    # A page the PDF shows turned (/Rotate, clockwise): pdfium gives its characters' boxes in the
    # page's own frame, where its lines are read; the words, width and height are of that frame, and
    # the record says how it is shown turned (`Page.turned`), so its boxes land on the page image.
    turned = _TURNS.get(pdf_page.get_rotation() % 360, 0)
    if turned in (90, 270):
        width, height = height, width
    text_page = pdf_page.get_textpage()
    try:
        count = text_page.count_chars()
        raw_text = _page_characters(text_page, count)
        middle_chars: list[int] = []
        words = _word_boxes(text_page, raw_text, height, middle_chars)
        text, placed = _placed_words(words)
        quality = replace(
            judge_text(text),
            unmapped_glyphs=_unmapped_glyphs(text_page, raw_text),
            blank_glyphs=_blank_glyphs(pdf_page, text_page, raw_text, turned),
        )
        lookalike_reading = _lookalikes_mapped(words, text, quality)
        if lookalike_reading is not None:
            words, text, placed, quality, mapped = lookalike_reading
        if quality.usable and not turned and may_hold_a_broken_font(quality):
            quality = replace(
                quality, broken_fonts=_broken_faces(_faces_of_words(text_page, words, middle_chars, height))
            )
        if quality.usable:
            coverage = _word_area(words) / (width * height)
            # only a sparse layer needs the (slower) look for a page-size scan under it
            if coverage < MIN_SCAN_COVERAGE and _scan_share(pdf_page, width, height) >= SCAN_PAGE_SHARE:
                quality = replace(quality, scan_coverage=coverage)
        if quality.usable and _hidden_text_share(pdf_page, width, height) >= MIN_HIDDEN_SHARE:
            # our OCR reads the scan with its second looks and doubts; a stranger's reading has neither
            quality = replace(quality, other_ocr=True)
        reason = quality.reason() if words else "no text layer"
        page = Page(
            page=page_number,
            method="converted" if lookalike_reading else "text",
            text=text,
            width=width,
            height=height,
            words=placed,
            reason=f"{describe_lookalikes(mapped)}; {reason}" if lookalike_reading else reason,
            turned=turned,
        )
        if quality.usable or quality.other_ocr or not words:
            return page, quality
        named = _legacy_encoding_of(text_page, raw_text)
    finally:
        text_page.close()

    # A legacy font: named by the PDF, or recognised because a conversion reads as Vietnamese.
    if named:
        converted_text = convert(text, named)
        reading: tuple[str, str, TextQuality] | None = (named, converted_text, judge_text(converted_text))
    else:
        reading = best_legacy_reading(text, quality)
    if reading is None or not reading[2].usable:
        return page, quality
    encoding, _, converted_quality = reading
    converted_words = [(nfc(convert(word, encoding)), x0, top, x1, bottom) for word, x0, top, x1, bottom in words]
    converted_text, converted_placed = _placed_words(converted_words)
    return (
        page.model_copy(
            update={
                "method": "converted",
                "text": converted_text,
                "words": converted_placed,
                "reason": f"legacy {encoding.upper()} font encoding converted; {converted_quality.reason()}",
            }
        ),
        converted_quality,
    )
