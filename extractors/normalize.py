"""Vietnamese text normalisation: one canonical form for matching, folding for accent-free search.

- `nfc`: Unicode NFC. PDFs and OCR emit NFD (combining marks) as often as NFC.
- `canonical_tones`: old-style tone placement (hoà, thuỷ, uỷ, khoẻ) → new style (hòa, thủy, ủy, khỏe),
  so that both spellings match. Quotes keep the text as read; only matching uses this form.
- `fold`: diacritics off and đ→d, **one character in, one character out** for NFC input, so that
  offsets found in the folded copy are offsets in the original (highlights map back).
- `matching_form`: the form rules and search compare: NFC, canonical tones, lower case.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import pairwise

_TONE_MARKS = {
    "\u0300": "grave",  # huyền
    "\u0301": "acute",  # sắc
    "\u0303": "tilde",  # ngã
    "\u0309": "hook",  # hỏi
    "\u0323": "dot",  # nặng
}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char in "đĐ":
        return "d" if char == "đ" else "D"
    decomposed = unicodedata.normalize("NFD", char)
    base = decomposed[0]
    # Only strip marks from Latin letters; keep anything whose base is not a single ASCII-ish letter.
    if len(decomposed) > 1 and base.isalpha():
        return base
    return char


def upper_first(text: str) -> str:
    """The first letter in upper case, the rest as written ("chi tiết" → "Chi tiết")."""
    return text[:1].upper() + text[1:]


class _FoldTable(dict[int, str]):
    """`_fold_char` as a `str.translate` table, each character folded the first time it is seen."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


def cased_like(model: str, form: str) -> str:
    """`form` in the case of the word `model`: all capitals ("TẶNG"), a capital first ("Tặng"), or as is."""
    if model.isupper() and len(model) > 1:
        return form.upper()
    if model[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


def fold(text: str) -> str:
    """Remove Vietnamese diacritics (đ→d). Same length as the NFC input it is given."""
    if text.isascii():
        return text
    return text.translate(_FOLD_TABLE)  # character by character, as `_fold_char`, at C speed


def _split_tone(char: str) -> tuple[str, str]:
    """('ò') → ('o', grave mark). Vowel quality marks (circumflex, breve, horn) stay on the base."""
    decomposed = unicodedata.normalize("NFD", char)
    tone = "".join(c for c in decomposed if c in _TONE_MARKS)
    rest = "".join(c for c in decomposed if c not in _TONE_MARKS)
    return unicodedata.normalize("NFC", rest), tone


# Old style puts the tone on the second vowel of open "oa", "oe", "uy" (hoà, khoẻ, thuỷ);
# new style puts it on the first (hòa, khỏe, thủy). "qu" + y (quý) is a consonant + vowel: untouched.
_OLD_STYLE = re.compile(
    r"(?<![qQ])([oOuU])([àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸỳýỷỹỵỲÝỶỸỴ])(?![\w])",
)
_PAIRS = {("o", "a"), ("o", "e"), ("u", "y")}


def _move_tone(match: re.Match[str]) -> str:
    first, second = match.group(1), match.group(2)
    base2, tone = _split_tone(second)
    if (first.lower(), base2.lower()) not in _PAIRS:
        return match.group(0)
    return unicodedata.normalize("NFC", first + tone) + base2


def canonical_tones(text: str) -> str:
    """hoà → hòa, uỷ → ủy, thuỷ → thủy, khoẻ → khỏe (NFC in, NFC out, same length)."""
    return _OLD_STYLE.sub(_move_tone, text)


def matching_form(text: str) -> str:
    """The form rules and search compare: NFC, canonical tone placement, lower case."""
    return canonical_tones(nfc(text)).lower()


def folded_matching_form(text: str) -> str:
    return fold(matching_form(text))


_HYPHEN_WRAP = re.compile(r"(\w)-\n(\w)")
_SOFT_WRAP = re.compile(r"(?<=[^\n.:;!?])\n(?=[a-zà-ỹđ])")
_SPACES = re.compile(r"[ \t\u00a0]+")


def repair_wraps(text: str) -> str:
    """Join words split by a line-end hyphen and lines wrapped inside a sentence.

    A line break before a lower-case letter, after anything but sentence punctuation, is a wrap;
    breaks before capitals, numbers and list markers are kept (they start headings and items).
    """
    text = _HYPHEN_WRAP.sub(r"\1\2", text)
    text = _SOFT_WRAP.sub(" ", text)
    return _SPACES.sub(" ", text)


_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def compact_key(text: str) -> str:
    """Folded, lower-case letters and digits only: "SỞ TƯ  PHÁP" → "sotuphap" (for fuzzy lookups)."""
    # OCR reads Đ as the Icelandic eth (Ð, U+00D0), which NFD does not decompose.
    return _NOT_ALNUM.sub("", folded_matching_form(text.replace("\u00d0", "D").replace("\u00f0", "d")))


def edit_distance(a: str, b: str, limit: int | None = None) -> int:
    """Levenshtein distance; stops early and returns `limit + 1` once it must exceed `limit`."""
    if a == b:
        return 0
    if limit is not None and abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        if limit is not None and min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


_QUALITY_MARKED = frozenset("âêôă")


def _merged_vowel(first: str, second: str) -> str | None:
    """The one vowel `first` and `second` are, when they are one letter read twice."""
    (first_base, first_tone), (second_base, second_tone) = _split_tone(first), _split_tone(second)
    if not first_base.isalpha() or fold(first_base).lower() != fold(second_base).lower():
        return None
    marked = {base for base in (first_base, second_base) if base.lower() in _QUALITY_MARKED}
    if len(marked) != 1 or (first_tone and second_tone):
        return None
    return unicodedata.normalize("NFC", marked.pop() + (first_tone or second_tone))


def merge_doubled_vowels(word: str) -> str:
    """One vowel OCR read twice, once with its circumflex or breve and once with its tone ("câầp"
    for "cấp", "tiêêu"): Vietnamese never writes a vowel twice when one carries such a mark
    ("xoong", "soóc" keep theirs)."""
    word = nfc(word)
    folded = fold(word).lower()  # one letter per letter: only a word with "aa", "ee" or "oo" is looked at
    if not any(first == second and first in "aeo" for first, second in pairwise(folded)):
        return word
    letters: list[str] = []
    for char in word:
        merged = _merged_vowel(letters[-1], char) if letters else None
        if merged is None:
            letters.append(char)
        else:
            letters[-1] = merged
    return "".join(letters)
