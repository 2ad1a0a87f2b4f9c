"""The paper of a photographed page, without what lies around it.

A page photographed on a desk, or scanned with the lid open, sits in a dark frame. Tesseract's page
layout then takes the frame and the text next to it for one picture and reads none of that text (a
signer block beside "Nơi nhận:" lost whole, generated Word file of a photo). The frame is the dark
area joined to the image's edge; made white, and the paper's shading evened out, the page reads as a
scan does.
Text never touches the edge of a page: its margins keep it apart from the frame.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageFilter

# The frame is found on the image reduced by this factor: letters average out to light grey there.
REDUCTION = 8
# Darker than this share of the paper's brightness is frame, not paper.
FRAME_DARKNESS = 0.75
# A frame lies along most of two sides of the picture at least.
MIN_FRAME_SIDES = 2
# Blank page around a picture, in the reduced image (averaged: only paper with no speck is this white).
BLANK = 250
# Less of the image than this is a scanner's edge shadow: the page is read as it is.
MIN_FRAME_SHARE = 0.02


def _joined_to_edge(dark: np.ndarray) -> np.ndarray:
    """The dark pixels joined to the image's edge through dark pixels (4-connected)."""
    reached = np.zeros_like(dark)
    reached[0, :], reached[-1, :] = dark[0, :], dark[-1, :]
    reached[:, 0] |= dark[:, 0]
    reached[:, -1] |= dark[:, -1]
    while True:
        grown = reached.copy()
        grown[1:, :] |= reached[:-1, :]
        grown[:-1, :] |= reached[1:, :]
        grown[:, 1:] |= reached[:, :-1]
        grown[:, :-1] |= reached[:, 1:]
        grown &= dark
        if np.array_equal(grown, reached):
            return reached
        reached = grown


def without_surroundings(gray: Image.Image) -> tuple[Image.Image, float]:
    """The grey page with the dark frame around its paper made white and the paper evened out
    (`_flattened`), and the share of the picture that was frame (0.0 and the page itself when there
    is next to none)."""
    if gray.width < 4 * REDUCTION or gray.height < 4 * REDUCTION:
        return gray, 0.0
    small = np.asarray(gray.reduce(REDUCTION), dtype=np.uint8)
    # the blank page around the picture goes with the frame
    frame = np.ones(small.shape, dtype=bool)
    # a picture inside a white page (a Word page of a photo): the frame is joined to the picture's edge
    rows = np.flatnonzero((small < BLANK).any(axis=1))
    columns = np.flatnonzero((small < BLANK).any(axis=0))
    if not rows.size:
        return gray, 0.0
    top, bottom, left, right = rows[0], rows[-1] + 1, columns[0], columns[-1] + 1
    picture = small[top:bottom, left:right]
    dark = picture < FRAME_DARKNESS * float(np.percentile(picture, 90))
    around = _joined_to_edge(dark)
    frame[top:bottom, left:right] = around
    share = float(around.sum()) / picture.size
    sides = sum(edge.mean() >= 0.5 for edge in (around[0, :], around[-1, :], around[:, 0], around[:, -1]))
    if share < MIN_FRAME_SHARE or sides < MIN_FRAME_SIDES:
        return gray, 0.0  # next to nothing, or a dark band along one side (a banner, a bold title)
    # one reduced pixel more all round: the frame's blurred edge
    grown = np.asarray(Image.fromarray(frame.astype(np.uint8) * 255).filter(ImageFilter.MaxFilter(3)), dtype=bool)
    return _flattened(gray, small, grown), share


def _full_size(small: Image.Image, gray: Image.Image, resampling: Image.Resampling) -> np.ndarray:
    width, height = small.width * REDUCTION, small.height * REDUCTION
    return np.asarray(small.resize((width, height), resampling).crop((0, 0, gray.width, gray.height)))


def _flattened(gray: Image.Image, small: np.ndarray, frame: np.ndarray) -> Image.Image:
    """The page divided by its paper's brightness, measured around each point: the paper white from
    its lit corner to its shaded one, the ink as dark as it was against it, the frame white. (Painting
    the frame a flat grey instead leaves a photo's shading: Tesseract's one threshold for the whole
    page then falls inside the paper, and nothing is read.)"""
    lit = small.copy()
    lit[frame] = 0
    # the brightest paper within 2 reduced pixels (16 px) of each point: wider than any stroke of ink
    paper = np.asarray(Image.fromarray(lit).filter(ImageFilter.MaxFilter(5)), dtype=np.uint8).copy()
    paper[paper == 0] = 255  # deep in the frame: no paper near
    brightness = _full_size(Image.fromarray(paper), gray, Image.Resampling.BILINEAR).astype(np.float32)
    pixels = np.asarray(gray, dtype=np.float32)
    flat = np.clip(pixels * 255.0 / np.maximum(brightness, 1.0), 0, 255).astype(np.uint8)
    flat[_full_size(Image.fromarray(frame.astype(np.uint8) * 255), gray, Image.Resampling.NEAREST) > 0] = 255
    return Image.fromarray(flat)
