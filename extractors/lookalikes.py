"""Look-alike code points in a text layer, mapped to the Vietnamese letters they stand for.

Some PDF producers give a font a ToUnicode map that names a letter that looks like the glyph instead
of the glyph's letter: "nƣớc" (U+01A3 LATIN SMALL LETTER OI) for "nước", "Ƣ" (U+01A2) for "Ư", "ǎ"
(caron) for "ă" (breve), the Icelandic eth "Ð" for "Đ". The page looks right and the words match
nothing. Like a legacy encoding (`legacy_encodings`), such a layer is converted by a table, one code
point to one, so word boxes and offsets stay valid.

Letters of other scripts that look Latin (Cyrillic "а", "о", "р", "с"; Greek "ο") are mapped only
inside a word that also has Latin letters: a whole Russian word stays Russian.
"""

from __future__ import annotations

import re
from collections import Counter

from extractors.normalize import nfc

# Never Vietnamese, always a stand-in for a Vietnamese letter.
VIETNAMESE_LOOKALIKES: dict[str, str] = {
    "\u01a3": "ư",  # ƣ latin small letter oi
    "\u01a2": "Ư",  # Ƣ latin capital letter oi
    "\u01ce": "ă",  # ǎ a with caron
    "\u01cd": "Ă",  # Ǎ
    "\u00f0": "đ",  # ð eth
    "\u00d0": "Đ",  # Ð eth
    "\u0189": "Đ",  # Ɖ african d
    "\u0256": "đ",  # ɖ d with tail
}
# Letters of other scripts drawn like Latin ones: mapped inside mixed-script words only.
SCRIPT_LOOKALIKES: dict[str, str] = {
    "\u0430": "a",
    "\u0435": "e",
    "\u043e": "o",
    "\u0440": "p",
    "\u0441": "c",
    "\u0445": "x",
    "\u0443": "y",
    "\u0456": "i",
    "\u0410": "A",
    "\u0412": "B",
    "\u0415": "E",
    "\u041a": "K",
    "\u041c": "M",
    "\u041d": "H",
    "\u041e": "O",
    "\u0420": "P",
    "\u0421": "C",
    "\u0422": "T",
    "\u0425": "X",
    "\u0406": "I",
    "\u03bf": "o",
    "\u039f": "O",
    "\u03b1": "a",
    "\u0391": "A",
}
_VIETNAMESE_TABLE = str.maketrans(VIETNAMESE_LOOKALIKES)
_SCRIPT_TABLE = str.maketrans(SCRIPT_LOOKALIKES)
_WORD = re.compile(r"[^\W\d_]+")


def _is_latin(char: str) -> bool:
    return char.isascii() or "\u00c0" <= char <= "\u024f" or "\u1e00" <= char <= "\u1eff"


def _map_word(match: re.Match[str]) -> str:
    word = match.group(0)
    if any(c in SCRIPT_LOOKALIKES for c in word) and any(_is_latin(c) and c.isalpha() for c in word):
        return word.translate(_SCRIPT_TABLE)
    return word


def map_lookalikes(text: str) -> tuple[str, Counter[str]]:
    """(`text` with look-alike code points mapped, how many of each were mapped: {"ƣ→ư": 37})."""
    found: Counter[str] = Counter()
    for char in text:
        if char in VIETNAMESE_LOOKALIKES:
            found[f"{char}→{VIETNAMESE_LOOKALIKES[char]}"] += 1
    mapped = _WORD.sub(_map_word, text.translate(_VIETNAMESE_TABLE))
    for before, after in zip(text, mapped, strict=False):
        if before != after and before in SCRIPT_LOOKALIKES:
            found[f"{before}→{after}"] += 1
    # a look-alike followed by a combining tone mark ("ƣ" + acute) composes to one letter ("ứ")
    return (nfc(mapped) if found else text), found


def describe(found: Counter[str]) -> str:
    """ "look-alike code points mapped (ƣ→ư ×37, Ƣ→Ư ×2)" """
    parts = ", ".join(f"{pair} ×{count}" for pair, count in found.most_common())
    return f"look-alike code points mapped ({parts})"
