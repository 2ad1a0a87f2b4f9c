"""Hand-built born-digital-like pages: words placed where an NĐ30 layout puts them (A4, points)."""

from __future__ import annotations

from core.models import Page, Word

A4_WIDTH, A4_HEIGHT = 595.0, 842.0
CHAR_WIDTH = 6.0
LINE_HEIGHT = 12.0


def words_at(x: float, top: float, text: str, confidence: float | None = None) -> list[Word]:
    """The words of `text` laid left to right from x on one baseline."""
    words = []
    for token in text.split():
        width = CHAR_WIDTH * len(token)
        words.append(Word(text=token, x0=x, top=top, x1=x + width, bottom=top + LINE_HEIGHT, confidence=confidence))
        x += width + CHAR_WIDTH
    return words


def page_from_rows(rows: list[tuple[float, float, str]], *, number: int = 1, method: str = "text") -> Page:
    """rows of (x, top, text) → a Page with words and a text of one line per row (top to bottom)."""
    words = [w for x, top, text in rows for w in words_at(x, top, text)]
    by_top: dict[float, list[str]] = {}
    for _x, top, text in sorted(rows, key=lambda r: (r[1], r[0])):
        by_top.setdefault(top, []).append(text)
    text = "\n".join("    ".join(parts) for parts in by_top.values())
    return Page(page=number, method=method, text=text, width=A4_WIDTH, height=A4_HEIGHT, words=words)  # type: ignore[arg-type]


def header_rows(
    left: list[str], right_date: str, number_line: str, *, top: float = 50.0, left_x: float = 60.0
) -> list[tuple[float, float, str]]:
    """An NĐ30 header: agency lines left, motto right, then "Số:" left and the date line right."""
    rows = [(left_x, top + i * 16, line) for i, line in enumerate(left)]
    rows += [
        (300.0, top, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        (330.0, top + 16, "Độc lập - Tự do - Hạnh phúc"),
    ]
    row = top + 16 * max(len(left), 2) + 20
    rows += [(left_x, row, number_line), (300.0, row, right_date)]
    return rows
