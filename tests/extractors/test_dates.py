import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from extractors.dates import parse_place_date, parse_vietnamese_dates
from extractors.normalize import fold


def kinds(text: str) -> list[tuple[str, str]]:
    return [(m.kind, m.text) for m in parse_vietnamese_dates(text)]


def test_full_dates_in_words_and_digits() -> None:
    mentions = parse_vietnamese_dates("Kế hoạch số 273/KH-UBND ngày 22 tháng 9 năm 2021; Công văn ngày 28/01/2021.")
    assert [m.date for m in mentions] == [dt.date(2021, 9, 22), dt.date(2021, 1, 28)]
    assert mentions[0].text == "ngày 22 tháng 9 năm 2021"


def test_ocr_variants_of_a_date() -> None:
    for text in ("ngay 24 thang 11 nam 2021", "ngày 24 thảng 11 năm 2021", "ngày 2 4 tháng 11 năm 20 21"):
        assert [m.date for m in parse_vietnamese_dates(text)] == [dt.date(2021, 11, 24)], text


def test_month_year_quarter_period_and_year() -> None:
    text = "tháng 12/2023, quý I năm 2024, 6 tháng đầu năm 2023, 9 tháng, năm 2024"
    mentions = parse_vietnamese_dates(text)
    assert [m.kind for m in mentions] == ["month", "quarter", "period", "period", "year"]
    month, quarter, first_half, nine, year = mentions
    assert (month.month, month.year) == (12, 2023)
    assert (quarter.quarter, quarter.year) == (1, 2024)
    assert (first_half.months, first_half.part, first_half.year) == (6, "first", 2023)
    assert (nine.months, nine.part, nine.year) == (9, None, None)
    assert year.year == 2024


def test_a_day_month_inside_a_full_date_is_not_a_period() -> None:
    assert kinds("ngày 6 tháng 12 năm 2011") == [("date", "ngày 6 tháng 12 năm 2011")]


def test_impossible_dates_and_measures_are_not_dates() -> None:
    assert all(m.kind != "date" for m in parse_vietnamese_dates("ngày 31 tháng 2 năm 2021"))
    assert [m.kind for m in parse_vietnamese_dates("tỷ lệ 1/500, số 12/2023/QĐ-UBND")] == []


def test_spans_point_into_the_original_text() -> None:
    text = "Thời gian: ngày 5/1/2023 và quý II/2024."
    for mention in parse_vietnamese_dates(text):
        assert text[mention.start : mention.end] == mention.text
    assert parse_vietnamese_dates(text)[0].date == dt.date(2023, 1, 5)


def test_place_date_line() -> None:
    reading = parse_place_date("Thành phố Hồ Chí Minh, ngày 24 tháng 11 năm 2021")
    assert reading is not None
    assert (reading.place, reading.date) == ("Thành phố Hồ Chí Minh", dt.date(2021, 11, 24))


def test_place_date_line_with_a_blank_or_handwritten_day() -> None:
    blank = parse_place_date("Đồng Nai, ngày      tháng 5 năm 2025")
    assert blank is not None and blank.day is None and (blank.month, blank.year) == (5, 2025)
    assert blank.date is None
    scribble = parse_place_date("Thành phố Hồ Chí Minh, ngày-2Õtháng đỆ năm 2021")
    assert scribble is not None and scribble.day is None and scribble.month is None and scribble.year == 2021


def test_place_date_line_that_lost_the_word_thang() -> None:
    reading = parse_place_date("Châu Thành, ngày 14 3 năm 2024")
    assert reading is not None and reading.date == dt.date(2024, 3, 14)


def test_place_date_line_typed_in_figures() -> None:
    for line in ("Hà Nội, ngày 15/3/2024", "Hà Nội, ngày 15-3-2024", "Hà Nội, ngày 15.03.2024."):
        parsed = parse_place_date(line)
        assert parsed is not None, line
        assert (parsed.place, parsed.day, parsed.month, parsed.year) == ("Hà Nội", 15, 3, 2024)
        assert line[parsed.spans[2][0] : parsed.spans[2][1]] == "2024"
    assert parse_place_date("Căn cứ Quyết định số 12 ngày 15/3/2024 của Ủy ban nhân dân tỉnh") is None
    assert parse_place_date("Hà Nội, ngày 15/3-2024") is None  # two kinds of separator: not one date
    # a gazette's running header, as OCR reads it on a photo, and a body line: no place, no comma
    assert parse_place_date("CÓNG BÁO/Số s9 + 60/Ngày 15-01-2022") is None
    assert parse_place_date("Thông tư này có hiệu lực kể từ ngày 15/01/2022.") is None


def test_typed_month_and_year_are_read_through_ocr_marks() -> None:
    lines = (
        "Lào Cai, ngày 29 tháng 5' năm 2023",  # a stray tick after the digit
        "Lào Cai, ngày 29 tháng 5. năm 2023",  # a stray dot
        "Lào Cai, ngày 29 tháng 5’ năm 2023",
        "Lào Cai, ngày29 tháng5 năm2023",  # no space before the digits
        "Lào Cai, ngáy 29 thảng 5 nãm 2023",  # marks misread
        "Lào Cai, ngày 29 thàng 5 nărn 2023",  # "m" read as "rn"
        "Lào Cai, ngàv 29 tháng 5 năm 2023",  # "y" read as "v"
        "Lào Cai, ngày 29 tháng 5 năm 2O23",  # a year's 0 read as the letter O
    )
    for line in lines:
        reading = parse_place_date(line)
        assert reading is not None and reading.place == "Lào Cai", line
        assert reading.date == dt.date(2023, 5, 29), line
    body = parse_vietnamese_dates("Thực hiện Kế hoạch ngày 29 tháng 5' năm 2023 và tháng 6. năm 2023")
    assert [(m.kind, m.date, m.month) for m in body] == [("date", dt.date(2023, 5, 29), 5), ("month", None, 6)]


def test_garbage_in_a_date_field_gives_no_value() -> None:
    for line, expected in (
        ("Lào Cai, ngày 2l tháng 5 năm 2023", (None, 5, 2023)),  # a letter where a digit should be
        ("Lào Cai, ngày 29 tháng 5'' năm 2O2", (29, 5, None)),
        ("Lào Cai, ngày 29 tháng ,,5;; năm 2023", (29, 5, 2023)),  # marks only around the digit
        ("Lào Cai, ngày 29 tháng 15 năm 2023", (29, None, 2023)),
    ):
        reading = parse_place_date(line)
        assert reading is not None and (reading.day, reading.month, reading.year) == expected, line


def test_a_wrapped_place_date_line_reads_as_one() -> None:
    from extractors.dates import continues_place_date

    for first, rest in (
        ("Lào Cai, ngày 29 tháng 1", "năm 2023"),
        ("Lào Cai, ngày 29 tháng 1 năm", "2023"),
        ("Lào Cai, ngày 29", "tháng 1 năm 2023"),
        ("Lào Cai, ngày 29 tháng 1", "nãm 2023"),
    ):
        assert continues_place_date(first, rest), (first, rest)
        reading = parse_place_date(f"{first} {rest}")
        assert reading is not None and reading.date == dt.date(2023, 1, 29)
    assert not continues_place_date("Lào Cai, ngày 29 tháng 1 năm 2023", "năm 2023")  # not cut
    assert not continues_place_date("Lào Cai, ngày 29 tháng 1", "KẾ HOẠCH")


def test_a_body_sentence_is_not_a_place_date_line() -> None:
    assert parse_place_date("Căn cứ Luật Tổ chức chính quyền, năm nay thực hiện") is None


FORMATS = (
    "ngày {d} tháng {m} năm {y}",
    "ngày {d:02d} tháng {m:02d} năm {y}",
    "ngay {d} thang {m} nam {y}",
    "{d}/{m}/{y}",
    "{d:02d}/{m:02d}/{y}",
    "{d}.{m}.{y}",
    "{d}/ {m}/ {y}",
)


@given(
    day=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31)),
    template=st.sampled_from(FORMATS),
    prefix=st.sampled_from(["", "Căn cứ Quyết định số 12/QĐ-UBND ", "Hà Nội, "]),
    suffix=st.sampled_from(["", ";", " của Ủy ban nhân dân tỉnh.", ", năm nay"]),
)
def test_any_written_date_parses_back(day: dt.date, template: str, prefix: str, suffix: str) -> None:
    written = template.format(d=day.day, m=day.month, y=day.year)
    dates = [m.date for m in parse_vietnamese_dates(prefix + written + suffix) if m.kind == "date"]
    assert dates == [day]


@given(day=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_place_date_line_round_trip_without_diacritics(day: dt.date) -> None:
    line = f"Cao Bằng, ngày {day.day:02d} tháng {day.month} năm {day.year}"
    for variant in (line, fold(line)):
        reading = parse_place_date(variant)
        assert reading is not None and reading.date == day


WRAPS = (
    ("Lào Cai, ngày 29 tháng 1", "năm 2023"),
    ("Lào Cai, ngày 29 tháng 1 năm", "2023"),
    ("Lào Cai, ngày 29", "tháng 1 năm 2023"),
    ("Lào Cai, ngày 29 tháng 1", "nãm 2023"),
    ("Lào Cai,", "ngày 29 tháng 1 năm 2023"),
)


def test_a_header_date_line_that_wraps_gives_the_date_with_boxes_and_as_text() -> None:
    from core.models import Page
    from extractors.fields import parse_fields
    from tests.extractors.nd30_pages import page_from_rows

    for first, rest in WRAPS:
        rows = [
            (60, 50, "ỦY BAN NHÂN DÂN"),
            (300, 50, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            (60, 66, "TỈNH LÀO CAI"),
            (330, 66, "Độc lập - Tự do - Hạnh phúc"),
            (60, 102, "Số: 12/KH-UBND"),
            (300, 102, first),
            (330, 116, rest),
            (260, 160, "KẾ HOẠCH"),
            (190, 176, "Cải cách hành chính năm 2024"),
            (80, 200, "Căn cứ Nghị quyết số 76/NQ-CP ngày 15 tháng 7 năm 2021 của Chính phủ;"),
        ]
        with_boxes = parse_fields([page_from_rows(rows)])
        assert (with_boxes.place, with_boxes.issue_date) == ("Lào Cai", dt.date(2023, 1, 29)), (first, rest)
        assert "issue_date" not in with_boxes.needs_review
        text = "\n".join(
            [
                "ỦY BAN NHÂN DÂN    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "TỈNH LÀO CAI    Độc lập - Tự do - Hạnh phúc",
                f"Số: 12/KH-UBND    {first}",
                f"    {rest}",
                "KẾ HOẠCH",
                "Cải cách hành chính năm 2024",
            ]
        )
        as_text = parse_fields([Page(page=1, method="text", text=text)])
        if first != "Lào Cai,":  # without boxes a lone place line cannot be told from the number's column
            assert (as_text.place, as_text.issue_date) == ("Lào Cai", dt.date(2023, 1, 29)), (first, rest)


def test_a_date_line_wrapped_over_three_lines_is_extended_piece_by_piece() -> None:
    from extractors.dates import extends_place_date, opens_place_date

    assert opens_place_date("Thành phố Hồ Chí Minh,") and opens_place_date("Lào Cai, ngày 29")
    assert not opens_place_date("Lào Cai, ngày 29 tháng 1 năm 2023")
    assert extends_place_date("Thành phố Hồ Chí Minh,", "ngày 23")
    assert extends_place_date("Lào Cai, ngày 29", "tháng 1")
    assert extends_place_date("Lào Cai, ngày 29 tháng 1", "năm 2023")
    assert not extends_place_date("Lào Cai, ngày 29", "ĐẾN Số: 125")  # a stamp beside it, not the date
    assert not extends_place_date("Lào Cai, ngày 29 tháng 1", "KẾ HOẠCH")
    assert not extends_place_date("Lào Cai, ngày 29 tháng 1 năm 2023", "năm 2023")  # nothing left open
