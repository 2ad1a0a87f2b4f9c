"""A number OCR read without doubt whose digits were written in by hand.

Tesseract reads print: a pen's "504" in the blank before "/CATQN-VP" came out "2 04", with enough
confidence to pass as typed. As for the day (`date_reread.doubt_day_in_pen`), the digits' ink is
compared with the typed "Số:" beside them; when it is bluer, the number goes under review, with the
digits-only readings' value where most of them agree.
"""

from __future__ import annotations

from core.models import DocumentRecord, Page
from extractors.date_reread import InPen, ReadBlank
from extractors.handwriting import number_blank, number_label
from extractors.numbers import split_number


def number_noted(record: DocumentRecord, note: str) -> dict[str, str]:
    """The record's field sources with `note` after what the number's source already said."""
    return {**record.field_sources, "number": "; ".join(filter(None, [record.field_sources.get("number"), note]))}


def doubt_number_in_pen(
    record: DocumentRecord, read: ReadBlank, in_pen: InPen, page: Page | None = None
) -> DocumentRecord:
    page = page if page is not None else (record.pages[0] if record.pages else None)
    number = record.number
    if page is None or page.method != "ocr" or not number or "number" in record.needs_review:
        return record
    digits, joint, symbol = split_number(number)
    if not digits or not symbol:
        return record
    blank, label = number_blank(page, symbol), number_label(page, symbol)
    if blank is None or label is None or not in_pen(blank, label):
        return record
    reading = read(blank)
    note = (
        f"the digits are written in pen (their ink bluer than the typed 'Số:'): read {digits} at first; "
        f"digits only: {reading.describe().removeprefix('handwritten digits: ')}; a suggestion, under review"
    )
    return record.model_copy(
        update={
            "number": f"{reading.value}{joint}{symbol}" if reading.value else number,
            "needs_review": [*record.needs_review, "number"],
            "field_sources": number_noted(record, note),
        }
    )
