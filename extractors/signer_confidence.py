"""How sure OCR was of the signer's name: a name is read once, with no dictionary to check it against
("Tuần" and "Tuấn" are both names), so the word confidences Tesseract gives are the only witness.
A name word below `NAME_CONFIDENCE` puts `signer` in `needs_review`, and so does a name OCR read as
two words: Vietnamese full names have three or more (family, middle, given), and the word a seal or a
signature's stroke hides is the one a reading loses ("Trần Kim" of "Trần Kim Hạnh")."""

from __future__ import annotations

from core.models import Page
from extractors.normalize import matching_form

NAME_CONFIDENCE = 60.0  # 0..100; printed names on clean scans read at 85-96
FEWEST_NAME_WORDS = 3
_PUNCTUATION = " ,.;:()\"'“”"


def _key(text: str) -> str:
    return matching_form(text.strip(_PUNCTUATION))


def weakest_name_word(page: Page, name: str) -> tuple[str, float] | None:
    """The least sure word of the last place `page` prints `name` (OCR words only), with its
    confidence; `None` when the name is not found word for word or the page has no confidences."""
    wanted = [_key(token) for token in name.split()]
    words = page.words
    if not wanted or page.method != "ocr":
        return None
    for start in range(len(words) - len(wanted), -1, -1):
        run = words[start : start + len(wanted)]
        if [_key(word.text) for word in run] != wanted:
            continue
        scored = [(word.text, word.confidence) for word in run if word.confidence is not None]
        if not scored:
            return None
        text, confidence = min(scored, key=lambda item: item[1])
        return text, confidence
    return None


def doubtful_name(page: Page, name: str) -> str | None:
    """Why the name read on `page` needs a person's eye, or `None`."""
    if page.method == "ocr" and len(name.split()) < FEWEST_NAME_WORDS:
        return f"OCR read the signer's name as {len(name.split())} word(s), “{name}”: a full name has three or more"
    weakest = weakest_name_word(page, name)
    if weakest is None or weakest[1] >= NAME_CONFIDENCE:
        return None
    return f"OCR read the signer's name with confidence {weakest[1]:.0f} on “{weakest[0]}”"
