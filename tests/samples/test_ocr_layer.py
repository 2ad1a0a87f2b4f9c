"""Searchable scans: the invisible text layer another program's OCR leaves, laid by Tesseract."""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from samples.ocr_layer import VARIANT, write_view
from tests.pdf_builders import born_digital_pdf, scanned_pdf


@pytest.mark.tesseract
def test_a_scan_gets_an_invisible_layer_of_its_own_words_and_its_truth_row(tmp_path: Path) -> None:
    source, destination = tmp_path / "scans", tmp_path / "searchable"
    source.mkdir()
    (source / "kh.pdf").write_bytes(scanned_pdf(born_digital_pdf()))
    (source / "truth.jsonl").write_text(json.dumps({"file": "kh.pdf", "doc_type": "KH"}) + "\n", encoding="utf-8")

    [row] = write_view(source, destination)

    assert row == {"file": "layer-kh.pdf", "doc_type": "KH", "variant": VARIANT, "layer_of": "kh.pdf"}
    assert json.loads((destination / "truth.jsonl").read_text(encoding="utf-8")) == row
    document = pdfium.PdfDocument(str(destination / "layer-kh.pdf"))
    text_page = document[0].get_textpage()
    text = text_page.get_text_bounded()
    modes = {pdfium_c.FPDFText_GetTextRenderMode(text_page.raw, i) for i, c in enumerate(text) if not c.isspace()}
    assert "hành chính" in text.lower()
    assert modes == {pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE}
    assert list(document[0].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2))
