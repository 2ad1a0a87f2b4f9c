"""An Elasticsearch node frozen (SIGSTOP) in the middle of an ingest: reported in one line within the
request timeout, everything archived, the rest queued; thawed (SIGCONT), the next ingest drains it.

The node is this module's own (scripts/elasticsearch, 256 MB heap): freezing the session's node
would stall every other test.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiemchung.archive import Archive
from kiemchung.stores.outbox import INDEX_PENDING_EXIT, Outbox
from tests.components import component_unavailable
from tests.es_fixtures import SCRIPT
from tests.kiemchung.commands.test_store import REPO, STUB, STUB_DIR, Deployment, json_lines, write_documents

pytestmark = pytest.mark.elasticsearch


@dataclass(frozen=True)
class OwnNode:
    url: str
    pid: int


@pytest.fixture(scope="module")
def own_node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OwnNode]:
    state = tmp_path_factory.mktemp("frozen-node")
    env = {**os.environ, "KIEMCHUNG_ES_STATE": str(state), "KIEMCHUNG_ES_HEAP": "256m"}
    try:
        started = subprocess.run([str(SCRIPT), "start"], env=env, capture_output=True, text=True, timeout=900)
    except (OSError, subprocess.TimeoutExpired) as error:
        component_unavailable(f"could not start Elasticsearch with {SCRIPT}: {error}")
    if started.returncode != 0:
        component_unavailable(f"could not start Elasticsearch: {started.stderr.strip()[-2000:]}")
    values = dict(
        line.split("=", 1) for line in (state / "node.env").read_text().splitlines() if "=" in line
    )  # URL=…, PID=… (printf %q of plain values)
    node = OwnNode(url=started.stdout.strip().splitlines()[-1], pid=int(values["PID"]))
    try:
        yield node
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(node.pid, signal.SIGCONT)  # a test that failed half-way must not leave it frozen
        subprocess.run([str(SCRIPT), "stop"], env=env, capture_output=True, timeout=180, check=False)


def test_a_frozen_node_is_reported_in_one_line_and_the_next_ingest_catches_up(
    tmp_path: Path, own_node: OwnNode
) -> None:
    count = 30  # the first 20 are indexed (one batch), then the node freezes
    write_documents(tmp_path / "in", count)
    deployment = Deployment(home=tmp_path / "home", elasticsearch_url=own_node.url, index_prefix="frozen")
    env = {key: value for key, value in os.environ.items() if not key.startswith("KIEMCHUNG_")}
    env.update({k: v for k, v in deployment.env.items() if v is not None})
    env.update({
        "PYTHONPATH": os.pathsep.join([str(STUB_DIR), str(REPO)]),
        "KIEMCHUNG_STUB_DELAY": "0.1",
        "KIEMCHUNG_ELASTICSEARCH_REQUEST_TIMEOUT": "5",
    })  # fmt: skip
    command = [sys.executable, "-m", "kiemchung.cli", "ingest", str(tmp_path / "in"), "--json",
               "--extractor", "stub_extractor:extract_file"]  # fmt: skip
    process = subprocess.Popen(command, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)  # fmt: skip
    assert process.stdout is not None and process.stderr is not None
    outcomes: list[dict[str, object]] = []
    frozen = False
    try:
        for line in process.stdout:
            outcomes.append(json.loads(line))
            if len(outcomes) == 20 and not frozen:
                os.kill(own_node.pid, signal.SIGSTOP)
                frozen = True
        # A hang would end here, as a failure, instead of in CI's job timeout.
        exit_code = process.wait(timeout=300)
        stderr = process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=60)
        os.kill(own_node.pid, signal.SIGCONT)

    assert frozen
    assert exit_code == INDEX_PENDING_EXIT, stderr
    assert [o["index"] for o in outcomes] == ["indexed"] * 20 + ["pending"] * 10
    assert "Traceback" not in stderr
    problems = [line for line in stderr.splitlines() if "index unavailable" in line]
    assert len(problems) == 1 and own_node.url in problems[0], stderr
    assert len(list(Archive(deployment.home).iter_records())) == count  # archived and extracted anyway

    second = deployment.run("ingest", str(tmp_path / "in"), "--json", "--extractor", STUB)

    assert second.exit_code == 0, second.output
    store = deployment.store()
    try:
        assert store.counts().documents == count
        assert store.indexed_sha256s() == {str(o["sha256"]) for o in outcomes}
    finally:
        store.close()
    assert Outbox.in_home(deployment.home).count("elasticsearch:frozen") == 0
    assert {o["index"] for o in json_lines(second.stdout)} == {"indexed"}
