"""A crawl of the configured sources: the steps that the Prefect `crawl` flow and `kiemchung crawl` share.

    session = CrawlSession(config, home)
    discovery = session.discover("snv-hcm")          # listing/feed/article pages → document links
    arrival = session.fetch(link)                    # one document, checked; None if unchanged (304)
    session.record_ingested(link, arrival, outcome)  # → `done`: never fetched again
    session.record_failed(link, error)               # stays to be tried on the next crawl

`CrawlSession.run(ingest)` strings the steps together for the command line (no Prefect).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from itertools import islice
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from kiemchung.sources.addresses import Resolver, system_resolver
from kiemchung.sources.config import FeedSource, FolderSource, PortalSource, SourcesConfig
from kiemchung.sources.crawlers import (
    Arrival,
    Discovery,
    DocumentLink,
    FeedCrawler,
    FolderCrawler,
    PortalCrawler,
    SourceCrawler,
)
from kiemchung.sources.errors import FetchError
from kiemchung.sources.fetcher import Fetcher, NotModified
from kiemchung.sources.politeness import HostPacer
from kiemchung.sources.portal import file_name_from_url
from kiemchung.sources.state import CrawlState

ItemOutcome = Literal["new", "duplicate", "unchanged", "refused", "rejected", "failed"]
SKIPPED: frozenset[str] = frozenset({"duplicate", "unchanged", "refused"})
FAILED: frozenset[str] = frozenset({"rejected", "failed"})


class IngestResult(BaseModel):
    """What ingesting one arrival did: `new` if the archive had never seen these bytes."""

    sha256: str
    new: bool
    error: str | None = None  # the document was archived but extraction/indexing failed
    index_pending: str | None = None  # archived and extracted, not indexed (queued in the outbox): why


Ingest = Callable[[Arrival], IngestResult]


class ItemResult(BaseModel):
    """One document link's fate in this crawl."""

    source: str
    url: str
    outcome: ItemOutcome
    reason: str | None = None
    sha256: str | None = None
    file_name: str | None = None
    index_pending: bool = False  # archived, not indexed: the outbox holds it for the index


class CrawlCounts(BaseModel):
    found: int = 0
    new: int = 0
    skipped: int = 0
    failed: int = 0
    pages_failed: int = 0  # listing, feed or article pages that could not be read (refused, down, …)
    index_pending: int = 0  # archived, not indexed (queued in the outbox)

    @property
    def exit_code(self) -> int:
        """0 only when everything listed was handled; 1 when anything failed; 3 (INDEX_PENDING_EXIT)
        when all is archived but the index still owes some of it."""
        if self.failed or self.pages_failed:
            return 1
        return 3 if self.index_pending else 0


class CrawlReport(BaseModel):
    discoveries: list[Discovery] = Field(default_factory=list)
    items: list[ItemResult] = Field(default_factory=list)

    def counts(self) -> CrawlCounts:
        return CrawlCounts(
            found=sum(d.documents_found for d in self.discoveries),
            new=sum(1 for item in self.items if item.outcome == "new"),
            skipped=sum(d.documents_done_before for d in self.discoveries)
            + sum(1 for item in self.items if item.outcome in SKIPPED),
            failed=sum(1 for item in self.items if item.outcome in FAILED),
            pages_failed=len(self.page_errors()),
            index_pending=sum(1 for item in self.items if item.index_pending),
        )

    def page_errors(self) -> list[str]:
        return [error for discovery in self.discoveries for error in discovery.errors]


def not_fetched(link: DocumentLink, error: FetchError | None) -> ItemResult:
    """The item for a document that did not arrive: unchanged (None) or the fetch error's outcome."""
    name = file_name_from_url(link.url)
    if error is None:
        return ItemResult(source=link.source, url=link.url, outcome="unchanged", file_name=name)
    return ItemResult(source=link.source, url=link.url, outcome=error.outcome, reason=error.reason, file_name=name)


class CrawlSession:
    """The crawl state, a fetcher per fetch policy (sharing one per-host pace), a crawler per source."""

    def __init__(
        self,
        config: SourcesConfig,
        home: Path,
        *,
        resolver: Resolver = system_resolver,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.config = config
        self.state = CrawlState.in_home(home)
        self._pacer = HostPacer(config.policy.min_interval_seconds, sleep=sleep)
        self._resolver = resolver
        self._sleep = sleep
        self._fetchers: dict[str, Fetcher] = {}
        self._crawlers: dict[str, SourceCrawler] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        for fetcher in self._fetchers.values():
            fetcher.close()
        self.state.close()

    def __enter__(self) -> CrawlSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def requests_sent(self) -> int:
        return sum(fetcher.requests_sent for fetcher in self._fetchers.values())

    def source_names(self) -> list[str]:
        return [source.name for source in self.config.enabled_sources()]

    def crawler(self, name: str) -> SourceCrawler:
        with self._lock:
            if name not in self._crawlers:
                self._crawlers[name] = self._make_crawler(self.config.source(name))
            return self._crawlers[name]

    def _make_crawler(self, source: PortalSource | FeedSource | FolderSource) -> SourceCrawler:
        policy = self.config.policy_for(source)
        if isinstance(source, FolderSource):
            return FolderCrawler(source, self.state, policy)
        key = policy.model_dump_json()
        if key not in self._fetchers:
            hosts = self.config.allowed_hosts()
            self._fetchers[key] = Fetcher(policy, hosts, resolver=self._resolver, pacer=self._pacer, sleep=self._sleep)
        fetcher = self._fetchers[key]
        if isinstance(source, PortalSource):
            return PortalCrawler(source, fetcher, self.state)
        return FeedCrawler(source, fetcher, self.state)

    # the steps ---------------------------------------------------------------------------------------
    def discover(self, name: str) -> Discovery:
        return self.crawler(name).discover()

    def fetch(self, link: DocumentLink) -> Arrival | None:
        """The document's bytes, checked; None when a re-check says it has not changed.

        Raises `FetchError` (after recording it) when the document cannot be had this time."""
        try:
            answer = self.crawler(link.source).fetch(link)
        except FetchError as error:
            self.state.mark_failed(link.url, error.outcome, error.reason)
            raise
        if isinstance(answer, NotModified):
            self.state.mark_unchanged(link.url)
            return None
        return answer

    def record_ingested(self, link: DocumentLink, arrival: Arrival) -> None:
        self.state.mark_done(link.url, validators=arrival.validators, sha256=arrival.sha256)

    def record_failed(self, link: DocumentLink, reason: str) -> None:
        self.state.mark_failed(link.url, "failed", reason)

    def fetch_outcome(self, link: DocumentLink) -> Arrival | ItemResult:
        """`fetch`, with every way of not getting the document turned into its `ItemResult`."""
        try:
            arrival = self.fetch(link)
        except FetchError as error:
            return not_fetched(link, error)
        return arrival if arrival is not None else not_fetched(link, None)

    def ingest_arrival(self, link: DocumentLink, arrival: Arrival, ingest: Ingest) -> ItemResult:
        try:
            result: IngestResult | Exception = ingest(arrival)
        except Exception as error:  # one document never stops the crawl; it is retried next time
            result = error
        return self.conclude(link, arrival, result, remove=getattr(ingest, "remove", None))

    def conclude(
        self,
        link: DocumentLink,
        arrival: Arrival,
        result: IngestResult | BaseException,
        *,
        remove: Callable[[list[str]], object] | None = None,
    ) -> ItemResult:
        """Record what ingesting `arrival` did (or the error it raised) and say it as an `ItemResult`.
        New bytes at a URL that served others before supersede them: `remove` takes the old version
        out of the index (the archive keeps both)."""
        known = self.state.link(link.url)
        previous = known.sha256 if known is not None and known.status == "done" else None
        if isinstance(result, BaseException):
            reason = f"ingest failed: {' '.join(str(result).split()) or type(result).__name__}"
            self.record_failed(link, reason)
            return ItemResult(
                source=link.source,
                url=link.url,
                outcome="failed",
                reason=reason,
                sha256=arrival.sha256,
                file_name=arrival.file_name,
            )
        if result.error:
            # Archived, not extracted: the link stays `failed` with its reason and is tried again by
            # later crawls with a growing wait (bounded); `kiemchung repair` re-extracts from the archive.
            self.state.mark_failed(link.url, "failed", result.error, sha256=arrival.sha256)
            return ItemResult(
                source=link.source,
                url=link.url,
                outcome="failed",
                reason=result.error,
                sha256=result.sha256,
                file_name=arrival.file_name,
            )
        self.record_ingested(link, arrival)
        superseded = previous is not None and self.state.supersede(link.url, previous, arrival.sha256)
        if superseded and previous is not None and remove is not None:
            remove([previous])
        return ItemResult(
            source=link.source,
            url=link.url,
            outcome="new" if result.new else "duplicate",
            reason=f"archived, not indexed: {result.index_pending}" if result.index_pending else None,
            sha256=result.sha256,
            file_name=arrival.file_name,
            index_pending=result.index_pending is not None,
        )

    def run(
        self,
        ingest: Ingest,
        *,
        sources: list[str] | None = None,
        workers: int = 4,
        on_discovery: Callable[[Discovery], None] | None = None,
        on_item: Callable[[ItemResult], None] | None = None,
    ) -> CrawlReport:
        """Discover every source, then fetch (in parallel) and ingest (one at a time) what is new."""
        report = CrawlReport()
        for name in sources or self.source_names():
            discovery = self.discover(name)
            report.discoveries.append(discovery)
            if on_discovery:
                on_discovery(discovery)
        links = iter([link for discovery in report.discoveries for link in discovery.to_fetch])
        # Fetches run in threads; ingestion stays in this thread (stores may be bound to it, and
        # extraction already uses every core). A bounded window keeps few downloads waiting in memory.
        window = max(1, workers) * 2
        with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="crawl") as pool:
            in_flight: dict[Future[Arrival | ItemResult], DocumentLink] = {}
            while True:
                for link in islice(links, window - len(in_flight)):
                    in_flight[pool.submit(self.fetch_outcome, link)] = link
                if not in_flight:
                    break
                done, _pending = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in done:
                    link = in_flight.pop(future)
                    fetched = future.result()
                    item = fetched if isinstance(fetched, ItemResult) else self.ingest_arrival(link, fetched, ingest)
                    report.items.append(item)
                    if on_item:
                        on_item(item)
        return report
