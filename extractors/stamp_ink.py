"""The ink of a receiving office's stamp, taken off a scanned page before it is read again.

An arrival stamp ("ĐẾN / Số: … / Ngày: … / Chuyển: …") is pressed in violet or blue ink wherever
there is room at the top of the first page, often over the subject or the number; Tesseract reads
the typed words under it as junk ("yề việc2øøk©n ận sáng kiến"). Red ink (seals, red stamps) is
already left out of every reading (`ocr.grey_without_red`); this leaves out the blue and violet too,
but only where that ink is light: the typed black under it, darkened by the ink, stays, and so do
a pen's dark strokes.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from core.models import Page
from extractors import deskew

# blue above both red and green by this much once the paper is white: violet and blue inks, not grey
# print on yellowed paper
STAMP_BLUE_MARGIN = 10
# lighter than this (0-255): the ink alone, not typed text darkened under it
STAMP_MIN_LUMINANCE = 60
PAPER_PERCENTILE = 90  # of each channel: the paper's colour


def without_stamp_ink(pixels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A copy of the RGB page (height, width, 3) with light blue and violet ink painted the paper's
    colour, and the mask of the pixels painted. Colours are judged against the paper's (a scan's
    yellowed or bluish paper is white to the eye): an ink's faint edge is as blue, against the paper,
    as its middle."""
    paper = np.maximum(np.percentile(pixels.reshape(-1, 3)[::97], PAPER_PERCENTILE, axis=0), 1.0)
    gains = np.round(255.0 * 256.0 / paper).astype(np.int32)  # fixed point: 256 is a gain of one
    red, green, blue = (np.minimum((pixels[..., i].astype(np.int32) * gains[i]) >> 8, 255) for i in range(3))
    luminance = (red * 77 + green * 150 + blue * 29) >> 8
    ink = (blue - np.maximum(red, green) > STAMP_BLUE_MARGIN) & (luminance > STAMP_MIN_LUMINANCE)
    clean = pixels.copy()
    clean[ink] = paper.astype(np.uint8)  # the paper's own colour: no white holes for the thresholding
    return clean, ink


# of the top half of the page: an arrival stamp's box (some 58 by 30 mm) inks near one per cent of it,
# a pen's number or day a tenth of that
STAMP_MIN_SHARE = 0.003


def inks_like_a_stamp(ink: np.ndarray) -> bool:
    """Does the top half of the page hold as much blue or violet ink as a stamp's box?"""
    top = ink[: ink.shape[0] // 2]
    return bool(top.size) and float(top.mean()) > STAMP_MIN_SHARE


# a word whose box had this share of its pixels painted over was read where the ink lay
UNDER_INK_SHARE = 0.02
UNDER_INK_CONFIDENCE = 0.0  # what such a word's confidence becomes: no reading of it is sure


def doubt_words_under_ink(page: Page, ink: np.ndarray, scale: float, angle: float) -> Page:
    """The page with every word the taken-off ink lay over at confidence 0: the typed letters under a
    stamp or a pen's strokes are read, but not surely (a pen's "9/2/2023" over "chống" read "chúng").
    `angle`: the page was read straightened by it, so the mask is turned the same."""
    mask = Image.fromarray(ink.astype(np.uint8) * 255)
    ink = np.asarray(deskew.straighten(mask, angle, 0, Image.Resampling.NEAREST)) > 0
    height, width = ink.shape
    words = []
    for word in page.words:
        x0, top = max(int(word.x0 * scale), 0), max(int(word.top * scale), 0)
        x1, bottom = min(int(word.x1 * scale) + 1, width), min(int(word.bottom * scale) + 1, height)
        covered = ink[top:bottom, x0:x1]
        if covered.size and float(covered.mean()) > UNDER_INK_SHARE:
            word = word.model_copy(update={"confidence": UNDER_INK_CONFIDENCE})
        words.append(word)
    return page.model_copy(update={"words": words})
