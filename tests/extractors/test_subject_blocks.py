"""Title blocks of many kinds (tests/fixtures/headers/subject_blocks.yaml), read from a born-digital
page: the subject a person writes, ended where the body opens, and not left for review."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from core.models import Page
from extractors.fields import parse_fields
from tests.extractors.nd30_pages import CHAR_WIDTH, header_rows, page_from_rows

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


CENTRE, LEFT_MARGIN, INDENT = 300.0, 60.0, 30.0  # NĐ30: body indented 1-1.27 cm, subject centred


def _centred(top: float, text: str) -> tuple[float, float, str]:
    return (CENTRE - CHAR_WIDTH * len(text) / 2, top, text)


def _tight_title_block(title: str, subject_lines: list[str], body: list[tuple[float, str]]) -> Page:
    """A title block whose body follows the subject's last line with less than a line's gap between
    (the underline's), the body's lines placed at the given x."""
    rows = header_rows(["UBND TỈNH NGHỆ AN", "SỞ NỘI VỤ"], "Nghệ An, ngày 5 tháng 3 năm 2025", "Số: 12/CT-UBND")
    top = 190.0
    rows.append(_centred(top, title))
    for line in subject_lines:
        top += LINE
        rows.append(_centred(top, line))
    top += 1.4 * LINE
    for x, line in body:
        rows.append((x, top, line))
        top += LINE
    return page_from_rows(rows)


def test_a_body_that_opens_with_a_plain_sentence_ends_the_subject_by_its_indent() -> None:
    """A directive's body may open "Thời gian qua, …" right under its subject: no "Căn cứ", no
    heading, no wide gap. Its first line is indented and runs to the right margin, the subject's lines
    are centred: the line's middle lies right of theirs by half the indent."""
    page = _tight_title_block(
        "CHỈ THỊ",
        ["Về tăng cường kỷ luật, kỷ cương trong thực hiện nhiệm vụ", "phát triển kinh tế - xã hội năm 2025"],
        [
            (LEFT_MARGIN + INDENT, "Thời gian qua, trên địa bàn tỉnh đã xảy ra nhiều vụ việc gây thiệt hại về"),
            (LEFT_MARGIN, "người và tài sản. Để khắc phục tình trạng trên, Chủ tịch Ủy ban nhân dân"),
        ],
    )
    fields = parse_fields([page])
    assert (
        fields.subject
        == "Về tăng cường kỷ luật, kỷ cương trong thực hiện nhiệm vụ phát triển kinh tế - xã hội năm 2025"
    )
    assert "subject" not in fields.needs_review


def test_a_centred_subject_line_that_opens_with_a_name_stays_in_the_subject() -> None:
    """The indent, not the capital, ends the subject: a wrapped subject line that starts with a name
    ("Ủy ban nhân dân …") is centred like the lines above it."""
    page = _tight_title_block(
        "KẾ HOẠCH",
        ["Kiểm tra công tác cải cách hành chính năm 2025 tại", "Ủy ban nhân dân các xã, phường"],
        [(LEFT_MARGIN + INDENT, "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành")],
    )
    assert parse_fields([page]).subject == (
        "Kiểm tra công tác cải cách hành chính năm 2025 tại Ủy ban nhân dân các xã, phường"
    )


@pytest.mark.parametrize(
    "opening",
    ["Sở Nội vụ trân trọng kính mời:", "Ủy ban nhân dân tỉnh đề nghị các cơ quan, đơn vị:"],
    ids=["an invitation's kính mời", "a line leading into a list"],
)
def test_a_short_body_line_that_invites_or_leads_into_a_list_ends_the_subject(opening: str) -> None:
    """An invitation opens its body "… trân trọng kính mời:", a letter-like text "… đề nghị …:"; short
    lines, not reaching the margin, but a trích yếu never leads into a list."""
    page = _tight_title_block(
        "GIẤY MỜI",
        ["Dự Hội nghị tổng kết công tác cải cách hành chính", "năm 2025"],
        [(LEFT_MARGIN + INDENT, opening), (LEFT_MARGIN + INDENT, "- Đại diện lãnh đạo các phòng, đơn vị thuộc Sở.")],
    )
    assert parse_fields([page]).subject == "Dự Hội nghị tổng kết công tác cải cách hành chính năm 2025"
