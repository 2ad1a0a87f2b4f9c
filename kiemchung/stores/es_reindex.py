"""Rebuild the Elasticsearch indices from the archive: parallel slices, resumable, catching up.

1. Plan. List the archive (each document's extraction records) and create fresh indices with refresh
   off, beside the live ones. If `HOME/reindex/<prefix>/` holds the checkpoint of a run that died
   and its indices still exist, take them over instead.
2. Fill. Worker processes index chunks of documents (each worker its own client); the parent appends
   every finished chunk's documents to `done.txt` (flushed and fsynced), so a crash costs at most
   the chunks in flight, and a rerun skips what is done.
3. Catch up. Ingest went on writing to the live indices and the archive meanwhile: the archive is
   listed again and whatever is new or was re-extracted since it was indexed goes in too (replacing
   the document's stale items); repeated until a listing brings nothing new.
4. Swap the aliases in one call, list the archive once more and index late arrivals through the
   aliases (an ingest's record is archived before it is indexed, so nothing falls between), delete
   the old indices, then the checkpoint.

A document is identified in the checkpoint by its sha256 and the names of its extraction records:
a new extractor version is a new name, hence work for the catch-up.
"""

from __future__ import annotations

import fcntl
import multiprocessing
import os
import pickle
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from contextlib import contextmanager, suppress
from itertools import islice
from pathlib import Path

from pydantic import BaseModel

from core.models import DocumentRecord
from kiemchung.archive import Archive
from kiemchung.stores.base import IndexReport, SearchTarget, StoreError
from kiemchung.stores.elasticsearch_store import KINDS, ElasticsearchStore, add_reports, api_errors
from kiemchung.stores.es_connection import ElasticsearchConnection
from kiemchung.stores.reindex import ReindexReport
from kiemchung.stores.text import SEGMENTATION_FILE_NAME, remember_segmentations

CHUNK = 100  # documents per unit of work
CATCH_UP_ROUNDS = 5  # listings before the swap; anything later is caught after it
CHECKPOINT_DIR = "reindex"

Listing = dict[str, str]  # sha256 → its extraction records' names ("a.json,b.json")


class Checkpoint(BaseModel):
    indices: dict[SearchTarget, str]
    retired: list[str] = []  # old indices, recorded before the swap, deleted after it


def archive_listing(archive: Archive) -> Listing:
    """Every document that has an extraction record, by the names of its records (the archive's key
    layout `extractions/ab/<sha256>/<version>.json`, listed without reading a record)."""
    names: dict[str, list[str]] = {}
    for key in archive.blobs.keys("extractions/"):
        parts = key.split("/")
        if len(parts) == 4:
            names.setdefault(parts[2], []).append(parts[3])
    return {sha256: ",".join(sorted(files)) for sha256, files in names.items()}


class _CheckpointFiles:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.state = folder / "state.json"
        self.done = folder / "done.txt"

    def load(self) -> tuple[Checkpoint | None, Listing]:
        if not self.state.is_file():
            return None, {}
        try:
            checkpoint = Checkpoint.model_validate_json(self.state.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None, {}
        done: Listing = {}
        if self.done.is_file():
            for line in self.done.read_text(encoding="utf-8").splitlines():
                sha256, _, names = line.partition(" ")
                if len(sha256) == 64 and names:  # a line cut short by a crash is ignored
                    done[sha256] = names
        return checkpoint, done

    def save(self, checkpoint: Checkpoint) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        temp = self.state.with_suffix(".tmp")
        temp.write_text(checkpoint.model_dump_json(), encoding="utf-8")
        os.replace(temp, self.state)

    def start(self, checkpoint: Checkpoint) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.done.unlink(missing_ok=True)
        self.save(checkpoint)

    def append_done(self, entries: Sequence[tuple[str, str]]) -> None:
        with self.done.open("a", encoding="utf-8") as handle:
            handle.writelines(f"{sha256} {names}\n" for sha256, names in entries)
            handle.flush()
            os.fsync(handle.fileno())

    @contextmanager
    def locked(self) -> Iterator[None]:
        """One reindex of a prefix at a time from this home."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with (self.folder.parent / f"{self.folder.name}.lock").open("w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise StoreError(f"another reindex of {self.folder.name!r} is running from this home") from None
            yield

    def remove(self) -> None:
        self.done.unlink(missing_ok=True)
        self.state.unlink(missing_ok=True)
        with suppress(OSError):  # not empty (a stray file): leave it
            self.folder.rmdir()


# --- workers ----------------------------------------------------------------------------------------
class _ChunkWriter:
    """Loads documents' latest records from the archive and writes them; one per worker process (or
    one shared by the threads: the client is thread-safe)."""

    def __init__(self, archive: Archive, connection: ElasticsearchConnection, prefix: str) -> None:
        self.archive = archive
        self.store = ElasticsearchStore(connection, index_prefix=prefix, setup=False)

    def __call__(self, sha256s: list[str], targets: dict[SearchTarget, str], replace: bool) -> IndexReport:
        records: list[DocumentRecord] = [
            record for record in (self.archive.get_record(sha256) for sha256 in sha256s) if record is not None
        ]
        with api_errors(self.store.url):
            return self.store.write_records(records, targets, replace=replace)


_process_writer: _ChunkWriter | None = None


def _start_process(
    archive: Archive, connection: ElasticsearchConnection, prefix: str, segmentations: Path, parent: int
) -> None:
    global _process_writer
    remember_segmentations(segmentations)
    _process_writer = _ChunkWriter(archive, connection, prefix)
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


def _exit_with(parent: int) -> None:
    """A worker whose parent was killed would wait for work forever (it holds its queue's both ends)."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def _write_in_process(sha256s: list[str], targets: dict[SearchTarget, str], replace: bool) -> IndexReport:
    if _process_writer is None:
        raise RuntimeError("reindex worker process not started")
    return _process_writer(sha256s, targets, replace)


class _Workers:
    """`workers` processes (threads if the archive cannot be sent to a process, or for one worker)."""

    def __init__(
        self, workers: int, archive: Archive, connection: ElasticsearchConnection, prefix: str, segmentations: Path
    ) -> None:
        self.count = workers
        self.local: _ChunkWriter | None = None
        self.pool: Executor
        initargs = (archive, connection, prefix)
        if workers > 1 and _picklable(initargs):
            context = multiprocessing.get_context("spawn")  # never fork a process that runs threads
            self.pool = ProcessPoolExecutor(
                workers,
                mp_context=context,
                initializer=_start_process,
                initargs=(*initargs, segmentations, os.getpid()),
            )
        else:
            remember_segmentations(segmentations)
            self.local = _ChunkWriter(*initargs)
            self.pool = ThreadPoolExecutor(workers)

    def submit(self, sha256s: list[str], targets: dict[SearchTarget, str], replace: bool) -> Future[IndexReport]:
        if self.local is not None:
            return self.pool.submit(self.local, sha256s, targets, replace)
        return self.pool.submit(_write_in_process, sha256s, targets, replace)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        if self.local is not None:
            self.local.store.close()


def _picklable(value: object) -> bool:
    try:
        pickle.dumps(value)
    except Exception:  # e.g. an archive backend holding a live connection
        return False
    return True


# --- the run ----------------------------------------------------------------------------------------
def reindex_archive(
    archive: Archive,
    store: ElasticsearchStore,
    home: Path,
    *,
    workers: int = 2,
    chunk_size: int = CHUNK,
    on_chunk: Callable[[list[str]], None] | None = None,
) -> ReindexReport:
    """Rebuild `store`'s indices from `archive` and swap them in; see the module's docstring.
    `on_chunk` gets the sha256s of each chunk once it is written and checkpointed."""
    if workers < 1:
        raise StoreError(f"a reindex needs at least one worker, not {workers}")
    if chunk_size < 1:
        raise StoreError(f"a reindex chunk holds at least one document, not {chunk_size}")
    files = _CheckpointFiles(home / CHECKPOINT_DIR / store.prefix)
    report = ReindexReport(workers=workers)
    with files.locked(), api_errors(store.url):
        checkpoint, done = files.load()
        live = {index for indices in store.aliased_indices().values() for index in indices}
        if checkpoint is not None and all(store.client.indices.exists(index=i) for i in checkpoint.indices.values()):
            swapped = set(checkpoint.indices.values()) <= live
            report.resumed = len(done)
        else:
            if checkpoint is not None:  # its indices are partly gone: start over, without its leftovers
                store.delete_indices(set(checkpoint.indices.values()) - live)
            checkpoint, done, swapped = Checkpoint(indices=store.create_fresh_indices()), {}, False
            files.start(checkpoint)
        fresh = checkpoint.indices
        pool = _Workers(workers, archive, store.connection, store.prefix, home / SEGMENTATION_FILE_NAME)
        try:

            def fill(targets: dict[SearchTarget, str], *, replace: bool) -> IndexReport:
                return _fill(pool, chunk_size, archive_listing(archive), done, targets, replace, files, on_chunk)

            if not swapped:
                report = _merge(report, fill(fresh, replace=False))
                store.open_for_search(fresh.values())
                for _ in range(CATCH_UP_ROUNDS):
                    before = report.documents
                    report = _merge(report, fill(fresh, replace=True))
                    store.open_for_search(fresh.values())
                    if report.documents == before:
                        break
                    report.caught_up += report.documents - before
                checkpoint.retired = sorted(live - set(fresh.values()))
                files.save(checkpoint)
                store.swap_aliases(fresh)
            before = report.documents
            report = _merge(report, fill({kind: store.alias(kind) for kind in KINDS}, replace=True))
            report.caught_up += report.documents - before
            store.refresh()
        finally:
            pool.close()
        store.delete_indices(checkpoint.retired)
        files.remove()
    return report


def _merge(report: ReindexReport, part: IndexReport) -> ReindexReport:
    total = add_reports(report, part)
    return report.model_copy(update=total.model_dump())


def _fill(
    pool: _Workers,
    chunk_size: int,
    listing: Listing,
    done: Listing,
    targets: dict[SearchTarget, str],
    replace: bool,
    files: _CheckpointFiles,
    on_chunk: Callable[[list[str]], None] | None,
) -> IndexReport:
    """Index every document of `listing` not done in this form, two chunks per worker in flight."""
    todo = iter(sorted(sha256 for sha256, names in listing.items() if done.get(sha256) != names))
    report = IndexReport()
    running: dict[Future[IndexReport], list[str]] = {}

    def submit() -> bool:
        chunk = list(islice(todo, chunk_size))
        if chunk:
            running[pool.submit(chunk, targets, replace)] = chunk
        return bool(chunk)

    while len(running) < 2 * pool.count and submit():
        pass
    while running:
        finished, _ = wait(running, return_when=FIRST_COMPLETED)
        for future in finished:
            chunk = running.pop(future)
            report = add_reports(report, future.result())
            entries = [(sha256, listing[sha256]) for sha256 in chunk]
            files.append_done(entries)
            done.update(entries)
            if on_chunk is not None:
                on_chunk(chunk)
            submit()
    return report
