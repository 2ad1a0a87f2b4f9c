"""Text as both stores see it: three indexed forms, the parsed query, and highlighted snippets.

Indexed forms of a text (computed here, once, so both stores match the same way):
- exact:  `matching_form` (NFC, canonical tone placement, lower case) — ranks the exact spelling first
- folded: `folded_matching_form` (diacritics off, đ→d) — "cai cach" finds "cải cách"
- words:  underthesea word segmentation of the exact form, syllables of a word joined by "_"
          ("cải_cách hành_chính"), for phrase precision (one token per word in both stores)

Snippets are made here too, from the original text, so both stores highlight identically and the
marks land on the text as read (the folded copy has the same length, so its offsets map back).
"""

from __future__ import annotations

import hashlib
import html
import importlib.metadata
import re
import sqlite3
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from extractors.normalize import canonical_tones, fold, folded_matching_form, matching_form, nfc

_WORD = re.compile(r"\w+")
_PHRASE = re.compile(r'"([^"]*)"?')
_SPACES = re.compile(r"\s+")
SNIPPET_WIDTH = 240
SEGMENTATION_FILE_NAME = "segmentation.sqlite"
_SEGMENTER = "underthesea-" + importlib.metadata.version("underthesea")  # a new model segments anew


@dataclass(frozen=True, slots=True)
class TextForms:
    text: str  # as read: what snippets show
    exact: str
    folded: str
    words: str


def text_forms(text: str) -> TextForms:
    exact = matching_form(text)
    return TextForms(text=text, exact=exact, folded=_fold_fast(exact), words=words_form(text))


class _FoldTable(dict[int, str]):
    """`fold` as a str.translate table, each character folded by `fold` the first time it is seen."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = fold(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


def _fold_fast(text: str) -> str:
    """`fold(text)`, character for character, at C speed (`fold` calls Python once per character)."""
    return text if text.isascii() else text.translate(_FOLD_TABLE)


def words_form(text: str) -> str:
    """Word-segmented text in matching form: "Cải cách hành chính" → "cải_cách hành_chính"."""
    store = _segmentations
    if store is not None and (known := store.get(text)) is not None:
        return known
    words = " ".join(_segment_line(line) for line in text.split("\n") if line.strip())
    if store is not None:
        store.put(text, words)
    return words


class SegmentationStore:
    """Word segmentations of texts already segmented once, in a SQLite file of the home.

    Segmenting is nearly all of what preparing a page for the index costs (underthesea, ~20 ms a
    page); what ingest segmented, a reindex reads back (~10 µs). Keyed by a digest of the text and
    the segmenter's version, so a text maps to one value whoever wrote it; safe to delete.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        self._lock = threading.Lock()
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.execute("CREATE TABLE IF NOT EXISTS words (key BLOB PRIMARY KEY, words TEXT NOT NULL) WITHOUT ROWID")

    @staticmethod
    def _key(text: str) -> bytes:
        return hashlib.blake2b(f"{_SEGMENTER}\n{text}".encode(), digest_size=16).digest()

    def get(self, text: str) -> str | None:
        with self._lock:
            row = self._conn.execute("SELECT words FROM words WHERE key = ?", (self._key(text),)).fetchone()
        return None if row is None else str(row[0])

    def put(self, text: str, words: str) -> None:
        try:
            with self._lock:
                self._conn.execute("INSERT OR IGNORE INTO words VALUES (?, ?)", (self._key(text), words))
        except sqlite3.Error:  # a full disk or a locked file only costs the next reindex some time
            pass

    def close(self) -> None:
        self._conn.close()


_segmentations: SegmentationStore | None = None


def remember_segmentations(path: Path | None) -> None:
    """Keep (or stop keeping, with None) the segmentations this process computes in `path`."""
    global _segmentations
    if _segmentations is not None and (path is None or _segmentations.path != path):
        _segmentations.close()
        _segmentations = None
    if path is not None and _segmentations is None:
        try:
            _segmentations = SegmentationStore(path)
        except sqlite3.Error:  # an unreadable cache is no cache, never an error
            _segmentations = None


@lru_cache(maxsize=65_536)  # headers, signature blocks and boilerplate lines repeat across documents
def _segment_line(line: str) -> str:
    from underthesea import word_tokenize  # imported late: it loads a model (~0.5 s)

    words = word_tokenize(canonical_tones(nfc(line)))
    return " ".join(word.replace(" ", "_") for word in words).lower()


def clear_segmentation_cache() -> None:
    """Forget cached line segmentations (benchmarks measure each store paying for its own)."""
    _segment_line.cache_clear()


@dataclass(frozen=True)
class QueryText:
    """The text of a search, parsed: loose words (all must match) and "quoted phrases"."""

    exact_terms: list[str] = field(default_factory=list)
    exact_phrases: list[list[str]] = field(default_factory=list)
    word_phrases: list[str] = field(default_factory=list)  # segmented phrases, for the words field

    @property
    def empty(self) -> bool:
        return not self.exact_terms and not self.exact_phrases

    @property
    def folded_terms(self) -> list[str]:
        return [fold(term) for term in self.exact_terms]

    @property
    def folded_phrases(self) -> list[list[str]]:
        return [[fold(token) for token in phrase] for phrase in self.exact_phrases]

    @property
    def has_diacritics(self) -> bool:
        """Only a query typed with diacritics can prefer the exact spelling over folded matches."""
        tokens = self.exact_terms + [token for phrase in self.exact_phrases for token in phrase]
        return any(fold(token) != token for token in tokens)


def parse_query_text(text: str) -> QueryText:
    phrases: list[list[str]] = []
    word_phrases: list[str] = []
    loose: list[str] = []
    cursor = 0
    for match in _PHRASE.finditer(text):
        loose.append(text[cursor : match.start()])
        cursor = match.end()
        tokens = _WORD.findall(matching_form(match.group(1)))
        if len(tokens) > 1:
            phrases.append(tokens)
            word_phrases.append(words_form(match.group(1)))
        else:
            loose.append(match.group(1))  # a quoted single word is just a word
    loose.append(text[cursor:])
    terms = list(dict.fromkeys(_WORD.findall(matching_form(" ".join(loose)))))
    return QueryText(exact_terms=terms, exact_phrases=phrases, word_phrases=word_phrases)


def _folded_same_length(text: str) -> str:
    folded = folded_matching_form(text)
    if len(folded) == len(text):
        return folded
    # A character whose lower case is longer (rare outside Vietnamese): fold one by one to keep offsets.
    return "".join(f if len(f := folded_matching_form(char)) == 1 else char for char in text)


def match_spans(text: str, query: QueryText) -> list[tuple[int, int]]:
    """Character spans of `text` that the query's words and phrases match (diacritic-insensitive)."""
    if query.empty:
        return []
    tokens = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(_folded_same_length(text))]
    terms = set(query.folded_terms)
    spans = [(start, end) for start, end, token in tokens if token in terms]
    for phrase in query.folded_phrases:
        size = len(phrase)
        for i in range(len(tokens) - size + 1):
            if all(tokens[i + k][2] == phrase[k] for k in range(size)):
                spans.append((tokens[i][0], tokens[i + size - 1][1]))
    return _merge(spans)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def make_snippet(
    text: str, query: QueryText, *, span: tuple[int, int] | None = None, width: int = SNIPPET_WIDTH
) -> str:
    """A window of `text` around the first match (or around `span`), HTML-escaped, matches in <mark>."""
    marks = match_spans(text, query)
    if not marks and span is not None and 0 <= span[0] < span[1] <= len(text):
        marks = [span]
    start, end = _window(text, marks[0] if marks else None, width)
    pieces: list[str] = ["…"] if start > 0 else []
    cursor = start
    for mark_start, mark_end in marks:
        if mark_end <= start or mark_start >= end:
            continue
        mark_start, mark_end = max(mark_start, start), min(mark_end, end)
        pieces.append(_escape(text[cursor:mark_start]))
        pieces.append(f"<mark>{_escape(text[mark_start:mark_end])}</mark>")
        cursor = mark_end
    pieces.append(_escape(text[cursor:end]))
    if end < len(text):
        pieces.append("…")
    return "".join(pieces).strip()


def _window(text: str, first_mark: tuple[int, int] | None, width: int) -> tuple[int, int]:
    """Where the snippet starts and ends: a third of the width before the first mark, on word edges."""
    if first_mark is None:
        start, end = 0, min(len(text), width)
    else:
        start = max(0, first_mark[0] - width // 3)
        end = min(len(text), max(start + width, first_mark[1]))
        if start > 0:
            space = text.find(" ", start, first_mark[0])
            start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", start, end)
        if space > (first_mark[1] if first_mark else start):
            end = space
    return start, end


def _escape(text: str) -> str:
    return html.escape(_SPACES.sub(" ", text), quote=False)
