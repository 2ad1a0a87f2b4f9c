"""`reindex`: rebuild the search index from the archive (no PDF is read again) and swap it in."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows.common import archive_and_store, publish_counts, settings_for
from kiemchung.archive import Archive
from kiemchung.stores import EvidenceStore, IndexReport
from kiemchung.stores.reindex import reindex as reindex_store
from kiemchung.web.corrections import CorrectedArchive


@task(name="rebuild-index", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=10)
def rebuild_index(archive: Archive, store: EvidenceStore, home: Path, workers: int) -> IndexReport:
    # A retry resumes an Elasticsearch reindex from its checkpoint in `home`.
    return reindex_store(archive, store, home, workers=workers)


@flow(name="reindex")
def reindex(home: str | None = None) -> dict[str, int]:
    settings = settings_for(home)
    with archive_and_store(settings) as (archive, store):
        corrected = CorrectedArchive.in_home(archive, settings.home)  # people's corrections stay corrected
        report = rebuild_index(corrected, store, settings.home, settings.reindex_workers)
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
