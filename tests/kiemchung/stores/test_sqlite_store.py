"""What only the embedded store does: transactions, the file swap of rebuild, a damaged file."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.models import DocumentRecord
from kiemchung.stores.base import SearchQuery, StoreError
from kiemchung.stores.sqlite_store import SqliteStore
from tests.kiemchung.stores.corpus import CORPUS, PLAN, REPORT


def test_a_failure_mid_batch_leaves_every_document_as_it_was(
    sqlite_store: SqliteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    sqlite_store.index_documents(CORPUS)
    shorter_plan = PLAN.model_copy(update={"pages": PLAN.pages[:1], "evidence": PLAN.evidence[:1]})
    real_insert = SqliteStore._insert
    calls = 0

    def insert_then_fail(conn: sqlite3.Connection, item: object) -> None:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise OSError("disk full")
        real_insert(conn, item)  # type: ignore[arg-type]

    monkeypatch.setattr(SqliteStore, "_insert", staticmethod(insert_then_fail))

    with pytest.raises(OSError, match="disk full"):
        sqlite_store.index_documents([shorter_plan, REPORT])

    monkeypatch.undo()
    assert sqlite_store.counts().pages == sum(len(r.pages) for r in CORPUS)
    assert sqlite_store.search(SearchQuery(criterion="1.4")).total == 1  # the old plan, whole


def test_other_connections_see_only_committed_documents(sqlite_store: SqliteStore) -> None:
    sqlite_store.index_documents(CORPUS)
    reader = SqliteStore(sqlite_store.path)

    assert reader.indexed_sha256s() == {r.sha256 for r in CORPUS}
    reader.close()


def test_rebuild_swaps_in_one_new_file(sqlite_store: SqliteStore) -> None:
    sqlite_store.index_documents(CORPUS)
    old_inode = sqlite_store.path.stat().st_ino

    report = sqlite_store.rebuild([PLAN])

    assert report.documents == 1
    assert sqlite_store.path.stat().st_ino != old_inode
    assert sqlite_store.indexed_sha256s() == {PLAN.sha256}
    assert not list(sqlite_store.path.parent.glob("*.rebuild-*"))


def test_a_failed_rebuild_keeps_the_live_file(sqlite_store: SqliteStore) -> None:
    sqlite_store.index_documents(CORPUS)

    def records_then_crash() -> Iterator[DocumentRecord]:
        yield PLAN
        raise RuntimeError("archive went away")

    with pytest.raises(RuntimeError):
        sqlite_store.rebuild(records_then_crash())

    assert sqlite_store.counts().documents == len(CORPUS)
    assert not list(sqlite_store.path.parent.glob("*.rebuild-*"))


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    damaged = tmp_path / "index.sqlite"
    damaged.write_bytes(b"this is not sqlite" * 100)

    with pytest.raises(StoreError, match=r"cannot open the embedded index .*index\.sqlite"):
        SqliteStore(damaged)


@pytest.mark.parametrize(
    ("text", "pages"),
    [
        ('cải AND OR NOT "', 0),  # the words "and", "or", "not" are on no page
        ("NEAR(cải cách)", 0),
        ("folded : cai", 0),
        ("^cai* cach", 4),  # operators dropped: the words "cai" and "cach"
        ("*", 5),  # no words at all: every page
    ],
)
def test_fts_syntax_in_a_query_is_taken_as_words(sqlite_store: SqliteStore, text: str, pages: int) -> None:
    sqlite_store.index_documents(CORPUS)
    assert sqlite_store.search(SearchQuery(text=text, target="pages")).total == pages
