"""The `store` fixture: every contract test runs on the embedded store and on a real Elasticsearch."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiemchung.stores.base import EvidenceStore
from kiemchung.stores.elasticsearch_store import ElasticsearchStore
from kiemchung.stores.sqlite_store import SqliteStore
from tests.es_fixtures import elasticsearch_cluster  # noqa: F401  (the cluster tests' fixture)


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[SqliteStore]:
    store = SqliteStore(tmp_path / "index.sqlite")
    yield store
    store.close()


@pytest.fixture
def elasticsearch_store(elasticsearch_url: str, es_index_prefix: str) -> Iterator[ElasticsearchStore]:
    store = ElasticsearchStore(elasticsearch_url, index_prefix=es_index_prefix)
    yield store
    store.close()


@pytest.fixture(params=["sqlite", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)])
def store(request: pytest.FixtureRequest) -> EvidenceStore:
    store: EvidenceStore = request.getfixturevalue(f"{request.param}_store")
    return store
