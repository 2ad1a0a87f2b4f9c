import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.numbers import code_put_back, read_number, split_number, strip_label


def read(line: str) -> tuple[str, bool] | None:
    rest = strip_label(line)
    assert rest is not None, line
    reading = read_number(rest)
    return None if reading is None else (reading.number, reading.sure)


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("Số: 297/KH-UBND", "297/KH-UBND"),
        ("Số:  07 /BC-UBND", "07/BC-UBND"),
        ("Số: 1234/UBND-VP", "1234/UBND-VP"),
        ("Số: 12/2023/QĐ-UBND", "12/2023/QĐ-UBND"),
        ("Số: 33/2022/NQ-HĐND", "33/2022/NQ-HĐND"),
        ("So: 12 / 2023 / QD - UBND", "12/2023/QĐ-UBND"),
        ("S6: 4000/QÐ-UBND", "4000/QĐ-UBND"),  # Icelandic eth for Đ
        ("Sô: 33/2022/NQ-HDND", "33/2022/NQ-HĐND"),
        ("Số: 123/QĐ-UBND-VX", "123/QĐ-UBND-VX"),
        ("SỐ: 81⁄QĐ-TTg", "81/QĐ-TTg"),
        ("_ §ố: 701/TB-BKTNS", "701/TB-BKTNS"),  # a bitonal scan: a speck before S read as §
        # a number issued between two others takes a letter
        ("Số: 125a/QĐ-UBND", "125a/QĐ-UBND"),
        ("Số: 15A/KH-UBND", "15A/KH-UBND"),
        ("Số: 12/QĐ–UBND", "12/QĐ-UBND"),  # Word's autocorrect typed an en dash
        ("Số: 15–KH/TU", "15-KH/TU"),
        ("Số: 12／QĐ-UBND", "12/QĐ-UBND"),  # a full-width slash
    ],
)
def test_typed_numbers(line: str, number: str) -> None:
    assert read(line) == (number, True)


@pytest.mark.parametrize(
    ("line", "typed_part"),
    [
        ("Số:     /QĐ-UBND", "/QĐ-UBND"),
        ("Số: ......./KH-UBND", "/KH-UBND"),
        ("Số: ,J2 /QĐ-UBND", "/QĐ-UBND"),
        ("Số: ÝƑ /STP-VB", "/STP-VB"),
        ("Số: 4 112 QĐ-UBND", "/QĐ-UBND"),  # the slash lost beside handwriting
        ("Số: 12x/QĐ-UBND", "/QĐ-UBND"),  # no letter a number takes
    ],
)
def test_handwritten_or_blank_digits_keep_only_the_typed_part(line: str, typed_part: str) -> None:
    assert read(line) == (typed_part, False)


def test_words_that_start_like_so_are_not_a_label() -> None:
    assert strip_label("Sở Tư pháp") is None
    assert strip_label("Sổ tay hướng dẫn") is None


def test_doc_type_of_the_symbol() -> None:
    readings = {t: read_number(t) for t in ("297/KH-UBND", "1234/UBND-VP", "12/2023/QD-UBND")}
    assert {t: r.doc_type if r else None for t, r in readings.items()} == {
        "297/KH-UBND": "KH",
        "1234/UBND-VP": None,
        "12/2023/QD-UBND": "QĐ",
    }


TYPES = st.sampled_from(["QĐ", "KH", "BC", "TB", "NQ", "CV", "TTr", "CTr", "HD"])
AGENCIES = st.sampled_from(["UBND", "SNV", "HĐND", "STP", "VP", "BNV"])
SPACE = st.sampled_from(["", " ", "  "])


@given(
    digits=st.integers(min_value=1, max_value=99999),
    year=st.one_of(st.none(), st.integers(min_value=1990, max_value=2099)),
    doc_type=TYPES,
    agency=AGENCIES,
    spaces=st.lists(SPACE, min_size=4, max_size=4),
    eth=st.booleans(),
    label=st.sampled_from(["Số:", "So:", "S6:", "Sô:", "SỐ:", "Số"]),
)
def test_any_well_formed_number_with_noise_parses_back(
    digits: int, year: int | None, doc_type: str, agency: str, spaces: list[str], eth: bool, label: str
) -> None:
    expected = f"{digits}/{year}/{doc_type}-{agency}" if year else f"{digits}/{doc_type}-{agency}"
    a, b, c, d = spaces
    noisy_type = doc_type.replace("Đ", "Ð" if eth else "D")
    noisy_agency = agency.replace("Đ", "Ð" if eth else "D")
    middle = f"{a}/{b}{year}{c}/{d}" if year else f"{a}/{b}"
    line = f"{label} {digits}{middle}{noisy_type}{c}-{d}{noisy_agency}"
    assert read(line) == (expected, True)


def test_the_party_s_number_form_keeps_its_type_and_body() -> None:
    """Party documents number "15-KH/TU" (number, type, body): the State's reading kept only "/TU"."""
    for text, number, doc_type in (
        ("15-KH/TU", "15-KH/TU", "KH"),
        ("15 - KH/TU", "15-KH/TU", "KH"),
        ("234-QĐ/TU", "234-QĐ/TU", "QĐ"),
        ("05-NQ/TW", "05-NQ/TW", "NQ"),
    ):
        reading = read_number(text)
        assert reading is not None and (reading.number, reading.doc_type, reading.sure) == (number, doc_type, True)
    blank = read_number("     -KH/TU")
    assert blank is not None and (blank.number, blank.digits, blank.sure) == ("-KH/TU", None, False)
    state = read_number("1234-UBND/VP")  # no document type before the slash: not the Party's form
    assert state is None or not state.number.endswith("UBND/VP")


@pytest.mark.parametrize(
    ("number", "parts"),
    [
        ("25/QĐ-UBND", ("25", "/", "QĐ-UBND")),
        ("25-QĐ/QU", ("25", "-", "QĐ/QU")),
        ("-CV/BTGDVTU", ("", "-", "CV/BTGDVTU")),
        ("/KH-UBND", ("", "/", "KH-UBND")),
        ("12/2025/NĐ-CP", ("12", "/", "2025/NĐ-CP")),
        ("2Ø", ("2Ø", "", "")),
    ],
)
def test_a_number_splits_where_its_digits_meet_the_symbol_in_either_form(
    number: str, parts: tuple[str, str, str]
) -> None:
    """The pen's blank lies before NĐ30's slash or before the Party's dash ("Số 25-QĐ/QU")."""
    assert split_number(number) == parts


def test_a_party_types_one_letter_slip_keeps_the_form_for_review() -> None:
    slipped = read_number("2Ø -Qb/TU")
    assert slipped is not None and (slipped.symbol, slipped.sure, slipped.digits) == ("Qb/TU", False, None)
    assert read_number("25-Qb/TU").sure is False  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("after_label", "number", "symbol"),
    [
        ("ÍZ⁄4 /2025/NQ-HĐND", "/2025/NQ-HĐND", "NQ-HĐND"),  # a pen's digits with a slash read among them
        ("ab/cd /2024/QĐ-UBND", "/2024/QĐ-UBND", "QĐ-UBND"),
        ("174/2025/NQ-HĐND", "174/2025/NQ-HĐND", "NQ-HĐND"),
    ],
)
def test_a_symbol_with_its_year_ending_the_line_is_typed_whatever_stands_before_it(
    after_label: str, number: str, symbol: str
) -> None:
    reading = read_number(after_label)
    assert reading is not None and (reading.number, reading.year, reading.symbol) == (
        number,
        number.split("/")[1],
        symbol,
    )


@pytest.mark.parametrize(
    ("symbol", "code", "may_insert", "mended"),
    [
        ("KH-STTTI", "STTTT", False, "KH-STTTT"),  # a letter read as another
        ("HD-STTTTI", "STTTT", False, "HD-STTTT"),  # a speck read as a letter more
        ("QĐ-UBNID", "UBND", True, "QĐ-UBND"),  # a letter split in two
        ("QĐ-HĐNID", "HDND", True, "QĐ-HĐND"),  # the printed Đ kept, the folded code cannot say it
        ("HD-ĐHV", "TDHV", False, None),  # a university's own code leaves "Trường" out: nothing put in
        ("QĐ-UBD", "UBND", True, "QĐ-UBND"),
        ("QĐ-HND", "HDND", True, None),  # the lost letter is D or Đ: not put in
    ],
)
def test_a_code_one_letter_off_is_mended_keeping_the_printed_letters(
    symbol: str, code: str, may_insert: bool, mended: str | None
) -> None:
    assert code_put_back(symbol, code, may_insert=may_insert) == mended
