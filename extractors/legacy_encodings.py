"""Legacy Vietnamese font encodings: TCVN3 (ABC) and VNI, converted to Unicode.

Older PDFs and Word files were typeset with fonts whose glyphs for Vietnamese letters sit at Latin-1
code points: their text reads "Céng hßa x· héi" (TCVN3, fonts .VnTime, .VnArial…) or
"Coäng hoøa xaõ hoäi" (VNI, fonts VNI-Times…). The page looks right; only the mapping is old.
We recognise them by font name when the PDF tells us, else by trying each conversion and keeping
the one whose text is most Vietnamese (see `text_quality`). PDF text layers are converted a page
at a time; Word files a run at a time (the run's font, `legacy_font`) or, where no font tells, a
paragraph at a time by its characters (`encoding_of_text`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from extractors.text_quality import TextQuality, judge_text

# TCVN3 (TCVN 5712:1993, "ABC"): one byte per letter; lower-case codes, capitals only for the
# bare letters Ă Â Ê Ô Ơ Ư Đ. Capitals with tones come from the capitals font (.VnTimeH) using the
# lower-case codes, which is why `upper=True` exists.
_TCVN3 = {
    "¨": "ă",
    "©": "â",
    "ª": "ê",
    "«": "ô",
    "¬": "ơ",
    "\u00ad": "ư",
    "®": "đ",
    "¡": "Ă",
    "¢": "Â",
    "£": "Ê",
    "¤": "Ô",
    "¥": "Ơ",
    "¦": "Ư",
    "§": "Đ",
    "µ": "à",
    "¶": "ả",
    "·": "ã",
    "¸": "á",
    "¹": "ạ",
    "»": "ằ",
    "¼": "ẳ",
    "½": "ẵ",
    "¾": "ắ",
    "Æ": "ặ",
    "Ç": "ầ",
    "È": "ẩ",
    "É": "ẫ",
    "Ê": "ấ",
    "Ë": "ậ",
    "Ì": "è",
    "Î": "ẻ",
    "Ï": "ẽ",
    "Ð": "é",
    "Ñ": "ẹ",
    "Ò": "ề",
    "Ó": "ể",
    "Ô": "ễ",
    "Õ": "ế",
    "Ö": "ệ",
    "×": "ì",
    "Ø": "ỉ",
    "Ü": "ĩ",
    "Ý": "í",
    "Þ": "ị",
    "ß": "ò",
    "á": "ỏ",
    "â": "õ",
    "ã": "ó",
    "ä": "ọ",
    "å": "ồ",
    "æ": "ổ",
    "ç": "ỗ",
    "è": "ố",
    "é": "ộ",
    "ê": "ờ",
    "ë": "ở",
    "ì": "ỡ",
    "í": "ớ",
    "î": "ợ",
    "ï": "ù",
    "ñ": "ủ",
    "ò": "ũ",
    "ó": "ú",
    "ô": "ụ",
    "õ": "ừ",
    "ö": "ử",
    "÷": "ữ",
    "ø": "ứ",
    "ù": "ự",
    "ú": "ỳ",
    "û": "ỷ",
    "ü": "ỹ",
    "ý": "ý",
    "þ": "ỵ",
}
_TCVN3_TABLE = str.maketrans(_TCVN3)
_UNICODE_TO_TCVN3 = {v: k for k, v in _TCVN3.items()}

# VNI: a base letter followed by a mark character.
_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_CIRCUMFLEX = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_VNI_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
_VNI_LETTERS = {
    "ô": "ơ",
    "Ô": "Ơ",
    "ö": "ư",
    "Ö": "Ư",
    "ñ": "đ",
    "Ñ": "Đ",
    "í": "í",
    "ì": "ì",
    "æ": "ỉ",
    "ó": "ĩ",
    "ò": "ị",
    "Í": "Í",
    "Ì": "Ì",
    "Æ": "Ỉ",
    "Ó": "Ĩ",
    "Ò": "Ị",
}
_VNI_MARK = re.compile(r"([aAeEoOuUyYơƠưƯ])([ùøûõïÙØÛÕÏâáàåãäÂÁÀÅÃÄêéèúüëÊÉÈÚÜË])")


def _vni_combine(match: re.Match[str]) -> str:
    base, mark = match.group(1), match.group(2)
    lower_mark = mark.lower()
    if lower_mark in _VNI_TONES:
        return unicodedata.normalize("NFC", base + _VNI_TONES[lower_mark])
    if base.lower() in "aeo" and lower_mark in _VNI_CIRCUMFLEX:
        return unicodedata.normalize("NFC", base + "\u0302" + _VNI_CIRCUMFLEX[lower_mark])
    if base.lower() == "a" and lower_mark in _VNI_BREVE:
        return unicodedata.normalize("NFC", base + "\u0306" + _VNI_BREVE[lower_mark])
    return match.group(0)


def tcvn3_to_unicode(text: str, *, upper: bool = False) -> str:
    converted = text.translate(_TCVN3_TABLE)
    return converted.upper() if upper else converted


def unicode_to_tcvn3(text: str) -> str:
    """For tests and sample generation: the bytes a .VnTime font would have carried."""
    return "".join(
        _UNICODE_TO_TCVN3.get(c, _UNICODE_TO_TCVN3.get(c.lower(), c)) for c in unicodedata.normalize("NFC", text)
    )


def vni_to_unicode(text: str) -> str:
    # Horn letters first (ơ, ư carry tones in VNI too), then base+mark pairs.
    text = "".join(_VNI_LETTERS.get(c, c) for c in text)
    return _VNI_MARK.sub(_vni_combine, text)


_LEGACY_FONT = {
    "vni": re.compile(r"(^|\+)VNI[-_ ]", re.IGNORECASE),
    "tcvn3": re.compile(r"(^|\+)\.?Vn[A-Z][a-z]"),  # .VnTime, .VnArialH, VnTimes…
}


def encoding_from_font(font_name: str) -> str | None:
    """'ABCDEF+.VnTimeH' → 'tcvn3'; 'VNI-Times' → 'vni'; anything else → None."""
    for encoding, pattern in _LEGACY_FONT.items():
        if pattern.search(font_name):
            return encoding
    return None


def convert(text: str, encoding: str) -> str:
    if encoding == "tcvn3":
        return tcvn3_to_unicode(text)
    if encoding == "vni":
        return vni_to_unicode(text)
    raise ValueError(f"unknown legacy encoding {encoding!r}")


def best_legacy_reading(text: str, baseline: TextQuality) -> tuple[str, str, TextQuality] | None:
    """Try each legacy conversion; return (encoding, text, quality) if one is clearly Vietnamese."""
    best: tuple[str, str, TextQuality] | None = None
    for encoding in ("tcvn3", "vni"):
        candidate = convert(text, encoding)
        if candidate == text:
            continue
        quality = judge_text(candidate)
        if quality.usable and quality.score > baseline.score + 0.1 and (best is None or quality.score > best[2].score):
            best = (encoding, candidate, quality)
    return best


@dataclass(frozen=True)
class LegacyFont:
    encoding: str  # "tcvn3" or "vni"
    # a TCVN3 capitals font (.VnTimeH, .VnArialH): lower-case codes are drawn as capitals
    upper: bool = False


_CAPITALS_FONT = re.compile(r"[a-z]H$")


def legacy_font(font_name: str) -> LegacyFont | None:
    """The legacy encoding of a font as a document names it: a PDF's 'ABCDEF+.VnTimeH', a Word run's
    '.VnTime', a CSS family list '".VnTime", serif', LibreOffice's alternatives 'VNI-Times;Arial'."""
    first = re.split(r"[;,]", font_name, maxsplit=1)[0].strip().strip("\"'").strip()
    encoding = encoding_from_font(first)
    if encoding is None:
        return None
    return LegacyFont(encoding, upper=encoding == "tcvn3" and bool(_CAPITALS_FONT.search(first)))


def decode_legacy(text: str, font: LegacyFont) -> str:
    """Text typed in `font`, as Unicode NFC."""
    if font.encoding == "tcvn3":
        return unicodedata.normalize("NFC", tcvn3_to_unicode(text, upper=font.upper))
    return unicodedata.normalize("NFC", convert(text, font.encoding))


# A paragraph this short says too little about its language to be converted on statistics alone.
_MIN_WORDS_FOR_STATISTICS = 2


def encoding_of_text(text: str) -> str | None:
    """The legacy encoding a short text (a Word paragraph, an HTML text node) is written in, judged
    by its characters only: the conversion must read as Vietnamese and clearly better than the text
    as it is. Unicode Vietnamese, English and digits are left alone (None)."""
    if text.isascii():
        return None
    baseline = judge_text(text)
    if baseline.words < _MIN_WORDS_FOR_STATISTICS:
        return None
    best: tuple[str, float] | None = None
    for encoding in ("tcvn3", "vni"):
        candidate = convert(text, encoding)
        if candidate == text:
            continue
        quality = judge_text(candidate)
        if (
            quality.valid_share >= 0.7
            and quality.foreign_char_share < 0.05
            and quality.score > baseline.score + 0.1
            and (best is None or quality.score > best[1])
        ):
            best = (encoding, quality.score)
    return best[0] if best else None
