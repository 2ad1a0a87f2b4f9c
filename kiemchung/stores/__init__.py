"""Evidence stores: one query model, two stores (Elasticsearch, embedded SQLite FTS5).

`open_store(settings)` picks Elasticsearch when `KIEMCHUNG_ELASTICSEARCH_URL` is set, else the
embedded store at `KIEMCHUNG_HOME/index.sqlite`. Stores are derived from the archive: they hold
nothing that `rebuild(archive.iter_records())` cannot recreate.
"""

from __future__ import annotations

from kiemchung.settings import Settings, get_settings
from kiemchung.stores.base import (
    EvidenceStore,
    FacetBucket,
    Facets,
    IndexReport,
    ItemError,
    SearchHit,
    SearchQuery,
    SearchResult,
    SearchTarget,
    StoreCounts,
    StoreError,
    criterion_path,
)

SQLITE_FILE_NAME = "index.sqlite"


def open_store(settings: Settings | None = None, *, index_prefix: str | None = None) -> EvidenceStore:
    settings = settings or get_settings()
    from kiemchung.stores.text import SEGMENTATION_FILE_NAME, remember_segmentations

    remember_segmentations(settings.home / SEGMENTATION_FILE_NAME)  # ingest segments, a reindex reads back
    if settings.elasticsearch_url:
        from kiemchung.stores.elasticsearch_store import ElasticsearchStore
        from kiemchung.stores.es_connection import ElasticsearchConnection

        prefix = index_prefix or settings.elasticsearch_index_prefix
        connection = ElasticsearchConnection.from_settings(settings)
        return ElasticsearchStore(connection, index_prefix=prefix, wait_seconds=settings.elasticsearch_wait_seconds)
    from kiemchung.stores.sqlite_store import SqliteStore

    return SqliteStore(settings.home / SQLITE_FILE_NAME)


__all__ = [
    "SQLITE_FILE_NAME",
    "EvidenceStore",
    "FacetBucket",
    "Facets",
    "IndexReport",
    "ItemError",
    "SearchHit",
    "SearchQuery",
    "SearchResult",
    "SearchTarget",
    "StoreCounts",
    "StoreError",
    "criterion_path",
    "open_store",
]
