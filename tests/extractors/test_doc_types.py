from extractors.doc_types import type_of_name, type_of_symbol


def test_titles_to_abbreviations() -> None:
    assert [
        type_of_name(t) for t in ("KẾ HOẠCH", "QUYẾT ĐỊNH", "QUYÉT ĐỊNH", "NGHỊ QUYẾT", "TỜ TRÌNH", "QUY ĐỊNH")
    ] == [
        "KH",
        "QĐ",
        "QĐ",
        "NQ",
        "TTr",
        "QyĐ",
    ]
    assert type_of_name("VỀ VIỆC PHÊ DUYỆT") is None


def test_a_word_one_letter_off_a_types_name_is_that_word_not_the_type() -> None:
    """ "HỘI ĐỒNG" (a council heading a header) is one letter off "HỢP ĐỒNG" once its marks are
    folded: a reading that is itself a dictionary word is that word; a misreading still finds its type."""
    assert [type_of_name(t) for t in ("HỘI ĐỒNG", "CÔNG DÂN", "THÁNG TƯ")] == [None, None, None]
    assert [type_of_name(t) for t in ("HỢP ĐỒNG", "QUYÉT ĐỊNH", "KÉ HOẠCH")] == ["HĐ", "QĐ", "KH"]


def test_symbols_to_abbreviations() -> None:
    assert [type_of_symbol(s) for s in ("KH-UBND", "2023/QD-UBND", "QÐ-UBND", "UBND-VP", "NĐ-CP", "VBHN-VPQH")] == [
        "KH",
        "QĐ",
        "QĐ",
        None,
        "NĐ",
        "VBHN",
    ]


def test_the_president_s_order_and_joint_resolutions_of_the_gazette() -> None:
    """The gazette prints the President's order promulgating a law ("LỆNH", "05/2024/L-CTN") before
    the law, and older joint resolutions ("NQLT")."""
    assert (type_of_name("LỆNH"), type_of_symbol("2024/L-CTN")) == ("L", "L")
    assert (type_of_name("NGHỊ QUYẾT LIÊN TỊCH"), type_of_symbol("2016/NQLT-CP-UBTƯMTTQVN")) == ("NQLT", "NQLT")
