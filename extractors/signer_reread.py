"""A second look at a scanned signer block whose title or name OCR did not read.

A seal stamped over the title ("CHỦ TỊCH" read "Nên hong"), a signature over the name, a page pasted
in a Word file at screen resolution: Tesseract's layout of the whole page mixes the signer's column
with the seal's ring and the recipients' list beside it. The column right of "Nơi nhận" is cut out and
read alone three ways (`texts_by_thresholding`, red ink removed), and three more with every coloured
ink painted out where a signature or seal left some; a title or name at least two readings agree on
fills what the first reading left empty — never replaces what it read. The
signer stays in `needs_review`: `SignerReview` says which parts were filled and whether every reading
gave them, for the record's `field_sources`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from PIL import Image

from core.models import Page, PointBox, Signer
from extractors.coloured_ink import without_coloured_ink
from extractors.layout import text_line
from extractors.normalize import fold
from extractors.ocr import OcrSettings
from extractors.signer import read_signer
from extractors.subject_reread import rendered_box, texts_by_thresholding

_RECIPIENTS = re.compile(r"^n[o0]i\s*nh[a]n\b")
_CAPACITY = re.compile(r"^(?:tm|kt|tl|tuq|q|t/m|k/t|t/l)\.?$")
COLUMN_LEFT = 0.42  # of the page's width: the signer's column, right of the recipients' list
LINES_ABOVE = 4  # the capacity line may stand a few lines above "Nơi nhận"
BLOCK_HEIGHT = 0.30  # of the page's height below "Nơi nhận": title, signature, seal, name
MIN_AGREEING = 2


def signer_box(page: Page) -> PointBox | None:
    """The signer's column: right of the recipients' list, from a few lines above "Nơi nhận" (else
    above the capacity line, "TM." / "KT." / "TL.", when "Nơi nhận" was not read) down past the name."""
    if not page.words or not page.width or not page.height:
        return None
    half = 0.5 * page.width
    anchor = next(
        (
            word
            for word, after in pairwise(page.words)
            if word.x0 < half and _RECIPIENTS.match(fold(f"{word.text} {after.text}").lower())
        ),
        None,
    )
    if anchor is None:
        capacities = [word for word in page.words if word.x0 >= half and _CAPACITY.match(fold(word.text).lower())]
        anchor = capacities[-1] if capacities else None
    if anchor is None:
        return None
    line_height = anchor.bottom - anchor.top
    return (
        COLUMN_LEFT * page.width,
        max(0.0, anchor.top - LINES_ABOVE * line_height),
        page.width,
        min(page.height, anchor.bottom + BLOCK_HEIGHT * page.height),
    )


def read_block_again(crop: Image.Image, settings: OcrSettings | None = None) -> list[str]:
    """Worker entry point: the column's text once per thresholding method, as a block (psm 6), and
    again without its coloured ink where it has some (a name under a signature's strokes)."""
    readings = texts_by_thresholding(crop, 6, settings)
    cleaned = without_coloured_ink(crop)
    if cleaned is not None:
        readings += texts_by_thresholding(cleaned, 6, settings)
    return readings


def read_block_box_again(
    pdf_path: str, page_index: int, box: PointBox, settings: OcrSettings | None = None
) -> list[str]:
    """Worker entry point where no image of the page is at hand: render it, read the box."""
    return read_block_again(rendered_box(pdf_path, page_index, box, settings), settings)


@dataclass(frozen=True)
class SignerReview:
    signer: Signer
    filled: tuple[str, ...]  # the parts the second look filled: "title", "name", "capacity"
    unanimous: bool  # every reading gave every filled part
    source: str


def review_signer(signer: Signer | None, readings: list[str]) -> SignerReview | None:
    """The parts of `signer` the first reading left empty, filled where two readings of the column
    agree; None when nothing could be filled."""
    found = [read_signer([text_line(line) for line in text.splitlines() if line.strip()]) for text in readings]
    current = signer or Signer()
    update: dict[str, str] = {}
    unanimous = True
    for part in ("capacity", "title", "name"):
        if getattr(current, part) is not None:
            continue
        values = Counter(value for s in found if s is not None and (value := getattr(s, part)) is not None)
        if not values:
            continue
        value, count = values.most_common(1)[0]
        if count >= MIN_AGREEING:
            update[part] = value
            unanimous = unanimous and count == len(readings)
    if not update:
        return None
    filled = tuple(update)
    described = ", ".join(f"{part} '{value}'" for part, value in update.items())
    source = f"signer's column read again ({len(readings)} ways): {described}"
    return SignerReview(current.model_copy(update=update), filled, unanimous, source)
