"""Scanned pages fed sideways or upside down: found from a reading that is not Vietnamese, turned
upright by Tesseract's orientation detection, and kept only when the upright reading is better.

A page turned 180° reads as confident-looking nonsense ("2onu eựư ÁT ưenb"), so every field of the
document came out null and nothing was listed for review. Orientation detection (`--psm 0`, the
`osd` model Debian's `tesseract-ocr` depends on) costs about a third of a second per page, so it
runs only where the first reading has too few Vietnamese syllables; the turn is believed only when
the page read again upright has more of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image

from core.models import Page
from extractors import tesseract_api
from extractors.text_quality import MIN_VALID_SHARE, MIN_WORDS, judge_text

# Tesseract's orientation confidence for a clear page of print is 10–20; below 2 it is guessing.
MIN_ORIENTATION_CONFIDENCE = 2.0
TURNS = {90: Image.Transpose.ROTATE_90, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_270}


def syllable_share(page: Page) -> float | None:
    """The share of the page's words that are Vietnamese syllables, None for a page with too few
    words to judge."""
    quality = judge_text(page.text)
    return quality.valid_share if quality.words >= MIN_WORDS else None


def stands_sideways(page: Page) -> bool:
    """Most words of three letters or more are taller than wide: Tesseract found the lines of a page
    turned 90° and read them, but every box stands on its side, so no line of the page is a line."""
    long_words = [w for w in page.words if len(w.text) >= 3]
    if len(long_words) < MIN_WORDS:
        return False
    standing = sum(1 for w in long_words if w.bottom - w.top > w.x1 - w.x0)
    return standing > len(long_words) / 2


def reads_poorly(page: Page) -> bool:
    share = syllable_share(page)
    return (share is not None and share < MIN_VALID_SHARE) or stands_sideways(page)


def detect_turn(gray: Image.Image, dpi: int) -> int | None:
    """The clockwise turn (90, 180, 270) the page's text shows, None when upright or unsure."""
    try:
        found = tesseract_api.engine("osd").orientation(gray, dpi)
    except tesseract_api.TesseractError:
        return None  # no osd model: the page keeps its first reading
    if found is None:
        return None
    degrees, confidence = found
    return degrees if degrees in TURNS and confidence >= MIN_ORIENTATION_CONFIDENCE else None


def turn_upright(image: Image.Image, degrees: int) -> Image.Image:
    """The image turned back by `degrees` (the clockwise turn detected): exact, no resampling."""
    return image.transpose(TURNS[degrees])


@dataclass(frozen=True)
class Upright:
    page: Page
    degrees: int  # how far the page was turned back; 0 when it kept its first reading


def read_upright(page: Page, gray: Image.Image, dpi: int, read: Callable[[Image.Image, int], Page]) -> Upright:
    """`page` as first read from `gray`, or, when it reads poorly (few Vietnamese syllables, or its
    words stand on their sides) and Tesseract sees the text turned, the page `read` from the
    turned-back image, if that reading lies flat and holds more syllables (or as many as a good
    reading has, for a page whose first reading stood sideways)."""
    if not reads_poorly(page):
        return Upright(page, 0)
    degrees = detect_turn(gray, dpi)
    if degrees is None:
        return Upright(page, 0)
    turned = read(turn_upright(gray, degrees), degrees)
    if stands_sideways(turned):
        return Upright(page, 0)
    before, after = syllable_share(page) or 0.0, syllable_share(turned)
    better = after is not None and (after > before or (stands_sideways(page) and after >= MIN_VALID_SHARE))
    return Upright(turned, degrees) if better else Upright(page, 0)
