"""Serve the deployments of `flows/prefect.yaml` from one local process (`kiemchung serve-flows`).

The YAML stays the one place that says which flow runs when: this reads its entrypoints, parameters
and cron schedules and hands them to `prefect.serve`, so local serving and a worker pool agree.
"""

from __future__ import annotations

import contextlib
import importlib
from pathlib import Path
from typing import Any

import yaml
from prefect import Flow, serve
from prefect.deployments.runner import EntrypointType, RunnerDeployment
from prefect.schedules import Cron

PREFECT_YAML = Path(__file__).with_name("prefect.yaml")


class DeploymentFileError(ValueError):
    """prefect.yaml cannot be served; the message is one line."""


def load_flow(entrypoint: str) -> Flow[Any, Any]:
    """ "flows.crawl.crawl" → the flow object, imported from the installed package.

    Dotted module paths are what a worker can load in any folder: a process worker runs each flow
    in a fresh temporary directory, where a file path like "flows/crawl.py" does not exist. (With a
    colon, "flows.crawl.crawl", Prefect would take it for a file path and look for code storage.)"""
    module_name, _, attribute = entrypoint.rpartition(".")
    if not module_name or not attribute.isidentifier() or any(mark in entrypoint for mark in ":/\\"):
        raise DeploymentFileError(f"entrypoint {entrypoint!r} is not <package.module>.<flow>")
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise DeploymentFileError(f"entrypoint {entrypoint!r}: {error}") from error
    candidate = getattr(module, attribute, None)
    if not isinstance(candidate, Flow):
        raise DeploymentFileError(f"entrypoint {entrypoint!r} is not a Prefect flow")
    return candidate


def _read_spec(path: Path) -> dict[str, Any]:
    try:
        spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise DeploymentFileError(f"{path}: {str(error).splitlines()[0]}") from error
    if not isinstance(spec, dict) or not spec.get("deployments"):
        raise DeploymentFileError(f"{path}: no deployments")
    return spec


def load_deployments(path: Path = PREFECT_YAML, *, work_pool: str | None = None) -> list[RunnerDeployment]:
    """The deployments of `path`; with `work_pool`, each bound to that pool and its YAML queue."""
    deployments = []
    for item in _read_spec(path)["deployments"]:
        flow = load_flow(item["entrypoint"])
        schedules = [
            Cron(schedule["cron"], timezone=schedule.get("timezone")) for schedule in item.get("schedules") or []
        ]
        deployment = flow.to_deployment(
            name=item["name"],
            description=item.get("description"),
            parameters=item.get("parameters") or {},
            schedules=schedules or None,
            concurrency_limit=item.get("concurrency_limit"),
            work_pool_name=work_pool,
            work_queue_name=(item.get("work_pool") or {}).get("work_queue_name") if work_pool else None,
            entrypoint_type=EntrypointType.MODULE_PATH,
        )
        assert isinstance(deployment, RunnerDeployment)  # called from sync code
        deployment.entrypoint = item["entrypoint"]
        deployments.append(deployment)
    return deployments


def work_queues(path: Path = PREFECT_YAML) -> list[str]:
    """The queues `path` names, in order of first use."""
    names = [(item.get("work_pool") or {}).get("work_queue_name") for item in _read_spec(path)["deployments"]]
    return list(dict.fromkeys(name for name in names if name))


def serve_flows(path: Path = PREFECT_YAML) -> None:
    serve(*load_deployments(path))


def ensure_work_pool(work_pool: str, queues: list[str]) -> bool:
    """Create the process work pool and its queues unless they exist; True if the pool was created."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound
    from prefect.workers.process import ProcessWorker

    # Several workers may start at once (`docker compose up --scale`): whoever creates first wins,
    # the others find what it created.
    with get_client(sync_client=True) as client:
        created = False
        try:
            pool = client.read_work_pool(work_pool)
        except ObjectNotFound:
            template = ProcessWorker.get_default_base_job_template()
            wanted = WorkPoolCreate(name=work_pool, type="process", base_job_template=template)
            try:
                pool = client.create_work_pool(wanted)
                created = True
            except ObjectAlreadyExists:
                pool = client.read_work_pool(work_pool)
        if pool.type != "process":
            raise DeploymentFileError(f"work pool {work_pool!r} is of type {pool.type!r}, not a process pool")
        for queue in queues:
            try:
                client.read_work_queue_by_name(queue, work_pool_name=work_pool)
            except ObjectNotFound:
                with contextlib.suppress(ObjectAlreadyExists):
                    client.create_work_queue(name=queue, work_pool_name=work_pool)
    return created


def register_deployments(work_pool: str, path: Path = PREFECT_YAML) -> list[str]:
    """Create or update the deployments on the Prefect server, for the workers of `work_pool`.

    What `prefect deploy --all` does for this file, plus the pool and queues it needs."""
    deployments = load_deployments(path, work_pool=work_pool)
    ensure_work_pool(work_pool, work_queues(path))
    names = []
    for deployment in deployments:
        deployment.apply()
        names.append(f"{deployment.flow_name}/{deployment.name} (queue {deployment.work_queue_name or 'default'})")
    return names
