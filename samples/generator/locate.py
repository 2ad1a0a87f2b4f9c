"""Where things landed on a rendered page: the blanks to write into, the signer block to stamp.

Read back from the born-digital PDF (points, origin top-left, as pdfplumber gives them), so ink always lands
where the typed form put the field, whatever the layout did.
"""

from __future__ import annotations

from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c


@dataclass(frozen=True)
class Box:
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.top + self.bottom) / 2


@dataclass(frozen=True)
class PageWord:
    text: str
    box: Box


@dataclass(frozen=True)
class Landmarks:
    number_gap: Box  # between "Số:" and "/KH-UBND" (the blank, or the typed number)
    day_gap: Box  # between "ngày" and "tháng" on the place-and-date line
    header_bottom: float  # bottom of the number line
    signer_name: Box  # on the signer page
    signer_title: Box  # the title line above the signature space


def page_words(pdf_bytes: bytes, only: set[int] | None = None) -> list[list[PageWord]]:
    """Words with boxes, per page (pypdfium2's text page: fast); pages not in `only` are left empty."""
    pdf = pdfium.PdfDocument(pdf_bytes)
    try:
        pages: list[list[PageWord]] = []
        for number, page in enumerate(pdf, start=1):
            pages.append(_words(page) if only is None or number in only else [])
        return pages
    finally:
        pdf.close()


def _words(page: pdfium.PdfPage) -> list[PageWord]:
    height = page.get_height()
    textpage = page.get_textpage()
    words: list[PageWord] = []
    chars: list[str] = []
    boxes: list[tuple[float, float, float, float]] = []

    def flush() -> None:
        if chars:
            box = Box(
                min(b[0] for b in boxes),
                height - max(b[3] for b in boxes),
                max(b[2] for b in boxes),
                height - min(b[1] for b in boxes),
            )
            words.append(PageWord("".join(chars), box))
            chars.clear()
            boxes.clear()

    for index in range(textpage.count_chars()):
        char = chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, index))
        if char.isspace() or char == "\x00":
            flush()
            continue
        box = textpage.get_charbox(index)
        if boxes and box[0] > boxes[-1][2] + 2.0:  # a gap without a space character
            flush()
        chars.append(char)
        boxes.append(box)
    flush()
    textpage.close()
    return words


def _on_line(words: list[PageWord], anchor: PageWord) -> list[PageWord]:
    return [w for w in words if abs(w.box.centre[1] - anchor.box.centre[1]) < 5]


def find_landmarks(pages: list[list[PageWord]], symbol: str, signer_page: int, name: str) -> Landmarks:
    first = pages[0]
    so = next(w for w in first if w.text.startswith("Số"))
    # the symbol's first word right of "Số:" ("/2025/NQ-HĐND" may come out of pdfium as "/2", "02", "5/NQ-HĐND")
    after_so = sorted((w for w in _on_line(first, so) if w.box.x0 > so.box.x0 and w is not so), key=lambda w: w.box.x0)
    if not after_so or symbol not in "".join(w.text for w in after_so):
        raise ValueError(f"no symbol {symbol} after 'Số' on page 1")
    symbol_word = after_so[0]
    right_of_so = so.box.x1 if so.text.endswith(":") else so.box.x0 + (so.box.x1 - so.box.x0) * 0.5
    number_gap = Box(right_of_so, so.box.top, symbol_word.box.x0, so.box.bottom)
    ngay = next(w for w in first if w.text == "ngày" and w.box.top < 250)
    thang = next((w for w in _on_line(first, ngay) if w.text == "tháng"), None)
    if thang is not None:
        day_gap = Box(ngay.box.x1, ngay.box.top, thang.box.x0, ngay.box.bottom)
    else:  # a date line wrapped after "ngày" (`wrapped_scan`): the day is the next word, on the next line
        day = first[first.index(ngay) + 1]
        day_gap = Box(day.box.x0, day.box.top, day.box.x1, day.box.bottom)
    words = pages[signer_page - 1]
    parts = name.split()
    name_box: Box | None = None
    for i in range(len(words) - len(parts), -1, -1):  # the last occurrence: the signature line
        if [w.text for w in words[i : i + len(parts)]] == parts:
            run = words[i : i + len(parts)]
            name_box = Box(run[0].box.x0, run[0].box.top, run[-1].box.x1, run[-1].box.bottom)
            break
    if name_box is None:
        raise LookupError(f"signer name {name!r} not found on page {signer_page}")
    above = [w for w in words if w.box.bottom < name_box.top and w.box.x0 > name_box.x0 - 120]
    title_line = max(above, key=lambda w: w.box.bottom)
    title_words = _on_line(above, title_line)
    title_box = Box(
        min(w.box.x0 for w in title_words),
        title_line.box.top,
        max(w.box.x1 for w in title_words),
        title_line.box.bottom,
    )
    return Landmarks(number_gap, day_gap, so.box.bottom, name_box, title_box)
