"""Issue 15 item 6: `kiemchung ingest` killed with SIGKILL at random moments (10 runs, seeded), then
the normal command again: archive, records and index agree, and `kiemchung verify --index` says so.

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
    """Seconds after start: start-up (imports, opening the store) takes about 1–3 s here, each file 0.05 s."""
    rng = random.Random(SEED)
    runs = []
    for run in range(10):
        moment = round(rng.uniform(0.3, 4.5), 2)
        if run % 2:
            runs.append(pytest.param(moment, "elasticsearch", marks=pytest.mark.elasticsearch, id=f"es-{moment}s"))
        else:
            runs.append(pytest.param(moment, "sqlite", id=f"sqlite-{moment}s"))
    return runs


@pytest.mark.parametrize(("moment", "store"), kill_runs())
def test_an_ingest_killed_anywhere_is_completed_by_the_next_one(
    request: pytest.FixtureRequest, tmp_path: Path, moment: float, store: str
) -> None:
    files = write_documents(tmp_path / "in", FILES)
    if store == "sqlite":
        home = Home(tmp_path / "home")
    else:
        url, prefix = request.getfixturevalue("elasticsearch_url"), request.getfixturevalue("es_index_prefix")
        home = Home(tmp_path / "home", url, prefix)
    process = subprocess.Popen(
        home.command("ingest", str(tmp_path / "in"), "--json", "--extractor", STUB),
        env=home.env(KIEMCHUNG_STUB_DELAY="0.05"), cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    time.sleep(moment)
    process.send_signal(signal.SIGKILL)
    stdout, _stderr = process.communicate(timeout=60)
    print(
        f"killed {moment} s after start, {len(json_lines(stdout))} of {FILES} outcomes out; exit {process.returncode}"
    )

    again = home.ingest(tmp_path / "in")

    assert again.returncode == 0, again.stderr[-2000:]
    assert_clean_stderr(again.stderr)
    home.assert_agree(files)
    checked = home.run("verify", "--index")
    assert checked.returncode == 0, checked.stdout + checked.stderr
