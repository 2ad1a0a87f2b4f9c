"""Three Pillow pixel operations of page OCR, compiled (numba), giving Pillow's bytes exactly.

`tests/extractors/test_pillow_kernels.py` compares each with the Pillow call it replaces.

- `grey_without_red`: `convert("L")` (ITU-R 601-2 in 16-bit fixed point, `L24 >> 16`) with red
  seals painted white, in one pass over the rendered RGB bytes (numpy took three).
- `turn_bicubic`: `Image.transform(AFFINE, BICUBIC)` of a grey page. Pillow calls two C functions
  through pointers for every pixel and gathers its 16 samples with clamped indices (0.25 s for a
  300-dpi page). Here each output row is cut into runs whose samples come from the same four
  source rows at a constant column offset (a deskew turns by a few degrees: runs of tens to
  thousands of pixels), and a run's loop reads contiguous bytes, so it vectorises. The arithmetic is
  Pillow's (Geometry.c: `affine_transform`, `BICUBIC_HEAD`, `BICUBIC_BODY`, `bicubic_filter8`),
  operation for operation in doubles; numba contracts no multiply-add without `fastmath`.
- `nearest_row_sums`: the row sums of `Image.rotate(angle, NEAREST, fillcolor=0)` of the small ink
  image the skew estimate scores, without building the turned image (Pillow's 16.16 fixed-point
  path, `affine_fixed`, and its scaling path, `ImagingScaleAffine`).

Compiled code is cached next to this file (or in the user's cache folder): the first process
compiles (a few seconds), later ones load it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numba
import numpy as np

Matrix = tuple[float, float, float, float, float, float]


def _compiled(function: Callable[..., Any]) -> Any:
    try:
        return numba.njit(cache=True, nogil=True)(function)
    except RuntimeError:  # no writable cache folder: compiled in each process instead
        return numba.njit(nogil=True)(function)


@_compiled
def _grey_without_red(rgb: np.ndarray, out: np.ndarray) -> None:
    height, width = out.shape
    for y in range(height):
        for x in range(width):
            red = np.int32(rgb[y, x, 0])
            green = np.int32(rgb[y, x, 1])
            blue = np.int32(rgb[y, x, 2])
            if red > 110 and max(green, blue) < red - 45:
                out[y, x] = 255
            else:
                out[y, x] = (red * 19595 + green * 38470 + blue * 7471 + 0x8000) >> 16


def grey_without_red(rgb: np.ndarray) -> np.ndarray:
    """The grey page of an RGB array (height, width, 3), red (red > 110 and 45 above both green
    and blue) painted 255: `convert("L")` then the red mask, as `ocr.grey_without_red` did."""
    out = np.empty(rgb.shape[:2], dtype=np.uint8)
    _grey_without_red(rgb, out)
    return out


@_compiled
def _cubic(v1: float, v2: float, v3: float, v4: float, d: float) -> float:
    p1 = v2
    p2 = -v1 + v3
    p3 = 2 * (v1 - v2) + v3 - v4
    p4 = -v1 + v2 - v3 + v4
    return p1 + d * (p2 + d * (p3 + d * p4))


@_compiled
def _to_byte(v: float) -> int:
    if v <= 0.0:
        return 0
    if v >= 255.0:
        return 255
    return int(v)


@_compiled
def _clamped_sample(src: np.ndarray, xin: float, yin: float) -> int:
    """One output pixel as `bicubic_filter8` computes it near the source's edges (indices clamped;
    a row beyond the edge repeats the last one read, which is the clamped row)."""
    height, width = src.shape
    xs = xin - 0.5
    ys = yin - 0.5
    xi = math.floor(xs)
    yi = math.floor(ys)
    dx = xs - xi
    dy = ys - yi
    c0 = min(max(xi - 1, 0), width - 1)
    c1 = min(max(xi, 0), width - 1)
    c2 = min(max(xi + 1, 0), width - 1)
    c3 = min(max(xi + 2, 0), width - 1)
    r = min(max(yi - 1, 0), height - 1)
    v1 = _cubic(float(src[r, c0]), float(src[r, c1]), float(src[r, c2]), float(src[r, c3]), dx)
    r = min(max(yi, 0), height - 1)
    v2 = _cubic(float(src[r, c0]), float(src[r, c1]), float(src[r, c2]), float(src[r, c3]), dx)
    r = min(max(yi + 1, 0), height - 1)
    v3 = _cubic(float(src[r, c0]), float(src[r, c1]), float(src[r, c2]), float(src[r, c3]), dx)
    r = min(max(yi + 2, 0), height - 1)
    v4 = _cubic(float(src[r, c0]), float(src[r, c1]), float(src[r, c2]), float(src[r, c3]), dx)
    return _to_byte(_cubic(v1, v2, v3, v4, dy))


@_compiled
def _run(
    r0: np.ndarray,
    r1: np.ndarray,
    r2: np.ndarray,
    r3: np.ndarray,
    out_row: np.ndarray,
    xins: np.ndarray,
    yins: np.ndarray,
    start: int,
    end: int,
    offset: int,
    yi: int,
) -> None:
    """Output pixels start..end of a row, whose samples are columns x + offset - 1 .. x + offset + 2
    of source rows yi - 1 .. yi + 2 (all inside the source). Unsigned indices: no wrap-around
    test, so the loop vectorises."""
    row = float(yi)
    for i in range(end - start):
        x = np.uint64(start + i)
        j = np.uint64(start + i + offset)
        before, after, after2 = j - np.uint64(1), j + np.uint64(1), j + np.uint64(2)
        dx = (xins[x] - 0.5) - float(j)
        dy = (yins[x] - 0.5) - row
        v1 = _cubic(float(r0[before]), float(r0[j]), float(r0[after]), float(r0[after2]), dx)
        v2 = _cubic(float(r1[before]), float(r1[j]), float(r1[after]), float(r1[after2]), dx)
        v3 = _cubic(float(r2[before]), float(r2[j]), float(r2[after]), float(r2[after2]), dx)
        v4 = _cubic(float(r3[before]), float(r3[j]), float(r3[after]), float(r3[after2]), dx)
        out_row[x] = _to_byte(_cubic(v1, v2, v3, v4, dy))


@_compiled
def _source_points(
    xins: np.ndarray,
    yins: np.ndarray,
    columns: np.ndarray,
    rows: np.ndarray,
    y: int,
    a0: float,
    a1: float,
    a2: float,
    a3: float,
    a4: float,
    a5: float,
) -> None:
    yc = y + 0.5
    for x in range(xins.shape[0]):
        xc = x + 0.5
        xin = a0 * xc + a1 * yc + a2
        yin = a3 * xc + a4 * yc + a5
        xins[x] = xin
        yins[x] = yin
        columns[x] = np.int64(math.floor(xin - 0.5)) - x
        rows[x] = np.int64(math.floor(yin - 0.5))


@_compiled
def _turn_bicubic(
    src: np.ndarray, out: np.ndarray, a0: float, a1: float, a2: float, a3: float, a4: float, a5: float
) -> None:
    height, width = src.shape
    out_width = out.shape[1]
    xins = np.empty(out_width)
    yins = np.empty(out_width)
    columns = np.empty(out_width, np.int64)  # source column of the sample point, minus x
    rows = np.empty(out_width, np.int64)
    for y in range(out.shape[0]):
        out_row = out[y]
        _source_points(xins, yins, columns, rows, y, a0, a1, a2, a3, a4, a5)
        x = 0
        while x < out_width:
            offset = columns[x]
            yi = rows[x]
            end = x + 1
            while end < out_width and columns[end] == offset and rows[end] == yi:
                end += 1
            if 1 <= yi <= height - 3 and x + offset >= 1 and end - 1 + offset <= width - 3:
                _run(src[yi - 1], src[yi], src[yi + 1], src[yi + 2], out_row, xins, yins, x, end, offset, yi)
            else:
                for i in range(x, end):
                    xin = xins[i]
                    yin = yins[i]
                    if 0.0 <= xin < width and 0.0 <= yin < height:  # else the fill stays
                        out_row[i] = _clamped_sample(src, xin, yin)
            x = end


def turn_bicubic(src: np.ndarray, size: tuple[int, int], matrix: Matrix, fill: int) -> np.ndarray:
    """`Image.fromarray(src).transform(size, AFFINE, matrix, BICUBIC, fillcolor=fill)` of a grey
    (uint8, 2-D) array, as an array (height, width)."""
    out = np.full((size[1], size[0]), fill, dtype=np.uint8)
    _turn_bicubic(np.ascontiguousarray(src), out, *(float(v) for v in matrix))
    return out


@_compiled
def _fixed_row_sums(ink: np.ndarray, sums: np.ndarray, a0: int, a1: int, a2: int, a3: int, a4: int, a5: int) -> None:
    height, width = ink.shape
    for y in range(sums.shape[0]):
        xx = a2
        yy = a5
        total = 0
        for _ in range(width):
            xin = xx >> 16
            if 0 <= xin < width:
                yin = yy >> 16
                if 0 <= yin < height:
                    total += ink[yin, xin]
            xx += a0
            yy += a3
        sums[y] = total
        a2 += a1
        a5 += a4


@_compiled
def _scaled_row_sums(ink: np.ndarray, sums: np.ndarray, a0: float, a2: float, a4: float, a5: float) -> None:
    height, width = ink.shape
    columns = np.full(width, -1, np.int64)
    xo = a2 + a0 * 0.5
    for x in range(width):
        xin = -1 if xo < 0.0 else int(xo)
        if 0 <= xin < width:
            columns[x] = xin
        xo += a0
    yo = a5 + a4 * 0.5
    for y in range(height):
        yi = -1 if yo < 0.0 else int(yo)
        total = 0
        if 0 <= yi < height:
            for x in range(width):
                if columns[x] >= 0:
                    total += ink[yi, columns[x]]
        sums[y] = total
        yo += a4


def _fixed(value: float) -> int:
    return math.floor(value * 65536.0 + 0.5)


def rotation_matrix(angle: float, size: tuple[int, int]) -> Matrix:
    """The map `Image.rotate(angle)` gives `transform` (about the centre, no expand)."""
    radians = -math.radians(angle)
    a, b = round(math.cos(radians), 15), round(math.sin(radians), 15)
    d, e = round(-math.sin(radians), 15), round(math.cos(radians), 15)
    centre_x, centre_y = size[0] / 2, size[1] / 2
    c, f = a * -centre_x + b * -centre_y + 0.0, d * -centre_x + e * -centre_y + 0.0
    return a, b, c + centre_x, d, e, f + centre_y


def nearest_row_sums(ink: np.ndarray, angle: float) -> np.ndarray:
    """Row sums (float64) of `Image.fromarray(ink).rotate(angle, NEAREST, fillcolor=0)`, ink a
    small uint8 array: what `deskew.estimate_skew` scores each candidate angle by."""
    ink = np.ascontiguousarray(ink)
    height, width = ink.shape
    sums = np.zeros(height, dtype=np.int64)
    if angle % 360.0 == 0:  # Pillow copies the image
        return ink.sum(axis=1, dtype=np.float64)
    a = rotation_matrix(angle, (width, height))
    if angle % 90.0 == 0:  # Pillow's transposes (turns a skew estimate never asks for)
        from PIL import Image

        turned = Image.fromarray(ink).rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0)
        return np.asarray(turned).sum(axis=1, dtype=np.float64)
    if a[1] == 0 and a[3] == 0:
        _scaled_row_sums(ink, sums, a[0], a[2], a[4], a[5])
    elif all(
        abs(x * a[0] + y * a[1] + a[2]) < 32768.0 and abs(x * a[3] + y * a[4] + a[5]) < 32768.0
        for x, y in ((0, 0), (width, height), (0, height), (width, 0))
    ):
        start_x = _fixed(a[2] + a[0] * 0.5 + a[1] * 0.5)
        start_y = _fixed(a[5] + a[3] * 0.5 + a[4] * 0.5)
        _fixed_row_sums(ink, sums, _fixed(a[0]), _fixed(a[1]), start_x, _fixed(a[3]), _fixed(a[4]), start_y)
    else:  # a page too large for 16.16 fixed point: Pillow's own floating-point path
        from PIL import Image

        turned = Image.fromarray(ink).rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0)
        return np.asarray(turned).sum(axis=1, dtype=np.float64)
    return sums.astype(np.float64)
