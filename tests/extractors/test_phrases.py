"""Phrase finding with spaCy on syllables and words: recall that does not depend on the segmenter."""

from __future__ import annotations

from extractors.phrases import PhraseFinder


def spans(finder: PhraseFinder, text: str, phrase: str) -> list[str]:
    return [text[h.start : h.end] for h in finder.find(text).get(PhraseFinder.key(phrase), [])]


def test_phrases_match_across_line_wraps_case_and_old_style_tones() -> None:
    finder = PhraseFinder(["cải cách hành chính", "ủy ban nhân dân"])
    text = "KẾ HOẠCH\nCải cách hành\nchính năm 2024 của UỶ BAN NHÂN DÂN huyện"
    assert spans(finder, text, "cải cách hành chính") == ["Cải cách hành\nchính"]
    assert spans(finder, text, "Ủy ban nhân dân") == ["UỶ BAN NHÂN DÂN"]


def test_a_phrase_the_segmenter_splits_differently_is_still_found_on_syllables() -> None:
    """underthesea reads "Ủy ban nhân dân tỉnh" as "Ủy | ban nhân dân | tỉnh": the word matcher misses it,
    the syllable matcher does not; the hit says the words did not agree."""
    finder = PhraseFinder(["ủy ban nhân dân"])
    hits = finder.find("Ủy ban nhân dân tỉnh Long An ban hành")[PhraseFinder.key("ủy ban nhân dân")]
    assert [(h.start, h.end, h.exact) for h in hits] == [(0, 15, True)]


def test_whole_syllables_only_and_folded_matches_marked() -> None:
    finder = PhraseFinder(["năm", "cchc"])
    text = "Kế hoạch CCHC năm 2024; nam 2025; cchcx"
    hits = finder.find(text)
    assert [(text[h.start : h.end], h.exact) for h in hits[PhraseFinder.key("năm")]] == [("năm", True), ("nam", False)]
    assert [text[h.start : h.end] for h in hits[PhraseFinder.key("cchc")]] == ["CCHC"]


def test_word_level_agreement_is_reported() -> None:
    finder = PhraseFinder(["kiểm tra"])
    hit = finder.find("Kế hoạch kiểm tra công tác cải cách hành chính")[PhraseFinder.key("kiểm tra")][0]
    assert hit.words is True
    assert finder.find("") == {}
