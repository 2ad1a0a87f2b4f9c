"""Why a fetch did not yield a document. Each error carries the URL and a one-line reason."""

from __future__ import annotations

from typing import ClassVar, Literal

FailureOutcome = Literal["failed", "rejected", "refused"]


class FetchError(Exception):
    """Base: `str(error)` is one line, "<url>: <reason>"."""

    outcome: ClassVar[FailureOutcome] = "failed"

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


class FetchRefused(FetchError):
    """Policy said no before any connection: host not allowed, private address, robots.txt, scheme."""

    outcome: ClassVar[FailureOutcome] = "refused"


class FetchRejected(FetchError):
    """The server answered, and the answer is not an acceptable document (type, size, 4xx)."""

    outcome: ClassVar[FailureOutcome] = "rejected"


class FetchUnavailable(FetchError):
    """A transient failure that outlived the retries (5xx, timeout, reset); worth trying next crawl."""

    outcome: ClassVar[FailureOutcome] = "failed"
