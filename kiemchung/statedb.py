"""The SQL database of the shared state (crawl state, users, decision log): SQLite or PostgreSQL.

By default each lives in its own SQLite file in `KIEMCHUNG_HOME`; `KIEMCHUNG_STATE_URL`
(`postgresql+psycopg://user:password@host/db`) puts all of them in one server database that every
machine of a team shares. Code written against SQLAlchemy Core runs unchanged on both.

SQLite: one short-lived connection per operation (no pool; a connection must not cross threads),
WAL, and `BEGIN IMMEDIATE` for writes so that the write lock is taken before reading what the write
depends on. PostgreSQL: one pooled engine per URL and process.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.pool import NullPool

_IMMEDIATE = "kiemchung_immediate"


class StateDatabaseError(Exception):
    """The state database cannot be opened; the message is one line, without the password."""


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def database_url(target: Path | str) -> str:
    """A SQLite file path or a database URL, as a URL."""
    if isinstance(target, Path):
        return sqlite_url(target)
    return target if "://" in target else sqlite_url(Path(target))


def redacted(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<unparsable URL>"


def engine_for(target: Path | str) -> Engine:
    return _engine(database_url(target))


@functools.cache
def _engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            if parsed.database:
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            engine = sa.create_engine(parsed, poolclass=NullPool, connect_args={"timeout": 30})
            _make_sqlite_behave(engine)
        elif parsed.get_backend_name() == "postgresql":
            engine = sa.create_engine(parsed, pool_pre_ping=True, pool_size=5, max_overflow=10)
        else:
            raise StateDatabaseError(
                f"unsupported state database {redacted(url)}: use sqlite:/// or postgresql+psycopg://"
            )
    except StateDatabaseError:
        raise
    except Exception as error:
        raise StateDatabaseError(f"cannot use the state database {redacted(url)}: {error}") from None
    return engine


def _make_sqlite_behave(engine: Engine) -> None:
    """Let SQLAlchemy, not the sqlite3 module, say when transactions begin (its documented recipe)."""

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA journal_mode=WAL")
        dbapi_connection.execute("PRAGMA foreign_keys=ON")

    @sa.event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get(_IMMEDIATE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def is_postgresql(engine: Engine | Connection) -> bool:
    return engine.dialect.name == "postgresql"


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A write transaction: committed on success, rolled back on any error."""
    try:
        with engine.connect().execution_options(**{_IMMEDIATE: True}) as conn, conn.begin():
            yield conn
    except sa.exc.OperationalError as error:
        raise StateDatabaseError(_one_line(engine, error)) from None


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    try:
        with engine.connect() as conn:
            yield conn
    except sa.exc.OperationalError as error:
        raise StateDatabaseError(_one_line(engine, error)) from None


def _one_line(engine: Engine, error: sa.exc.OperationalError) -> str:
    detail = str(error.orig).strip().splitlines()[0] if error.orig is not None else str(error)
    return f"state database {engine.url.render_as_string(hide_password=True)}: {detail}"


def create_schema(engine: Engine, metadata: sa.MetaData, *extra_ddl: str) -> None:
    """Create the tables (and `extra_ddl`, which must be idempotent) once, even if several
    processes start together on one server (a transaction-scoped advisory lock serialises them)."""
    with writing(engine) as conn:
        if is_postgresql(conn):
            conn.execute(sa.select(sa.func.pg_advisory_xact_lock(0x6B69656D)))  # "kiem"
        metadata.create_all(conn, checkfirst=True)
        for statement in extra_ddl:
            conn.execute(sa.text(statement))


def upsert(conn: Connection, table: sa.Table) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT (both SQLite and PostgreSQL have it)."""
    return (postgresql.insert if is_postgresql(conn) else sqlite.insert)(table)
