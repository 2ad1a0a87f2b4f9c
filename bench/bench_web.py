"""Web pages at scale: search and scorecard page times vs the store's raw query time, as ratios.

    .venv/bin/python bench/bench_web.py [--documents 10000] [--evidence 10] [--home DIR] [--runs 20]

Builds (or reuses, with --home) a KIEMCHUNG_HOME whose embedded store holds documents × evidence
items (default 10,000 × 10 = 100,000 evidence items) across 50 units and 4 years; the archive holds
the records of the one unit and year whose scorecard is measured (the store is what the pages
query at scale; the archive is read only for that unit's records). Set KIEMCHUNG_ELASTICSEARCH_URL
to measure on Elasticsearch instead. Then, through the real app (FastAPI TestClient, logged in):
1. search page for a criterion + unit + year vs the store's raw evidence query with facets;
2. search page with free text (no diacritics) vs the raw query;
3. scorecard page (warm: proposals cached) and its first, cold view, vs the raw documents query.
Medians of --runs; numbers are printed, not asserted: machines differ, ratios travel.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fastapi.testclient import TestClient

from core.models import DocumentRecord, Evidence, Page
from core.rubric import default_scheme
from kiemchung.archive import Archive
from kiemchung.settings import Settings, get_settings
from kiemchung.stores import SearchQuery, open_store
from kiemchung.web import create_app
from kiemchung.web.config import WebSettings
from kiemchung.web.database import WEB_DATABASE_FILE
from kiemchung.web.users import UserStore

UNITS = [f"bench.don-vi-{n:02d}" for n in range(50)]
YEARS = [2022, 2023, 2024, 2025]
TARGET_UNIT, TARGET_YEAR = UNITS[7], 2024
PASSWORD = "mat-khau-do-hieu-nang"
LINES = [
    "Căn cứ Quyết định số 876/QĐ-BNV ngày 10 tháng 11 năm 2022 của Bộ trưởng Bộ Nội vụ;",
    "Thực hiện nhiệm vụ cải cách hành chính, nâng cao chất lượng phục vụ người dân và doanh nghiệp.",
    "Đẩy mạnh tuyên truyền cải cách hành chính đến cán bộ, công chức, viên chức.",
    "Kiểm tra công tác cải cách hành chính tại các cơ quan, đơn vị trực thuộc.",
    "Rà soát, đơn giản hóa thủ tục hành chính trên địa bàn.",
    "Ứng dụng công nghệ thông tin, chuyển đổi số trong hoạt động của cơ quan hành chính.",
]


def leaf_criteria() -> list[str]:
    return [node.id for node in default_scheme().walk() if node.evidence and not node.criteria]


def make_record(index: int, evidence_per_document: int, criteria: list[str]) -> DocumentRecord:
    scheme = default_scheme()
    unit, year = UNITS[index % len(UNITS)], YEARS[(index // len(UNITS)) % len(YEARS)]
    number = f"{index + 1}/KH-UBND"
    title = f"Kế hoạch số {number} về cải cách hành chính năm {year}"
    lines = [title] + [LINES[(index + k) % len(LINES)] for k in range(evidence_per_document)]
    text = "\n".join(lines)
    evidence = []
    for k in range(evidence_per_document):
        line = lines[k + 1]
        start = sum(len(part) + 1 for part in lines[: k + 1])  # after the lines above and their newlines
        evidence.append(Evidence(
            criterion=criteria[(index + k) % len(criteria)], page=1, start=start, end=start + len(line), quote=line,
            rule="bench", confidence=0.9, facts={"plan_year": year}, scheme=scheme.scheme,
            scheme_version=scheme.version,
        ))  # fmt: skip
    return DocumentRecord(
        file=f"bench-{index}.pdf", sha256=hashlib.sha256(f"bench-{index}".encode()).hexdigest(), doc_type="KH",
        number=number, issuer=f"Ủy ban nhân dân {unit}", issue_date=dt.date(year - 1, 12, 1 + index % 28),
        subject=title, pages=[Page(page=1, method="ocr" if index % 5 == 0 else "text", text=text)],
        evidence=evidence, unit=unit, year=year, page_count=1, extractor_version="bench-1",
    )  # fmt: skip


def records(count: int, evidence_per_document: int) -> Iterator[DocumentRecord]:
    criteria = leaf_criteria()
    for index in range(count):
        yield make_record(index, evidence_per_document, criteria)


def build_home(settings: Settings, count: int, evidence_per_document: int) -> None:
    store = open_store(settings)
    archive = Archive(settings.home)
    started = time.perf_counter()
    try:
        batch: list[DocumentRecord] = []
        for record in records(count, evidence_per_document):
            if record.unit == TARGET_UNIT and record.year == TARGET_YEAR:
                archive.put_record(record)
            batch.append(record)
            if len(batch) == 500:
                store.index_documents(batch)
                batch.clear()
                print(f"\r  indexed {record.file}", end="", file=sys.stderr)
        store.index_documents(batch)
        counts = store.counts()
    finally:
        store.close()
    print(f"\r  built {counts.documents} documents, {counts.evidence} evidence items in "
          f"{time.perf_counter() - started:.0f} s", file=sys.stderr)  # fmt: skip
    users = UserStore(settings.home / WEB_DATABASE_FILE)
    if users.get("bench") is None:
        users.add("bench", "appraiser", PASSWORD)


def median_ms(action: Callable[[], object], runs: int) -> float:
    action()  # warm-up: caches, first connection
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--evidence", type=int, default=10, help="evidence items per document")
    parser.add_argument("--home", type=Path, help="KIEMCHUNG_HOME to build or reuse (default: a temp dir)")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kiemchung-bench-web-") as temp:
        home = args.home or Path(temp)
        settings = get_settings().model_copy(update={"home": home})
        if not (home / WEB_DATABASE_FILE).exists():
            build_home(settings, args.documents, args.evidence)
        store = open_store(settings)
        criterion = leaf_criteria()[0]
        raw_criterion = SearchQuery(criterion=criterion, unit=TARGET_UNIT, year=TARGET_YEAR, size=20)
        raw_text = SearchQuery(text="tuyen truyen cai cach", size=20)
        raw_documents = SearchQuery(target="documents", unit=TARGET_UNIT, year=TARGET_YEAR, size=100)
        total = store.counts()
        rows: list[tuple[str, float, float]] = []
        with TestClient(create_app(settings, WebSettings(secret_key="bench"))) as client:
            token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
            assert token
            client.post("/login", data={"name": "bench", "password": PASSWORD, "csrf_token": token.group(1)})
            cold_started = time.perf_counter()
            cold = client.get("/scorecard", params={"unit": TARGET_UNIT, "year": TARGET_YEAR})
            cold_ms = (time.perf_counter() - cold_started) * 1000
            assert cold.status_code == 200 and "Tổng điểm đề xuất" in cold.text, cold.text[:500]
            raw_ms = median_ms(lambda: store.search(raw_criterion), args.runs)
            page_ms = median_ms(lambda: client.get("/search", params={"criterion": criterion, "unit": TARGET_UNIT,
                                                                      "year": TARGET_YEAR}), args.runs)  # fmt: skip
            rows.append(("search page, criterion + unit + year", page_ms, raw_ms))
            raw_ms = median_ms(lambda: store.search(raw_text), args.runs)
            page_ms = median_ms(lambda: client.get("/search", params={"q": "tuyen truyen cai cach"}), args.runs)
            rows.append(("search page, free text without diacritics", page_ms, raw_ms))
            raw_ms = median_ms(lambda: store.search(raw_documents), args.runs)
            page_ms = median_ms(lambda: client.get("/scorecard", params={"unit": TARGET_UNIT, "year": TARGET_YEAR}),
                                args.runs)  # fmt: skip
            rows.append(("scorecard page (warm)", page_ms, raw_ms))
            rows.append(("scorecard page (first view)", cold_ms, raw_ms))
        store.close()
    print(f"store: {store.name}; {total.documents} documents, {total.evidence} evidence items; "
          f"median of {args.runs} runs")  # fmt: skip
    print(f"{'':45} {'page ms':>9} {'raw ms':>8} {'ratio':>7}")
    for name, page_ms, raw_ms in rows:
        print(f"{name:45} {page_ms:9.1f} {raw_ms:8.1f} {page_ms / raw_ms:7.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
