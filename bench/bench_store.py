"""Evidence store benchmark: bulk indexing rate and search latency, embedded SQLite vs Elasticsearch.

    .venv/bin/python bench/bench_store.py                      # starts its own node, stops it after
    .venv/bin/python bench/bench_store.py --elasticsearch-url http://127.0.0.1:9200
    .venv/bin/python bench/bench_store.py --skip-elasticsearch --search-documents 4000

1. Bulk indexing: `--bulk-documents` synthetic records (2 pages, 5 evidence items each) through
   `index_documents` of each store, against the raw `_bulk` rate of the very same payload (the
   NDJSON the Elasticsearch store sends, prepared beforehand and POSTed in 500-action chunks).
   "prepare" is the record → index items step both stores share (folding, word segmentation).
2. Search: `--search-documents` records (5 evidence items each: 20,000 → 100,000 items) rebuilt into
   each store (`--sqlite-index FILE` keeps the embedded index, or reuses it), then `--queries`
   searches of two kinds, after a warm-up: evidence with a criterion (sub-tree) + year filter and
   text, and free text over pages (what the web search page runs); p50 and p95 latency per store,
   each next to the raw SQLite FTS5 query of the same text (folded match ranked by bm25, top
   `size`, on a plain connection to the same file) run right after it, and the p95 ratio. The
   embedded store's times are also given in CPU ms of this process, which other jobs on the
   machine do not stretch. The embedded store's query plan (`EXPLAIN QUERY PLAN` of each statement
   one search of each kind runs) is printed before the table.

Synthetic text is drawn line by line from a pool of administrative sentences, so word segmentation
(cached per line) does not dominate; real documents segment at about 20,000 words/s. Not run in CI.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from elasticsearch import Elasticsearch
from rich.console import Console
from rich.table import Table

from core.models import DocumentRecord, Evidence, Page
from kiemchung.stores.base import EvidenceStore, SearchQuery
from kiemchung.stores.documents import IndexedRecord, index_record
from kiemchung.stores.elasticsearch_store import KINDS, ElasticsearchStore, index_sources
from kiemchung.stores.sqlite_store import SqliteStore, _fts_queries
from kiemchung.stores.text import clear_segmentation_cache, parse_query_text

REPO = Path(__file__).resolve().parents[1]
SENTENCES = [
    "Thực hiện Kế hoạch cải cách hành chính năm {year} của Ủy ban nhân dân tỉnh.",
    "Đẩy mạnh tuyên truyền cải cách hành chính đến người dân và doanh nghiệp.",
    "Báo cáo kết quả thực hiện công tác cải cách hành chính quý {quarter} năm {year}.",
    "Kiện toàn Ban Chỉ đạo cải cách hành chính và phân công nhiệm vụ cho các thành viên.",
    "Rà soát, đơn giản hóa thủ tục hành chính thuộc thẩm quyền giải quyết.",
    "Công bố danh mục thủ tục hành chính mới ban hành, sửa đổi, bổ sung.",
    "Kiểm tra công tác cải cách hành chính tại các cơ quan, đơn vị trực thuộc.",
    "Xây dựng, phát triển chính quyền điện tử, chính quyền số; chuyển đổi số năm {year}.",
    "Tỷ lệ hồ sơ giải quyết đúng hạn đạt {percent}%, vượt chỉ tiêu kế hoạch đề ra.",
    "Các cơ quan, đơn vị báo cáo kết quả về Sở Nội vụ trước ngày {day} tháng {month}.",
    "Giao Văn phòng Ủy ban nhân dân theo dõi, đôn đốc việc thực hiện kế hoạch này.",
    "Kinh phí thực hiện từ nguồn ngân sách nhà nước được giao trong dự toán năm {year}.",
    "Quyết định này có hiệu lực kể từ ngày ký; các cơ quan liên quan chịu trách nhiệm thi hành.",
    "Sáng kiến, giải pháp mới trong cải cách hành chính được công nhận và nhân rộng.",
    "Ứng dụng công nghệ thông tin, dịch vụ công trực tuyến toàn trình và một phần.",
    "Nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức làm công tác cải cách.",
]
CRITERIA = ["1.1.1", "1.1.2", "1.2", "1.3.1", "1.3.2", "1.4", "1.5", "1.6", "3.1.1", "3.2.1", "7.1.1"]
FILTER_CRITERIA = ["1", "1.1", "1.3", "1.4", "3", "3.1.1", "7"]
DOC_TYPES = ["KH", "BC", "QĐ", "CV", "TB"]
UNITS = [f"unit-{n:02d}" for n in range(30)]
YEARS = list(range(2019, 2026))
QUERY_TEXTS = ["cai cach hanh chinh", "kế hoạch", '"tuyên truyền"', "báo cáo kết quả", "thu tuc", "chuyển đổi số"]


def synthetic_records(count: int, seed: int) -> Iterator[DocumentRecord]:
    rng = random.Random(seed)
    for n in range(count):
        year = rng.choice(YEARS)
        values = {"year": year, "quarter": rng.choice(["I", "II", "III", "IV"]), "percent": rng.randint(60, 100),
                  "day": rng.randint(1, 28), "month": rng.randint(1, 12)}  # fmt: skip
        pages = []
        for number in (1, 2):
            lines = [rng.choice(SENTENCES).format(**values) for _ in range(8)]
            pages.append(Page(page=number, method=rng.choice(["text", "ocr"]), text="\n".join(lines)))
        evidence = []
        for criterion in rng.sample(CRITERIA, 5):
            page = rng.choice(pages)
            line = rng.choice(page.text.split("\n"))
            start = page.text.index(line)
            evidence.append(Evidence(criterion=criterion, page=page.page, start=start, end=start + len(line),
                                     quote=line, rule="bench", confidence=0.9))  # fmt: skip
        yield DocumentRecord(
            file=f"bench/{n}.pdf",
            sha256=hashlib.sha256(f"bench-{seed}-{n}".encode()).hexdigest(),
            doc_type=rng.choice(DOC_TYPES),
            number=f"{n}/KH-UBND",
            issuer="Ủy ban nhân dân tỉnh",
            issue_date=dt.date(year, rng.randint(1, 12), rng.randint(1, 28)),
            subject=pages[0].text.split("\n")[0],
            unit=rng.choice(UNITS),
            year=year,
            pages=pages,
            page_count=2,
            evidence=evidence,
            extractor_version="bench",
        )


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


def bench_bulk(records: list[DocumentRecord], stores: dict[str, EvidenceStore], es: ElasticsearchStore | None,
               console: Console) -> Table:  # fmt: skip
    table = Table(title=f"Bulk indexing, {len(records):,} documents ({len(records) * 7:,} items)")
    for column in ("path", "seconds", "documents/s", "vs raw _bulk"):
        table.add_column(column, justify="right" if column != "path" else "left")
    started = time.perf_counter()
    indexed = [index_record(record) for record in records]
    prepare = time.perf_counter() - started
    table.add_row("prepare (fold + segment), shared", f"{prepare:.2f}", f"{rate(len(records), prepare):,.0f}", "")

    raw_rate = None
    if es is not None:
        raw_rate = raw_bulk_rate(es, indexed, len(records))
        table.add_row("raw _bulk of the same payload", f"{len(records) / raw_rate:.2f}", f"{raw_rate:,.0f}", "1.00")
    clear_segmentation_cache()  # each store pays for segmentation itself
    for name, store in stores.items():
        console.print(f"indexing {len(records):,} documents into {name}…")
        started = time.perf_counter()
        report = store.index_documents(records)
        seconds = time.perf_counter() - started
        assert not report.errors, report.errors[:3]
        ratio = f"{rate(len(records), seconds) / raw_rate:.2f}" if raw_rate else "n/a"
        table.add_row(f"{name}.index_documents", f"{seconds:.2f}", f"{rate(len(records), seconds):,.0f}", ratio)
        clear_segmentation_cache()
    return table


def raw_bulk_rate(es: ElasticsearchStore, indexed: list[IndexedRecord], documents: int) -> float:
    """POST the prepared NDJSON to fresh indices made from the same templates; documents per second."""
    client: Elasticsearch = es.client
    suffix = f"raw{int(time.time())}"
    targets = {kind: f"{es.alias(kind)}-{suffix}" for kind in KINDS}
    for index in targets.values():
        client.indices.create(index=index)
    lines: list[bytes] = []
    for item in indexed:
        for kind, item_id, source in index_sources(item):
            lines.append(json.dumps({"index": {"_index": targets[kind], "_id": item_id}}).encode())
            lines.append(json.dumps(source, ensure_ascii=False).encode())
    chunks = [b"\n".join(lines[i : i + 1000]) + b"\n" for i in range(0, len(lines), 1000)]  # 500 actions
    try:
        started = time.perf_counter()
        for chunk in chunks:
            response = client.bulk(operations=chunk)  # type: ignore[arg-type]
            assert not response["errors"]
        client.indices.refresh(index=",".join(targets.values()))
        return rate(documents, time.perf_counter() - started)
    finally:
        client.indices.delete(index=",".join(targets.values()))


def raw_fts(conn: sqlite3.Connection, query: SearchQuery) -> tuple[float, float]:
    """The raw SQLite FTS5 query for the query's text alone: its folded match ranked by bm25, top
    `size` rows, on a plain connection to the same file; (wall ms, CPU ms)."""
    text = _fts_queries(parse_query_text(query.text)).folded
    started, started_cpu = time.perf_counter(), time.process_time()
    conn.execute(
        "SELECT rowid, bm25(page_fts, 0.0, 1.0, 0.0) AS score FROM page_fts WHERE page_fts MATCH ?"
        " ORDER BY score LIMIT ?",
        (text, query.size),
    ).fetchall()
    return (time.perf_counter() - started) * 1000, (time.process_time() - started_cpu) * 1000


def search_plans(queries: int, seed: int) -> dict[str, list[SearchQuery]]:
    rng = random.Random(seed)
    evidence = [
        SearchQuery(
            text=rng.choice(QUERY_TEXTS),
            criterion=rng.choice(FILTER_CRITERIA),
            year=rng.choice(YEARS),
            target="evidence",
            size=10,
        )
        for _ in range(queries)
    ]
    free_text = [SearchQuery(text=rng.choice(QUERY_TEXTS), size=20) for _ in range(queries)]  # the web search page
    return {"criterion + year + text (evidence)": evidence, "free text (pages, the web search page)": free_text}


def query_plans(store: SqliteStore, query: SearchQuery) -> list[tuple[str, list[str]]]:
    """Each statement one search runs, with its `EXPLAIN QUERY PLAN`: the search runs with its
    temporary tables kept, so that its statements can be explained afterwards."""
    statements: list[str] = []
    conn = store._conn
    drop_temp_tables = store._drop_temp_tables
    setattr(store, "_drop_temp_tables", lambda: None)  # noqa: B010  (an instance attribute, undone below)
    conn.set_trace_callback(statements.append)
    try:
        drop_temp_tables()
        store.search(query)
    finally:
        conn.set_trace_callback(None)
        delattr(store, "_drop_temp_tables")
    plans, seen = [], set()
    for sql in statements:
        select = re.sub(r"^\s*CREATE TEMP TABLE \w+ AS ", "", sql)
        shape = re.sub(r"'[^']*'|\b\d+\b", "?", select)
        if not re.match(r"\s*(SELECT|INSERT)", select) or shape in seen:
            continue  # table creation and drops; a per-hit lookup once
        seen.add(shape)
        plans.append((select, [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + select)]))
    drop_temp_tables()
    return plans


def print_plans(store: SqliteStore, seed: int, console: Console) -> None:
    for title, plan in search_plans(1, seed).items():
        console.print(f"[bold]query plan, sqlite, {title}:[/bold] {plan[0].model_dump(exclude_defaults=True)}")
        for sql, steps in query_plans(store, plan[0]):
            console.print(f"  {sql}", markup=False, highlight=False)
            for step in steps:
                console.print(f"      {step}", markup=False, highlight=False)


def bench_search(stores: dict[str, EvidenceStore], queries: int, seed: int, evidence_items: int,
                 sqlite_path: Path) -> Table:  # fmt: skip
    table = Table(title=f"Search, {evidence_items:,} evidence items; wall ms (CPU ms of this process)")
    for column in ("search", "store", "queries", "p50 ms", "p95 ms", "raw FTS p50", "raw FTS p95", "p95/raw p95",
                   "mean hits"):  # fmt: skip
        table.add_column(column, justify="right" if column not in ("search", "store") else "left")
    raw_conn = sqlite3.connect(sqlite_path)
    for title, plan in search_plans(queries, seed).items():
        for name, store in stores.items():
            for query in plan[:20]:  # warm caches and JIT
                store.search(query)
                raw_fts(raw_conn, query)
            wall, cpu, raw_wall, raw_cpu, totals = [], [], [], [], []
            for query in plan:
                started, started_cpu = time.perf_counter(), time.process_time()
                result = store.search(query)
                wall.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
                totals.append(result.total)
                raw = raw_fts(raw_conn, query)  # same moment, same load
                raw_wall.append(raw[0])
                raw_cpu.append(raw[1])

            def cell(values: list[float], cpu_values: list[float] | None, p95: bool) -> str:
                pick = (lambda v: statistics.quantiles(v, n=20)[18]) if p95 else statistics.median
                return f"{pick(values):.1f}" + (f" ({pick(cpu_values):.1f})" if cpu_values else "")

            own_cpu = cpu if name == "sqlite" else None  # Elasticsearch works in another process
            ratio = statistics.quantiles(wall, n=20)[18] / statistics.quantiles(raw_wall, n=20)[18]
            if own_cpu:
                ratio_cpu = statistics.quantiles(cpu, n=20)[18] / statistics.quantiles(raw_cpu, n=20)[18]
                ratio_text = f"{ratio:.2f} ({ratio_cpu:.2f})"
            else:
                ratio_text = f"{ratio:.2f}"
            table.add_row(title, name, str(len(plan)), cell(wall, own_cpu, False), cell(wall, own_cpu, True),
                          cell(raw_wall, raw_cpu, False), cell(raw_wall, raw_cpu, True), ratio_text,
                          f"{statistics.mean(totals):,.0f}")  # fmt: skip
    raw_conn.close()
    return table


def start_node(state: Path) -> str:
    env = {**os.environ, "KIEMCHUNG_ES_STATE": str(state)}
    done = subprocess.run([str(REPO / "scripts" / "elasticsearch"), "start"], env=env, capture_output=True,
                          text=True, check=False)  # fmt: skip
    if done.returncode != 0:
        sys.exit(f"bench_store: could not start Elasticsearch: {done.stderr.strip()[-500:]}")
    return done.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bulk-documents", type=int, default=2000)
    parser.add_argument("--search-documents", type=int, default=20_000, help="× 5 evidence items")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--elasticsearch-url", default=os.environ.get("KIEMCHUNG_TEST_ELASTICSEARCH_URL"))
    parser.add_argument("--skip-elasticsearch", action="store_true")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-bulk", action="store_true")
    parser.add_argument("--sqlite-index", help="build the search index here, or reuse it if it exists")
    args = parser.parse_args()
    console = Console(width=200)

    with tempfile.TemporaryDirectory(prefix="kiemchung-bench-") as scratch:
        started_here = not args.skip_elasticsearch and not args.elasticsearch_url
        url = None if args.skip_elasticsearch else args.elasticsearch_url or start_node(Path(scratch) / "node")
        prefix = f"kcbench-{int(time.time())}"
        es = ElasticsearchStore(url, index_prefix=prefix) if url else None
        try:
            stores: dict[str, EvidenceStore] = {"sqlite": SqliteStore(Path(scratch) / "bulk.sqlite")}
            if es is not None:
                stores["elasticsearch"] = es
            if not args.skip_bulk:
                bulk_records = list(synthetic_records(args.bulk_documents, args.seed))
                console.print(bench_bulk(bulk_records, stores, es, console))

            search_records = list(synthetic_records(args.search_documents, args.seed + 1))
            evidence_items = sum(len(r.evidence) for r in search_records)
            sqlite_path = Path(args.sqlite_index) if args.sqlite_index else Path(scratch) / "search.sqlite"
            reuse = sqlite_path.exists()
            search_stores: dict[str, EvidenceStore] = {"sqlite": SqliteStore(sqlite_path)}
            if es is not None:
                search_stores["elasticsearch"] = es
            for name, store in search_stores.items():
                if name == "sqlite" and reuse:
                    console.print(f"reusing {sqlite_path}")
                    continue
                console.print(f"building the {name} index: {len(search_records):,} documents…")
                started = time.perf_counter()
                store.rebuild(search_records)
                console.print(f"  {time.perf_counter() - started:.1f} s")
            sqlite_store = search_stores["sqlite"]
            assert isinstance(sqlite_store, SqliteStore)
            print_plans(sqlite_store, args.seed, console)
            console.print(bench_search(search_stores, args.queries, args.seed, evidence_items, sqlite_path))
        finally:
            if es is not None:
                es.drop()
                es.close()
            if started_here:
                env = {**os.environ, "KIEMCHUNG_ES_STATE": str(Path(scratch) / "node")}
                subprocess.run([str(REPO / "scripts" / "elasticsearch"), "stop"], env=env, check=False)


if __name__ == "__main__":
    main()
