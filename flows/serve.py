"""Serve the deployments of `flows/prefect.yaml` from one local process (`kiemchung serve-flows`).

The YAML stays the one place that says which flow runs when: this reads its entrypoints, parameters
and cron schedules and hands them to `prefect.serve`, so local serving and a worker pool agree.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import yaml
from prefect import Flow, serve
from prefect.deployments.runner import RunnerDeployment
from prefect.schedules import Cron

PREFECT_YAML = Path(__file__).with_name("prefect.yaml")
REPOSITORY = Path(__file__).resolve().parents[1]


class DeploymentFileError(ValueError):
    """prefect.yaml cannot be served; the message is one line."""


def load_flow(entrypoint: str, *, root: Path = REPOSITORY) -> Flow[Any, Any]:
    """"flows/crawl.py:crawl" → the flow object (imported as a module of the `flows` package)."""
    file_name, _, attribute = entrypoint.partition(":")
    path = (root / file_name).resolve()
    if not attribute or not path.is_file():
        raise DeploymentFileError(f"entrypoint {entrypoint!r} is not <file.py>:<flow> under {root}")
    module_name = ".".join(path.relative_to(root).with_suffix("").parts)
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    module = importlib.import_module(module_name)
    candidate = getattr(module, attribute, None)
    if not isinstance(candidate, Flow):
        raise DeploymentFileError(f"entrypoint {entrypoint!r} is not a Prefect flow")
    return candidate


def load_deployments(path: Path = PREFECT_YAML, *, root: Path = REPOSITORY) -> list[RunnerDeployment]:
    try:
        spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise DeploymentFileError(f"{path}: {str(error).splitlines()[0]}") from error
    deployments = []
    for item in spec.get("deployments") or []:
        flow = load_flow(item["entrypoint"], root=root)
        schedules = [
            Cron(schedule["cron"], timezone=schedule.get("timezone")) for schedule in item.get("schedules") or []
        ]
        deployment = flow.to_deployment(
            name=item["name"],
            description=item.get("description"),
            parameters=item.get("parameters") or {},
            schedules=schedules or None,
            concurrency_limit=item.get("concurrency_limit"),
        )
        assert isinstance(deployment, RunnerDeployment)  # called from sync code
        deployments.append(deployment)
    if not deployments:
        raise DeploymentFileError(f"{path}: no deployments")
    return deployments


def serve_flows(path: Path = PREFECT_YAML) -> None:
    serve(*load_deployments(path))


def register_deployments(work_pool: str, path: Path = PREFECT_YAML) -> list[str]:
    """Create or update the deployments on the Prefect server, for the workers of `work_pool`.

    What `prefect deploy --all` does for this file; the CLI of Prefect 3.8.8 fails against servers
    that reject its worker lookup (limit=None), the Python API does not."""
    names = []
    for deployment in load_deployments(path):
        deployment.apply(work_pool_name=work_pool)
        names.append(f"{deployment.flow_name}/{deployment.name}")
    return names
