"""Read a page's embedded text layer with pdfplumber (words with boxes), NFC, legacy fonts converted."""

from __future__ import annotations

from typing import Any

from extractors.legacy_encodings import best_legacy_reading, convert, encoding_from_font
from extractors.normalize import nfc
from extractors.page_text import assemble_text
from extractors.text_quality import TextQuality, judge_text
from kiemchung.models import Page, Word


def _legacy_encoding_of(chars: list[dict[str, Any]]) -> str | None:
    """The legacy encoding named by most of the page's fonts, if any."""
    counts: dict[str, int] = {}
    for char in chars:
        encoding = encoding_from_font(str(char.get("fontname", "")))
        if encoding:
            counts[encoding] = counts.get(encoding, 0) + 1
    if not counts:
        return None
    encoding, count = max(counts.items(), key=lambda item: item[1])
    return encoding if count >= len(chars) / 2 else None


def read_text_layer(plumber_page: Any, page_number: int) -> tuple[Page, TextQuality]:
    """Read one pdfplumber page. Returns the page (method "text" or "converted") and its quality."""
    raw_words = plumber_page.extract_words(keep_blank_chars=False, use_text_flow=False)
    words = [
        Word(
            text=nfc(w["text"]),
            x0=round(float(w["x0"]), 2),
            top=round(float(w["top"]), 2),
            x1=round(float(w["x1"]), 2),
            bottom=round(float(w["bottom"]), 2),
        )
        for w in raw_words
        if w["text"].strip()
    ]
    text, placed = assemble_text(words)
    quality = judge_text(text)
    page = Page(
        page=page_number,
        method="text",
        text=text,
        width=float(plumber_page.width),
        height=float(plumber_page.height),
        words=placed,
        reason=quality.reason(),
    )
    if quality.usable or not words:
        return page, quality

    # A legacy font: named by the PDF, or recognised because a conversion reads as Vietnamese.
    named = _legacy_encoding_of(plumber_page.chars)
    if named:
        converted_text = convert(text, named)
        converted_quality = judge_text(converted_text)
        reading: tuple[str, str, TextQuality] | None = (named, converted_text, converted_quality)
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
