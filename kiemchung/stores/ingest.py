"""Ingest: archive → extract → index, in the order that makes an interrupted run safe to repeat.

Per file: the original goes into the archive first (atomic, by sha256), then the extraction record
is stored beside it, then the record is indexed (ids from sha256, so indexing twice is harmless).
A re-run finds the original and the record already archived for this extractor version and only
indexes: no extraction work, no duplicate, no document lost wherever the previous run stopped.
Given the home's `SeenFiles`, a file unchanged since it was last indexed here (path, size, mtime,
inode) is not even read: no hashing, no indexing (`kiemchung ingest --verify` checks everything).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal

from pydantic import Field

from core.models import DocumentRecord, Model
from extractors import EXTRACTOR_VERSION
from kiemchung.archive import Archive, ArchiveError
from kiemchung.stores.base import EvidenceStore, IndexReport
from kiemchung.stores.seen_files import FileIdentity, SeenFiles

FileExtractor = Callable[[Path], DocumentRecord]
# Extracts many files, calling back with each record in input order as soon as it is done.
BatchExtractor = Callable[[list[Path], Callable[[DocumentRecord], None]], object]
INDEX_BATCH = 20


class IngestOutcome(Model):
    file: str
    sha256: str | None = None
    status: Literal["extracted", "unchanged", "failed"]
    error: str | None = None


class IngestSummary(Model):
    extracted: int = 0
    unchanged: int = 0
    failed: int = 0
    read: int = 0  # files whose bytes were read and hashed (unchanged files known to `SeenFiles` are not)
    index: IndexReport = Field(default_factory=IndexReport)


def load_file_extractor(spec: str) -> FileExtractor:
    """ "package.module:function" → that function (how a test injects a stub into a subprocess)."""
    module_name, _, function_name = spec.partition(":")
    if not module_name or not function_name:
        raise ValueError(f"an extractor is named module:function, not {spec!r}")
    try:
        function = getattr(importlib.import_module(module_name), function_name)
    except (ImportError, AttributeError) as error:
        raise ValueError(f"cannot load the extractor {spec}: {error}") from error
    if not callable(function):
        raise ValueError(f"{spec} is not a function")
    return function


def per_file(extract: FileExtractor) -> BatchExtractor:
    def extract_all(paths: list[Path], on_record: Callable[[DocumentRecord], None]) -> None:
        for path in paths:
            try:
                record = extract(path)
            except Exception as error:  # one bad file never stops the run: it is reported and retried
                record = DocumentRecord(file=str(path), sha256="", error=f"extraction failed: {error}")
            on_record(record)

    return extract_all


def pipeline_extractor() -> BatchExtractor:
    """The real extraction pipeline: several files at once over one shared OCR pool."""
    from extractors.pipeline import extract_files

    def extract_all(paths: list[Path], on_record: Callable[[DocumentRecord], None]) -> None:
        extract_files(paths, on_record=on_record)

    return extract_all


def ingest_paths(
    paths: Sequence[Path],
    archive: Archive,
    store: EvidenceStore,
    *,
    extract: BatchExtractor | None = None,
    on_outcome: Callable[[IngestOutcome], None] | None = None,
    flow_run_id: str | None = None,
    seen: SeenFiles | None = None,
    verify: bool = False,
) -> IngestSummary:
    """With `seen`, skip files unchanged since they were indexed here, and remember the others once
    indexed; with `verify` too, read every file anyway (and remember what was found)."""
    summary = IngestSummary()
    pending: list[DocumentRecord] = []
    pending_files: list[tuple[FileIdentity, str]] = []  # what to remember once indexed
    identities: dict[Path, FileIdentity | None] = {}

    def report(outcome: IngestOutcome) -> None:
        setattr(summary, outcome.status, getattr(summary, outcome.status) + 1)
        if on_outcome is not None:
            on_outcome(outcome)

    def flush() -> None:
        if pending:
            result = store.index_documents(pending)
            summary.index = _add(summary.index, result)
            pending.clear()
            if seen is not None:
                indexed = [(i, sha) for i, sha in pending_files if not any(e.id.startswith(sha) for e in result.errors)]
                seen.remember(indexed, EXTRACTOR_VERSION, store.name)
            pending_files.clear()

    def index_later(record: DocumentRecord, path: Path) -> None:
        pending.append(record)
        if (identity := identities.get(path)) is not None:
            pending_files.append((identity, record.sha256))
        if len(pending) >= INDEX_BATCH:
            flush()

    to_extract: list[Path] = []
    sha_by_path: dict[Path, str] = {}
    for path in paths:
        if seen is not None:
            identity = identities[path] = FileIdentity.of(path)  # before reading: an edit during it shows next time
            known = seen.unchanged(identity, EXTRACTOR_VERSION, store.name) if identity and not verify else None
            if known is not None:
                report(IngestOutcome(file=str(path), sha256=known, status="unchanged"))
                continue
        try:
            summary.read += 1
            added = archive.add_file(path, flow_run_id=flow_run_id)
        except ArchiveError as error:
            report(IngestOutcome(file=str(path), status="failed", error=str(error)))
            continue
        sha_by_path[path] = added.sha256
        archived = archive.get_record(added.sha256, EXTRACTOR_VERSION)
        if archived is None:
            to_extract.append(path)
        else:
            index_later(archived, path)
            report(IngestOutcome(file=str(path), sha256=added.sha256, status="unchanged"))

    remaining = iter(to_extract)

    def on_record(record: DocumentRecord) -> None:
        path = next(remaining)
        sha256 = sha_by_path[path]
        if record.error is not None or not record.pages:
            report(IngestOutcome(file=str(path), sha256=sha256, status="failed", error=record.error or "no pages"))
            return
        record = record.model_copy(
            update={"sha256": sha256, "extractor_version": record.extractor_version or EXTRACTOR_VERSION}
        )
        archive.put_record(record)
        index_later(record, path)
        report(IngestOutcome(file=str(path), sha256=sha256, status="extracted"))

    if to_extract:
        (extract or pipeline_extractor())(to_extract, on_record)
    flush()
    return summary


def _add(total: IndexReport, part: IndexReport) -> IndexReport:
    return IndexReport(
        documents=total.documents + part.documents,
        pages=total.pages + part.pages,
        evidence=total.evidence + part.evidence,
        deleted=total.deleted + part.deleted,
        errors=total.errors + part.errors,
    )
