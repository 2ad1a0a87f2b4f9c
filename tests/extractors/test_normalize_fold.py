"""`fold` through its translate table gives what folding each character one by one gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.normalize import _fold_char, fold


@settings(max_examples=300)
@given(st.text(alphabet=st.one_of(st.sampled_from("ĐđẾếỄễƯưỜờÂâăĂ\u0301\u0323 aZ9"), st.characters()), max_size=60))
def test_the_table_folds_as_each_character_does(text: str) -> None:
    assert fold(text) == "".join(_fold_char(c) for c in text)


def test_the_first_and_the_cached_folding_agree() -> None:
    assert fold("Thời gian ký: Đồng Nai") == fold("Thời gian ký: Đồng Nai") == "Thoi gian ky: Dong Nai"
