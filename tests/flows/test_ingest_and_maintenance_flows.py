"""`ingest`, `reindex` and `retag` under a real (ephemeral) Prefect API, on a real archive and store."""

from __future__ import annotations

from pathlib import Path

import pytest
from portal_site import ATTACHMENT_DIR, PortalServer, make_pdf

from extractors import EXTRACTOR_VERSION
from flows.ingest import ingest
from flows.reindex import reindex
from flows.retag import retag
from kiemchung.archive import Archive
from kiemchung.settings import Settings
from kiemchung.stores import open_store

pytestmark = [pytest.mark.prefect, pytest.mark.slow, pytest.mark.usefixtures("prefect_api")]

LOCAL_PLAN = [
    "ỦY BAN NHÂN DÂN QUẬN 3",
    "Số: 297/KH-UBND",
    "Quận 3, ngày 08 tháng 01 năm 2024",
    "KẾ HOẠCH",
    "Cải cách hành chính năm 2024",
]


def documents_in_store(home: Path) -> int:
    store = open_store(Settings(home=home))
    try:
        return store.counts().documents
    finally:
        store.close()


def test_ingest_flow_takes_files_and_urls_and_records_the_run(portal: PortalServer, tmp_path: Path) -> None:
    local = tmp_path / "kh-297.pdf"
    local.write_bytes(make_pdf(LOCAL_PLAN))
    url = portal.base_url + ATTACHMENT_DIR + "4000qdsigned.pdf"
    home = tmp_path / "home"
    state = ingest([str(local), url], home=str(home), allow_addresses=["127.0.0.1/32"], return_state=True)
    assert state.result() == {"found": 2, "new": 2, "skipped": 0, "failed": 0, "index_pending": 0}
    run_id = str(state.state_details.flow_run_id)
    archive = Archive(home)
    provenance = {p.kind: p for sha in archive.iter_originals() for p in archive.provenance(sha)}
    assert provenance["file"].source == str(local.resolve()) and provenance["file"].flow_run_id == run_id
    assert provenance["url"].source == url and provenance["url"].flow_run_id == run_id
    assert documents_in_store(home) == 2

    again = ingest([str(local), url], home=str(home), allow_addresses=["127.0.0.1/32"])
    assert again == {"found": 2, "new": 0, "skipped": 2, "failed": 0, "index_pending": 0}


def test_ingest_flow_refuses_loopback_unless_allowed(portal: PortalServer, tmp_path: Path) -> None:
    url = portal.base_url + ATTACHMENT_DIR + "4000qdsigned.pdf"
    counts = ingest([url], home=str(tmp_path))
    assert counts == {"found": 1, "new": 0, "skipped": 0, "failed": 1, "index_pending": 0}
    assert portal.hits(ATTACHMENT_DIR + "4000qdsigned.pdf") == 0
    assert list(Archive(tmp_path).iter_originals()) == []


def test_reindex_rebuilds_the_index_from_the_archive_alone(tmp_path: Path) -> None:
    files = []
    for number in (11, 12, 13):
        path = tmp_path / f"kh-{number}.pdf"
        path.write_bytes(make_pdf([f"Số: {number}/KH-UBND", "KẾ HOẠCH", "Cải cách hành chính"]))
        files.append(str(path))
    home = tmp_path / "home"
    ingest(files, home=str(home))
    (home / "index.sqlite").unlink()  # the index is derived: losing it loses nothing
    assert reindex(home=str(home))["documents"] == 3
    assert documents_in_store(home) == 3


def test_reindex_drains_the_outbox_and_leaves_superseded_versions_out(tmp_path: Path) -> None:
    """What the index was owed while it was down (issue 15 item 2) is carried out by the reindex
    flow too: the queue ends empty and a superseded version is not in the rebuilt index."""
    from kiemchung.sources.state import CrawlState
    from kiemchung.stores.outbox import Outbox

    files = []
    for number in (21, 22, 23):
        path = tmp_path / f"kh-{number}.pdf"
        path.write_bytes(make_pdf([f"Số: {number}/KH-UBND", "KẾ HOẠCH", "Cải cách hành chính"]))
        files.append(str(path))
    home = tmp_path / "home"
    ingest(files, home=str(home))
    old, new, queued = sorted(Archive(home).iter_originals())
    outbox = Outbox.in_home(home)
    outbox.put("sqlite", [queued], "index", "index unavailable (test)")
    outbox.put("sqlite", [old], "remove", "superseded (test)")
    with CrawlState.in_home(home) as state:
        assert state.supersede("https://example.org/kh.pdf", old, new)

    counts = reindex(home=str(home))

    assert (counts["outbox_indexed"], counts["outbox_removed"], counts["index_pending"]) == (1, 1, 0)
    assert outbox.count("sqlite") == 0
    store = open_store(Settings(home=home))
    try:
        assert store.indexed_sha256s() == {new, queued}
    finally:
        store.close()


def test_retag_rewrites_evidence_of_every_archived_record(tmp_path: Path) -> None:
    path = tmp_path / "kh-297.pdf"
    path.write_bytes(make_pdf(LOCAL_PLAN))
    home = tmp_path / "home"
    ingest([str(path)], home=str(home))
    archive = Archive(home)
    (sha,) = list(archive.iter_originals())
    record = archive.get_record(sha, EXTRACTOR_VERSION)
    assert record is not None
    archive.put_record(record.model_copy(update={"evidence": [], "unit": None, "year": None}))

    counts = retag(home=str(home))

    assert counts == {"documents": 1, "tagged": 1, "failed": 0}
    retagged = archive.get_record(sha, EXTRACTOR_VERSION)
    assert retagged is not None and retagged.year == 2024
