"""What only the Elasticsearch store does: aliases, templates, bulk errors per item, readiness."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from elasticsearch import Elasticsearch

from core.models import DocumentRecord, Page
from kiemchung.stores.base import SearchQuery, StoreError
from kiemchung.stores.elasticsearch_store import KINDS, ElasticsearchStore
from kiemchung.stores.es_connection import ElasticsearchConnection
from tests.kiemchung.stores.corpus import CORPUS, PLAN, REPORT, record

pytestmark = pytest.mark.elasticsearch


def test_each_alias_points_at_one_index_made_from_its_template(elasticsearch_store: ElasticsearchStore) -> None:
    client = elasticsearch_store.client
    for kind in KINDS:
        (index,) = client.indices.get_alias(name=elasticsearch_store.alias(kind)).body
        assert index.startswith(f"{elasticsearch_store.alias(kind)}-")
        mapping = client.indices.get_mapping(index=index)[index]["mappings"]
        assert mapping["dynamic"] == "strict"
        assert mapping["properties"]["text_folded"]["analyzer"] == "kiemchung_text"


def test_a_refused_item_is_reported_and_the_rest_goes_in(elasticsearch_store: ElasticsearchStore) -> None:
    # a keyword longer than Lucene's 32 KB term limit: the node refuses that one document
    garbage = record("garbage", [Page(page=1, method="ocr", text="rác")], [], number="9" * 40_000)

    report = elasticsearch_store.index_documents([PLAN, garbage, REPORT])

    # the number is on the document and, denormalised, on its page: both are refused, nothing else
    assert sorted((e.kind, e.id) for e in report.errors) == [
        ("documents", garbage.sha256), ("pages", f"{garbage.sha256}:p00001")
    ]  # fmt: skip
    assert all("failed to parse field [number]" in e.reason for e in report.errors)
    assert elasticsearch_store.indexed_sha256s() == {PLAN.sha256, REPORT.sha256}


def test_a_nan_confidence_does_not_lose_the_page(elasticsearch_store: ElasticsearchStore) -> None:
    odd = record("nan", [Page(page=1, method="ocr", confidence=float("nan"), text="trang quét")], [])

    report = elasticsearch_store.index_documents([odd])

    assert report.errors == []
    assert elasticsearch_store.search(SearchQuery(text="trang quet")).total == 1


def test_rebuild_swaps_every_alias_and_deletes_the_old_indices(elasticsearch_store: ElasticsearchStore) -> None:
    client = elasticsearch_store.client
    elasticsearch_store.index_documents(CORPUS)
    old = {kind: set(client.indices.get_alias(name=elasticsearch_store.alias(kind)).body) for kind in KINDS}

    elasticsearch_store.rebuild(CORPUS)

    for kind in KINDS:
        (new,) = client.indices.get_alias(name=elasticsearch_store.alias(kind)).body
        assert new not in old[kind]
        assert not client.indices.exists(index=",".join(old[kind]))
    assert elasticsearch_store.counts().documents == len(CORPUS)


def test_a_failed_rebuild_leaves_the_live_index_alone(elasticsearch_store: ElasticsearchStore) -> None:
    elasticsearch_store.index_documents(CORPUS)
    before = {kind: elasticsearch_store._indices_behind(kind) for kind in KINDS}

    def records_then_crash() -> Iterator[DocumentRecord]:
        yield PLAN
        raise RuntimeError("archive went away")

    with pytest.raises(RuntimeError):
        elasticsearch_store.rebuild(records_then_crash())

    assert {kind: elasticsearch_store._indices_behind(kind) for kind in KINDS} == before
    leftovers = elasticsearch_store.client.indices.get(index=f"{elasticsearch_store.prefix}-*").body
    assert sorted(leftovers) == sorted(index for indices in before.values() for index in indices)
    assert elasticsearch_store.counts().documents == len(CORPUS)


def test_writes_never_create_an_index_without_the_mapping(elasticsearch_store: ElasticsearchStore) -> None:
    client = elasticsearch_store.client
    for kind in KINDS:
        for index in elasticsearch_store._indices_behind(kind):
            client.indices.delete(index=index)

    report = elasticsearch_store.index_documents([PLAN])

    assert report.errors and all("alias" in e.reason for e in report.errors)
    assert not client.indices.exists(index=elasticsearch_store.alias("pages"))


def test_opening_again_keeps_what_is_indexed(elasticsearch_url: str, es_index_prefix: str) -> None:
    first = ElasticsearchStore(elasticsearch_url, index_prefix=es_index_prefix)
    first.index_documents(CORPUS)
    first.close()

    second = ElasticsearchStore(elasticsearch_url, index_prefix=es_index_prefix)

    assert second.counts().documents == len(CORPUS)
    second.close()


def test_an_unreachable_node_is_a_one_line_error() -> None:
    started = time.monotonic()
    with pytest.raises(StoreError, match=r"^cannot reach Elasticsearch at http://127\.0\.0\.1:9/") as caught:
        ElasticsearchStore("http://127.0.0.1:9/", wait_seconds=1)
    assert "\n" not in str(caught.value)
    assert time.monotonic() - started < 60


def test_a_bad_prefix_is_refused_before_any_request() -> None:
    with pytest.raises(StoreError, match="index prefix"):
        ElasticsearchStore("http://127.0.0.1:9/", index_prefix="Bad Prefix")


def test_get_root_is_not_used_for_readiness(elasticsearch_url: str) -> None:
    # the minimal distribution answers GET / with 405: the store must not depend on it
    client = Elasticsearch(elasticsearch_url)
    assert client.options(ignore_status=405).perform_request("GET", "/").meta.status in (200, 405)
    client.close()


def test_shard_and_replica_counts_from_the_connection_reach_every_index(
    elasticsearch_url: str, es_index_prefix: str
) -> None:
    connection = ElasticsearchConnection.from_url(elasticsearch_url, shards=2, replicas=0)
    store = ElasticsearchStore(connection, index_prefix=es_index_prefix)
    try:
        for kind in KINDS:
            (settings,) = store.client.indices.get_settings(index=store.alias(kind)).body.values()
            index = settings["settings"]["index"]
            assert (index["number_of_shards"], index["number_of_replicas"]) == ("2", "0")
            assert index.get("auto_expand_replicas", "false") == "false"
        store.index_documents(CORPUS)
        assert store.counts().documents == len(CORPUS)
    finally:
        store.close()


def test_a_url_list_whose_first_host_is_down_still_reaches_the_node(
    elasticsearch_url: str, es_index_prefix: str
) -> None:
    store = ElasticsearchStore(f"http://127.0.0.1:9/,{elasticsearch_url}", index_prefix=es_index_prefix)
    try:
        store.index_documents(CORPUS)
        assert store.counts().documents == len(CORPUS)
    finally:
        store.close()
