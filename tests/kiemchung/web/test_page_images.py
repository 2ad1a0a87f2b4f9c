"""A page of an archived original is shown as an image, whether the original is a PDF or a scan
published as a picture file."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from kiemchung.web.page_images import PageImageError, _render


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
