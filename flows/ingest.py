"""`ingest`: files, folders or URLs → archive → extract (with tags) → index.

Local files go through `kiemchung.stores.ingest.ingest_paths`, the very function `kiemchung ingest`
uses; URLs are fetched under the same safety rules as a crawl and ingested with their URL provenance.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.tasks import exponential_backoff

from flows.common import cached_extractor, current_flow_run_id, publish_counts, settings_for
from flows.crawl import _transient_only, archive_and_index, ingest_document
from kiemchung.archive import Archive
from kiemchung.sources.arrivals import ArrivalIngestor
from kiemchung.sources.config import FetchPolicy
from kiemchung.sources.crawlers import Arrival, fetch_url
from kiemchung.sources.errors import FetchError
from kiemchung.sources.fetcher import Fetcher
from kiemchung.stores import EvidenceStore
from kiemchung.stores.ingest import IngestSummary, ingest_paths
from kiemchung.stores.outbox import DeferredIndex
from kiemchung.stores.seen_files import SeenFiles


def _is_url(item: str) -> bool:
    return urlsplit(item).scheme in ("http", "https")


@task(name="ingest-files", task_run_name="ingest {count} local files", cache_policy=NO_CACHE, retries=1)
def ingest_files(
    archive: Archive, store: EvidenceStore | DeferredIndex, paths: list[Path], count: int, verify: bool = False
) -> IngestSummary:
    """Files unchanged since this home indexed them are skipped unread unless `verify`."""
    logger = get_run_logger()
    seen = SeenFiles(archive.home)
    try:
        return ingest_paths(
            paths,
            archive,
            store,
            extract=cached_extractor(archive.home),
            flow_run_id=current_flow_run_id(),
            on_outcome=lambda outcome: logger.info(
                "%s: %s%s", outcome.status, outcome.file, f" — {outcome.error}" if outcome.error else ""
            ),
            seen=seen,
            verify=verify,
        )
    finally:
        seen.close()


@task(
    name="fetch-url",
    task_run_name="fetch {url}",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=exponential_backoff(backoff_factor=5),
    retry_condition_fn=_transient_only,
)
def fetch_one(fetcher: Fetcher, url: str) -> Arrival:
    return fetch_url(fetcher, url)


@flow(name="ingest")
def ingest(
    inputs: list[str], home: str | None = None, allow_addresses: list[str] | None = None, verify: bool = False
) -> dict[str, int]:
    """Ingest files, folders and URLs. `allow_addresses` opens private networks (tests: 127.0.0.1);
    `verify` reads files unchanged since the last run too (as `kiemchung ingest --verify`)."""
    from extractors.pipeline import iter_pdf_paths

    settings = settings_for(home)
    logger = get_run_logger()
    urls = [item for item in inputs if _is_url(item)]
    paths = iter_pdf_paths([Path(item) for item in inputs if not _is_url(item)])
    counts = {"found": len(paths) + len(urls), "new": 0, "skipped": 0, "failed": 0, "index_pending": 0}
    rows: list[dict[str, object]] = []
    with archive_and_index(settings) as (archive, store):
        if paths:
            summary = ingest_files(archive, store, paths, len(paths), verify)
            counts["new"] += summary.extracted
            counts["skipped"] += summary.unchanged
            counts["failed"] += summary.failed
            counts["index_pending"] += summary.pending
        if urls:
            policy = FetchPolicy(allow_addresses=tuple(allow_addresses or ()))
            hosts = frozenset((urlsplit(url).hostname or "").lower() for url in urls)
            ingestor = ArrivalIngestor(
                archive, store, extract=cached_extractor(settings.home), flow_run_id=current_flow_run_id()
            )
            with Fetcher(policy, hosts) as fetcher:
                futures = [(url, fetch_one.submit(fetcher, url)) for url in urls]
                for url, future in futures:
                    fetched = future.result(raise_on_failure=False)
                    if isinstance(fetched, BaseException):
                        reason = fetched.reason if isinstance(fetched, FetchError) else str(fetched)
                        logger.warning("failed: %s — %s", url, reason)
                        counts["failed"] += 1
                        rows.append({"url": url, "outcome": "failed", "reason": reason})
                        continue
                    result = ingest_document(ingestor, fetched)
                    outcome = "failed" if result.error else "new" if result.new else "skipped"
                    counts[outcome] += 1
                    counts["index_pending"] += result.index_pending is not None
                    logger.info("%s: %s sha256=%s", outcome, url, result.sha256[:12])
                    rows.append({"url": url, "outcome": outcome, "reason": result.error, "sha256": result.sha256})
    publish_counts("ingest", "Ingest", counts, rows)
    return counts
