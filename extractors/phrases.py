"""Finding rubric phrases in Vietnamese text with spaCy, on syllables and on words.

Three spaCy `PhraseMatcher`s over one vocabulary (`spacy.blank("vi")` without pyvi):

- **syllables**, exact: the text in matching form (NFC, canonical tones, lower case) cut into
  syllables. Recall does not depend on a word segmenter.
- **syllables, folded**: the same syllables without diacritics, for OCR layers that lost them
  ("cai cach hanh chinh"); a hit found only here is marked `exact=False`.
- **words**: underthesea's `word_tokenize` output fed to a `Doc`. Its segmentation depends on
  context, so it only confirms a hit (`words=True`, a sign that the phrase is whole words there).

Every hit is a span of the text as given: the forms matched are the same length as the original.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from extractors.facts import aligned_matching_form
from extractors.normalize import fold

# A syllable, a number or a symbol kept whole ("273/kh-ubnd", "22/9/2021", "45/50"), or one
# punctuation mark. Line breaks are white space like any other: phrases match across wraps.
SYLLABLE = re.compile(r"[^\W_]+(?:[./\-][^\W_]+)*|[^\w\s]")


# underthesea loads its model lazily and spaCy's string store grows with every new word: neither is
# safe to call from several threads at once (the extraction pipeline tags in a thread pool).
_NLP_LOCK = threading.RLock()


def _word_tokenize(text: str) -> list[str]:
    from underthesea import word_tokenize

    with _NLP_LOCK:
        return list(word_tokenize(text))


@lru_cache(maxsize=1)
def vietnamese_pipeline() -> Language:
    """A blank Vietnamese spaCy pipeline whose Docs are made from our own tokens."""
    return spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})


@dataclass(frozen=True)
class PhraseHit:
    start: int
    end: int
    exact: bool  # found with diacritics as written (not only after folding)
    words: bool  # the word segmenter agrees that the phrase is whole words here


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    text: str = ""  # a word's syllables joined by one space, whatever white space the page has


def syllable_tokens(form: str) -> list[_Token]:
    return [_Token(m.start(), m.end()) for m in SYLLABLE.finditer(form)]


def _doc(nlp: Language, words: list[str]) -> Doc:
    return Doc(nlp.vocab, words=words or [" "], spaces=[True] * len(words) if words else [False])


def segment_words(form: str) -> list[_Token]:
    """underthesea's words, located in `form` (a word may be several syllables: "cải cách")."""
    located: list[_Token] = []
    cursor = 0
    for word in _word_tokenize(form.replace("\n", " ")):
        pieces = word.split()
        if not pieces:
            continue
        first = form.find(pieces[0], cursor, cursor + 200 + len(pieces[0]))
        if first == -1:
            continue  # the segmenter normalised this word: it confirms nothing here
        end = first + len(pieces[0])
        for piece in pieces[1:]:
            found = form.find(piece, end, end + 10 + len(piece))
            if found == -1:
                break
            end = found + len(piece)
        located.append(_Token(first, end, " ".join(pieces)))
        cursor = end
    return located


class PhraseFinder:
    """All the phrases of a scheme, compiled once; `find` returns the hits of each phrase in a text."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self.nlp = vietnamese_pipeline()
        self.phrases = sorted({aligned_matching_form(p).strip() for p in phrases if p.strip()})
        self._exact = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self._folded = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self._words = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        for phrase in self.phrases:
            syllables = [phrase[t.start : t.end] for t in syllable_tokens(phrase)]
            self._exact.add(phrase, [_doc(self.nlp, syllables)])
            self._folded.add(phrase, [_doc(self.nlp, [fold(s) for s in syllables])])
            self._words.add(phrase, [_doc(self.nlp, _word_tokenize(phrase))])

    def find(self, text: str, *, words: bool = True) -> dict[str, list[PhraseHit]]:
        """phrase (in matching form) → its hits in `text`, in order. `words=False` skips the segmenter."""
        with _NLP_LOCK:
            return self._find(text, words)

    def _find(self, text: str, words: bool) -> dict[str, list[PhraseHit]]:
        form = aligned_matching_form(text)
        tokens = syllable_tokens(form)
        if not tokens:
            return {}
        strings = self.nlp.vocab.strings
        syllables = [form[t.start : t.end] for t in tokens]
        spans: dict[str, dict[tuple[int, int], bool]] = {}
        for matcher, exact, token_texts in (
            (self._exact, True, syllables),
            (self._folded, False, [fold(s) for s in syllables]),
        ):
            for match_id, first, last in matcher(_doc(self.nlp, token_texts)):
                span = (tokens[first].start, tokens[last - 1].end)
                found = spans.setdefault(strings[match_id], {})
                found[span] = found.get(span, False) or exact
        confirmed: set[tuple[str, int, int]] = set()
        if words and spans:
            word_tokens = segment_words(form)
            word_doc = _doc(self.nlp, [t.text for t in word_tokens])
            for match_id, first, last in self._words(word_doc):
                confirmed.add((strings[match_id], word_tokens[first].start, word_tokens[last - 1].end))
        return {
            phrase: [
                PhraseHit(start, end, exact, (phrase, start, end) in confirmed)
                for (start, end), exact in sorted(found.items())
            ]
            for phrase, found in spans.items()
        }

    @staticmethod
    def key(phrase: str) -> str:
        return aligned_matching_form(phrase).strip()
