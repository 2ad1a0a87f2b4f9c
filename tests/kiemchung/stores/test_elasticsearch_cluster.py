"""The store on a real three-node cluster: a node killed with -9 in the middle of an ingest.

Indices get 3 shards and 1 replica, so every node holds primaries and every acknowledged write has a
second copy. The node killed is the FIRST of the store's URL list, the one a single-URL setup
would have depended on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kiemchung.archive import Archive
from kiemchung.stores.base import SearchQuery, StoreCounts
from kiemchung.stores.elasticsearch_store import KINDS, ElasticsearchStore
from kiemchung.stores.es_connection import ElasticsearchConnection
from kiemchung.stores.ingest import IngestOutcome, ingest_paths, per_file
from tests.es_fixtures import ElasticsearchCluster
from tests.kiemchung.stores import stub_extractor

pytestmark = pytest.mark.elasticsearch

DOCUMENTS = 120
KILL_AFTER = 50  # outcomes: two batches of 20 are indexed by then, the rest comes after the kill


def write_documents(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True)
    paths = []
    for n in range(count):
        first = f"Kế hoạch kiểm tra công tác cải cách hành chính số {n} của Ủy ban nhân dân"
        second = f"Báo cáo kết quả thực hiện số {n}"
        path = folder / f"kh-{n:03d}.pdf"
        path.write_text(
            stub_extractor.document_json([first, second], [["1.1.1", 1, first], ["1.4", 2, second]], "q3", 2025),
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def primaries_by_node(store: ElasticsearchStore) -> dict[str, int]:
    rows = store.client.cat.shards(index=f"{store.prefix}-*", format="json", h="node,prirep,state").body
    counts: dict[str, int] = {}
    for row in rows:
        if row["prirep"] == "p" and row["state"] == "STARTED":
            counts[row["node"]] = counts.get(row["node"], 0) + 1
    return counts


def test_ingest_goes_on_through_the_other_nodes_when_the_first_listed_node_is_killed(
    elasticsearch_cluster: ElasticsearchCluster, tmp_path: Path
) -> None:
    first = elasticsearch_cluster.nodes[0]
    connection = ElasticsearchConnection.from_url(
        elasticsearch_cluster.urls, shards=3, replicas=1, request_timeout=30, max_retries=3
    )
    store = ElasticsearchStore(connection, index_prefix="kccluster")
    try:
        store.client.cluster.health(index=f"{store.prefix}-*", wait_for_status="green", timeout="60s")
        assert primaries_by_node(store).get(first.name, 0) > 0  # the victim holds data, not just a URL
        paths = write_documents(tmp_path / "in", DOCUMENTS)
        outcomes: list[IngestOutcome] = []

        def kill_midway(outcome: IngestOutcome) -> None:
            outcomes.append(outcome)
            if len(outcomes) == KILL_AFTER:
                assert 0 < store.counts().documents < DOCUMENTS
                elasticsearch_cluster.kill(first)

        summary = ingest_paths(
            paths, Archive(tmp_path / "home"), store,
            extract=per_file(stub_extractor.extract_file), on_outcome=kill_midway,
        )  # fmt: skip

        health = store.client.cluster.health()
        assert health["number_of_nodes"] == 2  # the node is really gone, and no request went to it since
        assert (summary.extracted, summary.failed) == (DOCUMENTS, 0)
        assert summary.index.errors == []
        assert (summary.index.documents, summary.index.evidence) == (DOCUMENTS, 2 * DOCUMENTS)
        assert store.counts() == StoreCounts(documents=DOCUMENTS, pages=2 * DOCUMENTS, evidence=2 * DOCUMENTS)
        assert store.indexed_sha256s() == {outcome.sha256 for outcome in outcomes}
        found = store.search(SearchQuery(text="kiem tra cong tac cai cach", target="evidence", criterion="1.1"))
        assert found.total == DOCUMENTS
    finally:
        store.close()

    # A new client whose list still starts with the dead node finds everything through the others.
    reopened = ElasticsearchStore(elasticsearch_cluster.urls, index_prefix="kccluster", wait_seconds=60)
    try:
        assert reopened.counts() == StoreCounts(documents=DOCUMENTS, pages=2 * DOCUMENTS, evidence=2 * DOCUMENTS)
        assert reopened.search(SearchQuery(text="bao cao ket qua", target="pages")).total == DOCUMENTS
        for kind in KINDS:
            settings = reopened.client.indices.get_settings(index=reopened.alias(kind))
            (index_settings,) = (body["settings"]["index"] for body in settings.body.values())
            assert (index_settings["number_of_shards"], index_settings["number_of_replicas"]) == ("3", "1")
    finally:
        reopened.drop()
        reopened.close()
