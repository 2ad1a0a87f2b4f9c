"""OCR words that are specks by their shape: no print is a tenth as tall as the words around it."""

from __future__ import annotations

from core.models import Word
from extractors.ocr import flat_specks


def _word(text: str, x0: float, height: float, confidence: float) -> Word:
    return Word(text=text, x0=x0, top=200.0, x1=x0 + 20, bottom=200.0 + height, confidence=confidence)


def test_a_word_flatter_than_any_print_read_unsure_is_a_speck() -> None:
    printed = ["Sửa", "đổi,", "bổ", "sung", "một", "số", "điều"]
    line = [_word(text, 20.0 * i, 10.0, 95.0) for i, text in enumerate(printed)]
    speck = _word("CAO", 124.0, 1.0, 0.0)  # a rule's edge read as letters
    dash = _word("-", 300.0, 1.0, 93.0)  # a dash is flat: no letters, no speck
    short = _word("ma", 320.0, 5.0, 40.0)  # a syllable of x-height letters stands half as tall
    sure = _word("Đường", 340.0, 2.0, 90.0)  # small print read with confidence stays
    assert flat_specks([*line, speck, dash, short, sure]) == [speck]


def test_too_few_words_to_know_what_is_typical_keep_every_word() -> None:
    assert flat_specks([_word("CAO", 0.0, 1.0, 0.0), _word("Số", 30.0, 10.0, 90.0)]) == []
