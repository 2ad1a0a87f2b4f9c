"""`kiemchung reindex` and the reindex flow: rebuild the evidence store from the archive.

Elasticsearch: parallel, resumable, catching up with ingest (`es_reindex`). The embedded store: one
pass over `Archive.iter_records()` into a new file renamed over the old one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from core.models import DocumentRecord
from kiemchung.archive import Archive
from kiemchung.stores.base import EvidenceStore, IndexReport


class ReindexReport(IndexReport):
    """What this run wrote, with what an earlier, interrupted run had done already."""

    resumed: int = 0  # documents done by an earlier run and not written again
    caught_up: int = 0  # documents archived (or re-extracted) while the reindex ran
    workers: int = 1


def reindex(
    archive: Archive,
    store: EvidenceStore,
    home: Path,
    *,
    workers: int = 2,
    on_progress: Callable[[int], None] | None = None,
) -> ReindexReport:
    """Rebuild `store` from `archive`; `on_progress` gets how many documents were just written.
    `home` keeps an Elasticsearch reindex's checkpoint (`home/reindex/<prefix>/`)."""
    from kiemchung.stores.elasticsearch_store import ElasticsearchStore

    if isinstance(store, ElasticsearchStore):
        from kiemchung.stores.es_reindex import reindex_archive

        on_chunk = None if on_progress is None else (lambda chunk: on_progress(len(chunk)))
        return reindex_archive(archive, store, home, workers=workers, on_chunk=on_chunk)

    def records() -> Iterator[DocumentRecord]:
        for record in archive.iter_records():
            if on_progress is not None:
                on_progress(1)
            yield record

    return ReindexReport.model_validate(store.rebuild(records()).model_dump())
