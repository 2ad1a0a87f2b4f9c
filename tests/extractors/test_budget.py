"""Every file is read under a budget (issue 15): a hostile file costs one error record, never the run;
nothing the run started outlives it, nothing it wrote stays in /tmp."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from core.models import DocumentRecord
from extractors.budget import ReadingBudget, shared_reader
from extractors.pipeline import ExtractionOptions, extract_files
from extractors.process_guard import _parent_of, descendants
from kiemchung.extraction_cache import DirectoryRecordCache
from samples.hostile import content_bomb
from tests.pdf_builders import born_digital_pdf, scanned_pdf

ROOT = Path(__file__).resolve().parents[2]
MiB = 1024**2


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def alive(pid: int) -> bool:
    """Running, not a zombie waiting for a reaper."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_until(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.2)
    return bool(condition())  # type: ignore[operator]


@pytest.fixture
def own_budget() -> Iterator[ReadingBudget]:
    """A budget of its own, so its workers are forked after the test's patches and closed after it."""
    budget = ReadingBudget(memory_bytes=(1536 + int.from_bytes(os.urandom(2)) % 1000) * MiB, seconds=2)
    yield budget
    shared_reader(budget).close()


def test_content_stream_bomb_is_one_error_record_and_the_next_file_is_read(tmp_path: Path) -> None:
    bomb = write(tmp_path, "bomb.pdf", content_bomb())  # 2.5 MB inflating to 2.5 GiB
    plan = write(tmp_path, "plan.pdf", born_digital_pdf())
    budget = ReadingBudget(memory_bytes=768 * MiB, seconds=300)
    try:
        records = extract_files([bomb, plan], ExtractionOptions(tag=False, workers=1, budget=budget))
    finally:
        shared_reader(budget).close()
    assert records[0].error is not None and records[0].error.startswith("over memory budget: ")
    assert "\n" not in records[0].error and not records[0].pages
    assert records[1].error is None and "Cải cách hành chính" in records[1].pages[0].text


def _hang(*_args: object) -> DocumentRecord:
    time.sleep(3600)
    raise AssertionError("unreachable")


def _spin(*_args: object) -> DocumentRecord:
    while True:
        pass


@pytest.mark.parametrize("stuck", [_hang, _spin], ids=["waiting", "computing"])
def test_a_file_over_its_time_is_one_error_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, own_budget: ReadingBudget, stuck: object
) -> None:
    monkeypatch.setattr("extractors.pipeline.extract_pdf_path", stuck)  # forked workers inherit it
    path = write(tmp_path, "plan.pdf", born_digital_pdf())
    [record] = extract_files([path], ExtractionOptions(tag=False, workers=1, budget=own_budget))
    assert record.error is not None and record.error.startswith("over time budget: ")


def test_a_file_over_budget_is_remembered_until_retry_failed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, own_budget: ReadingBudget
) -> None:
    monkeypatch.setattr("extractors.pipeline.extract_pdf_path", _hang)
    path = write(tmp_path, "plan.pdf", born_digital_pdf())
    cache = DirectoryRecordCache(tmp_path / "cache")
    options = ExtractionOptions(tag=False, workers=1, budget=own_budget)
    [first] = extract_files([path], options, cache=cache)
    assert first.error is not None and first.error.startswith("over time budget")
    assert first.sha256  # remembered by the file's hash

    asked: list[object] = []
    monkeypatch.setattr("extractors.budget.BudgetedReader.read", lambda *args, **_: asked.append(args) or first)
    [again] = extract_files([path], options, cache=cache)
    assert again.error == first.error and not asked  # not paid again
    extract_files([path], ExtractionOptions(tag=False, workers=1, budget=own_budget, retry_failed=True), cache=cache)
    assert len(asked) == 1


def test_libreoffice_dies_with_its_reading_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A stand-in for soffice (which starts soffice.bin) is left running when its worker is killed:
    it and its child are killed too, though they are in a process group of their own."""
    pids = tmp_path / "pids"
    launcher = tmp_path / "fake-soffice"
    launcher.write_text(f"#!/bin/sh\nsleep 600 &\necho $$ $! > {pids}.tmp\nmv {pids}.tmp {pids}\nwait\n")
    launcher.chmod(0o755)
    monkeypatch.setattr("extractors.office.office_binary", lambda: str(launcher))
    document = write(tmp_path, "plan.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    budget = ReadingBudget(memory_bytes=(2600 + int.from_bytes(os.urandom(2)) % 1000) * MiB, seconds=120)
    try:
        with ThreadPoolExecutor(1) as threads:
            future = threads.submit(extract_files, [document], ExtractionOptions(tag=False, workers=1, budget=budget))
            assert wait_until(pids.exists, 120), "LibreOffice was never started"
            shell, child = map(int, pids.read_text().split())
            worker = _parent_of(shell)
            assert worker is not None and worker != os.getpid()
            os.kill(worker, signal.SIGKILL)
            [record] = future.result(timeout=120)
    finally:
        shared_reader(budget).close()
    assert record.error is not None and "\n" not in record.error
    assert wait_until(lambda: not alive(shell) and not alive(child), 30)


_OCR_RUN = """
import sys
from extractors.pipeline import ExtractionOptions, extract_files
extract_files([sys.argv[1]], ExtractionOptions(tag=False, workers=2))
"""


def _start_ocr_run(tmp_path: Path) -> subprocess.Popen[bytes]:
    scan = write(tmp_path, "scan.pdf", scanned_pdf(born_digital_pdf(pages=4)))
    return subprocess.Popen(
        [sys.executable, "-c", _OCR_RUN, str(scan)], cwd=ROOT, env={**os.environ, "TMPDIR": str(tmp_path)}
    )


@pytest.mark.tesseract
def test_a_killed_run_leaves_no_ocr_worker_alive(tmp_path: Path) -> None:
    run = _start_ocr_run(tmp_path)
    try:
        # the reading worker, its OCR pool (two) and Tesseract
        assert wait_until(lambda: len(descendants(run.pid)) >= 3, 300), "the OCR pool never started"
        children = descendants(run.pid)
        run.kill()
        run.wait()
        assert wait_until(lambda: not any(alive(pid) for pid in children), 60), [
            Path(f"/proc/{pid}/cmdline").read_bytes() for pid in children if alive(pid)
        ]
    finally:
        run.kill()


@pytest.mark.tesseract
def test_sigterm_removes_the_run_folder_and_the_workers(tmp_path: Path) -> None:
    run = _start_ocr_run(tmp_path)
    try:
        assert wait_until(lambda: len(descendants(run.pid)) >= 3, 300), "the OCR pool never started"
        folders = list(tmp_path.glob(f"kiemchung-run-{run.pid}-*"))
        assert len(folders) == 1
        children = descendants(run.pid)
        run.send_signal(signal.SIGTERM)
        assert run.wait(timeout=120) == 128 + signal.SIGTERM
        assert not folders[0].exists()
        assert wait_until(lambda: not any(alive(pid) for pid in children), 60)
    finally:
        run.kill()
