"""Tesseract's in-memory PNG of each text line is written stored (`png_stored`): same pixels, same words."""

from __future__ import annotations

import ctypes
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors import png_stored

pytestmark = pytest.mark.tesseract
REPO = Path(__file__).resolve().parents[2]
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
needs_library = pytest.mark.skipif(png_stored.build() is None, reason="no C compiler to build the library")


def noisy_page(path: Path) -> None:
    """Two typed lines on scanner-like noise (what deflate works hardest on)."""
    rng = np.random.default_rng(3)
    image = Image.new("L", (1500, 240), 255)
    draw = ImageDraw.Draw(image)
    lines = ["Số: 1772/QĐ-UBND ngày 30 tháng 5 năm 2025", "V/v kiểm tra công tác cải cách hành chính"]
    for index, line in enumerate(lines):
        draw.text((30, 30 + 90 * index), line, fill=0, font=ImageFont.truetype(FONT, 42))
    noise = rng.integers(0, 60, size=(240, 1500))
    Image.fromarray(np.clip(np.asarray(image, dtype=np.int16) - noise + 30, 0, 255).astype(np.uint8)).save(path)


# Run in a fresh interpreter: the library is installed for a whole process, once.
_READ = """
import json, sys
from PIL import Image
from extractors import png_stored, tesseract_api
rows = tesseract_api.image_to_data(Image.open(sys.argv[1]), "vie", 3, 60)
print(json.dumps({"rows": [row._asdict() for row in rows], "stored": png_stored.stored_count()}))
"""


def read_in_a_process(image_path: Path, stored: bool) -> dict[str, Any]:
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1", "KIEMCHUNG_PNG_STORED": "1" if stored else "0"}
    done = subprocess.run(
        [sys.executable, "-c", _READ, str(image_path)], cwd=REPO, env=environment, capture_output=True, check=True
    )
    return json.loads(done.stdout)


@needs_library
def test_tesseract_reads_the_same_words_and_boxes_from_stored_line_images(tmp_path: Path) -> None:
    noisy_page(tmp_path / "page.png")
    stored = read_in_a_process(tmp_path / "page.png", stored=True)
    deflated = read_in_a_process(tmp_path / "page.png", stored=False)
    assert stored["stored"] > 0  # libtesseract wrote its line images through the library
    assert deflated["stored"] == 0
    assert stored["rows"] == deflated["rows"]
    assert any("1772" in row["text"] for row in stored["rows"])


@needs_library
def test_the_library_writes_the_same_pixels_stored(tmp_path: Path) -> None:
    """Leptonica's writer called through the library gives a PNG of the same pixels, uncompressed
    (at least the raw size), where Leptonica's own deflates it."""
    noisy_page(tmp_path / "page.png")
    leptonica = ctypes.CDLL(str(_leptonica_path()))
    leptonica.pixRead.argtypes, leptonica.pixRead.restype = [ctypes.c_char_p], ctypes.c_void_p
    shim = ctypes.CDLL(str(png_stored.build()))
    functions = [ctypes.cast(getattr(leptonica, name), ctypes.c_void_p) for name in png_stored._LEPTONICA_FUNCTIONS]
    shim.kiemchung_png_stored_init.argtypes = [ctypes.c_void_p] * len(functions)
    shim.kiemchung_png_stored_init(*functions)
    pix = leptonica.pixRead(str(tmp_path / "page.png").encode())
    assert pix

    arguments = [ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(ctypes.c_size_t), ctypes.c_void_p, ctypes.c_int]

    def written(write: Any) -> bytes:
        write.argtypes = arguments
        data, size = ctypes.c_void_p(), ctypes.c_size_t()
        assert write(ctypes.byref(data), ctypes.byref(size), pix, 3) == 0  # IFF_PNG
        return ctypes.string_at(data, size.value)

    stored, deflated = written(shim.pixWriteMem), written(leptonica.pixWriteMem)
    original = np.asarray(Image.open(tmp_path / "page.png"))
    assert len(stored) >= original.size > len(deflated)
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(stored))), original)
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(deflated))), original)
    # the caller's pix is left as it was: written again by Leptonica alone, it is deflated the same
    assert written(leptonica.pixWriteMem) == deflated


def _leptonica_path() -> str:
    import ctypes.util

    return ctypes.util.find_library("lept") or ctypes.util.find_library("leptonica") or "liblept.so.5"


def test_without_the_source_tesseract_is_left_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An install that lacks the C source (or a compiler) loads nothing and raises nothing."""
    monkeypatch.setattr(png_stored, "SOURCE", tmp_path / "missing.c")
    monkeypatch.setattr(png_stored, "_installed", None)
    leptonica = ctypes.CDLL(_leptonica_path())
    assert png_stored.install(leptonica) is False
    assert png_stored.stored_count() == 0
