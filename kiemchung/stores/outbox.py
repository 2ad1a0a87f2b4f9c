"""The index's outbox: what is archived but could not reach the index yet — the archive first, the index later.

When the store cannot be reached (Elasticsearch stopped, frozen, unreachable), ingest still archives
and extracts every file and writes here what the index still owes: `index` a document (its latest
record, read from the archive when the entry is carried out) or `remove` one (a version superseded
by a newer file at the same URL). `kiemchung ingest`, `reindex`, `repair` and the flows drain it
once the store answers.

A SQLite file in the home (`outbox.sqlite`): WAL, synchronous commits, one transaction per change,
so a killed process loses nothing it was told was queued. One row per (store, document): the latest
intent wins; each change bumps the row's `version`, and an entry is removed only if it was not
changed while it was being carried out (two drains at once do each thing at least once, and ids
from sha256 make doing it twice harmless).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Literal

from pydantic import Field

from core.models import DocumentRecord, Model
from kiemchung.archive import Archive
from kiemchung.stores.base import EvidenceStore, IndexReport, StoreError

OutboxOp = Literal["index", "remove"]
FILE_NAME = "outbox.sqlite"
# Exit code of ingest, crawl, reindex and repair when everything is archived but the index still owes
# some of it (0: all indexed; 1: something failed; 2: bad input or settings).
INDEX_PENDING_EXIT = 3
DRAIN_BATCH = 50


class OutboxEntry(Model):
    sha256: str
    op: OutboxOp
    reason: str | None = None
    queued_at: str
    attempts: int = 0
    version: int = 1


class DrainReport(Model):
    indexed: int = 0
    removed: int = 0
    left: int = 0  # still queued (the store went away again, or an item was refused)
    problems: list[str] = Field(default_factory=list)  # one line each


def store_key(store: EvidenceStore) -> str:
    """Which index an entry is owed to: `sqlite`, or `elasticsearch:<index prefix>`."""
    prefix = getattr(store, "prefix", None)
    return f"{store.name}:{prefix}" if prefix else store.name


def store_key_for(elasticsearch_url: str | None, index_prefix: str) -> str:
    """`store_key` of the store the settings name, without opening it."""
    return f"elasticsearch:{index_prefix}" if elasticsearch_url else "sqlite"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Outbox:
    """Thread-safe: each operation opens its own connection."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=60, isolation_level=None)) as db:
            db.execute("PRAGMA journal_mode=WAL")
        with self._connect() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS entries ("
                " store TEXT NOT NULL, sha256 TEXT NOT NULL, op TEXT NOT NULL, reason TEXT,"
                " queued_at TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,"
                " version INTEGER NOT NULL DEFAULT 1, PRIMARY KEY (store, sha256))"
            )

    @classmethod
    def in_home(cls, home: Path) -> Outbox:
        return cls(home / FILE_NAME)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        with closing(sqlite3.connect(self.path, timeout=60, isolation_level=None)) as db:
            db.execute("PRAGMA synchronous=FULL")
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def put(self, store: str, sha256s: Iterable[str], op: OutboxOp, reason: str | None = None) -> None:
        rows = [(store, sha256, op, reason, _now()) for sha256 in dict.fromkeys(sha256s)]
        if not rows:
            return
        with self._connect() as db:
            db.executemany(
                "INSERT INTO entries (store, sha256, op, reason, queued_at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (store, sha256) DO UPDATE SET op = excluded.op, reason = excluded.reason,"
                " queued_at = excluded.queued_at, version = entries.version + 1",
                rows,
            )

    def entries(self, store: str) -> list[OutboxEntry]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT sha256, op, reason, queued_at, attempts, version FROM entries WHERE store = ?"
                " ORDER BY queued_at, sha256",
                (store,),
            ).fetchall()
        return [
            OutboxEntry(sha256=r[0], op=r[1], reason=r[2], queued_at=r[3], attempts=r[4], version=r[5]) for r in rows
        ]

    def count(self, store: str) -> int:
        if not self.path.exists():
            return 0
        with self._connect() as db:
            return int(db.execute("SELECT count(*) FROM entries WHERE store = ?", (store,)).fetchone()[0])

    def pending(self, store: str) -> set[str]:
        """Documents the index still owes an `index` to."""
        return {entry.sha256 for entry in self.entries(store) if entry.op == "index"}

    def done(self, store: str, entries: Iterable[OutboxEntry]) -> None:
        """Remove carried-out entries, unless they were changed meanwhile."""
        with self._connect() as db:
            db.executemany(
                "DELETE FROM entries WHERE store = ? AND sha256 = ? AND version = ?",
                [(store, entry.sha256, entry.version) for entry in entries],
            )

    def tried(self, store: str, entries: Iterable[OutboxEntry], reason: str) -> None:
        with self._connect() as db:
            db.executemany(
                "UPDATE entries SET attempts = attempts + 1, reason = ? WHERE store = ? AND sha256 = ?",
                [(reason, store, entry.sha256) for entry in entries],
            )

    def drain(self, archive: Archive, store: EvidenceStore, *, batch: int = DRAIN_BATCH) -> DrainReport:
        """Carry out what is queued for `store`. A store that fails again raises `StoreError` after
        recording the attempt; what was done before stays done."""
        key = store_key(store)
        report = DrainReport()
        entries = self.entries(key)
        removals = [entry for entry in entries if entry.op == "remove"]
        additions = [entry for entry in entries if entry.op == "index"]
        for start in range(0, len(additions), batch):
            part = additions[start : start + batch]
            records: list[DocumentRecord] = []
            carried: list[OutboxEntry] = []
            for entry in part:
                record = archive.get_record(entry.sha256)
                if record is None:
                    # Nothing to index: `kiemchung repair` extracts originals that have no record.
                    report.problems.append(f"{entry.sha256}: queued for the index, but the archive has no record")
                    self.done(key, [entry])
                    continue
                records.append(record)
                carried.append(entry)
            try:
                result = store.index_documents(records) if records else IndexReport()
            except StoreError as error:
                self.tried(key, part, str(error))
                raise
            refused = {error.id.split(":", 1)[0] for error in result.errors}
            report.problems += [f"{error.kind} {error.id}: {error.reason}" for error in result.errors]
            self.done(key, [entry for entry in carried if entry.sha256 not in refused])
            report.indexed += sum(1 for entry in carried if entry.sha256 not in refused)
        if removals:
            try:
                store.delete_documents([entry.sha256 for entry in removals])
            except StoreError as error:
                self.tried(key, removals, str(error))
                raise
            self.done(key, removals)
            report.removed += len(removals)
        report.left = self.count(key)
        return report


class DeferredIndex:
    """The store as ingest sees it: opened when first needed; when it cannot be reached (opening or
    writing raises `StoreError`), what was meant for it goes to the outbox, `problem` says why in one
    line, and it is not asked again during this run (one timeout, not one per batch)."""

    def __init__(
        self,
        opener: Callable[[], EvidenceStore],
        *,
        name: str,
        key: str,
        outbox: Outbox | None,
        on_unavailable: Callable[[str], None] | None = None,
    ) -> None:
        self._opener: Callable[[], EvidenceStore] | None = opener
        self.name = name
        self.key = key
        self.outbox = outbox
        self.on_unavailable = on_unavailable
        self.store: EvidenceStore | None = None
        self.problem: str | None = None

    @classmethod
    def of(cls, store: EvidenceStore, outbox: Outbox | None = None) -> DeferredIndex:
        deferred = cls(lambda: store, name=store.name, key=store_key(store), outbox=outbox)
        deferred.store, deferred._opener = store, None
        return deferred

    def get(self) -> EvidenceStore | None:
        """The open store, or None when it could not be had (then `problem` says why)."""
        if self.store is None and self._opener is not None and self.problem is None:
            opener, self._opener = self._opener, None
            try:
                self.store = opener()
            except StoreError as error:
                self._unavailable(error)
        return self.store

    def _unavailable(self, error: StoreError) -> None:
        if self.outbox is None:
            raise error
        self.problem = " ".join(str(error).split())
        if self.on_unavailable is not None:
            self.on_unavailable(self.problem)

    def index(self, records: list[DocumentRecord]) -> tuple[IndexReport, bool]:
        """Index `records`, or queue them; → (what the store reported, whether they were queued)."""
        store = self.get()
        if store is not None:
            try:
                return store.index_documents(records), False
            except StoreError as error:
                self._unavailable(error)
        assert self.outbox is not None  # `_unavailable` raised otherwise
        self.outbox.put(self.key, (record.sha256 for record in records), "index", self.problem)
        return IndexReport(), True

    def remove(self, sha256s: list[str]) -> bool:
        """Remove documents from the index, or queue that; → whether it was queued."""
        store = self.get()
        if store is not None:
            try:
                store.delete_documents(sha256s)
                return False
            except StoreError as error:
                self._unavailable(error)
        assert self.outbox is not None
        self.outbox.put(self.key, sha256s, "remove", self.problem)
        return True

    def drain(self, archive: Archive) -> DrainReport | None:
        """Carry out the queue if anything is queued and the store answers (None: nothing was tried)."""
        if self.outbox is None or self.problem is not None or not self.outbox.count(self.key):
            return None
        store = self.get()
        if store is None:
            return None
        try:
            return self.outbox.drain(archive, store)
        except StoreError as error:
            self._unavailable(error)
            return None

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
