"""The compiled pixel operations of page OCR give Pillow's bytes: each is compared with the Pillow
call it replaces, on noise (every byte value, clipping at 0 and 255), on edges and on odd sizes."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from extractors import deskew, pillow_kernels
from extractors.ocr import render_page
from tests.extractors.test_deskew import scan_like

ANGLES = (1.3, -0.8, 0.2, -2.95, 3.0, 7.5, -33.0, 0.0004)
TURNED = [angle for angle in ANGLES if deskew.needs_turning(angle)]  # `straighten` leaves the rest alone


def noise(width: int, height: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, size=(height, width), dtype=np.uint8)


def pillow_turn(pixels: np.ndarray, angle: float, fill: int) -> np.ndarray:
    image = Image.fromarray(pixels)
    matrix = deskew._source_map(angle, image.size)
    turned = image.transform(image.size, Image.Transform.AFFINE, matrix, Image.Resampling.BICUBIC, fillcolor=fill)
    return np.asarray(turned)


@pytest.mark.parametrize("size", [(1, 1), (2, 3), (5, 4), (37, 23), (160, 240)])
def test_a_grey_image_is_turned_as_pillow_turns_it(size: tuple[int, int]) -> None:
    for seed, angle in enumerate(ANGLES):
        pixels = noise(*size, seed)
        matrix = deskew._source_map(angle, size)
        for fill in (255, 0):
            turned = pillow_kernels.turn_bicubic(pixels, size, matrix, fill)
            assert np.array_equal(turned, pillow_turn(pixels, angle, fill)), (size, angle, fill)


def test_a_page_with_text_and_flat_paper_is_turned_as_pillow_turns_it() -> None:
    """Long runs of flat paper, sharp black strokes (the cubic overshoots below 0 and above 255)."""
    gray = np.asarray(scan_like((420, 600)).convert("L"))
    checker = (np.indices((90, 130)).sum(axis=0) % 2 * 255).astype(np.uint8)
    for pixels in (gray, checker):
        for angle in TURNED:
            image = Image.fromarray(pixels)
            assert np.array_equal(np.asarray(deskew.straighten(image, angle, 255)), pillow_turn(pixels, angle, 255))


def test_red_seals_are_painted_white_on_pillows_grey() -> None:
    rng = np.random.default_rng(5)
    every_colour = rng.integers(0, 256, size=(300, 200, 3), dtype=np.uint8)
    edges = np.array([[[111, 65, 65], [111, 66, 65], [110, 0, 0], [255, 209, 0], [255, 210, 210], [0, 0, 0]]], np.uint8)
    for rgb in (every_colour, edges, np.asarray(scan_like())):
        expected = np.array(Image.fromarray(rgb).convert("L"))
        red = rgb[..., 0].astype(int)
        expected[(red > 110) & (red - np.maximum(rgb[..., 1], rgb[..., 2]).astype(int) > 45)] = 255
        assert np.array_equal(pillow_kernels.grey_without_red(rgb), expected)


def pillow_row_sums(ink: np.ndarray, angle: float) -> np.ndarray:
    turned = Image.fromarray(ink).rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0)
    return np.asarray(turned).sum(axis=1, dtype=np.float64)


def test_the_skew_candidates_get_pillows_row_sums() -> None:
    image = scan_like((300, 420)).convert("L")
    ink = ((np.asarray(image) < 140) * 255).astype(np.uint8)
    square = ink[:200, :200]
    fine = [c + d for c in (-1.0, -0.5, 0.0, 0.5) for d in np.arange(-0.5, 0.51, 0.1)]  # 2e-16 and exact zeros
    for angle in [*np.arange(-3.0, 3.01, 0.5), *fine, 1e-17, 90.0, 180.0, 45.0, -3.5]:
        for pixels in (ink, square):
            assert np.array_equal(pillow_kernels.nearest_row_sums(pixels, angle), pillow_row_sums(pixels, angle)), angle


def test_the_skew_estimate_is_the_one_pillow_gave() -> None:
    def pillow_estimate(gray: Image.Image) -> float:  # deskew.estimate_skew before the kernels
        small = gray.copy()
        small.thumbnail((900, 900))
        ink = ((np.asarray(small) < 140) * 255).astype(np.uint8)

        def sharpness(angle: float) -> float:
            return float(np.var(pillow_row_sums(ink, angle)))

        coarse = max(np.arange(-3.0, 3.01, 0.5), key=sharpness)
        return round(float(max(np.arange(coarse - 0.5, coarse + 0.51, 0.1), key=sharpness)), 2)

    page = scan_like((700, 990)).convert("L")
    for turn in (1.3, -0.6, 0.0, 2.2):
        gray = page.rotate(turn, fillcolor=235)
        assert deskew.estimate_skew(gray) == pillow_estimate(gray)


def test_a_page_is_rendered_to_the_pixels_pdfium_gives_pillow() -> None:
    import pypdfium2 as pdfium

    from tests.extractors.test_ocr_rendering import SCAN

    image, scale, width, height = render_page(str(SCAN), 1, 100)
    document = pdfium.PdfDocument(str(SCAN))
    document.init_forms()
    page = document[1]
    expected = page.render(scale=100 / 72, may_draw_forms=True, rev_byteorder=True).to_pil()
    assert (scale, (width, height)) == (100 / 72, page.get_size())
    assert image.mode == "RGB" and np.array_equal(np.asarray(image), np.asarray(expected.convert("RGB")))
    page.close()
    document.close()


def test_marks_drawn_near_the_edges_are_turned_as_pillow_turns_them() -> None:
    image = Image.new("L", (64, 48), 250)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 63, 47), outline=0, width=2)
    draw.line((0, 47, 63, 0), fill=10, width=3)
    pixels = np.asarray(image)
    for angle in TURNED:
        assert np.array_equal(np.asarray(deskew.straighten(image, angle, 255)), pillow_turn(pixels, angle, 255))
