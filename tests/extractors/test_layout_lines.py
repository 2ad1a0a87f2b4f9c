"""`layout.build_lines` groups words exactly as its first definition did (kept here, word for word):
the faster loops must not move one word to another line."""

from __future__ import annotations

import random
from bisect import insort
from pathlib import Path
from statistics import median

import pypdfium2 as pdfium
import pytest

from core.models import Word
from extractors.layout import Line, build_lines, split_blocks
from extractors.text_layer import read_text_layer

REPO = Path(__file__).resolve().parents[2]


def _median_of_sorted(values: list[float]) -> float:
    middle = len(values) // 2
    return values[middle] if len(values) % 2 == 1 else (values[middle - 1] + values[middle]) / 2


def reference_build_lines(words: list[Word]) -> list[list[Word]]:
    """`build_lines` as written before it was made faster (commit 14dd325)."""
    if not words:
        return []
    marks = [not any(c.isalnum() for c in w.text) for w in words]
    heights = [w.bottom - w.top for w, mark in zip(words, marks, strict=True) if not mark] or [10.0]
    typical = median(heights)

    def is_speck(word: Word) -> bool:
        return sum(c.isalnum() for c in word.text) <= 2 and word.bottom - word.top < 0.7 * typical

    def is_doubtful(word: Word) -> bool:
        return word.confidence is not None and word.confidence < 30.0

    lines: list[list[Word]] = []
    centres: list[float] = []
    spans: list[list[tuple[float, float, float]]] = []
    ordered_centres: list[list[float]] = []
    touching = 0.25 * typical

    def place(word: Word, *, tolerance: float, recent_only: bool) -> None:
        x0, x1 = word.x0, word.x1
        width = x1 - x0
        centre = (word.top + word.bottom) / 2
        limit = typical * tolerance
        best: int | None = None
        best_distance = 0.0
        stop = max(-1, len(lines) - 8) if recent_only else -1
        for index in range(len(lines) - 1, stop, -1):
            distance = abs(centre - centres[index])
            if distance > limit:
                continue
            if any(
                min(x1, other_x1) - max(x0, other_x0) > 0.5 * min(width, other_x1 - other_x0)
                and not (recent_only and abs(centre - other_centre) < touching)
                for other_x0, other_x1, other_centre in spans[index]
            ):
                continue
            if best is None or distance < best_distance:
                best, best_distance = index, distance
        if best is None:
            lines.append([word])
            centres.append(centre)
            spans.append([(x0, x1, centre)])
            ordered_centres.append([centre])
        else:
            lines[best].append(word)
            spans[best].append((x0, x1, centre))
            if recent_only:
                line_centres = ordered_centres[best]
                insort(line_centres, centre)
                centres[best] = _median_of_sorted(line_centres)

    full_size = [w for w, mark in zip(words, marks, strict=True) if not mark and not is_speck(w)]
    sure = [w for w in full_size if not is_doubtful(w)]
    for word in sorted(sure, key=lambda w: (w.top + w.bottom) / 2):
        place(word, tolerance=0.55, recent_only=True)
    for word in (w for w in full_size if is_doubtful(w)):
        place(word, tolerance=0.55, recent_only=False)
    for word in (w for w, mark in zip(words, marks, strict=True) if not mark and is_speck(w)):
        place(word, tolerance=0.55, recent_only=False)
    for word in (w for w, mark in zip(words, marks, strict=True) if mark):
        place(word, tolerance=0.9, recent_only=False)
    result = [sorted(line, key=lambda w: w.x0) for line in lines]
    return sorted(result, key=lambda line: median(w.top for w in line))


def same_lines(words: list[Word]) -> None:
    built = build_lines(words)
    expected = reference_build_lines(words)
    assert [[id(w) for w in line.words] for line in built] == [[id(w) for w in line] for line in expected]
    for line in built:  # the line's own measures, as `statistics` gives them
        assert line.top == median(w.top for w in line.words)
        assert line.bottom == median(w.bottom for w in line.words)
        assert line.text == " ".join(w.text for w in line.words)


def page_words(path: Path) -> list[list[Word]]:
    document = pdfium.PdfDocument(str(path))
    try:
        pages = []
        for index in range(len(document)):
            pdf_page = document[index]
            page, _ = read_text_layer(pdf_page, index + 1)
            pdf_page.close()
            pages.append(page.words)
        return pages
    finally:
        document.close()


REAL_FILES = [
    "tests/fixtures/realdocs/more/congbao-thong-tu-so-03-2021-tt-bnv-33974.pdf",
    "tests/fixtures/realdocs/caobang-nq-33-2022.pdf",
    "samples/001-kh-cchc-digital.pdf",
    "samples/010-kh-tuyen-truyen-annex.pdf",
]


@pytest.mark.parametrize("name", REAL_FILES)
def test_lines_of_real_pages_and_of_their_bands_are_the_first_definitions(name: str) -> None:
    for words in page_words(REPO / name):
        same_lines(words)
        height = max((w.bottom for w in words), default=0.0)
        same_lines([w for w in words if w.bottom <= 0.15 * height])  # the banners' bands
        same_lines([w for w in words if w.top >= 0.88 * height])


def ocr_like_words(rng: random.Random) -> list[Word]:
    """Words on a few skewed baselines with OCR's noise: marks, specks, doubtful words, touching and
    overlapping boxes, equal coordinates, zero-width and inverted boxes."""
    words = []
    for line in range(rng.randint(1, 9)):
        baseline = 40.0 + 14.0 * line + rng.choice([0.0, 0.5, 3.0])
        x = rng.choice([20.0, 300.0])
        for _ in range(rng.randint(1, 12)):
            kind = rng.random()
            if kind < 0.15:
                text, width, height = rng.choice(["-", ".", "—", ",", "…"]), rng.uniform(0, 5), rng.uniform(1, 3)
            elif kind < 0.3:
                text, width, height = rng.choice(["3", "ư", "a.", "x"]), rng.uniform(2, 6), rng.uniform(3, 7)
            else:
                text, width, height = rng.choice(["CỘNG", "HÒA", "Độc", "lập", "ngày", "2024", "Sở"]), 30.0, 12.0
            width = rng.choice([round(width), width, 0.0, -2.0])
            top = baseline - height + rng.choice([round(rng.uniform(-2.5, 2.5)), 0.0]) + x * rng.choice([0.0, 0.01])
            confidence = rng.choice([None, None, 95.0, 12.0, 30.0, 0.0])
            # overprinted text (a fake bold) repeats a word's box: lines stack up at one height
            for _ in range(rng.choice([1, 1, 1, 2, 12])):
                words.append(Word(text=text, x0=x, top=top, x1=x + width, bottom=top + height, confidence=confidence))
            x += max(width, 0.0) + rng.choice([0.0, 2.0, 4.0, -8.0, 80.0])
    rng.shuffle(words)
    return words


def test_lines_of_noisy_ocr_words_are_the_first_definitions() -> None:
    rng = random.Random(28)
    for _ in range(400):
        same_lines(ocr_like_words(rng))


def test_a_line_without_words_fails_as_statistics_does() -> None:
    with pytest.raises(Exception, match="no median"):
        _ = Line(words=[]).top


def test_split_blocks_still_cuts_before_the_motto() -> None:
    heading = ["BỘ", "KHOA", "HỌC", "VÀ", "CÔNG", "NGHỆ", "CỘNG", "HÒA", "XÃ", "HỘI", "CHỦ", "NGHĨA", "VIỆT", "NAM"]
    words = [
        Word(text=text, x0=20.0 + 40 * index, top=10.0, x1=55.0 + 40 * index, bottom=22.0)
        for index, text in enumerate(heading)
    ]
    pieces = split_blocks(Line(words=words))
    assert [piece.text for piece in pieces] == ["BỘ KHOA HỌC VÀ CÔNG NGHỆ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
