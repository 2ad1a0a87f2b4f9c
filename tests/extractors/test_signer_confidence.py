"""A signer's name OCR was unsure of goes to review (pure: pages built from words)."""

from __future__ import annotations

from core.models import Page, Word
from extractors.signer_confidence import NAME_CONFIDENCE, doubtful_name, weakest_name_word


def _page(words: list[tuple[str, float]], method: str = "ocr") -> Page:
    built, x = [], 300.0
    for text, confidence in words:
        built.append(Word(text=text, x0=x, top=600, x1=x + 30, bottom=612, confidence=confidence))
        x += 34
    return Page(page=2, method=method, text=" ".join(t for t, _ in words), width=595, height=842, words=built)  # type: ignore[arg-type]


def test_the_weakest_word_of_the_name_where_it_is_printed_last() -> None:
    page = _page([("Cao", 95), ("Anh", 96), ("Tuấn", 91), ("THỨ", 90), ("Cao", 92), ("Anh", 93), ("Tuần", 51)])
    assert weakest_name_word(page, "Cao Anh Tuần") == ("Tuần", 51)
    assert weakest_name_word(page, "Nguyễn Văn A") is None


def test_a_name_read_below_the_threshold_is_doubtful_one_read_well_is_not() -> None:
    unsure = _page([("Cao", 95), ("Anh", 96), ("Tuần", NAME_CONFIDENCE - 9)])
    doubt = doubtful_name(unsure, "Cao Anh Tuần")
    assert doubt is not None and "Tuần" in doubt
    sure = _page([("Cao", 95), ("Anh", 96), ("Tuấn,", 92)])
    assert doubtful_name(sure, "Cao Anh Tuấn") is None
    assert doubtful_name(_page([("Cao", 10), ("Anh", 10)], method="text"), "Cao Anh") is None


def test_a_name_ocr_read_as_two_words_is_doubtful_a_text_layers_is_not() -> None:
    """A seal or a signature's stroke over the given name: OCR reads "Trần Kim" of "Trần Kim Hạnh"."""
    doubt = doubtful_name(_page([("Trần", 93), ("Kim", 91)]), "Trần Kim")
    assert doubt is not None and "2 word" in doubt
    assert doubtful_name(_page([("Trần", 93), ("Kim", 91)], method="text"), "Trần Kim") is None
