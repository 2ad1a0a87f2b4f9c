"""Signer blocks of many kinds (tests/fixtures/headers/signer_blocks.yaml), read from a born-digital
closing page: the name, title and capacity a person writes, and the block is not left for review."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from extractors.signer import read_closing_block
from tests.extractors.nd30_pages import page_from_rows

_BLOCKS: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parents[1] / "fixtures" / "headers" / "signer_blocks.yaml").read_text(encoding="utf-8")
)


@pytest.mark.parametrize("block", _BLOCKS, ids=lambda block: " / ".join([*block["column"], block["name_line"]]))
def test_the_name_title_and_capacity_of_a_signer_block(block: dict[str, Any]) -> None:
    rows = [(60.0, 600.0, "Nơi nhận:"), (60.0, 616.0, "- Như trên;"), (60.0, 632.0, "- Lưu: VT.")]
    rows += [(340.0, 600.0 + 16 * index, line) for index, line in enumerate(block["column"])]
    rows.append((350.0, 700.0, block["name_line"]))
    closing = read_closing_block([page_from_rows(rows, number=2)])
    assert closing.signer is not None and not closing.unsure
    signer = closing.signer
    assert (signer.name, signer.title, signer.capacity) == (block["name"], block["title"], block["capacity"])
