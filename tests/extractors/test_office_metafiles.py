"""Bitmaps wrapped in metafiles, as old Word files keep pasted scans: taken out at full resolution."""

from __future__ import annotations

import io
import struct

from PIL import Image, ImageChops

from extractors.office_metafiles import is_metafile, metafile_bitmap
from extractors.office_pictures import _open_picture
from samples.generator.metafiles import emf_of


def _page(size: tuple[int, int] = (900, 1270)) -> Image.Image:
    image = Image.new("L", size, 255)
    image.paste(0, (100, 200, 700, 260))
    return image


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _wmf(dibs: list[bytes]) -> bytes:
    """A placeable WMF whose records are one META_STRETCHDIB per DIB, then META_EOF."""
    records = b""
    for dib in dibs:
        body = struct.pack("<IH8h", 0x00CC0020, 0, 10, 10, 0, 0, 10, 10, 0, 0) + dib
        body += b"\0" * (len(body) % 2)
        records += struct.pack("<IH", (6 + len(body)) // 2, 0x0F43) + body
    records += struct.pack("<IH", 3, 0)
    header = struct.pack("<HHHIHIH", 1, 9, 0x0300, (18 + len(records)) // 2, 0, 0, 0)
    placeable = struct.pack("<IH4hHIH", 0x9AC6CDD7, 0, 0, 0, 900, 1270, 1440, 0, 0)
    return placeable + header + records


def _dib(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "BMP")
    return buffer.getvalue()[14:]  # the BMP without its file header is a packed DIB


def test_bitmap_inside_an_emf_is_the_picture_at_full_resolution() -> None:
    page = _page()
    emf = emf_of(_png(page), 150)
    assert is_metafile(emf)
    bitmap = metafile_bitmap(emf)
    assert bitmap is not None
    with Image.open(io.BytesIO(bitmap)) as opened:
        assert opened.size == page.size
        assert ImageChops.difference(opened.convert("L"), page).getbbox() is None


def test_bitmap_inside_a_wmf_is_the_picture() -> None:
    page = _page()
    wmf = _wmf([_dib(page)])
    assert is_metafile(wmf)
    picture = _open_picture("word/media/image1.wmf", wmf)
    assert picture is not None and (picture.width_px, picture.height_px) == page.size


def test_metafile_of_tiles_or_of_no_bitmap_is_no_picture() -> None:
    tiles = _wmf([_dib(_page((900, 640))), _dib(_page((900, 630)))])
    assert metafile_bitmap(tiles) is None
    assert metafile_bitmap(_wmf([])) is None
    assert metafile_bitmap(emf_of(_png(_page()), 150)[:500]) is None  # cut short: no record whole
    assert not is_metafile(_png(_page()))
