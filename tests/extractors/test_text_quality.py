from core.models import Word
from extractors.text_quality import (
    MIN_WORDS,
    font_text_is_not_vietnamese,
    is_vietnamese_syllable,
    judge_text,
    layer_doubt,
    may_hold_a_broken_font,
)

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


# A page of administrative prose, header in capitals (enough letters for each common one to be due).
PAGE = """ỦY BAN NHÂN DÂN TỈNH CAO BẰNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM SỞ NỘI VỤ ĐỘC LẬP TỰ DO HẠNH PHÚC
KẾ HOẠCH THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2024 CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA CHÍNH PHỦ
THỦ TƯỚNG CHÍNH PHỦ QUYẾT ĐỊNH VỀ VIỆC BAN HÀNH QUY CHẾ TỔ CHỨC VÀ HOẠT ĐỘNG CỦA HỘI ĐỒNG NHÂN DÂN
THÀNH PHỐ HỒ CHÍ MINH NHIỆM VỤ TRỌNG TÂM MỤC ĐÍCH YÊU CẦU PHÂN CÔNG TRÁCH NHIỆM TỔ CHỨC THỰC HIỆN
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Căn cứ Nghị quyết số 76/NQ-CP
ngày 15 tháng 7 năm 2021 của Chính phủ ban hành Chương trình tổng thể cải cách hành chính nhà nước giai
đoạn 2021 - 2030; Thực hiện Kế hoạch của Ủy ban nhân dân tỉnh về cải cách hành chính năm 2024, Sở Nội
vụ xây dựng Kế hoạch thực hiện như sau. Tiếp tục đẩy mạnh cải cách thủ tục hành chính, nâng cao chất
lượng phục vụ người dân, doanh nghiệp; xây dựng đội ngũ cán bộ, công chức, viên chức có phẩm chất, năng
lực, uy tín, đáp ứng yêu cầu nhiệm vụ trong tình hình mới. Các nhiệm vụ phải bám sát chỉ đạo của cấp
trên, phù hợp với tình hình thực tế của cơ quan, đơn vị; bảo đảm sự phối hợp chặt chẽ giữa các phòng
chuyên môn trong quá trình tổ chức thực hiện; kịp thời phản ánh khó khăn, vướng mắc để tháo gỡ. Người
đứng đầu cơ quan chịu trách nhiệm trước Ủy ban nhân dân tỉnh về kết quả thực hiện nhiệm vụ được giao;
thường xuyên kiểm tra, đôn đốc việc giải quyết hồ sơ của tổ chức, cá nhân đúng thời hạn quy định, công
khai minh bạch thông tin, tăng cường ứng dụng công nghệ thông tin và chuyển đổi số trong hoạt động."""


def _drop(text: str, letters: str) -> str:
    """What a font that maps `letters` to nothing leaves: a space where each one was drawn."""
    return "".join(" " if c in letters else c for c in text)


def test_a_page_of_prose_lacks_no_letter() -> None:
    quality = judge_text(PAGE)
    assert quality.usable and quality.missing_letters == ()


def test_a_font_that_drops_the_letter_h_is_caught() -> None:
    two_pages = f"{PAGE}\n{PAGE}"  # enough capitals for their own count
    for text, dropped, letters in ((PAGE, "h", ["h"]), (two_pages, "H", ["H"]), (two_pages, "hH", ["h", "H"])):
        quality = judge_text(_drop(text, dropped))
        assert [missing for missing, _, _ in quality.missing_letters] == letters, dropped
        assert not quality.usable
        assert "lacks letters" in quality.reason() and f"'{letters[0]}' 0 times" in quality.reason()


def test_a_font_that_drops_the_letter_u_horn_is_caught() -> None:
    page = "\n".join([PAGE] * 4)
    dropped = "".join(c for c in page if c not in "ưừứửữự")  # nothing left where it was: "đợc", "ngời"
    quality = judge_text(dropped)
    assert [letter for letter, _, _ in quality.missing_letters] == ["ư"]
    assert not quality.usable and judge_text(page).usable


def test_glyphs_without_a_character_inside_words_make_a_layer_unusable() -> None:
    from dataclasses import replace

    quality = judge_text(PAGE)
    assert not replace(quality, unmapped_glyphs=40).usable
    assert "40 glyphs inside words map to no character" in replace(quality, unmapped_glyphs=40).reason()
    assert replace(quality, unmapped_glyphs=1).usable  # one stray symbol is not a broken font


def test_short_text_is_not_judged_by_letter_counts() -> None:
    assert judge_text("Ủy ban nhân dân tỉnh Cao Bằng ban hành kế hoạch").missing_letters == ()


def test_each_occurrence_of_a_repeated_word_counts() -> None:
    """Words are judged once per distinct word, but shares count every occurrence."""
    once = judge_text("UBND " + PROSE)
    many = judge_text("UBND UBND UBND UBND " + PROSE)
    assert many.words == once.words + 3
    assert many.letters == once.letters + 12
    assert many.valid_share == (once.valid_share * once.words) / many.words
    assert many.valid_share < once.valid_share  # the acronym is no syllable, four times


def test_a_letter_mapped_to_a_control_character_makes_a_layer_doubtful() -> None:
    """A changed ToUnicode entry: the page looks the same, its layer reads "s\x15ch" for "sách"."""
    changed = PAGE.replace("á", "\x15")
    quality = judge_text(changed)
    assert quality.odd_characters == PAGE.count("á")
    assert not quality.usable and "control characters" in quality.reason()
    assert not judge_text(PAGE.replace("ê", "\ue014", 1)).usable  # one private-use letter is enough


def test_a_symbol_bullet_apart_from_the_words_is_no_doubt() -> None:
    quality = judge_text("\uf0b7 " + PAGE.replace("\n", "\n\uf0b7 ") + " \x0c")
    assert quality.odd_characters == 0 and quality.usable


def _word(text: str, x0: float, width: float, height: float) -> Word:
    return Word(text=text, x0=x0, top=100.0, x1=x0 + width, bottom=100.0 + height)


def test_words_on_points_make_a_layer_out_of_step_with_its_glyphs() -> None:
    words = [_word("chữ", 10.0 * n, 8.0, 10.0) for n in range(95)]
    shifted = words + [_word("Ph", 500.0, 0.0, 0.0) for _ in range(5)]  # 5 % of the words
    assert layer_doubt(words) is None
    assert "5 words without a box" in (layer_doubt(shifted) or "")
    few = [_word("chữ", 10.0 * n, 8.0, 10.0) for n in range(400)] + shifted[-5:]  # 1.2 %, a formula page
    assert layer_doubt(few) is None
    assert layer_doubt(words + [_word("12", 500.0, 0.0, 0.0)] * 5) is None  # no letter: not a word out of step


def test_a_fonts_own_text_is_judged_on_its_words_of_two_letters_or_more() -> None:
    glyph_codes = 'BCDEFB GHIJK BCDLMNO PQKR t"[ARXUPliNvcoe m21*Ab1MA1*"<ARZA7+#1*ATA1$0ASQSU d#1A&$Ao*+%A48<&7A6"AXWP'
    assert font_text_is_not_vietnamese(glyph_codes)
    assert not font_text_is_not_vietnamese("SỞ NỘI VỤ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc")
    assert not font_text_is_not_vietnamese("l " * 40)  # a Wingdings bullet is a letter "l"
    assert not font_text_is_not_vietnamese("Qwx Zrt Pkl Mnb")  # too few letters to judge
    assert not font_text_is_not_vietnamese("𝑉𝐴𝑛𝑠𝑠 𝑇𝑛 = 𝑉𝐴𝑛𝑠𝑠−1 × 100 " * 6)  # a formula's letters
    assert font_text_is_not_vietnamese("FBGACVGID PCATGUENGKFGUCVGPUGGATUHNGIVIGGANZ")  # spaces read as letters


def test_only_a_page_with_enough_stray_letters_has_its_fonts_judged() -> None:
    assert not may_hold_a_broken_font(judge_text(PAGE))  # a page of prose: a few abbreviations at most
    assert may_hold_a_broken_font(judge_text(PAGE + " FBGACVGID PCATGUENGKFGUCVGPUGGATUHNGIVIGGANZ"))
    assert judge_text("𝑉𝐴𝑛𝑠𝑠 UBND x").stray_letters == 4  # a formula's letters and one-letter words left out
