"""Indexed text forms, query parsing and snippets (shared by both stores)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.normalize import folded_matching_form
from kiemchung.stores import text as text_module
from kiemchung.stores.text import (
    make_snippet,
    match_spans,
    parse_query_text,
    remember_segmentations,
    text_forms,
    words_form,
)


def test_forms_of_a_text() -> None:
    forms = text_forms("Kế hoạch Cải cách hành chính của Ủy ban; thuỷ lợi")

    assert forms.exact == "kế hoạch cải cách hành chính của ủy ban; thủy lợi"
    assert forms.folded == "ke hoach cai cach hanh chinh cua uy ban; thuy loi"
    assert "cải_cách" in forms.words.split() and "hành_chính" in forms.words.split()


def test_words_form_keeps_lines_apart() -> None:
    # a word never spans a line break: the segmenter sees one line at a time
    assert "_" not in words_form("cải\ncách")


def test_query_words_and_phrases() -> None:
    query = parse_query_text('Kế hoạch "cải cách  hành chính" "năm" 2024 "unbalanced quote')

    assert query.exact_terms == ["kế", "hoạch", "năm", "2024"]
    assert query.exact_phrases == [["cải", "cách", "hành", "chính"], ["unbalanced", "quote"]]
    assert query.folded_phrases[0] == ["cai", "cach", "hanh", "chinh"]
    assert query.word_phrases[0] == "cải_cách hành_chính"
    assert query.has_diacritics


def test_a_query_without_diacritics_cannot_prefer_exact_spelling() -> None:
    assert not parse_query_text("cai cach").has_diacritics
    assert parse_query_text("đinh").has_diacritics


def test_spans_ignore_diacritics_and_case() -> None:
    text = "Ông ĐINH Văn Hùng; quyết định"
    spans = match_spans(text, parse_query_text("dinh"))
    assert [text[a:b] for a, b in spans] == ["ĐINH", "định"]


def test_snippet_marks_the_text_as_read_and_escapes_html() -> None:
    snippet = make_snippet("Báo cáo <b>số 5</b> & kết quả cải cách", parse_query_text("cai cach"))
    assert snippet == "Báo cáo &lt;b&gt;số 5&lt;/b&gt; &amp; kết quả <mark>cải</mark> <mark>cách</mark>"


def test_snippet_is_a_window_around_the_first_match() -> None:
    text = "mở đầu " * 100 + "tuyên truyền cải cách " + "kết thúc " * 100
    snippet = make_snippet(text, parse_query_text("tuyen truyen"), width=120)

    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>tuyên</mark> <mark>truyền</mark>" in snippet
    assert len(snippet) < 200
    assert " đầu mở" not in snippet[:3]  # starts on a word edge


def test_snippet_without_a_match_marks_the_given_span() -> None:
    text = "Căn cứ Luật. Kế hoạch cải cách hành chính năm 2024."
    start = text.index("Kế hoạch")
    snippet = make_snippet(text, parse_query_text(""), span=(start, start + 8))
    assert "<mark>Kế hoạch</mark>" in snippet


@given(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậđèẻẽéẹềểễếệìỉĩíịòỏõóọ <>&\n", max_size=300),
       st.sampled_from(["dinh", "cai cach", '"ba ca"', "đ", "a"]))  # fmt: skip
def test_snippet_text_is_always_the_original_text(text: str, query: str) -> None:
    snippet = make_snippet(text, parse_query_text(query), width=1000)
    plain = snippet.replace("<mark>", "").replace("</mark>", "")
    plain = plain.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    assert plain == re.sub(r"\s+", " ", text).strip()


def test_a_remembered_segmentation_is_read_back_not_recomputed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = "Đẩy mạnh cải cách hành chính\nKiểm tra công tác cải cách hành chính"
    plain = text_forms(page)
    remember_segmentations(tmp_path / "segmentation.sqlite")
    try:
        assert text_forms(page) == plain  # segmented once more, and kept

        def no_segmenting(line: str) -> str:
            raise AssertionError(f"segmented again: {line!r}")

        monkeypatch.setattr(text_module, "_segment_line", no_segmenting)
        remember_segmentations(None)
        remember_segmentations(tmp_path / "segmentation.sqlite")  # as a new reindex process would
        assert text_forms(page) == plain
        with pytest.raises(AssertionError, match="segmented again"):
            text_forms(page + "\nmột dòng mới")
    finally:
        remember_segmentations(None)


@given(st.text(max_size=200))
def test_the_folded_form_is_fold_of_the_matching_form(text: str) -> None:
    assert text_forms(text).folded == folded_matching_form(text)
