"""Documents per minute for a crawl of N fixture PDFs served from 127.0.0.1.

    .venv/bin/python bench/bench_crawl.py [--documents 40] [--fetch-only]

Two numbers: the crawler alone (listing → articles → PDFs, checked and hashed; ingest is a no-op)
and the whole path (plus archive, real extraction with tagging, and the embedded index). The
portal is the test fixture (tests/fixtures/portal) with N articles of one PDF each; no traffic
leaves this machine. Results are printed and written to bench/results/crawl.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY / "tests" / "fixtures" / "portal"))
sys.path.insert(0, str(REPOSITORY))

from portal_site import PortalServer, PortalSite, sources_yaml  # noqa: E402

from kiemchung.archive import Archive  # noqa: E402
from kiemchung.settings import Settings  # noqa: E402
from kiemchung.sources.arrivals import ArrivalIngestor  # noqa: E402
from kiemchung.sources.config import parse_sources  # noqa: E402
from kiemchung.sources.crawl import CrawlSession, IngestResult  # noqa: E402
from kiemchung.sources.crawlers import Arrival  # noqa: E402
from kiemchung.stores import open_store  # noqa: E402


def no_ingest(arrival: Arrival) -> IngestResult:
    return IngestResult(sha256=arrival.sha256, new=True)


def crawl_once(documents: int, *, full: bool) -> dict[str, float | int]:
    with PortalServer(PortalSite.with_many_documents(documents)) as portal, tempfile.TemporaryDirectory() as home:
        config = parse_sources(sources_yaml(portal, policy="  max_connections_per_host: 4"))
        store = open_store(Settings(home=Path(home))) if full else None
        ingest = ArrivalIngestor(Archive(Path(home)), store) if store is not None else no_ingest
        started = time.perf_counter()
        with CrawlSession(config, Path(home)) as session:
            report = session.run(ingest)
            requests = session.requests_sent
        seconds = time.perf_counter() - started
        if store is not None:
            store.close()
    counts = report.counts()
    assert counts.new == documents, f"expected {documents} new documents, got {counts}"
    return {
        "documents": documents,
        "seconds": round(seconds, 2),
        "documents_per_minute": round(documents / seconds * 60, 1),
        "http_requests": requests,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=40)
    parser.add_argument("--fetch-only", action="store_true", help="skip the archive/extract/index run")
    args = parser.parse_args()
    results = {"crawler_only": crawl_once(args.documents, full=False)}
    if not args.fetch_only:
        crawl_once(2, full=True)  # warm-up: imports and the OCR pool's first start are not per document
        results["crawl_and_ingest"] = crawl_once(args.documents, full=True)
    out = REPOSITORY / "bench" / "results" / "crawl.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
