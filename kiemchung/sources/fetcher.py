"""The one way the crawler talks HTTP: polite, bounded and refusing to be steered somewhere it should not go.

Every hop (the first request and each redirect) is checked before a connection is made: http(s)
only, host on the allow-list, every resolved address public unless its network is allowed, and
robots.txt. Redirects are followed by hand for that reason. Bodies are streamed with a byte limit
and sniffed by their first bytes. 5xx answers, timeouts and resets are retried with exponential
backoff; everything else fails at once with a one-line reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

import httpx
from pydantic import BaseModel, ConfigDict
from tenacity import RetryError, Retrying, retry_if_exception_type, stop_after_attempt, wait_exponential

from kiemchung.sources.addresses import AddressGuard, Resolver, guarded_transport, system_resolver
from kiemchung.sources.config import FetchPolicy
from kiemchung.sources.errors import FetchError, FetchRefused, FetchRejected, FetchUnavailable
from kiemchung.sources.politeness import HostPacer, HostSlots, RobotsRules
from kiemchung.sources.sniff import SNIFF_BYTES, describe_mismatch, sniff_kind
from kiemchung.sources.state import Validators

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ROBOTS_MAX_BYTES = 512_000
MAX_CRAWL_DELAY = 60.0
Check = Callable[[bytes, str | None], None]


class FetchedResource(BaseModel):
    model_config = ConfigDict(frozen=True)

    url: str  # as asked for
    final_url: str  # after redirects
    status: int
    body: bytes
    kind: str  # sniffed: pdf, doc, docx, html, xml, text…
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    sha256: str
    fetched_at: dt.datetime
    redirects: tuple[str, ...] = ()

    @property
    def validators(self) -> Validators:
        return Validators(etag=self.etag, last_modified=self.last_modified)


class NotModified(BaseModel):
    model_config = ConfigDict(frozen=True)

    url: str
    final_url: str


class Fetcher:
    """Thread-safe; share one per crawl. Close it (or use `with`) to release connections."""

    def __init__(
        self,
        policy: FetchPolicy,
        allowed_hosts: frozenset[str],
        *,
        resolver: Resolver = system_resolver,
        pacer: HostPacer | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.policy = policy
        self.guard = AddressGuard(allowed_hosts, policy.allowed_networks(), resolver)
        self.pacer = pacer or HostPacer(policy.min_interval_seconds, sleep=sleep)
        self.slots = HostSlots(policy.max_connections_per_host)
        self._sleep = sleep
        self._robots: dict[str, RobotsRules] = {}
        self._robots_lock = threading.Lock()
        self.requests_sent = 0
        self._count_lock = threading.Lock()
        self._client = httpx.Client(
            transport=guarded_transport(self.guard),
            timeout=httpx.Timeout(policy.timeout_seconds),
            headers={"User-Agent": policy.user_agent},
            follow_redirects=False,
            trust_env=False,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # public -----------------------------------------------------------------------------------------
    def fetch_page(self, url: str, validators: Validators | None = None) -> FetchedResource | NotModified:
        """A listing page, article page or feed (any text body within the size limit)."""
        return self._with_retries(url, validators, check=None)

    def fetch_document(
        self, url: str, validators: Validators | None = None, accept: tuple[str, ...] | None = None
    ) -> FetchedResource | NotModified:
        """A document: its first bytes must say it is one of `accept` (default: the policy's)."""
        wanted = accept or self.policy.accept

        def check(head: bytes, content_type: str | None) -> None:
            kind = sniff_kind(head)
            if kind not in wanted:
                raise FetchRejected(url, describe_mismatch(kind, content_type, wanted))

        return self._with_retries(url, validators, check=check)

    def robots_allow(self, url: str) -> bool:
        if not self.policy.respect_robots:
            return True
        return self._robots_rules(url).allows(self.policy.user_agent, url)

    # internals --------------------------------------------------------------------------------------
    def _with_retries(
        self, url: str, validators: Validators | None, check: Check | None
    ) -> FetchedResource | NotModified:
        retrying = Retrying(
            stop=stop_after_attempt(self.policy.retries + 1),
            wait=wait_exponential(multiplier=self.policy.backoff_seconds, max=60),
            retry=retry_if_exception_type(FetchUnavailable),
            sleep=self._sleep,
            reraise=True,
        )
        try:
            return retrying(self._follow, url, validators, check, robots=True)
        except RetryError as error:  # pragma: no cover - reraise=True hands back the last error
            raise FetchUnavailable(url, str(error)) from None

    def _follow(
        self, url: str, validators: Validators | None, check: Check | None, *, robots: bool
    ) -> FetchedResource | NotModified:
        current = url
        redirects: list[str] = []
        while True:
            self.guard.check_url(current)
            if robots and not self.robots_allow(current):
                raise FetchRefused(current, "disallowed by robots.txt")
            hop = self._one_request(current, validators, check)
            if isinstance(hop, str):
                if len(redirects) >= self.policy.max_redirects:
                    raise FetchRejected(url, f"more than {self.policy.max_redirects} redirects")
                redirects.append(hop)
                current = hop
                continue
            if isinstance(hop, NotModified):
                return NotModified(url=url, final_url=current)
            return hop.model_copy(update={"url": url, "redirects": tuple(redirects)})

    def _one_request(
        self, url: str, validators: Validators | None, check: Check | None
    ) -> FetchedResource | NotModified | str:
        """One HTTP exchange: a resource, a 304, or the absolute URL a redirect points to."""
        host = urlsplit(url).hostname or ""
        headers: dict[str, str] = {}
        if validators and validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators and validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        with self.slots.slot(host):
            self.pacer.wait_turn(host)
            with self._count_lock:
                self.requests_sent += 1
            try:
                with self._client.stream("GET", url, headers=headers) as response:
                    return self._read_response(url, response, check)
            except FetchError:
                raise
            except httpx.TimeoutException as error:
                raise FetchUnavailable(url, f"timed out ({type(error).__name__})") from None
            except httpx.TransportError as error:
                raise FetchUnavailable(url, f"connection failed: {error or type(error).__name__}") from None

    def _read_response(
        self, url: str, response: httpx.Response, check: Check | None
    ) -> FetchedResource | NotModified | str:
        status = response.status_code
        if status in REDIRECT_STATUSES:
            location = response.headers.get("location")
            if not location:
                raise FetchRejected(url, f"HTTP {status} redirect without a Location header")
            return urljoin(url, location.strip())
        if status == 304:
            return NotModified(url=url, final_url=url)
        if status >= 500 or status == 429:
            raise FetchUnavailable(url, f"HTTP {status} {response.reason_phrase}".strip())
        if status >= 400:
            raise FetchRejected(url, f"HTTP {status} {response.reason_phrase}".strip())
        if status != 200:
            raise FetchRejected(url, f"unexpected HTTP {status}")
        content_type = response.headers.get("content-type")
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.policy.max_bytes:
            limit = self.policy.max_bytes
            raise FetchRejected(url, f"declares {int(declared):,} bytes, over the {limit:,}-byte limit")
        body = bytearray()
        checked = check is None
        deadline = time.monotonic() + self.policy.timeout_seconds * 10
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > self.policy.max_bytes:
                raise FetchRejected(url, f"larger than the {self.policy.max_bytes:,}-byte limit")
            if not checked and len(body) >= SNIFF_BYTES:
                assert check is not None
                check(bytes(body[:SNIFF_BYTES]), content_type)
                checked = True
            if time.monotonic() > deadline:
                raise FetchUnavailable(url, "download too slow: overall deadline passed")
        if not checked and check is not None:
            check(bytes(body), content_type)
        data = bytes(body)
        return FetchedResource(
            url=url,
            final_url=url,
            status=status,
            body=data,
            kind=sniff_kind(data[:SNIFF_BYTES]),
            content_type=content_type,
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
            sha256=hashlib.sha256(data).hexdigest(),
            fetched_at=dt.datetime.now(dt.UTC),
        )

    def _robots_rules(self, url: str) -> RobotsRules:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._robots_lock:
            cached = self._robots.get(origin)
        if cached is not None:
            return cached
        rules = self._load_robots(origin + "/robots.txt")
        delay = rules.crawl_delay(self.policy.user_agent)
        if delay:
            self.pacer.set_interval(parts.hostname or "", min(delay, MAX_CRAWL_DELAY))
        with self._robots_lock:
            self._robots[origin] = rules
        return rules

    def _load_robots(self, robots_url: str) -> RobotsRules:
        try:
            retrying = Retrying(
                stop=stop_after_attempt(self.policy.retries + 1),
                wait=wait_exponential(multiplier=self.policy.backoff_seconds, max=60),
                retry=retry_if_exception_type(FetchUnavailable),
                sleep=self._sleep,
                reraise=True,
            )
            answer = retrying(self._follow, robots_url, None, None, robots=False)
        except FetchRejected as error:
            if error.reason.startswith("HTTP 4"):
                return RobotsRules.allowing_all(f"no robots.txt ({error.reason})")
            return RobotsRules.disallowing_all(f"robots.txt unusable: {error.reason}")
        except FetchUnavailable as error:
            return RobotsRules.disallowing_all(f"robots.txt unreachable: {error.reason}")
        if isinstance(answer, NotModified):  # pragma: no cover - never sent validators
            return RobotsRules.allowing_all("robots.txt not modified")
        text = answer.body[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace")
        return RobotsRules.from_text(text)
