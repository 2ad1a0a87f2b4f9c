"""The order of extraction, in one place: bytes → pages (text layer or OCR) → fields → tags → record.

Per page, the text layer is judged by its language (`text_quality`): a usable layer is kept, a
legacy-encoded one is converted, anything else (none, too little, garbled, stale) is OCRed. OCR runs
in a process pool, one page per task, so every core works and one bad page fails alone.
"""

from __future__ import annotations

import gc
import hashlib
import os
import resource
import tempfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol, TypeVar

import pypdfium2 as pdfium
from PIL import Image

from core.models import DocumentRecord, Page
from extractors import EXTRACTOR_VERSION
from extractors.agency_reread import (
    agency_column_box,
    read_column_again,
    read_column_box_again,
    review_agencies,
    revise_agencies,
    wants_column_look,
)
from extractors.budget import ReadingBudget, close_readers, is_over_budget, shared_reader
from extractors.date_reread import doubt_day_in_pen, pen_check_for, reader_for, reread_issue_date
from extractors.fields import header_page_number
from extractors.handwriting import (
    DigitReading,
    cut_blank,
    number_blank,
    number_blank_short,
    number_label,
    printed_digits,
    read_blank,
    read_digits,
)
from extractors.header_picture import first_page_header_is_a_picture, header_is_a_picture
from extractors.header_reread import header_band, read_band, read_band_box, take_band, wants_band_look
from extractors.image_files import picture_to_pdf
from extractors.input_checks import (
    OFFICE_KINDS,
    OFFICE_SUFFIXES,
    PICTURE_SUFFIXES,
    BadInput,
    count_pages,
    describe_kind,
    input_refusal,
    is_word_html,
    open_regular,
    sniff,
)
from extractors.normalize import compact_key
from extractors.number_in_pen import doubt_number_in_pen, number_noted
from extractors.numbers import split_number
from extractors.ocr import OcrSettings, PageImage, limit_tesseract_threads, ocr_first_page, ocr_page
from extractors.ocr_slots import OcrSlots, run_in_slot
from extractors.office import office_to_pdf
from extractors.office_pictures import PicturePage, plan_picture_pages, write_reading_pdf
from extractors.pdfium_lock import PDFIUM_LOCK
from extractors.process_guard import die_with_parent, kill_descendants
from extractors.signer_reread import read_block_again, read_block_box_again, review_signer, signer_box
from extractors.subject_reread import read_box_again, read_lines_again, review_subject, subject_box, under_a_stamp
from extractors.subjects import ocr_marks_cleared
from extractors.symbol_agency import symbol_code, symbol_names_body
from extractors.text_layer import page_faces, read_text_layer
from extractors.text_quality import judge_text, layer_doubt

T = TypeVar("T")

# Memory a single OCR worker may take (render + Tesseract): a decompression bomb fails its page only.
WORKER_MEMORY_LIMIT_BYTES = 6 * 1024**3


@dataclass(frozen=True)
class ExtractionOptions:
    ocr: OcrSettings = field(default_factory=OcrSettings)
    max_pages: int = 2000
    max_file_bytes: int = 512 * 1024**2
    force_ocr: bool = False
    workers: int = 0  # 0 = every core
    tag: bool = True
    trust_roots: tuple[bytes, ...] = ()  # DER/PEM certificates trusted for PDF signatures
    signature_max_days: int = 30
    budget: ReadingBudget = field(default_factory=ReadingBudget)  # per file, in `extract_files`
    retry_failed: bool = False  # read again files remembered as over budget

    @property
    def worker_count(self) -> int:
        return self.workers or os.cpu_count() or 1


class RecordCache(Protocol):
    """Where finished records are kept by (sha256, extractor version)."""

    def get(self, sha256: str, extractor_version: str) -> DocumentRecord | None: ...

    def put(self, record: DocumentRecord) -> None: ...


def _init_ocr_worker() -> None:
    limit_tesseract_threads()
    die_with_parent(before_exit=kill_descendants)  # and its Tesseract: nothing outlives the run
    try:  # the CPU limit of a reading worker is per file, not for a pool worker's life
        _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
        resource.setrlimit(resource.RLIMIT_CPU, (hard, hard))
    except (ValueError, OSError):  # pragma: no cover
        pass
    try:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = WORKER_MEMORY_LIMIT_BYTES if hard == resource.RLIM_INFINITY else min(hard, WORKER_MEMORY_LIMIT_BYTES)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):  # pragma: no cover - platform without RLIMIT_AS
        pass


class OcrPool:
    """A process pool for page OCR that survives a worker killed by a bad page. With `slots`, each
    call also waits for one of the run's OCR slots (`ocr_slots`: a cap shared with other pools)."""

    def __init__(self, workers: int, slots: OcrSlots | None = None) -> None:
        self._workers = workers
        self._slots = slots
        self._executor: ProcessPoolExecutor | None = None

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(max_workers=self._workers, initializer=_init_ocr_worker)
        return self._executor

    def run(self, function: Callable[..., T], *args: object) -> T:
        """`function(*args)` in a worker. A worker that dies on the way is replaced and the call made
        once more; a second death raises `BrokenProcessPool`."""
        if self._slots is not None:
            function, args = run_in_slot, (self._slots, function, *args)
        try:
            future: Future[T] = self._pool().submit(function, *args)
            return future.result()
        except BrokenProcessPool:
            self.close(wait=False)
        try:
            return self._pool().submit(function, *args).result()
        except BrokenProcessPool:
            self.close(wait=False)
            raise

    def ocr(
        self,
        pdf_path: str,
        page_index: int,
        settings: OcrSettings,
        reason: str,
        images: dict[int, PageImage] | None = None,
    ) -> Page:
        """OCR one page; with `images`, its image comes back too (for the second looks)."""
        try:
            if images is None:
                return self.run(ocr_page, pdf_path, page_index, settings, reason)
            page, images[page_index] = self.run(ocr_first_page, pdf_path, page_index, settings, reason)
            return page
        except BrokenProcessPool:
            return _failed_page(page_index + 1, f"{reason}; OCR failed: the worker died (out of memory?)")

    def close(self, wait: bool = True) -> None:
        """Stop the workers. Waiting lets them exit cleanly (no broken-pipe noise at interpreter exit);
        a broken pool is dropped without waiting."""
        if self._executor is not None:
            self._executor.shutdown(wait=wait, cancel_futures=True)
            self._executor = None


def _failed_page(page_number: int, reason: str) -> Page:
    return Page(page=page_number, method="ocr", confidence=0.0, text="", reason=reason)


def _one_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__


def _distrust_broken_faces(
    decisions: list[Page | str], faces_of: Callable[[Page], tuple[str, ...]], broken_faces: dict[str, int]
) -> None:
    """A font's map is the document's: a face found broken on one page (where it set enough words to
    tell) is broken on every page, even where it sets only a signer's three lines. `faces_of` gives
    the faces of a kept page; it is asked only once a broken face was found."""
    if not broken_faces:
        return
    for index, decision in enumerate(decisions):
        if not isinstance(decision, Page):
            continue
        found = sorted(face for face in faces_of(decision) if face in broken_faces)
        if found:
            pages = ", ".join(str(broken_faces[face]) for face in found)
            decisions[index] = (
                f"the text of font(s) {', '.join(found)} is not Vietnamese (page {pages}): a broken font map"
            )


def read_pages(
    pdf_path: str,
    page_count: int,
    options: ExtractionOptions,
    pool: OcrPool,
    images: dict[int, PageImage] | None = None,
) -> list[Page]:
    """Decide, page by page, between the text layer and OCR; OCR pages run concurrently. With
    `images`, the image of the first page, if OCRed, is kept there for the second looks."""
    decisions: list[Page | str] = []  # a Page kept from the text layer, or the reason to OCR
    broken_faces: dict[str, int] = {}  # a face whose map is broken, and the first page that showed it
    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(pdf_path)
        try:
            for index in range(page_count):
                if options.force_ocr:
                    decisions.append("OCR forced")
                    continue
                try:
                    pdf_page = document[index]
                    page, quality = read_text_layer(pdf_page, index + 1)
                    pictured = index == 0 and quality.usable and header_is_a_picture(pdf_page, page)
                    pdf_page.close()
                except Exception as error:  # a damaged page object: its image may still be readable
                    decisions.append(f"text layer unreadable ({_one_line(error)})")
                    continue
                doubt = layer_doubt(page.words) if quality.usable else None
                if pictured and doubt is None:
                    doubt = "the header is a picture over a typed body"
                decisions.append(page if quality.usable and doubt is None else doubt or page.reason)
                for face in quality.broken_fonts:
                    broken_faces.setdefault(face, index + 1)
            _distrust_broken_faces(decisions, lambda page: page_faces(document, page), broken_faces)
        finally:
            document.close()

    with ThreadPoolExecutor(max_workers=options.worker_count) as threads:
        futures = {
            index: threads.submit(pool.ocr, pdf_path, index, options.ocr, decision, images if index == 0 else None)
            for index, decision in enumerate(decisions)
            if isinstance(decision, str)
        }
        pages: list[Page] = []
        for index, decision in enumerate(decisions):
            if isinstance(decision, Page):
                pages.append(decision)
                continue
            try:
                pages.append(futures[index].result())
            except Exception as error:
                pages.append(_failed_page(index + 1, f"{decision}; OCR failed: {_one_line(error)}"))
    return pages


def _add_fields_and_tags(
    record: DocumentRecord,
    data: bytes,
    options: ExtractionOptions,
    pool: OcrPool,
    pdf_path: str | None = None,
    first_image: PageImage | None = None,
) -> DocumentRecord:
    """Parse NĐ30 fields, read signatures, look again at unsure fields of a scan (in the pool, on
    the first page's image when OCR kept it), and tag evidence (each stage pure, each failure recorded)."""
    from extractors.stages import enrich

    looks = []
    # second looks are for OCR's readings of the header (page 1, or page 2 after a cover)
    header_page = _header_page(record) if any(p.method == "ocr" for p in record.pages[:2]) else None
    if pdf_path is not None and header_page is not None and header_page.method == "ocr":
        if header_page is not record.pages[0]:
            first_image = None  # the header is on a later page: OCR's image of page 1 shows something else
        reusable = _at_default_resolution(first_image)
        looks = [
            lambda r: reread_header(r, pdf_path, pool, reusable, header_page),
            lambda r: suggest_handwritten_number(r, pdf_path, pool, first_image, header_page),
            lambda r: doubt_number_in_pen(
                r,
                reader_for(pdf_path, header_page, first_image, pool.run),
                pen_check_for(pdf_path, header_page, first_image, pool.run),
                header_page,
            ),
            lambda r: reread_issue_date(r, reader_for(pdf_path, header_page, first_image, pool.run), header_page),
            lambda r: doubt_day_in_pen(
                r,
                reader_for(pdf_path, header_page, first_image, pool.run),
                pen_check_for(pdf_path, header_page, first_image, pool.run),
                header_page,
            ),
            lambda r: reread_subject(r, pdf_path, pool, reusable, header_page),
        ]
    if pdf_path is not None and any(p.method == "ocr" for p in record.pages):
        page_one = _at_default_resolution(first_image)
        looks.append(lambda r: reread_signer(r, pdf_path, pool, page_one))
    return enrich(
        record,
        data,
        tag=options.tag,
        trust_roots=list(options.trust_roots),
        signature_max_days=options.signature_max_days,
        second_looks=looks,
    )


def _at_default_resolution(image: PageImage | None) -> PageImage | None:
    """OCR's image of page 1 when it was read at the default resolution, the one the subject's and
    signer's second looks read at (else they render the page again)."""
    return image if image is not None and image.dpi == OcrSettings().dpi else None


def extract_pdf_path(
    pdf_path: str, file: str, data: bytes, options: ExtractionOptions, pool: OcrPool
) -> DocumentRecord:
    """Extract the file at `pdf_path` (whose bytes are `data`): a PDF, or a Word file converted first."""
    sha256 = hashlib.sha256(data).hexdigest()
    record = DocumentRecord(file=file, sha256=sha256, extractor_version=EXTRACTOR_VERSION)
    kind = sniff(data)
    if kind in OFFICE_KINDS or (kind == "html" and is_word_html(data, file)):
        return _extract_office(data, kind, record, options, pool)
    if kind == "picture":
        return _extract_picture(data, record, options, pool)
    if kind != "pdf":
        return record.model_copy(update={"error": describe_kind(kind, len(data))})
    try:
        page_count = count_pages(pdf_path, options.max_pages)
    except BadInput as error:
        return record.model_copy(update={"error": str(error)})
    images: dict[int, PageImage] = {}
    pages = read_pages(pdf_path, page_count, options, pool, images)
    failed = [p.page for p in pages if p.method == "ocr" and "OCR failed" in p.reason]
    record = record.model_copy(update={"pages": pages, "page_count": page_count})
    if failed:
        record = record.model_copy(update={"error": f"OCR failed on page(s) {', '.join(map(str, failed))}"})
    return _add_fields_and_tags(record, data, options, pool, pdf_path, images.get(0))


def _extract_picture(data: bytes, record: DocumentRecord, options: ExtractionOptions, pool: OcrPool) -> DocumentRecord:
    """A scan published as a picture file (JPEG, multi-page TIFF, PNG…): its pages put in a PDF
    (`image_files`) and read as a scanned PDF's are; the record keeps the picture's identity."""
    with tempfile.TemporaryDirectory(prefix="kiemchung-picture-") as folder:
        reading_pdf = Path(folder) / "picture.pdf"
        try:
            page_count, picture_kind = picture_to_pdf(data, reading_pdf, options.max_pages)
        except BadInput as error:
            return record.model_copy(update={"error": str(error)})
        images: dict[int, PageImage] = {}
        pages = [
            page.model_copy(update={"reason": f"{picture_kind} picture; {page.reason}"})
            for page in read_pages(str(reading_pdf), page_count, options, pool, images)
        ]
        record = record.model_copy(update={"pages": pages, "page_count": page_count})
        failed = [p.page for p in pages if p.method == "ocr" and "OCR failed" in p.reason]
        if failed:
            record = record.model_copy(update={"error": f"OCR failed on page(s) {', '.join(map(str, failed))}"})
        return _add_fields_and_tags(record, data, options, pool, str(reading_pdf), images.get(0))


def _header_page(record: DocumentRecord) -> Page | None:
    """The record's page its header was read from (page 1, or the next after a cover)."""
    number = header_page_number(record.pages)
    return next((page for page in record.pages if page.page == number), None)


def suggest_handwritten_number(
    record: DocumentRecord,
    pdf_path: str,
    pool: OcrPool,
    first_image: PageImage | None = None,
    header_page: Page | None = None,
) -> DocumentRecord:
    """A number whose digits were written by hand and not read: try the blank again (`handwriting`),
    cut from `first_image` (else rendered).

    Only an agreed reading fills the digits; the field stays in `needs_review` and `field_sources`
    says where the digits came from.
    """
    if not record.number or split_number(record.number)[0]:
        return record
    page = header_page or _header_page(record)
    if page is None or page.method != "ocr":
        return record
    symbol = record.number[1:]  # the typed part after the blank: the header's number, no cited one
    box = number_blank(page, symbol)
    if box is None:
        return record
    on_image = first_image if page is record.pages[0] else None

    def read(blank: tuple[float, float, float, float]) -> DigitReading:
        if on_image is not None:
            return pool.run(read_digits, cut_blank(on_image, blank))
        return pool.run(read_blank, pdf_path, page, blank)

    try:
        reading = read(box)
        short = number_blank_short(page, symbol) if reading.value is None else None
        if short is not None:
            again = read(short)
            reading = again if again.votes > reading.votes else reading
    except Exception as error:
        return record.model_copy(
            update={"field_sources": number_noted(record, f"handwritten digits: {_one_line(error)}")}
        )
    update: dict[str, object] = {"field_sources": number_noted(record, reading.describe())}
    typed = printed_digits(page, symbol)
    if _typed_digits_confirmed(reading, typed, symbol, page, pdf_path, pool, on_image):
        # print OCR read below its confidence threshold, every digits-only reading the same: sure now,
        # unless the number was doubted for something else too (a symbol's slip, a stroke dropped)
        note = f"typed digits {typed} read again, digits only: every reading agrees with OCR's"
        other_doubt = record.field_sources.get("number") or _symbol_unlike_issuer(symbol, record.issuer)
        return record.model_copy(
            update={
                "number": f"{typed}{record.number}",
                "needs_review": record.needs_review
                if other_doubt
                else [name for name in record.needs_review if name != "number"],
                "field_sources": {**record.field_sources, "number": "; ".join(filter(None, [other_doubt, note]))},
            }
        )
    if reading.value:
        update["number"] = reading.value + record.number
    elif typed is not None and typed in reading.readings:
        # typed digits read below the confidence threshold, and read the same by one second look
        update["number"] = typed + record.number
        update["field_sources"] = number_noted(
            record, f"{reading.describe()}; OCR's first reading '{typed}' agrees with one: offered for review"
        )
    if "number" not in record.needs_review:
        update["needs_review"] = [*record.needs_review, "number"]
    return record.model_copy(update=update)


def _symbol_unlike_issuer(symbol: str, issuer: str | None) -> str | None:
    """A note when no part of the symbol is the issuer's code ("BC-STTTI" from "Sở Thông tin và
    Truyền thông", STTTT): OCR may have misread a letter, and the digits alone make no number sure."""
    if not issuer:
        return "no issuer read to check the symbol by"
    if symbol_names_body(symbol, issuer):
        return None
    return f"no part of the symbol {symbol} is the issuer's code {compact_key(symbol_code(issuer)).upper()}"


def _typed_digits_confirmed(
    reading: DigitReading,
    typed: str | None,
    symbol: str,
    page: Page,
    pdf_path: str,
    pool: OcrPool,
    image: PageImage | None,
) -> bool:
    """Did every digits-only reading give the digits OCR first read, in the typed label's ink (no
    pen's blue)? Then the digits were print OCR was unsure of, not a hand's."""
    if typed is None or reading.value != typed or reading.votes != len(reading.readings):
        return False
    blank, label = number_blank(page, symbol), number_label(page, symbol)
    if blank is None or label is None:
        return False
    return not pen_check_for(pdf_path, page, image, pool.run)(blank, label)


def reread_header(
    record: DocumentRecord,
    pdf_path: str,
    pool: OcrPool,
    first_image: PageImage | None = None,
    header_page: Page | None = None,
) -> DocumentRecord:
    """The header band read on its own, then the agency column of whichever reading was kept."""
    page = header_page or _header_page(record)
    if page is None or page.method != "ocr":
        return record
    on_image = first_image is not None and page is record.pages[0]
    record, band = reread_header_band(record, pdf_path, pool, first_image if on_image else None, page)
    if band is not None:
        page = band  # the band's words are where the page's are: its top-left corner is the page's
    return reread_agencies(record, pdf_path, pool, first_image if on_image else None, page)


def reread_header_band(
    record: DocumentRecord, pdf_path: str, pool: OcrPool, first_image: PageImage | None, page: Page
) -> tuple[DocumentRecord, Page | None]:
    """A scanned header with a typed field missing or unsure: its band read on its own
    (`header_reread`), cut from `first_image` (else the page is rendered again). The band's page
    when its reading was kept."""
    box = header_band(page) if wants_band_look(record) else None
    if box is None:
        return record, None
    try:
        if first_image is not None:
            crop = first_image.rendered_crop(box)
            band = pool.run(read_band, crop, first_image.scale, page.page, page.width, page.height)
        else:
            band = pool.run(read_band_box, pdf_path, page.page - 1, box, page.width, page.height)
    except Exception as error:
        note = f"second reading of the header band failed: {_one_line(error)}"
        return record.model_copy(update={"field_sources": {**record.field_sources, "header": note}}), None
    taken = take_band(record, band, Path(record.file).name)
    return taken.record, band if taken.agencies_taken else None


def reread_agencies(
    record: DocumentRecord, pdf_path: str, pool: OcrPool, first_image: PageImage | None, page: Page
) -> DocumentRecord:
    """An unsure or missing issuer of a scanned header: its agency column read again on its own
    (`agency_reread`), cut from `first_image` (the image `page`'s words are on; else the page is
    rendered again)."""
    if not wants_column_look(record):
        return record
    box = agency_column_box(page)
    if box is None:
        return record
    try:
        readings = _read_box(pool, first_image, box, read_column_again, read_column_box_again, pdf_path, page)
    except Exception as error:
        note = f"second reading of the agency lines failed: {_one_line(error)}"
        return record.model_copy(update={"field_sources": {**record.field_sources, "issuer": note}})
    return revise_agencies(record, review_agencies(readings, record.superior))


def reread_signer(
    record: DocumentRecord, pdf_path: str, pool: OcrPool, first_image: PageImage | None = None
) -> DocumentRecord:
    """A scanned signer block whose title or name was not read: the column beside "Nơi nhận" read
    again on its own (`signer_reread`), on the last OCR page that has one; the signer stays in review."""
    signer = record.signer
    if signer is not None and signer.name and signer.title:
        return record
    found = next(((p, box) for p in reversed(record.pages) if p.method == "ocr" and (box := signer_box(p))), None)
    if found is None:
        return record
    page, box = found
    on_image = first_image if page is record.pages[0] else None
    try:
        readings = _read_box(pool, on_image, box, read_block_again, read_block_box_again, pdf_path, page)
    except Exception as error:
        note = f"second reading of the signer's column failed: {_one_line(error)}"
        return record.model_copy(update={"field_sources": {**record.field_sources, "signer": note}})
    review = review_signer(signer, readings)
    if review is None:
        return record
    needs_review = record.needs_review if "signer" in record.needs_review else [*record.needs_review, "signer"]
    sources = {**record.field_sources, "signer": review.source}
    return record.model_copy(update={"signer": review.signer, "needs_review": needs_review, "field_sources": sources})


def _read_box(
    pool: OcrPool,
    first_image: PageImage | None,
    box: tuple[float, float, float, float],
    read_crop: Callable[[Image.Image], T],
    read_rendered: Callable[[str, int, tuple[float, float, float, float]], T],
    pdf_path: str,
    page: Page,
) -> T:
    """A second look at `box` of `page`, in the pool: cut from `first_image` (the image the page's
    words are on), else from the page rendered again."""
    if first_image is not None:
        return pool.run(read_crop, first_image.rendered_crop(box))
    return pool.run(read_rendered, pdf_path, page.page - 1, box)


def reread_subject(
    record: DocumentRecord,
    pdf_path: str,
    pool: OcrPool,
    first_image: PageImage | None = None,
    header_page: Page | None = None,
) -> DocumentRecord:
    """The subject of a scanned first page, read again several ways and reconciled (`subject_reread`):
    its lines are cut from `first_image` (else the page is rendered again); where they cannot be
    found again, the language alone judges the one reading."""
    subject = record.subject
    if not subject:
        return record
    page = header_page or _header_page(record)
    if page is None or page.method != "ocr":
        return record
    box = subject_box(page, subject)
    try:
        on_image = first_image if page is record.pages[0] else None
        readings = (
            [] if box is None else _read_box(pool, on_image, box, read_lines_again, read_box_again, pdf_path, page)
        )
    except Exception as error:
        readings = []
        record = record.model_copy(
            update={"field_sources": {**record.field_sources, "subject": f"second reading failed: {_one_line(error)}"}}
        )
    review = review_subject(subject, readings, under_title=record.doc_type not in (None, "CV"))
    stamped = box is not None and under_a_stamp(page, box)
    # the readings vote a misread mark back in ("xuyên." in all of them): cleared as the parse's was
    update: dict[str, object] = {"subject": ocr_marks_cleared(review.subject)}
    notes = [note for note in (record.field_sources.get("subject"), review.source) if note]
    if stamped:
        notes.append("a stamp in colour lay over the subject, painted out before OCR: words under it may be misread")
    if notes:
        update["field_sources"] = {**record.field_sources, "subject": "; ".join(dict.fromkeys(notes))}
    if (review.needs_review or stamped) and "subject" not in record.needs_review:
        update["needs_review"] = [*record.needs_review, "subject"]
    return record.model_copy(update=update)


def _extract_office(
    data: bytes, kind: str, record: DocumentRecord, options: ExtractionOptions, pool: OcrPool
) -> DocumentRecord:
    """A Word attachment (.doc, .docx, RTF, or HTML with a Word name): converted to PDF as Word would
    read it (`office`), its text layer read, the original's identity kept. The converted layer is
    what the file says, so it is not OCRed, except on a page that is a picture (a scan pasted into
    Word, `office_pictures`): that page is OCRed like a scanned PDF page. A file whose pages have
    neither text nor pictures is an error."""
    with tempfile.TemporaryDirectory(prefix="kiemchung-office-") as folder:
        try:
            converted = office_to_pdf(data, kind, Path(folder))
            page_count = count_pages(str(converted.pdf), options.max_pages)
        except BadInput as error:
            return record.model_copy(update={"error": str(error)})
        pdf_data = converted.pdf.read_bytes()
        pages = read_converted_pages(str(converted.pdf), page_count, converted.note)
        reading_pdf: str | None = None
        images: dict[int, PageImage] = {}
        plan = (
            [] if options.force_ocr else plan_picture_pages(str(converted.pdf), pages, converted.docx, options.ocr.dpi)
        )
        unplanned_first = not options.force_ocr and bool(pages) and all(item.index != 0 for item in plan)
        if unplanned_first and first_page_header_is_a_picture(str(converted.pdf), pages[0]):
            plan = [PicturePage(0, None, options.ocr.dpi), *plan]  # a letterhead pasted as a picture
        no_text = judge_text("\n".join(page.text for page in pages)).words < MIN_CONVERTED_WORDS
        if no_text and converted.docx is not None and not plan:
            # Nothing typed and no page that is a picture: what LibreOffice drew from damaged bytes
            # (random data after an OLE header) would only be OCRed into noise. A picture page whose
            # original could not be paired is still read, from the page as converted.
            return record.model_copy(
                update={"error": f"{converted.note.removeprefix('converted from ')}: the file has no text to read"}
            )
        if plan:
            reading_pdf = str(Path(folder) / "reading.pdf")
            plan = write_reading_pdf(str(converted.pdf), plan, Path(reading_pdf))
            pages = _ocr_picture_pages(reading_pdf, pages, plan, converted.note, options, pool, images)
        if judge_text("\n".join(page.text for page in pages)).words < MIN_CONVERTED_WORDS:
            return record.model_copy(
                update={"error": f"{converted.note.removeprefix('converted from ')}: the file has no text to read"}
            )
        record = record.model_copy(update={"pages": pages, "page_count": page_count})
        failed = [p.page for p in pages if p.method == "ocr" and "OCR failed" in p.reason]
        if failed:
            record = record.model_copy(update={"error": f"OCR failed on page(s) {', '.join(map(str, failed))}"})
        return _add_fields_and_tags(record, pdf_data, options, pool, reading_pdf, images.get(0))


def _ocr_picture_pages(
    reading_pdf: str,
    pages: list[Page],
    plan: list[PicturePage],
    note: str,
    options: ExtractionOptions,
    pool: OcrPool,
    images: dict[int, PageImage] | None = None,
) -> list[Page]:
    """OCR the picture pages of a converted Word file concurrently, in the pool that reads scans;
    with `images`, the image of the first page, if a picture, is kept there for the second looks."""
    pages = list(pages)
    with ThreadPoolExecutor(max_workers=options.worker_count) as threads:
        futures = {}
        for item in plan:
            source = item.picture.describe() if item.picture else "page as converted"
            reason = f"{note}; Word page is a picture: OCRed ({source})"
            settings = replace(options.ocr, dpi=item.dpi)
            kept = images if item.index == 0 else None
            futures[item.index] = (reason, threads.submit(pool.ocr, reading_pdf, item.index, settings, reason, kept))
        for index, (reason, future) in futures.items():
            try:
                pages[index] = future.result()
            except Exception as error:
                pages[index] = _failed_page(index + 1, f"{reason}; OCR failed: {_one_line(error)}")
    return pages


# Fewer words than this in a whole converted file is no document (an image-only or empty file).
MIN_CONVERTED_WORDS = 3


def read_converted_pages(pdf_path: str, page_count: int, note: str) -> list[Page]:
    """The pages of a PDF made from a Word file, from its text layer only."""
    pages = []
    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(pdf_path)
        try:
            for index in range(page_count):
                pdf_page = document[index]
                try:
                    page, _quality = read_text_layer(pdf_page, index + 1)
                finally:
                    pdf_page.close()
                pages.append(page.model_copy(update={"method": "converted", "reason": f"{note}; {page.reason}"}))
        finally:
            document.close()
    return pages


_long_lived_frozen = False


def freeze_long_lived_objects() -> None:
    """Once per process, after its first file: what is alive then (spaCy, underthesea, the lexicon,
    the gazetteer, compiled matchers) lives as long as the process, so it is set aside from the
    cyclic garbage collector (`gc.freeze`). Before, every full collection that a file's words and
    lines triggered walked all of it again: 12 % of a born-digital page's CPU. Objects are still
    freed when their last reference goes; only cycles among the frozen ones would stay, so what is
    garbage already is collected first."""
    global _long_lived_frozen
    if not _long_lived_frozen:
        _long_lived_frozen = True
        gc.collect()
        gc.freeze()


def extract_file(
    path: Path | str, options: ExtractionOptions | None = None, pool: OcrPool | None = None
) -> DocumentRecord:
    """Extract one file from disk. Never raises for a bad file: the record carries `error`."""
    options = options or ExtractionOptions()
    own_pool = pool is None
    pool = pool or OcrPool(options.worker_count)
    file = str(path)
    try:
        try:
            size = Path(path).stat().st_size
            if size > options.max_file_bytes:
                return DocumentRecord(
                    file=file,
                    sha256="",
                    extractor_version=EXTRACTOR_VERSION,
                    error=f"file too large: {size} bytes (limit {options.max_file_bytes})",
                )
            data = open_regular(path, options.max_file_bytes)
        except BadInput as error:
            return DocumentRecord(file=file, sha256="", extractor_version=EXTRACTOR_VERSION, error=str(error))
        except OSError as error:
            return DocumentRecord(
                file=file,
                sha256="",
                extractor_version=EXTRACTOR_VERSION,
                error=f"cannot read file: {error.strerror or _one_line(error)}",
            )
        try:
            return extract_pdf_path(str(path), file, data, options, pool)
        except Exception as error:  # the last line of defence: one file never stops the run
            return DocumentRecord(
                file=file,
                sha256=hashlib.sha256(data).hexdigest(),
                extractor_version=EXTRACTOR_VERSION,
                error=f"extraction failed: {_one_line(error)}",
            )
    finally:
        if own_pool:
            pool.close()
        freeze_long_lived_objects()


def extract_bytes(
    data: bytes, file: str, options: ExtractionOptions | None = None, pool: OcrPool | None = None
) -> DocumentRecord:
    """Extract from bytes (a download): spilled to a temporary file so OCR workers can open it. The
    file keeps its name's Word suffix, so a web page published as `.doc` is read as Word would."""
    suffix = Path(file).suffix.lower() if Path(file).suffix.lower() in OFFICE_SUFFIXES else ".pdf"
    with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
        handle.write(data)
        handle.flush()
        record = extract_file(handle.name, options, pool)
    return record.model_copy(update={"file": file})


def extract_files(
    paths: Sequence[Path | str],
    options: ExtractionOptions | None = None,
    cache: RecordCache | None = None,
    on_record: Callable[[DocumentRecord], None] | None = None,
    failures: RecordCache | None = None,
) -> list[DocumentRecord]:
    """Extract many files, in input order, each in a reading worker under `options.budget`
    (`extractors.budget`): a file over budget becomes one error record and the run goes on.
    Files already in `cache` for this extractor version are not read again, nor files that
    `failures` (default: `cache`) remembers as over budget, unless `options.retry_failed`.
    Several files are read at once so that small scans keep every core busy."""
    options = options or ExtractionOptions()
    failures = cache if failures is None else failures
    reader = shared_reader(options.budget)
    stores = [store for store in (cache, failures) if store is not None]

    def one(path: Path | str) -> DocumentRecord:
        refusal = input_refusal(path)
        if refusal is not None:
            return DocumentRecord(file=str(path), sha256="", extractor_version=EXTRACTOR_VERSION, error=refusal)
        digest = ""
        if stores:
            try:
                digest = _sha256_of_file(Path(path))
            except OSError:
                digest = ""
        for store in stores if digest else []:
            known = store.get(digest, EXTRACTOR_VERSION)
            if known is not None and (known.error is None or (is_over_budget(known) and not options.retry_failed)):
                return known.model_copy(update={"file": str(path)})
        record = reader.read(path, options, digest)
        if record.error is None and cache is not None:
            cache.put(record)
        elif is_over_budget(record) and failures is not None and digest:
            failures.put(record.model_copy(update={"sha256": digest}))
        return record

    threads = ThreadPoolExecutor(max_workers=options.worker_count)
    try:
        futures = [threads.submit(one, path) for path in paths]
        records: list[DocumentRecord] = []
        for future in futures:
            record = future.result()
            records.append(record)
            if on_record is not None:
                on_record(record)
        return records
    except BaseException:  # SIGTERM, ^C: the workers go now, so the waiting threads return at once
        close_readers()
        raise
    finally:
        threads.shutdown(wait=True, cancel_futures=True)


def _sha256_of_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


_READABLE_SUFFIXES = {".pdf", ".doc", ".docx", ".rtf", *PICTURE_SUFFIXES}


def iter_pdf_paths(inputs: Iterable[Path | str]) -> list[Path]:
    """Files as given, folders expanded to the PDFs (and Office files) inside them, sorted. What is
    not a regular file is kept, to be refused with its line (`input_checks.input_refusal`); a
    symbolic link to a file elsewhere in the same given folder is replaced by that file."""
    found: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            root = path.resolve()
            entries = (p for p in path.rglob("*") if p.suffix.lower() in _READABLE_SUFFIXES and not p.is_dir())
            found.extend(sorted(_within(entry, root) for entry in entries))
        else:
            found.append(path)
    return found


def _within(entry: Path, root: Path) -> Path:
    """`entry` without its symbolic links when they lead to a place inside `root`."""
    try:
        real = entry.resolve()
    except (OSError, RuntimeError):  # a link loop
        return entry
    return real if real != Path(os.path.abspath(entry)) and real.is_relative_to(root) else entry
