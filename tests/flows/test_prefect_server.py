"""The same crawl flow against a real `prefect server start` on 127.0.0.1 (not the ephemeral API).

Deployments and workers on that server: test_workers.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from portal_site import PortalServer, sources_yaml
from prefect_processes import prefect_env

pytestmark = [pytest.mark.prefect, pytest.mark.slow]
REPOSITORY = Path(__file__).parents[2]


def test_crawl_flow_runs_against_a_prefect_server(prefect_server: str, portal: PortalServer, tmp_path: Path) -> None:
    sources = tmp_path / "sources.yaml"
    sources.write_text(sources_yaml(portal), encoding="utf-8")
    env = prefect_env(tmp_path, prefect_server, KIEMCHUNG_HOME=str(tmp_path / "home"))
    script = (
        "from flows.crawl import crawl\n"
        f"state = crawl(sources_file={str(sources)!r}, return_state=True)\n"
        "import json\n"
        "print('RESULT', json.dumps(state.result()))\n"
        "print('FLOW_RUN', state.state_details.flow_run_id)"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=REPOSITORY, capture_output=True, text=True, timeout=600
    )
    assert run.returncode == 0, run.stderr[-3000:]
    printed = dict(line.split(" ", 1) for line in run.stdout.splitlines() if line.startswith(("RESULT ", "FLOW_RUN ")))
    summary, flow_run_id = json.loads(printed["RESULT"]), printed["FLOW_RUN"].strip()
    assert {key: summary[key] for key in ("found", "new", "skipped", "failed")} == {
        "found": 4,
        "new": 4,
        "skipped": 0,
        "failed": 0,
    }

    flow_run = httpx.get(f"{prefect_server}/flow_runs/{flow_run_id}", timeout=30).json()
    assert (flow_run["name"] != "", flow_run["state_type"]) == (True, "COMPLETED")
    flow_run = {"flow_runs": {"id": {"any_": [flow_run_id]}}, "limit": 100}
    task_runs = httpx.post(f"{prefect_server}/task_runs/filter", json=flow_run, timeout=30).json()
    names = sorted(run["name"] for run in task_runs)
    assert "discover snv-fixture" in names
    assert sum(name.startswith("fetch ") for name in names) == 4
