import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from extractors.normalize import (
    canonical_tones,
    fold,
    folded_matching_form,
    matching_form,
    merge_doubled_vowels,
    nfc,
    repair_wraps,
)


def test_old_and_new_tone_placement_match() -> None:
    assert canonical_tones("hoà giải") == "hòa giải"
    assert canonical_tones("Uỷ ban") == "Ủy ban"
    assert canonical_tones("thuỷ lợi") == "thủy lợi"
    assert canonical_tones("khoẻ") == "khỏe"
    assert canonical_tones("quý I") == "quý I"  # qu + y: the tone belongs on y
    assert canonical_tones("hoàn thành") == "hoàn thành"  # closed syllable: one placement only
    assert matching_form("UỶ BAN") == matching_form("Ủy ban")


def test_nfd_input_matches_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Quyết định")
    assert nfc(decomposed) == "Quyết định"
    assert matching_form(decomposed) == "quyết định"


def test_fold_removes_marks_and_dyet() -> None:
    assert fold("Cải cách hành chính Đồng Nai đ") == "Cai cach hanh chinh Dong Nai d"
    assert folded_matching_form("ĐỊNH") == "dinh"


@given(st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "Zs"]), max_size=80))
def test_fold_keeps_length_of_nfc_text(text: str) -> None:
    text = nfc(text)
    folded = fold(text)
    assert len(folded) == len(text)


def test_canonical_tones_keeps_length() -> None:
    text = "Uỷ ban nhân dân tỉnh Khánh Hoà, thuỷ lợi, khoẻ mạnh"
    assert len(canonical_tones(text)) == len(text)


def test_repair_wraps() -> None:
    assert repair_wraps("cải cách hành\nchính năm 2024") == "cải cách hành chính năm 2024"
    assert repair_wraps("thủ tục hành chính-\nchính") == "thủ tục hành chínhchính"
    assert repair_wraps("như sau:\n1. Mục đích") == "như sau:\n1. Mục đích"
    assert repair_wraps("năm 2024.\nĐiều 2") == "năm 2024.\nĐiều 2"


def test_a_vowel_read_twice_with_its_circumflex_and_its_tone_is_one_vowel() -> None:
    assert merge_doubled_vowels("câầp") == "cầp"
    assert merge_doubled_vowels("tiêêu") == "tiêu"
    assert merge_doubled_vowels("CẤÂP") == "CẤP"
    # words that do write a vowel twice, two tones that disagree, and other letters stay
    for kept in ("xoong", "soóc", "ưu", "ấầ", "khoẻ", "a.â"):
        assert merge_doubled_vowels(kept) == kept
