"""Extraction records read from the archive for the pages, kept in memory while they are in use.

Records are immutable for a given (sha256, extractor version), so caching them is safe; a new
extraction shows up as a new version and a fresh `latest_version` lookup. Two caches: whole records
(with word boxes, for the document view) are few; light records (no word boxes) serve badges and
scorecards, where dozens are needed per request.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

from core.models import DocumentRecord
from kiemchung.archive import Archive, ArchiveError

_Value = TypeVar("_Value")


class _Lru(Generic[_Value]):
    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[str, _Value] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> _Value | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: str, value: _Value) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


def without_words(record: DocumentRecord) -> DocumentRecord:
    pages = [page.model_copy(update={"words": []}) for page in record.pages]
    return record.model_copy(update={"pages": pages})


class RecordLibrary:
    def __init__(
        self,
        archive: Archive,
        *,
        full_size: int = 16,
        light_size: int = 4096,
        overlay: Callable[[DocumentRecord], DocumentRecord] | None = None,
    ) -> None:
        """`overlay`: what the app lays over an archived record (people's corrections)."""
        self.archive = archive
        self.overlay = overlay
        self._full: _Lru[DocumentRecord] = _Lru(full_size)
        self._light: _Lru[DocumentRecord] = _Lru(light_size)

    def record(self, sha256: str) -> DocumentRecord | None:
        """The latest extraction record with word boxes, or None if the archive has none."""
        cached = self._full.get(sha256)
        if cached is not None:
            return cached
        try:
            record = self.archive.get_record(sha256)
        except ArchiveError:
            return None
        if record is not None and self.overlay is not None:
            record = self.overlay(record)
        if record is not None:
            self._full.put(sha256, record)
            self._light.put(sha256, without_words(record))
        return record

    def light(self, sha256: str) -> DocumentRecord | None:
        """The latest extraction record without word boxes (cheap to keep many of)."""
        cached = self._light.get(sha256)
        if cached is not None:
            return cached
        record = self.record(sha256)
        return self._light.get(sha256) if record is not None else None

    def forget(self, sha256: str) -> None:
        """After a re-extraction: the next read goes to the archive."""
        for cache in (self._full, self._light):
            with cache._lock:
                cache._items.pop(sha256, None)
