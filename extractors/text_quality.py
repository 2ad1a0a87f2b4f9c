"""Judge a text layer by its language, not its length.

A scanner's built-in OCR leaves text without diacritics ("UY BAN NHAN DAN", "S6:"); a broken
ToUnicode map leaves glyph-id gibberish; a legacy font leaves Latin-1 look-alikes ("Céng hßa").
All three are long, and all three are wrong. Real Vietnamese prose is mostly valid syllables, and
most of its syllables carry a diacritic: those two shares decide whether a layer is usable.

Syllables alone miss a font that maps one letter to nothing: "C ÍN P Ủ" for "CHÍNH PHỦ", "t ực iện"
for "thực hiện" — every piece still folds to something syllable-shaped. So the layer is also judged
per glyph: glyphs drawn inside a word without any character (`unmapped_glyphs`, counted by the text
layer reader), glyphs whose ink the page shows and the layer calls a blank (`blank_glyphs`, likewise),
and letters far rarer than any page of Vietnamese prose has them (`missing_letters`).

A page set in several fonts can have one whose map is broken (a bold face giving glyph codes for its
letters) among sound ones: each font's text is also judged apart (`broken_fonts`).

A ToUnicode map with changed entries reads a drawn letter as a control or private-use character
("danh s\x15ch" for "danh sách"): no font gives such a character to a glyph inside a word, so one is
enough to doubt the layer (`odd_characters`; a Symbol-font bullet stands apart from the words).
One whose entry was emptied gives a drawn glyph no character at all, and every later character
takes its neighbour's box: words end up on points, without width or height (`boxless_words`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from core.models import Word
from extractors.normalize import fold, nfc

_ONSETS = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|g|h|k|l|m|n|p|r|s|t|v|x"
# Vowel nuclei after folding (diacritics gone), longest first.
_NUCLEI = "uye|uya|uyu|oai|oay|oeo|ieu|yeu|uoi|uou|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|ua|ue|ui|uo|uu|uy|ye|a|e|i|o|u|y"
_CODAS = "ng|nh|ch|c|m|n|p|t|i|y|o|u"
_SYLLABLE = re.compile(rf"^(?:{_ONSETS})?(?:{_NUCLEI})(?:{_CODAS})?$")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# C0/C1 controls other than white space, private use, the replacement character and non-characters
_ODD_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd\ufffe\uffff]")

# Valid Vietnamese letters (lower case, NFC). Anything else inside a word is a sign of a bad layer.
_VIETNAMESE_LETTERS = set(
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
    "fjwz"  # foreign words and abbreviations
)
_TONE_AND_QUALITY = set("àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ")

# Below this many words a page is judged on what there is, but "too little text" wins.
MIN_WORDS = 8
MIN_VALID_SHARE = 0.70
MIN_DIACRITIC_SHARE = 0.25
# A full page of text puts word boxes over 10-30% of the page; a signature stamp's five lines ~1%.
MIN_SCAN_COVERAGE = 0.04
# Glyphs without a character inside words: a few are a damaged map, not a stray symbol.
MAX_UNMAPPED_GLYPHS = 3
MAX_UNMAPPED_SHARE = 0.01
# A blank with a letter's ink in its box is no stray symbol: a space has no outline, so pdfium gives it
# a box without height, and only such a box is looked at. One is enough (a face may draw a single
# capital "H" on a page, in its symbol "KH-UBND").
MIN_BLANK_GLYPHS = 1

# The lowest share of its letters (lower or upper case counted apart) that a common letter has on a
# page of Vietnamese administrative prose: measured over 247 pages of more than 300 letters of
# born-digital gazette text (tuning split of tests/fixtures/realdocs/more), rounded down. A letter
# (with its tones) is judged where at least `_EXPECTED_AT_LEAST` of it are due at that share, and
# missing when fewer than `_MISSING_BELOW` of that count are there.
LOWEST_LETTER_SHARE = {
    "n": 0.07,
    "h": 0.044,
    "i": 0.037,
    "a": 0.036,
    "t": 0.035,
    "g": 0.024,
    "u": 0.018,
    "ô": 0.014,
    "ư": 0.0058,
    "ơ": 0.0057,
    "ê": 0.0047,
}
_EXPECTED_AT_LEAST = 15
_MISSING_BELOW = 0.1
_QUALITY_MARKS = {"\u031b": {"u": "ư", "o": "ơ"}, "\u0302": {"a": "â", "e": "ê", "o": "ô"}, "\u0306": {"a": "ă"}}


@dataclass(frozen=True)
class TextQuality:
    words: int
    valid_share: float  # share of words that are well-formed Vietnamese syllables
    diacritic_share: float  # share of valid syllables that carry a Vietnamese diacritic
    foreign_char_share: float  # share of letters that are not Vietnamese letters at all
    # share of the page under the words of a sparse layer over a page-size scan; None otherwise
    scan_coverage: float | None = None
    # letters far rarer than in any page of Vietnamese prose: [("h", found, expected)]
    missing_letters: tuple[tuple[str, int, int], ...] = ()
    # glyphs drawn inside a word whose font gives them no character (set by the text layer reader)
    unmapped_glyphs: int = 0
    # blanks in the layer where the page draws a letter's ink (set by the text layer reader)
    blank_glyphs: int = 0
    letters: int = 0
    # control or private-use characters touching a letter: a glyph of a word mapped to no letter
    odd_characters: int = 0
    # the words are hidden (invisible, or under) with a page-size scan: another program's OCR reading of it
    other_ocr: bool = False
    # fonts whose own text is not Vietnamese on a page that otherwise is: their maps are broken
    broken_fonts: tuple[str, ...] = ()
    # letters of words of two letters or more (below LETTERLIKE_SYMBOLS) that are no syllable
    stray_letters: int = 0

    @property
    def lacks_letters(self) -> bool:
        """Letters the page shows are not in the layer: a font maps them to nothing."""
        unmapped = self.unmapped_glyphs >= MAX_UNMAPPED_GLYPHS and (
            self.unmapped_glyphs >= MAX_UNMAPPED_SHARE * max(self.letters, 1)
        )
        return unmapped or self.blank_glyphs >= MIN_BLANK_GLYPHS or bool(self.missing_letters)

    @property
    def has_odd_characters(self) -> bool:
        return self.odd_characters > 0

    @property
    def leaves_scan_unread(self) -> bool:
        """A scan whose layer holds only a stamp or a caption: the body is in the image."""
        return self.scan_coverage is not None and self.scan_coverage < MIN_SCAN_COVERAGE

    @property
    def usable(self) -> bool:
        return (
            not self.other_ocr
            and not self.leaves_scan_unread
            and not self.lacks_letters
            and not self.has_odd_characters
            and not self.broken_fonts
            and self.words >= MIN_WORDS
            and self.valid_share >= MIN_VALID_SHARE
            and self.diacritic_share >= MIN_DIACRITIC_SHARE
            and self.foreign_char_share < 0.05
        )

    @property
    def score(self) -> float:
        """One number to compare two readings of the same page (higher is better)."""
        if self.words == 0:
            return 0.0
        return self.valid_share * (0.5 + self.diacritic_share) * (1.0 - self.foreign_char_share)

    def reason(self) -> str:
        if self.other_ocr:
            return "hidden text layer with a scanned page (another program's OCR), read again"
        if self.leaves_scan_unread:
            return f"text layer covers {self.scan_coverage:.1%} of a scanned page (a stamp or caption)"
        if self.words < MIN_WORDS:
            return f"too little text ({self.words} words)"
        if self.foreign_char_share >= 0.05:
            return f"garbled layer ({self.foreign_char_share:.0%} non-Vietnamese letters)"
        if self.valid_share < MIN_VALID_SHARE:
            return f"garbled layer ({self.valid_share:.0%} valid syllables)"
        if self.diacritic_share < MIN_DIACRITIC_SHARE:
            return f"stale layer without diacritics ({self.diacritic_share:.0%} of syllables)"
        if self.lacks_letters:
            return f"text layer lacks letters the page shows ({self._lacking()})"
        if self.has_odd_characters:
            return f"text layer maps letters of words to control characters ({self.odd_characters})"
        if self.broken_fonts:
            return f"the text of font(s) {', '.join(self.broken_fonts)} is not Vietnamese: a broken font map"
        return f"text layer ok ({self.valid_share:.0%} valid syllables, {self.diacritic_share:.0%} with diacritics)"

    def _lacking(self) -> str:
        parts = []
        if self.unmapped_glyphs:
            parts.append(f"{self.unmapped_glyphs} glyphs inside words map to no character")
        if self.blank_glyphs:
            parts.append(f"{self.blank_glyphs} drawn letters map to a blank")
        parts += [
            f"'{letter}' {found} times where {expected}+ expected" for letter, found, expected in self.missing_letters
        ]
        return "; ".join(parts)


def _letter_class(char: str) -> str:
    """The letter with its quality mark and without its tone: "ướ" → "ư", "Ế" → "Ê", "đ" → "đ"."""
    decomposed = unicodedata.normalize("NFD", char)
    base = decomposed[0]
    for mark, bases in _QUALITY_MARKS.items():
        if mark in decomposed[1:] and base.lower() in bases:
            quality = bases[base.lower()]
            return quality.upper() if base.isupper() else quality
    return base


def missing_letters(words: list[str]) -> tuple[tuple[str, int, int], ...]:
    """Common letters far rarer in `words` than on any page of Vietnamese prose, lower and upper case
        judged apart (a font may lose only its "H"), letters of well-formed syllables only (acronyms such
    as "UBND" have other letters): (letter, found, expected at the lowest share)."""
    return _missing_letters(Counter(words))


def _missing_letters(occurrences: Counter[str]) -> tuple[tuple[str, int, int], ...]:
    counts: Counter[str] = Counter()
    for word, times in occurrences.items():
        if is_vietnamese_syllable(word):  # not "UBND", "TT-BTC"
            for letter, n in _letter_classes(word).items():
                counts[letter] += n * times
    missing = []
    for upper in (False, True):
        pool = sum(n for letter, n in counts.items() if letter.isupper() == upper)
        for letter, share in LOWEST_LETTER_SHARE.items():
            written = letter.upper() if upper else letter
            expected = int(pool * share)
            if expected >= _EXPECTED_AT_LEAST and counts[written] < _MISSING_BELOW * expected:
                missing.append((written, counts[written], expected))
    return tuple(missing)


@lru_cache(maxsize=65536)
def _letter_classes(word: str) -> Counter[str]:
    return Counter(_letter_class(c) for c in word)


@lru_cache(maxsize=65536)
def is_vietnamese_syllable(word: str) -> bool:
    lowered = nfc(word).lower()
    if any(c not in _VIETNAMESE_LETTERS for c in lowered):
        return False
    return bool(_SYLLABLE.match(fold(lowered)))


def judge_text(text: str) -> TextQuality:
    words = _WORD.findall(nfc(text))
    if not words:
        return TextQuality(0, 0.0, 0.0, 0.0)
    # every count is a sum over the page's words: each distinct word is looked at once
    occurrences = Counter(words)
    letters = foreign = valid = with_diacritics = stray = 0
    for word, times in occurrences.items():
        word_letters, word_foreign, word_valid, word_diacritics = _word_counts(word)
        if not word_valid and word_letters >= 2 and max(word) < LETTERLIKE_SYMBOLS:
            stray += word_letters * times
        letters += word_letters * times
        foreign += word_foreign * times
        valid += word_valid * times
        with_diacritics += word_diacritics * times
    return TextQuality(
        words=len(words),
        valid_share=valid / len(words),
        diacritic_share=with_diacritics / valid if valid else 0.0,
        foreign_char_share=foreign / letters if letters else 0.0,
        missing_letters=_missing_letters(occurrences),
        letters=letters,
        stray_letters=stray,
        odd_characters=odd_characters(text),
    )


# One font's text, judged apart: a map giving glyph codes for letters ("t\"[ARXUPliNvcoe" for a bold
# header) hides among the sound words of the body's font. It is judged by its letters, since such a
# map may read the space glyph as a letter too and run a line into one "word". Words of one letter
# are left out (a Symbol or Wingdings bullet is an "l" or a "§"), and so are a formula's letters
# (mathematical italic "𝑉𝐴𝑛", from U+2100 on).
MIN_FONT_LETTERS = 24
LETTERLIKE_SYMBOLS = "\u2100"  # from here on, letters are symbols: ℃, mathematical italic 𝑇…
MAX_BROKEN_FONT_VALID_SHARE = 0.35


def may_hold_a_broken_font(quality: TextQuality) -> bool:
    """Enough stray letters on the page for one font's words to be judged not Vietnamese."""
    return quality.stray_letters >= MIN_FONT_LETTERS * (1 - MAX_BROKEN_FONT_VALID_SHARE)


def font_text_is_not_vietnamese(text: str) -> bool:
    """Most letters of a font's words of two letters or more are in no Vietnamese syllable."""
    words = [word for word in _WORD.findall(nfc(text)) if len(word) >= 2 and max(word) < LETTERLIKE_SYMBOLS]
    letters = sum(map(len, words))
    if letters < MIN_FONT_LETTERS:
        return False
    in_syllables = sum(len(word) for word in words if is_vietnamese_syllable(word))
    return in_syllables / letters < MAX_BROKEN_FONT_VALID_SHARE


def odd_characters(text: str) -> int:
    """Control, private-use and non-characters with a letter right before or after them."""
    count = 0
    for match in _ODD_CHARACTER.finditer(text):
        start, end = match.start(), match.end()
        if (start > 0 and text[start - 1].isalpha()) or (end < len(text) and text[end].isalpha()):
            count += 1
    return count


@lru_cache(maxsize=65536)
def _word_counts(word: str) -> tuple[int, int, int, int]:
    """(letters, non-Vietnamese letters, 1 if a valid syllable, 1 if a valid syllable with a diacritic)."""
    lowered = word.lower()
    valid = is_vietnamese_syllable(word)
    return (
        len(word),
        sum(1 for c in lowered if c not in _VIETNAMESE_LETTERS),
        int(valid),
        int(valid and any(c in _TONE_AND_QUALITY for c in lowered)),
    )


# Words of letters whose box is a point: a few on a formula page (1.5 % of the words on the worst
# page of the tuning split); a character map that lost an entry puts several per cent there.
MIN_BOXLESS_WORDS = 5
MIN_BOXLESS_SHARE = 0.03


def boxless_words(words: Sequence[Word]) -> int:
    """Words with a letter whose box has neither width nor height."""
    return sum(
        1 for word in words if word.x1 - word.x0 < 0.01 and word.bottom - word.top < 0.01 and _has_letter(word.text)
    )


def _has_letter(text: str) -> bool:
    return any(char.isalpha() for char in text)


def layer_doubt(words: Sequence[Word]) -> str | None:
    """Why a text layer judged usable by its language cannot be trusted by its geometry, or None."""
    boxless = boxless_words(words)
    if boxless >= MIN_BOXLESS_WORDS and boxless >= MIN_BOXLESS_SHARE * len(words):
        return f"text layer out of step with its glyphs ({boxless} words without a box)"
    return None
