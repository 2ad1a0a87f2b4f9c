"""The closing block of a document: the signer (capacity, title, name) and the "Nơi nhận" list.

```
 Nơi nhận:                          TM. ỦY BAN NHÂN DÂN     ← capacity (on behalf of the collective)
 - Như Điều 3;                      KT. CHỦ TỊCH            ← capacity (signing for the head)
 - Lưu: VT, …                       PHÓ CHỦ TỊCH            ← the signer's own title
                                    Nguyễn Văn A            ← name
```
The block closes the document proper: annexes ("Phụ lục", "ban hành kèm theo") follow it, so the
first page that carries "Nơi nhận" is the one to read, not the file's last page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.models import Page, Signer, SigningCapacity
from extractors.layout import TEXT_BLOCK_SEPARATOR, Line, build_lines, split_blocks, text_line
from extractors.normalize import canonical_tones, compact_key, edit_distance, fold
from extractors.text_quality import is_vietnamese_syllable

# Titles of signers in normal case; "Phó …" forms are derived.
_BASE_TITLES = (
    "Chủ tịch",
    "Giám đốc",
    "Tổng Giám đốc",
    "Chánh Văn phòng",
    "Trưởng ban",
    "Trưởng phòng",
    "Bộ trưởng",
    "Thứ trưởng",
    "Chủ nhiệm",
    "Chánh Thanh tra",
    "Cục trưởng",
    "Chi cục trưởng",
    "Tổng cục trưởng",
    "Viện trưởng",
    "Hiệu trưởng",
    "Thủ tướng",
    "Tổng Thư ký",
    "Bí thư",
    "Trưởng đoàn",
    "Chánh án",
    "Viện trưởng",
    "Tổng Kiểm toán nhà nước",
    "Thống đốc",
)
TITLES: tuple[str, ...] = (
    *_BASE_TITLES,
    *(f"Phó {title[:1].upper()}{title[1:]}" if " " in title else f"Phó {title}" for title in _BASE_TITLES),
)
_TITLE_KEYS = sorted(((compact_key(t), t) for t in TITLES), key=lambda item: -len(item[0]))
_CAPACITY = re.compile(r"^\s*(TM|KT|TL|TUQ)\s*[.,:]\s*(.*)$", re.IGNORECASE)
_RECIPIENTS_LABEL = re.compile(r"^\s*n[o0]i\s*nh[a]n\s*[:;.]?\s*", re.IGNORECASE)
_ITEM_MARK = re.compile(r"^\s*[-–—+•·]\s*")
# Ink of a signature or seal read by OCR as marks around a line: '"Phan Quốc Tuấn', "_... PHÓ CHỦ TỊCH"
_EDGE_MARKS = re.compile(r"^[\W_]+|[\W_]+$")


def title_of(text: str) -> str | None:
    """ "PHÓ CHỦ TỊCH", OCR "CHỦ TICH", "Phó Giám đốc" → the title in normal case, else `None`."""
    key = compact_key(text)
    if not key or len(key) > 40:
        return None
    for title_key, title in _TITLE_KEYS:
        if key == title_key:
            return title
    for title_key, title in _TITLE_KEYS:
        if len(title_key) >= 6 and abs(len(key) - len(title_key)) <= 1 and edit_distance(key, title_key, 1) <= 1:
            return title
    for title_key, title in _TITLE_KEYS:  # "PHÓ TRƯỞNG BAN THƯỜNG TRỰC": title and a qualifier
        if key.startswith(title_key) and len(title_key) >= 6:
            words = text.split()
            title_words = len(title.split())
            qualifier = " ".join(words[title_words:]).lower()
            return f"{title} {qualifier}".strip()
    return None


def _looks_like_name(text: str) -> bool:
    """A person's name: 2-6 syllables, each capitalised ("Nguyễn Thị Hồng Hạnh")."""
    words = text.split()
    if not 2 <= len(words) <= 6 or title_of(text) is not None:
        return False
    return (
        all(w[:1].isupper() and (len(w) == 1 or w[1:].islower()) and w.isalpha() for w in words)
        and sum(is_vietnamese_syllable(w) for w in words) >= len(words) - 1
    )


def _without_specks(text: str) -> str:
    """A name with a speck of ink read as a lone lower-case letter beside it ("š Huỳnh Hoàng Bình")."""
    words = text.split()
    while len(words) > 2 and len(words[0]) == 1 and words[0].islower():
        words = words[1:]
    while len(words) > 2 and len(words[-1]) == 1 and words[-1].islower():
        words = words[:-1]
    return " ".join(words)


def _right_column(lines: list[Line], width: float) -> list[Line]:
    """The pieces of the closing lines that sit in the right half (the signer's column)."""
    column: list[Line] = []
    for line in lines:
        if width <= 0:  # a text-only page: the part after the block separator, or a whole short line
            parts = TEXT_BLOCK_SEPARATOR.split(line.text.strip())
            if len(parts) > 1:
                column.append(text_line(parts[-1], "right"))
            elif not _ITEM_MARK.match(line.text) and not _RECIPIENTS_LABEL.match(fold(line.text)):
                column.append(text_line(line.text.strip(), "right"))
            continue
        # marks of ink read as words (". Hoàng Thanh Hương") must not pull the name into the left column
        inked = Line(words=[word for word in line.words if any(c.isalnum() for c in word.text)])
        if inked.words:
            column.extend(piece for piece in split_blocks(inked) if piece.x0 >= 0.4 * width)
    return column


def _left_column(lines: list[Line], width: float) -> list[str]:
    column: list[str] = []
    for line in lines:
        if width <= 0:
            text = TEXT_BLOCK_SEPARATOR.split(line.text.strip())[0]
            if _CAPACITY.match(fold(text)) or title_of(text) or _looks_like_name(text):
                continue  # the signer's column, run into the list by a text-only reading
            column.append(text)
            continue
        pieces = [piece for piece in split_blocks(line) if piece.x0 < 0.4 * width]
        if pieces:
            column.append(" ".join(piece.text for piece in pieces))
    return column


@dataclass(frozen=True)
class ClosingBlock:
    signer: Signer | None
    recipients: list[str]
    page: int | None


def _page_lines(page: Page) -> tuple[list[Line], float]:
    if page.words:
        return build_lines(page.words), page.width or max(w.x1 for w in page.words)
    return [text_line(t) for t in page.text.splitlines() if t.strip()], 0.0


def _recipients_start(lines: list[Line]) -> int | None:
    for index, line in enumerate(lines):
        for part in [line.text, *TEXT_BLOCK_SEPARATOR.split(line.text)]:
            if _RECIPIENTS_LABEL.match(fold(part)):
                return index
    return None


def read_signer(column: list[Line], *, names_without_title: bool = False) -> Signer | None:
    """Capacity, title and name from the right column of the closing lines, top to bottom.

    A name is taken only under a capacity or title line, unless `names_without_title` (the column
    beside "Nơi nhận", where a red seal may have hidden the title from OCR).
    """
    capacity: SigningCapacity | None = None
    head: str | None = None  # the head a deputy signs for ("KT. CHỦ TỊCH")
    title: str | None = None
    name: str | None = None
    started = False
    for piece in column:
        text = _EDGE_MARKS.sub("", piece.text.strip()) if started or names_without_title else piece.text.strip()
        if not text:
            continue
        match = _CAPACITY.match(fold(text))
        if match and match.group(2).strip():
            # "KT. CHỦ TỊCH" names the head signed for; the signer's own title is on the next line
            capacity = f"{match.group(1).upper()}."  # type: ignore[assignment]
            head = title_of(text[match.start(2) :]) if len(text) == len(fold(text)) else None
            title = None
            started = True
            continue
        found = title_of(text)
        if found is not None:
            title = found
            started = True
            continue
        if started or names_without_title:
            candidate = _without_specks(text)
            if _looks_like_name(candidate):
                name = canonical_tones(candidate)
                break
    if not started and name is None:
        return None
    if capacity == "KT." and head is not None and title in (None, head):
        # ký thay: a deputy signs for the head, so "KT. CHỦ TỊCH" is signed by a "Phó Chủ tịch"
        # (NĐ30); a seal over the title line leaves nothing else to read it from
        title = f"Phó {head}"
    return Signer(name=name, title=title, capacity=capacity)


def read_recipients(lines: list[str]) -> list[str]:
    """The "Nơi nhận" items, without the dash, the final ";"/"." and the archive line "Lưu: VT"."""
    items: list[str] = []
    for raw in lines:
        text = raw.strip()
        label = _RECIPIENTS_LABEL.match(fold(text))
        if label:
            text = text[label.end() :].strip()
            if not text:
                continue
        if _ITEM_MARK.match(text):
            items.append(_ITEM_MARK.sub("", text))
        elif items and text and not items[-1].rstrip().endswith((";", ".")):
            items[-1] = f"{items[-1]} {text}"
        elif items and text:
            break  # text that is not an item: the list is over
    cleaned = [item.strip().rstrip(";.,").strip() for item in items]
    return [item for item in cleaned if item and not compact_key(item.split(":")[0]).startswith("luu")]


def _closing_page_index(pages: list[Page]) -> int | None:
    for index, page in enumerate(pages):
        folded = fold(page.text).lower()
        if "nhan" not in folded or not re.search(r"n[o0]i\b", folded):
            continue  # cheap test first: most pages of a long file have no closing block
        if _recipients_start(_page_lines(page)[0]) is not None:
            return index
    return None


def read_closing_block(pages: list[Page]) -> ClosingBlock:
    """Signer and recipients from the first page that closes the document proper."""
    if not pages:
        return ClosingBlock(None, [], None)
    index = _closing_page_index(pages)
    if index is None:
        # No recipients list (laws, consolidated texts): the signer is the last signer-looking block.
        for candidate in range(len(pages) - 1, -1, -1):
            lines, width = _page_lines(pages[candidate])
            signer = read_signer(_right_column(lines, width))
            if signer is not None and signer.name is not None:
                return ClosingBlock(signer, [], pages[candidate].page)
        return ClosingBlock(None, [], None)
    lines, width = _page_lines(pages[index])
    start = _recipients_start(lines) or 0
    # the signer block starts a few lines above "Nơi nhận" and runs down beside it
    block = lines[max(0, start - 6) :]
    signer = read_signer(_right_column(block, width))
    if signer is None:
        signer = read_signer(_right_column(lines[start:], width), names_without_title=True)
    if (signer is None or signer.name is None) and index + 1 < len(pages):
        next_lines, next_width = _page_lines(pages[index + 1])
        more = read_signer(_right_column(block, width) + _right_column(next_lines[:12], next_width))
        signer = more or signer
    recipients = read_recipients(_left_column(lines[start:], width))
    return ClosingBlock(signer, recipients, pages[index].page)
