"""`crawl`: configured sources → new document links → fetched, checked documents → ingest.

Discovery runs source by source (polite); documents are fetched in parallel threads (the fetcher
keeps the per-host pace and connection limit); each fetched document is ingested in the flow's own
thread, one at a time (stores may be thread-bound, and extraction uses every core already).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import TaskRun
from prefect.futures import PrefectFuture, as_completed
from prefect.states import State
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.tasks import Task, exponential_backoff

from flows.common import cached_extractor, current_flow_run_id, publish_counts, settings_for
from kiemchung.archive import Archive
from kiemchung.settings import Settings
from kiemchung.sources.arrivals import ArrivalIngestor
from kiemchung.sources.config import default_sources_file, load_sources
from kiemchung.sources.crawl import CrawlReport, CrawlSession, IngestResult, ItemResult, not_fetched
from kiemchung.sources.crawlers import Arrival, Discovery, DocumentLink
from kiemchung.sources.errors import FetchError, FetchUnavailable
from kiemchung.stores.outbox import DeferredIndex, Outbox, store_key_for

FETCH_THREADS = 4


@contextmanager
def archive_and_index(settings: Settings) -> Iterator[tuple[Archive, DeferredIndex]]:
    """The archive, and the store opened when first needed: unreachable, what it misses is queued in
    the home's outbox (and drained by the next run that reaches it) instead of failing the flow."""
    from kiemchung.stores import open_store

    index = DeferredIndex(
        lambda: open_store(settings),
        name="elasticsearch" if settings.elasticsearch_url else "sqlite",
        key=store_key_for(settings.elasticsearch_url, settings.elasticsearch_index_prefix),
        outbox=Outbox.in_home(settings.home),
        on_unavailable=lambda problem: get_run_logger().warning("index unavailable: %s", problem),
    )
    try:
        yield Archive(settings.home), index
    finally:
        index.close()


FETCH_TASK_RETRIES = 2


def _transient_only(task: Task, task_run: TaskRun, state: State) -> bool:
    """Retry a fetch only for what may pass (5xx, timeouts); a refusal or a rejection will not."""
    error = state.data if isinstance(state.data, BaseException) else state.result(raise_on_failure=False)
    return isinstance(error, FetchUnavailable)


@task(name="discover", task_run_name="discover {name}", cache_policy=NO_CACHE)
def discover_source(session: CrawlSession, name: str) -> Discovery:
    found = session.discover(name)
    logger = get_run_logger()
    logger.info(
        "%s: %d listing pages read, %d unchanged, %d articles read; %d documents found, %d new, %d to fetch",
        name,
        found.pages_fetched,
        found.pages_unchanged,
        found.articles_read,
        found.documents_found,
        found.documents_new,
        len(found.to_fetch),
    )
    for error in found.errors:
        logger.warning("%s: %s", name, error)
    return found


@task(
    name="fetch-document",
    task_run_name="fetch {link.url}",
    cache_policy=NO_CACHE,
    retries=FETCH_TASK_RETRIES,
    retry_delay_seconds=exponential_backoff(backoff_factor=10),
    retry_condition_fn=_transient_only,
)
def fetch_document(session: CrawlSession, link: DocumentLink) -> Arrival | None:
    """The document, or None if a conditional re-check says it is unchanged; raises `FetchError`."""
    return session.fetch(link)


@task(
    name="ingest-document",
    task_run_name="ingest {arrival.file_name}",
    cache_policy=NO_CACHE,  # what is cached is the extraction (flows.common.extract_document)
    retries=2,
    retry_delay_seconds=exponential_backoff(backoff_factor=2),
)
def ingest_document(ingestor: ArrivalIngestor, arrival: Arrival) -> IngestResult:
    """Archive (with URL provenance and this flow run), extract and tag unless done, index."""
    return ingestor(arrival)


def _log_item(item: ItemResult) -> None:
    name = item.file_name or item.url.rsplit("/", 1)[-1]
    message = f"{item.outcome}: {name} ({item.url})"
    if item.sha256:
        message += f" sha256={item.sha256[:12]}"
    if item.reason:
        message += f" — {item.reason}"
    logger = get_run_logger()
    (logger.warning if item.outcome in ("failed", "rejected") else logger.info)(message)


@flow(name="crawl", task_runner=ThreadPoolTaskRunner(max_workers=FETCH_THREADS))  # type: ignore[arg-type]
def crawl(sources_file: str | None = None, home: str | None = None, sources: list[str] | None = None) -> dict[str, int]:
    """Crawl the sources in `sources_file` (default: $KIEMCHUNG_SOURCES, else ./sources.yaml);
    ingest exactly the documents not brought home before."""
    settings = settings_for(home)
    path = Path(sources_file) if sources_file else default_sources_file()
    config = load_sources(path)
    report = CrawlReport()
    with CrawlSession(config, settings.home) as session, archive_and_index(settings) as (archive, store):
        ingestor = ArrivalIngestor(
            archive, store, extract=cached_extractor(settings.home), flow_run_id=current_flow_run_id()
        )
        # Prefect's retries come after the fetcher's own quick ones: they wait longer, on the same scale.
        fetch = fetch_document.with_options(
            retry_delay_seconds=[config.policy.backoff_seconds * 10 * 2**n for n in range(FETCH_TASK_RETRIES)]
        )
        for name in sources or session.source_names():
            report.discoveries.append(discover_source(session, name))
        links = iter([link for discovery in report.discoveries for link in discovery.to_fetch])
        while batch := list(islice(links, FETCH_THREADS * 2)):
            futures: dict[PrefectFuture[Arrival | None], DocumentLink] = {
                fetch.submit(session, link): link for link in batch
            }
            for future in as_completed(list(futures)):
                link = futures[future]
                item = _conclude(session, ingestor, link, future)
                _log_item(item)
                report.items.append(item)
    counts = report.counts().model_dump()
    publish_counts(
        "crawl",
        f"Crawl of {path}",
        counts,
        [item.model_dump(include={"source", "url", "outcome", "reason", "sha256"}) for item in report.items],
    )
    get_run_logger().info("crawl done: %s", ", ".join(f"{k} {v}" for k, v in counts.items()))
    return counts


def _conclude(
    session: CrawlSession, ingestor: ArrivalIngestor, link: DocumentLink, future: PrefectFuture[Arrival | None]
) -> ItemResult:
    fetched = future.result(raise_on_failure=False)
    if isinstance(fetched, FetchError):
        return not_fetched(link, fetched)
    if isinstance(fetched, BaseException):
        return not_fetched(link, FetchUnavailable(link.url, f"fetch task failed: {fetched}"))
    if fetched is None:
        return not_fetched(link, None)
    ingested = ingest_document(ingestor, fetched, return_state=True)
    result = ingested.result(raise_on_failure=False)
    return session.conclude(link, fetched, result, remove=ingestor.remove)
