"""What Vietnamese says next to what: syllable pairs that are words, and how often pairs occur in
administrative and legal text. The judge for OCR readings that differ only in their marks.

- **word pairs**: adjacent syllables of the entries of underthesea's Viet74K dictionary
  ("chi tiết", "diện tích", "quy định chi tiết" → "quy định", "định chi", "chi tiết").
- **pair counts**: syllable bigrams of public legal text (the consolidated Land Law and the portal
  pages in tests/fixtures), built by `python -m extractors.lexicon build` into
  `extractors/data/legal_bigrams.json.gz`. Vietnamese legal texts are not subject to copyright
  (Luật Sở hữu trí tuệ, Điều 15); only counts are stored.
"""

from __future__ import annotations

import gzip
import json
import math
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from itertools import pairwise
from pathlib import Path

from extractors.normalize import cased_like, fold, matching_form, nfc
from extractors.roman_numerals import is_roman_numeral

BIGRAMS_FILE = Path(__file__).with_name("data") / "legal_bigrams.json.gz"
_SYLLABLE = re.compile(r"[^\W\d_]+")
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # ngang, huyền, sắc, hỏi, ngã, nặng
_TONE_SET = set(_TONES[1:])
# The vowel that carries the tone (new style): a marked vowel (ă â ê ô ơ ư) first, then rules below.
_QUALITY_VOWELS = "ăâêôơư"
_VOWELS = "aăâeêioôơuưy"


def syllables(text: str) -> list[str]:
    return _SYLLABLE.findall(matching_form(text))


@dataclass(frozen=True)
class Lexicon:
    word_pairs: frozenset[tuple[str, str]]
    pair_counts: dict[tuple[str, str], int]
    words: frozenset[str]  # the dictionary's words in matching form

    def support(
        self, left: str | None, syllable: str, right: str | None, left2: str | None = None, right2: str | None = None
    ) -> float:
        """How well `syllable` fits between its neighbours: a dictionary word with a neighbour counts
        3, and each attested pair adds log(1 + count). A pair that stands only inside a longer word
        ("độ thủ" of "chế độ thủ trưởng") is a word only where the syllables around it — `left2`,
        `right2` one further out — finish that word."""
        window = (left2, left, syllable, right, right2)
        score = 0.0
        for start in (1, 2):
            first, second = window[start], window[start + 1]
            if first is None or second is None:
                continue
            key = (first, second)
            if key in self.word_pairs and self._word_around(window, start):
                score += 3.0
            score += math.log1p(self.pair_counts.get(key, 0))
        return score

    def _word_around(self, window: tuple[str | None, ...], start: int) -> bool:
        for low in range(start, -1, -1):
            for high in range(start + 2, len(window) + 1):
                span = window[low:high]
                if None not in span and " ".join(span) in self.words:  # type: ignore[arg-type]
                    return True
        return False

    def forms_word(self, left: str | None, syllable: str, right: str | None) -> bool:
        return (left, syllable) in self.word_pairs or (syllable, right) in self.word_pairs

    def occurrences(self, syllable: str) -> int:
        """How often legal text prints `syllable` (as counted from its pairs)."""
        return self._syllable_counts.get(syllable, 0)

    @cached_property
    def _syllable_counts(self) -> dict[str, int]:
        as_left: Counter[str] = Counter()
        as_right: Counter[str] = Counter()
        for (left, right), count in self.pair_counts.items():
            as_left[left] += count
            as_right[right] += count
        # a syllable ending every text is never a left one, one starting every text never a right one
        return {syllable: max(as_left[syllable], as_right[syllable]) for syllable in as_left.keys() | as_right.keys()}


@lru_cache(maxsize=1)
def dictionary_entries() -> tuple[str, ...]:
    """The entries of underthesea's Viet74K dictionary, one word (of one or more syllables) each."""
    dictionary = resources.files("underthesea") / "corpus" / "data" / "Viet74K.txt"
    return tuple(dictionary.read_text(encoding="utf-8").splitlines())


@lru_cache(maxsize=1)
def dictionary_words() -> frozenset[str]:
    """The dictionary's entries in matching form ("hội đồng"), to ask whether a reading is a word."""
    return frozenset(" ".join(syllables(entry)) for entry in dictionary_entries())


@lru_cache(maxsize=1)
def dictionary_triples() -> frozenset[str]:
    """Three syllables that stand together in a dictionary entry ("chi ngân sách" of "bội chi ngân
    sách"), in matching form."""
    triples: set[str] = set()
    for entry in dictionary_entries():
        parts = syllables(entry)
        triples.update(" ".join(parts[i : i + 3]) for i in range(len(parts) - 2))
    return frozenset(triples)


def _dictionary_pairs() -> frozenset[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for entry in dictionary_entries():
        pairs.update(pairwise(syllables(entry)))
    return frozenset(pairs)


def _bigram_counts() -> dict[tuple[str, str], int]:
    if not BIGRAMS_FILE.exists():
        return {}
    with gzip.open(BIGRAMS_FILE, "rt", encoding="utf-8") as stream:
        raw: dict[str, int] = json.load(stream)
    counts: dict[tuple[str, str], int] = {}
    for pair, count in raw.items():
        left, _, right = pair.partition(" ")
        counts[(left, right)] = count
    return counts


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon(word_pairs=_dictionary_pairs(), pair_counts=_bigram_counts(), words=dictionary_words())


@lru_cache(maxsize=1)
def known_syllables() -> frozenset[str]:
    """Every syllable the dictionary's words or legal text show (about 7,600): a lowercase syllable
    outside it is one no printed document uses ("uốc" for "quốc" that lost its q)."""
    lex = lexicon()
    found = {syllable for pair in lex.word_pairs for syllable in pair}
    found.update(syllable for pair in lex.pair_counts for syllable in pair)
    found.update(syllable for entry in dictionary_entries() for syllable in syllables(entry))
    return frozenset(found)


# A pair of legal text this frequent is what a subject means when it shows the same letters with
# other marks ("sứa đôi" for "sửa đổi"): OCR dropped or swapped the marks of both syllables.
MIN_KNOWN_PAIR_COUNT = 20
# A dictionary word ("giấy phép", "kết nối") needs less: legal text printing it a few times shows
# it is the vocabulary's, not a name's.
MIN_KNOWN_WORD_COUNT = 3
MAX_RARE_COUNT = 2  # a syllable legal text prints this seldom is, in a pair it never prints, a misreading
# A syllable legal text prints this often (in ~120,000 syllables) is part of its vocabulary.
ATTESTED_COUNT = 20
_PHRASE_BREAK = re.compile(r"[,.;:()“”\"'!?–-]")
_LETTERS = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _known_pairs_by_letters() -> dict[tuple[str, str], tuple[str, str]]:
    best: dict[tuple[str, str], tuple[tuple[str, str], int]] = {}
    words = _dictionary_pairs()
    for pair, count in _bigram_counts().items():
        key = (fold(pair[0]), fold(pair[1]))
        known = count >= MIN_KNOWN_PAIR_COUNT or (count >= MIN_KNOWN_WORD_COUNT and pair in words)
        if known and (key not in best or best[key][1] < count):
            best[key] = (pair, count)
    return {key: pair for key, (pair, _count) in best.items()}


def _one_letter_less(word: str) -> set[str]:
    return {word[:index] + word[index + 1 :] for index in range(len(word))}


@lru_cache(maxsize=1)
def _known_pairs_by_a_lost_letter() -> dict[tuple[str, str], set[tuple[str, str]]]:
    """The frequent pairs under each way OCR can lose one letter of one syllable, folded
    ("sửa đổi" under ("sua", "di") among others)."""
    index: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for (left, right), count in _bigram_counts().items():
        if count < MIN_KNOWN_PAIR_COUNT:
            continue
        folded_left, folded_right = fold(left), fold(right)
        for shorter in _one_letter_less(folded_right):
            index.setdefault((folded_left, shorter), set()).add((left, right))
        for shorter in _one_letter_less(folded_left):
            index.setdefault((shorter, folded_right), set()).add((left, right))
    return index


@dataclass(frozen=True)
class _Syllable:
    start: int
    end: int
    form: str  # matching form
    written: str


def _phrases(text: str) -> list[list[_Syllable]]:
    """The syllables of `text` (NFC) with their spans, in phrases that punctuation separates."""
    phrases: list[list[_Syllable]] = [[]]
    position = 0
    for match in _LETTERS.finditer(text):
        if _PHRASE_BREAK.search(text, position, match.start()):
            phrases.append([])
        phrases[-1].append(_Syllable(match.start(), match.end(), matching_form(match.group(0)), match.group(0)))
        position = match.end()
    return [phrase for phrase in phrases if phrase]


def _unknown_pairs(text: str) -> Iterator[tuple[_Syllable, _Syllable]]:
    """Syllable pairs of `text` that legal text never shows, inside a phrase (not across
    punctuation), neither syllable making a dictionary word with its other neighbour ("danh mục
    dịch vụ" is no "mục đích")."""
    lex = lexicon()
    for phrase in _phrases(text):
        words = [syllable.form for syllable in phrase]
        for index, (left, right) in enumerate(pairwise(words)):
            if (left, right) in lex.pair_counts or (left, right) in lex.word_pairs:
                continue
            if index > 0 and (words[index - 1], left) in lex.word_pairs:
                continue
            if index + 2 < len(words) and (right, words[index + 2]) in lex.word_pairs:
                continue
            yield phrase[index], phrase[index + 1]


def _letter_slip(left: str, right: str) -> tuple[str, str] | None:
    meant = {
        pair
        for pair in _known_pairs_by_a_lost_letter().get((fold(left), fold(right)), set())
        if pair[0] == left or pair[1] == right
    }
    return meant.pop() if len(meant) == 1 else None


def _marks_slip(left: str, right: str) -> tuple[str, str] | None:
    meant = _known_pairs_by_letters().get((fold(left), fold(right)))
    return meant if meant is not None and meant != (left, right) else None


def letter_slips(text: str) -> list[str]:
    """Pairs legal text never shows that are a frequent pair with one letter lost, the other
    syllable as printed ("sửa đi" → "sửa đổi"), as "sửa đi (sửa đổi?)"."""
    found = []
    for left, right in _unknown_pairs(nfc(text)):
        pair = _letter_slip(left.form, right.form)
        if pair is not None:
            found.append(f"{left.form} {right.form} ({pair[0]} {pair[1]}?)")
    return found


def marks_slips(text: str) -> list[str]:
    """Syllable pairs of `text` that legal text never shows, whose letters are those of a frequent
    pair with other marks ("sứa đôi" → "sửa đổi"), as "sứa đôi (sửa đổi?)". A pair inside a phrase
    only: not across punctuation, and neither syllable already making a dictionary word with its
    other neighbour ("danh mục dịch vụ" is no "mục đích")."""
    found = []
    for left, right in _unknown_pairs(nfc(text)):
        meant = _marks_slip(left.form, right.form)
        if meant is not None:
            found.append(f"{left.form} {right.form} ({meant[0]} {meant[1]}?)")
    return found


def tone_slips(text: str) -> list[str]:
    """Syllable pairs of `text` that neither legal text nor the dictionary shows, where one syllable
    with another tone makes a dictionary word with the other ("bên thủy" → "bến thủy", "gia câm" →
    "gia cầm"): OCR drops or swaps a tone mark without the letters showing it. A doubt, as "bên thủy
    (bến thủy?)": legal text is too small a sample to be sure by (`respell_tone_slips` offers the one
    word, for review). Names (a capital inside the text) are left out: "xã Hoàng" is no "Sa hoàng"."""
    return [
        f"{left.written} {right.written} ({' / '.join(' '.join(pair) for pair in meant)}?)"
        for left, right, meant in _tone_slips(nfc(text))
    ]


def _tone_slips(text: str) -> Iterator[tuple[_Syllable, _Syllable, list[tuple[str, str]]]]:
    """In the order the pairs stand in `text`."""
    words = lexicon().word_pairs
    found = []
    for left, right in _unknown_pairs(text):
        meant = [(variant, right.form) for variant in tone_variants(left.form) if (variant, right.form) in words]
        meant += [(left.form, variant) for variant in tone_variants(right.form) if (left.form, variant) in words]
        if meant:
            found.append((left, right, meant))
    found += _tone_slips_in_three(text)
    seen: set[int] = set()
    for left, right, meant in sorted(found, key=lambda slip: slip[0].start):
        if left.start in seen or any(s.written[:1].isupper() and s.start > 0 for s in (left, right)):
            continue
        seen.add(left.start)
        yield left, right, meant


def _tone_slips_in_three(text: str) -> Iterator[tuple[_Syllable, _Syllable, list[tuple[str, str]]]]:
    """A pair no text shows whose other syllable makes a word with its other neighbour ("thu, chỉ
    ngân sách": `_unknown_pairs` passes "chỉ ngân" by, as "ngân sách" is a word), where another tone
    makes the three syllables part of a dictionary word ("chi ngân sách", of "bội chi ngân sách")."""
    lex = lexicon()
    entries = dictionary_triples()

    def unknown(pair: tuple[str, str]) -> bool:
        return pair not in lex.pair_counts and pair not in lex.word_pairs

    for phrase in _phrases(text):
        forms = [syllable.form for syllable in phrase]
        for index in range(len(forms) - 2):
            three = forms[index : index + 3]
            if " ".join(three) in entries:
                continue
            before = (forms[index - 1], three[0]) if index > 0 else None
            after = (three[2], forms[index + 3]) if index + 3 < len(forms) else None
            # The slip is in the first or the last syllable: its pair inside the three no text shows, the
            # other pair is a word, and it makes no word with its neighbour outside ("kinh tế tư nhân").
            for edge, outside in ((0, before), (2, after)):
                start = min(edge, 1)  # where the slipped pair starts in the three
                slipped, other = (three[start], three[start + 1]), (three[1 - start], three[2 - start])
                if not unknown(slipped) or other not in lex.word_pairs or (outside and not unknown(outside)):
                    continue
                meant: list[tuple[str, str]] = []
                for variant in tone_variants(three[edge]):
                    respelt = [*three]
                    respelt[edge] = variant
                    if " ".join(respelt) in entries:
                        meant.append((respelt[start], respelt[start + 1]))
                if meant:
                    yield phrase[index + start], phrase[index + start + 1], meant


# A reading's syllable is a slip for the same letters with other marks when legal text prints those
# this many times more often, and prints them with the same neighbour at least this often ("cáp
# giấy": "cáp" 4 times, "cấp" 1,089, "cấp giấy" 186 times).
_MANY_TIMES_RARER = 100
_ATTESTED_PAIR = 20


def rare_form_slips(text: str) -> list[str]:
    """Pairs `_rare_form_slips` finds, as "cáp giấy (cấp giấy?)": a doubt only, not a respelling —
    legal text is too small a sample to rank everyday words by ("đặt tại" is no "đất tại", though it
    prints "đất" a thousand times and "đặt" eight)."""
    return [
        f"{left.written} {right.written} ({' '.join(meant)}?)" for left, right, meant in _rare_form_slips(nfc(text))
    ]


def _rare_form_slips(text: str) -> Iterator[tuple[_Syllable, _Syllable, tuple[str, str]]]:
    """Pairs legal text never shows holding a syllable it hardly prints, whose letters with other
    marks make a pair it prints often, where the other syllable is in a word with its other
    neighbour, so that `_unknown_pairs` (and `marks_slips`) pass them by ("lệ phí cáp giấy phép":
    "giấy phép" is a word, "cấp giấy" the legal phrase). The word before a Roman numeral is left:
    "quý I" numbers a quarter."""
    lex = lexicon()
    checked = {left.start for left, _right in _unknown_pairs(text)}
    for phrase in _phrases(text):
        for index, (left, right) in enumerate(pairwise(phrase)):
            if left.start in checked or (left.form, right.form) in lex.pair_counts:
                continue
            if (left.form, right.form) in lex.word_pairs:
                continue
            if any(syllable.written[:1].isupper() and syllable.start > 0 for syllable in (left, right)):
                continue  # a name's syllable inside the text: no legal vocabulary
            meant = _marks_slip(left.form, right.form)
            if meant is None or lex.pair_counts.get(meant, 0) < _ATTESTED_PAIR:
                continue
            following = phrase[index + 2].written if index + 2 < len(phrase) else ""
            changed = [
                (read.form, form, after)
                for read, form, after in ((left, meant[0], right.written), (right, meant[1], following))
                if read.form != form
            ]
            if all(
                lex.occurrences(read) * _MANY_TIMES_RARER <= lex.occurrences(form) and not is_roman_numeral(after)
                for read, form, after in changed
            ):
                yield left, right, meant


def respell_tone_slips(text: str) -> tuple[str, list[tuple[str, str]]]:
    """`text` with each pair `tone_slips` finds written as the one dictionary word another tone makes
    of it ("bên thủy" → "bến thủy"); a pair two words fit ("gia câm": giả câm, gia cầm) stays as read.
    A guess by the language, for a person to confirm."""
    text = nfc(text)
    changes: list[tuple[str, str]] = []
    respelt_from = len(text)
    for left, right, meant in reversed(list(_tone_slips(text))):  # from the end: spans stay valid
        if len(meant) != 1 or right.end > respelt_from:
            continue  # two words fit, or it shares a syllable with the pair respelt after it
        respelt_from = left.start
        before = text[left.start : right.end]
        after = _pair_written_as(text, left, right, meant[0])
        text = text[: left.start] + after + text[right.end :]
        changes.append((before, after))
    return text, changes[::-1]


def _pair_written_as(text: str, left: _Syllable, right: _Syllable, meant: tuple[str, str]) -> str:
    """The span of `text` from `left` to `right` with the two syllables written `meant`, each in the
    case it was read in, what stood between them kept."""
    return cased_like(left.written, meant[0]) + text[left.end : right.start] + cased_like(right.written, meant[1])


def respell_slips(text: str) -> tuple[str, list[tuple[str, str]]]:
    """`text` with each pair `marks_slips` or `letter_slips` finds written as the frequent
    dictionary word it stands for ("ché độ" → "chế độ", "sửa đi" → "sửa đổi"), and the (before,
    after) changes. Words with a capital inside the text are names, not legal vocabulary ("Biển
    Đông", "Đặng Công"): left as read."""
    text = nfc(text)
    changes: list[tuple[str, str]] = []
    for _round in range(3):  # a respelt syllable may leave its other pair a slip ("luật đát đại")
        text, found = _respell_once(text)
        if not found:
            break
        changes += found
    return text, changes


def _respell_once(text: str) -> tuple[str, list[tuple[str, str]]]:
    respelt: list[tuple[_Syllable, _Syllable, tuple[str, str]]] = []
    for left, right in _unknown_pairs(text):
        if respelt and left.start <= respelt[-1][1].start:
            continue  # its left syllable is the right one of the pair before
        if any(syllable.written[:1].isupper() and syllable.start > 0 for syllable in (left, right)):
            continue
        meant = _marks_slip(left.form, right.form) or _letter_slip(left.form, right.form)
        # only into a dictionary word: a pair legal text merely prints often ("hợp thu", "tự thủ")
        # is no better than the reading ("họp thứ", "từ thu"), which a small corpus may lack
        if meant is None or meant not in lexicon().word_pairs:
            continue
        # and only where the reading holds a syllable legal text hardly prints ("ché", "giáy"): a
        # pair of common ones ("lòng đạt", "có tải") is more likely text the corpus lacks
        changed = [read.form for read, form in zip((left, right), meant, strict=True) if read.form != form]
        if all(lexicon().occurrences(form) > MAX_RARE_COUNT for form in changed):
            continue
        respelt.append((left, right, meant))
    changes = []
    for left, right, meant in reversed(respelt):  # from the end: the spans before stay valid
        before = text[left.start : right.end]
        after = _pair_written_as(text, left, right, meant)
        if before != after:
            text = text[: left.start] + after + text[right.end :]
            changes.append((before, after))
    return text, changes[::-1]


def _tone_vowel_index(bare: str) -> int | None:
    """Where the tone mark goes in a syllable without tone (new style: hòa, thủy, quý, giữ)."""
    start = 2 if bare.startswith(("qu", "gi")) and len(bare) > 2 and bare[2] in _VOWELS else 0
    positions = [i for i in range(start, len(bare)) if bare[i] in _VOWELS]
    if not positions:
        return None
    marked = [i for i in positions if bare[i] in _QUALITY_VOWELS]
    if marked:
        return marked[-1]  # "ươ" carries the tone on ơ (được)
    if len(positions) == 1:
        return positions[0]
    ends_with_vowel = positions[-1] == len(bare) - 1
    return positions[-2] if ends_with_vowel and len(positions) >= 2 else positions[1]


def tone_variants(syllable: str) -> list[str]:
    """The syllable with each of the other five tones ("chỉ" → "chi", "chì", "chí", "chĩ", "chị")."""
    decomposed = unicodedata.normalize("NFD", syllable)
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_SET))
    index = _tone_vowel_index(bare)
    if index is None:
        return []
    variants = []
    for tone in _TONES:
        variant = unicodedata.normalize("NFC", bare[: index + 1] + tone + bare[index + 1 :])
        if variant != syllable:
            variants.append(variant)
    return variants


def count_bigrams(texts: Iterable[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for text in texts:
        parts = syllables(text)
        counts.update(f"{a} {b}" for a, b in pairwise(parts))
    return counts


def _text_of(path: Path) -> str:
    if path.suffix.lower() == ".pdf":
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(str(path))
        try:
            return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
        finally:
            document.close()
    return path.read_text(encoding="utf-8")


def build(paths: list[Path], destination: Path = BIGRAMS_FILE) -> int:
    counts = count_bigrams(_text_of(path) for path in paths)
    destination.parent.mkdir(parents=True, exist_ok=True)
    ordered = dict(sorted(counts.items()))
    with gzip.GzipFile(destination, "wb", mtime=0) as stream:  # mtime 0: the same input gives the same bytes
        stream.write(json.dumps(ordered, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return len(ordered)


if __name__ == "__main__":  # python -m extractors.lexicon build FILE...
    if len(sys.argv) < 3 or sys.argv[1] != "build":
        sys.exit("usage: python -m extractors.lexicon build FILE.pdf|FILE.txt ...")
    pairs = build([Path(argument) for argument in sys.argv[2:]])
    print(f"{pairs} syllable pairs → {BIGRAMS_FILE}")
