"""Both stores give the same answer to the same query (where the order is not a relevance score)."""

from __future__ import annotations

import pytest

from kiemchung.stores.base import SearchQuery
from kiemchung.stores.elasticsearch_store import ElasticsearchStore
from kiemchung.stores.sqlite_store import SqliteStore
from tests.kiemchung.stores.corpus import CORPUS

pytestmark = pytest.mark.elasticsearch

QUERIES = [
    SearchQuery(text="cai cach", target="pages", sort="newest"),
    SearchQuery(text='"hành chính"', target="evidence", sort="oldest"),
    SearchQuery(criterion="1", sort="newest"),
    SearchQuery(criterion="1.1", target="documents"),
    SearchQuery(text="dinh", target="pages", sort="oldest", unit="q1"),
    SearchQuery(year=2024, target="pages", size=2, page=2),
    SearchQuery(method="ocr", target="documents"),
    SearchQuery(text="kiện toàn", target="documents", sort="newest"),
]


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.model_dump_json(exclude_defaults=True))
def test_same_hits_snippets_totals_and_facets(
    sqlite_store: SqliteStore, elasticsearch_store: ElasticsearchStore, query: SearchQuery
) -> None:
    sqlite_store.index_documents(CORPUS)
    elasticsearch_store.index_documents(CORPUS)

    embedded, server = sqlite_store.search(query), elasticsearch_store.search(query)

    assert server.total == embedded.total
    assert [h.model_dump(exclude={"score"}) for h in server.hits] == [
        h.model_dump(exclude={"score"}) for h in embedded.hits
    ]
    assert server.facets == embedded.facets
