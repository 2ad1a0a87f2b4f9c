"""Readings that differ only in marks: the language judges, else the readings vote, else a person."""

from __future__ import annotations

import pytest

from extractors.lexicon import Lexicon, lexicon, syllables, tone_variants
from extractors.reconcile import reconcile


@pytest.fixture(scope="module")
def words() -> Lexicon:
    return lexicon()


@pytest.mark.parametrize(
    ("syllable", "expected"),
    [
        ("chỉ", {"chi", "chì", "chí", "chĩ", "chị"}),
        ("nên", {"nền", "nến", "nển", "nễn", "nện"}),
        ("được", {"đươc", "đườc", "đước", "đưởc", "đưỡc"}),  # the tone sits on ơ of "ươ"
        ("hoa", {"hòa", "hóa", "hỏa", "hõa", "họa"}),
        ("quy", {"quỳ", "quý", "quỷ", "quỹ", "quỵ"}),  # "qu" is a consonant
        ("gia", {"già", "giá", "giả", "giã", "giạ"}),  # so is "gi" before a vowel
    ],
)
def test_tone_variants_put_the_mark_where_vietnamese_does(syllable: str, expected: set[str]) -> None:
    assert set(tone_variants(syllable)) == expected


def test_lexicon_knows_words_and_legal_pairs(words: Lexicon) -> None:
    assert ("chi", "tiết") in words.word_pairs and ("chỉ", "tiết") not in words.word_pairs
    assert words.pair_counts[("diện", "tích")] > 100  # the Land Law measures land everywhere
    assert words.pair_counts.get(("điện", "tích"), 0) == 0
    assert words.support("quy", "định", "chi") > words.support("quy", "đinh", "chi")
    assert syllables("Quy hoạch CHI TIẾT, 1/500") == ["quy", "hoạch", "chi", "tiết"]


def test_a_misread_tone_that_makes_no_word_is_corrected(words: Lexicon) -> None:
    result = reconcile(["theo quy hoạch chỉ tiết xây dựng tỷ lệ 1/500"], words)
    assert result.text == "theo quy hoạch chi tiết xây dựng tỷ lệ 1/500"
    assert result.changes == [("chỉ", "chi")] and result.disputed == []


def test_a_syllable_already_in_a_word_is_not_lent_to_its_neighbour(words: Lexicon) -> None:
    # "chính quy" is a word, but "hành chính" holds "chính": "quý I" (first quarter) stays
    text = "Kết quả thực hiện công tác cải cách hành chính quý I năm 2025"
    assert reconcile([text], words).text == text


def test_the_language_settles_readings_that_differ_in_marks(words: Lexicon) -> None:
    result = reconcile(
        [
            "huyện Nhơn Trạch (điện tích: khoảng 83,94 ha)",
            "huyện Nhơn Trạch (diện tích khoảng 83,94 ha)",
            "huyện Nhơn Trạch (điện tích khoảng 83,94 ha)",
        ],
        words,
    )
    # "diện tích" (area) is attested 270 times in legal text, "điện tích" (electric charge) never;
    # the colon is in one reading of three
    assert result.text == "huyện Nhơn Trạch (diện tích khoảng 83,94 ha)"
    assert ("(điện", "(diện") in result.changes and ("tích:", "tích") in result.changes


def test_a_pair_inside_a_longer_word_is_a_word_only_where_that_word_stands(words: Lexicon) -> None:
    # "độ thủ" stands in the dictionary only inside "chế độ thủ trưởng"
    readings = ["mức thu, chế độ thu, nộp, quản lý", "mức thu, chế độ thủ, nộp, quản lý"]
    assert reconcile([*readings, readings[1]], words).text == readings[0]
    assert reconcile(["theo chế độ thu trưởng", "theo chế độ thủ trưởng"], words).text == "theo chế độ thủ trưởng"
    assert words.support("độ", "thủ", "trưởng", "chế") > words.support("độ", "thủ", None, "chế") == 0


def test_readings_vote_when_the_language_cannot_tell(words: Lexicon) -> None:
    majority = reconcile(
        ["phân lô, bán nên cho cá nhân", "phân lô, bán nền cho cá nhân", "phân lô, bán nền cho cá nhân"], words
    )
    assert majority.text == "phân lô, bán nền cho cá nhân" and majority.disputed == []


def test_a_split_vote_is_left_to_a_person(words: Lexicon) -> None:
    split = reconcile(["phân lô, bán nên cho cá nhân", "phân lô, bán nền cho cá nhân"], words)
    assert split.text == "phân lô, bán nên cho cá nhân"  # the first reading stays
    assert split.disputed == ["nên/nền"]


def test_case_numbers_and_unaligned_words_are_kept(words: Lexicon) -> None:
    result = reconcile(["QUY HOẠCH CHỈ TIẾT 1/500 Khu dân cư", "QUYẾT ĐỊNH quy hoạch chỉ tiết 1/5OO Khu dân cư"], words)
    assert result.text == "QUY HOẠCH CHI TIẾT 1/500 Khu dân cư"


def test_specks_at_the_edges_of_reread_lines_stay_out_of_the_trimmed_text(words: Lexicon) -> None:
    """The readings are whole lines, a speck before their first word or after their last included;
    the first reading (the subject as parsed) was trimmed of them."""
    speckled = "'tăng cường công tác quản lý trật tự xây dựng năm 2024 -"
    result = reconcile(["tăng cường công tác quản lý trật tự xây dựng năm 2024", speckled, speckled], words)
    assert result.text == "tăng cường công tác quản lý trật tự xây dựng năm 2024" and result.changes == []


def test_nothing_to_reconcile(words: Lexicon) -> None:
    assert reconcile([], words).text == ""
    text = "Quy định mức thu lệ phí cấp giấy phép lao động"
    assert reconcile([text, text, text], words).changes == []


def test_before_a_year_the_year_word_beats_its_look_alike(words: Lexicon) -> None:
    """Generated Word file of a photo, seed 6: three readings of "… hộ cận nghèo năm 2024" said "nam"
    and outvoted the right one; a reading every look agreed on ("nam 2023") kept its slip."""
    voted = reconcile(["hộ cận nghèo năm 2024", *["hộ cận nghèo nam 2024"] * 3], words)
    assert voted.text == "hộ cận nghèo năm 2024"
    assert reconcile(["hành chính nam 2023", "hành chính nam 2023"], words).text == "hành chính năm 2023"
    # "nam" that makes a word with its left neighbour, or before a figure that is no year, stays
    assert reconcile(["sản phẩm Việt Nam 2024", "sản phẩm Việt Năm 2024"], words).text == "sản phẩm Việt Nam 2024"
    assert reconcile(["học sinh nam 15 tuổi"], words).text == "học sinh nam 15 tuổi"


def test_before_a_figure_a_tone_slip_of_a_counting_word_is_mended(words: Lexicon) -> None:
    assert reconcile(["theo Điêu 5 của Luật"], words).text == "theo Điều 5 của Luật"
    assert reconcile(["từ ngay 15 tháng 3"], words).text.startswith("từ ngày 15")


def test_a_form_legal_text_prints_beats_a_majority_of_readings_of_one_it_never_prints(words: Lexicon) -> None:
    # "tặng" (to award) is legal vocabulary, "tạng" (an organ) never appears in it; neither makes a
    # word with "việc" or "giấy", so only the count of the syllable itself can tell
    assert words.occurrences("tặng") >= 20 and words.occurrences("tạng") == 0
    readings = ["Về việc tặng giấy khen", "Về việc tạng giấy khen", "Về việc tạng giấy khen"]
    assert reconcile(readings, words).text == "Về việc tặng giấy khen"
    assert reconcile(list(reversed(readings)), words).changes == [("tạng", "tặng")]


def test_a_form_legal_text_prints_a_hundred_times_more_beats_a_majority_of_readings(words: Lexicon) -> None:
    # "lệ phí cấp. giấy phép" (bitonal scan view, seed 143): three readings say "cáp" (a cable, printed
    # 4 times), the page "cấp" (printed 1,089 times); the stray stop cuts the pair to the right
    assert words.occurrences("cấp") >= 100 * words.occurrences("cáp") > 0
    readings = ["lệ phí cấp. giấy", "lệ phí cáp. giấy", "lệ phí cáp. giấy", "lệ phí cáp. giấy"]
    assert reconcile(readings, words).text == "lệ phí cấp. giấy"
    # forms printed within a hundred times of each other are left to the readings' majority
    assert words.occurrences("bên") < 100 * words.occurrences("bến")
    assert reconcile(["cảng, bên.", "cảng, bến.", "cảng, bến.", "cảng, bến."], words).text == "cảng, bến."


def test_a_capitalised_name_inside_a_text_is_left_to_the_readings(words: Lexicon) -> None:
    # a name is no legal vocabulary: "Tạng" votes as read
    readings = ["khu vực Tây Tạng cao", "khu vực Tây Tạng cao", "khu vực Tây Tặng cao"]
    assert reconcile(readings, words).text == "khu vực Tây Tạng cao"
