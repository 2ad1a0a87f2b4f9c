"""Each page of a scan is rendered once: the second looks (subject, handwritten digits) cut OCR's image
of page 1; only a look at a later page (the signer's column) renders that page again."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from extractors import handwriting, ocr, pipeline, subject_reread
from extractors.ocr import OcrSettings
from extractors.pipeline import ExtractionOptions, OcrPool, extract_file

pytestmark = pytest.mark.tesseract
SCAN = Path(__file__).parents[2] / "samples" / "002-bc-cchc-scan.pdf"  # 3 scanned pages, NĐ30 subject
HANDWRITTEN = Path(__file__).parents[2] / "samples" / "004-cv-don-doc-handwritten.pdf"  # number written by hand
LOG = "KIEMCHUNG_TEST_RENDER_LOG"
_render_page_pixels = ocr.render_page_pixels
_read_lines_again = subject_reread.read_lines_again
_render_box = ocr.render_box
_read_digits = handwriting.read_digits


def _log(line: str) -> None:
    with open(os.environ[LOG], "a", encoding="utf-8") as handle:  # workers are other processes
        handle.write(line + "\n")


def counting_render_page_pixels(pdf_path: str, page_index: int, dpi: int, use: Any) -> tuple[Any, float, float, float]:
    _log(f"render {page_index}")
    return _render_page_pixels(pdf_path, page_index, dpi, use)


def counting_render_box(pdf_path: str, page_index: int, box: Any, dpi: int) -> Image.Image:
    _log(f"render box {page_index}")
    return _render_box(pdf_path, page_index, box, dpi)


def counting_read_digits(image: Image.Image) -> Any:
    _log("digits read")
    return _read_digits(image)


def counting_read_lines_again(crop: Image.Image, settings: Any = None) -> list[str]:
    _log("subject read again")
    return _read_lines_again(crop, settings)


def test_every_page_is_rendered_once_and_the_subject_is_cut_from_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "log.txt"
    monkeypatch.setenv(LOG, str(log))
    # every whole-page render goes through it (`render_page` too); workers are forked after this
    monkeypatch.setattr(ocr, "render_page_pixels", counting_render_page_pixels)
    monkeypatch.setattr(pipeline, "read_lines_again", counting_read_lines_again)
    monkeypatch.setattr(handwriting, "render_box", counting_render_box)
    monkeypatch.setattr(pipeline, "read_digits", counting_read_digits)
    pool = OcrPool(1)
    try:
        record = extract_file(SCAN, ExtractionOptions(workers=1, tag=False), pool)
        assert record.error is None and [page.method for page in record.pages] == ["ocr"] * 3
        assert record.subject and "cải cách hành chính" in record.subject
        assert sorted(log.read_text(encoding="utf-8").splitlines()) == [
            "render 0",
            "render 1",
            "render 2",
            "subject read again",
        ]
        log.unlink()
        # the signature's blue ink left in the page's picture, so that OCR loses the title under it
        # and the signer's column is read again (with the ink painted out, OCR reads the title at once)
        kept_ink = ExtractionOptions(workers=1, tag=False, ocr=OcrSettings(remove_stamps=False))
        handwritten = extract_file(HANDWRITTEN, kept_ink, pool)
    finally:
        pool.close()
    assert handwritten.field_sources["number"].startswith("handwritten digits: ")
    # the page's OCR did not read the signer's title on page 2: its column is read again from page 2
    # rendered once more (OCR keeps only page 1's image)
    assert handwritten.signer is not None and handwritten.signer.title == "Chánh Văn phòng"
    assert handwritten.field_sources["signer"].startswith("signer's column read again")
    assert sorted(log.read_text(encoding="utf-8").splitlines()) == [
        "digits read",  # from the blank cut out of page 1's image: no render of the blank
        "digits read",  # nothing agreed on: the blank again, short of the slash, cut the same way
        "render 0",
        "render 1",
        "render 1",
        "subject read again",
    ]
