from core.models import Word
from extractors.dates import parse_place_date
from extractors.layout import build_lines, place_date_line
from extractors.places import (
    CommuneCheck,
    check_commune,
    is_known_place,
    normal_place,
    province_named,
    spelled_as_locality,
    write_unit_and_name,
)


def test_provinces_through_ocr_slips() -> None:
    assert [province_named(t) for t in ("ĐÔNG NAI", "Đẳng Nai", "PHỦ THỌ", "Hỗ Chí Minh", "Quận")] == [
        "Đồng Nai",
        "Đồng Nai",
        "Phú Thọ",
        "Hồ Chí Minh",
        None,
    ]


def test_units_before_names_and_numbers() -> None:
    assert write_unit_and_name("tỉnh", "CAO BẰNG") == "tỉnh Cao Bằng"
    assert write_unit_and_name("thành phố", "HỒ CHÍ MINH") == "Thành phố Hồ Chí Minh"
    assert write_unit_and_name("thành phố", "THỦ ĐỨC") == "thành phố Thủ Đức"
    assert write_unit_and_name("quận", "3") == "Quận 3"


def test_place_of_a_date_line() -> None:
    assert normal_place("Thành phố Hỗ Chí Minh") == "Thành phố Hồ Chí Minh"
    assert normal_place("Đông Nai") == "Đồng Nai"
    assert normal_place("Quận 3") == "Quận 3"


def test_ocr_ghost_before_a_known_place_is_left_out() -> None:
    assert normal_place("Na Phú Thọ") == "Phú Thọ"
    assert normal_place("ma. Phú Thọ") == "Phú Thọ"
    assert normal_place("ii Thành phố Hồ Chí Minh") == "Thành phố Hồ Chí Minh"
    assert normal_place("a Quận 3") == "Quận 3"
    assert normal_place("Phú =-rsaseessasaaa.œ Thọ") == "Phú Thọ"  # symbols among letters: no place word
    # a smudge OCR spelled out as a long run of letters that is no syllable (generated scan, seed 11)
    assert normal_place("iedresintxeerestteet-iinsee Phú Thọ") == "Phú Thọ"
    for place in ("Bà Rịa - Vũng Tàu", "Phan Rang-Tháp Chàm", "Buôn Ma Thuột"):
        assert normal_place(place) == place


def test_words_before_a_place_stay_unless_the_rest_is_in_the_gazetteer() -> None:
    assert normal_place("Na Phước Hòa Đông") == "Na Phước Hòa Đông"  # no gazetteer place: unchanged
    assert normal_place("Na Krông Pắc") == "Krông Pắc"  # a district of Đắk Lắk (core/data/districts.yaml)
    assert normal_place("Xã Tân Phú Thọ") == "Xã Tân Phú Thọ"  # a unit word is no ghost
    assert normal_place("Hàm Tân Phú Thọ") == "Hàm Tân Phú Thọ"  # "Hàm" is a word, not a ghost
    assert normal_place("Bà Rịa - Vũng Tàu") == "Bà Rịa - Vũng Tàu"


def test_place_read_from_ocr_word_boxes_with_a_ghost_token() -> None:
    """The right column's date line as OCR boxes, a stamp's ghost "Na" first: the place is Phú Thọ."""
    texts = ["Na", "Phú", "Thọ,", "ngày", "12", "tháng", "3", "năm", "2024"]
    words, x = [], 300.0
    for text in texts:
        width = 8.0 * len(text)
        confidence = 21.0 if text == "Na" else 90.0
        words.append(Word(text=text, x0=x, top=140, x1=x + width, bottom=152, confidence=confidence))
        x += width + 4
    line = place_date_line(build_lines(words))
    assert line is not None
    reading = parse_place_date(line.text)
    assert reading is not None and reading.place is not None
    assert normal_place(reading.place) == "Phú Thọ"


def test_a_place_with_a_ghost_word_inside_is_not_known() -> None:
    assert not is_known_place("Phú nan Thọ")  # a ghost word between the province's words
    assert is_known_place("Phú Thọ")
    assert is_known_place("Thành phố Hồ Chí Minh")
    assert is_known_place("Tân Lập", ("Ủy ban nhân dân xã Tân Lập",))  # the issuer's locality
    assert not is_known_place("Tân nan Lập", ("Ủy ban nhân dân xã Tân Lập",))


def test_a_unit_glued_to_its_district_is_spaced_as_the_gazetteer_writes_it() -> None:
    assert normal_place("Quận3") == "Quận 3"  # OCR lost the space after the unit word
    assert normal_place("huyện Cần Giuộc") == "huyện Cần Giuộc"  # words already apart stay as printed


def test_a_district_ocr_spelled_with_other_marks_is_written_as_the_gazetteer_spells_it() -> None:
    """Generated photos: "Cân Giuộc", "Cân » Giuộc" on the date line for "Cần Giuộc"."""
    assert normal_place("Cân Giuộc") == "Cần Giuộc"
    assert normal_place("Cân » Giuộc") == "Cần Giuộc"
    assert normal_place("huyện Cân Giuộc") == "huyện Cần Giuộc"
    # a district whose letters are a province's keeps its own marks when printed as the gazetteer has it
    assert normal_place("Thạnh Hóa") == "Thạnh Hóa"
    assert normal_place("Thanh Hóa") == "Thanh Hóa"


def test_one_syllable_of_the_issuer_s_locality_is_no_known_place() -> None:
    """ "Đồng" where OCR lost "Lâm" of "Lâm Đồng, ngày …": the issuer's locality names the place only
    whole, after its unit word."""
    committee = ("Ủy ban nhân dân tỉnh Lâm Đồng",)
    assert not is_known_place("Đồng", committee)
    assert is_known_place("Tân Lập", ("Ủy ban nhân dân xã Tân Lập",))
    assert is_known_place("xã Tân Lập", ("Ủy ban nhân dân xã Tân Lập",))
    assert not is_known_place("Lập", ("Ủy ban nhân dân xã Tân Lập",))


def test_a_commune_s_name_is_checked_against_both_lists() -> None:
    assert check_commune("Ủy ban nhân dân xã Tân Lập") == CommuneCheck("Ủy ban nhân dân xã Tân Lập")
    # only the marks differ from the one commune with these letters: the gazetteer's spelling, as cased
    assert check_commune("ỦY BAN NHÂN DÂN XÃ TÂN LẶP") == CommuneCheck(
        "ỦY BAN NHÂN DÂN XÃ TÂN LẬP", (("TÂN LẶP", "TÂN LẬP"),)
    )
    assert check_commune("Ủy ban nhân dân đặc khu Phú Quốc").unknown is None  # special zones since 2025
    # letters of three communes ("An Phú", "An Phụ", "Ân Phú"): none is chosen
    assert check_commune("Ủy ban nhân dân xã An Phu").unknown == "An Phu"
    assert check_commune("Ủy ban nhân dân xã Tân Lqp").unknown == "Tân Lqp"
    # numbered wards, bodies without a commune and a district are not the communes' business
    # nor "xã hội" (society) in a body's field of work, with or without its province
    for text in (
        "Ủy ban nhân dân Phường 15",
        "Sở Nội vụ",
        "Ủy ban nhân dân huyện Cần Giuộc",
        "Bộ Lao động - Thương binh và Xã hội",
        "Bảo hiểm xã hội Việt Nam",
        "Bảo hiểm xã hội tỉnh An Giang",
        "Phòng Văn hóa - Xã hội",
    ):
        assert check_commune(text) == CommuneCheck(text)


def test_a_place_spelled_as_the_agency_s_locality() -> None:
    assert spelled_as_locality("Tân Lặp", "Ủy ban nhân dân xã Tân Lập") == "Tân Lập"
    assert spelled_as_locality("xã Tân Lặp", "Ủy ban nhân dân xã Tân Lập") == "xã Tân Lập"
    assert spelled_as_locality("Tân Lập", "Ủy ban nhân dân xã Tân Lập") is None  # already so
    assert spelled_as_locality("Lập", "Ủy ban nhân dân xã Tân Lập") is None  # one syllable of it
    assert spelled_as_locality("Phú Thọ", "Sở Y tế") is None
