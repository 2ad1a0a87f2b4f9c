from extractors.file_names import number_hint
from extractors.numbers import read_number


def test_hints_fill_digits_only_for_the_right_type() -> None:
    decision = read_number("     /QĐ-UBND")
    letter = read_number(" /STP-VB")
    assert decision is not None and letter is not None
    assert number_hint("QD_so_539_2024.pdf", decision) == "539/QĐ-UBND"
    assert number_hint("4000qdsigned.pdf", decision) == "4000/QĐ-UBND"
    assert number_hint("kh-753-2021.pdf", decision) is None
    assert number_hint("hcm-stp-cv-687-2021-scan-signed.pdf", letter) == "687/STP-VB"


def test_a_name_that_is_only_a_number_gives_the_digits() -> None:
    letter = read_number(" /STTTT-CNTT")
    assert letter is not None
    # a document system's stored name: its own prefix, "!~!", then the uploaded "275.pdf"
    assert number_hint("2011_12_28_0904000000972844!~!275.pdf", letter) == "275/STTTT-CNTT"
    assert number_hint("275.pdf", letter) == "275/STTTT-CNTT"
    assert number_hint("Quyết định.pdf", letter) is None
    assert number_hint("2011_12_28_0904000000972844.pdf", letter) is None  # a timestamp is no number
    assert number_hint("44_VBHN-VPQH_699655.pdf", letter) is None


def test_a_zero_padded_ordinal_is_not_a_number() -> None:
    letter = read_number(" /UBND-VP")
    assert letter is not None
    assert number_hint("004-cv-don-doc-handwritten.pdf", letter) is None
    assert number_hint("cv-1725-2023.pdf", letter) == "1725/UBND-VP"


def test_the_year_of_a_symbol_is_not_its_number() -> None:
    circular = read_number("  /2026/TT-BKHCN")
    assert circular is not None
    assert number_hint("thong-tu-so-28-2026-tt-bkhcn-469700.pdf", circular) == "28/2026/TT-BKHCN"
    assert number_hint("2026-tt-bkhcn.pdf", circular) is None  # only the year: no number


def test_the_partys_number_keeps_its_dash_when_the_name_gives_the_digits() -> None:
    report = read_number("  -BC/ĐU")
    assert report is not None
    assert number_hint("bc-615-2023.pdf", report) == "615-BC/ĐU"
