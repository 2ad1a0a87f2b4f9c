"""Sources as data: the YAML file that says where documents are published and how to fetch them politely.

```yaml
policy:                       # applies to every source unless a source overrides a field
  user_agent: "kiemchung/0.1 (+https://example.gov.vn/lien-he)"
  min_interval_seconds: 2     # per host
sources:
  - name: snv-hcm-cchc
    kind: portal
    listing_url: https://snv.hochiminhcity.gov.vn/cchc
    article_links: {selector: "div.news-list a.title"}
    attachment_links: {pattern: '\\.(pdf|docx?)$'}
    pagination: {next_selector: "a.next", max_pages: 3}
  - name: tayninh-rss
    kind: feed
    url: https://tayninh.gov.vn/rss/cchc.xml
  - name: scans-share
    kind: folder
    path: /mnt/scans/cchc
```
"""

from __future__ import annotations

import ipaddress
import os
import re
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

DocumentKind = Literal["pdf", "doc", "docx", "picture"]  # picture: a scan published as JPEG/PNG/TIFF


class SourcesConfigError(ValueError):
    """The sources file cannot be used; the message is one line that names the problem."""


class ConfigModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FetchPolicy(ConfigModel):
    """How politely and how safely to fetch. Defaults suit a public government portal."""

    user_agent: str = "kiemchung/0.1 (+https://github.com/kiemchung; evidence crawler)"
    timeout_seconds: Annotated[float, Field(gt=0)] = 30.0
    max_bytes: Annotated[int, Field(gt=0)] = 50_000_000
    max_redirects: Annotated[int, Field(ge=0)] = 5
    min_interval_seconds: Annotated[float, Field(ge=0)] = 1.0  # per host, raised by a robots.txt Crawl-delay
    max_connections_per_host: Annotated[int, Field(ge=1)] = 2
    retries: Annotated[int, Field(ge=0)] = 3  # extra attempts after the first, on 5xx, timeouts and resets
    backoff_seconds: Annotated[float, Field(ge=0)] = 1.0  # first wait; doubles each retry
    # A document that failed (server down for the whole crawl, extraction failed) is tried again by
    # later crawls: first after this many seconds, then twice as long each time, up to the longest
    # wait, at most `failed_attempts` times in all. Rejected or refused documents are not retried.
    failed_retry_seconds: Annotated[float, Field(ge=0)] = 3600.0
    failed_retry_max_seconds: Annotated[float, Field(ge=0)] = 7 * 24 * 3600.0
    failed_attempts: Annotated[int, Field(ge=1)] = 8
    # A document brought home is asked for again after this many seconds (conditionally when the
    # server gave an ETag or Last-Modified): a file replaced at the same URL becomes a new version
    # that supersedes the old one in the index. 0: never (unless the source sets recheck_documents).
    recheck_after_seconds: Annotated[float, Field(ge=0)] = 7 * 24 * 3600.0
    respect_robots: bool = True
    # Hosts a fetch may reach besides the hosts of the configured source URLs (CDNs, file servers).
    extra_hosts: tuple[str, ...] = ()
    # Private, loopback, link-local and other non-public addresses are refused unless listed here
    # (an address or a network: "127.0.0.1", "10.20.0.0/16"). Only test configurations should need it.
    allow_addresses: tuple[str, ...] = ()
    accept: tuple[DocumentKind, ...] = ("pdf", "doc", "docx", "picture")

    @field_validator("allow_addresses")
    @classmethod
    def _networks_parse(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for item in value:
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError as error:
                raise ValueError(f"allow_addresses: {item!r} is not an IP address or network") from error
        return value

    @field_validator("extra_hosts")
    @classmethod
    def _hosts_lowercase(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(host.strip().lower().rstrip(".") for host in value)

    def allowed_networks(self) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
        return tuple(ipaddress.ip_network(item, strict=False) for item in self.allow_addresses)


class LinkRule(ConfigModel):
    """Which links to follow: a CSS selector for the anchors, a regex on the absolute URL, or both."""

    selector: str | None = None
    pattern: str | None = None

    @model_validator(mode="after")
    def _one_of(self) -> LinkRule:
        if not self.selector and not self.pattern:
            raise ValueError("a link rule needs a selector, a pattern, or both")
        if self.pattern:
            try:
                re.compile(self.pattern)
            except re.error as error:
                raise ValueError(f"pattern {self.pattern!r} is not a valid regex: {error}") from error
        return self


DEFAULT_ATTACHMENT_RULE = LinkRule(pattern=r"(?i)\.(pdf|docx?)(?:$|[?#])")


class Pagination(ConfigModel):
    """How to reach older listing pages: follow a "next" link, or fill a page number into a template."""

    next_selector: str | None = None
    page_url_template: str | None = None  # "https://portal/tin-tuc?page={page}"; page 1 is listing_url
    max_pages: Annotated[int, Field(ge=1)] = 3
    # Stop paging at the first listing page that shows nothing new: older pages were crawled before.
    stop_at_known: bool = True

    @field_validator("page_url_template")
    @classmethod
    def _has_placeholder(cls, value: str | None) -> str | None:
        if value is not None and "{page}" not in value:
            raise ValueError("page_url_template must contain {page}")
        return value


class SourceBase(ConfigModel):
    name: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=80)]
    enabled: bool = True
    policy: dict[str, object] = Field(default_factory=dict)  # overrides of the file's policy fields

    def http_urls(self) -> list[str]:
        return []


class PortalSource(SourceBase):
    """A portal's news listing: listing pages → article pages → PDF/DOC attachments."""

    kind: Literal["portal"]
    listing_url: str
    article_links: LinkRule | None = None  # None: the listing links the attachments directly
    attachment_links: LinkRule = DEFAULT_ATTACHMENT_RULE
    pagination: Pagination | None = None
    # Attachments seen before are not fetched again; set to re-check them with conditional requests.
    recheck_documents: bool = False

    def http_urls(self) -> list[str]:
        return [self.listing_url]


class FeedSource(SourceBase):
    """An RSS 2.0 or Atom feed. Entries that are documents are fetched; others are article pages."""

    kind: Literal["feed"]
    url: str
    attachment_links: LinkRule = DEFAULT_ATTACHMENT_RULE
    recheck_documents: bool = False

    def http_urls(self) -> list[str]:
        return [self.url]


class FolderSource(SourceBase):
    """A local folder or a mounted network share (SMB/NFS mounted by the OS)."""

    kind: Literal["folder"]
    path: Path
    patterns: tuple[str, ...] = ("*.pdf", "*.doc", "*.docx", "*.jpg", "*.jpeg", "*.png", "*.tif", "*.tiff")
    recursive: bool = True


Source = Annotated[PortalSource | FeedSource | FolderSource, Field(discriminator="kind")]


class SourcesConfig(ConfigModel):
    policy: FetchPolicy = Field(default_factory=FetchPolicy)
    sources: list[Source] = Field(default_factory=list)

    @model_validator(mode="after")
    def _names_unique_and_urls_http(self) -> SourcesConfig:
        seen: set[str] = set()
        for source in self.sources:
            if source.name in seen:
                raise ValueError(f"source name {source.name!r} is used twice")
            seen.add(source.name)
            for url in source.http_urls():
                parts = urlsplit(url)
                if parts.scheme not in ("http", "https") or not parts.hostname:
                    raise ValueError(f"source {source.name!r}: {url!r} is not an http(s) URL")
            self.policy_for(source)  # validates the overrides
        return self

    def enabled_sources(self) -> list[PortalSource | FeedSource | FolderSource]:
        return [source for source in self.sources if source.enabled]

    def policy_for(self, source: SourceBase) -> FetchPolicy:
        if not source.policy:
            return self.policy
        merged = self.policy.model_dump() | source.policy
        try:
            return FetchPolicy.model_validate(merged)
        except ValidationError as error:
            raise ValueError(f"source {source.name!r} policy: {_first_error(error)}") from error

    def allowed_hosts(self) -> frozenset[str]:
        """Hosts of every configured URL plus the policies' extra hosts: nothing else is ever fetched."""
        hosts = set(self.policy.extra_hosts)
        for source in self.sources:
            hosts.update(self.policy_for(source).extra_hosts)
            for url in source.http_urls():
                host = urlsplit(url).hostname
                if host:
                    hosts.add(host.lower().rstrip("."))
        return frozenset(hosts)

    def source(self, name: str) -> PortalSource | FeedSource | FolderSource:
        for source in self.sources:
            if source.name == name:
                return source
        raise KeyError(name)


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"{where}: {first['msg']}" if where else first["msg"]


def parse_sources(text: str, *, origin: str = "<sources>") -> SourcesConfig:
    """Parse and validate a sources YAML document; any problem is a one-line `SourcesConfigError`."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise SourcesConfigError(f"{origin}: not valid YAML: {str(error).splitlines()[0]}") from error
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SourcesConfigError(f"{origin}: expected a mapping with 'sources:' at the top")
    try:
        return SourcesConfig.model_validate(data)
    except ValidationError as error:
        raise SourcesConfigError(f"{origin}: {_first_error(error)}") from error


def default_sources_file() -> Path:
    """`KIEMCHUNG_SOURCES`, else ./sources.yaml."""
    return Path(os.environ.get("KIEMCHUNG_SOURCES") or "sources.yaml")


def load_sources(path: Path) -> SourcesConfig:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise SourcesConfigError(f"{path}: cannot read: {error.strerror or error}") from error
    config = parse_sources(text, origin=str(path))
    return _resolve_folder_paths(config, base=path.parent)


def _resolve_folder_paths(config: SourcesConfig, *, base: Path) -> SourcesConfig:
    """Relative folder paths are relative to the sources file, not to the working directory."""
    sources = [
        source.model_copy(update={"path": base / source.path})
        if isinstance(source, FolderSource) and not source.path.is_absolute()
        else source
        for source in config.sources
    ]
    return config.model_copy(update={"sources": sources})
