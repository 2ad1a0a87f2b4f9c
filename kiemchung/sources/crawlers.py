"""One small crawler per kind of source, behind one interface: `discover()` finds document links and
records them in the crawl state; `fetch(link)` brings one document home.

A portal crawl asks for the listing pages (conditionally: an unchanged page answers 304), then only
article pages never read before, then only documents not yet done. A document that failed stays in
the state and is tried again on the next crawl, even if no page links it any more.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field

from kiemchung.sources.config import FeedSource, FetchPolicy, FolderSource, LinkRule, PortalSource
from kiemchung.sources.errors import FetchError, FetchRejected
from kiemchung.sources.feed import FeedError, parse_feed
from kiemchung.sources.fetcher import FetchedResource, Fetcher, NotModified
from kiemchung.sources.portal import (
    PageLink,
    decode_html,
    file_name_from_url,
    parse_article,
    parse_listing,
    templated_page_url,
)
from kiemchung.sources.sniff import SNIFF_BYTES, describe_mismatch, sniff_kind
from kiemchung.sources.state import CrawlState, LinkKind, LinkRecord, Validators


class DocumentLink(BaseModel):
    """A document to bring home: a URL (or a file:// URI for folders) and where it was found."""

    model_config = ConfigDict(frozen=True)

    url: str
    source: str
    found_on: str | None = None
    title: str | None = None
    recheck: Validators | None = None  # set when a done document is re-checked conditionally

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or "local"


class Arrival(BaseModel):
    """A document that arrived, with everything the archive keeps as its provenance."""

    model_config = ConfigDict(frozen=True)

    source: str
    url: str  # what was asked for (the archive's provenance "origin")
    final_url: str  # after redirects
    file_name: str  # "4000qdsigned.pdf": what extraction reports as `file`
    found_on: str | None = None
    title: str | None = None
    sha256: str
    size: int
    kind: str  # sniffed: pdf, doc, docx
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: dt.datetime
    redirects: tuple[str, ...] = ()
    body: bytes = Field(repr=False)

    @property
    def validators(self) -> Validators:
        return Validators(etag=self.etag, last_modified=self.last_modified)

    def provenance(self) -> dict[str, object]:
        """JSON-able facts about this arrival (the body excluded)."""
        return self.model_dump(mode="json", exclude={"body"})


class Discovery(BaseModel):
    """What `discover()` found for one source."""

    source: str
    pages_fetched: int = 0
    pages_unchanged: int = 0
    articles_read: int = 0
    documents_found: int = 0  # document links on the pages read this crawl, new or known
    documents_new: int = 0  # of those, never seen before
    documents_done_before: int = 0  # of those, brought home by an earlier crawl: skipped
    to_fetch: list[DocumentLink] = Field(default_factory=list)  # new, earlier failures, re-checks
    errors: list[str] = Field(default_factory=list)  # pages that could not be read, one line each


class SourceCrawler(Protocol):
    name: str

    def discover(self) -> Discovery: ...

    def fetch(self, link: DocumentLink) -> Arrival | NotModified: ...


def _document_links(state: CrawlState, source: str, recheck: bool, policy: FetchPolicy) -> list[DocumentLink]:
    now = dt.datetime.now(dt.UTC)
    due = [
        record
        for record in state.links_to_visit(source, "document")
        if record.due(now, policy.failed_retry_seconds, policy.failed_retry_max_seconds, policy.failed_attempts)
    ]
    links = [_to_document_link(record) for record in due]
    stale = now - dt.timedelta(seconds=policy.recheck_after_seconds)
    for record in state.links_done(source, "document"):
        checked = dt.datetime.fromisoformat(record.last_attempt) if record.last_attempt else None
        periodic = policy.recheck_after_seconds > 0 and (checked is None or checked <= stale)
        if (recheck and record.validators) or periodic:
            links.append(_to_document_link(record, recheck=record.validators or None))
    return links


def _to_document_link(record: LinkRecord, recheck: Validators | None = None) -> DocumentLink:
    return DocumentLink(
        url=record.url, source=record.source, found_on=record.found_on, title=record.title, recheck=recheck
    )


def _records(links: list[PageLink], source: str, kind: LinkKind, found_on: str) -> list[LinkRecord]:
    return [
        LinkRecord(url=link.url, source=source, kind=kind, found_on=found_on, title=link.text or None) for link in links
    ]


def _add_document_links(state: CrawlState, links: list[PageLink], source: str, found_on: str, found: Discovery) -> None:
    new = state.add_links(_records(links, source, "document", found_on))
    new_urls = {link.url for link in new}
    found.documents_found += len(links)
    found.documents_new += len(new)
    for link in links:
        if link.url not in new_urls:
            known = state.link(link.url)
            if known is not None and known.status == "done":
                found.documents_done_before += 1


def _arrival(resource: FetchedResource, link: DocumentLink) -> Arrival:
    return Arrival(
        source=link.source,
        url=link.url,
        final_url=resource.final_url,
        file_name=file_name_from_url(resource.final_url, fallback=file_name_from_url(link.url)),
        found_on=link.found_on,
        title=link.title,
        sha256=resource.sha256,
        size=len(resource.body),
        kind=resource.kind,
        content_type=resource.content_type,
        etag=resource.etag,
        last_modified=resource.last_modified,
        fetched_at=resource.fetched_at,
        redirects=resource.redirects,
        body=resource.body,
    )


def fetch_url(fetcher: Fetcher, url: str, *, source: str = "ingest") -> Arrival:
    """One document named by URL (`kiemchung ingest URL`, the `ingest` flow); raises `FetchError`."""
    link = DocumentLink(url=url, source=source)
    answer = fetcher.fetch_document(url)
    assert isinstance(answer, FetchedResource)  # no validators were sent
    return _arrival(answer, link)


class HttpCrawler:
    """What the portal and feed crawlers share: reading article pages and fetching documents over HTTP."""

    def __init__(self, name: str, fetcher: Fetcher, state: CrawlState, attachment_rule: LinkRule) -> None:
        self.name = name
        self.fetcher = fetcher
        self.policy = fetcher.policy
        self.state = state
        self.attachment_rule = attachment_rule

    def fetch(self, link: DocumentLink) -> Arrival | NotModified:
        answer = self.fetcher.fetch_document(link.url, link.recheck, self.policy.accept)
        if isinstance(answer, NotModified):
            return answer
        return _arrival(answer, link)

    def _read_articles(self, found: Discovery) -> None:
        """Read every article page not yet done; record the attachments each one links."""
        for article in self.state.links_to_visit(self.name, "article"):
            try:
                answer = self.fetcher.fetch_page(article.url)
            except FetchError as error:
                self.state.mark_failed(article.url, error.outcome, error.reason)
                found.errors.append(str(error))
                continue
            assert isinstance(answer, FetchedResource)  # no validators were sent
            html = decode_html(answer.body, answer.content_type)
            attachments = parse_article(html, answer.final_url, self.attachment_rule)
            _add_document_links(self.state, attachments, self.name, article.url, found)
            found.articles_read += 1
            self.state.mark_done(article.url, sha256=answer.sha256)


class PortalCrawler(HttpCrawler):
    def __init__(self, source: PortalSource, fetcher: Fetcher, state: CrawlState) -> None:
        super().__init__(source.name, fetcher, state, source.attachment_links)
        self.source = source

    def discover(self) -> Discovery:
        found = Discovery(source=self.name)
        url: str | None = self.source.listing_url
        visited: set[str] = set()
        page_number = 0
        max_pages = self.source.pagination.max_pages if self.source.pagination else 1
        while url and url not in visited and page_number < max_pages:
            visited.add(url)
            page_number += 1
            next_url = self._read_listing(url, found)
            if next_url is _STOP:
                break
            template_next = templated_page_url(self.source, page_number + 1)
            url = next_url if isinstance(next_url, str) else template_next
        self._read_articles(found)
        found.to_fetch = _document_links(self.state, self.name, self.source.recheck_documents, self.policy)
        return found

    def _read_listing(self, url: str, found: Discovery) -> str | object | None:
        """Read one listing page; return the next page's URL, None, or `_STOP`."""
        try:
            answer = self.fetcher.fetch_page(url, self.state.page_validators(url))
        except FetchError as error:
            found.errors.append(str(error))
            return _STOP
        if isinstance(answer, NotModified):
            found.pages_unchanged += 1
            return _STOP
        found.pages_fetched += 1
        page = parse_listing(decode_html(answer.body, answer.content_type), answer.final_url, self.source)
        new_articles = self.state.add_links(_records(page.articles, self.name, "article", url))
        known_before = found.documents_new
        _add_document_links(self.state, page.attachments, self.name, url, found)
        new_documents = found.documents_new - known_before
        self.state.page_fetched(url, self.name, answer.validators, answer.sha256)
        pagination = self.source.pagination
        if pagination and pagination.stop_at_known and not new_articles and not new_documents:
            return _STOP
        return page.next_page


_STOP = object()


class FeedCrawler(HttpCrawler):
    def __init__(self, source: FeedSource, fetcher: Fetcher, state: CrawlState) -> None:
        super().__init__(source.name, fetcher, state, source.attachment_links)
        self.source = source
        self._is_document = re.compile(source.attachment_links.pattern or r"(?i)\.(pdf|docx?)$")

    def discover(self) -> Discovery:
        found = Discovery(source=self.name)
        url = self.source.url
        try:
            answer = self.fetcher.fetch_page(url, self.state.page_validators(url))
            if isinstance(answer, NotModified):
                found.pages_unchanged += 1
            else:
                found.pages_fetched += 1
                self._record_entries(answer, found)
                self.state.page_fetched(url, self.name, answer.validators, answer.sha256)
        except (FetchError, FeedError) as error:
            found.errors.append(str(error))
        self._read_articles(found)
        found.to_fetch = _document_links(self.state, self.name, self.source.recheck_documents, self.policy)
        return found

    def _record_entries(self, answer: FetchedResource, found: Discovery) -> None:
        documents: list[PageLink] = []
        articles: list[PageLink] = []
        for entry in parse_feed(answer.body, answer.final_url):
            documents += [PageLink(url=url, text=entry.title) for url in entry.enclosures]
            if entry.link and self._is_document.search(entry.link):
                documents.append(PageLink(url=entry.link, text=entry.title))
            elif entry.link:
                articles.append(PageLink(url=entry.link, text=entry.title))
        self.state.add_links(_records(articles, self.name, "article", self.source.url))
        _add_document_links(self.state, documents, self.name, self.source.url, found)


class FolderCrawler:
    """A folder's files are documents: new until done, and again when their size or mtime change."""

    def __init__(self, source: FolderSource, state: CrawlState, policy: FetchPolicy) -> None:
        self.source = source
        self.name = source.name
        self.state = state
        self.policy = policy

    def _files(self) -> Iterator[Path]:
        root = self.source.path
        candidates = root.rglob("*") if self.source.recursive else root.glob("*")
        patterns = [pattern.lower() for pattern in self.source.patterns]
        for path in sorted(candidates):
            if path.is_file() and any(fnmatch.fnmatch(path.name.lower(), pattern) for pattern in patterns):
                yield path

    def discover(self) -> Discovery:
        found = Discovery(source=self.name)
        if not self.source.path.is_dir():
            found.errors.append(f"{self.source.path}: not a folder (is the share mounted?)")
            return found
        links: list[DocumentLink] = []
        for path in self._files():
            uri = path.resolve().as_uri()
            found.documents_found += 1
            stamp = _file_stamp(path)
            known = self.state.link(uri)
            if known is None:
                record = LinkRecord(url=uri, source=self.name, kind="document", title=path.name)
                self.state.add_links([record])
                found.documents_new += 1
            elif known.status == "done" and known.etag == stamp:
                found.documents_done_before += 1
                continue
            elif known.status in ("failed", "rejected", "refused") and not known.due(
                dt.datetime.now(dt.UTC),
                self.policy.failed_retry_seconds,
                self.policy.failed_retry_max_seconds,
                self.policy.failed_attempts,
            ):
                continue  # failed recently, or rejected (reported once): not tried again now
            links.append(DocumentLink(url=uri, source=self.name, title=path.name))
        found.to_fetch = links
        return found

    def fetch(self, link: DocumentLink) -> Arrival | NotModified:
        path = Path(urlsplit(link.url).path)
        try:
            size = path.stat().st_size
            if size > self.policy.max_bytes:
                limit = self.policy.max_bytes
                raise FetchRejected(link.url, f"{size:,} bytes, over the {limit:,}-byte limit")
            stamp = _file_stamp(path)
            body = path.read_bytes()
        except OSError as error:
            raise FetchRejected(link.url, f"cannot read: {error.strerror or error}") from None
        kind = sniff_kind(body[:SNIFF_BYTES])
        if kind not in self.policy.accept:
            raise FetchRejected(link.url, describe_mismatch(kind, None, self.policy.accept))
        return Arrival(
            source=self.name,
            url=link.url,
            final_url=link.url,
            file_name=path.name,
            title=link.title,
            sha256=hashlib.sha256(body).hexdigest(),
            size=len(body),
            kind=kind,
            etag=stamp,
            fetched_at=dt.datetime.now(dt.UTC),
            body=body,
        )


def _file_stamp(path: Path) -> str:
    info = path.stat()
    return f"{info.st_size}-{info.st_mtime_ns}"
