"""Each page's lines are built once per reading of the fields: the header and the signer's block
share page 1's, and the parts of a page cut at an annex share that page's."""

from __future__ import annotations

from collections import Counter

import pytest

from core.models import Signer, Word
from extractors import layout, signer, stamps
from extractors.fields import parse_fields
from extractors.signer import read_closing_block
from tests.extractors.nd30_pages import header_rows, page_from_rows


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> Counter[int]:
    """How often each word list is grouped into lines (by the list's id)."""
    counts: Counter[int] = Counter()
    original = layout.build_lines

    def counting(words: list[Word]) -> list[layout.Line]:
        counts[id(words)] += 1
        return original(words)

    for module in (layout, signer, stamps):  # wherever a reader may call it from
        if hasattr(module, "build_lines"):
            monkeypatch.setattr(module, "build_lines", counting)
    return counts


def one_page_decision() -> list:
    rows = header_rows(["UỶ BAN NHÂN DÂN", "TỈNH CAO BẰNG"], "Cao Bằng, ngày 5 tháng 3 năm 2024", "Số: 12/QĐ-UBND")
    rows += [
        (250, 200, "QUYẾT ĐỊNH"),
        (200, 216, "Về việc ban hành kế hoạch cải cách hành chính"),
        (80, 300, "Điều 3. Quyết định này có hiệu lực kể từ ngày ký./."),
        (80, 345, "Nơi nhận:"),
        (350, 345, "CHỦ TỊCH"),
        (80, 360, "- Như Điều 3;"),
        (80, 375, "- Lưu: VT."),
        (350, 440, "Nguyễn Văn An"),
    ]
    return [page_from_rows(rows)]


def test_page_one_is_grouped_once_for_the_header_and_the_signer(built: Counter[int]) -> None:
    pages = one_page_decision()
    fields = parse_fields(pages)
    assert fields.number == "12/QĐ-UBND"
    assert fields.signer == Signer(name="Nguyễn Văn An", title="Chủ tịch", capacity=None)
    assert built[id(pages[0].words)] == 1  # the page has no banner: it is read as it is
    assert sum(built.values()) == 1


def test_a_page_cut_at_an_annex_is_grouped_once(built: Counter[int]) -> None:
    body = page_from_rows([(80, 100, "Điều 1. Ban hành kèm theo Quyết định này Quy chế.")], number=1)
    page = page_from_rows(
        [
            (80, 300, "Điều 2. Quyết định này có hiệu lực kể từ ngày ký./."),
            (80, 345, "Nơi nhận:"),
            (350, 345, "CHỦ TỊCH"),
            (80, 360, "- Như Điều 2;"),
            (350, 440, "Nguyễn Văn An"),
            (250, 600, "PHỤ LỤC"),
            (200, 616, "Mẫu báo cáo"),
        ],
        number=2,
    )
    block = read_closing_block([body, page])
    assert block.signer is not None and block.signer.name == "Nguyễn Văn An"
    assert built[id(page.words)] == 1
