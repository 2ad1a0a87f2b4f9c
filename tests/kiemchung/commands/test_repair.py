"""`kiemchung verify --index` finds where archive, records and index disagree; `kiemchung repair` mends it."""

from __future__ import annotations

from pathlib import Path

from kiemchung.archive import Archive
from tests.kiemchung.commands.test_store import STUB, Deployment, json_lines, write_documents


def test_verify_index_reports_disagreements_and_repair_mends_them(tmp_path: Path) -> None:
    deployment = Deployment(home=tmp_path / "home")
    write_documents(tmp_path / "in", 4)
    ingested = deployment.run("ingest", str(tmp_path / "in"), "--json", "--extractor", STUB)
    assert ingested.exit_code == 0, ingested.output
    first, second = sorted(str(o["sha256"]) for o in json_lines(ingested.stdout))[:2]
    archive = Archive(deployment.home)
    for key in list(archive.blobs.keys(f"extractions/{first[:2]}/{first}/")):
        archive.blobs.delete(key)  # type: ignore[attr-defined]  # a record lost (or never written)
    store = deployment.store()
    try:
        store.delete_documents([second])  # a document the index lost
    finally:
        store.close()

    checked = deployment.run("verify", "--index", "--json")
    assert checked.exit_code == 1, checked.output
    assert {(str(p["sha256"]), p["problem"]) for p in json_lines(checked.stdout)} == {
        (first, "no_record"),
        (second, "not_indexed"),
    }

    repaired = deployment.run("repair", "--extractor", STUB)
    assert repaired.exit_code == 0, repaired.output
    assert "1 extracted" in repaired.stderr
    again = deployment.run("verify", "--index")
    assert again.exit_code == 0, again.output
    store = deployment.store()
    try:
        assert store.counts().documents == 4
    finally:
        store.close()
    assert len(list(Archive(deployment.home).iter_records())) == 4
    assert len(archive.provenance(first)) == 1  # repair reads the original; it is no new source


def test_repair_with_the_index_unreachable_says_it_did_not_repair(tmp_path: Path) -> None:
    """Nothing is compared with an index that does not answer: not "repaired" (exit 0), but exit 1
    with one line per problem, long as they are."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    deployment = Deployment(home=tmp_path / "home", elasticsearch_url=f"http://127.0.0.1:{port}")

    repaired = deployment.run("repair", "--extractor", STUB, extra_env={"KIEMCHUNG_ELASTICSEARCH_WAIT_SECONDS": "1"})

    assert repaired.exit_code == 1, repaired.output
    lines = repaired.stderr.splitlines()
    assert sum("index unavailable" in line and "Connection" in line for line in lines) == 1, lines
    assert any(line.startswith("not repaired") for line in lines), lines
    assert "Traceback" not in repaired.stderr
