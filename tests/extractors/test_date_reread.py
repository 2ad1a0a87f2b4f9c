"""The second look at an unsure date line of a scanned page 1 (pure logic: the digit reader is faked)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from core.models import DocumentRecord, Page, Word
from extractors.date_reread import date_blanks, reread_issue_date, typed_digits
from extractors.handwriting import DigitReading

Box = tuple[float, float, float, float]


def _page(day: str, month: str = "5", year: str = "2026") -> Page:
    texts = ["Hà", "Nội,", "ngày", day, "tháng", month, "năm", year]
    words, x = [], 300.0
    for text in texts:
        width = 7.0 * len(text)
        words.append(Word(text=text, x0=x, top=120, x1=x + width, bottom=132, confidence=40 if text == day else 96))
        x += width + 4
    return Page(page=1, method="ocr", text=" ".join(texts), width=595, height=842, words=words)


def _record(page: Page, month: str | None = "2026-05") -> DocumentRecord:
    return DocumentRecord(file="a.pdf", sha256="0" * 64, pages=[page], issue_month=month, needs_review=["issue_date"])


def _reader(values: dict[str, str | None]) -> tuple[list[Box], Callable[[Box], DigitReading]]:
    asked: list[Box] = []

    def read(box: Box) -> DigitReading:
        asked.append(box)
        part = ["day", "month", "year"][len(asked) - 1]
        value = values.get(part)
        return DigitReading(value, 4 if value else 0, (value or "",) * 4)

    return asked, read


def test_look_alike_letters_in_a_typed_field_are_digits() -> None:
    assert typed_digits("l4") == "14"
    assert typed_digits("3]") == "31"
    assert typed_digits("I2") == "12"
    assert typed_digits("19,") == "19"
    assert typed_digits("ll") is None  # no real digit: a pen stroke, not print
    assert typed_digits("abc") is None
    assert typed_digits("123") is None


def test_the_blanks_lie_between_the_date_words() -> None:
    page = _page("l4")
    blanks = date_blanks(page)
    assert blanks is not None
    assert [(b.part, b.first_reading, b.look_alike) for b in blanks] == [
        ("day", "14", True),
        ("month", "5", False),
        ("year", "2026", False),
    ]
    ngay, digits, thang = page.words[2:5]
    day = blanks[0].box
    assert ngay.x1 <= day[0] <= digits.x0 and digits.x1 <= day[2] <= thang.x0
    assert day[1] < digits.top and day[3] > digits.bottom


def test_an_agreeing_second_look_makes_the_typed_day_sure() -> None:
    asked, read = _reader({"day": "14"})
    record = reread_issue_date(_record(_page("l4")), read)
    assert record.issue_date == dt.date(2026, 5, 14)
    assert record.needs_review == []
    assert "the first reading agrees" in record.field_sources["issue_date"]
    assert len(asked) == 1  # the sure month and year are not read again


def test_a_second_look_that_differs_from_the_first_is_only_a_suggestion() -> None:
    _, read = _reader({"day": "17"})
    record = reread_issue_date(_record(_page("l4")), read)
    assert record.issue_date == dt.date(2026, 5, 17)
    assert record.needs_review == ["issue_date"]


def test_printed_look_alikes_no_reading_settles_are_offered_under_review() -> None:
    _, read = _reader({})
    record = reread_issue_date(_record(_page("3l")), read)
    assert record.issue_date == dt.date(2026, 5, 31)
    assert record.needs_review == ["issue_date"]
    assert "taken from the first reading as 31" in record.field_sources["issue_date"]


def test_a_handwritten_day_nobody_agrees_on_stays_blank() -> None:
    _, read = _reader({})
    record = reread_issue_date(_record(_page("2ễ")), read)
    assert record.issue_date is None and record.needs_review == ["issue_date"]
    assert "no agreement" in record.field_sources["issue_date"]


def test_month_and_year_are_read_again_when_the_first_reading_was_unsure() -> None:
    asked, read = _reader({"day": "31", "month": "12", "year": "2025"})
    record = reread_issue_date(_record(_page("3l", "I2", "2025"), month=None), read)
    assert len(asked) == 3
    assert record.issue_date == dt.date(2025, 12, 31) and record.issue_month == "2025-12"
    assert record.needs_review == []


def test_an_impossible_date_is_not_filled() -> None:
    _, read = _reader({"day": "31"})
    record = reread_issue_date(_record(_page("3l"), month="2026-02"), read)
    assert record.issue_date is None and record.needs_review == ["issue_date"]


def test_nothing_is_read_for_a_text_layer_or_a_sure_date() -> None:
    _, read = _reader({"day": "14"})
    layer = _page("14").model_copy(update={"method": "text"})
    assert reread_issue_date(_record(layer), read).issue_date is None
    sure = _record(_page("14")).model_copy(update={"needs_review": []})
    assert reread_issue_date(sure, read) is sure


def test_two_digit_readings_that_repeat_the_first_and_none_that_differs_offer_it() -> None:
    page = _page("29")

    def seconded(box: Box) -> DigitReading:
        return DigitReading(None, 2, ("", "29", "", "29"))

    record = reread_issue_date(_record(page), seconded)
    assert record.issue_date == dt.date(2026, 5, 29) and record.needs_review == ["issue_date"]

    def disputed(box: Box) -> DigitReading:
        return DigitReading(None, 2, ("28", "29", "", "29"))

    assert reread_issue_date(_record(page), disputed).issue_date is None


def test_a_day_read_as_a_digit_and_a_letter_is_offered_when_two_readings_agree_with_its_digit() -> None:
    """ "ngày 1Š tháng 5" (hard Word view, cropped layout, seed 95): "∅, 15, ∅, 15" agrees with the
    "1" OCR did read; "∅, 25, ∅, 25" does not, nor does a disputed or a lone reading."""

    def reading(*texts: str) -> Callable[[Box], DigitReading]:
        return lambda box: DigitReading(None, 2, texts)

    page = _page("1Š")
    record = reread_issue_date(_record(page), reading("", "15", "", "15"))
    assert record.issue_date == dt.date(2026, 5, 15) and record.needs_review == ["issue_date"]
    assert "agreeing with the first reading '1Š'" in record.field_sources["issue_date"]
    for texts in (("", "25", "", "25"), ("16", "15", "", "15"), ("", "15", "", ""), ("", "5", "", "5")):
        assert reread_issue_date(_record(page), reading(*texts)).issue_date is None, texts


def test_a_part_read_surely_at_first_stands_under_review_when_its_second_look_reads_nothing() -> None:
    """A photo's day read at confidence 96 whose digits-only look read nothing no longer loses the
    whole date (the month was the unsure part): the date is offered, under review."""
    page = _page("15")
    words = [
        w.model_copy(update={"confidence": 96 if w.text == "15" else 40 if w.text == "5" else 96}) for w in page.words
    ]
    page = page.model_copy(update={"words": words})
    _asked, read = _reader({"day": None, "month": "5", "year": "2026"})
    record = reread_issue_date(_record(page, month=None), read)
    assert record.issue_date == dt.date(2026, 5, 15)
    assert "issue_date" in record.needs_review
    assert "day taken from the first reading as 15" in record.field_sources["issue_date"]
    unsure = page.model_copy(update={"words": [w.model_copy(update={"confidence": 40}) for w in page.words]})
    _asked, read = _reader({"day": None, "month": "5", "year": "2026"})
    assert reread_issue_date(_record(unsure, month=None), read).issue_date is None  # an unsure day: no date


def _line(texts: list[str], top: float, x: float = 300.0) -> list[Word]:
    words = []
    for text in texts:
        width = 7.0 * len(text)
        words.append(Word(text=text, x0=x, top=top, x1=x + width, bottom=top + 12, confidence=60))
        x += width + 4
    return words


def test_a_date_the_body_cites_is_no_place_and_date_line() -> None:
    """ "Căn cứ Nghị định số 66/2021/NĐ-CP ngày 6 tháng 7 năm 2021" (bitonal view, seed 102): with the
    header's date line unread, the second look took the cited date for the issue date."""
    body = _line(
        ["Căn", "cứ", "Nghị", "định", "số", "66/2021/NĐ-CP", "ngày", "6", "tháng", "7", "năm", "2021"], 200, 60
    )
    page = Page(page=1, method="ocr", text="", width=595, height=842, words=body)
    assert date_blanks(page) is None
    cited_without_number = _line(
        ["Thực", "hiện", "Kế", "hoạch", "của", "Ủy", "ban", "ngày", "6", "tháng", "7", "năm", "2021"], 200, 60
    )
    assert date_blanks(Page(page=1, method="ocr", text="", width=595, height=842, words=cited_without_number)) is None
    header = _line(["Mường", "Tè,", "ngày", "18", "tháng", "3", "năm", "2023"], 120)
    assert date_blanks(Page(page=1, method="ocr", text="", width=595, height=842, words=header + body))
    # the number's column run into the date's by OCR: the place after the number still opens it
    merged = _line(["Số:", "524/KH-UBND", "Mường", "Tè,", "ngày", "18", "tháng", "3", "năm", "2023"], 120, 60)
    assert date_blanks(Page(page=1, method="ocr", text="", width=595, height=842, words=merged))
    # the agency's last line run into it (Word at 96 dpi, seed 83): a comma still ends the place
    agency = _line(
        ["CÁC", "KHU", "CÔNG", "N", "Qua", "Bình", "Dương,", "ngày", "25", "tháng", "01", "năm", "2024"], 120, 60
    )
    assert date_blanks(Page(page=1, method="ocr", text="", width=595, height=842, words=agency))
    basis = _line(
        [
            "Căn",
            "cứ",
            "Luật",
            "Tổ",
            "chức",
            "chính",
            "quyền",
            "địa",
            "phương",
            "ngày",
            "19",
            "tháng",
            "6",
            "năm",
            "2015",
        ],
        200,
        60,
    )
    assert date_blanks(Page(page=1, method="ocr", text="", width=595, height=842, words=basis)) is None


def test_a_month_glued_to_its_word_by_a_speck_is_read_from_the_word() -> None:
    """ "ngày 18 tháng:3 năm 2023": the month's blank is the right part of "tháng:3", first read as 3."""
    words = _line(["Mường", "Tè,", "ngày", "18", "tháng:3", "năm", "2023"], 120)
    page = Page(page=1, method="ocr", text="", width=595, height=842, words=words)
    blanks = date_blanks(page)
    assert blanks is not None
    month = next(blank for blank in blanks if blank.part == "month")
    glued = words[4]
    assert month.first_reading == "3" and glued.x0 < month.box[0] < glued.x1 and month.box[2] > glued.x1
    record = reread_issue_date(_record(page, None), _reader({"day": "18", "month": "3", "year": "2023"})[1])
    assert record.issue_date == dt.date(2023, 3, 18)


def _sure_record(page: Page) -> DocumentRecord:
    return DocumentRecord(
        file="a.pdf", sha256="0" * 64, pages=[page], issue_date=dt.date(2026, 5, 27), issue_month="2026-05"
    )


def test_a_day_read_surely_but_written_in_pen_goes_under_review_with_the_digits_agreed() -> None:
    """A pen's "21" that OCR read as a sure "27": the day's ink is bluer than the typed "ngày", so
    the date is a suggestion under review, with the value most digits-only readings agree on."""
    from extractors.date_reread import doubt_day_in_pen

    page = _page("27")
    compared: list[tuple[Box, Box]] = []

    def in_pen(blank: Box, label: Box) -> bool:
        compared.append((blank, label))
        return True

    _, read = _reader({"day": "21"})
    doubted = doubt_day_in_pen(_sure_record(page), read, in_pen)
    assert doubted.issue_date == dt.date(2026, 5, 21) and "issue_date" in doubted.needs_review
    assert "written in pen" in doubted.field_sources["issue_date"]
    ngay = page.words[2]
    assert compared and compared[0][1] == (ngay.x0, ngay.top, ngay.x1, ngay.bottom)

    _, unread = _reader({})
    kept = doubt_day_in_pen(_sure_record(page), unread, in_pen)
    assert kept.issue_date == dt.date(2026, 5, 27) and "issue_date" in kept.needs_review

    typed = doubt_day_in_pen(_sure_record(page), read, lambda blank, label: False)
    assert typed.issue_date == dt.date(2026, 5, 27) and typed.needs_review == []

    # a second look at the header read the pen's day as 2: the page's "27" and it disagree, both doubted
    band = _sure_record(page).model_copy(update={"issue_date": dt.date(2026, 5, 2)})
    doubted_again = doubt_day_in_pen(band, unread, in_pen)
    assert doubted_again.issue_date == dt.date(2026, 5, 2) and "issue_date" in doubted_again.needs_review
    assert "27 on the page, 2 on a second look" in doubted_again.field_sources["issue_date"]
    assert doubt_day_in_pen(band, unread, lambda blank, label: False).needs_review == []


def test_pen_ink_is_told_from_print_by_its_blue_beside_the_typed_label() -> None:
    from PIL import Image, ImageDraw

    from extractors.handwriting import written_in_pen

    def crop(ink: tuple[int, int, int], paper: tuple[int, int, int] = (235, 228, 210)) -> Image.Image:
        image = Image.new("RGB", (60, 30), paper)
        ImageDraw.Draw(image).rectangle((10, 8, 50, 22), fill=ink)
        return image

    print_ink, pen_ink = (35, 35, 40), (40, 60, 160)
    assert written_in_pen(crop(pen_ink), crop(print_ink))
    assert not written_in_pen(crop(print_ink), crop(print_ink))
    grey = (90, 90, 90)  # a grey scan: no colour to tell by
    assert not written_in_pen(crop(grey, (230, 230, 230)), crop(print_ink, (230, 230, 230)))
    assert not written_in_pen(crop((235, 228, 210)), crop(print_ink))  # an empty blank


def _wrapped_page(day: str, year_below: str | None) -> Page:
    """A narrow date column: "Cần Giuộc, ngày 10 tháng 02 năm" and the year alone on the next line,
    centred under it (or dropped by OCR: `year_below` None)."""
    page = _page(day, "02")
    words = [w for w in page.words if w.text != "2026"]
    if year_below is not None:
        words.append(Word(text=year_below, x0=380, top=136, x1=408, bottom=148, confidence=95))
    return page.model_copy(update={"words": words})


def test_a_year_wrapped_onto_the_next_line_is_read_in_the_band_below_the_date_line() -> None:
    page = _wrapped_page("10", None)
    blanks = date_blanks(page)
    assert blanks is not None and [b.part for b in blanks] == ["day", "month", "year"]
    year = blanks[2].box
    date_line = page.words[2:]
    assert year[1] >= max(w.bottom for w in date_line) and year[3] <= 132 + 2 * 12
    assert year[0] <= min(w.x0 for w in date_line) and year[2] >= max(w.x1 for w in date_line)
    asked, read = _reader({"day": "10", "month": "2", "year": "2023"})
    record = reread_issue_date(_record(page, month=None), read)
    assert len(asked) == 3
    # the year nobody read the first time is a suggestion: the date stays under review
    assert record.issue_date == dt.date(2023, 2, 10) and "issue_date" in record.needs_review


def test_a_wrapped_year_ocr_did_read_confirms_the_date() -> None:
    page = _wrapped_page("1O", "2023")
    *_, year = date_blanks(page) or []
    assert year.first_reading == "2023"
    _, read = _reader({"day": "10", "month": "2", "year": "2023"})
    record = reread_issue_date(_record(page, month=None), read)
    assert record.issue_date == dt.date(2023, 2, 10) and record.needs_review == []
