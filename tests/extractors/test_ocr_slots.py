"""Several files are read at once, each reading worker with an OCR pool of one process per core:
the run's OCR slots (extractors/ocr_slots.py) keep the pages OCRed at once at the number of cores
(or KIEMCHUNG_OCR_WORKERS) across all workers (issue 15). OCR calls are counted, not timed."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from extractors.budget import ReadingBudget, shared_reader
from extractors.ocr_slots import OcrSlots, run_in_slot
from extractors.pipeline import ExtractionOptions, extract_files
from tests.extractors import ocr_counting

PAGES = 3
FILES = 4


def blank_scan(path: Path) -> Path:
    """An image-only PDF: no text layer, so every page goes to OCR."""
    pages = [Image.new("L", (300, 420), 255) for _ in range(PAGES)]
    pages[0].save(path, "PDF", resolution=50, save_all=True, append_images=pages[1:])
    return path


@pytest.fixture
def counter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """OCR replaced by the counting stand-in, in workers forked after the patch (a budget of their own)."""
    path = tmp_path / "ocr-counter"
    path.write_text("0 0 0", encoding="ascii")
    monkeypatch.setenv("KIEMCHUNG_TEST_OCR_COUNTER", str(path))
    monkeypatch.setattr("extractors.pipeline.ocr_page", ocr_counting.counting_ocr_page)
    monkeypatch.setattr("extractors.pipeline.ocr_first_page", ocr_counting.counting_ocr_first_page)
    yield path


@pytest.mark.parametrize("cap", [1, 2])
def test_pages_ocred_at_once_never_exceed_the_cap_across_reading_workers(
    tmp_path: Path, counter: Path, cap: int
) -> None:
    files = [blank_scan(tmp_path / f"scan-{n}.pdf") for n in range(FILES)]
    budget = ReadingBudget(memory_bytes=(1536 + int.from_bytes(os.urandom(2)) % 1000) * 1024**2, seconds=120)
    # one reading worker per file at once, each with a pool of `cap` processes: `cap`² OCR calls
    # could run together without the run's slots
    options = ExtractionOptions(tag=False, workers=cap, budget=budget)
    try:
        records = extract_files(files, options)
    finally:
        shared_reader(budget).close()

    assert [len(record.pages) for record in records] == [PAGES] * FILES
    assert all(page.method == "ocr" for record in records for page in record.pages)
    running, most, calls = ocr_counting.counts(counter)
    assert (running, calls) == (0, FILES * PAGES)
    assert most <= cap


def _hold_a_slot(slots: OcrSlots, counter: str) -> None:
    os.environ["KIEMCHUNG_TEST_OCR_COUNTER"] = counter
    run_in_slot(slots, ocr_counting.counting_ocr_page, "x.pdf", 0, None, "test")


def test_a_slot_held_by_a_killed_process_is_free_again(tmp_path: Path, counter: Path) -> None:
    """Record locks die with their process: a worker killed over budget never keeps a slot."""
    slots = OcrSlots(str(tmp_path / "slots"), 1)
    context = multiprocessing.get_context("fork")
    holder = context.Process(target=_hold_forever, args=(slots, str(tmp_path / "held")))
    holder.start()
    try:
        assert _wait_for(tmp_path / "held")
        holder.kill()
        holder.join(10)
        taker = context.Process(target=_hold_a_slot, args=(slots, str(counter)))
        taker.start()
        taker.join(60)
        assert taker.exitcode == 0
        assert ocr_counting.counts(counter)[2] == 1
    finally:
        if holder.is_alive():
            holder.kill()


def _hold_forever(slots: OcrSlots, flag: str) -> None:
    with slots.held():
        Path(flag).touch()
        multiprocessing.Event().wait()


def _wait_for(path: Path, seconds: float = 30) -> bool:
    import time

    deadline = time.monotonic() + seconds
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return path.exists()
