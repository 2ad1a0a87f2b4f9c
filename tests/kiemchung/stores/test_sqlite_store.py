"""What only the embedded store does: transactions, the file swap of rebuild, a damaged file, the
upgrade of an index written with an older schema."""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import sqlite3
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import pytest

from core.models import DocumentRecord, Page
from kiemchung.stores import sqlite_schema
from kiemchung.stores.base import SearchQuery, StoreError
from kiemchung.stores.sqlite_schema import SCHEMA_VERSION
from kiemchung.stores.sqlite_store import SqliteStore
from tests.kiemchung.stores.corpus import CORPUS, PLAN, REPORT, record


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


# An index written by kiemchung at cfc485e (schema 1: pages and evidence keyed by sha256) from
# CORPUS and LONE, in this order; the store upgrades such a file in place when it opens it.
SCHEMA_1_FILE = Path(__file__).parent / "data" / "index-schema-1.sqlite"
# The same, written at 3c210e4 (schema 2: pages numbered in the order they were written).
SCHEMA_2_FILE = Path(__file__).parent / "data" / "index-schema-2.sqlite"
LONE = record("lone", [Page(page=1, method="text", text="Trang một.")], [])
LONE.evidence.append(PLAN.evidence[0].model_copy(update={"page": 7}))  # on a page the record lacks
UPGRADE_QUERIES = [
    SearchQuery(text="cai cach hanh chinh", target="pages"),
    SearchQuery(text="định", target="evidence"),
    SearchQuery(criterion="1.1"),
    SearchQuery(criterion="1", year=2024, text="hành chính"),
    SearchQuery(criterion="1.4", target="pages", method="ocr"),
    SearchQuery(criterion="1", target="documents", sort="oldest"),
    SearchQuery(method="ocr", target="documents"),
    SearchQuery(method="ocr", target="evidence", size=50),
    SearchQuery(unit="q1", target="pages", sort="newest"),
    SearchQuery(text="kiện toàn", target="documents"),
]


def _schema_version(path: Path) -> str:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return str(conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0])


@pytest.mark.parametrize("frozen", [SCHEMA_1_FILE, SCHEMA_2_FILE], ids=["schema-1", "schema-2"])
def test_an_older_index_is_upgraded_in_place_and_answers_as_a_fresh_one(tmp_path: Path, frozen: Path) -> None:
    old = tmp_path / "old.sqlite"
    shutil.copy(frozen, old)
    fresh = SqliteStore(tmp_path / "fresh.sqlite")
    fresh.index_documents([*CORPUS, LONE])

    upgraded = SqliteStore(old)

    assert _schema_version(old) == str(SCHEMA_VERSION) != "1"
    assert upgraded.counts() == fresh.counts()
    assert _page_rowids(old) == _page_rowids(tmp_path / "fresh.sqlite")  # laid out by year
    for query in UPGRADE_QUERIES:  # same hits, scores, totals and facets
        assert upgraded.search(query) == fresh.search(query), query
    upgraded.index_documents([PLAN])  # and it is written like a fresh one
    upgraded.delete_documents([LONE.sha256])
    assert upgraded.search(SearchQuery(criterion="1.1.1")).total == 1
    upgraded.close()
    fresh.close()


def test_a_failed_upgrade_leaves_the_schema_1_index_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = tmp_path / "old.sqlite"
    shutil.copy(SCHEMA_1_FILE, old)
    upgrade = sqlite_schema._UPGRADES[1]
    monkeypatch.setitem(sqlite_schema._UPGRADES, 1, [*upgrade[:-3], "SELECT no_such_function()", *upgrade[-3:]])

    with pytest.raises(StoreError, match=r"cannot open the embedded index .*old\.sqlite"):
        SqliteStore(old)

    assert _schema_version(old) == "1"
    monkeypatch.undo()
    store = SqliteStore(old)
    assert store.search(SearchQuery(criterion="1.1.1")).total == 2  # the plan's and the lone one
    store.close()


def _page_rowids(path: Path) -> dict[str, int]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        rows = conn.execute("SELECT p.id, p.rowid FROM pages p JOIN page_fts f ON f.rowid = p.rowid").fetchall()
    return dict(rows)


def test_a_failed_upgrade_leaves_the_schema_2_index_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = tmp_path / "old.sqlite"
    shutil.copy(SCHEMA_2_FILE, old)
    before = _page_rowids(old)
    upgrade = sqlite_schema._UPGRADES[2]
    monkeypatch.setitem(sqlite_schema._UPGRADES, 2, [*upgrade[:-3], "SELECT no_such_function()", *upgrade[-3:]])

    with pytest.raises(StoreError, match=r"cannot open the embedded index .*old\.sqlite"):
        SqliteStore(old)

    assert _schema_version(old) == "2"
    assert _page_rowids(old) == before
    monkeypatch.undo()
    store = SqliteStore(old)
    assert store.search(SearchQuery(criterion="1", year=2024, text="hành chính")).total > 0
    store.close()


def test_an_index_of_a_newer_schema_is_a_clear_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    SqliteStore(path).close()
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")

    with pytest.raises(StoreError) as refused:
        SqliteStore(path)

    message = str(refused.value)
    assert "\n" not in message
    assert "schema version 99" in message and "kiemchung reindex" in message


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("cai cach", "pages"),  # most pages match: facets walk the covering indexes
        ("Dong Nai", "pages"),  # one page matches: facets group the matches
        ("ủy ban", "documents"),
        ("kien toan", "documents"),
    ],
)
def test_text_search_facets_agree_with_the_hits_and_with_filtered_searches(
    sqlite_store: SqliteStore, text: str, target: Literal["pages", "documents"]
) -> None:
    sqlite_store.index_documents(CORPUS)
    result = sqlite_store.search(SearchQuery(text=text, target=target, size=100))

    assert result.total == len(result.hits) > 0
    for name in ("unit", "year", "doc_type"):
        expected = Counter(str(getattr(hit, name)) for hit in result.hits if getattr(hit, name) is not None)
        assert {b.value: b.count for b in getattr(result.facets, name)} == expected
    assert result.facets.criterion
    values = {bucket.value for bucket in result.facets.criterion}
    for bucket in result.facets.criterion:  # the filtered path counts the same items
        if any(value.startswith(bucket.value + ".") for value in values):
            continue  # a filter takes the sub-tree, a facet counts the criterion itself
        filtered = SearchQuery(text=text, target=target, criterion=bucket.value)
        assert sqlite_store.search(filtered).total == bucket.count


def _fts_plan(store: SqliteStore, query: SearchQuery) -> list[str]:
    """EXPLAIN QUERY PLAN of the statement of one search that matches the text in page_fts."""
    statements: list[str] = []
    drop_temp_tables = store._drop_temp_tables
    store._conn.set_trace_callback(statements.append)
    setattr(store, "_drop_temp_tables", lambda: None)  # noqa: B010  (kept for EXPLAIN, dropped below)
    try:
        store.search(query)
    finally:
        store._conn.set_trace_callback(None)
        delattr(store, "_drop_temp_tables")
    (sql,) = [s for s in statements if s.startswith("INSERT INTO temp.text_hits")]
    explained = store._conn.execute("EXPLAIN QUERY PLAN " + sql.removeprefix("INSERT INTO temp.text_hits "))
    plan = [row[3] for row in explained]
    drop_temp_tables()
    return plan


ODD_YEARS = [
    record("no-year", [Page(page=1, method="text", text="Cải cách hành chính.")], [("1.1", 1, "Cải cách")]),
    record("year-0", [Page(page=1, method="ocr", text="Cải cách hành chính.")], [("1.1", 1, "Cải cách")], year=0),
    record("year-12000", [Page(page=1, method="text", text="Cải cách.")], [("1.1", 1, "Cải cách")], year=12000),
]
YEAR_QUERIES = [
    SearchQuery(text="cai cach", criterion="1", year=2024),
    SearchQuery(text="hành chính", criterion="1.1", year=2023, target="pages"),
    SearchQuery(text="cải cách", year=2024, target="pages", size=1, page=2),
    SearchQuery(text="kế hoạch", year=2024, sort="oldest"),
    SearchQuery(text="cai cach", criterion="1.1", year=0),
    SearchQuery(text="cai cach", year=12000, target="pages"),
    SearchQuery(text="cải cách", year=2022),
]


def test_pages_of_a_year_lie_in_its_rowids_and_a_year_search_matches_only_there(
    sqlite_store: SqliteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    sqlite_store.index_documents([*CORPUS, *ODD_YEARS])
    by_id = _page_rowids(sqlite_store.path)
    years = dict(sqlite_store._conn.execute("SELECT id, year FROM pages").fetchall())
    for page_id, rowid in by_id.items():
        first, last = sqlite_schema.page_rowids_of_year(years[page_id])
        assert first < rowid <= last, (page_id, years[page_id])
    assert len({rowid >> 32 for rowid in by_id.values()}) == 3  # 2023, 2024, and the rest together

    ranged = _fts_plan(sqlite_store, SearchQuery(text="cai cach", criterion="1", year=2024))
    assert any("VIRTUAL TABLE INDEX" in step and ">" in step and "<" in step for step in ranged), ranged
    assert any("ROWID SEARCH ON TABLE candidates" in step for step in ranged), ranged  # no list built of them
    unranged = _fts_plan(sqlite_store, SearchQuery(text="cai cach", criterion="1", year=12000))
    assert not any("VIRTUAL TABLE INDEX" in step and ">" in step for step in unranged), unranged

    with_ranges = [sqlite_store.search(query) for query in YEAR_QUERIES]
    assert [result.total for result in with_ranges[-3:]] == [1, 1, 0]
    monkeypatch.setattr("kiemchung.stores.sqlite_store.year_has_its_own_rowids", lambda year: False)
    assert [sqlite_store.search(query) for query in YEAR_QUERIES] == with_ranges  # hits, scores, facets


def test_a_document_whose_year_changed_moves_to_that_years_rowids(sqlite_store: SqliteStore) -> None:
    sqlite_store.index_documents([*CORPUS, *ODD_YEARS])
    moved = ODD_YEARS[0].model_copy(update={"year": 2024})
    query = SearchQuery(text="cai cach", criterion="1.1", year=2024)
    before = sqlite_store.search(query).total

    sqlite_store.index_documents([moved])

    assert sqlite_store.search(query).total == before + 1
    (rowid,) = sqlite_store._conn.execute("SELECT rowid FROM pages WHERE doc = (SELECT rowid FROM documents"
                                           " WHERE sha256 = ?)", (moved.sha256,)).fetchone()  # fmt: skip
    first, last = sqlite_schema.page_rowids_of_year(2024)
    assert first < rowid <= last
    assert sqlite_store.search(SearchQuery(text="cai cach", year=0)).total == 1  # year-0 stays in the rest


def _tier_corpus() -> list[DocumentRecord]:
    """Pages where bm25 and the tiers disagree: the exact spelling once in a longer text (tier 2,
    or 3 with the words of a quoted phrase, which some split differently), or the words with other
    diacritics, several times, in a short one (tier 0, better by bm25); some texts repeated, so
    that ranks tie."""
    filler = "Các cơ quan đơn vị báo cáo kết quả về Sở Nội vụ trước ngày"
    texts = []
    for n in range(24):
        if n % 6 == 0:
            texts.append(f"Kế hoạch tuyên truyền năm 2024. {filler} {n % 4}." + f" {filler}" * (n % 5))
        elif n % 3 == 0:  # "kế hoạch" as typed, but not the word kế_hoạch (thiết_kế hoạch_định)
            texts.append(f"Thiết kế hoạch định tuyên truyền. {filler}." + f" {filler}" * (n % 4))
        elif n % 3 == 1:
            texts.append("Kê hoach tuyến truyện. " * (1 + n % 4))
        else:
            texts.append(f"Kế hoạch tuyến truyện kê hoach. {filler}" * (1 + n % 2))
    return [
        record(
            f"tier-{n}",
            [Page(page=1, method="text", text=text)],
            [("1.1", 1, text.split(".")[0])],
            issue_date=dt.date(2024, 1 + n % 12, 1 + n % 3),
            unit=f"u{n % 4}",
            year=2020 + n % 3,
        )
        for n, text in enumerate(texts)
    ]


TEXT_TARGETS: list[Literal["pages", "documents"]] = ["pages", "documents"]
TIER_QUERIES = [
    SearchQuery(text=text, target=target, size=size, page=page)
    for text in ("kế hoạch", '"kế hoạch"', '"tuyên truyền"', "ke hoach tuyen", "kế hoạch tuyên truyền")
    for target in TEXT_TARGETS
    for size, page in ((1, 1), (3, 1), (3, 2), (5, 3), (10, 1), (100, 1))
]


@pytest.mark.parametrize("margin", [0, 2, 64])
def test_a_text_search_page_tiered_from_its_best_matches_equals_one_tiered_in_full(
    sqlite_store: SqliteStore, monkeypatch: pytest.MonkeyPatch, margin: int
) -> None:
    sqlite_store.index_documents(_tier_corpus())
    monkeypatch.setattr("kiemchung.stores.sqlite_store._TIER_MARGIN", margin)
    full_tiering: list[str] = []
    sqlite_store._conn.set_trace_callback(
        lambda sql: full_tiering.append(sql) if sql.startswith("UPDATE temp.text_hits SET tier = tier +") else None
    )
    shortcut = [sqlite_store.search(query) for query in TIER_QUERIES]
    tiered_in_full = len(full_tiering)

    monkeypatch.setattr(SqliteStore, "_page_of_best_tier", lambda self, fts, need: None)
    assert [sqlite_store.search(query) for query in TIER_QUERIES] == shortcut  # hits, scores, order, facets

    assert any(hit.score is not None and hit.score > 1000 for result in shortcut for hit in result.hits)
    assert any(hit.score is not None and hit.score < 1000 for result in shortcut for hit in result.hits)
    assert 0 < tiered_in_full < len(full_tiering)  # both ways were taken: shortcut and fallback


def test_the_page_of_a_text_search_whose_best_matches_reach_the_best_tier_is_tiered_alone(
    sqlite_store: SqliteStore,
) -> None:
    sqlite_store.index_documents(_tier_corpus())
    statements: list[str] = []
    sqlite_store._conn.set_trace_callback(statements.append)

    result = sqlite_store.search(SearchQuery(text="kế hoạch", size=3))

    assert [hit.score is not None and hit.score > 2000 for hit in result.hits] == [True] * 3  # tier 2
    assert result.total > 3
    assert not [sql for sql in statements if "tier + " in sql or "THEN 2" in sql]  # no match tiered in full
