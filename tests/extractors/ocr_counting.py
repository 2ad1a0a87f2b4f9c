"""Stand-ins for page OCR that count how many run at once, across processes (a locked counter file
named by KIEMCHUNG_TEST_OCR_COUNTER): tests/extractors/test_ocr_slots.py. Each call holds its place
for a moment, so calls that may overlap do; the test asserts the counts, not the time."""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

from core.models import Page
from extractors.ocr import OcrSettings

HOLD_SECONDS = 0.3


def _count(delta: int) -> None:
    with Path(os.environ["KIEMCHUNG_TEST_OCR_COUNTER"]).open("a+", encoding="ascii") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        running, most, calls = (int(part) for part in (handle.read().strip() or "0 0 0").split())
        running += delta
        most, calls = max(most, running), calls + (delta > 0)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{running} {most} {calls}")


def counts(path: Path) -> tuple[int, int, int]:
    """(running now, most at once, calls)."""
    running, most, calls = (int(part) for part in path.read_text(encoding="ascii").split())
    return running, most, calls


def counting_ocr_page(pdf_path: str, page_index: int, settings: OcrSettings, reason: str) -> Page:
    _count(+1)
    try:
        time.sleep(HOLD_SECONDS)
    finally:
        _count(-1)
    return Page(page=page_index + 1, method="ocr", confidence=0.9, text="", reason=reason)


def counting_ocr_first_page(pdf_path: str, page_index: int, settings: OcrSettings, reason: str) -> tuple[Page, None]:
    return counting_ocr_page(pdf_path, page_index, settings, reason), None
