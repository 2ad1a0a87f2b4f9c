"""Syllables OCR split with a space: "hà nh chính" → "hành chính", "nội dun g" → "nội dung".

Tesseract breaks a word where the letters of a photographed or justified line stand apart. Its two
halves are often each some dictionary's entry ("hà", "nh"), so the words alone cannot tell; the
neighbours can. Two adjacent parts are joined when, written together, they make one Vietnamese
syllable that forms a dictionary word with a neighbour ("hành chính"), while the two parts make no
word and no pair legal text prints. Correct text never meets that (none in 24,000 words of generated
documents, nor in the portal pages of tests/fixtures/seeds): a real pair of syllables is a word
or is printed.
"""

from __future__ import annotations

from extractors.lexicon import Lexicon
from extractors.normalize import matching_form
from extractors.text_quality import is_vietnamese_syllable

# What `Lexicon.support` gives a syllable that makes a dictionary word with a neighbour.
_MAKES_A_WORD = 3.0
_CLOSING = ",.;:)”"


def _joined(lexicon: Lexicon, left: str | None, first: str, second: str, right: str | None) -> str | None:
    """`first` + `second` as one syllable when that makes a word with a neighbour and the two
    parts make nothing; None otherwise (forms compared lower case)."""
    pair = (matching_form(first), matching_form(second))
    if pair in lexicon.word_pairs or lexicon.pair_counts.get(pair, 0) > 0:
        return None
    whole = first + second
    if not is_vietnamese_syllable(whole):
        return None
    neighbours = (matching_form(left) if left else None, matching_form(right) if right else None)
    if lexicon.support(neighbours[0], matching_form(whole), neighbours[1]) < _MAKES_A_WORD:
        return None
    return whole


def join_split_syllables(text: str, lexicon: Lexicon) -> tuple[str, list[tuple[str, str]]]:
    """`text` with split syllables joined; the joins as ("hà nh", "hành")."""
    tokens = text.split(" ")
    joins: list[tuple[str, str]] = []
    index = 0
    out: list[str] = []
    while index < len(tokens):
        first = tokens[index]
        second = tokens[index + 1] if index + 1 < len(tokens) else ""
        second_core = second.rstrip(_CLOSING)
        if str.isalpha(first) and str.isalpha(second_core):
            left = out[-1] if out and str.isalpha(out[-1]) else None
            after = tokens[index + 2] if index + 2 < len(tokens) else ""
            right = after.rstrip(_CLOSING) if second_core == second and str.isalpha(after.rstrip(_CLOSING)) else None
            whole = _joined(lexicon, left, first, second_core, right)
            if whole is not None:
                joins.append((f"{first} {second_core}", whole))
                out.append(whole + second[len(second_core) :])
                index += 2
                continue
        out.append(first)
        index += 1
    return " ".join(out), joins
