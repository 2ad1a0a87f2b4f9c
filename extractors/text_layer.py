"""Read a page's embedded text layer: words with boxes (pypdfium2), NFC, legacy fonts converted.

pypdfium2's text page gives every character with its box at ~0.016 s/page; pdfplumber (pdfminer)
needed ~0.29 s/page for the same words on the same files (bench/bench_extract.py), so pdfium reads
the layer and the words are assembled here.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractors.legacy_encodings import best_legacy_reading, convert, encoding_from_font
from extractors.normalize import nfc
from extractors.page_text import assemble_text
from extractors.text_quality import TextQuality, judge_text
from kiemchung.models import Page, Word

_WHITESPACE = {" ", "\r", "\n", "\t", "\u00a0", "\ufffe", "\x02"}
# Two characters further apart than this share of the font height belong to different words.
_WORD_GAP = 0.35


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


def _words(text_page: pdfium.PdfTextPage, text: str, page_height: float) -> Iterator[Word]:
    chars: list[str] = []
    box: list[float] = []  # left, bottom, right, top in PDF space

    def flush() -> Iterator[Word]:
        if chars:
            left, bottom, right, top = box
            yield Word(text=nfc("".join(chars)), x0=round(left, 2), top=round(page_height - top, 2),
                       x1=round(right, 2), bottom=round(page_height - bottom, 2))
        chars.clear()

    for index, char in enumerate(text):
        if char in _WHITESPACE:
            yield from flush()
            continue
        left, bottom, right, top = text_page.get_charbox(index, loose=True)
        if chars:
            height = max(top - bottom, box[3] - box[1], 1.0)
            same_line = bottom < box[3] and top > box[1]
            if not same_line or left - box[2] > _WORD_GAP * height or left < box[0] - 1:
                yield from flush()
        if chars:
            box = [min(box[0], left), min(box[1], bottom), max(box[2], right), max(box[3], top)]
        else:
            box = [left, bottom, right, top]
        chars.append(char)
    yield from flush()


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
        quality = judge_text(text)
        page = Page(page=page_number, method="text", text=text, width=width, height=height,
                    words=placed, reason=quality.reason() if words else "no text layer")
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
        page.model_copy(update={
            "method": "converted", "text": converted_text, "words": converted_placed,
            "reason": f"legacy {encoding.upper()} font encoding converted; {converted_quality.reason()}",
        }),
        converted_quality,
    )
