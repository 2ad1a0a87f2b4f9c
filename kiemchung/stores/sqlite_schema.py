"""The embedded store's tables, their schema version, and the upgrade of a file an older version wrote.

Schema 3 (this one) lays pages out by year: a page's rowid (which is also its `page_fts` rowid) is
`year << 32` plus a number within its year (year 0 for a document without a year, or with one out
of 1–9999), so that a search filtered by year gives FTS5 a rowid range to match in, instead of
every page that holds the query's words. bm25 is unchanged by the layout: its row count, average
length and each phrase's document count are over the whole table. `evidence_of_page` covers what a
text search reads of each matching page's evidence, so the evidence rows themselves are not read.

Schema 2 keys pages and evidence by the document's integer rowid (`doc`) instead of its
64-character sha256, and copies the document's filter columns (unit, year, type, signature, date;
for evidence also its page's rowid and reading method) onto each page and evidence row, so that a
search filters, counts facets and orders one table without joining documents. A page's text is its
last column: reading the columns before it never touches the text's overflow pages.

A file written with an older schema is upgraded in place, in one transaction, when it is opened:
1 → 2 keeps the FTS5 tables' rowids (no text indexed again); 2 → 3 renumbers the pages, so their
`page_fts` rows are copied into a new table under the new rowids (tokenized again, not segmented).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from kiemchung.stores.base import StoreError

SCHEMA_VERSION = 3
_YEAR_SHIFT = 32  # room for 4 billion pages a year
_MAX_YEAR = 9999
TOKENIZER = "unicode61 remove_diacritics 0 tokenchars '_'"

_DOCUMENTS = """
CREATE TABLE IF NOT EXISTS documents (
    rowid INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    number TEXT, doc_type TEXT, issuer TEXT, subject TEXT, issue_date TEXT,
    unit TEXT, year INTEGER, signature_status TEXT NOT NULL,
    file TEXT NOT NULL, signer_name TEXT, page_count INTEGER NOT NULL, evidence_count INTEGER NOT NULL,
    extractor_version TEXT NOT NULL, headline TEXT NOT NULL,
    methods TEXT NOT NULL, criteria TEXT NOT NULL
)"""
_PAGES = """
CREATE TABLE IF NOT EXISTS {name} (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    doc INTEGER NOT NULL,
    page INTEGER NOT NULL, method TEXT NOT NULL, confidence REAL,
    unit TEXT, year INTEGER, doc_type TEXT, signature_status TEXT NOT NULL, issue_date TEXT,
    criteria TEXT NOT NULL,
    text TEXT NOT NULL
)"""
_EVIDENCE = """
CREATE TABLE IF NOT EXISTS {name} (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    doc INTEGER NOT NULL,
    page_rowid INTEGER,
    criterion TEXT NOT NULL, page INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    unit TEXT, year INTEGER, doc_type TEXT, signature_status TEXT NOT NULL, issue_date TEXT, method TEXT,
    quote TEXT NOT NULL, rule TEXT NOT NULL, confidence REAL,
    scheme TEXT, scheme_version TEXT, facts TEXT NOT NULL
)"""
_PAGE_FTS = 'CREATE VIRTUAL TABLE IF NOT EXISTS {name} USING fts5(exact, folded, words, tokenize="' + TOKENIZER + '")'
_INDEXES = [
    "CREATE INDEX IF NOT EXISTS documents_filters ON documents (year, unit, doc_type)",
    "CREATE UNIQUE INDEX IF NOT EXISTS pages_of_document ON pages (doc, page)",
    "CREATE INDEX IF NOT EXISTS pages_filters ON pages (year, unit, doc_type)",
    # Facets of a text search that matches most pages (or documents) walk these in their order.
    "CREATE INDEX IF NOT EXISTS pages_criteria ON pages (criteria)",
    "CREATE INDEX IF NOT EXISTS documents_criteria ON documents (criteria)",
    "CREATE INDEX IF NOT EXISTS evidence_of_document ON evidence (doc, criterion)",
    # Covering what a text search reads of each matching page's evidence (filters, facets, order).
    "CREATE INDEX IF NOT EXISTS evidence_of_page"
    " ON evidence (page_rowid, criterion, year, unit, doc_type, issue_date, doc, id)",
    # Criterion + year: the pages to match come from the index alone.
    "CREATE INDEX IF NOT EXISTS evidence_by_year ON evidence (year, criterion, page_rowid)",
    "CREATE INDEX IF NOT EXISTS evidence_by_criterion ON evidence (criterion)",
]
_TABLES = [
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    _DOCUMENTS,
    _PAGES.format(name="pages"),
    _EVIDENCE.format(name="evidence"),
    *_INDEXES,
    _PAGE_FTS.format(name="page_fts"),
    f'CREATE VIRTUAL TABLE IF NOT EXISTS document_fts USING fts5(exact, folded, words, tokenize="{TOKENIZER}")',
]

# Schema 1 → 2: new pages and evidence tables filled from the old ones (same rowids), old ones dropped.
_FROM_1 = [
    _PAGES.format(name="pages_2"),
    """INSERT INTO pages_2 (rowid, id, doc, page, method, confidence, unit, year, doc_type, signature_status,
                            issue_date, criteria, text)
       SELECT p.rowid, p.id, d.rowid, p.page, p.method, p.confidence, d.unit, d.year, d.doc_type,
              d.signature_status, d.issue_date, p.criteria, p.text
       FROM pages p JOIN documents d ON d.sha256 = p.sha256""",
    _EVIDENCE.format(name="evidence_2"),
    """INSERT INTO evidence_2 (rowid, id, doc, page_rowid, criterion, page, start, "end", unit, year, doc_type,
                               signature_status, issue_date, method, quote, rule, confidence, scheme,
                               scheme_version, facts)
       SELECT e.rowid, e.id, d.rowid, p.rowid, e.criterion, e.page, e.start, e."end", d.unit, d.year,
              d.doc_type, d.signature_status, d.issue_date, p.method, e.quote, e.rule, e.confidence, e.scheme,
              e.scheme_version, e.facts
       FROM evidence e JOIN documents d ON d.sha256 = e.sha256
       LEFT JOIN pages p ON p.sha256 = e.sha256 AND p.page = e.page""",
    "DROP TABLE pages",
    "DROP TABLE evidence",
    "ALTER TABLE pages_2 RENAME TO pages",
    "ALTER TABLE evidence_2 RENAME TO evidence",
    "DELETE FROM page_fts WHERE rowid NOT IN (SELECT rowid FROM pages)",  # a page no document owned
    *_INDEXES,
]

# Schema 2 → 3: pages renumbered into their year's block of rowids, in their old order.
_BLOCK_SQL = f"(CASE WHEN year BETWEEN 1 AND {_MAX_YEAR} THEN year ELSE 0 END)"
_FROM_2 = [
    f"""CREATE TEMP TABLE page_renumbering AS
        SELECT rowid AS old, ({_BLOCK_SQL} << {_YEAR_SHIFT}) + row_number() OVER (PARTITION BY {_BLOCK_SQL}
               ORDER BY rowid) AS new
        FROM pages""",
    "CREATE UNIQUE INDEX temp.page_renumbering_old ON page_renumbering (old)",
    _PAGES.format(name="pages_3"),
    """INSERT INTO pages_3 (rowid, id, doc, page, method, confidence, unit, year, doc_type, signature_status,
                            issue_date, criteria, text)
       SELECT r.new, p.id, p.doc, p.page, p.method, p.confidence, p.unit, p.year, p.doc_type,
              p.signature_status, p.issue_date, p.criteria, p.text
       FROM pages p JOIN temp.page_renumbering r ON r.old = p.rowid""",
    "DROP TABLE pages",
    "ALTER TABLE pages_3 RENAME TO pages",
    "UPDATE evidence SET page_rowid = (SELECT new FROM temp.page_renumbering WHERE old = evidence.page_rowid)"
    " WHERE page_rowid IS NOT NULL",
    _PAGE_FTS.format(name="page_fts_3"),
    """INSERT INTO page_fts_3 (rowid, exact, folded, words)
       SELECT r.new, f.exact, f.folded, f.words
       FROM page_fts f JOIN temp.page_renumbering r ON r.old = f.rowid""",
    "DROP TABLE page_fts",
    "ALTER TABLE page_fts_3 RENAME TO page_fts",
    "DROP TABLE temp.page_renumbering",
    "DROP INDEX IF EXISTS evidence_of_page",  # schema 2's covered (page_rowid, criterion) only
    *_INDEXES,
]
_UPGRADES = {1: _FROM_1, 2: _FROM_2}


def page_rowids_of_year(year: int | None) -> tuple[int, int]:
    """The first and last rowid a page of this year may have (schema 3's layout)."""
    block = year if year is not None and 1 <= year <= _MAX_YEAR else 0
    return block << _YEAR_SHIFT, ((block + 1) << _YEAR_SHIFT) - 1


def year_has_its_own_rowids(year: int) -> bool:
    """Whether every page of this year, and only those, lies in `page_rowids_of_year(year)`."""
    return 1 <= year <= _MAX_YEAR


def prepare_schema(conn: sqlite3.Connection, path: Path) -> None:
    """Create the tables in a new file, upgrade a file of an older schema, refuse one of a newer."""
    version = _stored_version(conn, path)
    if version == SCHEMA_VERSION:
        for statement in _INDEXES:  # a file written before an index was added gets it
            conn.execute(statement)
        return
    if version is None:
        for statement in _TABLES:
            conn.execute(statement)
        conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        return
    if version not in _UPGRADES:
        raise StoreError(
            f"the embedded index {path} has schema version {version}, which this kiemchung does not read"
            f" (it writes {SCHEMA_VERSION}): upgrade kiemchung, or delete the file and run `kiemchung reindex`"
        )
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = _stored_version(conn, path)  # another process may have upgraded it meanwhile
        while version is not None and version in _UPGRADES:
            for statement in _UPGRADES[version]:
                conn.execute(statement)
            version += 1
        conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _stored_version(conn: sqlite3.Connection, path: Path) -> int | None:
    """The file's schema version, or None for a file without tables yet."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone() is None:
        return None
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row is None:
        return None
    try:
        return int(row[0])
    except ValueError:
        raise StoreError(f"the embedded index {path} has an unreadable schema version {row[0]!r}") from None
