"""Issue 15 item 6: `kiemchung ingest` killed with SIGKILL at random moments (10 runs, seeded), then
the normal command again: archive, records and index agree (tests/faults/cli.py), and `kiemchung
verify --index` says so.

With the stub extractor, slowed down so the kill lands anywhere from start-up to the last index
batch; each run on a fresh home, alternately on the embedded store and on the session's real
Elasticsearch node (a prefix of its own). Where the kill landed is printed with the run (seconds
after start, outcomes already printed).
"""

from __future__ import annotations

import random
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from tests.faults.cli import STUB, Home, assert_clean_stderr, json_lines, write_documents

pytestmark = pytest.mark.slow

FILES = 25  # more than one index batch (20)
SEED = 15


def kill_runs() -> list[Any]:
    """Where to kill: after `done` files were extracted (the stub logs each one as it finishes) and
    `extra` seconds more; `done` = 0 kills during start-up (imports, opening the store). Seeded."""
    rng = random.Random(SEED)
    runs = []
    for run in range(10):
        done, extra = rng.randint(0, FILES), round(rng.uniform(0.0, 0.3), 2)
        store = "elasticsearch" if run % 2 else "sqlite"
        marks = [pytest.mark.elasticsearch] if store == "elasticsearch" else []
        runs.append(pytest.param(done, extra, store, marks=marks, id=f"{store}-after-{done}-files+{extra}s"))
    return runs


def wait_for_extractions(log: Path, count: int, process: subprocess.Popen[Any]) -> None:
    while process.poll() is None:
        if count == 0 or (log.exists() and len(log.read_text().splitlines()) >= count):
            return
        time.sleep(0.01)


@pytest.mark.parametrize(("done", "extra", "store"), kill_runs())
def test_an_ingest_killed_anywhere_is_completed_by_the_next_one(
    request: pytest.FixtureRequest, tmp_path: Path, done: int, extra: float, store: str
) -> None:
    files = write_documents(tmp_path / "in", FILES)
    if store == "sqlite":
        home = Home(tmp_path / "home")
    else:
        url, prefix = request.getfixturevalue("elasticsearch_url"), request.getfixturevalue("es_index_prefix")
        home = Home(tmp_path / "home", url, prefix)
    log = tmp_path / "extracted.log"
    process = subprocess.Popen(
        home.command("ingest", str(tmp_path / "in"), "--json", "--extractor", STUB),
        env=home.env(KIEMCHUNG_STUB_DELAY="0.05", KIEMCHUNG_STUB_LOG=str(log)), cwd=tmp_path,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    wait_for_extractions(log, done, process)
    time.sleep(extra if done else 0.5 + extra * 5)
    process.send_signal(signal.SIGKILL)
    stdout, _stderr = process.communicate(timeout=60)
    extracted = len(log.read_text().splitlines()) if log.exists() else 0
    print(f"killed after {extracted} extractions, {len(json_lines(stdout))} outcomes out; exit {process.returncode}")

    again = home.ingest(tmp_path / "in")

    assert again.returncode == 0, again.stderr[-2000:]
    assert_clean_stderr(again.stderr)
    home.assert_agree(files)
    home.assert_verified()
