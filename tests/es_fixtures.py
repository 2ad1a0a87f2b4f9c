"""A real Elasticsearch node for the test session, and a three-node cluster for the tests that
need one, both started by scripts/elasticsearch.

`KIEMCHUNG_TEST_ELASTICSEARCH_URL` points the tests at a node already running instead. If no node
can be had, Elasticsearch tests fail when `CI` is set (a missing server must not pass silently)
and are skipped otherwise. Every test gets its own index prefix and its indices are deleted after.
The cluster is always the tests' own (they kill its nodes); only a module that asks for
`elasticsearch_cluster` starts it, and it is stopped when that module is done (3 × 256 MB heap).
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from tests.components import component_unavailable

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "elasticsearch"


@pytest.fixture(scope="session")
def elasticsearch_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    configured = os.environ.get("KIEMCHUNG_TEST_ELASTICSEARCH_URL")
    if configured:
        yield configured
        return
    env = {**os.environ, "KIEMCHUNG_ES_STATE": str(tmp_path_factory.mktemp("elasticsearch-node"))}
    try:
        started = subprocess.run([str(SCRIPT), "start"], env=env, capture_output=True, text=True, timeout=900)
    except (OSError, subprocess.TimeoutExpired) as error:
        component_unavailable(f"could not start Elasticsearch with {SCRIPT}: {error}")
    if started.returncode != 0:
        component_unavailable(f"could not start Elasticsearch: {started.stderr.strip()[-2000:]}")
    try:
        yield started.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run([str(SCRIPT), "stop"], env=env, capture_output=True, timeout=120, check=False)


def delete_prefix(url: str, prefix: str) -> None:
    """Remove every index and template of one test prefix (by name: wildcard deletes are refused)."""
    client = Elasticsearch(url, request_timeout=60)
    try:
        indices = client.options(ignore_status=404).indices.get(index=f"{prefix}-*", expand_wildcards="all")
        for index in indices.body if indices.meta.status == 200 else {}:
            client.options(ignore_status=404).indices.delete(index=index)
        templates = client.options(ignore_status=404).indices.get_index_template(name=f"{prefix}-*")
        for template in templates.body.get("index_templates", []) if templates.meta.status == 200 else []:
            client.options(ignore_status=404).indices.delete_index_template(name=template["name"])
    finally:
        client.close()


@pytest.fixture
def es_index_prefix(elasticsearch_url: str) -> Iterator[str]:
    prefix = f"kctest-{uuid.uuid4().hex[:12]}"
    yield prefix
    delete_prefix(elasticsearch_url, prefix)


@dataclass(frozen=True)
class ClusterNode:
    name: str
    url: str
    pid: int


@dataclass(frozen=True)
class ElasticsearchCluster:
    nodes: list[ClusterNode]

    @property
    def urls(self) -> str:
        """Every node's URL, comma-separated, in the order scripts/elasticsearch printed them."""
        return ",".join(node.url for node in self.nodes)

    def kill(self, node: ClusterNode) -> None:
        """kill -9 the node's JVM and wait until it is gone (no shutdown, no goodbye to the cluster)."""
        os.kill(node.pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                os.kill(node.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)
        raise AssertionError(f"{node.name} (pid {node.pid}) still runs after kill -9")


@pytest.fixture(scope="module")
def elasticsearch_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ElasticsearchCluster]:
    """Three nodes (all master-eligible and data) on 127.0.0.1, green, 256 MB heap each."""
    env = {
        **os.environ,
        "KIEMCHUNG_ES_STATE": str(tmp_path_factory.mktemp("elasticsearch-cluster")),
        "KIEMCHUNG_ES_HEAP": "256m",
    }
    try:
        started = subprocess.run([str(SCRIPT), "cluster", "3"], env=env, capture_output=True, text=True, timeout=900)
        if started.returncode != 0:
            component_unavailable(f"could not start an Elasticsearch cluster: {started.stderr.strip()[-2000:]}")
        listed = subprocess.run([str(SCRIPT), "nodes"], env=env, capture_output=True, text=True, timeout=60, check=True)
        rows = (line.split() for line in listed.stdout.splitlines())
        nodes = [ClusterNode(name, url, int(pid)) for name, url, pid in rows]
        cluster = ElasticsearchCluster(nodes)
        assert cluster.urls == started.stdout.strip().splitlines()[-1]
        yield cluster
    except (OSError, subprocess.TimeoutExpired) as error:
        component_unavailable(f"could not start an Elasticsearch cluster with {SCRIPT}: {error}")
    finally:
        subprocess.run([str(SCRIPT), "stop"], env=env, capture_output=True, timeout=180, check=False)
