"""The archive first, the index later: the outbox, and ingest through the real CLI when the index is down.

Extraction is the stub of tests/kiemchung/stores/stub_extractor.py; the index is a real
Elasticsearch node (the session's), and "down" is a port nothing listens on.
"""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest

from kiemchung.archive import Archive
from kiemchung.stores import StoreError
from kiemchung.stores import elasticsearch_store as es_module
from kiemchung.stores.elasticsearch_store import ElasticsearchStore
from kiemchung.stores.outbox import INDEX_PENDING_EXIT, Outbox, store_key
from kiemchung.stores.sqlite_store import SqliteStore
from tests.kiemchung.commands.test_store import STUB, Deployment, json_lines, write_documents
from tests.kiemchung.stores.corpus import CORPUS


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_the_latest_intent_wins_and_survives_reopening(tmp_path: Path) -> None:
    outbox = Outbox.in_home(tmp_path)
    outbox.put("sqlite", ["a" * 64, "b" * 64], "index", "down")
    (first, _second) = outbox.entries("sqlite")
    outbox.put("sqlite", ["a" * 64], "remove", "superseded")
    outbox.done("sqlite", [first])  # carried out before the change: the change stays queued

    reopened = Outbox.in_home(tmp_path)
    assert {(e.sha256[0], e.op) for e in reopened.entries("sqlite")} == {("a", "remove"), ("b", "index")}
    assert reopened.pending("sqlite") == {"b" * 64}
    assert reopened.count("elasticsearch:other") == 0


def test_drain_indexes_queued_records_and_removes_superseded_ones(tmp_path: Path) -> None:
    archive = Archive(tmp_path)
    records = CORPUS[:3]
    store = SqliteStore(tmp_path / "index.sqlite")
    try:
        for record in records:
            archive.put_record(record)
        store.index_documents([records[2]])
        outbox = Outbox.in_home(tmp_path)
        outbox.put(store_key(store), [records[0].sha256, records[1].sha256], "index")
        outbox.put(store_key(store), [records[2].sha256], "remove")

        report = outbox.drain(archive, store)

        assert (report.indexed, report.removed, report.left) == (2, 1, 0)
        assert store.indexed_sha256s() == {records[0].sha256, records[1].sha256}
    finally:
        store.close()


@pytest.mark.elasticsearch
def test_index_down_at_start_archives_everything_and_a_later_ingest_indexes_it(
    tmp_path: Path, elasticsearch_url: str, es_index_prefix: str
) -> None:
    write_documents(tmp_path / "in", 5)
    down = Deployment(home=tmp_path / "home", elasticsearch_url=closed_port_url(), index_prefix=es_index_prefix)

    first = down.run("ingest", str(tmp_path / "in"), "--json", "--extractor", STUB,
                     extra_env={"KIEMCHUNG_ELASTICSEARCH_WAIT_SECONDS": "1"})  # fmt: skip

    assert first.exit_code == INDEX_PENDING_EXIT, first.output
    outcomes = json_lines(first.stdout)
    assert [(o["status"], o["index"]) for o in outcomes] == [("extracted", "pending")] * 5
    assert "Traceback" not in first.stderr
    assert first.stderr.count("index unavailable") == 1
    assert "5 documents archived, index pending" in first.stderr
    assert len(list(Archive(down.home).iter_records())) == 5

    write_documents(tmp_path / "more", 1)  # another file, once the index is back
    (tmp_path / "more" / "van-ban-000.pdf").rename(tmp_path / "more" / "moi.pdf")
    (tmp_path / "more" / "moi.pdf").write_text(
        (tmp_path / "more" / "moi.pdf").read_text(encoding="utf-8").replace("đơn vị 0", "đơn vị mới"), encoding="utf-8"
    )
    up = Deployment(home=down.home, elasticsearch_url=elasticsearch_url, index_prefix=es_index_prefix)
    second = up.run("ingest", str(tmp_path / "more"), "--json", "--extractor", STUB)

    assert second.exit_code == 0, second.output
    assert "5 queued documents indexed" in second.stderr
    store = up.store()
    try:
        indexed = store.indexed_sha256s()
    finally:
        store.close()
    assert indexed == {r.sha256 for r in Archive(up.home).iter_records()} and len(indexed) == 6
    assert Outbox.in_home(up.home).count(f"elasticsearch:{es_index_prefix}") == 0


@pytest.mark.elasticsearch
def test_items_refused_with_429_are_sent_again_until_the_index_takes_them(
    elasticsearch_store: ElasticsearchStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A flood-stage block makes every write answer 429 per item; lifted a moment later, the
    retried items go in. Left on, the writes end as one StoreError, not as lost items."""
    monkeypatch.setattr(es_module, "BULK_BACKOFF_SECONDS", 0.2)
    documents = elasticsearch_store.aliased_indices()["documents"][0]
    block = {"index.blocks.read_only_allow_delete": True}
    records = CORPUS
    elasticsearch_store.client.indices.put_settings(index=documents, settings=block)
    lifted = threading.Timer(
        1.0,
        lambda: elasticsearch_store.client.indices.put_settings(
            index=documents, settings={"index.blocks.read_only_allow_delete": None}
        ),
    )
    lifted.start()
    try:
        report = elasticsearch_store.index_documents(records)
    finally:
        lifted.join()
    assert report.errors == []
    assert elasticsearch_store.indexed_sha256s() == {r.sha256 for r in records}

    monkeypatch.setattr(es_module, "BULK_ATTEMPTS", 2)
    elasticsearch_store.client.indices.put_settings(index=documents, settings=block)
    try:
        with pytest.raises(StoreError, match=r"still refuses .* after 2 attempts: 429"):
            elasticsearch_store.index_documents(CORPUS[:2])
    finally:
        elasticsearch_store.client.indices.put_settings(
            index=documents, settings={"index.blocks.read_only_allow_delete": None}
        )
