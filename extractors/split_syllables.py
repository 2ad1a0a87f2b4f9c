"""Syllables OCR split with a space: "hà nh chính" → "hành chính", "nội dun g" → "nội dung".

Tesseract breaks a word where the letters of a photographed or justified line stand apart. Its two
halves are often each some dictionary's entry ("hà", "nh"), so the words alone cannot tell; the
neighbours can. Two adjacent parts are joined when, written together, they make one Vietnamese
syllable that forms a dictionary word with a neighbour ("hành chính"), while the two parts make no
word and no pair legal text prints. Correct text never meets that (none in 24,000 words of generated
documents, nor in the portal pages of tests/fixtures/seeds): a real pair of syllables is a word
or is printed. A letter read twice at the split ("nghè èo") is joined once ("nghèo") on weaker
evidence, a pair legal text prints; on 280,000 words of generated text layers and the 220,000 of
the tuning set's real ones, the only join of either kind is a scan's OCR layer's "K inh". A half
legal text never prints ("thu ộc"), written together into a syllable it prints at least 20 times,
is joined whatever the neighbours: no such join in 109,035 born-digital lines (the tuning set's and
three generated views').
"""

from __future__ import annotations

from extractors.lexicon import ATTESTED_COUNT, Lexicon
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
    left_form, right_form = (matching_form(left) if left else None, matching_form(right) if right else None)

    def support(whole: str) -> float:
        return lexicon.support(left_form, matching_form(whole), right_form) if is_vietnamese_syllable(whole) else 0.0

    if support(first + second) >= _MAKES_A_WORD:
        return first + second
    # the halves overlapping by the letter OCR read twice ("hộ nghè èo" → "nghèo"): a second reading
    # of one letter is itself the evidence, so a pair legal text prints with a neighbour is enough
    if len(first) > 1 and len(second) > 1 and first[-1] == second[0] and support(first + second[1:]) > 0:
        return first + second[1:]
    # a half legal text never prints ("thu ộc"), joined into a syllable it prints often ("thuộc"):
    # the half alone is the evidence the break is OCR's, whatever the neighbours
    whole = first + second
    halves = (matching_form(first), matching_form(second))
    if (
        second.islower()
        and min(lexicon.occurrences(half) for half in halves) == 0
        and is_vietnamese_syllable(whole)
        and lexicon.occurrences(matching_form(whole)) >= ATTESTED_COUNT
    ):
        return whole
    return None


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
