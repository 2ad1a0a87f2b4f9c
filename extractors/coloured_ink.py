"""Ink of another colour than the print's, painted out before OCR reads.

A signature's blue strokes and their light edges, a seal's red, a receiver's violet "ĐẾN" stamp over
a subject, with its labels and the figures written on it: Tesseract reads them as marks and letters,
and its page layout joins their lines to the print's. Print stays dark under a page's colour cast,
so only what is both coloured and not dark is ink, measured against the paper's own tint.
`paint_out_stamps` clears a page's stamps and signatures before the page is read (not the smaller
figures written by hand on the document's blanks); `without_coloured_ink` clears a crop read again.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

COLOURED_CHROMA = 40  # the spread of a pixel's channels
DARK_PRINT = 100  # the brightest channel of print, however tinted
MIN_COLOURED_SHARE = 0.002  # of the crop's pixels: less is a speck, not a signature, seal or stamp
PAPER_PERCENTILE = 90  # of each channel over the page: its paper
PAPER_SAMPLE_STEP = 8  # every eighth pixel of a page's rows and columns tells its paper
MAX_PAPER_TINT = 40  # yellowed paper is at most this far below white in a channel; more is no paper


def paper_tint(rgb: np.ndarray) -> np.ndarray:
    """Per channel, what scales the paper of `rgb` (height, width, 3) to white, in 256ths (a cream or
    yellowed sheet; at most `MAX_PAPER_TINT` below white): ink lies on the paper and takes its tint
    in proportion, so scaled back, its colour is measured as on white paper and grey print stays grey."""
    step = PAPER_SAMPLE_STEP if min(rgb.shape[:2]) >= 50 * PAPER_SAMPLE_STEP else 1
    sample = rgb[::step, ::step].reshape(-1, 3)
    paper = np.percentile(sample, PAPER_PERCENTILE, axis=0) if sample.size else np.full(3, 255.0)
    paper = np.clip(paper, 255 - MAX_PAPER_TINT, 255)
    return np.round(256 * 255 / paper).astype(np.int32)


def brightest_and_spread(rgb: np.ndarray, tint: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each pixel's brightest channel and the spread of its channels, the paper's tint taken out."""
    red, green, blue = ((rgb[..., i].astype(np.int32) * tint[i]) >> 8 for i in range(3))
    brightest = np.maximum(np.maximum(red, green), blue)
    return brightest, brightest - np.minimum(np.minimum(red, green), blue)


def coloured_mask(rgb: np.ndarray, tint: np.ndarray | None = None, chroma: int = COLOURED_CHROMA) -> np.ndarray:
    """The pixels of `rgb` in coloured ink, judged against the paper's own colour (a cream sheet is
    no ink, a pale purple stamp on it is)."""
    brightest, spread = brightest_and_spread(rgb, paper_tint(rgb) if tint is None else tint)
    return (spread > chroma) & (brightest > DARK_PRINT)


def without_coloured_ink(crop: Image.Image) -> Image.Image | None:
    """The crop with its coloured ink painted white; None when it holds next to none."""
    rgb = np.asarray(crop.convert("RGB"))
    coloured = coloured_mask(rgb)
    if coloured.mean() < MIN_COLOURED_SHARE:
        return None
    cleaned = rgb.copy()
    cleaned[coloured] = 255
    return Image.fromarray(cleaned)


# A page's coloured ink is grouped on a grid of cells. A group as large as a stamp or a signature is
# no print: inside its box only dark, neutral print is kept for OCR (a receiver's "ĐẾN" stamp, its
# grey labels and the figures written into it go; the subject printed under it stays). A smaller
# group — figures written in by hand on the document's own blanks — is left as it is.
CELL_MM = 2.0
STAMP_CHROMA = 30  # a stamp's ink fades paler than a pen's: its cells are found at a lower spread
MIN_CELL_SHARE = 0.02  # of a cell's pixels coloured: a stroke crosses it
STAMP_MIN_WIDTH_MM = 25.0
STAMP_MIN_HEIGHT_MM = 10.0
STAMP_MARGIN_MM = 4.0
# A group wider or taller than this share of the page is the print itself in a colour, not a stamp
STAMP_MAX_PAGE_SHARE = 0.5
PRINT_DARKEST = 150  # inside a stamp's box, print is darker than this in every channel
PRINT_MAX_SPREAD = 25  # and nearly neutral unless darker than DARK_PRINT: the stamp's faded edges are not
MM_PER_INCH = 25.4

PixelBox = tuple[int, int, int, int]  # top, left, bottom, right in pixels


def stamp_boxes(rgb: np.ndarray, dpi: float, tint: np.ndarray | None = None) -> list[PixelBox]:
    """The boxes of the groups of coloured ink on a page that are as large as a stamp or a signature
    (`tint`: the page's `paper_tint`, when already known)."""
    tint = paper_tint(rgb) if tint is None else tint
    if not coloured_mask(rgb[::4, ::4], tint, STAMP_CHROMA).any():
        return []  # most scans hold no coloured ink at all
    coloured = coloured_mask(rgb, tint, STAMP_CHROMA)
    cell = max(1, round(CELL_MM * dpi / MM_PER_INCH))
    rows, columns = coloured.shape[0] // cell, coloured.shape[1] // cell
    if rows == 0 or columns == 0:
        return []
    share = coloured[: rows * cell, : columns * cell].reshape(rows, cell, columns, cell).mean(axis=(1, 3))
    marked = share > MIN_CELL_SHARE
    seen = np.zeros_like(marked)
    boxes = []
    for start in zip(*np.nonzero(marked), strict=True):
        if seen[start]:
            continue
        group = _group(marked, seen, (int(start[0]), int(start[1])))
        top, bottom = min(r for r, _ in group), max(r for r, _ in group) + 1
        left, right = min(c for _, c in group), max(c for _, c in group) + 1
        width_mm, height_mm = (right - left) * CELL_MM, (bottom - top) * CELL_MM
        if width_mm < STAMP_MIN_WIDTH_MM or height_mm < STAMP_MIN_HEIGHT_MM:
            continue
        if right - left > STAMP_MAX_PAGE_SHARE * columns or bottom - top > STAMP_MAX_PAGE_SHARE * rows:
            continue
        margin = round(STAMP_MARGIN_MM / CELL_MM)  # a stroke's faint ends past the cells found
        top, left = max(0, top - margin), max(0, left - margin)
        bottom, right = min(rows, bottom + margin), min(columns, right + margin)
        boxes.append((top * cell, left * cell, bottom * cell, right * cell))
    return boxes


def paint_out_stamps(grey: np.ndarray, rgb: np.ndarray, dpi: float) -> list[PixelBox]:
    """Inside each stamp's box of the page, everything but dark neutral print painted paper in
    `grey` (the page OCR reads, pixel for pixel `rgb`'s); the boxes painted."""
    tint = paper_tint(rgb)
    boxes = stamp_boxes(rgb, dpi, tint)
    # painted the paper's own grey: a white box on a tinted page moves Tesseract's thresholds
    paper = int(np.percentile(grey[::PAPER_SAMPLE_STEP, ::PAPER_SAMPLE_STEP], PAPER_PERCENTILE)) if boxes else 255
    for top, left, bottom, right in boxes:
        brightest, spread = brightest_and_spread(rgb[top:bottom, left:right], tint)
        # print under the stamp's ink takes its hue but stays dark; the stamp's faded ink is light
        not_print = ((spread > PRINT_MAX_SPREAD) & (brightest > DARK_PRINT)) | (brightest >= PRINT_DARKEST)
        grey[top:bottom, left:right][not_print] = paper
    return boxes


def _group(marked: np.ndarray, seen: np.ndarray, start: tuple[int, int]) -> list[tuple[int, int]]:
    """The marked cells joined to `start` across gaps of a cell (a stamp's letters, a pen's lifts)."""
    rows, columns = marked.shape
    stack = [start]
    seen[start] = True
    group = []
    while stack:
        r, c = stack.pop()
        group.append((r, c))
        for nr in range(max(0, r - 2), min(rows, r + 3)):
            for nc in range(max(0, c - 2), min(columns, c + 3)):
                if marked[nr, nc] and not seen[nr, nc]:
                    seen[nr, nc] = True
                    stack.append((nr, nc))
    return group
