"""The embedded evidence store: one SQLite file with FTS5, the zero-setup default.

Each document is written in one transaction (its old pages and evidence go, its new ones come), so
a crash leaves either the old or the new version, never half of one. Text is indexed in the three
forms of `stores.text` in FTS5 tables whose rowids are those of `pages` and `documents`; evidence
reaches text through its page. `rebuild` writes a new file beside the live one and renames it over.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any

from core.models import DocumentRecord
from kiemchung.stores.base import (
    Facets,
    IndexReport,
    SearchHit,
    SearchQuery,
    SearchResult,
    SearchTarget,
    StoreCounts,
    StoreError,
    sort_buckets,
)
from kiemchung.stores.documents import IndexedRecord, index_record
from kiemchung.stores.sqlite_schema import page_rowids_of_year, prepare_schema, year_has_its_own_rowids
from kiemchung.stores.text import QueryText, make_snippet, parse_query_text

_BATCH = 50
# A text search's page is looked for among this many matches beyond it, by bm25, before every match is tiered.
_TIER_MARGIN = 64
# A search's temporary tables live in memory; the index is read through mmap and a larger page cache.
_READ_PRAGMAS = ("temp_store=MEMORY", "cache_size=-65536", "mmap_size=1073741824")


def _quoted(tokens: Iterable[str]) -> str:
    """One FTS5 string: a single token, or the tokens as a phrase."""
    return '"' + " ".join(tokens).replace('"', '""') + '"'


@dataclass
class _FtsQueries:
    """FTS5 MATCH expressions for one query text."""

    folded: str  # what must match
    exact: str | None  # all words and phrases, as typed (only when typed with diacritics)
    words: str | None  # the segmented phrases


def _fts_queries(query: QueryText) -> _FtsQueries:
    folded = [_quoted([term]) for term in query.folded_terms] + [_quoted(p) for p in query.folded_phrases]
    exact_parts = [_quoted([term]) for term in query.exact_terms] + [_quoted(p) for p in query.exact_phrases]
    words_parts = [_quoted(phrase.split()) for phrase in query.word_phrases if phrase]
    return _FtsQueries(
        folded="folded : (" + " AND ".join(folded) + ")",
        exact="exact : (" + " AND ".join(exact_parts) + ")" if query.has_diacritics else None,
        words="words : (" + " AND ".join(words_parts) + ")" if query.has_diacritics and words_parts else None,
    )


@dataclass
class _TextMatch:
    """The FTS5 side of a search: which table, what must match, whether to rank."""

    table: str
    queries: _FtsQueries
    ranked: bool

    def tier_expressions(self) -> list[tuple[int, str]]:
        """(bonus, MATCH expression) of each tier a ranked match adds to: exact spelling 2, words 1."""
        if not self.ranked:
            return []
        return [(bonus, e) for bonus, e in ((2, self.queries.exact), (1, self.queries.words)) if e]

    def best_tier(self) -> tuple[int, str] | None:
        """The highest tier a match can reach and what a match must also match to reach it (every
        tier expression), or None when the search has no tiers."""
        tiers = self.tier_expressions()
        if not tiers:
            return None
        return sum(bonus for bonus, _ in tiers), " AND ".join(expression for _, expression in tiers)

    def text_hits(self, restriction: str | None, *, tiers: bool = True) -> tuple[str, list[Any]]:
        """SQL that fills temp.text_hits (rowid of each matching page or document, tier, bm25 rank),
        only over rows that also pass `restriction` when one is given; every tier 0 unless `tiers`."""
        table, params = self.table, []
        where = f"{table} MATCH ?" + (f" AND {restriction}" if restriction else "")
        tiers_sql = ["0"]
        for bonus, expression in self.tier_expressions() if tiers else []:
            tiers_sql.append(f"(CASE WHEN rowid IN (SELECT rowid FROM {table} WHERE {where}) THEN {bonus} ELSE 0 END)")
            params.append(expression)
        rank = f"bm25({table}, 0.0, 1.0, 0.0)" if self.ranked else "0.0"
        params.append(self.queries.folded)
        sql = f"INSERT INTO temp.text_hits SELECT rowid, {' + '.join(tiers_sql)}, {rank} FROM {table} WHERE {where}"
        return sql, params


@dataclass
class _Plan:
    """What one search selects, from where, under which filters, and its text match if any."""

    select: str
    owner: str  # the rowid the text matches: a page's, or a document's
    table: str  # the searched table ("evidence e", "pages p", "documents d")
    text_joins: list[str]  # temp.text_hits first, each match looked up by rowid
    fts: _TextMatch | None = None
    fts_rowids: tuple[int, int] | None = None  # the rowid range every matching page lies in (year filter)
    where: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)


_CRITERION_SQL = "({col} = ? OR ({col} >= ? AND {col} < ?))"


def _criterion_params(criterion: str) -> list[str]:
    return [criterion, criterion + ".", criterion + "/"]  # "/" sorts right after "."


class SqliteStore:
    name = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn = self._connect(path)

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = None
        try:
            conn = sqlite3.connect(path, timeout=30, isolation_level=None)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            for pragma in _READ_PRAGMAS:
                conn.execute(f"PRAGMA {pragma}")
            prepare_schema(conn, path)
        except (sqlite3.DatabaseError, StoreError) as error:
            if conn is not None:
                conn.close()
            if isinstance(error, StoreError):
                raise
            raise StoreError(f"cannot open the embedded index {path}: {error}") from error
        return conn

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._conn.close()

    # --- writing ---------------------------------------------------------------------------------
    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def index_documents(self, records: Iterable[DocumentRecord]) -> IndexReport:
        report = IndexReport()
        iterator = iter(records)
        while batch := list(islice(iterator, _BATCH)):
            indexed = [index_record(record) for record in batch]  # outside the write lock: it is slow
            with self._transaction() as conn:
                for item in indexed:
                    old_ids = self._item_ids(conn, item.document.id)
                    self._delete(conn, item.document.id)
                    self._insert(conn, item)
                    report.deleted += len(old_ids - item.item_ids)
                    report.documents += 1
                    report.pages += len(item.pages)
                    report.evidence += len(item.evidence)
        return report

    @staticmethod
    def _item_ids(conn: sqlite3.Connection, sha256: str) -> set[str]:
        rows = conn.execute(
            "SELECT id FROM pages WHERE doc = (SELECT rowid FROM documents WHERE sha256 = ?)"
            " UNION ALL SELECT id FROM evidence WHERE doc = (SELECT rowid FROM documents WHERE sha256 = ?)",
            (sha256, sha256),
        )
        return {row[0] for row in rows}

    @staticmethod
    def _delete(conn: sqlite3.Connection, sha256: str) -> int:
        row = conn.execute("SELECT rowid FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
        if row is None:
            return 0
        doc = row[0]
        conn.execute("DELETE FROM page_fts WHERE rowid IN (SELECT rowid FROM pages WHERE doc = ?)", (doc,))
        conn.execute("DELETE FROM document_fts WHERE rowid = ?", (doc,))
        deleted = conn.execute("DELETE FROM pages WHERE doc = ?", (doc,)).rowcount
        deleted += conn.execute("DELETE FROM evidence WHERE doc = ?", (doc,)).rowcount
        deleted += conn.execute("DELETE FROM documents WHERE rowid = ?", (doc,)).rowcount
        return deleted

    @staticmethod
    def _insert(conn: sqlite3.Connection, item: IndexedRecord) -> None:
        doc, summary = item.document, item.document.summary
        issue_date = summary.issue_date.isoformat() if summary.issue_date else None
        cursor = conn.execute(
            "INSERT INTO documents (sha256, number, doc_type, issuer, subject, issue_date, unit, year,"
            " signature_status, file, signer_name, page_count, evidence_count, extractor_version, headline,"
            " methods, criteria) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                summary.sha256, summary.number, summary.doc_type, summary.issuer, summary.subject,
                issue_date, summary.unit, summary.year,
                summary.signature_status, doc.file, doc.signer_name, doc.page_count, doc.evidence_count,
                doc.extractor_version, doc.headline.text, json.dumps(doc.methods), json.dumps(doc.criteria),
            ),
        )  # fmt: skip
        doc_rowid = cursor.lastrowid
        conn.execute(
            "INSERT INTO document_fts (rowid, exact, folded, words) VALUES (?, ?, ?, ?)",
            (doc_rowid, doc.headline.exact, doc.headline.folded, doc.headline.words),
        )
        # The document's filter columns, copied onto each page and evidence item (see sqlite_schema).
        filters = (summary.unit, summary.year, summary.doc_type, summary.signature_status, issue_date)
        page_rowids: dict[int, int | None] = {}
        # A page's rowid lies in its year's block (sqlite_schema), after the block's last one.
        first, last = page_rowids_of_year(summary.year)
        (page_rowid,) = conn.execute(
            "SELECT max(rowid) FROM pages WHERE rowid BETWEEN ? AND ?", (first, last)
        ).fetchone()
        page_rowid = first if page_rowid is None else page_rowid
        if page_rowid + len(item.pages) > last:
            raise StoreError(f"the embedded index has no room for more pages of the year {summary.year}")
        for page in item.pages:
            page_rowid += 1
            conn.execute(
                "INSERT INTO pages (rowid, id, doc, page, method, confidence, unit, year, doc_type, signature_status,"
                " issue_date, criteria, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (page_rowid, page.id, doc_rowid, page.page, page.method, page.confidence, *filters,
                 json.dumps(page.criteria), page.text.text),
            )  # fmt: skip
            page_rowids[page.page] = page_rowid
            conn.execute(
                "INSERT INTO page_fts (rowid, exact, folded, words) VALUES (?, ?, ?, ?)",
                (page_rowid, page.text.exact, page.text.folded, page.text.words),
            )
        conn.executemany(
            'INSERT INTO evidence (id, doc, page_rowid, criterion, page, start, "end", unit, year, doc_type,'
            " signature_status, issue_date, method, quote, rule, confidence, scheme, scheme_version, facts)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (e.id, doc_rowid, page_rowids.get(e.page), e.criterion, e.page, e.start, e.end, *filters,
                 e.method, e.quote, e.rule, e.confidence, e.scheme,
                 e.scheme_version, json.dumps(e.facts, ensure_ascii=False, default=str))
                for e in item.evidence
            ],
        )  # fmt: skip

    def delete_documents(self, sha256s: Iterable[str]) -> int:
        deleted = 0
        with self._transaction() as conn:
            for sha256 in sha256s:
                deleted += self._delete(conn, sha256)
        return deleted

    def rebuild(self, records: Iterable[DocumentRecord]) -> IndexReport:
        fresh_path = self.path.with_name(f"{self.path.name}.rebuild-{os.getpid()}")
        for leftover in (fresh_path, *_sidecars(fresh_path)):
            leftover.unlink(missing_ok=True)
        fresh = SqliteStore(fresh_path)
        try:
            report = fresh.index_documents(records)
            fresh._conn.execute("PRAGMA journal_mode=DELETE")  # one self-contained file to rename
        except BaseException:
            fresh._conn.close()
            fresh_path.unlink(missing_ok=True)
            raise
        fresh._conn.close()
        self.close()
        os.replace(fresh_path, self.path)
        for sidecar in _sidecars(self.path):  # a -wal left by another reader must not replay onto it
            sidecar.unlink(missing_ok=True)
        self._conn = self._connect(self.path)
        return report

    # --- reading ---------------------------------------------------------------------------------
    def counts(self) -> StoreCounts:
        row = self._conn.execute(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM pages), (SELECT count(*) FROM evidence)"
        ).fetchone()
        return StoreCounts(documents=row[0], pages=row[1], evidence=row[2])

    def indexed_sha256s(self) -> set[str]:
        return {row[0] for row in self._conn.execute("SELECT sha256 FROM documents")}

    def search(self, query: SearchQuery) -> SearchResult:
        target = query.resolved_target
        text = parse_query_text(query.text)
        plan = self._plan(target, query, text)
        ranked = not text.empty and query.sort == "relevance"
        conn = self._conn
        try:
            self._drop_temp_tables()
            if plan.fts is not None and not plan.where and target != "evidence":
                # Text alone over pages or documents (the web's search page): no table of hits.
                facets, total = self._text_facets(plan)
                rows = self._top_matches(plan, query, text)
            else:
                self._collect_hits(plan)
                facets, total = self._facets(target)
                rows = conn.execute(
                    f"SELECT * FROM temp.hits ORDER BY {_order(query, text)} LIMIT ? OFFSET ?",
                    (query.size, query.offset),
                ).fetchall()
            hits = [self._hit(target, row, text, ranked=ranked) for row in rows]
        except sqlite3.OperationalError as error:
            raise StoreError(f"the embedded index could not run this search: {error}") from error
        finally:
            self._drop_temp_tables()
        return SearchResult(query=query, target=target, total=total, hits=hits, facets=facets)

    def _drop_temp_tables(self) -> None:
        for table in ("hits", "candidates", "text_hits"):
            self._conn.execute(f"DROP TABLE IF EXISTS temp.{table}")

    def _collect_hits(self, plan: _Plan) -> None:
        """Fill temp.hits: every item the query finds, with what ordering and facets need."""
        conn = self._conn
        where = " WHERE " + " AND ".join(plan.where) if plan.where else ""
        if plan.fts is None:
            conn.execute(
                f"CREATE TEMP TABLE hits AS SELECT {plan.select}, 0 AS tier, 0.0 AS rank FROM {plan.table}{where}",
                plan.params,
            )
            return
        self._match_text(plan)
        conn.execute(
            f"CREATE TEMP TABLE hits AS SELECT {plan.select}, t.tier AS tier, t.rank AS rank"
            f" FROM {' '.join(plan.text_joins)}{where}",
            plan.params,
        )

    def _match_text(self, plan: _Plan, *, tiers: bool = True) -> None:
        """Fill temp.text_hits with the pages (or documents) the text matches, ranked, and tiered
        unless `tiers` is off (then every tier is 0: `_top_matches` tiers what the page needs)."""
        assert plan.fts is not None
        conn = self._conn
        conn.execute("CREATE TEMP TABLE text_hits (fts_rowid INTEGER PRIMARY KEY, tier INTEGER, rank REAL)")
        if not plan.where:
            conn.execute(*plan.fts.text_hits(None, tiers=tiers))
            return
        # Filters first: only the pages (or documents) of the items they keep are matched and ranked,
        # so bm25 runs on those, not on every page that holds a common word. The filters are applied
        # again to the items of the matches (a page matched for one item may hold others).
        # Keyed by the owner's rowid, so that `IN` searches this table instead of building a list of it.
        conn.execute("CREATE TEMP TABLE candidates (owner INTEGER PRIMARY KEY)")
        conn.execute(
            f"INSERT OR IGNORE INTO temp.candidates SELECT {plan.owner} FROM {plan.table}"
            f" WHERE {' AND '.join(plan.where)} AND {plan.owner} IS NOT NULL",
            plan.params,
        )
        restriction = "+rowid IN (SELECT owner FROM temp.candidates)"
        if plan.fts_rowids is not None:  # FTS5 then reads only the year's part of each doclist
            restriction = f"rowid BETWEEN {plan.fts_rowids[0]:d} AND {plan.fts_rowids[1]:d} AND {restriction}"
        conn.execute(*plan.fts.text_hits(restriction))

    def _text_facets(self, plan: _Plan) -> tuple[Facets, int]:
        """Facets and total of a text-only search over pages or documents, from temp.text_hits."""
        conn = self._conn
        self._match_text(plan, tiers=False)
        total = conn.execute("SELECT count(*) FROM temp.text_hits").fetchone()[0]
        table = plan.table.split()[0]
        assert plan.fts is not None
        if total * 4 >= self._fts_rows(plan.fts.table):
            # Most rows match: walk the covering indexes in their order, each row's match looked up,
            # so the groups come out sorted (grouping tens of thousands of matches sorts them).
            source = f"{table} x INDEXED BY {{index}} CROSS JOIN temp.text_hits t ON t.fts_rowid = x.rowid"
        else:
            source = f"temp.text_hits t CROSS JOIN {table} x ON x.rowid = t.fts_rowid"
        groups = conn.execute(
            f"SELECT NULL, x.unit, x.year, x.doc_type, count(*) FROM {source.format(index=f'{table}_filters')}"
            " GROUP BY x.year, x.unit, x.doc_type"
        ).fetchall()
        criteria = conn.execute(
            f"SELECT x.criteria, count(*) FROM {source.format(index=f'{table}_criteria')} GROUP BY x.criteria"
        ).fetchall()
        return _count_facets(groups, criteria), total

    def _fts_rows(self, fts_table: str) -> int:
        """How many rows an FTS5 table holds, from its totals record (rowid 1 of `%_data`: the row
        count as a varint, then each column's token count); count(*) if that cannot be read."""
        row = self._conn.execute(f"SELECT block FROM {fts_table}_data WHERE id = 1").fetchone()
        rows = _varint(row[0]) if row is not None and isinstance(row[0], bytes) else None
        if rows is None:
            rows = self._conn.execute(f"SELECT count(*) FROM {fts_table}").fetchone()[0]
        return int(rows)

    def _top_matches(self, plan: _Plan, query: SearchQuery, text: QueryText) -> list[sqlite3.Row]:
        """The page of hits of a text-only search, in order, from temp.text_hits (filled untiered)."""
        assert plan.fts is not None
        conn = self._conn
        cut, params = "", []
        if query.sort == "relevance":
            need = query.offset + query.size
            on_page = self._page_of_best_tier(plan.fts, need)
            if on_page is not None:  # only these can be on the page: order just those
                cut, params = " WHERE t.fts_rowid IN (SELECT value FROM json_each(?))", [json.dumps(on_page)]
            else:  # the page is not all of the best tier: tier every match
                for bonus, expression in plan.fts.tier_expressions():
                    conn.execute(
                        f"UPDATE temp.text_hits SET tier = tier + {bonus:d} WHERE fts_rowid IN"
                        f" (SELECT rowid FROM {plan.fts.table} WHERE {plan.fts.table} MATCH ?)",
                        (expression,),
                    )
                # Only rows up to the last one's tier and rank can be on this page: order just those.
                last = conn.execute(
                    "SELECT tier, rank FROM temp.text_hits ORDER BY tier DESC, rank ASC LIMIT 1 OFFSET ?",
                    (need - 1,),
                ).fetchone()
                if last is not None:
                    cut, params = " WHERE t.tier > ? OR (t.tier = ? AND t.rank <= ?)", [last[0], last[0], last[1]]
        return conn.execute(
            f"SELECT {plan.select}, t.tier AS tier, t.rank AS rank FROM {' '.join(plan.text_joins)}{cut}"
            f" ORDER BY {_order(query, text)} LIMIT ? OFFSET ?",
            (*params, query.size, query.offset),
        ).fetchall()

    def _page_of_best_tier(self, fts: _TextMatch, need: int) -> list[int] | None:
        """The rowids of every match that can be among the first `need` hits when those all have the
        best tier (their tier set in temp.text_hits), or None when that cannot be told from the
        matches best by bm25 alone (then every match must be tiered).

        Tiers come before bm25 in the order, and tiering every match is a second FTS5 pass and a
        lookup per match. The `need + _TIER_MARGIN` matches best by bm25 are every match ranked
        before the first one left out; if `need` of them reach the best tier (they match every tier
        expression), no other match, worse by bm25 whatever its tier, can come before the `need`th:
        the page is made of those ranked up to the `need`th, ties included. Without tiers (text
        typed without diacritics) the best tier is every match's."""
        conn = self._conn
        looked = conn.execute(
            "SELECT fts_rowid, rank FROM temp.text_hits ORDER BY rank LIMIT ?", (need + _TIER_MARGIN + 1,)
        ).fetchall()
        left_out = looked[-1][1] if len(looked) > need + _TIER_MARGIN else None
        best = fts.best_tier()
        if best is None:
            reaching = [(row[0], row[1]) for row in looked if left_out is None or row[1] < left_out]
        else:
            table = fts.table
            reaching = conn.execute(
                f"SELECT t.fts_rowid, t.rank FROM {table} CROSS JOIN temp.text_hits t ON t.fts_rowid = {table}.rowid"
                f" WHERE {table} MATCH ?" + ("" if left_out is None else " AND t.rank < ?"),
                (best[1],) if left_out is None else (best[1], left_out),
            ).fetchall()
        if len(reaching) < need:
            return None
        last = sorted(rank for _, rank in reaching)[need - 1]
        on_page = [rowid for rowid, rank in reaching if rank <= last]
        if best is not None:
            conn.executemany("UPDATE temp.text_hits SET tier = ? WHERE fts_rowid = ?", [(best[0], r) for r in on_page])
        return on_page

    def _plan(self, target: SearchTarget, query: SearchQuery, text: QueryText) -> _Plan:
        # Every filter and facet column is on the searched table itself (schema 2): no join.
        item = {"evidence": "e", "pages": "p", "documents": "d"}[target]
        owner = {"evidence": "e.page_rowid", "pages": "p.rowid", "documents": "d.rowid"}[target]
        criterion = "e.criterion" if target == "evidence" else f"{item}.criteria"  # pages, documents: a JSON list
        fts = None if text.empty else _fts_queries(text)
        plan = _Plan(
            select=f"{item}.rowid AS item_rowid, {owner} AS owner,"
            f" {item}.{'sha256' if target == 'documents' else 'id'} AS id,"
            f" {'d.rowid' if target == 'documents' else f'{item}.doc'} AS doc, {item}.issue_date AS issue_date,"
            f" {item}.unit AS unit, {item}.year AS year, {item}.doc_type AS doc_type, {criterion} AS criterion",
            owner=owner,
            table={"evidence": "evidence e", "pages": "pages p", "documents": "documents d"}[target],
            text_joins=["temp.text_hits t"],
        )
        if fts is not None:
            plan.fts = _TextMatch(
                table="document_fts" if target == "documents" else "page_fts",
                queries=fts,
                ranked=query.sort == "relevance",
            )
        plan.text_joins.append(
            {
                "evidence": "CROSS JOIN evidence e INDEXED BY evidence_of_page ON e.page_rowid = t.fts_rowid",
                "pages": "CROSS JOIN pages p ON p.rowid = t.fts_rowid",
                "documents": "CROSS JOIN documents d ON d.rowid = t.fts_rowid",
            }[target]
        )
        self._filters(plan, target, item, query)
        return plan

    @staticmethod
    def _filters(plan: _Plan, target: SearchTarget, item: str, query: SearchQuery) -> None:
        if query.criterion is not None:
            if target == "evidence":
                plan.where.append(_CRITERION_SQL.format(col="e.criterion"))
            else:
                link = "e2.page_rowid = p.rowid" if target == "pages" else "e2.doc = d.rowid"
                plan.where.append(
                    f"EXISTS (SELECT 1 FROM evidence e2 WHERE {link} AND {_CRITERION_SQL.format(col='e2.criterion')})"
                )
            plan.params += _criterion_params(query.criterion)
        for column, value in (
            ("unit", query.unit),
            ("year", query.year),
            ("doc_type", query.doc_type),
            ("signature_status", query.signature),
        ):
            if value is not None:
                plan.where.append(f"{item}.{column} = ?")
                plan.params.append(value)
        if query.year is not None and target != "documents" and year_has_its_own_rowids(query.year):
            plan.fts_rowids = page_rowids_of_year(query.year)
        if query.issued_from is not None:
            plan.where.append(f"{item}.issue_date >= ?")
            plan.params.append(query.issued_from.isoformat())
        if query.issued_to is not None:
            plan.where.append(f"{item}.issue_date <= ?")
            plan.params.append(query.issued_to.isoformat())
        if query.method is not None:
            if target == "documents":
                plan.where.append("EXISTS (SELECT 1 FROM pages p2 WHERE p2.doc = d.rowid AND p2.method = ?)")
            else:
                plan.where.append(f"{item}.method = ?")
            plan.params.append(query.method)

    def _hit(self, target: SearchTarget, row: sqlite3.Row, text: QueryText, *, ranked: bool) -> SearchHit:
        conn = self._conn
        doc = conn.execute("SELECT * FROM documents WHERE rowid = ?", (row["doc"],)).fetchone()
        common: dict[str, Any] = {
            "kind": target,
            "id": row["id"],
            "sha256": doc["sha256"],
            "number": doc["number"],
            "doc_type": doc["doc_type"],
            "issue_date": doc["issue_date"],
            "issuer": doc["issuer"],
            "subject": doc["subject"],
            "unit": doc["unit"],
            "year": doc["year"],
            "score": row["tier"] * 1000.0 - row["rank"] if ranked else None,
        }
        if target == "documents":
            return SearchHit(**common, snippet=make_snippet(doc["headline"], text))
        if target == "pages":
            page = conn.execute("SELECT page, text FROM pages WHERE rowid = ?", (row["item_rowid"],)).fetchone()
            return SearchHit(**common, page=page["page"], snippet=make_snippet(page["text"], text))
        evidence = conn.execute(
            'SELECT e.criterion, e.page, e.start, e."end", e.quote, e.rule, p.text FROM evidence e'
            " LEFT JOIN pages p ON p.rowid = e.page_rowid WHERE e.rowid = ?",
            (row["item_rowid"],),
        ).fetchone()
        snippet = make_snippet(evidence["text"] or "", text, span=(evidence["start"], evidence["end"]))
        if not snippet:
            snippet = make_snippet(evidence["quote"], text)
        return SearchHit(
            **common,
            criterion=evidence["criterion"],
            page=evidence["page"],
            quote=evidence["quote"],
            rule=evidence["rule"],
            snippet=snippet,
        )

    def _facets(self, target: SearchTarget) -> tuple[Facets, int]:
        """Facets and the total over temp.hits, grouped in SQL and added up here."""
        conn = self._conn
        groups = conn.execute(
            f"SELECT {'criterion' if target == 'evidence' else 'NULL'}, unit, year, doc_type, count(*)"
            " FROM temp.hits GROUP BY 1, 2, 3, 4"
        ).fetchall()
        criteria = []
        if target != "evidence":  # each page's or document's criteria: a JSON list, few distinct ones
            criteria = conn.execute("SELECT criterion, count(*) FROM temp.hits GROUP BY criterion").fetchall()
        return _count_facets(groups, criteria), sum(row[4] for row in groups)


def _count_facets(groups: list[sqlite3.Row], criteria_lists: list[sqlite3.Row]) -> Facets:
    """Facets from grouped counts: (criterion or NULL, unit, year, doc_type, count) rows, and
    (JSON list of criteria, count) rows for pages and documents."""
    names = ("criterion", "unit", "year", "doc_type")
    counts: dict[str, Counter[str]] = {name: Counter() for name in names}
    for row in groups:
        for name, value in zip(names, row[:4], strict=False):
            if value is not None:
                counts[name][str(value)] += row[4]
    for criteria, count in criteria_lists:
        for criterion in _criteria_list(criteria):
            counts["criterion"][criterion] += count
    return Facets(**{name: sort_buckets(counter.items()) for name, counter in counts.items()})


@lru_cache(maxsize=65536)
def _criteria_list(criteria: str) -> tuple[str, ...]:
    """A page's or document's JSON list of criteria, parsed once per distinct list (a search's
    facets group the matches by list: about a thousand lists, the same from one search to the next)."""
    return tuple(json.loads(criteria))


def _varint(data: bytes) -> int | None:
    """The SQLite varint at the start of `data` (big-endian 7-bit groups, the ninth byte whole)."""
    value = 0
    for position, byte in enumerate(data[:9]):
        if position == 8:
            return (value << 8) | byte
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value
    return None


def _order(query: SearchQuery, text: QueryText) -> str:
    by_date = "issue_date IS NULL, issue_date {direction}, id"
    if query.sort == "oldest":
        return by_date.format(direction="ASC")
    if query.sort == "relevance" and not text.empty:
        return "tier DESC, rank ASC, " + by_date.format(direction="DESC")
    return by_date.format(direction="DESC")


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]
