"""`retag`: re-run evidence tagging over every archived record (after a rubric change), re-index them.

Pages are not read again: the archived extraction records keep the text; only `evidence` changes.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import islice

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from core.models import DocumentRecord
from flows.common import archive_and_store, publish_counts, settings_for
from kiemchung.archive import Archive
from kiemchung.stores import EvidenceStore
from kiemchung.web.corrections import corrector_in_home

BATCH = 50
Tagger = Callable[[DocumentRecord], DocumentRecord]


def load_tagger() -> Tagger:
    """Tagging as extraction does it (evidence, unit, year; flags where the signing date disagrees),
    with the rubric read again from disk: retag runs because the rubric changed, and a long-lived
    worker would otherwise keep the scheme it loaded at start."""
    from core.rubric import default_scheme
    from extractors.stages import flag_signature_disagreement
    from extractors.tagger import tag_record
    from kiemchung.settings import get_settings

    default_scheme.cache_clear()
    max_days = get_settings().signature_max_days
    return lambda record: flag_signature_disagreement(tag_record(record), max_days)


@task(name="retag-batch", task_run_name="retag {count} documents", cache_policy=NO_CACHE, retries=1)
def retag_batch(
    archive: Archive, store: EvidenceStore, records: list[DocumentRecord], tag: Tagger, count: int
) -> tuple[int, int]:
    """Tag, store the records back in the archive (same extractor version) and re-index; (tagged, failed)."""
    logger = get_run_logger()
    tagged: list[DocumentRecord] = []
    failed = 0
    for record in records:
        try:
            retagged = tag(record.model_copy(update={"evidence": []}))
        except Exception as error:  # one bad record is reported, the batch goes on
            failed += 1
            logger.warning("tagging failed: %s (%s) — %s", record.file, record.sha256[:12], error)
            continue
        archive.put_record(retagged)
        tagged.append(retagged)
        logger.info("retagged %s (%s): %d evidence items", record.file, record.sha256[:12], len(retagged.evidence))
    corrected = corrector_in_home(archive.home)  # people's corrections stay corrected in the index
    report = store.index_documents([corrected(record) for record in tagged])
    return len(tagged), failed + len(report.errors)


@flow(name="retag")
def retag(home: str | None = None) -> dict[str, int]:
    tag = load_tagger()
    counts = {"documents": 0, "tagged": 0, "failed": 0}
    with archive_and_store(settings_for(home)) as (archive, store):
        records = archive.iter_records()
        while batch := list(islice(records, BATCH)):
            done, failed = retag_batch(archive, store, batch, tag, len(batch))
            counts["documents"] += len(batch)
            counts["tagged"] += done
            counts["failed"] += failed
    publish_counts("retag", "Retag the archive", counts, [])
    return counts
