"""TrueType fonts embedded in the generated PDFs, so that Vietnamese letters render and extract.

Noto Serif (Debian fonts-noto-core) stands in for Times New Roman, the font NĐ30 prescribes; DejaVu
Serif (fonts-dejavu) gives a second look. Liberation Serif 1.07, which Debian's fonts-liberation
ships, has no Vietnamese letters (ủ, ơ, ố render as blanks), so it is used only when its
version 2 (fonts-liberation2) is installed. Every face is checked for Vietnamese coverage.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIRS = (Path("/usr/share/fonts/truetype"), Path("/usr/share/fonts"))


@dataclass(frozen=True)
class Typeface:
    family: str  # name registered with reportlab
    regular: str
    bold: str
    italic: str
    bold_italic: str


TYPEFACES: dict[str, tuple[str, str, str, str]] = {
    "NotoSerif": ("NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf", "NotoSerif-Italic.ttf", "NotoSerif-BoldItalic.ttf"),
    "LiberationSerif": (
        "liberation2/LiberationSerif-Regular.ttf",
        "liberation2/LiberationSerif-Bold.ttf",
        "liberation2/LiberationSerif-Italic.ttf",
        "liberation2/LiberationSerif-BoldItalic.ttf",
    ),
    "DejaVuSerif": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf", "DejaVuSerif-BoldItalic.ttf"),
    "DejaVuSans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf"),
}


# letters a Vietnamese text cannot do without: every tone on every vowel family, and đ
VIETNAMESE_PROBE = "ăâđêôơưĂÂĐÊÔƠƯàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵỦỨỰỒ"


class FontMissing(RuntimeError):
    pass


def font_path(file_name: str) -> Path:
    for root in FONT_DIRS:
        for candidate in root.rglob(file_name):
            return candidate
    raise FontMissing(
        f"font {file_name} not found under /usr/share/fonts: install fonts-noto-core, fonts-dejavu "
        "(and fonts-liberation2 for LiberationSerif)"
    )


def available_families() -> list[str]:
    """The families installed here with full Vietnamese coverage, in order of preference."""
    found = []
    for family in TYPEFACES:
        try:
            typeface(family)
        except FontMissing:
            continue
        found.append(family)
    return found


@cache
def typeface(family: str) -> Typeface:
    """Register a family's four faces with reportlab once, and name them."""
    files = TYPEFACES[family]
    names = (family, f"{family}-Bold", f"{family}-Italic", f"{family}-BoldItalic")
    for name, file_name in zip(names, files, strict=True):
        font = TTFont(name, str(font_path(file_name)))
        missing = [c for c in VIETNAMESE_PROBE if ord(c) not in font.face.charToGlyph]
        if missing:
            raise FontMissing(f"font {file_name} lacks Vietnamese letters ({''.join(missing[:8])}…)")
        pdfmetrics.registerFont(font)
    addMapping(family, 0, 0, names[0])
    addMapping(family, 1, 0, names[1])
    addMapping(family, 0, 1, names[2])
    addMapping(family, 1, 1, names[3])
    return Typeface(family, *names)
