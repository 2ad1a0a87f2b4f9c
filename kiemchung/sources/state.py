"""What the crawler has already seen, so that the next crawl asks only for what is new.

Two tables, in a SQLite file (`KIEMCHUNG_HOME/crawl.sqlite`) by default, or in the shared
PostgreSQL database named by `KIEMCHUNG_STATE_URL` when several machines crawl:
- `pages`: listing pages and feeds with their ETag/Last-Modified, for conditional requests;
- `links`: every article page and document found, with its status. A link is fetched until it is
  `done`; a failure stays `pending`-like (`failed`/`rejected`) and is tried again on the next crawl,
  so nothing found is ever lost because a server had a bad minute.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict

from kiemchung.settings import get_settings
from kiemchung.statedb import create_schema, engine_for, is_postgresql, reading, upsert, writing

LinkKind = Literal["article", "document"]
LinkStatus = Literal["pending", "done", "failed", "rejected", "refused"]


@functools.cache
def _tables(postgres: bool) -> tuple[sa.MetaData, sa.Table, sa.Table]:
    """The schema; on SQLite the same as files written before SQLAlchemy (insertion order is the
    rowid there), on PostgreSQL with an identity column keeping that order."""
    metadata = sa.MetaData()
    pages = sa.Table(
        "pages", metadata,
        sa.Column("url", sa.Text, primary_key=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("sha256", sa.Text),
        sa.Column("fetched_at", sa.Text, nullable=False),
    )  # fmt: skip
    order = [sa.Column("seq", sa.BigInteger, sa.Identity(), nullable=False, unique=True)] if postgres else []
    links = sa.Table(
        "links", metadata,
        sa.Column("url", sa.Text, primary_key=True),
        *order,
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("found_on", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("sha256", sa.Text),
        sa.Column("first_seen", sa.Text, nullable=False),
        sa.Column("last_attempt", sa.Text),
        sa.Column("done_at", sa.Text),
        sa.Index("links_by_source", "source", "kind", "status"),
        sa.Index("links_by_sha256", "sha256"),
    )  # fmt: skip
    sa.Table(
        "superseded", metadata,
        sa.Column("sha256", sa.Text, primary_key=True),  # a version no longer current at its URL
        sa.Column("by_sha256", sa.Text, nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("superseded_at", sa.Text, nullable=False),
    )  # fmt: skip
    return metadata, pages, links


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
    last_attempt: str | None = None  # ISO time of the last fetch or ingest attempt

    @property
    def validators(self) -> Validators:
        return Validators(etag=self.etag, last_modified=self.last_modified)

    def due(self, now: dt.datetime, first_wait: float, longest_wait: float, attempts: int) -> bool:
        """Whether to try this link in a crawl at `now`: new links always; a `failed` one after a
        wait doubling with each attempt (`first_wait` … `longest_wait` seconds), at most `attempts`
        times; a `rejected` or `refused` one never again (reported once: the answer will not change)."""
        if self.status in ("pending", "done"):
            return self.status == "pending"
        if self.status != "failed" or self.attempts >= attempts:
            return False
        if self.last_attempt is None:
            return True
        wait = min(first_wait * 2 ** max(self.attempts - 1, 0), longest_wait)
        return dt.datetime.fromisoformat(self.last_attempt) + dt.timedelta(seconds=wait) <= now


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class CrawlState:
    """Thread-safe: each operation takes its own connection (fetch tasks may run in threads)."""

    FILE_NAME = "crawl.sqlite"

    def __init__(self, target: Path | str) -> None:
        """`target`: a SQLite file, or a database URL (`postgresql+psycopg://…`)."""
        self.target = target
        self._engine = engine_for(target)
        postgres = is_postgresql(self._engine)
        metadata, self._pages, self._links = _tables(postgres)
        self._superseded = metadata.tables["superseded"]
        # Insertion order: the identity column on PostgreSQL, the rowid on SQLite.
        self._order: Any = self._links.c.seq if postgres else sa.literal_column("links.rowid")
        create_schema(self._engine, metadata)

    @classmethod
    def in_home(cls, home: Path) -> CrawlState:
        """The shared database when `KIEMCHUNG_STATE_URL` names one, else the SQLite file in `home`."""
        return cls(get_settings().state_url or home / cls.FILE_NAME)

    def close(self) -> None:
        """Nothing to release: connections are per operation (SQLite) or pooled per process."""

    def __enter__(self) -> CrawlState:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # pages -----------------------------------------------------------------------------------------
    def page_validators(self, url: str) -> Validators:
        pages = self._pages
        with reading(self._engine) as db:
            row = db.execute(sa.select(pages.c.etag, pages.c.last_modified).where(pages.c.url == url)).first()
        return Validators(etag=row.etag, last_modified=row.last_modified) if row else Validators()

    def page_fetched(self, url: str, source: str, validators: Validators, sha256: str) -> None:
        with writing(self._engine) as db:
            insert = upsert(db, self._pages).values(
                url=url, source=source, etag=validators.etag, last_modified=validators.last_modified,
                sha256=sha256, fetched_at=_now(),
            )  # fmt: skip
            db.execute(
                insert.on_conflict_do_update(
                    index_elements=["url"],
                    set_={name: insert.excluded[name] for name in ("etag", "last_modified", "sha256", "fetched_at")},
                )
            )

    # links -----------------------------------------------------------------------------------------
    def add_links(self, links: list[LinkRecord]) -> list[LinkRecord]:
        """Record links found on a page; return those never seen before."""
        new: list[LinkRecord] = []
        with writing(self._engine) as db:
            for link in links:
                insert = upsert(db, self._links).values(
                    url=link.url, source=link.source, kind=link.kind, found_on=link.found_on, title=link.title,
                    status="pending", first_seen=_now(),
                )  # fmt: skip
                inserted = insert.on_conflict_do_nothing(index_elements=["url"]).returning(self._links.c.url)
                if db.execute(inserted).first() is not None:
                    new.append(link)
        return new

    def link(self, url: str) -> LinkRecord | None:
        with reading(self._engine) as db:
            row = db.execute(sa.select(self._links).where(self._links.c.url == url)).first()
        return _link_from_row(row) if row else None

    def links_to_visit(self, source: str, kind: LinkKind) -> list[LinkRecord]:
        """Links of a source not yet done, oldest first: new ones and earlier failures alike."""
        links = self._links
        query = (
            sa.select(links)
            .where(links.c.source == source, links.c.kind == kind, links.c.status != "done")
            .order_by(links.c.first_seen, self._order)
        )
        with reading(self._engine) as db:
            return [_link_from_row(row) for row in db.execute(query)]

    def links_done(self, source: str, kind: LinkKind) -> list[LinkRecord]:
        links = self._links
        query = (
            sa.select(links)
            .where(links.c.source == source, links.c.kind == kind, links.c.status == "done")
            .order_by(self._order)
        )
        with reading(self._engine) as db:
            return [_link_from_row(row) for row in db.execute(query)]

    def mark_done(self, url: str, *, validators: Validators | None = None, sha256: str | None = None) -> None:
        validators = validators or Validators()
        links = self._links
        with writing(self._engine) as db:
            db.execute(
                links.update()
                .where(links.c.url == url)
                .values(
                    status="done", reason=None, attempts=links.c.attempts + 1, etag=validators.etag,
                    last_modified=validators.last_modified, sha256=sa.func.coalesce(sha256, links.c.sha256),
                    last_attempt=_now(), done_at=_now(),
                )
            )  # fmt: skip

    def mark_unchanged(self, url: str) -> None:
        """A conditional re-check answered 304: still done, checked now."""
        with writing(self._engine) as db:
            db.execute(self._links.update().where(self._links.c.url == url).values(last_attempt=_now()))

    def mark_failed(self, url: str, status: LinkStatus, reason: str, *, sha256: str | None = None) -> None:
        """`sha256`: the bytes that arrived (archived) when what failed came after the fetch."""
        links = self._links
        with writing(self._engine) as db:
            db.execute(
                links.update()
                .where(links.c.url == url)
                .values(
                    status=status, reason=reason, attempts=links.c.attempts + 1, last_attempt=_now(),
                    sha256=sa.func.coalesce(sha256, links.c.sha256),
                )
            )  # fmt: skip

    # versions -------------------------------------------------------------------------------------
    def supersede(self, url: str, old_sha256: str, new_sha256: str) -> bool:
        """`url` now serves `new_sha256`: record `old_sha256` as superseded unless another link still
        serves it (the same bytes published twice). → whether it is superseded."""
        links, superseded = self._links, self._superseded
        with writing(self._engine) as db:
            db.execute(superseded.delete().where(superseded.c.sha256 == new_sha256))  # current again
            elsewhere = db.execute(
                sa.select(sa.literal(1))
                .where(links.c.sha256 == old_sha256, links.c.status == "done", links.c.url != url)
                .limit(1)
            ).first()
            if elsewhere is not None or old_sha256 == new_sha256:
                return False
            insert = upsert(db, superseded).values(
                sha256=old_sha256, by_sha256=new_sha256, url=url, superseded_at=_now()
            )
            db.execute(insert.on_conflict_do_update(index_elements=["sha256"], set_={"by_sha256": new_sha256}))
        return True

    def superseded(self) -> set[str]:
        """Versions replaced at their URL: the archive keeps them, the index must not."""
        with reading(self._engine) as db:
            return {row.sha256 for row in db.execute(sa.select(self._superseded.c.sha256))}

    def sha256_seen(self, sha256: str) -> bool:
        links = self._links
        query = sa.select(sa.literal(1)).where(links.c.sha256 == sha256, links.c.status == "done").limit(1)
        with reading(self._engine) as db:
            return db.execute(query).first() is not None

    def counts(self) -> dict[str, int]:
        links = self._links
        query = sa.select(links.c.kind, links.c.status, sa.func.count().label("n"))
        query = query.group_by(links.c.kind, links.c.status)
        with reading(self._engine) as db:
            return {f"{row.kind}:{row.status}": row.n for row in db.execute(query)}


def _link_from_row(row: sa.Row[Any]) -> LinkRecord:
    return LinkRecord(
        url=row.url,
        source=row.source,
        kind=row.kind,
        found_on=row.found_on,
        title=row.title,
        status=row.status,
        reason=row.reason,
        attempts=row.attempts,
        etag=row.etag,
        last_modified=row.last_modified,
        sha256=row.sha256,
        last_attempt=row.last_attempt,
    )
