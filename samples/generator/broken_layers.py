"""Born-digital PDFs whose pages look right and whose text layer is wrong: a font's ToUnicode map.

A PDF's text layer is whatever the font's ToUnicode map says each drawn glyph is; the page image
comes from the glyphs themselves. Real published files get the map wrong in a few ways (the shared
domain notes and issue 16): a letter that maps to a blank (`C ÍN  P Ủ` for `CHÍNH PHỦ`), a letter
that maps to a look-alike code point (`nƣớc` for `nước`), letters written as a base letter plus
combining marks (NFD), or no usable map at all (the glyph codes themselves come out: gibberish).
The fault may sit in every face of the document or only in its bold face (headers, titles, names)
or its regular face (the body), as when one embedded font of several is broken.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from reportlab.pdfbase import ttfonts

LOOKALIKES = {"ư": "\u01a3", "Ư": "\u01a2"}  # ƣ/Ƣ (Latin "oi"), drawn like ư/Ư in many fonts


# Each fault gives a glyph's text from its character and its code in the font's subset.
FAULTS: dict[str, Callable[[str, int], str]] = {
    "lost-capital-h": lambda char, _code: " " if char == "H" else char,
    "lost-h": lambda char, _code: " " if char in "Hh" else char,
    "lookalike": lambda char, _code: LOOKALIKES.get(char, char),
    "decomposed": lambda char, _code: unicodedata.normalize("NFD", char),
    "glyph-codes": lambda _char, code: chr(0x21 + code % 94),  # the code read as if it were ASCII
}
FACES = ("all", "bold", "regular")


@dataclass(frozen=True)
class LayerFault:
    fault: str
    faces: str  # "all", "bold" (bold and bold italic) or "regular" (regular and italic)

    @property
    def name(self) -> str:
        return self.fault if self.faces == "all" else f"{self.fault}-{self.faces}"

    def applies_to(self, font_name: str) -> bool:
        bold = "Bold" in font_name
        return self.faces == "all" or (self.faces == "bold") == bold


def random_fault(rng: random.Random) -> LayerFault:
    return LayerFault(rng.choice(tuple(FAULTS)), rng.choice(FACES))


def _utf16_hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def to_unicode_cmap(font_name: str, texts: list[str]) -> str:
    """A ToUnicode CMap giving code `i` the text `texts[i]`, written as UTF-16 (a character beyond the
    BMP as its surrogate pair, as Word writes it; reportlab's own map writes its five hex digits)."""
    entries = [f"<{code:02X}> <{_utf16_hex(text)}>" for code, text in enumerate(texts)]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            f"/CIDSystemInfo\n<< /Registry ({font_name})\n/Ordering ({font_name})\n/Supplement 0\n>> def",
            f"/CMapName /{font_name} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(texts) - 1:02X}>",
            "endcodespacerange",
            f"{len(entries)} beginbfchar",
            *entries,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


def faulty_to_unicode_cmap(font_name: str, subset: list[int], fault: LayerFault) -> str:
    """The CMap reportlab writes for a subset, with each code's text changed by the fault."""
    chars = [chr(codepoint) for codepoint in subset]
    if not fault.applies_to(font_name):
        return to_unicode_cmap(font_name, chars)
    wrong = FAULTS[fault.fault]
    return to_unicode_cmap(font_name, [wrong(char, code) for code, char in enumerate(chars)])


@contextmanager
def broken_to_unicode(fault: LayerFault) -> Iterator[None]:
    """While rendering, embedded fonts get ToUnicode maps with the fault (reportlab writes one per subset)."""
    original = ttfonts.makeToUnicodeCMap
    ttfonts.makeToUnicodeCMap = lambda font_name, subset: faulty_to_unicode_cmap(font_name, subset, fault)
    try:
        yield
    finally:
        ttfonts.makeToUnicodeCMap = original


__all__ = [
    "FACES",
    "FAULTS",
    "LayerFault",
    "broken_to_unicode",
    "faulty_to_unicode_cmap",
    "random_fault",
    "to_unicode_cmap",
]
