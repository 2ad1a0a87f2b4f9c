"""The `crawl` flow under a real (ephemeral) Prefect API, against the fixture portal on 127.0.0.1,
with the real archive, embedded store and extraction pipeline."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

import httpx
import pytest
from portal_site import ATTACHMENT_DIR, PortalServer, sources_yaml
from prefect.settings import PREFECT_API_URL

from extractors import EXTRACTOR_VERSION
from flows.crawl import crawl
from kiemchung.archive import Archive
from kiemchung.settings import Settings
from kiemchung.stores import open_store

pytestmark = [pytest.mark.prefect, pytest.mark.slow, pytest.mark.usefixtures("prefect_api")]

NEW_ARTICLE = "hop-ban-chi-dao-cchc-6-thang-2023"


def write_sources(portal: PortalServer, folder: Path) -> Path:
    path = folder / "sources.yaml"
    path.write_text(sources_yaml(portal), encoding="utf-8")
    return path


def artifact_of_run(key: str, flow_run_id: UUID | None) -> str:
    """The artifact `key` created by one flow run, read from the Prefect API."""
    body = {"artifacts": {"key": {"any_": [key]}, "flow_run_id": {"any_": [str(flow_run_id)]}}}
    response = httpx.post(f"{PREFECT_API_URL.value()}/artifacts/filter", json=body, timeout=30)
    response.raise_for_status()
    artifacts = response.json()
    assert artifacts, f"no artifact {key} for flow run {flow_run_id}"
    return str(artifacts[0]["data"])


def test_crawl_flow_ingests_new_documents_and_records_its_run(portal: PortalServer, tmp_path: Path) -> None:
    sources = write_sources(portal, tmp_path)
    home = tmp_path / "home"

    first = crawl(sources_file=str(sources), home=str(home), return_state=True)
    published = portal.site.attachment_paths()
    assert first.result() == {
        "found": len(published),
        "new": len(published),
        "skipped": 0,
        "failed": 0,
        "pages_failed": 0,
        "index_pending": 0,
    }

    archive = Archive(home)
    shas = sorted(archive.iter_originals())
    assert len(shas) == len(published)
    run_id = str(first.state_details.flow_run_id)
    for sha in shas:
        (provenance,) = archive.provenance(sha)
        assert provenance.flow_run_id == run_id
        assert provenance.kind == "url" and provenance.source.startswith(portal.base_url + ATTACHMENT_DIR)
        assert archive.get_record(sha, EXTRACTOR_VERSION) is not None
    assert "| new | 4 |" in artifact_of_run("crawl-counts", first.state_details.flow_run_id)

    portal.clear_log()
    portal.site.publish(NEW_ARTICLE)
    second = crawl(sources_file=str(sources), home=str(home), return_state=True)
    assert second.result() == {"found": 1, "new": 1, "skipped": 0, "failed": 0, "pages_failed": 0, "index_pending": 0}
    assert [p for p in portal.paths_requested() if p.startswith(ATTACHMENT_DIR)] == [
        ATTACHMENT_DIR + "bc-cchc-6-thang-2023.pdf"
    ]
    (new_sha,) = set(archive.iter_originals()) - set(shas)
    assert archive.provenance(new_sha)[0].flow_run_id == str(second.state_details.flow_run_id)
    store = open_store(Settings(home=home))
    try:
        assert store.counts().documents == len(published) + 1
    finally:
        store.close()


def test_transient_failures_are_retried_by_the_task_and_rejections_are_not(
    portal: PortalServer, tmp_path: Path
) -> None:
    flaky = ATTACHMENT_DIR + "kh-273-ubnd.pdf"
    broken = ATTACHMENT_DIR + "kh-cai-thien-chi-so-2020.pdf"
    portal.faults.fail_500[flaky] = 5  # outlives the fetcher's 3 attempts; the task's retry gets it
    portal.faults.html_instead.add(broken)
    state = crawl(sources_file=str(write_sources(portal, tmp_path)), home=str(tmp_path / "home"), return_state=True)
    assert state.result() == {"found": 4, "new": 3, "skipped": 0, "failed": 1, "pages_failed": 0, "index_pending": 0}
    assert portal.hits(flaky) == 6
    assert portal.hits(broken) == 1
    assert "served an HTML page" in artifact_of_run("crawl-documents", state.state_details.flow_run_id)


def test_a_bad_sources_file_fails_the_flow_with_its_reason(tmp_path: Path) -> None:
    bad = tmp_path / "sources.yaml"
    bad.write_text("sources:\n  - {name: x, kind: feed, url: 'ftp://a'}\n", encoding="utf-8")
    state = crawl(sources_file=str(bad), home=str(tmp_path), return_state=True)
    assert state.is_failed()
    assert "not an http(s) URL" in (state.message or "")
