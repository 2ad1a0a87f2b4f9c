"""Exports: the evidence pack (ZIP of originals + manifest.csv), streamed; the scorecard as XLSX.

The ZIP is written into a sink that hands each finished piece to the response as it is made
(zipfile writes data descriptors when its file object cannot seek), so a pack of hundreds of
originals never sits in memory: at most one read chunk of one original does.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, cast

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from core.models import DocumentRecord
from core.rubric import Scheme
from kiemchung import i18n
from kiemchung.archive import Archive, ArchiveError
from kiemchung.i18n import N_, _
from kiemchung.web.criteria import criterion_name
from kiemchung.web.highlights import evidence_item_id
from kiemchung.web.labels import action_label, doc_type_label
from kiemchung.web.scorecards import ScorecardView

# Column titles are English msgids, written in the reader's language (`manifest_columns()`).
MANIFEST_COLUMNS = [
    N_("Criterion id"), N_("Criterion"), N_("Number and symbol"), N_("Document type"), N_("Date of issue"),
    N_("Issuing agency"), N_("Page"), N_("Quote"), "SHA-256", N_("Source"), N_("File in the pack"),
    N_("Evidence id"), N_("Rule"),
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


def original_name(record: DocumentRecord) -> str:
    """A file name for the original inside the pack: the number (or file name) and a short hash."""
    label = record.number or record.file.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "van-ban"
    safe = _UNSAFE.sub("-", label.replace("/", "-")).strip("-")[:60] or "van-ban"
    return f"originals/{safe}-{record.sha256[:12]}.pdf"


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
            yield [
                item.criterion, criterion_name(scheme, item.criterion), record.number or "",
                doc_type_label(record.doc_type), i18n.date(record.issue_date) if record.issue_date else "",
                record.issuer or "", str(item.page),
                item.quote, record.sha256, document.source_url, original_name(record),
                evidence_item_id(record.sha256, item), item.rule,
            ]  # fmt: skip


def evidence_pack(archive: Archive, records: Iterable[DocumentRecord], scheme: Scheme) -> Iterator[bytes]:
    """The ZIP, piece by piece: each original as it is read, then manifest.csv."""
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
            with pack.open(original_name(record), mode="w", force_zip64=True) as entry:
                if path is not None:
                    with path.open("rb") as original:
                        while chunk := original.read(_CHUNK):
                            entry.write(chunk)
                            yield sink.drain()
                else:
                    entry.write(archive.read_original(record.sha256))
            yield sink.drain()
            packed.append(PackedDocument(record=record, source_url=_source_url(archive, record.sha256)))
        manifest = io.StringIO()
        writer = csv.writer(manifest, lineterminator="\r\n")
        writer.writerow(manifest_columns())
        writer.writerows(manifest_rows(packed, scheme))
        pack.writestr("manifest.csv", "\ufeff" + manifest.getvalue())  # BOM: Excel opens it as UTF-8
    yield sink.drain()


XLSX_COLUMNS = [
    N_("Criterion id"), N_("Criterion"), N_("Maximum points"), N_("Proposed points"), N_("Explanation"),
    N_("Evidence ids"), N_("Missing"), N_("Points decided"), N_("Decision"), N_("Reason"), N_("Decided by"),
    N_("Time (Vietnam)"),
]  # fmt: skip


def scorecard_xlsx(view: ScorecardView) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Scorecard"))
    bold = Font(bold=True)

    def heading(text: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        return cell

    sheet.append([heading(_("Unit")), f"{view.unit_name} ({view.unit})"])
    sheet.append([heading(_("Year")), view.year])
    sheet.append([heading(_("Scheme")), f"{view.scheme.name} — {view.scheme.scheme} {view.scheme.version}"])
    sheet.append([heading(_("Total after appraisal")), view.total_in_force, heading(_("Total proposed")),
                  view.proposed_total, heading(_("Scheme maximum")), view.scheme_max])  # fmt: skip
    sheet.append([heading(_("Scored here from documents")), view.max_total, heading(_("Scored elsewhere")),
                  view.not_scored_here, heading(_("Rating")), view.band.name if view.band else ""])  # fmt: skip
    sheet.append([])
    sheet.append([heading(_(title)) for title in XLSX_COLUMNS])
    for row in view.rows:
        proposal, decision = row.proposal, row.decision
        sheet.append([
            row.criterion.id, row.criterion.name, row.criterion.max_points,
            proposal.points if proposal else None, proposal.explanation if proposal else "",
            "\n".join(row.evidence_ids), "\n".join(proposal.missing) if proposal else "",
            row.points_in_force if row.scored else None,
            action_label(decision.action) if decision else "", decision.reason if decision else "",
            decision.user if decision else "", i18n.datetime(decision.at) if decision else "",
        ])  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
