"""A scanned page's skew, and the page — or one box of it — turned straight.

The whole page is turned once, for OCR. A second look at a box of it (a handwritten blank) needs
the box of that same straightened page, in the coordinates of OCR's words: `straighten_box` turns
only the part of the page the box needs and gives the pixels a crop of the whole straightened page
would give (same affine map, same filter, the same source pixels around each sample).

A grey page is turned, and the skew candidates scored, by `pillow_kernels`: Pillow's bytes, faster.
"""

from __future__ import annotations

import math

import numpy as np
from PIL import Image

# Below this, turning the page changes nothing Tesseract cares about: the page is read as it is.
MIN_SKEW_DEGREES = 0.2
# Bicubic, as before. Bilinear costs a third (0.09 s against 0.24 s on a 300-dpi page) but changes
# what Tesseract reads: on the Đồng Nai scan the typed symbol became "/Qb-UBND" and the subject
# lost a correction, so it was not taken.
RESAMPLING = Image.Resampling.BICUBIC
# Source pixels beyond a box's own footprint that the filter reads (bilinear reads 1, bicubic 2).
_FILTER_MARGIN = 3

Box = tuple[int, int, int, int]  # left, top, right, bottom in pixels


def estimate_skew(gray: Image.Image, max_angle: float = 3.0) -> float:
    """Skew angle in degrees by projection profile: text lines give the sharpest row histogram."""
    small = gray.copy()
    small.thumbnail((900, 900))
    from extractors import pillow_kernels  # numba loads with the first OCR, not with every import

    ink = ((np.asarray(small) < 140) * 255).astype(np.uint8)

    def sharpness(angle: float) -> float:
        # the row sums of `Image.fromarray(ink).rotate(angle, NEAREST, fillcolor=0)`
        return float(np.var(pillow_kernels.nearest_row_sums(ink, angle)))

    coarse = max(np.arange(-max_angle, max_angle + 0.01, 0.5), key=sharpness)
    fine = max(np.arange(coarse - 0.5, coarse + 0.51, 0.1), key=sharpness)
    return round(float(fine), 2)


def needs_turning(angle: float) -> bool:
    return abs(angle) >= MIN_SKEW_DEGREES


def _source_map(angle: float, size: tuple[int, int]) -> tuple[float, float, float, float, float, float]:
    """The affine map from a pixel of the straightened page to the page as rendered: a turn by
    `angle` degrees (counter-clockwise) about the page's centre, as `Image.rotate` makes it."""
    radians = -math.radians(angle)
    a, b = round(math.cos(radians), 15), round(math.sin(radians), 15)
    d, e = round(-math.sin(radians), 15), round(math.cos(radians), 15)
    centre_x, centre_y = size[0] / 2, size[1] / 2
    return a, b, a * -centre_x + b * -centre_y + centre_x, d, e, d * -centre_x + e * -centre_y + centre_y


def straighten(
    image: Image.Image, angle: float, fill: int | tuple[int, ...], resampling: Image.Resampling = RESAMPLING
) -> Image.Image:
    """The page turned by `angle` degrees about its centre (same size; corners filled with `fill`)."""
    if not needs_turning(angle):
        return image
    source_map = _source_map(angle, image.size)
    if image.mode == "L" and resampling == Image.Resampling.BICUBIC and isinstance(fill, int):
        from extractors import pillow_kernels

        return Image.fromarray(pillow_kernels.turn_bicubic(np.asarray(image), image.size, source_map, fill))
    return image.transform(image.size, Image.Transform.AFFINE, source_map, resampling, fillcolor=fill)


def straighten_box(
    image: Image.Image,
    angle: float,
    box: Box,
    fill: int | tuple[int, ...],
    resampling: Image.Resampling = RESAMPLING,
) -> Image.Image:
    """`straighten(image, angle, fill).crop(box)` for a box on the page, turning only the part of
    the page the box needs."""
    if not needs_turning(angle):
        return image.crop(box)
    a, b, c, d, e, f = _source_map(angle, image.size)
    left, top, right, bottom = box
    corners = [(a * x + b * y + c, d * x + e * y + f) for x in (left, right) for y in (top, bottom)]
    source = (
        max(0, math.floor(min(x for x, _ in corners)) - _FILTER_MARGIN),
        max(0, math.floor(min(y for _, y in corners)) - _FILTER_MARGIN),
        min(image.width, math.ceil(max(x for x, _ in corners)) + _FILTER_MARGIN),
        min(image.height, math.ceil(max(y for _, y in corners)) + _FILTER_MARGIN),
    )
    width, height = right - left, bottom - top
    if source[0] >= source[2] or source[1] >= source[3]:  # the box lies beyond the page: all fill
        return Image.new(image.mode, (width, height), fill)
    part = image.crop(source)
    # The same map, its origin moved to the box's corner and into the part. Every sample point of
    # the box that lies on the page lies in the part (the margin covers the filter's reach), and
    # the part ends where the page ends: points off the page are filled as the whole turn fills them.
    shifted = (a, b, a * left + b * top + c - source[0], d, e, d * left + e * top + f - source[1])
    return part.transform((width, height), Image.Transform.AFFINE, shifted, resampling, fillcolor=fill)
