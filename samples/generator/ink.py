"""What a pen and a rubber stamp put on paper: handwritten digits, signatures, seals, arrival stamps.

Everything is drawn procedurally with Pillow (no handwriting font is needed) and composited onto a
page image with a multiply blend, so printed text shows through ink as it does on real paper.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from functools import cache

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from samples.generator.fonts import font_path

Point = tuple[float, float]
Stroke = list[Point]
Colour = tuple[int, int, int]

BLUE_INK: Colour = (28, 48, 150)
BLACK_INK: Colour = (35, 35, 45)
SEAL_RED: Colour = (205, 28, 40)
STAMP_VIOLET: Colour = (70, 45, 150)


def _arc(cx: float, cy: float, rx: float, ry: float, start: float, end: float, n: int = 18) -> Stroke:
    """Points on an ellipse; angles in degrees, screen coordinates (y grows downwards)."""
    return [
        (cx + rx * math.cos(math.radians(a)), cy + ry * math.sin(math.radians(a))) for a in np.linspace(start, end, n)
    ]


def _bezier(p0: Point, p1: Point, p2: Point, n: int = 12) -> Stroke:
    return [
        (
            (1 - t) ** 2 * p0[0] + 2 * (1 - t) * t * p1[0] + t**2 * p2[0],
            (1 - t) ** 2 * p0[1] + 2 * (1 - t) * t * p1[1] + t**2 * p2[1],
        )
        for t in np.linspace(0, 1, n)
    ]


# Glyphs in a box 0.6 wide and 1 high, y downwards, as a clerk writes them.
GLYPHS: dict[str, list[Stroke]] = {
    "0": [_arc(0.3, 0.5, 0.26, 0.48, -100, 265, 30)],
    "1": [[(0.1, 0.25), (0.33, 0.0), (0.31, 1.0)]],
    "2": [[*_arc(0.3, 0.28, 0.26, 0.26, 200, 395), (0.02, 1.0), (0.6, 0.98)]],
    "3": [_arc(0.3, 0.26, 0.24, 0.24, 205, 450) + _arc(0.3, 0.73, 0.28, 0.26, 270, 515)],
    "4": [[(0.44, 1.0), (0.44, 0.0), (0.0, 0.66), (0.6, 0.66)]],
    "5": [[(0.56, 0.0), (0.12, 0.02), (0.08, 0.46), *_arc(0.3, 0.7, 0.28, 0.29, 230, 520)]],
    "6": [_bezier((0.52, 0.02), (0.02, 0.18), (0.04, 0.72)) + _arc(0.3, 0.72, 0.26, 0.27, 180, -170)],
    "7": [[(0.02, 0.04), (0.58, 0.02), (0.2, 1.0)]],
    "8": [_arc(0.3, 0.25, 0.22, 0.24, 90, 450, 24), _arc(0.3, 0.74, 0.27, 0.26, -90, 270, 24)],
    "9": [[*_arc(0.3, 0.3, 0.26, 0.28, 0, 365, 24), (0.56, 0.3), (0.46, 1.0)]],
    "/": [[(0.5, 0.0), (0.08, 1.0)]],
    ".": [[(0.25, 0.95), (0.3, 1.0)]],
}


def ink_onto(page: Image.Image, layer: Image.Image, at: Point, colour: Colour, opacity: float = 1.0) -> None:
    """Press ink of one colour through an 8-bit coverage layer onto the page, layer's top-left at `at`.

    Multiply blend: printed text under the ink stays visible, as on paper. Parts off the page are dropped.
    """
    x0, y0 = int(at[0]), int(at[1])
    left, top = max(0, x0), max(0, y0)
    right, bottom = min(page.width, x0 + layer.width), min(page.height, y0 + layer.height)
    if right <= left or bottom <= top:
        return
    region = page.crop((left, top, right, bottom))
    cover = layer.crop((left - x0, top - y0, right - x0, bottom - y0))
    base = np.asarray(region, dtype=np.float32)
    amount = np.asarray(cover, dtype=np.float32)[..., None] / 255.0 * opacity
    tint = np.asarray(colour, dtype=np.float32) / 255.0
    out = base * (1.0 - amount + amount * tint)
    page.paste(Image.fromarray(np.clip(out, 0, 255).astype(np.uint8)), (left, top))


def handwrite(
    page: Image.Image,
    text: str,
    origin: Point,
    height: float,
    rng: random.Random,
    ink: Colour = BLUE_INK,
) -> tuple[float, float, float, float]:
    """Write digits (and / .) with a pen whose top-left starts at `origin`; returns the ink's box."""
    scale = 3  # draw large, then shrink: smooth strokes
    slant = rng.uniform(0.1, 0.35)
    width = max(1.5, height * rng.uniform(0.07, 0.1))
    advance = height * rng.uniform(0.62, 0.75)
    box_w = int(advance * (len(text) + 1) + height)
    box_h = int(height * 1.6)
    layer = Image.new("L", (box_w * scale, box_h * scale), 0)
    draw = ImageDraw.Draw(layer)
    x = height * 0.2
    for char in text:
        glyph = GLYPHS.get(char)
        if glyph is None:
            x += advance * 0.6
            continue
        size = height * rng.uniform(0.9, 1.1)
        lift = rng.uniform(-0.06, 0.06) * height
        for stroke in glyph:
            points = []
            for gx, gy in stroke:
                jx, jy = rng.gauss(0, 0.025), rng.gauss(0, 0.025)
                px = x + (gx + jx) * size + (1 - gy) * slant * size
                py = height * 0.3 + lift + (gy + jy) * size
                points.append((px * scale, py * scale))
            draw.line(points, fill=255, width=int(width * scale), joint="curve")
        x += advance * (0.5 if char in "./" else 1.0)
    layer = layer.resize((box_w, box_h), Image.Resampling.LANCZOS)
    ink_onto(page, layer, (origin[0], origin[1] - height * 0.3), ink, opacity=rng.uniform(0.8, 0.95))
    return origin[0], origin[1], origin[0] + x, origin[1] + height


def signature(page: Image.Image, centre: Point, width: float, rng: random.Random, ink: Colour = BLUE_INK) -> None:
    """A quick flowing signature: loops along a line, then a swash underneath."""
    height = width * 0.35
    layer = Image.new("L", (int(width * 1.2), int(height * 2.4)), 0)
    draw = ImageDraw.Draw(layer)
    cx, cy = layer.width / 2, layer.height / 2
    points: list[Point] = []
    loops = rng.randint(3, 6)
    for i in range(loops * 12):
        t = i / (loops * 12)
        x = cx - width / 2 + t * width * 0.8 + math.sin(t * loops * 2 * math.pi) * width * 0.05
        y = cy - math.cos(t * loops * 2 * math.pi) * height * rng.uniform(0.3, 0.5) * (1 - 0.5 * t)
        points.append((x, y))
    draw.line(points, fill=255, width=max(2, int(width / 70)), joint="curve")
    swash = _bezier(
        (cx - width * 0.5, cy + height * 0.5), (cx, cy + height * 0.9), (cx + width * 0.5, cy + height * 0.2)
    )
    draw.line(swash, fill=255, width=max(2, int(width / 90)), joint="curve")
    ink_onto(page, layer, (centre[0] - cx, centre[1] - cy), ink, opacity=0.9)


@cache
def _font(file_name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(file_name)), size)


def seal(
    page: Image.Image,
    centre: Point,
    radius: float,
    outer_text: str,
    rng: random.Random,
    inner_text: str = "",
) -> None:
    """A red round seal: two rings, the agency's name around the rim, a star in the middle."""
    size = int(radius * 2.2)
    layer = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(layer)
    c = size / 2
    ring = max(2, int(radius * 0.045))
    draw.ellipse((c - radius, c - radius, c + radius, c + radius), outline=255, width=ring)
    inner = radius * 0.72
    draw.ellipse((c - inner, c - inner, c + inner, c + inner), outline=255, width=max(1, ring // 2))
    font = _font("DejaVuSans-Bold.ttf", max(8, int(radius * 0.17)))
    _text_on_circle(layer, outer_text, (c, c), radius * 0.86, font, top=True)
    if inner_text:
        _text_on_circle(layer, inner_text, (c, c), radius * 0.86, font, top=False)
    star = [
        (
            c + radius * (0.28 if k % 2 == 0 else 0.11) * math.cos(math.radians(-90 + 36 * k)),
            c + radius * (0.28 if k % 2 == 0 else 0.11) * math.sin(math.radians(-90 + 36 * k)),
        )
        for k in range(10)
    ]
    draw.polygon(star, fill=255)
    layer = layer.rotate(rng.uniform(-25, 25), resample=Image.Resampling.BICUBIC)
    # a rubber stamp never inks evenly
    texture = np.asarray(layer, dtype=np.float32) * np.random.default_rng(rng.randint(0, 2**31)).uniform(
        0.55, 1.0, (size, size)
    )
    layer = Image.fromarray(texture.astype(np.uint8))
    ink_onto(page, layer, (centre[0] - c, centre[1] - c), SEAL_RED, opacity=rng.uniform(0.75, 0.9))


def _text_on_circle(
    layer: Image.Image, text: str, centre: Point, radius: float, font: ImageFont.FreeTypeFont, *, top: bool
) -> None:
    widths = [font.getlength(ch) for ch in text]
    total = sum(widths) * 1.1
    span = min(math.degrees(total / radius), 300.0)
    per_px = span / max(1.0, total)
    angle = -90 - span / 2 if top else 90 + span / 2
    for ch, w in zip(text, widths, strict=True):
        step = w * 1.1 * per_px
        mid = angle + (step / 2 if top else -step / 2)
        glyph = Image.new("L", (int(w * 2 + 8), int(font.size * 2)), 0)
        ImageDraw.Draw(glyph).text((glyph.width / 2, glyph.height / 2), ch, font=font, fill=255, anchor="mm")
        rotation = -(mid + 90) if top else -(mid - 90)
        glyph = glyph.rotate(rotation, resample=Image.Resampling.BICUBIC, expand=True)
        x = centre[0] + radius * math.cos(math.radians(mid)) - glyph.width / 2
        y = centre[1] + radius * math.sin(math.radians(mid)) - glyph.height / 2
        layer.paste(255, (int(x), int(y)), glyph)
        angle += step if top else -step


def arrival_stamp(
    page: Image.Image,
    top_left: Point,
    dpi: int,
    receiver: str,
    number: str,
    date_text: str,
    rng: random.Random,
) -> None:
    """The receiving office's box: "ĐẾN", its own registry number and date written in by hand."""
    mm = dpi / 25.4
    w, h = int(58 * mm), int(30 * mm)
    layer = Image.new("L", (w, h), 0)
    draw = ImageDraw.Draw(layer)
    line = max(2, int(0.5 * mm))
    draw.rectangle((line, line, w - line, h - line), outline=255, width=line)
    small = _font("DejaVuSans-Bold.ttf", int(2.6 * mm))
    big = _font("DejaVuSans-Bold.ttf", int(6.5 * mm))
    draw.text((w / 2, 4.5 * mm), receiver, font=small, fill=255, anchor="mm")
    draw.text((4 * mm, 10 * mm), "ĐẾN", font=big, fill=255, anchor="lt")
    regular = _font("DejaVuSans.ttf", int(3.0 * mm))
    draw.text((24 * mm, 10 * mm), "Số:", font=regular, fill=255, anchor="lt")
    draw.text((24 * mm, 16 * mm), "Ngày:", font=regular, fill=255, anchor="lt")
    draw.text((4 * mm, 23 * mm), "Chuyển:", font=regular, fill=255, anchor="lt")
    for y in (14 * mm, 20 * mm):
        draw.line((34 * mm, y, w - 3 * mm, y), fill=160, width=1)
    tilt = rng.uniform(-3, 3)
    stamp = layer.rotate(tilt, resample=Image.Resampling.BICUBIC, expand=True)
    ink_onto(page, stamp, top_left, STAMP_VIOLET, opacity=rng.uniform(0.7, 0.85))
    ink = BLUE_INK if rng.random() < 0.7 else BLACK_INK
    handwrite(page, number, (top_left[0] + 36 * mm, top_left[1] + 8.0 * mm), 5.5 * mm, rng, ink)
    handwrite(page, date_text, (top_left[0] + 36 * mm, top_left[1] + 14.8 * mm), 4.8 * mm, rng, ink)


def seal_texts(issuer_lines: Sequence[str], superior_lines: Sequence[str]) -> tuple[str, str]:
    """What goes round the rim of an agency's seal: the issuer on top, the territory below."""
    top = " ".join(issuer_lines)
    bottom = " ".join(superior_lines).replace("ỦY BAN NHÂN DÂN ", "")
    if not bottom and len(issuer_lines) > 1:
        top, bottom = issuer_lines[0], " ".join(issuer_lines[1:])
    return f"★ {top} ★" if not bottom else top, bottom
