"""Ingest: archive → extract → index, in the order that makes an interrupted run safe to repeat.

Per file: the original goes into the archive first (atomic, by sha256), then the extraction record
is stored beside it, then the record is indexed (ids from sha256, so indexing twice is harmless).
A re-run finds the original and the record already archived for this extractor version and only
indexes: no extraction work, no duplicate, no document lost wherever the previous run stopped.
Given the home's `SeenFiles`, a file unchanged since it was last indexed here (path, size, mtime,
inode) is not even read: no hashing, no indexing (`kiemchung ingest --verify` checks everything).

The archive first, the index later: given an `Outbox`, a store that cannot be reached (at the start
or in the middle of the run) does not stop the run. Every file is still archived and extracted; what
the index did not take is queued in the outbox, each such file's outcome says `archived, not
indexed`, and the next run that finds the store answering drains the queue (`drained`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from core.models import DocumentRecord, Model
from extractors import EXTRACTOR_VERSION
from kiemchung.archive import Archive, ArchiveError
from kiemchung.stores.base import EvidenceStore, IndexReport
from kiemchung.stores.outbox import DeferredIndex, DrainReport, Outbox
from kiemchung.stores.seen_files import FileIdentity, SeenFiles

if TYPE_CHECKING:
    from extractors.pipeline import ExtractionOptions
    from kiemchung.settings import Settings

FileExtractor = Callable[[Path], DocumentRecord]
# Extracts many files, calling back with each record in input order as soon as it is done.
BatchExtractor = Callable[[list[Path], Callable[[DocumentRecord], None]], object]
INDEX_BATCH = 20


class IngestOutcome(Model):
    file: str
    sha256: str | None = None
    status: Literal["extracted", "unchanged", "failed"]
    error: str | None = None
    # Where the document stands in the index (None for a failed file): `indexed`; `pending`: archived,
    # not indexed (the store could not be reached: queued in the outbox); `refused`: the store refused it.
    index: Literal["indexed", "pending", "refused"] | None = None
    index_error: str | None = None

    @property
    def label(self) -> str:
        """What happened, in the words the command line prints."""
        if self.index == "pending":
            return "archived, not indexed"
        if self.index == "refused":
            return "archived, index refused it"
        return self.status


class IngestSummary(Model):
    extracted: int = 0
    unchanged: int = 0
    failed: int = 0
    read: int = 0  # files whose bytes were read and hashed (unchanged files known to `SeenFiles` are not)
    index: IndexReport = Field(default_factory=IndexReport)
    pending: int = 0  # archived (and extracted), not indexed: queued in the outbox
    index_problem: str | None = None  # why the index could not be reached, in one line
    drained: DrainReport | None = None  # what an earlier run's queue became, when the store answered

    @property
    def all_indexed(self) -> bool:
        return self.pending == 0 and not self.index.errors


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


def pipeline_extractor(options: ExtractionOptions | None = None, settings: Settings | None = None) -> BatchExtractor:
    """The real extraction pipeline, several files at once, each under the reading budget, with the
    deployment's options (`extraction_options`) unless given. Files over budget are remembered in
    the home's cache and not read again until `retry_failed`."""
    from extractors.pipeline import extract_files
    from kiemchung.extraction_cache import DirectoryRecordCache
    from kiemchung.extraction_options import extraction_options
    from kiemchung.settings import get_settings

    settings = settings or get_settings()
    options = options or extraction_options(settings)
    failures = DirectoryRecordCache(settings.cache_dir / "over-budget")

    def extract_all(paths: list[Path], on_record: Callable[[DocumentRecord], None]) -> None:
        extract_files(paths, options, on_record=on_record, failures=failures)

    return extract_all


def ingest_paths(
    paths: Sequence[Path],
    archive: Archive,
    store: EvidenceStore | DeferredIndex,
    *,
    extract: BatchExtractor | None = None,
    on_outcome: Callable[[IngestOutcome], None] | None = None,
    flow_run_id: str | None = None,
    seen: SeenFiles | None = None,
    verify: bool = False,
    outbox: Outbox | None = None,
) -> IngestSummary:
    """With `seen`, skip files unchanged since they were indexed here, and remember the others once
    indexed; with `verify` too, read every file anyway (and remember what was found). With an
    `outbox` (or a `DeferredIndex` holding one), an unreachable store queues instead of failing.
    A file's outcome is reported once its fate in the index is known (after its batch was sent)."""
    index = store if isinstance(store, DeferredIndex) else DeferredIndex.of(store, outbox)
    # People's corrections (web app, audit log) are laid over every record indexed here, so a
    # re-extraction does not undo them; the archive keeps the extraction as it came.
    from kiemchung.web.corrections import CorrectedArchive, corrector_in_home

    corrected = CorrectedArchive(archive, corrector_in_home(archive.home))
    summary = IngestSummary()
    pending: list[tuple[DocumentRecord, IngestOutcome, FileIdentity | None]] = []
    identities: dict[Path, FileIdentity | None] = {}

    def report(outcome: IngestOutcome) -> None:
        setattr(summary, outcome.status, getattr(summary, outcome.status) + 1)
        if outcome.index == "pending":
            summary.pending += 1
        if on_outcome is not None:
            on_outcome(outcome)

    def flush() -> None:
        if not pending:
            return
        result, queued = index.index([corrected.correct(record) for record, _outcome, _identity in pending])
        summary.index = _add(summary.index, result)
        summary.index_problem = index.problem
        refused = {error.id.split(":", 1)[0]: error.reason for error in result.errors}
        indexed: list[tuple[FileIdentity, str]] = []
        for record, outcome, identity in pending:
            if queued:
                outcome = outcome.model_copy(update={"index": "pending", "index_error": index.problem})
            elif record.sha256 in refused:
                outcome = outcome.model_copy(update={"index": "refused", "index_error": refused[record.sha256]})
            else:
                outcome = outcome.model_copy(update={"index": "indexed"})
                if identity is not None:
                    indexed.append((identity, record.sha256))
            report(outcome)
        if seen is not None and indexed:
            seen.remember(indexed, EXTRACTOR_VERSION, index.name)
        pending.clear()

    def index_later(record: DocumentRecord, path: Path, outcome: IngestOutcome) -> None:
        pending.append((record, outcome, identities.get(path)))
        if len(pending) >= INDEX_BATCH:
            flush()

    to_extract: list[Path] = []
    sha_by_path: dict[Path, str] = {}
    from extractors.input_checks import input_refusal

    for path in paths:
        refusal = input_refusal(path)  # a FIFO, a device, a link out of its folder: never opened
        if refusal is not None:
            report(IngestOutcome(file=str(path), status="failed", error=refusal))
            continue
        if seen is not None:
            identity = identities[path] = FileIdentity.of(path)  # before reading: an edit during it shows next time
            known = seen.unchanged(identity, EXTRACTOR_VERSION, index.name) if identity and not verify else None
            if known is not None:
                report(IngestOutcome(file=str(path), sha256=known, status="unchanged", index="indexed"))
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
            index_later(archived, path, IngestOutcome(file=str(path), sha256=added.sha256, status="unchanged"))

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
        index_later(record, path, IngestOutcome(file=str(path), sha256=sha256, status="extracted"))

    if to_extract:
        (extract or pipeline_extractor())(to_extract, on_record)
    flush()
    summary.drained = index.drain(corrected)
    summary.index_problem = index.problem
    return summary


def _add(total: IndexReport, part: IndexReport) -> IndexReport:
    return IndexReport(
        documents=total.documents + part.documents,
        pages=total.pages + part.pages,
        evidence=total.evidence + part.evidence,
        deleted=total.deleted + part.deleted,
        errors=total.errors + part.errors,
    )
