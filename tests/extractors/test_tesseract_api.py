"""Tesseract in the process gives what the `tesseract` command gives on the same pixels."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors import tesseract_api
from extractors.tesseract_api import TesseractError

pytestmark = pytest.mark.tesseract
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"


def text_image(lines: list[str]) -> Image.Image:
    image = Image.new("L", (1400, 70 * len(lines) + 40), 255)
    draw = ImageDraw.Draw(image)
    for index, line in enumerate(lines):
        draw.text((30, 20 + 70 * index), line, fill=0, font=ImageFont.truetype(FONT, 40))
    return image


def command(image_path: Path, *arguments: str) -> str:
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    done = subprocess.run(
        ["tesseract", str(image_path), "-", *arguments], capture_output=True, check=True, env=environment
    )
    return done.stdout.decode("utf-8")


def test_words_and_boxes_are_the_commands(tmp_path: Path) -> None:
    image = text_image(["KẾ HOẠCH cải cách hành chính", "năm 2024 của Ủy ban nhân dân"])
    image.save(tmp_path / "page.png")
    expected = command(tmp_path / "page.png", "-l", "vie", "--psm", "3", "tsv").splitlines()[1:]
    rows = tesseract_api.image_to_data(image, "vie", 3, 60)
    assert [row.text for row in rows if row.text] == [line.split("\t")[-1] for line in expected if line.split("\t")[-1]]
    assert [(row.left, row.top, row.width, row.height) for row in rows] == [
        tuple(int(cell) for cell in line.split("\t")[6:10]) for line in expected
    ]
    # the line each word is in: block_num, par_num, line_num
    assert [(row.block, row.paragraph, row.line) for row in rows] == [
        tuple(int(cell) for cell in line.split("\t")[2:5]) for line in expected
    ]
    assert len({(row.block, row.paragraph, row.line) for row in rows if row.text.strip()}) == 2
    assert "hành" in [row.text for row in rows]


def test_text_with_a_parameter_is_the_commands(tmp_path: Path) -> None:
    image = text_image(["Số: 1772/QĐ-UBND ngày 30 tháng 5"])
    image.save(tmp_path / "line.png")
    for method in ("1", "2"):
        expected = command(tmp_path / "line.png", "-l", "vie", "--psm", "6", "-c", f"thresholding_method={method}")
        assert tesseract_api.image_to_string(image, "vie", 6, 60, {"thresholding_method": method}) == expected
    digits = tesseract_api.image_to_data(image, "eng", 7, 60, {"tessedit_char_whitelist": "0123456789"})
    assert all(row.text.isdigit() for row in digits if row.text)
    # the parameter stays with its own engine: the plain engine still reads letters
    assert "UBND" in tesseract_api.image_to_string(image, "eng", 7, 60)


def test_an_unknown_language_or_parameter_is_a_clear_error() -> None:
    with pytest.raises(TesseractError, match="language"):
        tesseract_api.image_to_string(text_image(["x"]), "zz-no-such-language", 6, 60)
    with pytest.raises(TesseractError, match="parameter"):
        tesseract_api.image_to_string(text_image(["x"]), "eng", 6, 60, {"no_such_parameter": "1"})


def test_a_resolution_is_the_one_an_image_file_gives_the_command(tmp_path: Path) -> None:
    """The subject's second look tells Tesseract the crop's resolution, as a PNG header tells the command."""
    rng = np.random.default_rng(5)
    grain = rng.integers(200, 245, size=(110, 1400), dtype=np.uint8)  # photographed paper
    image = Image.fromarray(np.minimum(grain, np.asarray(text_image(["Kế hoạch kiểm tra công tác năm 2024"]))))
    image.save(tmp_path / "crop.png", dpi=(300, 300))
    for method in ("0", "1", "2"):
        expected = command(tmp_path / "crop.png", "-l", "vie", "--psm", "6", "-c", f"thresholding_method={method}")
        got = tesseract_api.image_to_string(image, "vie", 6, 60, {"thresholding_method": method}, resolution=300)
        assert got == expected, method


def test_leptonica_messages_are_switched_off_once_tesseract_is_loaded() -> None:
    # in a fresh process: another test may have loaded the library already
    script = (
        "import ctypes, ctypes.util\n"
        "from extractors.tesseract_api import _library\n"
        "_library()\n"
        "lept = ctypes.CDLL(ctypes.util.find_library('lept') or 'liblept.so.5')\n"
        "lept.setMsgSeverity.argtypes = [ctypes.c_int]\n"
        "print(lept.setMsgSeverity(6))\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    assert run.stdout.strip() == "6"
