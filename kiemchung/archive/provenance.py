"""What the archive records about an original: where it came from, and what a check found wrong."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from core.models import Model


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Provenance(Model):
    """Where one copy of a file came from, as told by whoever fetched it."""

    source: str  # absolute path or URL
    kind: Literal["file", "url"] = "file"
    http_status: int | None = None
    http_headers: dict[str, str] = Field(default_factory=dict)
    fetched_at: dt.datetime = Field(default_factory=_now)
    flow_run_id: str | None = None


class ProvenanceRecord(Provenance):
    """One (original, source) pair as stored: the same bytes from a new path or URL adds one more."""

    sha256: str
    size: int


class AddResult(Model):
    sha256: str
    size: int
    new_original: bool  # False: these bytes were already archived
    new_source: bool  # False: this source was already recorded for these bytes


class VerifyProblem(Model):
    sha256: str
    problem: Literal["hash_mismatch", "missing_original", "unreadable"]
    detail: str
