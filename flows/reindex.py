"""`reindex`: rebuild the search index from the archive (no PDF is read again) and swap it in; then
drain the home's outbox (documents archived while the index was down) and take superseded versions
out, as `kiemchung reindex` does (`kiemchung.stores.reindex.rebuild`)."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows.common import archive_and_store, publish_counts, settings_for
from kiemchung.archive import Archive
from kiemchung.stores import EvidenceStore
from kiemchung.stores.outbox import DrainReport
from kiemchung.stores.reindex import ReindexReport
from kiemchung.stores.reindex import rebuild as rebuild_and_drain
from kiemchung.web.corrections import CorrectedArchive


@task(name="rebuild-index", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=10)
def rebuild_index(
    archive: Archive, store: EvidenceStore, home: Path, workers: int
) -> tuple[ReindexReport, DrainReport]:
    # A retry resumes an Elasticsearch reindex from its checkpoint in `home`; the outbox keeps what
    # it still owes until an attempt carries it out.
    return rebuild_and_drain(archive, store, home, workers=workers)


@flow(name="reindex")
def reindex(home: str | None = None) -> dict[str, int]:
    settings = settings_for(home)
    with archive_and_store(settings) as (archive, store):
        corrected = CorrectedArchive.in_home(archive, settings.home)  # people's corrections stay corrected
        report, drained = rebuild_index(corrected, store, settings.home, settings.reindex_workers)
    counts = {
        "documents": report.documents,
        "pages": report.pages,
        "evidence": report.evidence,
        "failed": len(report.errors),
        "outbox_indexed": drained.indexed,
        "outbox_removed": drained.removed,
        "index_pending": drained.left,
    }
    logger = get_run_logger()
    for error in report.errors:
        logger.warning("not indexed: %s %s — %s", error.kind, error.id, error.reason)
    for problem in drained.problems:
        logger.warning("not indexed: %s", problem)
    publish_counts("reindex", "Reindex from the archive", counts, [])
    return counts
