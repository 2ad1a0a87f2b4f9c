"""The Word attachments of the real corpus's tuning split, read against their truth rows (read by a
person from the rendered pages, tests/fixtures/realdocs/more/truth.jsonl). Holdout rows are never
run here: they are measured only by `kiemchung eval … --split holdout`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from extractors.pipeline import ExtractionOptions, extract_file

pytestmark = pytest.mark.slow

FOLDER = Path(__file__).parents[1] / "fixtures" / "realdocs" / "more"
FIELDS = ("doc_type", "number", "issue_date", "issuer", "superior", "place", "subject")


def _tuning_word_rows() -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in (FOLDER / "truth.jsonl").read_text(encoding="utf-8").splitlines() if line]
    return [row for row in rows if row["split"] == "tuning" and row["file"].lower().endswith(".doc")]


def test_the_tuning_split_has_word_attachments() -> None:
    assert len(_tuning_word_rows()) >= 5


@pytest.mark.parametrize("row", _tuning_word_rows(), ids=lambda row: row["file"])
def test_tuning_word_attachment_reads_as_its_truth(row: dict[str, Any]) -> None:
    record = extract_file(FOLDER / row["file"], ExtractionOptions(tag=False, workers=1))
    assert record.error is None
    assert record.pages and all(page.method == "converted" for page in record.pages)
    read = record.model_dump(mode="json")
    for field in FIELDS:
        if field in row:
            assert read[field] == row[field], field
        elif row.get("has_nd30_header") is False:
            assert read[field] is None, field  # what the document does not say is not made up
    if row.get("signer"):
        assert read["signer"] == row["signer"]
    if row.get("title"):
        text = " ".join(" ".join(page.text for page in record.pages).split())
        assert row["title"].upper() in text
