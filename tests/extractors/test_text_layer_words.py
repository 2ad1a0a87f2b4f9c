"""Words of a text layer cut on arrays (`_word_boxes`) are exactly those of the character-by-character
definition (`_word_boxes_one_by_one`): same words, same boxes to the last bit, same order."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.models import Page, Word
from extractors import text_layer
from extractors.text_layer import _char_boxes, _hundredths, _word, _word_boxes, _word_boxes_one_by_one, _words_of_boxes

REPO = Path(__file__).resolve().parents[2]
PDFS = [
    REPO / "samples/001-kh-cchc-digital.pdf",
    REPO / "samples/010-kh-tuyen-truyen-annex.pdf",
    REPO / "tests/fixtures/realdocs/caobang-nq-33-2022.pdf",
    REPO / "tests/fixtures/realdocs/more/congbao-thong-tu-so-29-2026-tt-btc-469232.pdf",
]


def _exact(words: list[tuple[str, float, float, float, float]]) -> list[tuple[str, ...]]:
    return [tuple(map(repr, word)) for word in words]  # -0.0 and 0.0 differ here


@pytest.mark.parametrize("path", PDFS, ids=[path.name for path in PDFS])
def test_every_page_gives_the_words_of_the_definition(path: Path) -> None:
    document = pdfium.PdfDocument(str(path))
    try:
        for page in document:
            height = page.get_size()[1]
            text_page = page.get_textpage()
            text = text_page.get_text_range(0, text_page.count_chars(), force_this=True)
            indexes, boxes = _char_boxes(text_page, text)
            words = _word_boxes(text_page, text, height)
            assert words, f"{path.name}: a page without words"
            assert _exact(words) == _exact(_word_boxes_one_by_one(text, indexes, boxes, height))
            text_page.close()
            page.close()
    finally:
        document.close()


_COORDINATE = st.one_of(
    st.sampled_from([0.0, -0.0, 1.0, 10.0, 10.5, 11.0, 12.0]),
    st.floats(min_value=-5, max_value=60, allow_nan=False, width=32),
)
_CHARACTER = st.sampled_from("ab Ễ\t\u00a0\ufffe\u2003-")
_ANY_GLYPH = st.tuples(_CHARACTER, _COORDINATE, _COORDINATE, _COORDINATE, _COORDINATE)


@st.composite
def _set_glyph(draw: st.DrawFn) -> tuple[str, float, float, float, float]:
    """A glyph on one of a few baselines, at one of a few places: many equal centres and gaps near the cut."""
    left = draw(st.sampled_from([0.0, 0.5, 1.0, 1.2, 1.25, 1.4, 2.0, 2.3, 3.0, 4.5]))
    bottom = draw(st.sampled_from([0.0, 0.1, 5.0, 10.0]))
    width = draw(st.sampled_from([0.0, 0.2, 0.5, 1.0]))
    height = draw(st.sampled_from([0.5, 1.5, 2.0, 8.0]))
    return draw(_CHARACTER), left, bottom, left + width, bottom + height


@settings(max_examples=300, deadline=None)
@given(
    glyphs=st.one_of(st.lists(_set_glyph(), max_size=80), st.lists(_ANY_GLYPH, max_size=30)),
    page_height=st.sampled_from([842.0, 595.5]),
)
def test_arrays_and_the_definition_agree_on_any_boxes(
    glyphs: list[tuple[str, float, float, float, float]], page_height: float
) -> None:
    """Boxes in any order and overlap, equal centres, gaps near the cut, zero-width spaces,
    inverted boxes, negative zeros (which the array path hands to the definition)."""
    text = "".join(glyph[0] for glyph in glyphs)
    indexes = np.arange(len(glyphs), dtype=np.intp)
    boxes = np.array([glyph[1:] for glyph in glyphs], dtype=np.float64).reshape(len(glyphs), 4)
    words = _words_of_boxes(text, indexes, boxes, page_height)
    assert _exact(words) == _exact(_word_boxes_one_by_one(text, indexes, boxes, page_height))


def test_a_line_break_is_no_character_and_a_zero_width_space_no_separator() -> None:
    """Through pdfium: generated line breaks and spaces without width are dropped from the characters."""
    document = pdfium.PdfDocument(str(PDFS[0]))
    try:
        text_page = document[0].get_textpage()
        text = text_page.get_text_range(0, text_page.count_chars(), force_this=True)
        indexes, boxes = _char_boxes(text_page, text)
        kept = [text[index] for index in indexes.tolist()]
        assert "\r" not in kept and "\n" not in kept and ("\n" in text or "\r" in text)
        widths = (boxes[:, 2] - boxes[:, 0]).tolist()
        assert all(width > 0 for char, width in zip(kept, widths, strict=True) if char in text_layer._WHITESPACE)
    finally:
        document.close()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.floats(min_value=-2000, max_value=2000, width=32),
            st.floats(min_value=-1e7, max_value=1e7, allow_nan=False),
            st.sampled_from([0.125, 0.375, 1.005, 2.675, 0.285, -0.005, -0.0, 0.0, 841.995, 595.275]),
            st.integers(min_value=-200000, max_value=200000).map(lambda k: k / 200),  # exact halves of 0.01
        ),
        max_size=50,
    )
)
def test_hundredths_are_pythons_round(values: list[float]) -> None:
    rounded = _hundredths(np.array(values, dtype=np.float64))
    assert [repr(value) for value in rounded] == [repr(round(value, 2)) for value in values]


@pytest.mark.parametrize("values", [("Điều", 56.69, 100.5, 80.0, 112.25, 0), ("-0", -0.0, 0.0, 1e-9, 841.89, 12345)])
def test_a_word_built_directly_is_the_validated_word(values: tuple[str, float, float, float, float, int]) -> None:
    text, x0, top, x1, bottom, start = values
    validated = Word.model_validate({"text": text, "x0": x0, "top": top, "x1": x1, "bottom": bottom, "start": start})
    built = _word(*values)
    assert built == validated and type(built) is Word
    assert list(built.__dict__.items()) == list(validated.__dict__.items())
    assert built.model_fields_set == validated.model_fields_set
    assert built.__pydantic_extra__ == validated.__pydantic_extra__
    assert built.__pydantic_private__ == validated.__pydantic_private__
    assert built.model_dump_json() == validated.model_dump_json()
    assert built.model_copy(update={"start": 1}).start == 1 and built.start == start
    assert Page(page=1, method="text", text=text, words=[built]).words[0] == validated
