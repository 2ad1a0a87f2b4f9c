"""flows/prefect.yaml: every deployment names a real flow with a valid schedule, and serves as such."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from prefect import Flow

from flows.serve import PREFECT_YAML, DeploymentFileError, load_deployments, load_flow, work_queues


def test_every_deployment_is_a_flow_with_its_schedule() -> None:
    spec = yaml.safe_load(PREFECT_YAML.read_text(encoding="utf-8"))
    deployments = {deployment.name: deployment for deployment in load_deployments()}
    assert set(deployments) == {item["name"] for item in spec["deployments"]}
    assert {item["entrypoint"] for item in spec["deployments"]} == {
        "flows.crawl.crawl",
        "flows.ingest.ingest",
        "flows.reindex.reindex",
        "flows.retag.retag",
        "flows.fanout.ingest_fanout",
    }
    crawl = deployments["crawl-portals"]
    (schedule,) = crawl.schedules or []
    assert schedule.schedule.cron == "30 6,12,18 * * 1-6"  # type: ignore[union-attr]
    assert schedule.schedule.timezone == "Asia/Ho_Chi_Minh"  # type: ignore[union-attr]
    assert deployments["retag-on-demand"].schedules == []
    for item in spec["deployments"]:
        assert item["work_pool"]["name"] == "kiemchung"
        assert isinstance(load_flow(item["entrypoint"]), Flow)
    assert work_queues() == ["crawl", "maintenance", "batches"]


def test_deployments_bound_to_a_pool_keep_their_queue_and_module_entrypoint() -> None:
    bound = {deployment.name: deployment for deployment in load_deployments(work_pool="team")}
    assert {deployment.work_pool_name for deployment in bound.values()} == {"team"}
    assert bound["crawl-portals"].work_queue_name == "crawl"
    assert bound["ingest-batch"].work_queue_name == "batches"
    assert bound["crawl-portals"].entrypoint == "flows.crawl.crawl"


def test_a_broken_deployment_file_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "prefect.yaml"
    bad.write_text("deployments:\n  - {name: x, entrypoint: 'flows/crawl.py:crawl'}\n", encoding="utf-8")
    with pytest.raises(DeploymentFileError, match=r"not <package\.module>\.<flow>"):
        load_deployments(bad)
    bad.write_text("deployments:\n  - {name: x, entrypoint: 'flows.nope.crawl'}\n", encoding="utf-8")
    with pytest.raises(DeploymentFileError, match="No module named"):
        load_deployments(bad)
    bad.write_text("deployments:\n  - {name: x, entrypoint: 'flows.common.settings_for'}\n", encoding="utf-8")
    with pytest.raises(DeploymentFileError, match="is not a Prefect flow"):
        load_deployments(bad)
