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
