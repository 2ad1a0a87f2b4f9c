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


def test_symbols_to_abbreviations() -> None:
    assert [type_of_symbol(s) for s in ("KH-UBND", "2023/QD-UBND", "QÐ-UBND", "UBND-VP", "NĐ-CP", "VBHN-VPQH")] == [
        "KH",
        "QĐ",
        "QĐ",
        None,
        "NĐ",
        "VBHN",
    ]
