"""Embedded store results, as JSON, for the bench's searches and more: to compare two versions.

    PYTHONPATH=TREE .venv/bin/python bench/compare_store.py INDEX OUT.json [--queries 60 --seed 7]

Runs, on an existing bench index (`bench_store.py --sqlite-index INDEX`), the bench's own searches
(`--queries` of each kind, the same seed) and a fixed set of others (every target, each filter,
the sorts, pages 2–3, a word typed without or with other diacritics, no match), and writes every
result (hits, scores, snippets, totals, facets) to OUT. Two versions agree when their files are
byte-identical (`cmp`). Not a timing: one run of each search.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from bench_store import search_plans  # the script's own folder is on the path

from kiemchung.stores.base import SearchQuery
from kiemchung.stores.sqlite_store import SqliteStore

EXTRA = [
    SearchQuery(text="kế hoạch", target="documents", size=20),
    SearchQuery(text="kế hoạch", target="evidence", size=20),
    SearchQuery(text="kế hoạch", size=20, page=2),
    SearchQuery(text='"tuyên truyền"', size=30, page=3),
    SearchQuery(text="chuyển đổi số", size=100, page=4),
    SearchQuery(text="kê hoach", size=20),  # other diacritics: few or no exact matches
    SearchQuery(text="kế hoạch", sort="newest", size=20),
    SearchQuery(text="thu tuc", sort="oldest", size=20, page=2),
    SearchQuery(text="báo cáo kết quả", year=2021, size=20),
    SearchQuery(text="báo cáo", unit="unit-03", doc_type="KH", size=20),
    SearchQuery(text="kế hoạch", criterion="1.3", size=20),
    SearchQuery(text="cải cách", issued_from=dt.date(2022, 1, 1), issued_to=dt.date(2022, 6, 30), size=20),
    SearchQuery(text="kế hoạch", method="ocr", size=20),
    SearchQuery(text="Sáng kiến", size=20),
    SearchQuery(text="không có chữ này zzqx", size=20),
    SearchQuery(criterion="1.1", year=2020, size=20),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("index")
    parser.add_argument("out")
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    store = SqliteStore(Path(args.index))
    queries = [q for plan in search_plans(args.queries, args.seed).values() for q in plan] + EXTRA
    results = [json.loads(store.search(query).model_dump_json()) for query in queries]
    store.close()
    Path(args.out).write_text(json.dumps(results, ensure_ascii=False, indent=1, sort_keys=True))
    print(f"{len(results)} searches written to {args.out}")


if __name__ == "__main__":
    main()
