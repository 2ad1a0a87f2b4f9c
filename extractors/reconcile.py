"""Several OCR readings of the same lines → one text, syllable by syllable.

Tesseract misreads Vietnamese marks on photographed pages, and which mark it misses changes with
the binarisation ("bán nên" / "bán nền", "(điện tích:" / "(diện tích"). The readings are aligned on
their folded form (marks off), and where they differ only in marks or punctuation:

1. the language judges first (`lexicon`): a syllable that makes a dictionary word with a neighbour
   and is attested in legal text beats one that is neither ("chi tiết" over "chỉ tiết"), by a
   clear margin only;
2. else a syllable legal text prints often beats forms it never prints ("tặng" over "tạng"),
   whatever the readings' votes (they share one picture's blur);
3. else the readings vote: a strict majority wins;
4. else the first reading stays and the syllable is reported as disputed — a person must check it.

A syllable every reading got wrong in the same way is offered its other tones only when it makes
no word with either neighbour and a tone variant makes an attested dictionary word ("chỉ tiết").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from extractors.lexicon import ATTESTED_COUNT, Lexicon, tone_variants
from extractors.normalize import cased_like, fold, matching_form
from extractors.text_quality import is_vietnamese_syllable

# Syllables that a figure follows in administrative text ("năm 2024", "tháng 5", "số 12", "Điều 3"):
# before a figure they beat their other tones ("nam 2024" is no Vietnamese, unless "Việt Nam").
_BEFORE_FIGURES = frozenset({"năm", "tháng", "ngày", "số", "điều", "khoản", "quý", "khóa", "lần"})
_FIGURE = re.compile(r"^[0-9IVXL]+\W*$")
_YEAR = re.compile(r"^(19|20)[0-9]{2}\W*$")
_YEAR_WORD = "năm"  # "nam 2024": the breve is no tone, so only a year tells it

# The language's verdict counts only when it is clearly better: log(1 + count) differences below
# this are noise of a 120,000-syllable corpus.
_CLEAR_MARGIN = 1.0
# A form legal text prints (ATTESTED_COUNT times or more) beats the others when it prints them a
# hundred times less, if at all ("cấp" 1,089 times, "cáp" 4)
_MANY_TIMES_RARER = 100
_TOKEN = re.compile(r"^(?P<before>[^\w]*)(?P<core>.*?)(?P<after>[^\w]*)$")


@dataclass(frozen=True)
class _Token:
    before: str
    core: str
    after: str

    @classmethod
    def of(cls, text: str) -> _Token:
        match = _TOKEN.match(text)
        assert match is not None  # the pattern matches any string
        return cls(match["before"], match["core"], match["after"])

    @property
    def key(self) -> str:
        return fold(self.core).lower()

    @property
    def form(self) -> str:
        return matching_form(self.core)

    @property
    def is_syllable(self) -> bool:
        return self.core.isalpha() and is_vietnamese_syllable(self.core)

    def text(self) -> str:
        return self.before + self.core + self.after


@dataclass
class Reconciled:
    text: str
    changes: list[tuple[str, str]] = field(default_factory=list)  # (first reading's token, chosen token)
    disputed: list[str] = field(default_factory=list)  # "nên/nền"


def _aligned(first: list[_Token], other: list[_Token]) -> dict[int, _Token]:
    matcher = SequenceMatcher(None, [t.key for t in first], [t.key for t in other], autojunk=False)
    mapping: dict[int, _Token] = {}
    for tag, i1, i2, j1, _ in matcher.get_opcodes():
        if tag == "equal":
            for offset in range(i2 - i1):
                mapping[i1 + offset] = other[j1 + offset]
    return mapping


def _tone_candidates(lexicon: Lexicon, context: _Context, token: _Token) -> list[str]:
    """Other tones of a syllable that makes no word with its neighbours, when one makes an attested
    dictionary word with a neighbour that is itself free — not already in a word on its other side
    ("hoạch chỉ tiết xây" → "chi tiết"; but not "hành chính quý I" → "chính quy": "hành chính" holds
    "chính")."""
    left, right = context.left, context.right
    if lexicon.forms_word(left, token.form, right):
        return []
    offered = []
    for variant in tone_variants(token.form):
        pairs = []
        if left and (context.left2, left) not in lexicon.word_pairs:
            pairs.append((left, variant))
        if right and (right, context.right2) not in lexicon.word_pairs:
            pairs.append((variant, right))
        if any(pair in lexicon.word_pairs and lexicon.pair_counts.get(pair, 0) > 0 for pair in pairs):
            offered.append(variant)
    return offered


@dataclass(frozen=True)
class _Context:
    """The matching forms of the syllables around one, None across punctuation."""

    left2: str | None
    left: str | None
    right: str | None
    right2: str | None
    figure_follows: bool = False
    year_follows: bool = False
    first: bool = False  # the text's first word, capitalised as a sentence starts


def _joined(first: _Token | None, second: _Token | None) -> bool:
    return bool(first and second and first.is_syllable and second.is_syllable and not first.after and not second.before)


def _context(chosen: list[_Token], tokens: list[_Token], index: int) -> _Context:
    token = tokens[index]
    p1 = chosen[-1] if chosen else None
    p2 = chosen[-2] if len(chosen) > 1 else None
    n1 = tokens[index + 1] if index + 1 < len(tokens) else None
    n2 = tokens[index + 2] if index + 2 < len(tokens) else None
    left = p1.form if p1 and _joined(p1, token) else None
    right = n1.form if n1 and _joined(token, n1) else None
    return _Context(
        left2=p2.form if left and p2 and _joined(p2, p1) else None,
        left=left,
        right=right,
        right2=n2.form if right and n2 and _joined(n1, n2) else None,
        figure_follows=bool(n1 and not token.after and not n1.before and _FIGURE.match(n1.core)),
        year_follows=bool(n1 and not token.after and not n1.before and _YEAR.match(n1.core)),
        first=index == 0,
    )


def reconcile(readings: list[str], lexicon: Lexicon) -> Reconciled:
    """One text from `readings` (the first is the reference: its words, order and spacing stay)."""
    if not readings:
        return Reconciled(text="")
    first = [_Token.of(word) for word in readings[0].split()]
    others = [_aligned(first, [_Token.of(word) for word in reading.split()]) for reading in readings[1:]]
    result = Reconciled(text=readings[0])
    chosen: list[_Token] = []
    for index, token in enumerate(first):
        if not token.is_syllable:
            chosen.append(token)
            continue
        seen = [token, *(mapping[index] for mapping in others if index in mapping)]
        form = _choose_form(lexicon, _context(chosen, first, index), token, seen, result)
        after = _majority([t.after for t in seen], default=token.after)
        before = _majority([t.before for t in seen], default=token.before)
        if index == 0:
            before = token.before  # the others are whole lines, specks at their edges included
        if index == len(first) - 1:
            after = token.after
        picked = _Token(before, cased_like(token.core, form), after)
        if picked != token:
            result.changes.append((token.text(), picked.text()))
        chosen.append(picked)
    result.text = " ".join(t.text() for t in chosen)
    return result


def _only_attested(lexicon: Lexicon, context: _Context, token: _Token, leaders: list[str]) -> str | None:
    """The one form legal text prints often when it prints the others a hundred times less or never
    ("tặng" 70 times, "tạng" never; "cấp" 1,089 times, "cáp" 4): readings of one picture share its
    blur, so a majority of them is weaker evidence than the language. Not for capitalised words
    inside a text: names are no legal vocabulary."""
    if token.core[:1].isupper() and not token.core.isupper() and not context.first:
        return None
    counts = {form: lexicon.occurrences(form) for form in leaders}
    attested = [form for form, count in counts.items() if count >= ATTESTED_COUNT]
    if len(attested) == 1 and all(
        count * _MANY_TIMES_RARER <= counts[attested[0]] for form, count in counts.items() if form != attested[0]
    ):
        return attested[0]
    return None


def _majority(values: list[str], default: str) -> str:
    value, votes = Counter(values).most_common(1)[0]
    return value if votes * 2 > len(values) else default


def _choose_form(lexicon: Lexicon, context: _Context, token: _Token, seen: list[_Token], result: Reconciled) -> str:
    votes = Counter(t.form for t in seen if t.is_syllable)
    candidates = set(votes) | set(_tone_candidates(lexicon, context, token))
    if context.figure_follows and not lexicon.forms_word(context.left, token.form, None):
        candidates |= {variant for variant in tone_variants(token.form) if variant in _BEFORE_FIGURES}
        if context.year_follows and token.key == fold(_YEAR_WORD):
            candidates.add(_YEAR_WORD)
    if len(candidates) == 1:
        return token.form
    before_figure = [form for form in candidates if form in _BEFORE_FIGURES] if context.figure_follows else []
    if len(before_figure) == 1 and not any(
        lexicon.forms_word(context.left, form, None) for form in candidates if form != before_figure[0]
    ):
        return before_figure[0]
    support = {
        form: lexicon.support(context.left, form, context.right, context.left2, context.right2) for form in candidates
    }
    ranked = sorted(candidates, key=lambda form: support[form], reverse=True)
    best, runner_up = ranked[0], ranked[1]
    if support[best] - support[runner_up] >= _CLEAR_MARGIN:
        return best
    leaders = [form for form in candidates if support[best] - support[form] < _CLEAR_MARGIN]
    attested = _only_attested(lexicon, context, token, leaders)
    if attested is not None:
        return attested
    winner, count = max(((form, votes[form]) for form in leaders), key=lambda item: item[1])
    if count * 2 > len(seen):
        return winner
    result.disputed.append("/".join(sorted(leaders, key=lambda form: (form != token.form, form))))
    return token.form
