"""The same crawl flow against a real `prefect server start` on 127.0.0.1 (not the ephemeral API)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from portal_site import PortalServer, sources_yaml

pytestmark = [pytest.mark.prefect, pytest.mark.slow]
REPOSITORY = Path(__file__).parents[2]
PREFECT = Path(sys.executable).with_name("prefect")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_env(tmp_path: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PREFECT_")}
    env.update(
        PREFECT_HOME=str(tmp_path / "prefect-home"),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        DO_NOT_TRACK="1",
        PREFECT_UI_ENABLED="false",
    )
    return env


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp_path = tmp_path_factory.mktemp("prefect-server")
    port = free_port()
    log = (tmp_path / "server.log").open("w")
    process = subprocess.Popen(
        [str(PREFECT), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=server_env(tmp_path),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    api = f"http://127.0.0.1:{port}/api"
    try:
        deadline = time.monotonic() + 180
        while True:
            assert process.poll() is None, (tmp_path / "server.log").read_text()[-2000:]
            try:
                if httpx.get(f"{api}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "prefect server did not answer /api/health in 180 s"
            time.sleep(0.5)
        yield api
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        log.close()


def test_crawl_flow_runs_against_a_prefect_server(
    prefect_server: str, portal: PortalServer, tmp_path: Path
) -> None:
    sources = tmp_path / "sources.yaml"
    sources.write_text(sources_yaml(portal), encoding="utf-8")
    env = server_env(tmp_path) | {"PREFECT_API_URL": prefect_server, "KIEMCHUNG_HOME": str(tmp_path / "home")}
    script = f"from flows.crawl import crawl; print(crawl(sources_file={str(sources)!r}))"
    run = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=REPOSITORY, capture_output=True, text=True, timeout=600
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert "{'found': 4, 'new': 4, 'skipped': 0, 'failed': 0}" in run.stdout

    flow_runs = httpx.post(f"{prefect_server}/flow_runs/filter", json={"limit": 10}, timeout=30).json()
    assert [(run["name"] != "", run["state_type"]) for run in flow_runs] == [(True, "COMPLETED")]
    flow_run = {"flow_runs": {"id": {"any_": [flow_runs[0]["id"]]}}, "limit": 100}
    task_runs = httpx.post(f"{prefect_server}/task_runs/filter", json=flow_run, timeout=30).json()
    names = sorted(run["name"] for run in task_runs)
    assert "discover snv-fixture" in names
    assert sum(name.startswith("fetch ") for name in names) == 4


def test_prefect_yaml_deployments_register_on_a_server_with_their_schedules(
    prefect_server: str, tmp_path: Path
) -> None:
    env = server_env(tmp_path) | {"PREFECT_API_URL": prefect_server}
    for command in (
        [str(PREFECT), "work-pool", "create", "kiemchung", "--type", "process", "--overwrite"],
        [str(Path(sys.executable).with_name("kiemchung")), "deploy-flows", "--pool", "kiemchung"],
    ):
        done = subprocess.run(command, env=env, cwd=REPOSITORY, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    deployments = httpx.post(f"{prefect_server}/deployments/filter", json={"limit": 50}, timeout=30).json()
    by_name = {deployment["name"]: deployment for deployment in deployments}
    assert set(by_name) == {"crawl-portals", "reindex-weekly", "retag-on-demand", "ingest-on-demand"}
    crawl_schedules = [item["schedule"]["cron"] for item in by_name["crawl-portals"]["schedules"]]
    assert crawl_schedules == ["30 6,12,18 * * 1-6"]
    assert by_name["crawl-portals"]["work_pool_name"] == "kiemchung"
    assert by_name["crawl-portals"]["entrypoint"] == "flows/crawl.py:crawl"
