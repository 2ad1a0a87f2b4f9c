"""Documents a person should look at: those with fields to check (`needs_review`) or without an
appraised unit (they reach no scorecard until someone sets one). Found by one pass over the
archive's records (with corrections laid over them), kept for a minute and dropped after a
correction; a pass reads every record once, so on a very large archive the first view is slow."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Literal

from kiemchung.stores.documents import DocumentSummary, summarize
from kiemchung.web.context import WebContext

ReviewFilter = Literal["all", "review", "no-unit"]
CACHE_SECONDS = 60.0


@dataclass(frozen=True)
class ReviewItem:
    summary: DocumentSummary  # as the index lists it (number, type, issuer, date, unit, year)
    needs_review: tuple[str, ...]
    file: str

    @property
    def no_unit(self) -> bool:
        return self.summary.unit is None


class ReviewQueue:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: tuple[float, list[ReviewItem]] | None = None

    def forget(self) -> None:
        with self._lock:
            self._items = None

    def items(self, context: WebContext, which: ReviewFilter = "all") -> list[ReviewItem]:
        with self._lock:
            cached = self._items
        if cached is None or time.monotonic() - cached[0] > CACHE_SECONDS:
            found = []
            for record in context.archive.iter_records():
                record = context.corrected(record)
                if record.needs_review or record.unit is None:
                    found.append(ReviewItem(summarize(record), tuple(record.needs_review), record.file))
            found.sort(key=lambda item: (not item.no_unit, item.summary.number or "", item.summary.sha256))
            cached = (time.monotonic(), found)
            with self._lock:
                self._items = cached
        if which == "review":
            return [item for item in cached[1] if item.needs_review]
        if which == "no-unit":
            return [item for item in cached[1] if item.no_unit]
        return list(cached[1])
