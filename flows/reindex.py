"""`reindex`: rebuild the search index from the archive (no PDF is read again) and swap it in."""

from __future__ import annotations

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows.common import archive_and_store, publish_counts, settings_for
from kiemchung.archive import Archive
from kiemchung.stores import EvidenceStore, IndexReport


@task(name="rebuild-index", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=10)
def rebuild_index(archive: Archive, store: EvidenceStore) -> IndexReport:
    return store.rebuild(archive.iter_records())


@flow(name="reindex")
def reindex(home: str | None = None) -> dict[str, int]:
    with archive_and_store(settings_for(home)) as (archive, store):
        report = rebuild_index(archive, store)
    counts = {
        "documents": report.documents,
        "pages": report.pages,
        "evidence": report.evidence,
        "failed": len(report.errors),
    }
    for error in report.errors:
        get_run_logger().warning("not indexed: %s %s — %s", error.kind, error.id, error.reason)
    publish_counts("reindex", "Reindex from the archive", counts, [])
    return counts
