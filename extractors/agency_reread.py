"""A second look at the agency lines of a scanned header.

Tesseract finds a page's text lines across both header columns: an agency name wrapped over two bold
lines beside the place-and-date line is read as one line of both, and comes out as letters no
gazetteer knows ("Tàn EẺ A00 0Ó" for "TRUNG TÂM PHỤC VỤ" / "HÀNH CHÍNH CÔNG"). So when the issuer
read from an OCRed header is unsure or missing, the left column alone — from its first agency line
down to the "Số:" line, up to the motto's column — is cut out and read again as one column of text,
once per thresholding method.

A reading whose issuer is a gazetteer entry (or a known kind with a known place) is taken; the issuer
leaves `needs_review` only when every reading names the same entry. `field_sources["issuer"]` says
what the second look read.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from PIL import Image

from core.models import DocumentRecord, Page, PointBox
from extractors import stamps
from extractors.agencies import AgencyReading, read_header_agencies
from extractors.layout import Line, is_number_line, is_rule, read_header
from extractors.ocr import OcrSettings
from extractors.places import check_commune
from extractors.subject_reread import rendered_box, texts_by_thresholding

COLUMN_SEGMENTATION = 4  # Tesseract's "one column of text of variable sizes": each printed line its own


def agency_column_box(page: Page) -> PointBox | None:
    """The box of the header's agency lines (points): left of the motto's column, from the first
    agency line to the top of the "Số:" line (or just below the last agency line)."""
    header = read_header(stamps.without_banners(page))
    number_at = next((i for i, line in enumerate(header.left) if is_number_line(line.text)), None)
    # a gazette's page number or a rule above the agency lines is not where the column starts
    agency_lines = [line for line in header.left[:number_at] if sum(c.isalpha() for c in line.text) >= 3]
    if not agency_lines:
        return None
    top = min(w.top for line in agency_lines for w in line.words)
    height = sorted(line.height for line in agency_lines)[len(agency_lines) // 2]
    bottom = (
        header.left[number_at].top - 0.2 * height
        if number_at is not None
        else max(w.bottom for line in agency_lines for w in line.words) + 0.5 * height
    )
    x0 = max(0.0, min(line.x0 for line in agency_lines) - 2 * height)
    boundary = header.boundary if header.boundary is not None else 0.45 * page.width
    x1 = _right_edge(header.right, top, bottom, boundary) - 0.3 * height
    if x1 - x0 < 4 * height or bottom - top < height:
        return None
    return (x0, max(0.0, top - 0.5 * height), x1, bottom)


def _right_edge(right: list[Line], top: float, bottom: float, boundary: float) -> float:
    """Where the motto's column starts beside the agency lines: its leftmost word there, else the
    boundary the header was split at."""
    beside = [w.x0 for line in right for w in line.words if w.bottom > top and w.top < bottom]
    return min([boundary, *beside])


def read_column_again(crop: Image.Image, settings: OcrSettings | None = None) -> list[list[str]]:
    """Worker entry point: the column's lines, once per thresholding method."""
    texts = texts_by_thresholding(crop, COLUMN_SEGMENTATION, settings)
    return [[" ".join(line.split()) for line in text.splitlines() if line.strip()] for text in texts]


def read_column_box_again(
    pdf_path: str, page_index: int, box: PointBox, settings: OcrSettings | None = None
) -> list[list[str]]:
    """Worker entry point where OCR's image of the page is not at hand: render the page, read the box."""
    return read_column_again(rendered_box(pdf_path, page_index, box, settings), settings)


@dataclass(frozen=True)
class AgencyReview:
    issuer: str
    superior: str | None  # None: the readings show no agency above the issuer
    agreed: bool  # every reading named this issuer, and this superior (or none)
    source: str


def review_agencies(readings: list[list[str]], superior_read: str | None = None) -> AgencyReview | None:
    """The issuer (and superior) the readings of the column name, when one names a sure entry other
    than the superior the header was read with (the issuer's own line lost again, not found)."""
    headers = [read_header_agencies([line for line in lines if not is_rule(line)]) for lines in readings]
    sure = [h for h in headers if h.issuer is not None and h.issuer.sure and h.issuer.name != superior_read]
    if not sure:
        return None
    issuer, count = Counter(_name(h.issuer) for h in sure).most_common(1)[0]
    agreeing = [h for h in sure if _name(h.issuer) == issuer]
    # a superior read unsure is no superior to put in the record, but it is not "none" either
    superiors = Counter(_name(h.superior) if _sure(h.superior) or h.superior is None else "?" for h in agreeing)
    superior, superior_count = superiors.most_common(1)[0]
    printed = agreeing[0].issuer.printed if agreeing[0].issuer else issuer
    # the readings are OCR's: a commune is spelled as the gazetteer spells its letters, or doubted
    issuer_check = check_commune(issuer)
    superior_check = check_commune(superior) if superior not in ("", "?") else None
    issuer = issuer_check.text
    source = f"header's agency column read again ({count}/{len(readings)} readings): '{printed}' → '{issuer}'"
    agreed = count == len(readings) == superior_count and superior != "?" and not any(h.unread_below for h in sure)
    agreed = agreed and issuer_check.unknown is None and (superior_check is None or superior_check.unknown is None)
    if superior_check is not None:
        superior = superior_check.text
    return AgencyReview(issuer, superior if superior not in ("", "?") else None, agreed, source)


def _name(reading: AgencyReading | None) -> str:
    return reading.name if reading is not None else ""


def _sure(reading: AgencyReading | None) -> bool:
    return reading is not None and reading.sure


def revise_agencies(record: DocumentRecord, review: AgencyReview | None) -> DocumentRecord:
    """Put what the second look read into the record. Readings that all agree settle issuer and
    superior (none included: the first reading may have cut one name in two); otherwise the issuer
    stays in review, and so does a superior that differs from the readings'."""
    if review is None:
        return record
    update: dict[str, object] = {
        "issuer": review.issuer,
        "field_sources": {**record.field_sources, "issuer": review.source},
    }
    review_items = list(record.needs_review)
    if review.agreed:
        update["superior"] = review.superior
        review_items = [item for item in review_items if item not in ("issuer", "superior")]
    else:
        if "issuer" not in review_items:
            review_items.append("issuer")
        if review.superior and (record.superior is None or "superior" in review_items):
            update["superior"] = review.superior
        elif record.superior != review.superior and "superior" not in review_items:
            review_items.append("superior")
    update["needs_review"] = review_items
    return record.model_copy(update=update)


def wants_column_look(record: DocumentRecord) -> bool:
    """An OCRed header whose issuer is missing or matched no entry."""
    return record.issuer is None or "issuer" in record.needs_review
