from extractors.symbol_agency import body_named_by_symbol


def test_the_initials_after_the_type_name_one_body_under_the_committee() -> None:
    assert body_named_by_symbol("KH-SGDĐT", "Ủy ban nhân dân thành phố Hà Nội") == "Sở Giáo dục và Đào tạo"
    assert body_named_by_symbol("BC-PNV", "Ủy ban nhân dân huyện Cần Giuộc") == "Phòng Nội vụ"
    assert body_named_by_symbol("BC-BPC", "Hội đồng nhân dân tỉnh Lào Cai") == "Ban Pháp chế"
    assert body_named_by_symbol("KH-SLĐTBXH", "Ủy ban nhân dân tỉnh An Giang") == "Sở Lao động - Thương binh và Xã hội"


def test_no_body_when_the_symbol_names_the_issuer_or_two_bodies_or_none() -> None:
    assert body_named_by_symbol("QĐ-UBND", "Ủy ban nhân dân thành phố Hồ Chí Minh") is None
    assert body_named_by_symbol("UBND-VX", "Ủy ban nhân dân tỉnh Tây Ninh") is None  # a letter's office
    assert body_named_by_symbol("BC-BDT", "Hội đồng nhân dân tỉnh Lào Cai") is None  # Dân tộc or Đô thị
    assert body_named_by_symbol("KH-SXYZ", "Ủy ban nhân dân tỉnh Tây Ninh") is None
    assert body_named_by_symbol("KH-SNV", "Bộ Nội vụ") is None  # a ministry: no department under it here
    # a city's district is no province: its offices are the district's
    assert body_named_by_symbol("KH-SNV", "Ủy ban nhân dân thành phố Thủ Đức") is None


def test_a_partly_read_issuer_line_is_the_body_the_symbol_names_when_its_letters_are_that_bodys() -> None:
    """ "SỞ" under a stamp, "TƯ" lost: "KẾ HOẠCH VÀ ĐẦ" matches no entry; the symbol "TB-SKHĐT" names
    Sở Kế hoạch và Đầu tư under the committee read, whose name holds those letters in order."""
    from core.models import DocumentFields
    from extractors.fields import parse_fields
    from extractors.symbol_agency import part_of_name
    from tests.extractors.nd30_pages import header_rows, page_from_rows

    assert part_of_name("Kế hoạch và Đầ", "Sở Kế hoạch và Đầu tư")
    assert not part_of_name("Ban Quản lý dự án", "Sở Kế hoạch và Đầu tư")
    # a stamp's ink read in lower case over the capitals (generated scan, seed 122): the capitals decide
    assert part_of_name("SỞ KẾ ci€ên th VÀ ĐẦU", "Sở Kế hoạch và Đầu tư")
    assert not part_of_name("SỞ Y tế ci VÀ", "Sở Kế hoạch và Đầu tư")  # too few capitals to tell
    assert not part_of_name("SỞ GIAO thông VẬN TẢI", "Sở Kế hoạch và Đầu tư")

    def fields(agency_line: str, symbol: str) -> DocumentFields:
        rows = header_rows(["ỦY BAN NHÂN DÂN", "TỈNH PHÚ THỌ", agency_line], "Phú Thọ, ngày 5 tháng 3 năm 2024", symbol)
        rows += [(260.0, 180.0, "THÔNG BÁO"), (200.0, 196.0, "Kết quả kiểm tra năm 2024")]
        return parse_fields([page_from_rows(rows)])

    partly = fields("KẾ HOẠCH VÀ ĐẦ", "Số: 214/TB-SKHĐT")
    assert (partly.issuer, partly.superior) == ("Sở Kế hoạch và Đầu tư", "Ủy ban nhân dân tỉnh Phú Thọ")
    assert "issuer" in partly.needs_review and "TB-SKHĐT" in partly.field_sources["issuer"]
    other = fields("BAN QUẢN LÝ DỰ ÁN XYZ", "Số: 214/TB-SKHĐT")  # the letters of another name: kept as read
    assert other.issuer is not None and other.issuer.startswith("Ban Quản lý") and "issuer" in other.needs_review


def test_a_symbol_is_not_mended_toward_the_initials_of_a_name_read_in_part() -> None:
    """OCR read the symbol right ("TB-SKHĐT") and the issuer in part ("KẾ HOẠCH VÀ ĐẦ", initials "KHĐ"):
    the slip toward those initials would undo the symbol, which then names the issuer."""
    from extractors.fields import parse_fields
    from tests.extractors.nd30_pages import header_rows, page_from_rows

    rows = header_rows(
        ["ỦY BAN NHÂN DÂN", "TỈNH PHÚ THỌ", "KẾ HOẠCH VÀ ĐẦ T"], "Phú Thọ, ngày 5 tháng 3 năm 2024", "Số: 81/TB-SKHĐT"
    )
    rows += [(260.0, 180.0, "THÔNG BÁO"), (200.0, 196.0, "Kết quả kiểm tra năm 2024")]
    found = parse_fields([page_from_rows(rows, method="ocr")])
    assert found.number is not None and found.number.endswith("/TB-SKHĐT")  # (digits: OCR without confidences)
    assert (found.issuer, found.superior) == ("Sở Kế hoạch và Đầu tư", "Ủy ban nhân dân tỉnh Phú Thọ")
    assert "issuer" in found.needs_review


def test_a_letter_from_a_body_whose_code_is_a_types_letters_is_a_cong_van() -> None:
    """An inspectorate writes "TTr" — a Tờ trình's letters — first in its letters' symbols ("2978/TTr-VP",
    the drafting office after it): with a "V/v" line and no title the document is its letter; a Tờ
    trình of the committee ("TTr-UBND") or one under its printed title stays one."""
    from extractors.fields import parse_fields
    from extractors.symbol_agency import symbol_names_issuer_first
    from tests.extractors.nd30_pages import header_rows, page_from_rows

    assert symbol_names_issuer_first("TTr-VP", "Thanh tra tỉnh")
    assert symbol_names_issuer_first("CT-TTHT", "Cục Thuế")  # plain initials that are Chỉ thị's letters
    assert not symbol_names_issuer_first("TTr-UBND", "Ủy ban nhân dân tỉnh Bắc Ninh")
    assert not symbol_names_issuer_first("BC-TTr", "Thanh tra tỉnh")

    def doc_type(agency: list[str], number_line: str, after: list[str]) -> str | None:
        rows = header_rows(agency, "Bắc Ninh, ngày 28 tháng 6 năm 2024", number_line)
        rows += [(60.0 if line.startswith("V/v") else 250.0, 120.0 + 16 * i, line) for i, line in enumerate(after)]
        rows += [(80.0, 220.0, "Kính gửi: Các cơ quan, đơn vị có liên quan.")]
        return parse_fields([page_from_rows(rows)]).doc_type

    inspectorate = ["UBND TỈNH BẮC NINH", "THANH TRA TỈNH"]
    assert doc_type(inspectorate, "Số: 2978/TTr-VP", ["V/v đôn đốc báo cáo kết quả"]) == "CV"
    committee = ["ỦY BAN NHÂN DÂN", "TỈNH BẮC NINH"]
    assert doc_type(committee, "Số: 31/TTr-UBND", ["V/v đề nghị phê duyệt kế hoạch"]) == "TTr"
    assert doc_type(inspectorate, "Số: 12/TTr-TTr", ["TỜ TRÌNH", "Về việc phê duyệt kế hoạch"]) == "TTr"


def test_a_symbol_part_one_letter_off_a_committees_code_is_a_slip() -> None:
    """ "QĐ-UBNID": OCR read the "D" of "UBND" as "ID". One letter more, fewer or other than the code a
    committee's or council's symbol keeps is a slip; the code itself, a type or another body's is not."""
    from extractors.numbers import symbol_slip
    from extractors.symbol_agency import kind_code_slip

    committee = "Ủy ban nhân dân tỉnh Nghệ An"
    assert kind_code_slip("QĐ-UBNID", committee) and kind_code_slip("UBNID-VP", committee)
    assert kind_code_slip("QĐ-UBN", committee) and kind_code_slip("NQ-HĐNDD", "Hội đồng nhân dân tỉnh Lào Cai")
    for symbol in ("QĐ-UBND", "UBND-VP", "KH-SNV", "TB-VPUB"):
        assert kind_code_slip(symbol, committee) is None, symbol
    assert kind_code_slip("KH-SNVV", "Sở Nội vụ") is None  # no place: no committee's code
    # initials of four letters or more, one letter more or fewer ("STTT" of "Sở Thông tin và Truyền thông")
    assert symbol_slip("KH-STTT", "Sở Thông tin và Truyền thông")
    assert symbol_slip("KH-SNVV", "Sở Nội vụ") is None  # three-letter initials: too short to judge
