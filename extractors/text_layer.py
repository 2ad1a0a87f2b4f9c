"""Read a page's embedded text layer: words with boxes (pypdfium2), NFC, legacy fonts converted.

pypdfium2's text page gives every character with its box at ~0.016 s/page; pdfplumber (pdfminer)
needed ~0.29 s/page for the same words on the same files (bench/bench_extract.py), so pdfium reads
the layer and the words are assembled here.
"""

from __future__ import annotations

import ctypes
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import replace

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from core.models import Page, Word
from extractors.legacy_encodings import best_legacy_reading, convert, encoding_from_font
from extractors.lookalikes import describe as describe_lookalikes
from extractors.lookalikes import map_lookalikes
from extractors.normalize import nfc
from extractors.page_text import assemble_text
from extractors.text_quality import MIN_SCAN_COVERAGE, TextQuality, judge_text

_WHITESPACE = {" ", "\r", "\n", "\t", "\u00a0", "\ufffe", "\x02"}
# What pdfium gives for a glyph its font maps to no character (and for a hyphen at a line's end).
_NO_CHARACTER = {"\ufffe"}
# An image over this share of the page makes it a scanned page.
SCAN_PAGE_SHARE = 0.5
# Two characters further apart than this share of the font height belong to different words.
_WORD_GAP = 0.15


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


def _line_chars(text_page: pdfium.PdfTextPage, text: str) -> list[list[tuple[str, float, float, float, float]]]:
    """Characters with boxes grouped into lines by geometry, each line left to right.

    Text order cannot be trusted: glyphs from a fallback font (LibreOffice, Word exports) come
    after the rest of their line. Generated spaces and line breaks have no box and are dropped;
    real spaces keep theirs and separate words.
    """
    chars: list[tuple[str, float, float, float, float]] = []
    for index, char in enumerate(text):
        if char in "\r\n":
            continue
        left, bottom, right, top = text_page.get_charbox(index, loose=True)
        if right <= left and char in _WHITESPACE:
            continue
        chars.append((char, left, bottom, right, top))
    chars.sort(key=lambda c: -(c[2] + c[4]) / 2)
    lines: list[list[tuple[str, float, float, float, float]]] = []
    low = high = 0.0
    for glyph in chars:
        centre = (glyph[2] + glyph[4]) / 2
        if lines and low <= centre <= high:
            lines[-1].append(glyph)
            low, high = min(low, glyph[2]), max(high, glyph[4])
        else:
            lines.append([glyph])
            low, high = glyph[2], glyph[4]
    return [sorted(line, key=lambda c: c[1]) for line in lines]


def _words(text_page: pdfium.PdfTextPage, text: str, page_height: float) -> Iterator[Word]:
    for line in _line_chars(text_page, text):
        current: list[tuple[str, float, float, float, float]] = []
        for char in [*line, (" ", 0.0, 0.0, 0.0, 0.0)]:
            if current:
                previous = current[-1]
                height = max(previous[4] - previous[2], 1.0)
                if char[0] in _WHITESPACE or char[1] - previous[3] > _WORD_GAP * height:
                    yield Word(
                        text=nfc("".join(c[0] for c in current)),
                        x0=round(min(c[1] for c in current), 2),
                        top=round(page_height - max(c[4] for c in current), 2),
                        x1=round(max(c[3] for c in current), 2),
                        bottom=round(page_height - min(c[2] for c in current), 2),
                    )
                    current = []
            if char[0] not in _WHITESPACE:
                current.append(char)


def _scan_share(pdf_page: pdfium.PdfPage, width: float, height: float) -> float:
    """The share of the page covered by its largest image (0 for a page without images)."""
    largest = 0.0
    for image in pdf_page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = image.get_pos()
        visible = max(0.0, min(right, width) - max(left, 0.0)) * max(0.0, min(top, height) - max(bottom, 0.0))
        largest = max(largest, visible)
    return largest / (width * height) if width and height else 0.0


def _word_area(words: Sequence[Word]) -> float:
    return sum(max(0.0, w.x1 - w.x0) * max(0.0, w.bottom - w.top) for w in words)


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


def _lookalikes_mapped(
    words: list[Word], quality: TextQuality
) -> tuple[list[Word], str, list[Word], TextQuality, Counter[str]] | None:
    """The words with look-alike code points mapped ("nƣớc" → "nước"), when the mapped layer is usable
    and reads no worse (a legacy font's "Ð" for "é" is left to `legacy_encodings`)."""
    mapped_words: list[Word] = []
    found: Counter[str] = Counter()
    for word in words:
        text, counts = map_lookalikes(word.text)
        found.update(counts)
        mapped_words.append(word.model_copy(update={"text": text}) if counts else word)
    if not found:
        return None
    text, placed = assemble_text(mapped_words)
    mapped_quality = replace(judge_text(text), unmapped_glyphs=quality.unmapped_glyphs)
    if not mapped_quality.usable or (quality.usable and mapped_quality.score < quality.score):
        return None
    return mapped_words, text, placed, mapped_quality, found


def read_text_layer(pdf_page: pdfium.PdfPage, page_number: int) -> tuple[Page, TextQuality]:
    """Read one page. Returns the page (method "text", or "converted" for a legacy font) and its quality.

    Call with `PDFIUM_LOCK` held.
    """
    width, height = pdf_page.get_size()
    text_page = pdf_page.get_textpage()
    try:
        count = text_page.count_chars()
        raw_text = text_page.get_text_range(0, count, force_this=True) if count > 0 else ""
        words = [w for w in _words(text_page, raw_text, height) if w.text.strip()]
        text, placed = assemble_text(words)
        quality = replace(judge_text(text), unmapped_glyphs=_unmapped_glyphs(text_page, raw_text))
        lookalike_reading = _lookalikes_mapped(words, quality)
        if lookalike_reading is not None:
            words, text, placed, quality, mapped = lookalike_reading
        if quality.usable:
            coverage = _word_area(words) / (width * height)
            # only a sparse layer needs the (slower) look for a page-size scan under it
            if coverage < MIN_SCAN_COVERAGE and _scan_share(pdf_page, width, height) >= SCAN_PAGE_SHARE:
                quality = replace(quality, scan_coverage=coverage)
        reason = quality.reason() if words else "no text layer"
        page = Page(
            page=page_number,
            method="converted" if lookalike_reading else "text",
            text=text,
            width=width,
            height=height,
            words=placed,
            reason=f"{describe_lookalikes(mapped)}; {reason}" if lookalike_reading else reason,
        )
        if quality.usable or not words:
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
    converted_words = [w.model_copy(update={"text": nfc(convert(w.text, encoding))}) for w in words]
    converted_text, converted_placed = assemble_text(converted_words)
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
