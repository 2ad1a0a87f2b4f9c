import pytest

from core.models import DocumentFields
from extractors.agencies import issuer_and_superior, normal_case_agency, read_agency, read_header_agencies
from extractors.fields import parse_fields
from tests.extractors.nd30_pages import header_rows, page_from_rows


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


@pytest.mark.parametrize(
    ("lines", "issuer", "superior"),
    [
        (["BỘ TÀI CHÍNH"], "Bộ Tài chính", None),
        (["CHÍNH PHỦ"], "Chính phủ", None),
        (["THỦ TƯỚNG CHÍNH PHỦ"], "Thủ tướng Chính phủ", None),
        (["VĂN PHÒNG CHÍNH PHỦ"], "Văn phòng Chính phủ", None),
        (["NGÂN HÀNG NHÀ NƯỚC", "VIỆT NAM"], "Ngân hàng Nhà nước Việt Nam", None),
        (["BỘ LAO ĐỘNG - THƯƠNG BINH", "VÀ XÃ HỘI"], "Bộ Lao động - Thương binh và Xã hội", None),
        (["BỘ NÔNG NGHIỆP", "VÀ PHÁT TRIỂN NÔNG THÔN"], "Bộ Nông nghiệp và Phát triển nông thôn", None),
        (["ỦY BAN DÂN TỘC"], "Ủy ban Dân tộc", None),
        (["HỘI ĐỒNG NHÂN DÂN", "TỈNH LÀO CAI", "BAN PHÁP CHẾ"], "Ban Pháp chế", "Hội đồng nhân dân tỉnh Lào Cai"),
        (["TỈNH ỦY LÀO CAI", "BAN TỔ CHỨC"], "Ban Tổ chức", "Tỉnh ủy Lào Cai"),
        (["TRƯỜNG ĐẠI HỌC CẦN THƠ"], "Trường Đại học Cần Thơ", None),
        (
            ["VĂN PHÒNG ĐOÀN ĐBQH VÀ HĐND", "TỈNH QUẢNG NGÃI"],
            "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh Quảng Ngãi",
            None,
        ),
        (["UBND TP. HCM", "SỞ NỘI VỤ"], "Sở Nội vụ", "Ủy ban nhân dân Thành phố Hồ Chí Minh"),
    ],
)
def test_header_blocks_of_one_two_and_three_lines_read_by_the_gazetteer(
    lines: list[str], issuer: str, superior: str | None
) -> None:
    header = read_header_agencies(lines)
    assert header.issuer is not None and header.issuer.sure
    assert (header.issuer.name, header.superior.name if header.superior else None) == (issuer, superior)


def test_a_long_name_wrapped_onto_a_kind_word_stays_one_agency() -> None:
    # "TRƯỜNG" alone is a kind of agency (a school), but here it ends "Tài nguyên và Môi trường"
    lines = ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH", "SỞ TÀI NGUYÊN VÀ MÔI", "TRƯỜNG"]
    assert issuer_and_superior(lines) == ("Sở Tài nguyên và Môi trường", "Ủy ban nhân dân Thành phố Hồ Chí Minh")


def test_an_ocr_damaged_header_is_matched_to_its_entry_and_the_correction_reported() -> None:
    misread_mark = read_agency("TRƯỜNG ĐÀI HỌC CẦN THƠ")
    assert (misread_mark.name, misread_mark.sure) == ("Trường Đại học Cần Thơ", True)
    assert misread_mark.correction == "gazetteer: 'TRƯỜNG ĐÀI HỌC CẦN THƠ' → 'Trường Đại học Cần Thơ' (edit distance 1)"
    misread_letters = read_agency("NGÂN HÀNG NHÀ NUỚC VIỆT NAN")
    assert (misread_letters.name, misread_letters.sure) == ("Ngân hàng Nhà nước Việt Nam", True)
    assert misread_letters.correction is not None and "edit distance 2" in misread_letters.correction
    assert read_agency("BỘ TÀI CHÍNH").correction is None


def test_a_damaged_line_between_two_entries_is_not_forced_onto_either() -> None:
    # "Bộ Y tế" and "Bộ Tư pháp" … none is clearly nearest to a line this damaged
    reading = read_agency("BỘ TẾ PHÁT")
    assert not reading.sure
    assert reading.correction is None


def test_an_unknown_name_keeps_a_careful_reading_and_is_unsure() -> None:
    reading = read_agency("TRUNG TÂM NGHIÊN CỨU XYZ")
    assert reading.name == "Trung tâm Nghiên cứu XYZ"
    assert not reading.sure
    assert read_agency("ỦY BAN NHÂN DÂN XÃ TÂN PHÚ TRUNG").sure  # a commune: kind + unit + real syllables


def test_an_agency_line_running_into_the_motto_is_cut_before_it() -> None:
    # a long ministry name and the motto on one baseline with no wide gap between them
    rows = [
        (60.0, 50.0, "BỘ KHOA HỌC VÀ CÔNG NGHỆ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        (330.0, 66.0, "Độc lập - Tự do - Hạnh phúc"),
        (60.0, 100.0, "Số: 28/2026/TT-BKHCN"),
        (300.0, 100.0, "Hà Nội, ngày 31 tháng 5 năm 2026"),
        (270.0, 130.0, "THÔNG TƯ"),
        (150.0, 146.0, "Quy định Danh mục dịch vụ viễn thông"),
    ]
    fields = parse_fields([page_from_rows(rows)])
    assert (fields.issuer, fields.superior, fields.number) == ("Bộ Khoa học và Công nghệ", None, "28/2026/TT-BKHCN")


def _fields_with_header(agency_lines: list[str]) -> DocumentFields:
    rows = [
        *header_rows(agency_lines, "Long An, ngày 05 tháng 01 năm 2024", "Số: 12/KH-STC"),
        (260.0, 200.0, "KẾ HOẠCH"),
        (190.0, 216.0, "Cải cách hành chính năm 2024"),
    ]
    return parse_fields([page_from_rows(rows)])


def test_the_record_says_what_the_gazetteer_corrected_and_what_a_person_must_check() -> None:
    corrected = _fields_with_header(["ỦY BAN NHÂN DÂN", "TỈNH LONG AN", "SỞ TÀI CHIMH"])
    assert (corrected.issuer, corrected.superior) == ("Sở Tài chính", "Ủy ban nhân dân tỉnh Long An")
    assert corrected.field_sources["issuer"] == "gazetteer: 'SỞ TÀI CHIMH' → 'Sở Tài chính' (edit distance 2)"
    assert "issuer" not in corrected.needs_review

    unknown = _fields_with_header(["ỦY BAN NHÂN DÂN", "TỈNH LONG AN", "TRUNG TÂM NGHIÊN CỨU XYZ"])
    assert (unknown.issuer, unknown.superior) == ("Trung tâm Nghiên cứu XYZ", "Ủy ban nhân dân tỉnh Long An")
    assert "issuer" in unknown.needs_review and "superior" not in unknown.needs_review


@pytest.mark.parametrize(
    ("printed", "normal", "sure"),
    [
        ("TRƯỜNG ĐH CẦN THƠ", "Trường Đại học Cần Thơ", True),
        ("LĐLĐ TỈNH LÀO CAI", "Liên đoàn Lao động tỉnh Lào Cai", True),
        ("BAN CHỈ ĐẠO CCHC", "Ban Chỉ đạo cải cách hành chính", True),
        # a kind that names its work: the words after it in lower case
        ("BAN QUẢN LÝ DỰ ÁN ĐẦU TƯ XÂY DỰNG", "Ban Quản lý dự án đầu tư xây dựng", False),
        # a region numbered in Roman numerals keeps them
        ("KHO BẠC NHÀ NƯỚC KHU VỰC XII", "Kho bạc Nhà nước khu vực XII", False),
        ("CÔNG AN TỈNH LONG AN", "Công an tỉnh Long An", True),
        # a school's name after its level is a proper noun; the gazetteer cannot vouch for it
        ("TRƯỜNG THPT CHUYÊN LÊ HỒNG PHONG", "Trường Trung học phổ thông chuyên Lê Hồng Phong", False),
        ("TRƯỜNG TIỂU HỌC NGUYỄN TRÃI", "Trường Tiểu học Nguyễn Trãi", False),
    ],
)
def test_abbreviations_and_units_by_type(printed: str, normal: str, sure: bool) -> None:
    reading = read_agency(printed)
    assert (reading.name, reading.sure) == (normal, sure)


def test_a_province_name_with_the_next_agency_run_on_is_not_a_sure_place() -> None:
    # OCR put "SỞ" below "TƯ PHÁP": the run-on words must not pass as part of the city's name
    header = read_header_agencies(["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH", "TƯ PHÁP"])
    assert header.issuer is not None and not header.issuer.sure
    assert header.superior is not None and header.superior.name == "Ủy ban nhân dân Thành phố Hồ Chí Minh"


@pytest.mark.parametrize(
    ("lines", "issuer", "superior"),
    [
        # a place alone on the second line ends the name above: it is never an agency of its own
        (
            ["BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP", "TỈNH BÌNH DƯƠNG"],
            "Ban Quản lý các khu công nghiệp tỉnh Bình Dương",
            None,
        ),
        (
            ["VĂN PHÒNG HĐND VÀ UBND", "HUYỆN CỦ CHI"],
            "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện Củ Chi",
            None,
        ),
        # fields of work as headers shorten them, and a province after the field keeps its capitals
        (["SỞ GD&ĐT HÀ NỘI", "TRƯỜNG THPT CHU VĂN AN"], None, "Sở Giáo dục và Đào tạo Hà Nội"),
        (["UBND TỈNH LONG AN", "SỞ LĐ-TB&XH"], "Sở Lao động - Thương binh và Xã hội", "Ủy ban nhân dân tỉnh Long An"),
        (["SỞ TN&MT TỈNH AN GIANG"], "Sở Tài nguyên và Môi trường tỉnh An Giang", None),
        (["UBND HUYỆN BẢO THẮNG", "PHÒNG TC-KH"], "Phòng Tài chính - Kế hoạch", "Ủy ban nhân dân huyện Bảo Thắng"),
    ],
)
def test_wrapped_places_and_shortened_fields_read_as_the_agency_names_they_are(
    lines: list[str], issuer: str | None, superior: str | None
) -> None:
    header = read_header_agencies(lines)
    if issuer is not None:
        assert header.issuer is not None and (header.issuer.name, header.issuer.sure) == (issuer, True)
    if superior is not None:
        assert header.superior is not None and header.superior.name == superior
    else:
        assert header.superior is None


def test_a_word_printed_without_the_marks_of_a_unit_word_is_an_ordinary_word() -> None:
    """ "CƠ QUAN" is not "cơ quận": in a line typed with its marks, a plain word that folds to a unit
    word, with no place after it, keeps its letters; a line read without any marks still finds "Quận 3"."""
    reading = read_agency("ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH")
    assert "quận" not in reading.name.lower() and "cơ quan" in reading.name
    assert read_agency("UBND QUAN 3").name == "Ủy ban nhân dân Quận 3"


def test_a_word_printed_with_other_marks_than_a_unit_word_is_not_that_unit() -> None:
    """ "QUẢN LÝ" folds to "quận" + "Lý", but its marks are another word's and no place follows: a
    department's field, not a district ("Cục quận Lý Dược" before); "QUẢN 3" is still "Quận 3"."""
    assert "quận" not in read_agency("CỤC QUẢN LÝ THỊ TRƯỜNG TỈNH THÁI BÌNH").name.lower()
    assert "quận" not in read_agency("CỤC QUẢN LÝ CHẤT LƯỢNG").name.lower()
    assert read_agency("UBND QUẢN 3").name == "Ủy ban nhân dân Quận 3"


@pytest.mark.parametrize(
    ("lines", "issuer", "superior"),
    [
        # a unit and its known district, not the kind "Huyện đoàn" that the folded letters also spell
        (["BẢO HIỂM XÃ HỘI", "HUYỆN ĐOAN HÙNG"], "Bảo hiểm xã hội huyện Đoan Hùng", None),
        # the next agency's line is not the end of a commune's name; "VI" there is a syllable
        (["UBND XÃ SƠN VI", "BAN CHỈ ĐẠO"], "Ban Chỉ đạo", "Ủy ban nhân dân xã Sơn Vi"),
        # "Hội đồng" is a kind of its own, not "Hội" (an association) + "Đồng …"
        (
            ["UBND HUYỆN TÂN SƠN", "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG"],
            "Hội đồng Thi đua - Khen thưởng",
            "Ủy ban nhân dân huyện Tân Sơn",
        ),
        (["ĐẢNG BỘ TỈNH PHÚ THỌ", "HUYỆN ỦY CẨM KHÊ"], "Huyện ủy Cẩm Khê", "Đảng bộ tỉnh Phú Thọ"),
        # a known district's name does not run on into the line under it, as a province's does not
        (["UBND HUYỆN CẨM KHÊ", "TỔ CÔNG TÁC"], "Tổ công tác", "Ủy ban nhân dân huyện Cẩm Khê"),
        # a header typed in normal case (Word files of small units), a kind or unit word first
        (["Ủy ban nhân dân", "Xã Hoàng Cương"], "Ủy ban nhân dân xã Hoàng Cương", None),
        (["UBND tỉnh Phú Thọ", "SỞ Y TẾ"], "Sở Y tế", "Ủy ban nhân dân tỉnh Phú Thọ"),
        # offices of a district by their usual abbreviations; "T.P" for "TP."
        (["UBND T.P VIỆT TRÌ", "PHÒNG QLĐT"], "Phòng Quản lý đô thị", "Ủy ban nhân dân thành phố Việt Trì"),
        (["UBND HUYỆN HẠ HOÀ", "PHÒNG KT-HT"], "Phòng Kinh tế - Hạ tầng", "Ủy ban nhân dân huyện Hạ Hòa"),
        # the joint office of a district's council and committee: the dash between the two kinds kept
        (["HĐND - UBND HUYỆN YÊN LẬP", "VĂN PHÒNG"], "Văn phòng", "Hội đồng nhân dân - Ủy ban nhân dân huyện Yên Lập"),
        # a special zone (đặc khu, since 1 July 2025) is a unit word like "xã": lower case before its name
        (
            ["UBND TỈNH AN GIANG", "ỦY BAN NHÂN DÂN", "ĐẶC KHU PHÚ QUỐC"],
            "Ủy ban nhân dân đặc khu Phú Quốc",
            "Ủy ban nhân dân tỉnh An Giang",
        ),
    ],
)
def test_district_level_headers(lines: list[str], issuer: str, superior: str | None) -> None:
    assert issuer_and_superior(lines) == (issuer, superior)


def test_a_kind_written_with_a_unit_word_before_a_bare_province_gets_the_unit_word() -> None:
    """ "ỦY BAN NHÂN DÂN" / "LÂM ĐỒNG" (OCR lost "TỈNH", or the header left it out): the province's
    own unit word goes back in, as the gazetteer writes the body, and the change is reported; a kind
    named with a bare place ("Trường Đại học Hà Nội", "Tỉnh ủy Lào Cai") keeps it bare."""
    reading = read_agency("ỦY BAN NHÂN DÂN LÂM ĐỒNG")
    assert (reading.name, reading.sure) == ("Ủy ban nhân dân tỉnh Lâm Đồng", True)
    assert reading.correction is not None and "Ủy ban nhân dân tỉnh Lâm Đồng" in reading.correction
    assert read_agency("CÔNG AN HÀ NỘI").name == "Công an thành phố Hà Nội"
    assert issuer_and_superior(["Ủy BAN NHÂN DÂN", "[ LÂM ĐỒNG Ð"]) == ("Ủy ban nhân dân tỉnh Lâm Đồng", None)
    assert read_agency("TRƯỜNG ĐẠI HỌC HÀ NỘI").name == "Trường Đại học Hà Nội"
    assert read_agency("TỈNH ỦY LÀO CAI").name == "Tỉnh ủy Lào Cai"


def test_specks_of_a_bitonal_scan_are_cleared_when_the_rest_is_an_entry() -> None:
    """A speck read as a lower-case mark ("ï") and a word read twice over a line break: what is left
    is a gazetteer entry, which is taken and the change reported; nothing is cleared otherwise."""
    assert issuer_and_superior(["ỦY BAN NHÂN DÂN", "TỈNH ï LÂM", "LÂM ĐỒNG"]) == ("Ủy ban nhân dân tỉnh Lâm Đồng", None)
    reading = read_agency("ỦY BAN NHÂN DÂN TỈNH ï LÂM LÂM ĐỒNG")
    assert reading.sure and reading.correction is not None
    assert not read_agency("ỦY BAN NHÂN DÂN XÃ ĐÔNG ĐÔNG ï").sure  # what is left is no entry
    # a capital read alone before the word it starts (a ghost of the line, stale-layer scan seed 121)
    ghost = read_agency("UỶ BAN NHÂN DÂN TỈNH LÂM LÂM Đ ĐỒNG")
    assert ghost.name == "Ủy ban nhân dân tỉnh Lâm Đồng" and ghost.sure and ghost.correction is not None


def test_a_unit_and_a_short_province_ocr_glued_together_are_taken_apart() -> None:
    """ "TỈNHNGHỆAN" (ten letters, a bitonal scan lost the spaces): no syllable is that long, and a
    unit and a province are in it."""
    assert issuer_and_superior(["HỘI ĐỒNG NHÂN DÂN", "TỈNHNGHỆAN _", "BAN KINH TẾ - NGÂN SÁCH"]) == (
        "Ban Kinh tế - Ngân sách",
        "Hội đồng nhân dân tỉnh Nghệ An",
    )


def test_a_district_unit_before_words_no_district_has_is_no_place() -> None:
    """ "QUẢN LÝ" read "QUẬN TỶ": a district's unit word, then syllables no district of the gazetteer
    has. Not a known place, so the line goes to the nearest entry; a real district stays known."""
    reading = read_agency("BAN QUẬN TỶ CÁC KHU CÔNG NGHIỆP")
    assert (reading.name, reading.sure) == ("Ban Quản lý các khu công nghiệp", True)
    assert not read_agency("ỦY BAN NHÂN DÂN HUYỆN TÂN LẠP").sure
    assert read_agency("PHÒNG NỘI VỤ HUYỆN CỦ CHI").sure and read_agency("UBND THỊ XÃ SƠN TÂY").sure


def test_a_rule_under_a_name_read_as_a_dash_is_not_part_of_it() -> None:
    assert issuer_and_superior(["ỦY BAN NHÂN DÂN", "PHƯỜNG HOÀN KIẾM -"]) == ("Ủy ban nhân dân phường Hoàn Kiếm", None)


def test_a_dot_after_a_header_line_keeps_it_in_its_block() -> None:
    """ "UỶ BAN NHÂN DÂN." / "TỈNH BÀ RỊA - VŨNG TÀU" (hard Word view, floating layout, seed 94): the
    speck split the committee from its province. An abbreviation keeps its dot."""
    assert issuer_and_superior(["UỶ BAN NHÂN DÂN.", "TỈNH BÀ RỊA - VŨNG TÀU"]) == (
        "Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu",
        None,
    )
    assert issuer_and_superior(["UBND TP.", "HỒ CHÍ MINH"]) == ("Ủy ban nhân dân Thành phố Hồ Chí Minh", None)


def test_a_place_read_whole_is_never_matched_to_a_body_near_it() -> None:
    """ "TỈNH BÀ RỊA - VŨNG TÀU" is three letters from "Tỉnh ủy Bà Rịa - Vũng Tàu": a place read
    letter for letter is no OCR slip on the Party committee's name; alone, it is for review."""
    reading = read_agency("TỈNH BÀ RỊA - VŨNG TÀU")
    assert (reading.name, reading.sure) == ("Tỉnh Bà Rịa - Vũng Tàu", False)
    assert read_agency("TỈNH UỶ BÀ RỊA - VŨNG TÀU").name == "Tỉnh ủy Bà Rịa - Vũng Tàu"


def test_ink_read_as_letters_glued_to_digits_is_no_agency_line() -> None:
    """ "SỲ74347032@ASG" under "UBND THÀNH PHỐ VIỆT TRÌ" (hard Word view, group layout, seed 94): the
    committee is the issuer, the junk an unread line below it, never the issuer itself."""
    header = read_header_agencies(["UBND THÀNH PHỐ VIỆT TRÌ", "SỲ74347032@ASG"])
    assert header.issuer is not None and header.issuer.name == "Ủy ban nhân dân thành phố Việt Trì"
    assert header.superior is None and header.unread_below == "SỲ74347032@ASG"
    assert issuer_and_superior(["ỦY BAN NHÂN DÂN", "PHƯỜNG 15"]) == ("Ủy ban nhân dân Phường 15", None)


def test_a_lone_word_of_no_body_over_the_header_is_ink() -> None:
    """ "IÀNH" over "UBND THÀNH PHỐ VIỆT TRÌ" (a second look at a photographed header, seed 94) was the
    superior, in review; a lone word below a name is the end of it wrapped, and stays."""
    assert issuer_and_superior(["IÀNH", "UBND THÀNH PHỐ VIỆT TRÌ"]) == ("Ủy ban nhân dân thành phố Việt Trì", None)
    assert issuer_and_superior(["BAN QUẢN LÝ CÁC KHU CÔNG", "NGHIỆP"])[0] == "Ban Quản lý các khu công nghiệp"
    assert issuer_and_superior(["UBND", "TỈNH LONG AN"]) == ("Ủy ban nhân dân tỉnh Long An", None)


@pytest.mark.parametrize(
    ("printed", "name"),
    [
        ("CỤC SỞ HỮU TRÍ TUỆ", "Cục Sở hữu trí tuệ"),
        ("VỤ TỔ CHỨC - BIÊN CHẾ", "Vụ Tổ chức - Biên chế"),
        ("CỤC QUẢN LÝ DƯƠC", "Cục Quản lý Dược"),  # a mark lost: the nearest department
        ("TỔNG CỤC KHÍ TUỢNG THỦY VĂN", "Tổng cục Khí tượng Thủy văn"),
        # and a province's units under its departments, named without a place
        ("VĂN PHÒNG ĐĂNG KÝ ĐẤT ĐAI", "Văn phòng Đăng ký đất đai"),
        ("CHI CỤC VĂN THƯ - LƯU TRỮ", "Chi cục Văn thư - Lưu trữ"),
    ],
)
def test_a_ministry_s_departments_are_data(printed: str, name: str) -> None:
    """A ministry's departments spell their fields in ways no casing rule guesses ("Cục Quản lý
    Dược", "Cục Sở hữu trí tuệ"): the gazetteer lists them, and a damaged line finds its entry."""
    reading = read_agency(printed)
    assert (reading.name, reading.sure) == (name, True)


@pytest.mark.parametrize(
    ("printed", "name"),
    [
        # a header typed or read without any marks: the one place whose letters these are
        ("TRUNG TÂM Y TẾ HUYỆN GIAO THUY", "Trung tâm Y tế huyện Giao Thủy"),
        ("ỦY BAN NHÂN DÂN PHƯỜNG BEN NGHE", "Ủy ban nhân dân phường Bến Nghé"),
        # and a known field after a kind naming its work, written as the data spells it, lowered
        ("BAN CHỈ ĐẠO CAI CACH HANH CHINH", "Ban Chỉ đạo cải cách hành chính"),
    ],
)
def test_names_printed_without_marks_get_the_gazetteer_s(printed: str, name: str) -> None:
    assert read_agency(printed).name == name


def test_a_party_committee_under_its_organisation_is_named_after_the_province() -> None:
    """ "ĐẢNG BỘ TỈNH HÀ TĨNH" / "TỈNH ỦY" (the Party's header form): the issuer is Tỉnh ủy Hà Tĩnh, a
    gazetteer entry, not a bare kind waiting for its place; a district's committee is named already."""
    assert issuer_and_superior(["ĐẢNG BỘ TỈNH HÀ TĨNH", "TỈNH ỦY"]) == ("Tỉnh ủy Hà Tĩnh", "Đảng bộ tỉnh Hà Tĩnh")
    assert issuer_and_superior(["ĐẢNG BỘ THÀNH PHỐ HÀ NỘI", "THÀNH ỦY"])[0] == "Thành ủy Hà Nội"
    assert issuer_and_superior(["ĐẢNG BỘ TỈNH HÀ TĨNH", "HUYỆN ỦY CAN LỘC"])[0] == "Huyện ủy Can Lộc"
    header = read_header_agencies(["ĐẢNG BỘ TỈNH HÀ TĨNH", "TỈNH ỦY"])
    assert header.issuer is not None and header.issuer.sure


def test_pieces_of_the_motto_run_into_an_agency_line_are_left_out_for_review() -> None:
    """ "NGÂN HÀNG NHÀ NƯỚC CỘN VIỆT NAM ÔNG" (photographed view, seed 145): pieces of "CỘNG HÒA" read
    into the agency's line. Without them it is an entry: offered, unsure, the change recorded."""
    reading = read_agency("NGÂN HÀNG NHÀ NƯỚC CỘN VIỆT NAM ÔNG")
    assert (reading.name, reading.sure) == ("Ngân hàng Nhà nước Việt Nam", False)
    assert reading.correction is not None
    assert read_agency("UBND TỈNH HÀ NAM").name == "Ủy ban nhân dân tỉnh Hà Nam"  # "NAM" is the place's


def test_a_gazette_s_running_header_however_misread_is_no_superior() -> None:
    """ "CÔNG BÁO SÉ" above the header (photographed view, seed 173: "/Số …" misread) ends the agency
    block; "Trung tâm Công báo" is an agency, its kind first."""
    ministry = "Bộ Nông nghiệp và Môi trường"
    assert issuer_and_superior(["CÔNG BÁO SÉ", "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"]) == (ministry, None)
    assert issuer_and_superior(["VĂN PHÒNG CHÍNH PHỦ", "TRUNG TÂM CÔNG BÁO"])[0] == "Trung tâm Công báo"


@pytest.mark.parametrize(
    "lines",
    [
        ["THÀNH ỦY THÀNH PHỐ HỒ CHÍ MINH"],
        ["THÀNH ỦY TP. HỒ CHÍ MINH"],
        ["THÀNH ỦY HỒ CHÍ MINH"],
        ["ĐẢNG BỘ THÀNH PHỐ HỒ CHÍ MINH", "THÀNH ỦY"],
    ],
)
def test_the_city_named_after_ho_chi_minh_keeps_its_unit_word_in_a_party_committees_name(lines: list[str]) -> None:
    """A body named by a province's bare name ("Tỉnh ủy Lào Cai") writes this city's unit word too."""
    assert issuer_and_superior(lines)[0] == "Thành ủy Thành phố Hồ Chí Minh"
    assert issuer_and_superior(["TỈNH ỦY LÀO CAI"])[0] == "Tỉnh ủy Lào Cai"


def test_a_party_cell_under_its_committee_is_the_issuer() -> None:
    assert issuer_and_superior(["ĐẢNG ỦY SỞ NỘI VỤ", "CHI BỘ VĂN PHÒNG"]) == ("Chi bộ Văn phòng", "Đảng ủy Sở Nội vụ")


@pytest.mark.parametrize(
    ("lines", "issuer"),
    [
        (["ĐẢNG BỘ TỈNH QUẢNG TRỊ", "ĐẢNG ỦY PHƯỜNG ĐÔNG", "HÀ"], "Đảng ủy phường Đông Hà"),
        (["UBND TỈNH QUẢNG TRỊ", "ỦY BAN NHÂN DÂN PHƯỜNG ĐÔNG", "HÀ"], "Ủy ban nhân dân phường Đông Hà"),
        (["ỦY BAN NHÂN DÂN", "TỈNH LONG", "AN"], "Ủy ban nhân dân tỉnh Long An"),
    ],
)
def test_a_places_last_syllable_wrapped_alone_finishes_the_name(lines: list[str], issuer: str) -> None:
    """Two letters on a line are too few for an agency line, unless they finish a place the gazetteer
    knows; a stray syllable under a whole name stays out."""
    assert issuer_and_superior(lines)[0] == issuer
    assert issuer_and_superior(["ỦY BAN NHÂN DÂN", "TỈNH LONG AN", "XU"])[0] == "Ủy ban nhân dân tỉnh Long An"


@pytest.mark.parametrize(
    "lines",
    [
        ["KIỂM TOÁN NHÀ NƯỚC", "KIỂM TOÁN NHÀ NƯỚC KHU VỰC IV"],
        ["KIỂM TOÁN NHÀ NƯỚC", "KIỂM TOÁN NHÀ NƯỚC", "KHU VỰC IV"],  # the region wrapped
        ["KIỂM TOÁN NHÀ NƯỚC", "KIỂM TOÁN NHÀ NƯỚC KHU VỰC", "IV"],  # only its numeral wrapped
    ],
)
def test_a_branch_is_its_body_s_entry_and_its_region(lines: list[str]) -> None:
    """A region alone ("KHU VỰC IV", "IV") is never an agency: it ends the name above it."""
    assert issuer_and_superior(lines) == ("Kiểm toán nhà nước khu vực IV", "Kiểm toán nhà nước")


def test_a_body_is_never_its_own_superior() -> None:
    """A gazette's section heading over the header names the issuer again, whole or with its first
    words cut off where a photographed page was split into columns."""
    bank = "Ngân hàng Nhà nước Việt Nam"
    assert issuer_and_superior(["NGÂN HÀNG NHÀ NƯỚC VIỆT NAM", "NGÂN HÀNG NHÀ NƯỚC", "VIỆT NAM"]) == (bank, None)
    assert issuer_and_superior(["NGÂN HÀNG", "NGÂN HÀNG NHÀ NƯỚC", "VIỆT NAM"]) == (bank, None)


def test_the_youth_unions_short_name_is_spelled_out() -> None:
    """ "ĐOÀN TNCS HỒ CHÍ MINH": the abbreviation is data, so the Union's name reads as the gazetteer's."""
    assert issuer_and_superior(["ĐOÀN TNCS HỒ CHÍ MINH", "BCH TỈNH ĐOÀN CÀ MAU"]) == (
        "Ban Chấp hành Tỉnh đoàn Cà Mau",
        "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
    )


@pytest.mark.parametrize(
    ("lines", "issuer", "superior"),
    [
        # colleges and vocational schools are kinds of body like universities; the place stays a proper noun
        (["UBND TỈNH THANH HÓA", "TRƯỜNG CAO ĐẲNG Y TẾ"], "Trường Cao đẳng Y tế", "Ủy ban nhân dân tỉnh Thanh Hóa"),
        (["SỞ Y TẾ", "TRƯỜNG TRUNG CẤP Y TẾ BÌNH DƯƠNG"], "Trường Trung cấp Y tế Bình Dương", "Sở Y tế"),
        # a one-letter word that begins a word with the next one is no speck ("Y DƯỢC" wrapped)
        (["BỘ Y TẾ", "TRƯỜNG ĐẠI HỌC", "Y DƯỢC THÁI BÌNH"], "Trường Đại học Y dược Thái Bình", "Bộ Y tế"),
        # a kind of two letters alone on its line, the field wrapped under it
        (["UBND TỈNH HÀ NAM", "SỞ", "Y TẾ"], "Sở Y tế", "Ủy ban nhân dân tỉnh Hà Nam"),
    ],
)
def test_schools_and_short_wrapped_kinds_are_read_whole(lines: list[str], issuer: str, superior: str) -> None:
    assert issuer_and_superior(lines) == (issuer, superior)


def test_a_field_no_data_holds_keeps_its_province_a_proper_noun_and_is_unsure() -> None:
    reading = read_agency("TRƯỜNG CAO ĐẲNG SƯ PHẠM NGHỆ AN")
    assert reading.name == "Trường Cao đẳng Sư phạm Nghệ An" and not reading.sure
    assert read_agency("I ỦY BAN NHÂN DÂN TỈNH AN GIANG").name == "Ủy ban nhân dân tỉnh An Giang"


@pytest.mark.parametrize(
    ("printed", "name"),
    [
        # public service units by type: their kind is data, their place or proper noun keeps its capitals
        ("HẠT KIỂM LÂM HUYỆN MƯỜNG NHÉ", "Hạt Kiểm lâm huyện Mường Nhé"),
        ("HỘI CHỮ THẬP ĐỎ TỈNH BẠC LIÊU", "Hội Chữ thập đỏ tỉnh Bạc Liêu"),
        ("THƯ VIỆN TỈNH HÀ GIANG", "Thư viện tỉnh Hà Giang"),
        ("VƯỜN QUỐC GIA CÚC PHƯƠNG", "Vườn quốc gia Cúc Phương"),
    ],
)
def test_public_service_units_by_type(printed: str, name: str) -> None:
    assert read_agency(printed).name == name
