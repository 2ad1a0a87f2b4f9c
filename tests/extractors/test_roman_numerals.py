import pytest

from extractors.roman_numerals import is_roman_numeral, numbers_the_word_before


@pytest.mark.parametrize(("word", "expected"), [("I", True), ("XIII", True), ("XIV", True), ("XIHI", False),
                                               ("IIII", False), ("", False), ("Xi", False)])  # fmt: skip
def test_is_roman_numeral(word: str, expected: bool) -> None:
    assert is_roman_numeral(word) is expected


@pytest.mark.parametrize(("text", "index", "expected"), [
    ("Báo cáo quý I năm 2025", 3, True),
    ("Hội nghị lần thứ XI,", 4, True),
    ("Chi cục Thuế khu vực XII", 5, True),
    ("Nghị quyết số VI", 3, False),  # "số" numbers digits, not a numeral of this kind
    ("I", 0, False),
])  # fmt: skip
def test_numbers_the_word_before(text: str, index: int, expected: bool) -> None:
    assert numbers_the_word_before(text.split(), index) is expected
