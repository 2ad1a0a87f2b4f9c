"""Exports: the evidence pack (ZIP of originals + manifest.csv), streamed; the scorecard as XLSX.

The ZIP is written into a sink that hands each finished piece to the response as it is made
(zipfile writes data descriptors when its file object cannot seek), so a pack of hundreds of
originals never sits in memory: at most one read chunk of one original does. Every original is
re-hashed on its way in; one that no longer matches its sha256 is left out and marked in the manifest.

Spreadsheets are safe to open: a text cell that starts like a formula is neutralised (`safe_text`).
The scorecard workbook has a summary sheet and one sheet per area, readable as printed (widths,
wrapping, frozen header, evidence as document numbers with pages, links to the trace).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO, cast
from urllib.parse import urlencode

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core.models import DocumentRecord
from core.rubric import Criterion, Scheme
from extractors.input_checks import OFFICE_SUFFIXES, PICTURE_SUFFIXES
from kiemchung import i18n
from kiemchung.archive import Archive, ArchiveError
from kiemchung.i18n import N_, _
from kiemchung.web.criteria import criterion_name
from kiemchung.web.highlights import evidence_item_id
from kiemchung.web.labels import action_label, doc_type_label
from kiemchung.web.originals import verify_original
from kiemchung.web.scorecards import ScorecardView, ScoreRow

# Column titles are English msgids, written in the reader's language (`manifest_columns()`).
MANIFEST_COLUMNS = [
    N_("Criterion id"), N_("Criterion"), N_("Number and symbol"), N_("Document type"), N_("Date of issue"),
    N_("Issuing agency"), N_("Page"), N_("Quote"), "SHA-256", N_("Source"), N_("File in the pack"),
    N_("Evidence id"), N_("Rule"), N_("Hash check"),
]  # fmt: skip
_CHUNK = 1 << 20
_UNSAFE = re.compile(r"[^0-9A-Za-z._-]+")


class _StreamSink:
    """A write-only, non-seekable file object whose written bytes are collected until `drain`."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []
        self._position = 0

    def write(self, data: bytes) -> int:
        self._chunks.append(bytes(data))
        self._position += len(data)
        return len(data)

    def tell(self) -> int:
        return self._position

    def flush(self) -> None:
        return None

    def drain(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


@dataclass(frozen=True)
class PackedDocument:
    record: DocumentRecord
    source_url: str
    intact: bool = True  # re-hashed to its sha256 when packed; False: left out of the pack
    check: str = ""  # what the re-hash found, in words


def original_name(record: DocumentRecord) -> str:
    """A file name for the original inside the pack: the number (or file name) and a short hash."""
    label = record.number or record.file.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "van-ban"
    safe = _UNSAFE.sub("-", label.replace("/", "-")).strip("-")[:60] or "van-ban"
    suffix = PurePosixPath(record.file.replace("\\", "/")).suffix.lower()
    return f"originals/{safe}-{record.sha256[:12]}{suffix if suffix in _ORIGINAL_SUFFIXES else '.pdf'}"


# Originals keep their kind's suffix in a pack (a Word file or a scan published as a picture).
_ORIGINAL_SUFFIXES = frozenset({".pdf", *OFFICE_SUFFIXES, *PICTURE_SUFFIXES, ".gif"})


def _source_url(archive: Archive, sha256: str) -> str:
    try:
        sources = archive.provenance(sha256)
    except ArchiveError:
        return ""
    urls = [p.source for p in sources if p.kind == "url"]
    return urls[0] if urls else (sources[0].source if sources else "")


def manifest_columns() -> list[str]:
    return [_(title) for title in MANIFEST_COLUMNS]


def manifest_rows(documents: Iterable[PackedDocument], scheme: Scheme) -> Iterator[list[str]]:
    for document in documents:
        record = document.record
        for item in sorted(record.evidence, key=lambda e: (e.criterion, e.page, e.start)):
            yield [safe_text(value) for value in (
                item.criterion, criterion_name(scheme, item.criterion), record.number or "",
                doc_type_label(record.doc_type), i18n.date(record.issue_date) if record.issue_date else "",
                record.issuer or "", str(item.page),
                item.quote, record.sha256, document.source_url, original_name(record) if document.intact else "",
                evidence_item_id(record.sha256, item), item.rule, document.check,
            )]  # fmt: skip


def evidence_pack(archive: Archive, records: Iterable[DocumentRecord], scheme: Scheme) -> Iterator[bytes]:
    """The ZIP, piece by piece: each original as it is read, then manifest.csv.

    Every original is re-hashed before it goes in: one that no longer hashes to its sha256 is left
    out, and the manifest says so on its rows. The bytes copied are hashed too; should the file
    change while it is packed, the manifest marks it as not to be trusted."""
    sink = _StreamSink()
    packed: list[PackedDocument] = []
    writable = cast(IO[bytes], sink)  # write/tell/flush is all zipfile uses of an unseekable file
    with zipfile.ZipFile(writable, mode="w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as pack:
        for record in records:
            if not record.evidence:
                continue
            path = archive.original_path(record.sha256)
            if path is None and not archive.has_original(record.sha256):
                continue  # the manifest must not promise a file the pack does not hold
            source_url = _source_url(archive, record.sha256)
            before = verify_original(archive, record.sha256)
            if not before.ok:
                packed.append(PackedDocument(record=record, source_url=source_url, intact=False,
                                             check=_("does NOT match: left out of the pack")))  # fmt: skip
                continue
            digest = hashlib.sha256()
            with pack.open(original_name(record), mode="w", force_zip64=True) as entry:
                if path is not None:
                    with path.open("rb") as original:
                        while chunk := original.read(_CHUNK):
                            digest.update(chunk)
                            entry.write(chunk)
                            yield sink.drain()
                else:
                    data = archive.read_original(record.sha256)
                    digest.update(data)
                    entry.write(data)
            yield sink.drain()
            check = _("matches") if digest.hexdigest() == record.sha256 else _("CHANGED while packed: do not trust")
            packed.append(PackedDocument(record=record, source_url=source_url, check=check))
        manifest = io.StringIO()
        writer = csv.writer(manifest, lineterminator="\r\n")
        writer.writerow(manifest_columns())
        writer.writerows(manifest_rows(packed, scheme))
        pack.writestr("manifest.csv", "\ufeff" + manifest.getvalue())  # BOM: Excel opens it as UTF-8
    yield sink.drain()


# ── spreadsheet safety ──────────────────────────────────────────────────────────────────────────

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    """A cell text no spreadsheet runs: one that starts like a formula (`=`, `+`, `-`, `@`, tab, CR)
    gets a leading apostrophe (OWASP's advice for CSV injection); characters XLSX cannot hold go."""
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


# ── the scorecard workbook ──────────────────────────────────────────────────────────────────────

XLSX_COLUMNS = [
    N_("Criterion id"), N_("Criterion"), N_("Maximum points"), N_("Proposed points"), N_("Explanation"),
    N_("Evidence documents"), N_("Missing"), N_("Points decided"), N_("Decision"), N_("Reason"), N_("Decided by"),
    N_("Time (Vietnam)"), N_("Trace"),
]  # fmt: skip
_WIDTHS = [11, 42, 9, 10, 60, 30, 40, 10, 12, 40, 14, 19, 12]
_WRAPPED = {1, 4, 5, 6, 9}  # columns of long text (0-based)
_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
_BOLD = Font(bold=True)
_TOP = Alignment(vertical="top")
_TOP_WRAPPED = Alignment(vertical="top", wrap_text=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")


def _cell_value(value: object) -> object:
    return safe_text(value) if isinstance(value, str) else value


def _sheet_title(area: Criterion, taken: set[str]) -> str:
    base = _SHEET_NAME.sub("-", f"{area.id}. {i18n.named(area)}")[:31].strip() or area.id
    title, n = base, 2
    while title.casefold() in taken:
        title = f"{base[:28]} {n}"
        n += 1
    taken.add(title.casefold())
    return title


def _page_of(evidence_id: str) -> int | None:
    """ "<sha256>:e00003.000120.<digest>" → 3."""
    match = re.search(r":e(\d+)\.", evidence_id)
    return int(match.group(1)) if match else None


def evidence_documents(row: ScoreRow) -> str:
    """The evidence as people cite it: document numbers with pages, one document a line."""
    if row.proposal is None:
        return ""
    numbers = {document.sha256: document.number for document in row.proposal.documents}
    pages: dict[str, list[int]] = {}
    for evidence_id in row.evidence_ids:
        sha256 = evidence_id.split(":", 1)[0]
        page = _page_of(evidence_id)
        pages.setdefault(sha256, [])
        if page is not None and page not in pages[sha256]:
            pages[sha256].append(page)
    lines = []
    for sha256, found in pages.items():
        label = numbers.get(sha256) or _("no number ({sha})").format(sha=sha256[:12])
        where = ", ".join(str(page) for page in sorted(found))
        lines.append(_("{number}, page {pages}").format(number=label, pages=where) if where else label)
    return "\n".join(lines)


def _header(sheet: Worksheet, titles: list[str], widths: list[int]) -> None:
    sheet.append([_(title) for title in titles])
    for index, cell in enumerate(sheet[sheet.max_row], start=0):
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.alignment = _TOP_WRAPPED
        sheet.column_dimensions[get_column_letter(index + 1)].width = widths[index]


def _criterion_row(sheet: Worksheet, view: ScorecardView, row: ScoreRow, base_url: str) -> None:
    proposal, decision = row.proposal, row.decision
    values: list[object] = [
        row.criterion.id, i18n.named(row.criterion), row.criterion.max_points,
        proposal.points if proposal else None, proposal.explanation if proposal else "",
        evidence_documents(row), "\n".join(proposal.missing) if proposal else "",
        row.points_in_force if row.scored else None,
        action_label(decision.action) if decision else "", decision.reason if decision else "",
        decision.user if decision else "", i18n.datetime(decision.at) if decision else "", _("Trace"),
    ]  # fmt: skip
    sheet.append([_cell_value(value) for value in values])
    cells = sheet[sheet.max_row]
    for index, cell in enumerate(cells):
        cell.alignment = _TOP_WRAPPED if index in _WRAPPED else _TOP
        if not row.scored and index < 2:
            cell.font = _BOLD
    link = cells[-1]
    query = urlencode({"unit": view.unit, "year": view.year, "criterion": row.criterion.id})
    link.hyperlink = f"{base_url}/trace?{query}"
    link.style = "Hyperlink"


def scorecard_xlsx(view: ScorecardView, base_url: str = "") -> bytes:
    """A summary sheet (unit, totals out of the scheme's maximum, the band, area subtotals), then one
    sheet per area: frozen header, set widths, wrapped text, evidence as document numbers and pages,
    and a link to each criterion's trace (`base_url`: the app's address, for links that work from
    the file). Every text cell is neutralised (`safe_text`)."""
    workbook = Workbook()
    summary = cast(Worksheet, workbook.active)
    summary.title = _("Summary")
    facts: list[tuple[str, object]] = [
        (_("Unit"), f"{view.unit_name} ({view.unit})"),
        (_("Year"), view.year),
        (_("Scheme"), f"{i18n.named(view.scheme)} — {view.scheme.scheme} {view.scheme.version}"),
        (_("Total after appraisal"), view.total_in_force),
        (_("Total proposed"), view.proposed_total),
        (_("Scheme maximum"), view.scheme_max),
        (_("Scored here from documents"), view.max_total),
        (_("Scored elsewhere"), view.not_scored_here),
        (_("Rating"), i18n.named(view.band) if view.band else ""),
    ]
    for label, value in facts:
        summary.append([_cell_value(label), _cell_value(value)])
        summary.cell(summary.max_row, 1).font = _BOLD
    summary.append([])
    area_titles = [N_("Area"), N_("Criterion"), N_("Points after appraisal"), N_("Proposed points"),
                   N_("Maximum scored here"), N_("Area maximum"), N_("Sheet")]  # fmt: skip
    _header(summary, area_titles, [28, 50, 14, 14, 14, 14, 30])
    summary.column_dimensions["A"].width = 28
    taken: set[str] = {summary.title.casefold()}
    for area, subtotal in view.areas:
        title = _sheet_title(area, taken)
        summary.append([_cell_value(v) for v in (area.id, i18n.named(area), subtotal.in_force, subtotal.proposed,
                                                  subtotal.listed_max, subtotal.max_points, title)])  # fmt: skip
        link = summary.cell(summary.max_row, 7)
        link.hyperlink = f"#'{title}'!A1"
        link.style = "Hyperlink"
        sheet = workbook.create_sheet(title)
        _header(sheet, XLSX_COLUMNS, _WIDTHS)
        sheet.freeze_panes = "C2"  # the header row and the criterion's id and name stay in view
        ids = {node.id for node in _descendants(area)}
        for row in view.rows:
            if row.criterion.id in ids:
                _criterion_row(sheet, view, row, base_url)
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(XLSX_COLUMNS))}{sheet.max_row}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _descendants(node: Criterion) -> list[Criterion]:
    found = [node]
    for child in node.criteria:
        found.extend(_descendants(child))
    return found
