"""A stand-in for `extractors.pipeline.extract_file` in ingest tests: a ".pdf" here is JSON.

The file holds {"pages": [text, ...], "evidence": [[criterion, page, quote], ...], "unit", "year"}.
`KIEMCHUNG_STUB_DELAY` (seconds) slows every file down so a test can kill a run in the middle;
`KIEMCHUNG_STUB_LOG` names a file that gets one line per extraction, to count the work done.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Sequence
from pathlib import Path

from core.models import DocumentRecord, Evidence, Page
from extractors import EXTRACTOR_VERSION


def document_json(pages: list[str], found: Sequence[Sequence[object]], unit: str, year: int) -> str:
    return json.dumps({"pages": pages, "evidence": found, "unit": unit, "year": year}, ensure_ascii=False)


def extract_file(path: Path) -> DocumentRecord:
    data = Path(path).read_bytes()
    if delay := float(os.environ.get("KIEMCHUNG_STUB_DELAY", "0")):
        time.sleep(delay)
    if log := os.environ.get("KIEMCHUNG_STUB_LOG"):
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{path}\n")
    try:
        spec = json.loads(data)
    except ValueError:
        return DocumentRecord(file=str(path), sha256=hashlib.sha256(data).hexdigest(), error="not a stub document")
    pages = [Page(page=i, method="text", text=text) for i, text in enumerate(spec["pages"], start=1)]
    found = []
    for criterion, page, quote in spec["evidence"]:
        start = pages[page - 1].text.index(quote)
        found.append(Evidence(criterion=criterion, page=page, start=start, end=start + len(quote), quote=quote,
                              rule="stub", confidence=1.0))  # fmt: skip
    return DocumentRecord(
        file=str(path), sha256=hashlib.sha256(data).hexdigest(), pages=pages, page_count=len(pages),
        evidence=found, unit=spec["unit"], year=spec["year"], extractor_version=EXTRACTOR_VERSION,
    )  # fmt: skip
