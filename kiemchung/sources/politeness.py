"""Being a good guest on a portal: robots.txt rules and a per-host pace.

robots.txt follows RFC 9309: a missing file (4xx) allows everything; an unreachable one (5xx, network
error) disallows everything for this crawl.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from urllib.robotparser import RobotFileParser


class RobotsRules:
    """The parsed robots.txt of one origin."""

    def __init__(self, parser: RobotFileParser | None, *, allow_all: bool, note: str = "") -> None:
        self._parser = parser
        self._allow_all = allow_all
        self.note = note

    @classmethod
    def from_text(cls, text: str) -> RobotsRules:
        parser = RobotFileParser()
        parser.parse(text.splitlines())
        return cls(parser, allow_all=False)

    @classmethod
    def allowing_all(cls, note: str) -> RobotsRules:
        return cls(None, allow_all=True, note=note)

    @classmethod
    def disallowing_all(cls, note: str) -> RobotsRules:
        return cls(None, allow_all=False, note=note)

    def allows(self, user_agent: str, url: str) -> bool:
        if self._parser is None:
            return self._allow_all
        return self._parser.can_fetch(_product_token(user_agent), url)

    def crawl_delay(self, user_agent: str) -> float | None:
        if self._parser is None:
            return None
        delay = self._parser.crawl_delay(_product_token(user_agent))
        return float(delay) if delay is not None else None


def _product_token(user_agent: str) -> str:
    """robots.txt groups match the product token ("kiemchung"), not the whole User-Agent string."""
    return user_agent.split("/", 1)[0].split(" ", 1)[0] or "*"


class HostPacer:
    """Keeps at least `interval` seconds between the starts of two requests to the same host."""

    def __init__(
        self,
        default_interval: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.default_interval = default_interval
        self._intervals: dict[str, float] = {}
        self._next_start: dict[str, float] = {}
        self._lock = threading.Lock()
        self._clock = clock
        self._sleep = sleep

    def set_interval(self, host: str, interval: float) -> None:
        with self._lock:
            self._intervals[host] = max(interval, self.default_interval)

    def wait_turn(self, host: str) -> float:
        """Block until `host` may be asked again; return the seconds waited."""
        with self._lock:
            now = self._clock()
            start = max(now, self._next_start.get(host, now))
            self._next_start[host] = start + self._intervals.get(host, self.default_interval)
        waited = start - now
        if waited > 0:
            self._sleep(waited)
        return waited


class HostSlots:
    """At most `limit` requests in flight per host (threads share one fetcher)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._semaphores: dict[str, threading.BoundedSemaphore] = {}
        self._lock = threading.Lock()

    def slot(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            if host not in self._semaphores:
                self._semaphores[host] = threading.BoundedSemaphore(self.limit)
            return self._semaphores[host]
