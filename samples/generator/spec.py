"""What a generated document says, before it is laid out on pages.

A `DocumentSpec` holds both what is printed (blocks of text, header lines) and the ground truth
that follows from it (number, dates, references, criteria, facts), so the two cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from extractors.normalize import fold, nfc
from samples.generator.agencies import Agency

BlockStyle = Literal[
    "heading",  # I. MỤC ĐÍCH, YÊU CẦU (bold, justified)
    "subheading",  # 1. Mục đích (bold)
    "para",  # body paragraph, first-line indent
    "basis",  # "Căn cứ …;" (italic in decisions)
    "item",  # "- …;" list item
    "center_bold",  # "QUYẾT ĐỊNH:" or the authority line
    "article",  # "Điều 1. …" (the label in bold)
]


@dataclass(frozen=True)
class Block:
    style: BlockStyle
    text: str


@dataclass(frozen=True)
class Citation:
    """A document cited in the body: printed as text, recorded in the truth as a reference."""

    number: str
    doc_type: str | None
    date: dt.date


@dataclass(frozen=True)
class SignerBlock:
    capacity_lines: tuple[str, ...]  # upper case as printed: ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH")
    title_line: str  # upper case as printed: "PHÓ CHỦ TỊCH"
    title: str  # normal case for the truth: "Phó Chủ tịch"
    capacity: str | None  # the capacity nearest the signer: "KT."
    name: str


@dataclass
class Annex:
    label: str  # "Phụ lục I" / "PHỤ LỤC"
    title_lines: list[str]  # upper case
    made_with: str  # "(Ban hành kèm theo Quyết định số …)" or "(Kèm theo Kế hoạch số …)"
    columns: list[str]
    column_widths: list[float]  # fractions of the text width
    rows: list[list[str]]
    details: list[Block] = field(default_factory=list)  # long annexes: text after the table


@dataclass(frozen=True)
class Mark:
    """Something printed on the page that is not one of the document's own fields."""

    kind: Literal["arrival", "signature", "copy", "urgent", "gazette"]
    text: str
    number: str | None = None
    date: dt.date | None = None
    time: dt.datetime | None = None


@dataclass
class DocumentSpec:
    kind: str
    agency: Agency
    doc_type: str  # NĐ30 abbreviation; CV for a công văn
    type_title: str | None  # "KẾ HOẠCH"; None for a công văn
    number_n: int
    symbol: str  # "KH-UBND", "UBND-VP"
    issue_date: dt.date
    subject: str
    body: list[Block]
    recipients: list[str]
    signer: SignerBlock
    citations: list[Citation]
    criteria: list[str]
    facts: dict[str, Any]
    year: int
    authority: str | None = None  # decisions: the line(s) above "Căn cứ" naming who decides
    addressees: list[str] = field(default_factory=list)  # công văn: "Kính gửi:"
    annexes: list[Annex] = field(default_factory=list)
    urgency: str | None = None  # "HỎA TỐC" typed under the number
    number_blank: bool = False  # typed form with the number left blank (written by hand)
    day_blank: bool = False  # typed form with the day left blank (written by hand)

    @property
    def number_label(self) -> str:
        """NĐ30's "Số:"; the Party's form (Hướng dẫn 36) prints no colon."""
        return "Số" if self.agency.party else "Số:"

    @property
    def number_joint(self) -> str:
        """NĐ30's "15/KH-UBND"; the Party's form joins the number to the type with a dash: "15-KH/TU"."""
        return "-" if self.agency.party else "/"

    @property
    def number(self) -> str:
        return f"{self.number_n}{self.number_joint}{self.symbol}"


def symbol_for(doc_type: str, agency: Agency) -> str:
    """The symbol after the number: "KH-UBND", a công văn's "UBND-VP", the Party's "KH/TU" and "CV/TU"."""
    if agency.party:
        return f"{doc_type}/{agency.code}"
    return f"{agency.code}-{agency.letter_unit}" if doc_type == "CV" else f"{doc_type}-{agency.code}"


def motto_lines(spec: DocumentSpec) -> tuple[str, ...]:
    """The right column's heading: the nation and its motto, or the Party's name alone (Hướng dẫn 36)."""
    if spec.agency.party:
        return ("ĐẢNG CỘNG SẢN VIỆT NAM",)
    return ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


def date_line_day(day: int) -> str:
    return f"{day:02d}"


def date_line_month(month: int) -> str:
    """NĐ30: months 1 and 2 take a leading zero on the place-and-date line."""
    return f"{month:02d}" if month < 3 else str(month)


def long_date(date: dt.date) -> str:
    """ "ngày 08 tháng 01 năm 2024"."""
    return f"ngày {date_line_day(date.day)} tháng {date_line_month(date.month)} năm {date.year}"


def body_long_date(date: dt.date) -> str:
    """In the body the day often has no leading zero: "ngày 8 tháng 01 năm 2024"."""
    return f"ngày {date.day} tháng {date_line_month(date.month)} năm {date.year}"


def short_date(date: dt.date) -> str:
    """ "08/01/2024" as cited in the body."""
    return f"{date.day:02d}/{date.month:02d}/{date.year}"


def place_date_line(place: str, date: dt.date | None, *, day_blank: bool = False) -> str:
    if date is None:
        raise ValueError("a place-and-date line needs a date")
    day = "\u00a0" * 9 if day_blank else date_line_day(date.day)
    return f"{place}, ngày {day} tháng {date_line_month(date.month)} năm {date.year}"


def vn_int(value: int) -> str:
    """12345 → "12.345" (Vietnamese thousands separator)."""
    return f"{value:,}".replace(",", ".")


def vn_percent(done: int, total: int) -> str:
    """45/50 → "90", 14/15 → "93,3" (Vietnamese decimal comma, trailing zeros dropped)."""
    value = round(100 * done / total, 1)
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def ascii_slug(text: str) -> str:
    """ "Cần Giuộc" → "can-giuoc" (file names, e-mail addresses)."""
    return re.sub(r"[^a-z0-9]+", "-", fold(nfc(text)).lower()).strip("-")
