from extractors.text_quality import MIN_WORDS, is_vietnamese_syllable, judge_text

PROSE = (
    "Ủy ban nhân dân Quận 3 ban hành Kế hoạch cải cách hành chính năm 2024 nhằm nâng cao "
    "chất lượng giải quyết thủ tục hành chính cho người dân và doanh nghiệp trên địa bàn."
)


def test_real_prose_is_usable() -> None:
    quality = judge_text(PROSE)
    assert quality.usable
    assert quality.valid_share > 0.9
    assert quality.diacritic_share > 0.5


def test_layer_without_diacritics_is_stale() -> None:
    stale = "UY BAN NHAN DAN QUAN 3 ban hanh Ke hoach cai cach hanh chinh nam 2024 nham nang cao chat luong"
    quality = judge_text(stale)
    assert not quality.usable
    assert "without diacritics" in quality.reason()


def test_glyph_gibberish_is_garbled() -> None:
    gibberish = "Xkqz vbnm trplk wqxz fjdk lmnb qwrt zxcv bnmq pltk vvxq rrtz"
    quality = judge_text(gibberish)
    assert not quality.usable
    assert "garbled" in quality.reason()


def test_tcvn3_lookalikes_are_garbled() -> None:
    quality = judge_text("Céng hßa x· héi chñ nghÜa ViÖt Nam §éc lËp Tù do H¹nh phóc kÕ ho¹ch n¨m")
    assert not quality.usable


def test_short_text_is_too_little() -> None:
    quality = judge_text("Ký bởi: Sở Tư pháp")
    assert quality.words < MIN_WORDS
    assert not quality.usable
    assert "too little text" in quality.reason()


def test_syllable_rules() -> None:
    for word in ["nghiêng", "quyết", "khuya", "Đức", "hòa", "hoà", "chính", "giữa"]:
        assert is_vietnamese_syllable(word), word
    for word in ["S6", "hßa", "xkq", "Vlf", "strng"]:
        assert not is_vietnamese_syllable(word), word
