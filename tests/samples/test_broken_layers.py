"""The `broken_layer` variant: the page draws the right letters, the text layer says otherwise."""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest

from samples.generator import KINDS, build
from samples.generator.broken_layers import FACES, FAULTS, LayerFault, broken_to_unicode, faulty_to_unicode_cmap
from samples.generator.layout import LayoutOptions, render


def _render(fault: LayerFault | None) -> bytes:
    spec = build(KINDS[0], random.Random("broken-layer"))
    if fault is None:
        return render(spec, LayoutOptions()).data
    with broken_to_unicode(fault):
        return render(spec, LayoutOptions()).data


def _first_page(data: bytes) -> tuple[str, np.ndarray]:
    pdf = pdfium.PdfDocument(data)
    page = pdf[0]
    text = page.get_textpage().get_text_bounded()
    pixels = np.asarray(page.render(scale=1).to_pil().convert("L"))
    return text, pixels


@pytest.fixture(scope="module")
def sound() -> tuple[str, np.ndarray]:
    return _first_page(_render(None))


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_the_page_looks_the_same_and_its_text_layer_does_not(fault: str, sound) -> None:
    sound_text, sound_pixels = sound
    text, pixels = _first_page(_render(LayerFault(fault, "all")))
    assert np.array_equal(pixels, sound_pixels)
    assert text != sound_text
    if fault == "lost-capital-h":
        assert "H" not in text and "CỘNG" in text and "h" in text
    if fault == "lost-h":
        assert not {"H", "h"} & set(text)
    if fault == "lookalike":
        assert "\u01a3" in text and "ư" not in text
    if fault == "decomposed":
        assert unicodedata.normalize("NFC", text) == unicodedata.normalize("NFC", sound_text)
        assert any(unicodedata.combining(c) for c in text)
    if fault == "glyph-codes":
        assert "ngày" not in text and "CỘNG" not in text


def test_a_fault_in_the_bold_face_leaves_the_body_sound(sound) -> None:
    sound_text, _ = sound
    text, _ = _first_page(_render(LayerFault("lost-h", "bold")))
    assert "CỘNG ÒA" in text and "CỘNG HÒA" in sound_text  # the motto is bold
    assert "Căn cứ" in text and "Căn cứ" in sound_text  # the body is not
    assert "NHÂN DÂN" in text  # nor the superior's line


def test_the_cmap_keeps_one_entry_per_code_and_faces_select_fonts() -> None:
    subset = [ord(c) for c in "HhưÁ"]
    regular = faulty_to_unicode_cmap("AAAAAA+NotoSerif-Regular", subset, LayerFault("lost-h", "bold"))
    bold = faulty_to_unicode_cmap("AAAAAA+NotoSerif-Bold", subset, LayerFault("lost-h", "bold"))
    assert "<00> <0048>" in regular and "<00> <0020>" in bold and "<01> <0020>" in bold
    entries = bold.split("beginbfchar\n", 1)[1].split("\nendbfchar", 1)[0].splitlines()
    assert len(entries) == len(subset)
    assert set(FACES) == {"all", "bold", "regular"}


def test_generated_files_name_their_fault(tmp_path: Path) -> None:
    from samples.generator import generate

    rows = generate(tmp_path, 6, seed=9, variants=["broken_layer"])
    for row in rows:
        assert row.variant == "broken_layer"
        assert any(row.file.split("broken-layer-", 1)[1].startswith(name) for name in FAULTS)
