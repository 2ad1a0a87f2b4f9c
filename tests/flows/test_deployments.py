"""flows/prefect.yaml: every deployment names a real flow with a valid schedule, and serves as such."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from prefect import Flow

from flows.serve import PREFECT_YAML, DeploymentFileError, load_deployments, load_flow


def test_every_deployment_is_a_flow_with_its_schedule() -> None:
    spec = yaml.safe_load(PREFECT_YAML.read_text(encoding="utf-8"))
    deployments = {deployment.name: deployment for deployment in load_deployments()}
    assert set(deployments) == {item["name"] for item in spec["deployments"]}
    assert {item["entrypoint"] for item in spec["deployments"]} == {
        "flows/crawl.py:crawl",
        "flows/ingest.py:ingest",
        "flows/reindex.py:reindex",
        "flows/retag.py:retag",
    }
    crawl = deployments["crawl-portals"]
    (schedule,) = crawl.schedules or []
    assert schedule.schedule.cron == "30 6,12,18 * * 1-6"  # type: ignore[union-attr]
    assert schedule.schedule.timezone == "Asia/Ho_Chi_Minh"  # type: ignore[union-attr]
    assert deployments["retag-on-demand"].schedules == []
    for item in spec["deployments"]:
        assert item["work_pool"]["name"] == "kiemchung"
        assert isinstance(load_flow(item["entrypoint"]), Flow)


def test_a_broken_deployment_file_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "prefect.yaml"
    bad.write_text("deployments:\n  - {name: x, entrypoint: 'flows/nope.py:crawl'}\n", encoding="utf-8")
    with pytest.raises(DeploymentFileError, match=r"not <file\.py>:<flow>"):
        load_deployments(bad)
    bad.write_text("deployments:\n  - {name: x, entrypoint: 'flows/common.py:settings_for'}\n", encoding="utf-8")
    with pytest.raises(DeploymentFileError, match="is not a Prefect flow"):
        load_deployments(bad)
