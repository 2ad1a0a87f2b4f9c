"""`kiemchung reindex` and the reindex flow: rebuild the evidence store from the archive.

Elasticsearch: parallel, resumable, catching up with ingest (`es_reindex`). The embedded store: one
pass over `Archive.iter_records()` into a new file renamed over the old one.

`rebuild` is what both entry points run: the rebuild, then the home's outbox drained (documents
archived while the index was down, removals it still owes) and superseded versions taken out, so a
reindex leaves archive, records and index in agreement.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from core.models import DocumentRecord
from kiemchung.archive import Archive
from kiemchung.stores.base import EvidenceStore, IndexReport
from kiemchung.stores.outbox import DrainReport, Outbox


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


def rebuild(
    archive: Archive,
    store: EvidenceStore,
    home: Path,
    *,
    workers: int = 2,
    on_progress: Callable[[int], None] | None = None,
) -> tuple[ReindexReport, DrainReport]:
    """`reindex`, then the outbox drained and superseded versions removed from the index. A store
    that fails meanwhile raises `StoreError`; what the outbox still owes stays queued (`left`)."""
    from kiemchung.sources.state import CrawlState

    report = reindex(archive, store, home, workers=workers, on_progress=on_progress)
    # What the index was owed is in the rebuilt index already, except removals; draining does both
    # (indexing twice is harmless: ids come from sha256), so the queue is empty afterwards.
    drained = Outbox.in_home(home).drain(archive, store)
    # The archive keeps superseded versions; the rebuilt index must not hold them.
    with CrawlState.in_home(home) as state:
        superseded = sorted(state.superseded())
    if superseded:
        store.delete_documents(superseded)
    return report, drained
