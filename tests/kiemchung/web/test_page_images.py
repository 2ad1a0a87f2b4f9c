"""A page of an archived original is shown as an image, whether the original is a PDF or a scan
published as a picture file."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from kiemchung.web.page_images import PageImageError, _render, page_image_path


def test_a_picture_original_is_shown_as_the_pdf_it_was_read_as() -> None:
    scan = Image.new("L", (400, 566), 255)
    scan.paste(0, (40, 40, 360, 80))  # a black bar where the header is
    buffer = io.BytesIO()
    scan.save(buffer, "PNG", dpi=(100, 100))
    shown = Image.open(io.BytesIO(_render(buffer.getvalue(), 1, 100)))
    assert shown.format == "PNG" and abs(shown.width - 400) <= 1 and abs(shown.height - 566) <= 1
    grey = shown.convert("L")
    bar, paper = grey.getpixel((200, 60)), grey.getpixel((200, 300))
    assert isinstance(bar, int) and isinstance(paper, int) and bar < 64 < 192 < paper
    with pytest.raises(PageImageError):
        _render(buffer.getvalue(), 2, 50)  # the picture has one page


def test_a_broken_picture_is_one_line_not_a_crash() -> None:
    with pytest.raises(PageImageError) as raised:
        _render(b"\xff\xd8\xff\xe0" + b"\x00" * 64, 1, 50)
    assert "\n" not in str(raised.value) and "JPEG" in str(raised.value)


def test_a_page_read_turned_back_is_shown_turned_back_the_same_way_and_cached_apart(tmp_path: Path) -> None:
    """A page scanned turned 90° clockwise (its header bar on the right) was read turned back
    (`Page.turned` 90): it is shown so, header bar on top, the size of the upright page."""
    scan = Image.new("L", (566, 400), 255)
    scan.paste(0, (486, 40, 526, 360))  # the header bar, on the right of the page fed sideways
    buffer = io.BytesIO()
    scan.save(buffer, "PNG", dpi=(100, 100))
    for turned, bar in ((90, (200, 60)), (270, (200, 506))):
        shown = Image.open(io.BytesIO(_render(buffer.getvalue(), 1, 100, turned))).convert("L")
        assert abs(shown.width - 400) <= 1 and abs(shown.height - 566) <= 1
        assert shown.getpixel(bar) == 0 and shown.getpixel((200, 300)) == 255
    upside_down = Image.open(io.BytesIO(_render(buffer.getvalue(), 1, 100, 180))).convert("L")
    assert upside_down.getpixel((566 - 506, 200)) == 0 and upside_down.getpixel((506, 200)) == 255
    assert page_image_path(tmp_path, "ab" * 32, 1, 100) != page_image_path(tmp_path, "ab" * 32, 1, 100, 90)
