import pytest

from extractors.agencies import issuer_and_superior, normal_case_agency


@pytest.mark.parametrize(
    ("printed", "normal"),
    [
        ("ỦY BAN NHÂN DÂN QUẬN 3", "Ủy ban nhân dân Quận 3"),
        ("SỞ TƯ PHÁP", "Sở Tư pháp"),
        ("HỘI ĐỒNG NHÂN DÂN TỈNH CAO BẰNG", "Hội đồng nhân dân tỉnh Cao Bằng"),
        ("ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", "Ủy ban nhân dân Thành phố Hồ Chí Minh"),
        ("UBND TP. HỒ CHÍ MINH", "Ủy ban nhân dân Thành phố Hồ Chí Minh"),
        ("ỦY BAN NHÂN DÂN THÀNH PHỐ THỦ ĐỨC", "Ủy ban nhân dân thành phố Thủ Đức"),
        ("UBND TỈNH PHÚ THỌ", "Ủy ban nhân dân tỉnh Phú Thọ"),
        ("UBND HUYỆN NHƠN TRẠCH", "Ủy ban nhân dân huyện Nhơn Trạch"),
        ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "Sở Thông tin và Truyền thông"),
        ("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Sở Lao động - Thương binh và Xã hội"),
        ("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "Sở Văn hóa, Thể thao và Du lịch"),
        ("SỞ CÔNG THƯƠNG", "Sở Công Thương"),
        ("VĂN PHÒNG QUỐC HỘI", "Văn phòng Quốc hội"),
        ("VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH", "Văn phòng Ủy ban nhân dân tỉnh"),
        ("BỘ GIÁO DỤC VÀ ĐÀO TẠO", "Bộ Giáo dục và Đào tạo"),
        ("CHI CỤC THUẾ KHU VỰC XV", "Chi cục Thuế khu vực XV"),
        ("ỦY BAN NHÂN DÂN PHƯỜNG 15", "Ủy ban nhân dân Phường 15"),
        ("UỶ BAN NHÂN DÂN TỈNH HOÀ BÌNH", "Ủy ban nhân dân tỉnh Hòa Bình"),
    ],
)
def test_normal_case(printed: str, normal: str) -> None:
    assert normal_case_agency(printed) == normal


@pytest.mark.parametrize(
    ("ocr", "normal"),
    [
        ("ỦY BẠN NHÂN DÂN THÀNH PHÓ HỖ CHÍ MINH", "Ủy ban nhân dân Thành phố Hồ Chí Minh"),
        ("ỦY BAN NHÂN DÂN TỈNH ĐÔNG NAI", "Ủy ban nhân dân tỉnh Đồng Nai"),
        ("UBNDTỈÏNHPHÚTHỌO", "Ủy ban nhân dân tỉnh Phú Thọ"),
        ("SỞ THÔNG TIN VÀ TRUYÈN THÔNG", "Sở Thông tin và Truyền thông"),
    ],
)
def test_ocr_slips_in_agency_names_are_repaired(ocr: str, normal: str) -> None:
    assert normal_case_agency(ocr) == normal


def test_issuer_is_the_last_agency_and_superior_the_one_above() -> None:
    assert issuer_and_superior(["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH", "SỞ TƯ PHÁP", "______"]) == (
        "Sở Tư pháp",
        "Ủy ban nhân dân Thành phố Hồ Chí Minh",
    )
    assert issuer_and_superior(["ỦY BAN NHÂN DÂN", "QUẬN 3"]) == ("Ủy ban nhân dân Quận 3", None)
    assert issuer_and_superior(["SỞ LAO ĐỘNG - THƯƠNG BINH", "VÀ XÃ HỘI"]) == (
        "Sở Lao động - Thương binh và Xã hội",
        None,
    )


def test_marks_and_debris_are_not_agencies() -> None:
    assert issuer_and_superior(["HỎA TỐC", "Dò _ SỞ NỘI VỤ", "—————"]) == ("Sở Nội vụ", None)
    assert issuer_and_superior(["Ký bởi: Sở Tư pháp", ":"]) == (None, None)
