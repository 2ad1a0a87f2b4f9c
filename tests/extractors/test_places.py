from extractors.places import normal_place, province_named, write_unit_and_name


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
