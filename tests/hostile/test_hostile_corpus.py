"""Issue 15: every hostile file of samples/hostile.py through the real `kiemchung extract`, each in a
process under a 2 GiB address-space cap (tests/hostile/bounded.py).

Each file alone through `extract`, then all in one `ingest`. Each file must give exactly one record
(with a one-line `error` when nothing can be read from it), or — for an input refused before
reading — no record and one line on stderr naming it; the process must finish by itself (no signal,
no hang), print no traceback, and leave no process behind.
`KIEMCHUNG_HOSTILE_REPORT=FILE` appends one JSON line per file (peak RSS, seconds, outcome).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiemchung.archive import Archive
from samples.hostile import HOSTILE, SEED_PDF, Hostile, make

REPO = Path(__file__).resolve().parents[2]
ADDRESS_SPACE = 2 * 1024**3
# The time budget of one file, lowered from its default (300 s) to keep CI short: what is tested is
# that a file is cut off at its budget, not the default's value.
TIME_BUDGET_SECONDS = 60
# Far above that budget and LibreOffice's own timeout: past this the command is hung, killed, and
# the test fails.
TIMEOUT_SECONDS = 300
# Given as a folder (the root the symlink escapes from); every other file is named on the command line.
GIVEN_AS_FOLDER = {"escape.pdf"}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Each hostile file in a folder of its own (the root it is given under)."""
    root = tmp_path_factory.mktemp("hostile")
    for hostile in HOSTILE:
        make(root / Path(hostile.name).stem, hostile.name)
    return root


def argument(corpus: Path, hostile: Hostile) -> Path:
    folder = corpus / Path(hostile.name).stem
    return folder if hostile.name in GIVEN_AS_FOLDER else folder / hostile.name


def run_extract(
    arguments: list[Path], tmp_path: Path, command_name: str = "extract"
) -> tuple[dict[str, object], str, str]:
    """`kiemchung extract --json ARGS` (or `ingest`) under the cap: (how it ended, stdout, stderr)."""
    out, err = tmp_path / "stdout", tmp_path / "stderr"
    env = {key: value for key, value in os.environ.items() if not key.startswith("KIEMCHUNG_")}
    env.update({"KIEMCHUNG_HOME": str(tmp_path / "home"), "PYTHONPATH": str(REPO),
                "KIEMCHUNG_TIME_BUDGET_SECONDS": str(TIME_BUDGET_SECONDS)})  # fmt: skip
    options = ["--json", "--no-cache"] if command_name == "extract" else ["--json"]
    command = [sys.executable, "-m", "kiemchung.cli", command_name, *options, *map(str, arguments)]
    bounded = [sys.executable, "-m", "tests.hostile.bounded", "--as-bytes", str(ADDRESS_SPACE),
               "--timeout", str(TIMEOUT_SECONDS), "--out", str(out), "--err", str(err), "--", *command]  # fmt: skip
    finished = subprocess.run(bounded, env=env, cwd=REPO, capture_output=True, text=True, timeout=TIMEOUT_SECONDS + 60)
    assert finished.returncode == 0, finished.stderr
    ending = json.loads(finished.stdout)
    return ending, out.read_text(errors="replace"), err.read_text(errors="replace")


def report(name: str, ending: dict[str, object], outcome: str) -> None:
    if target := os.environ.get("KIEMCHUNG_HOSTILE_REPORT"):
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(json.dumps({"file": name, **ending, "outcome": outcome}, ensure_ascii=False) + "\n")


def assert_ended_cleanly(ending: dict[str, object], stderr: str) -> None:
    assert not ending["hung"], f"still running after {TIMEOUT_SECONDS} s: {stderr[-500:]}"
    assert ending["signal"] is None, f"killed by {ending['signal']}: {stderr[-1000:]}"
    assert ending["leftovers"] == [], f"processes left behind: {ending['leftovers']}"
    assert "Traceback" not in stderr, stderr[-2000:]


def outcome_of(hostile: Hostile, ending: dict[str, object], stdout: str, stderr: str) -> str:
    """One record (an error in one line where the file must fail), or a refusal in one stderr line."""
    lines = [line for line in stdout.splitlines() if line.strip()]
    if not lines:
        mentions = [line for line in stderr.splitlines() if hostile.name in line]
        assert ending["returncode"] != 0 and len(mentions) == 1, (
            f"no record and no one-line refusal (exit {ending['returncode']}): {stderr[-1500:]}"
        )
        return f"refused: {mentions[0].strip()}"
    assert len(lines) == 1, f"{len(lines)} records for one file"
    record = json.loads(lines[0])
    assert str(record["file"]).endswith(hostile.name)
    error = record["error"]
    if hostile.must_fail:
        assert error, f"read as a document: {record['page_count']} pages, number {record['number']!r}"
    if error:
        assert "\n" not in error and len(error) < 300, error
        return f"error: {error}"
    return f"record: {record['page_count']} pages"


@pytest.mark.parametrize("hostile", HOSTILE, ids=[h.name for h in HOSTILE])
def test_a_hostile_file_gives_one_record_from_a_bounded_process_that_ends(
    corpus: Path, hostile: Hostile, tmp_path: Path
) -> None:
    ending, stdout, stderr = run_extract([argument(corpus, hostile)], tmp_path)

    outcome = "did not end cleanly"
    try:
        assert_ended_cleanly(ending, stderr)
        outcome = outcome_of(hostile, ending, stdout, stderr)
    finally:
        report(hostile.name, ending, outcome)


# Cut off at the time budget: tested alone above; left out of the long run to keep CI short.
# (xref-loop.pdf no longer is: signature reading stops at the /Prev loop, extractors/signature_xref.py.)
TIME_BUDGET_CASES = {"many-paragraphs.docx"}


def test_an_ingest_goes_on_after_every_hostile_file_and_archives_none_it_refused(corpus: Path, tmp_path: Path) -> None:
    """All of them in one `kiemchung ingest`, then a good file: the good file is archived and indexed,
    every other file gets its line, and what was refused (the escaping symlink) is not archived."""
    good = tmp_path / "good" / "good.pdf"
    good.parent.mkdir()
    good.write_bytes((SEED_PDF.parent / "009-qd-khen-thuong-urgent.pdf").read_bytes())
    hostile = [h for h in HOSTILE if h.name not in TIME_BUDGET_CASES]

    ending, stdout, stderr = run_extract([*(argument(corpus, h) for h in hostile), good], tmp_path, "ingest")

    assert_ended_cleanly(ending, stderr)
    outcomes = [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]
    assert (outcomes[-1]["file"], outcomes[-1]["status"]) == (str(good), "extracted"), outcomes[-1]
    by_name = {Path(str(o["file"])).name: o for o in outcomes}
    for case in hostile:
        refused = [line for line in stderr.splitlines() if case.name in line]
        assert case.name in by_name or len(refused) == 1, f"{case.name}: neither an outcome nor a refusal"
        if case.name in by_name and case.must_fail:
            assert by_name[case.name]["status"] == "failed", by_name[case.name]
    archived = set(Archive(tmp_path / "home").iter_originals())
    assert hashlib.sha256(good.read_bytes()).hexdigest() in archived
    assert hashlib.sha256(SEED_PDF.read_bytes()).hexdigest() not in archived  # escape.pdf's target
    assert ending["returncode"] == 0  # not every file failed, and the embedded index took the good one
