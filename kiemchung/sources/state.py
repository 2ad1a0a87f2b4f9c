"""What the crawler has already seen, so that the next crawl asks only for what is new.

One small SQLite file (`KIEMCHUNG_HOME/crawl.sqlite`):
- `pages`: listing pages and feeds with their ETag/Last-Modified, for conditional requests;
- `links`: every article page and document found, with its status. A link is fetched until it is
  `done`; a failure stays `pending`-like (`failed`/`rejected`) and is tried again on the next crawl,
  so nothing found is ever lost because a server had a bad minute.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

LinkKind = Literal["article", "document"]
LinkStatus = Literal["pending", "done", "failed", "rejected", "refused"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    sha256 TEXT,
    fetched_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS links (
    url TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    kind TEXT NOT NULL,
    found_on TEXT,
    title TEXT,
    status TEXT NOT NULL,
    reason TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    etag TEXT,
    last_modified TEXT,
    sha256 TEXT,
    first_seen TEXT NOT NULL,
    last_attempt TEXT,
    done_at TEXT
);
CREATE INDEX IF NOT EXISTS links_by_source ON links (source, kind, status);
CREATE INDEX IF NOT EXISTS links_by_sha256 ON links (sha256);
"""


class StateModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Validators(StateModel):
    """What the server said about a version, sent back as If-None-Match / If-Modified-Since."""

    etag: str | None = None
    last_modified: str | None = None

    def __bool__(self) -> bool:
        return bool(self.etag or self.last_modified)


class LinkRecord(StateModel):
    url: str
    source: str
    kind: LinkKind
    found_on: str | None = None
    title: str | None = None
    status: LinkStatus = "pending"
    reason: str | None = None
    attempts: int = 0
    etag: str | None = None
    last_modified: str | None = None
    sha256: str | None = None

    @property
    def validators(self) -> Validators:
        return Validators(etag=self.etag, last_modified=self.last_modified)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class CrawlState:
    """Thread-safe: one connection guarded by a lock (fetch tasks may run in threads)."""

    FILE_NAME = "crawl.sqlite"

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.RLock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)

    @classmethod
    def in_home(cls, home: Path) -> CrawlState:
        return cls(home / cls.FILE_NAME)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> CrawlState:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    # pages -----------------------------------------------------------------------------------------
    def page_validators(self, url: str) -> Validators:
        with self._lock:
            row = self._db.execute("SELECT etag, last_modified FROM pages WHERE url = ?", (url,)).fetchone()
        return Validators(etag=row["etag"], last_modified=row["last_modified"]) if row else Validators()

    def page_fetched(self, url: str, source: str, validators: Validators, sha256: str) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO pages (url, source, etag, last_modified, sha256, fetched_at)"
                " VALUES (?,?,?,?,?,?)"
                " ON CONFLICT(url) DO UPDATE SET etag=excluded.etag, last_modified=excluded.last_modified,"
                " sha256=excluded.sha256, fetched_at=excluded.fetched_at",
                (url, source, validators.etag, validators.last_modified, sha256, _now()),
            )

    # links -----------------------------------------------------------------------------------------
    def add_links(self, links: list[LinkRecord]) -> list[LinkRecord]:
        """Record links found on a page; return those never seen before."""
        new: list[LinkRecord] = []
        with self._transaction() as db:
            for link in links:
                cursor = db.execute(
                    "INSERT OR IGNORE INTO links (url, source, kind, found_on, title, status, first_seen)"
                    " VALUES (?,?,?,?,?,'pending',?)",
                    (link.url, link.source, link.kind, link.found_on, link.title, _now()),
                )
                if cursor.rowcount:
                    new.append(link)
        return new

    def link(self, url: str) -> LinkRecord | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM links WHERE url = ?", (url,)).fetchone()
        return _link_from_row(row) if row else None

    def links_to_visit(self, source: str, kind: LinkKind) -> list[LinkRecord]:
        """Links of a source not yet done, oldest first: new ones and earlier failures alike."""
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM links WHERE source = ? AND kind = ? AND status != 'done'"
                " ORDER BY first_seen, rowid",
                (source, kind),
            ).fetchall()
        return [_link_from_row(row) for row in rows]

    def links_done(self, source: str, kind: LinkKind) -> list[LinkRecord]:
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM links WHERE source = ? AND kind = ? AND status = 'done' ORDER BY rowid",
                (source, kind),
            ).fetchall()
        return [_link_from_row(row) for row in rows]

    def mark_done(self, url: str, *, validators: Validators | None = None, sha256: str | None = None) -> None:
        validators = validators or Validators()
        with self._transaction() as db:
            db.execute(
                "UPDATE links SET status='done', reason=NULL, attempts=attempts+1, etag=?, last_modified=?,"
                " sha256=COALESCE(?, sha256), last_attempt=?, done_at=? WHERE url=?",
                (validators.etag, validators.last_modified, sha256, _now(), _now(), url),
            )

    def mark_unchanged(self, url: str) -> None:
        """A conditional re-check answered 304: still done, checked now."""
        with self._transaction() as db:
            db.execute("UPDATE links SET last_attempt=? WHERE url=?", (_now(), url))

    def mark_failed(self, url: str, status: LinkStatus, reason: str) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE links SET status=?, reason=?, attempts=attempts+1, last_attempt=? WHERE url=?",
                (status, reason, _now(), url),
            )

    def sha256_seen(self, sha256: str) -> bool:
        with self._lock:
            row = self._db.execute(
                "SELECT 1 FROM links WHERE sha256 = ? AND status = 'done' LIMIT 1", (sha256,)
            ).fetchone()
        return row is not None

    def counts(self) -> dict[str, int]:
        with self._lock:
            rows = self._db.execute(
                "SELECT kind || ':' || status AS key, COUNT(*) AS n FROM links GROUP BY key"
            )
            return {row["key"]: row["n"] for row in rows}


def _link_from_row(row: sqlite3.Row) -> LinkRecord:
    return LinkRecord(
        url=row["url"],
        source=row["source"],
        kind=row["kind"],
        found_on=row["found_on"],
        title=row["title"],
        status=row["status"],
        reason=row["reason"],
        attempts=row["attempts"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        sha256=row["sha256"],
    )
