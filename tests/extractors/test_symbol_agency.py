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
