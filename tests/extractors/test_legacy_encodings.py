from extractors.legacy_encodings import (
    LegacyFont,
    best_legacy_reading,
    decode_legacy,
    encoding_from_font,
    encoding_of_text,
    legacy_font,
    tcvn3_to_unicode,
    unicode_to_tcvn3,
    vni_to_unicode,
)
from extractors.text_quality import judge_text

SENTENCE = "cộng hòa xã hội chủ nghĩa việt nam độc lập tự do hạnh phúc kế hoạch cải cách hành chính năm 2024"


def test_tcvn3_example_from_the_domain_notes() -> None:
    assert tcvn3_to_unicode("Céng hßa x· héi chñ nghÜa ViÖt Nam") == "Cộng hòa xã hội chủ nghĩa Việt Nam"


def test_tcvn3_round_trip() -> None:
    assert tcvn3_to_unicode(unicode_to_tcvn3(SENTENCE)) == SENTENCE


def test_tcvn3_capitals_font() -> None:
    assert tcvn3_to_unicode("ñy ban nh©n d©n", upper=True) == "ỦY BAN NHÂN DÂN"


def test_vni() -> None:
    assert vni_to_unicode("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam") == "Cộng hòa xã hội chủ nghĩa Việt Nam"
    assert vni_to_unicode("Ñoäc laäp - Töï do - Haïnh phuùc") == "Độc lập - Tự do - Hạnh phúc"
    assert vni_to_unicode("naêm") == "năm"


def test_font_names() -> None:
    assert encoding_from_font("ABCDEF+.VnTimeH") == "tcvn3"
    assert encoding_from_font(".VnArial") == "tcvn3"
    assert encoding_from_font("VNI-Times") == "vni"
    assert encoding_from_font("TimesNewRomanPSMT") is None


def test_recognised_by_statistics_and_unicode_left_alone() -> None:
    legacy = unicode_to_tcvn3(SENTENCE)
    reading = best_legacy_reading(legacy, judge_text(legacy))
    assert reading is not None
    assert reading[0] == "tcvn3"
    assert reading[1] == SENTENCE
    assert best_legacy_reading(SENTENCE, judge_text(SENTENCE)) is None


def test_font_names_as_word_and_css_give_them() -> None:
    assert legacy_font(".VnTimeH") == LegacyFont("tcvn3", upper=True)
    assert legacy_font('".VnTime", serif') == LegacyFont("tcvn3")
    assert legacy_font(".VnCentury SchoolbookH") == LegacyFont("tcvn3", upper=True)
    assert legacy_font("VNI-Times;Arial") == LegacyFont("vni")
    assert legacy_font("Times New Roman") is None


def test_decode_per_run() -> None:
    assert decode_legacy("ñy ban nh©n d©n", LegacyFont("tcvn3", upper=True)) == "ỦY BAN NHÂN DÂN"
    assert decode_legacy("Keá hoaïch", LegacyFont("vni")) == "Kế hoạch"


def test_paragraph_encoding_by_characters() -> None:
    assert encoding_of_text(unicode_to_tcvn3("cải cách hành chính")) == "tcvn3"
    assert encoding_of_text("Coäng hoøa xaõ hoäi chuû nghóa") == "vni"
    for unicode_text in ("Cải cách hành chính năm 2024", "Phòng Nội vụ", "Báo cáo", "UBND", "Résumé café"):
        assert encoding_of_text(unicode_text) is None
