"""Roman numerals in Vietnamese administrative text: "quý I", "khóa XIII", "Chi cục Thuế khu vực XII".

A numeral reads as a syllable too ("i", "xi", "vi"), so casing and spelling rules must know it by the
word it numbers, which stands just before it."""

from __future__ import annotations

import re

from extractors.normalize import fold

_ROMAN_NUMERAL = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
# Words a Roman numeral numbers, folded: "QUÝ I", "LẦN THỨ XI", "KHÓA VI", "GIAI ĐOẠN II", "KHU VỰC XII".
NUMBERED_WORDS = frozenset({"quy", "thu", "khoa", "phan", "chuong", "muc", "doan", "dot", "vung", "vuc"})
_EDGE_PUNCTUATION = ",.;:()"


def is_roman_numeral(word: str) -> bool:
    """ "XIII" is; "XIHI", "IIII" and "" are not."""
    return bool(word) and _ROMAN_NUMERAL.fullmatch(word) is not None


def numbers_the_word_before(words: list[str], index: int) -> bool:
    """Whether words[index] is a Roman numeral numbering the word before it ("quý I", "khu vực XII")."""
    return (
        index > 0
        and is_roman_numeral(words[index].strip(_EDGE_PUNCTUATION))
        and fold(words[index - 1].strip(_EDGE_PUNCTUATION)).lower() in NUMBERED_WORDS
    )
