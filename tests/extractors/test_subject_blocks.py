"""Title blocks of many kinds (tests/fixtures/headers/subject_blocks.yaml), read from a born-digital
page: the subject a person writes, ended where the body opens, and not left for review."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from extractors.fields import parse_fields
from tests.extractors.nd30_pages import header_rows, page_from_rows

_BLOCKS: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parents[1] / "fixtures" / "headers" / "subject_blocks.yaml").read_text(encoding="utf-8")
)
LINE = 16.0  # from one line's top to the next's


@pytest.mark.parametrize("block", _BLOCKS, ids=lambda block: f"{block['title']} / {block['subject'][:40]}")
def test_the_subject_of_a_title_block(block: dict[str, Any]) -> None:
    rows = header_rows(["UBND TỈNH NGHỆ AN", "SỞ NỘI VỤ"], "Nghệ An, ngày 5 tháng 3 năm 2025", "Số: 12/KH-SNV")
    top = 190.0
    rows.append((250.0, top, block["title"]))
    top += 18.0
    for line in block["subject_lines"]:
        rows.append((120.0, top, line))
        top += LINE
    top += LINE  # the underline and a blank line
    for line in [*block["following"], "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"]:
        rows.append((60.0, top, line))
        top += LINE
    fields = parse_fields([page_from_rows(rows)])
    assert fields.subject == block["subject"] and "subject" not in fields.needs_review
