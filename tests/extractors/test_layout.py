import datetime as dt

from core.models import Page, Word
from extractors.layout import build_lines, read_header, split_mixed_line
from tests.extractors.nd30_pages import header_rows, page_from_rows, words_at


def word(text: str, x0: float, top: float, width: float = 30.0, height: float = 12.0) -> Word:
    return Word(text=text, x0=x0, top=top, x1=x0 + width, bottom=top + height)


def texts(lines: list) -> list[str]:
    return [line.text for line in lines]


def test_lines_follow_a_skewed_baseline_and_keep_marks_in_place() -> None:
    words = [
        word("Độc", 300, 70),
        word("lập", 335, 69.5),
        word("-", 370, 74, 4, 2),
        word("Tự", 380, 68.5),
        word("Nơi", 80, 100),
        word("nhận:", 115, 100.5),
        word("-", 80, 118, 4, 2),
        word("Như", 90, 112),
        word("trên;", 125, 112),
    ]
    assert texts(build_lines(words)) == ["Độc lập - Tự", "Nơi nhận:", "- Như trên;"]


def test_a_speck_on_top_of_a_word_does_not_join_its_line() -> None:
    words = [word("dụng", 100, 50), word("đất", 135, 51), word("3", 140, 53, 4, 6)]
    assert "dụng đất" in texts(build_lines(words))


def test_a_doubtful_ocr_word_does_not_cut_a_header_line_in_two() -> None:
    """An underline read as "mmm" at confidence 0, its box a little above the line and over "TƯ":
    sorted first, it used to open the line, so "TƯ" (under it) started a second one."""
    sure = [
        Word(text="SỞ", x0=100, top=100, x1=130, bottom=112, confidence=91.0),
        Word(text="TƯ", x0=135, top=100, x1=160, bottom=112, confidence=90.0),
        Word(text="PHÁP", x0=165, top=100, x1=200, bottom=112, confidence=93.0),
    ]
    ghost = Word(text="mmm", x0=128, top=97, x1=170, bottom=111, confidence=0.0)
    lines = build_lines([*sure, ghost])
    assert "SỞ TƯ PHÁP" in texts(lines)
    assert any(ghost in line.words for line in lines)  # kept, on a line of its own


def test_a_doubtful_word_still_joins_the_line_it_sits_on() -> None:
    """A handwritten number OCR reads unsure stays on its line ("Số: 275/STTTT")."""
    words = [
        Word(text="Số:", x0=60, top=100, x1=80, bottom=112, confidence=92.0),
        Word(text="275", x0=84, top=98, x1=104, bottom=113, confidence=12.0),
        Word(text="/STTTT-CNTT", x0=106, top=100, x1=170, bottom=112, confidence=88.0),
    ]
    assert texts(build_lines(words)) == ["Số: 275 /STTTT-CNTT"]


def test_header_blocks_on_one_baseline_are_split_left_and_right() -> None:
    rows = [
        *header_rows(
            ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH", "SỞ NỘI VỤ"],
            "Thành phố Hồ Chí Minh, ngày 24 tháng 11 năm 2021",
            "Số: 4000/QĐ-SNV",
        ),
        (250, 160, "QUYẾT ĐỊNH"),
        (150, 176, "Về việc phê duyệt Đề án"),
        (60, 210, "Căn cứ Luật Tổ chức"),
    ]
    header = read_header(page_from_rows(rows))
    assert texts(header.left) == ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH", "SỞ NỘI VỤ", "Số: 4000/QĐ-SNV"]
    assert texts(header.right)[0] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert texts(header.right)[-1] == "Thành phố Hồ Chí Minh, ngày 24 tháng 11 năm 2021"
    assert texts(header.after)[:2] == ["QUYẾT ĐỊNH", "Về việc phê duyệt Đề án"]


def test_cong_van_subject_lines_stay_in_the_left_block() -> None:
    rows = [
        *header_rows(["SỞ TƯ PHÁP"], "Hà Nội, ngày 5 tháng 1 năm 2023", "Số: 12/STP-VB"),
        (60, 120, "V/v triển khai kế hoạch"),
        (70, 134, "cải cách hành chính"),
        (150, 170, "Kính gửi: Các sở, ngành"),
    ]
    header = read_header(page_from_rows(rows))
    assert texts(header.left)[-2:] == ["V/v triển khai kế hoạch", "cải cách hành chính"]
    assert texts(header.after)[0] == "Kính gửi: Các sở, ngành"


def test_page_without_an_nd30_header_keeps_everything_in_order() -> None:
    page = page_from_rows([(60, 50, "PHỤ LỤC"), (60, 70, "Danh mục thủ tục hành chính")])
    header = read_header(page)
    assert header.left == [] and header.right == []
    assert texts(header.after) == ["PHỤ LỤC", "Danh mục thủ tục hành chính"]


def test_a_header_of_one_centred_column_is_read_as_agency_number_and_date() -> None:
    """An attachment typed as a letter: no motto, the agency, "Số:" and the date centred one under the
    other, then the title."""
    page = page_from_rows(
        [
            (200, 50, "HỘI ĐỒNG NHÂN DÂN TỈNH QUẢNG NGÃI"),
            (230, 66, "ĐOÀN GIÁM SÁT"),
            (240, 90, "Số: 12/TB-ĐGS"),
            (200, 110, "Quảng Ngãi, ngày 5 tháng 3 năm 2025"),
            (260, 140, "THÔNG BÁO"),
            (150, 156, "Lịch trình giám sát năm 2025"),
        ]
    )
    header = read_header(page)
    assert texts(header.left) == ["HỘI ĐỒNG NHÂN DÂN TỈNH QUẢNG NGÃI", "ĐOÀN GIÁM SÁT", "Số: 12/TB-ĐGS"]
    assert texts(header.right) == ["Quảng Ngãi, ngày 5 tháng 3 năm 2025"]
    assert texts(header.after) == ["THÔNG BÁO", "Lịch trình giám sát năm 2025"]


def test_text_only_lines_are_cut_at_the_motto_and_the_date() -> None:
    assert split_mixed_line("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") == (
        "ỦY BAN NHÂN DÂN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    )
    assert split_mixed_line("TỈNH ĐỒNG NAI Độc lập - Tự do - Hạnh phúc") == (
        "TỈNH ĐỒNG NAI",
        "Độc lập - Tự do - Hạnh phúc",
    )
    assert split_mixed_line("Số: 297/KH-UBND Đồng Nai, ngày 30 tháng 5 năm 2025") == (
        "Số: 297/KH-UBND",
        "Đồng Nai, ngày 30 tháng 5 năm 2025",
    )
    assert split_mixed_line("SỞ NỘI VỤ    Độc lập - Tự do") == ("SỞ NỘI VỤ", "Độc lập - Tự do")


def test_text_only_header() -> None:
    page = Page(
        page=1,
        method="ocr",
        text="ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nQUẬN 3 Độc lập - Tự do - Hạnh phúc\n"
        "Số: 15/BC-UBND Quận 3, ngày 2 tháng 3 năm 2024\nBÁO CÁO\nKết quả cải cách hành chính",
    )
    header = read_header(page)
    assert texts(header.left) == ["ỦY BAN NHÂN DÂN", "QUẬN 3", "Số: 15/BC-UBND"]
    assert texts(header.right)[-1] == "Quận 3, ngày 2 tháng 3 năm 2024"
    assert texts(header.after) == ["BÁO CÁO", "Kết quả cải cách hành chính"]


def test_ocr_boxes_that_touch_on_one_baseline_stay_one_line() -> None:
    # Tesseract's box of "tháng" ran into the "3" after it (Long An, ngày 14 tháng 3 năm 2025)
    words = [
        word("ngày", 367, 105, 28),
        word("14", 400, 105.5, 13),
        word("tháng", 418, 105, 44),
        word("3", 456, 103.5, 7, 16),
        word("năm", 467, 105, 26),
        word("2025", 496, 105, 29),
    ]
    assert texts(build_lines(words)) == ["ngày 14 tháng 3 năm 2025"]


def _read_line(x: float, top: float, text: str, line: int, slope: float = 0.0) -> list[Word]:
    """OCR words of one Tesseract line (number `line`), sloping down `slope` points per word."""
    return [
        w.model_copy(update={"top": w.top + slope * i, "bottom": w.bottom + slope * i, "line": line})
        for i, w in enumerate(words_at(x, top, text, confidence=90.0))
    ]


def test_slanted_ocr_lines_and_their_marks_stay_on_tesseracts_lines() -> None:
    """A phone photo: each line slopes down over the page, the first line's end sits lower than the
    second line's start. Tesseract's lines decide; the full stop Tesseract read at the end of the
    first line stays there."""
    first = "Hướng dẫn thực hiện chương trình xây dựng nông thôn mới"
    second = "trên địa bàn tỉnh trong giai đoạn năm 2026 đến 2030"
    words = [*_read_line(60, 100, first, 0, slope=2.0), *_read_line(60, 116, second, 1, slope=2.0)]
    last = words[len(first.split()) - 1]
    stop = Word(text=".", x0=last.x1, top=last.bottom - 3, x1=last.x1 + 3, bottom=last.bottom, confidence=80.0, line=0)
    words.append(stop)
    assert texts(build_lines(words)) == [first + " .", second]
    plain = [w.model_copy(update={"line": None}) for w in words]
    assert texts(build_lines(plain)) != [first + " .", second]  # the height rule alone mixes them


def test_header_blocks_read_as_tesseract_lines_are_split_as_before() -> None:
    """Tesseract reads the agency block and the motto block as separate blocks: the header is the
    same as the height rule makes it (left and right kept apart)."""
    rows = [
        *header_rows(["ỦY BAN NHÂN DÂN", "TỈNH LONG AN"], "Long An, ngày 5 tháng 3 năm 2026", "Số: 12/KH-UBND"),
        (250, 160, "KẾ HOẠCH"),
        (150, 176, "Triển khai công tác năm 2026"),
    ]
    page = page_from_rows(rows, method="ocr")
    read = [w for number, (x, top, text) in enumerate(rows) for w in _read_line(x, top, text, number)]
    header = read_header(page.model_copy(update={"words": read}))
    assert texts(header.left) == ["ỦY BAN NHÂN DÂN", "TỈNH LONG AN", "Số: 12/KH-UBND"]
    assert texts(header.right) == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Long An, ngày 5 tháng 3 năm 2026",
    ]
    assert texts(header.after)[:2] == ["KẾ HOẠCH", "Triển khai công tác năm 2026"]
    assert texts(build_lines(read)) == texts(build_lines(page.words))


def test_a_mark_whose_box_runs_into_its_neighbour_stays_on_tesseracts_line() -> None:
    """OCR's box of "2026" reaches over the dash after it, and the dash's box is taller than the
    line: the dash stays between the years, where Tesseract read it, not on a line of its own."""
    words = _read_line(60, 200, "trung hạn 5 năm 2026", 4)
    year = words[-1]
    dash = Word(text="-", x0=year.x1 - 5, top=year.top - 1, x1=year.x1 + 1, bottom=year.bottom + 6, confidence=93.0)
    after = Word(text="2030", x0=year.x1 + 5, top=year.top, x1=year.x1 + 29, bottom=year.bottom, confidence=96.0)
    below = _read_line(60, 216, "gắn với thực hiện mục tiêu", 5)
    read = [*words, dash.model_copy(update={"line": 4}), after.model_copy(update={"line": 4}), *below]
    assert texts(build_lines(read)) == ["trung hạn 5 năm 2026 - 2030", "gắn với thực hiện mục tiêu"]
    plain = [w.model_copy(update={"line": None}) for w in read]
    assert "trung hạn 5 năm 2026 2030" in texts(build_lines(plain))  # the height rule alone drops it


def test_a_name_word_under_ink_stays_on_tesseracts_line_though_its_box_is_squashed() -> None:
    """ "`“'Phạm Thị Phương" under a signature (Word scan view, seed 141): Tesseract read "Phạm" at
    confidence 3 in the name's line, but gave it a box 4 points high, above the line's middle; placed
    by height it made a line of its own, and the name lost its family name. Junk of no word, at the
    same confidence and place, is still placed by height."""
    name = [
        Word(text="Thị", x0=303.4, top=314.6, x1=320.4, bottom=329.3, confidence=96.0, line=18),
        Word(text="Phương", x0=323.3, top=320.2, x1=361.4, bottom=329.8, confidence=96.0, line=18),
    ]
    inked = Word(text="`“'Phạm", x0=260.4, top=311.1, x1=297.6, bottom=315.2, confidence=3.0, line=18)
    above = _read_line(70, 281, "- Lưu: VT.", 17)
    assert texts(build_lines([*above, *name, inked]))[-1] == "`“'Phạm Thị Phương"
    junk = inked.model_copy(update={"text": "ưừê"})
    assert texts(build_lines([*above, *name, junk]))[-1] == "Thị Phương"


def test_a_slanted_line_tesseract_cut_in_two_is_joined_where_the_pieces_face() -> None:
    """A phone photo: Tesseract reads "Số: 26/2" and the rest of the printed line as two lines. The
    long piece slopes down, so its middle lies lower than the short piece; their facing ends do not."""
    short = _read_line(60, 120, "Số: 26/2", 6, slope=1.5)
    rest = _read_line(60 + 6 * 14, 120 + 3.0, "026/TT-BNNMT Hà Nội, ngày 29 tháng 5 năm 2026", 7, slope=1.5)
    assert texts(build_lines([*short, *rest])) == ["Số: 26/2 026/TT-BNNMT Hà Nội, ngày 29 tháng 5 năm 2026"]


def _ocr_words(x: float, top: float, text: str, confidence: float) -> list[Word]:
    return [w.model_copy(update={"confidence": confidence}) for w in words_at(x, top, text)]


def _stamped_header(noise: list[Word]) -> Page:
    """An OCR header whose left block, date line and body are sure, with `noise` added."""
    words = [
        *_ocr_words(60, 50, "UBND TỈNH ĐẮK LẮK", 92),
        *_ocr_words(300, 50, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 96),
        *_ocr_words(330, 66, "Độc lập - Tự do - Hạnh phúc", 95),
        *_ocr_words(80, 84, "Số: 588/BC-UBND", 93),
        *_ocr_words(310, 108, "Đắk Lắk, ngày 21 tháng 6 năm 2023", 96),
        *_ocr_words(270, 140, "BÁO CÁO", 95),
        *_ocr_words(150, 156, "Kết quả cải cách hành chính năm 2023", 96),
        *noise,
    ]
    return Page(page=1, method="ocr", text="", width=595.0, height=842.0, words=words)


def test_a_stamps_letters_between_the_number_and_the_date_line_do_not_end_the_header() -> None:
    """A stamp read as letters below the ghost confidence, under the motto and above the date line:
    the header goes on to the date line, and the stamp's letters are no part of its place."""
    from extractors.fields import parse_fields

    noise = [*_ocr_words(330, 82, "is subs se. xoa", 5), *_ocr_words(330, 94, "5041nh-lhnygee", 0)]
    header = read_header(_stamped_header(noise))
    assert any("ngày 21 tháng 6" in line.text for line in header.right)
    assert texts(header.after)[0] == "BÁO CÁO"
    fields = parse_fields([_stamped_header(noise)])
    assert (fields.place, fields.issue_date, fields.subject) == (
        "Đắk Lắk",
        dt.date(2023, 6, 21),
        "Kết quả cải cách hành chính năm 2023",
    )


def test_a_smudge_in_the_left_block_is_not_an_agency_line_but_a_faint_agency_line_is() -> None:
    from extractors.fields import parse_fields

    smudged = parse_fields([_stamped_header(_ocr_words(120, 67, 'B2" TINN', 0))])
    assert (smudged.issuer, smudged.superior) == ("Ủy ban nhân dân tỉnh Đắk Lắk", None)
    faint = _stamped_header(_ocr_words(60, 67, "SỞ NỘI VỤ", 40))  # read faintly, but Vietnamese
    assert (parse_fields([faint]).issuer, parse_fields([faint]).superior) == (
        "Sở Nội vụ",
        "Ủy ban nhân dân tỉnh Đắk Lắk",
    )


def test_a_number_line_read_unsurely_under_the_date_line_stays_in_the_header() -> None:
    """Handwritten digits glued to the symbol ("Số:⁄22ØSTP-VP", read at 36) under the date line: an
    unsure line, but a labelled one — the header keeps it, and the số and V/v lines are read."""
    from extractors.fields import parse_fields

    words = [
        *_ocr_words(100, 50, "ỦY BAN NHÂN DÂN TỈNH LONG AN", 93),
        *_ocr_words(300, 50, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 96),
        *_ocr_words(330, 66, "Độc lập - Tự do - Hạnh phúc", 95),
        *_ocr_words(120, 66, "SỞ TƯ PHÁP", 95),
        *_ocr_words(300, 84, "Long An, ngày 12 tháng 4 năm 2024", 95),
        *_ocr_words(110, 96, "Số:⁄22ØSTP-VP", 36),
        *_ocr_words(80, 114, "V/v đôn đốc báo cáo kết quả", 96),
        *_ocr_words(90, 128, "cải cách hành chính năm 2024", 96),
        *_ocr_words(150, 150, "Kính gửi: Thủ trưởng các phòng, đơn vị thuộc Sở.", 96),
    ]
    page = Page(page=1, method="ocr", text="", width=595.0, height=842.0, words=words)
    assert any(line.text.startswith("Số:") for line in read_header(page).left)
    fields = parse_fields([page])
    assert (fields.doc_type, fields.subject) == ("CV", "đôn đốc báo cáo kết quả cải cách hành chính năm 2024")
    assert fields.number is not None and fields.number.endswith("STP-VP") and "number" in fields.needs_review


def test_the_mottos_rule_pushed_below_the_number_does_not_end_the_header() -> None:
    """A narrow right column (a Word file's table cell): the motto wraps ("… VIỆT" / "NAM"), its rule
    falls below the "Số:" line, and the date line comes after it — still the header's."""
    from extractors.fields import parse_fields

    rows = [
        (133.0, 84.0, "UBND TỈNH ĐẮK LẮK"),
        (331.0, 84.0, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT"),
        (179.0, 102.0, "_______"),
        (422.0, 102.0, "NAM"),
        (150.0, 118.0, "Số: 797/QĐ-UBND"),
        (353.0, 118.0, "Độc lập - Tự do - Hạnh phúc"),
        (361.0, 138.0, "_______________________"),
        (337.0, 158.0, "Đắk Lắk, ngày 19 tháng 11 năm 2024"),
        (274.0, 178.0, "QUYẾT ĐỊNH"),
        (150.0, 200.0, "Về việc công nhận sáng kiến năm 2024"),
        (118.0, 230.0, "Căn cứ Luật Tổ chức chính quyền địa phương;"),
    ]
    fields = parse_fields([page_from_rows(rows)])
    assert (fields.place, fields.issue_date) == ("Đắk Lắk", dt.date(2024, 11, 19))
    assert fields.subject == "Về việc công nhận sáng kiến năm 2024"
