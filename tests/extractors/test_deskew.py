"""Deskew and red removal: the cheaper ways give the pixels the old ways gave."""

from __future__ import annotations

import random

import numpy as np
from PIL import Image, ImageDraw

from extractors import deskew
from extractors.ocr import OcrSettings, PageImage, grey_without_red, prepare_image


def scan_like(size: tuple[int, int] = (600, 800), seed: int = 3) -> Image.Image:
    """Grey paper grain, black lines of 'text', a red seal and a red signature stroke."""
    rng = np.random.default_rng(seed)
    pixels = rng.integers(215, 250, size=(size[1], size[0], 3), dtype=np.uint8)
    image = Image.fromarray(pixels)
    draw = ImageDraw.Draw(image)
    for top in range(60, size[1] - 80, 28):
        draw.line((40, top, size[0] - 60, top + 9), fill=(20, 20, 30), width=5)
    draw.ellipse((380, 560, 520, 700), outline=(200, 40, 50), width=9)
    draw.line((100, 650, 300, 600), fill=(150, 60, 70), width=4)  # dull red: kept (redness 80, red > 110)
    draw.line((100, 700, 300, 650), fill=(100, 20, 20), width=4)  # dark red: kept (red <= 110)
    return image


def old_red_removal_then_grey(image: Image.Image) -> Image.Image:
    """What `ocr.remove_red` did before (int16 redness), then the grey conversion."""
    pixels = np.asarray(image)
    red = pixels[..., 0]
    redness = np.subtract(red, np.maximum(pixels[..., 1], pixels[..., 2]), dtype=np.int16)
    mask = (red > 110) & (redness > 45)
    cleaned = pixels.copy()
    cleaned[mask] = 255
    return Image.fromarray(cleaned).convert("L")


def test_red_is_painted_white_exactly_as_before() -> None:
    image = scan_like()
    gray = grey_without_red(image)
    assert np.array_equal(np.asarray(gray), np.asarray(old_red_removal_then_grey(image)))
    assert np.asarray(gray)[630, 385] == 255  # on the seal's ring
    assert np.asarray(gray)[640, 200] < 255  # the dull red stroke stays
    plain = Image.new("RGB", (40, 30), (240, 240, 240))
    assert np.array_equal(np.asarray(grey_without_red(plain)), np.asarray(plain.convert("L")))


def test_the_page_is_turned_as_pillow_turned_it() -> None:
    image = scan_like()
    for resampling in (Image.Resampling.BICUBIC, Image.Resampling.BILINEAR):
        prepared, angle = prepare_image(image.rotate(1.3, fillcolor=(255, 255, 255)), OcrSettings(), resampling)
        assert deskew.needs_turning(angle)
        gray = grey_without_red(image.rotate(1.3, fillcolor=(255, 255, 255)))
        expected = gray.rotate(angle, resample=resampling, fillcolor=255)
        assert np.array_equal(np.asarray(prepared), np.asarray(expected))


def test_a_box_of_the_straightened_page_is_the_box_of_the_whole_turn() -> None:
    image = scan_like()
    rng = random.Random(7)
    for angle in (1.3, -0.8):
        whole = deskew.straighten(image, angle, (255, 255, 255))
        for _ in range(60):
            left, top = rng.randrange(0, image.width - 2), rng.randrange(0, image.height - 2)
            box = (left, top, rng.randrange(left + 1, image.width + 1), rng.randrange(top + 1, image.height + 1))
            part = deskew.straighten_box(image, angle, box, (255, 255, 255))
            assert np.array_equal(np.asarray(part), np.asarray(whole.crop(box))), (angle, box)
    unturned = deskew.straighten_box(image, 0.1, (10, 20, 50, 60), (255, 255, 255))  # below the threshold
    assert np.array_equal(np.asarray(unturned), np.asarray(image.crop((10, 20, 50, 60))))


def test_the_page_image_cuts_boxes_in_the_coordinates_of_the_words() -> None:
    image = scan_like()
    kept = PageImage(image, scale=2.0, angle=1.3)
    whole = deskew.straighten(image, 1.3, (255, 255, 255))
    assert np.array_equal(np.asarray(kept.crop((20, 30, 120, 50))), np.asarray(whole.crop((40, 60, 240, 100))))
    assert np.array_equal(np.asarray(kept.rendered_crop((20, 30, 120, 50))), np.asarray(image.crop((40, 60, 240, 100))))
    assert kept.dpi == 144
