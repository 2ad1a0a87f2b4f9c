"""A folder's `truth.jsonl` as plain rows, for the views that copy a corpus's truth (scan_view, ocr_layer)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

TRUTH_FILE = "truth.jsonl"


def read_rows(folder: Path) -> list[dict[str, Any]]:
    lines = (folder / TRUTH_FILE).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line]


def write_rows(folder: Path, rows: list[dict[str, Any]]) -> None:
    text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    (folder / TRUTH_FILE).write_text(text, encoding="utf-8")
