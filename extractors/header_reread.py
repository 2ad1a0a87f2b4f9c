"""A second look at a scanned page's header band, read on its own.

Tesseract's layout analysis of a whole photographed page can go wrong where the header's two columns
meet: it splits each line into its marks and its letters ("ỦY B  Â  Ầ" over "AN NHÂN DÂN"), or glues
the two columns' lines, and the issuer, number, place and date come out broken — some of them with
no low confidence to show it. The same header cut out of the page (full width, down to a gap
between lines under the title) is read well: the band holds only lines of the header's kind.

So when a scanned header leaves one of its typed fields missing or in `needs_review`, the band is
read again, its fields parsed as the page's are, and the reading with more sure header fields is
kept. The band's reading names what it changed in `field_sources["header"]`. The subject is not taken
from the band: a long one runs on below it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

from core.models import DocumentFields, DocumentRecord, Page, PointBox
from extractors.fields import parse_fields
from extractors.numbers import split_number
from extractors.ocr import OcrSettings, limit_tesseract_threads, prepare_image, recognise
from extractors.page_text import assemble_text
from extractors.subject_reread import rendered_box

BAND_SHARE = (0.28, 0.42)  # the band ends in the first gap between lines in this share of the page
HEADER_FIELDS = ("doc_type", "number", "issuer", "place", "issue_date")
TAKEN_FIELDS = ("doc_type", "number", "issuer", "superior", "place", "issue_date", "issue_month")


def header_band(page: Page) -> PointBox | None:
    """The page's top, full width, down to the first gap between OCR's lines below 28 % of the height."""
    if not page.words or not page.width or not page.height:
        return None
    low, high = (share * page.height for share in BAND_SHARE)
    spans = sorted((w.top, w.bottom) for w in page.words if w.bottom > low and w.top < high)
    cut = low
    for top, bottom in spans:
        if top > cut:
            break  # nothing read between `cut` and this word: a gap between lines
        cut = max(cut, bottom)
    if cut >= high:
        return None
    return (0.0, 0.0, page.width, cut + 1.0)


def read_band(crop: Image.Image, scale: float, page_number: int, width: float, height: float) -> Page:
    """Worker entry point: the band read as a page of its own (its own skew, Tesseract's page layout)."""
    settings = OcrSettings()
    limit_tesseract_threads()
    prepared, _ = prepare_image(crop, settings)
    text, words = assemble_text(recognise(prepared, settings, scale))
    return Page(page=page_number, method="ocr", text=text, width=width, height=height, words=words, reason="band")


def read_band_box(pdf_path: str, page_index: int, box: PointBox, width: float, height: float) -> Page:
    """Worker entry point where OCR's image of the page is not at hand: render the page, read the band."""
    settings = OcrSettings()
    return read_band(
        rendered_box(pdf_path, page_index, box, settings), settings.dpi / 72, page_index + 1, width, height
    )


def sure_header_fields(values: DocumentRecord | DocumentFields) -> int:
    """How many of the header's typed fields are read and not under review."""
    return sum(getattr(values, name) is not None and name not in values.needs_review for name in HEADER_FIELDS)


def wants_band_look(record: DocumentRecord) -> bool:
    """A header field the band could read better: not digits written by hand (a number whose symbol
    was read, a date whose typed month was), which the band reads no better than the page."""
    unsure = {name for name in HEADER_FIELDS if getattr(record, name) is None or name in record.needs_review}
    if record.number and not split_number(record.number)[0]:  # "/KH-UBND", the Party's "-KH/TU"
        unsure.discard("number")
    if record.issue_date is None and record.issue_month is not None:
        unsure.discard("issue_date")
    return bool(unsure)


AGENCY_FIELDS = ("issuer", "superior")


@dataclass(frozen=True)
class BandReading:
    record: DocumentRecord
    agencies_taken: bool  # the issuer and superior are the band's: its page is the header's now


def take_band(record: DocumentRecord, band: Page, file_name: str | None = None) -> BandReading:
    """The band's header fields in place of the page's when more of them are sure. The agencies stay
    the page's when the band read one level fewer, or names the page's superior as the issuer: the
    issuer's own lines were lost in the band, not found."""
    fields = parse_fields([band], file_name)
    lost_level = record.superior is not None and fields.superior is None
    promoted = fields.issuer is not None and fields.issuer == record.superior
    taken = tuple(n for n in TAKEN_FIELDS if not (lost_level or promoted) or n not in AGENCY_FIELDS)
    merged = record.model_copy(
        update={
            **{name: getattr(fields, name) for name in taken},
            "needs_review": [i for i in record.needs_review if i not in taken]
            + [i for i in fields.needs_review if i in taken],
        }
    )
    before, after = sure_header_fields(record), sure_header_fields(merged)
    if after <= before:
        return BandReading(record, False)
    changed = [name for name in taken if getattr(fields, name) != getattr(record, name)]
    sources = {name: note for name, note in record.field_sources.items() if name not in taken}
    sources |= {name: note for name, note in fields.field_sources.items() if name in taken}
    note = (
        f"header band read again on its own: {after} of {len(HEADER_FIELDS)} header fields sure "
        f"(the page's reading: {before}); changed {', '.join(changed) or 'nothing'}"
    )
    sources["header"] = f"{sources['header']}; {note}" if "header" in sources else note
    return BandReading(merged.model_copy(update={"field_sources": sources}), "issuer" in taken)
