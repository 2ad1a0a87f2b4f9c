"""The team path on a real `prefect server start`: `kiemchung deploy-flows` on a server with no work
pool, real `prefect worker start` processes started outside the repository run the deployments,
and two workers with `--limit 1` share the batches of one folder."""

from __future__ import annotations

import re
import subprocess
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from uuid import UUID

import httpx
import pytest
from portal_site import PortalServer, make_pdf, sources_yaml
from prefect.client.schemas.objects import FlowRun
from prefect.deployments import run_deployment
from prefect.settings import PREFECT_API_URL, temporary_settings
from prefect_processes import KIEMCHUNG, PREFECT, prefect_env, prefect_worker, stop, worker_log

from kiemchung.settings import Settings
from kiemchung.stores import open_store

pytestmark = [pytest.mark.prefect, pytest.mark.slow]
POOL = "team"
RUN_TIMEOUT = 240  # seconds for one deployment run, worker start-up and imports included


@pytest.fixture(scope="module")
def team_pool(prefect_server: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """`kiemchung deploy-flows` from a folder outside the repository, on a server with no work pool."""
    folder = tmp_path_factory.mktemp("deploy")
    done = subprocess.run(
        [str(KIEMCHUNG), "deploy-flows", "--pool", POOL],
        cwd=folder,
        env=prefect_env(folder, prefect_server),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "deployed crawl/crawl-portals (queue crawl) → work pool team" in done.stdout
    return POOL


def api_post(api: str, path: str, body: Mapping[str, object]) -> list[dict[str, object]]:
    response = httpx.post(f"{api}{path}", json=body, timeout=30)
    response.raise_for_status()
    result: list[dict[str, object]] = response.json()
    return result


def counts_artifact(api: str, flow_run_id: UUID | str) -> str:
    body = {"artifacts": {"flow_run_id": {"any_": [str(flow_run_id)]}, "type": {"any_": ["markdown"]}}}
    (artifact,) = api_post(api, "/artifacts/filter", body)
    return str(artifact["data"])


def documents_in(home: Path) -> int:
    store = open_store(Settings(home=home))
    try:
        return store.counts().documents
    finally:
        store.close()


def test_deploy_flows_creates_the_process_pool_its_queues_and_module_entrypoints(
    prefect_server: str, team_pool: str
) -> None:
    pool = httpx.get(f"{prefect_server}/work_pools/{team_pool}", timeout=30).json()
    assert pool["type"] == "process"
    queues = {queue["name"] for queue in api_post(prefect_server, f"/work_pools/{team_pool}/queues/filter", {})}
    assert {"crawl", "maintenance", "batches"} <= queues
    deployments = api_post(prefect_server, "/deployments/filter", {"work_pools": {"name": {"any_": [team_pool]}}})
    by_name = {deployment["name"]: deployment for deployment in deployments}
    assert set(by_name) >= {"crawl-portals", "reindex-weekly", "retag-on-demand", "ingest-batch"}
    crawl = by_name["crawl-portals"]
    assert (crawl["entrypoint"], crawl["work_queue_name"], crawl["path"]) == ("flows.crawl.crawl", "crawl", None)
    assert [item["schedule"]["cron"] for item in crawl["schedules"]] == ["30 6,12,18 * * 1-6"]  # type: ignore[attr-defined]
    assert by_name["ingest-batch"]["work_queue_name"] == "batches"

    from flows.serve import register_deployments

    with temporary_settings({PREFECT_API_URL: prefect_server}):  # a second deploy reuses pool and queues
        assert len(register_deployments(team_pool)) == len(by_name)


def test_prefect_list_commands_answer(prefect_server: str, team_pool: str, tmp_path: Path) -> None:
    done = subprocess.run(
        [str(PREFECT), "work-pool", "ls"],
        env=prefect_env(tmp_path, prefect_server, COLUMNS="200"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert re.search(rf"\b{team_pool}\b.*\bprocess\b", done.stdout)


def run_and_wait(api: str, name: str, parameters: dict[str, object] | None = None) -> FlowRun:
    with temporary_settings({PREFECT_API_URL: api}):
        run = run_deployment(name, parameters=parameters or {}, timeout=RUN_TIMEOUT, poll_interval=1)
    assert isinstance(run, FlowRun)
    return run


def test_a_worker_outside_the_repository_runs_the_crawl_deployment_and_a_rerun_ingests_nothing(
    prefect_server: str, team_pool: str, portal: PortalServer, tmp_path: Path
) -> None:
    sources = tmp_path / "sources.yaml"
    sources.write_text(sources_yaml(portal), encoding="utf-8")
    home = tmp_path / "home"
    env = prefect_env(tmp_path, KIEMCHUNG_HOME=str(home), KIEMCHUNG_SOURCES=str(sources))
    workdir = tmp_path / "anywhere"
    with prefect_worker(prefect_server, team_pool, "crawler", cwd=workdir, env=env, queues=("crawl",)):
        first = run_and_wait(prefect_server, "crawl/crawl-portals")
        assert first.state_type and first.state_type.value == "COMPLETED", worker_log(workdir, "crawler")
        second = run_and_wait(prefect_server, "crawl/crawl-portals")
        assert second.state_type and second.state_type.value == "COMPLETED", worker_log(workdir, "crawler")

    published = len(portal.site.attachment_paths())
    first_counts = counts_artifact(prefect_server, first.id)
    assert f"| new | {published} |" in first_counts
    assert "worker `crawler`" in first_counts
    assert "| new | 0 |" in counts_artifact(prefect_server, second.id)
    assert documents_in(home) == published


@pytest.fixture
def folder_of_pdfs(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "scans"
    folder.mkdir()
    for n in range(1, 5):
        (folder / f"kh-{n}.pdf").write_bytes(make_pdf([f"Số: {n}/KH-UBND", "KẾ HOẠCH", f"Cải cách hành chính {n}"]))
    yield folder


def test_two_workers_with_limit_one_share_the_batches_of_a_folder(
    prefect_server: str, team_pool: str, folder_of_pdfs: Path, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    env = prefect_env(tmp_path, KIEMCHUNG_HOME=str(home))
    workdir = tmp_path / "workers"
    with (
        prefect_worker(prefect_server, team_pool, "ocr-a", cwd=workdir, env=env, queues=("batches",), limit=1),
        prefect_worker(prefect_server, team_pool, "ocr-b", cwd=workdir, env=env, queues=("batches",), limit=1),
    ):
        done = subprocess.run(
            [str(KIEMCHUNG), "ingest-in-batches", str(folder_of_pdfs), "--batch-size", "1", "--timeout", "300"],
            cwd=tmp_path,
            env=env | {"PREFECT_API_URL": prefect_server},
            capture_output=True,
            text=True,
            timeout=400,
        )
    logs = worker_log(workdir, "ocr-a") + worker_log(workdir, "ocr-b")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:] + logs
    assert "4 files, 4 batches, 4 completed, 0 failed, 0 unfinished" in done.stdout

    parent = api_post(prefect_server, "/flow_runs/filter", {"flows": {"name": {"any_": ["ingest-fanout"]}}})
    (parent_run,) = [run for run in parent if run["state_type"] == "COMPLETED"]
    children = api_post(
        prefect_server, "/flow_runs/filter", {"flow_runs": {"parent_flow_run_id": {"any_": [parent_run["id"]]}}}
    )
    assert len(children) == 4
    workers = {
        match.group(1)
        for child in children
        if (match := re.search(r"worker `([^`]+)`", counts_artifact(prefect_server, str(child["id"]))))
    }
    assert workers == {"ocr-a", "ocr-b"}
    assert documents_in(home) == 4


def test_serve_flows_runs_a_deployment_from_any_folder(prefect_server: str, tmp_path: Path) -> None:
    deployments = tmp_path / "prefect.yaml"
    deployments.write_text(
        "deployments:\n  - {name: served-retag, entrypoint: flows.retag.retag, schedules: []}\n", encoding="utf-8"
    )
    env = prefect_env(tmp_path, prefect_server, KIEMCHUNG_HOME=str(tmp_path / "home"))
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        serving = subprocess.Popen(
            [str(KIEMCHUNG), "serve-flows", "--file", str(deployments)],
            cwd=tmp_path,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 120
            served = {"deployments": {"name": {"any_": ["served-retag"]}}}
            while not api_post(prefect_server, "/deployments/filter", served):
                assert serving.poll() is None and time.monotonic() < deadline, log_path.read_text()[-2000:]
                time.sleep(0.5)
            run = run_and_wait(prefect_server, "retag/served-retag")
        finally:
            stop(serving)
    assert run.state_type and run.state_type.value == "COMPLETED", log_path.read_text()[-3000:]
