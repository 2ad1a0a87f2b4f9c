import pytest

from extractors.subjects import sentence_case, subject_of_cong_van


def test_upper_case_subject_in_sentence_case() -> None:
    assert sentence_case("QUY ĐỊNH MỨC THU LỆ PHÍ TRÊN ĐỊA BÀN TỈNH CAO BẰNG") == (
        "Quy định mức thu lệ phí trên địa bàn tỉnh Cao Bằng"
    )
    assert sentence_case("NÂNG CAO CHỈ SỐ PAPI VÀ SIPAS NĂM 2024") == "Nâng cao chỉ số PAPI và SIPAS năm 2024"


def test_a_roman_numeral_after_the_word_it_numbers_keeps_its_capitals() -> None:
    """ "I", "XI", "VI" read as syllables too: after "quý", "lần thứ", "khóa", "giai đoạn" they are numerals."""
    assert sentence_case("KẾT QUẢ CẢI CÁCH HÀNH CHÍNH QUÝ I NĂM 2025") == "Kết quả cải cách hành chính quý I năm 2025"
    assert sentence_case("KỲ HỌP THỨ XI, KHÓA VI") == "Kỳ họp thứ XI, khóa VI"
    assert sentence_case("XI MĂNG VÀ VẬT LIỆU XÂY DỰNG") == "Xi măng và vật liệu xây dựng"


def test_cong_van_subject() -> None:
    assert subject_of_cong_van(["V/v đăng ký danh sách tham gia Hội thi kỹ", "năng sử dụng máy tính.", "____"]) == (
        "đăng ký danh sách tham gia Hội thi kỹ năng sử dụng máy tính."
    )
    assert subject_of_cong_van(["Về Chương trình hỗ trợ pháp lý"]) == "Về Chương trình hỗ trợ pháp lý"


@pytest.mark.parametrize("label", ["V/v", "V.v", "V|v", "Vlv", "V1v", "VỊv", "V/v:"])
def test_the_cong_vans_label_as_ocr_reads_its_slash_is_removed(label: str) -> None:
    assert subject_of_cong_van([f"{label} đôn đốc thực hiện nhiệm vụ"]) == "đôn đốc thực hiện nhiệm vụ"


@pytest.mark.parametrize("line", ["Vĩnh Phúc tăng cường", "Vi phạm hành chính", "Vì vậy cần"])
def test_a_word_starting_with_v_is_no_label(line: str) -> None:
    assert subject_of_cong_van([line]) == line


BODY = (
    "Căn cứ Nghị quyết số 76/NQ-CP;\nỦy ban nhân dân tỉnh ban hành Kế hoạch kiểm tra công tác\n"
    "cải cách hành chính năm 2024 như sau:"
)


def test_garbled_subject_is_taken_from_the_body_that_restates_it() -> None:
    from extractors.subjects import repair_subject

    assert repair_subject("đc ông tác cải cách hành chính năm 2024", BODY) == (
        "Kiểm tra công tác cải cách hành chính năm 2024"
    )
    # every word a syllable, but a full stop and capitals inside: handwriting read through
    assert repair_subject("Đối Vướ. tra công tác cải cách hành chính năm 2024", BODY) == (
        "Kiểm tra công tác cải cách hành chính năm 2024"
    )


def test_a_readable_subject_or_one_the_body_does_not_restate_is_kept() -> None:
    from extractors.subjects import repair_subject

    readable = "Tuyên truyền cải cách hành chính năm 2024"
    assert repair_subject(readable, BODY) == readable  # every word is Vietnamese: never replaced
    other = "đc ông tác phòng chống thiên tai năm 2024"
    assert repair_subject(other, BODY) == other  # the restatement ends differently
    assert repair_subject(None, BODY) is None


def test_arrival_stamp_beside_the_subject_is_cut_off_the_line() -> None:
    from extractors.fields import parse_fields
    from extractors.layout import read_header
    from extractors.subjects import read_title_and_subject
    from tests.extractors.nd30_pages import header_rows, page_from_rows

    rows = [
        *header_rows(["ỦY BAN NHÂN DÂN", "TỈNH LONG AN"], "Long An, ngày 05 tháng 3 năm 2024", "Số: 480/KH-UBND"),
        (60, 150, "VĂN PHÒNG UBND TỈNH LONG AN"),
        (270, 152, "KẾ HOẠCH"),
        (60, 168, "ĐẾN Số: 9710"),
        (180, 170, "Kiểm tra công tác cải cách hành chính năm 2024"),
        (60, 184, "Ngày: 8/3/2024"),
        (60, 200, "Chuyển:"),
        (120, 202, "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/07/2021 của Chính phủ"),
    ]
    title, subject = read_title_and_subject(read_header(page_from_rows(rows)).after)
    assert title == "KẾ HOẠCH"
    assert subject == "Kiểm tra công tác cải cách hành chính năm 2024"
    # the stamp may have hidden words of the subject: the field goes to a person
    fields = parse_fields([page_from_rows(rows)])
    assert fields.subject == subject and "subject" in fields.needs_review
    assert "stamp" in fields.field_sources["subject"]
    without_stamp = [row for row in rows if not row[2].startswith(("ĐẾN", "Ngày:", "Chuyển"))]
    assert "subject" not in parse_fields([page_from_rows(without_stamp)]).needs_review


def test_arrival_stamp_among_the_subject_lines_puts_the_subject_under_review() -> None:
    """The stamp's box over the subject's first words, its own lines between the title and the rest
    of the subject: no line shows what it hid ("công tác …" for "Kiểm tra công tác …")."""
    from extractors.fields import parse_fields
    from tests.extractors.nd30_pages import header_rows, page_from_rows

    left = ["ỦY BAN NHÂN DÂN", "HUYỆN CHÂU THÀNH"]
    header = header_rows(left, "Châu Thành, ngày 10 tháng 02 năm 2025", "Số: 772/KH-UBND")
    stamp = [(60, 168, "ĐẾN"), (60, 200, "Ngày: 11/2/2025")]
    rows = [
        *header,
        (270, 150, "KẾ HOẠCH"),
        *stamp,
        (220, 184, "công tác cải cách hành chính năm 2025"),
        (120, 216, "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/07/2021 của Chính phủ"),
    ]
    fields = parse_fields([page_from_rows(rows)])
    assert fields.subject == "công tác cải cách hành chính năm 2025"
    assert "subject" in fields.needs_review and "stamp" in fields.field_sources["subject"]
    # the same subject with no stamp above it, or with the stamp below it, is what the page says
    assert "subject" not in parse_fields([page_from_rows([row for row in rows if row not in stamp])]).needs_review
    below = [(60, 232, "ĐẾN"), (60, 248, "Ngày: 11/2/2025")]
    moved = [row for row in rows if row not in stamp] + below
    assert "subject" not in parse_fields([page_from_rows(moved)]).needs_review
    # the box's lower lines right under the subject ("Ngày:" the next line down): the box covers it too
    just_below = [row for row in rows if row not in stamp] + [(60, 200, "Ngày:")]
    assert "subject" in parse_fields([page_from_rows(just_below)]).needs_review


def _subject_after(title: str, lines: list[str]) -> str | None:
    """The subject read from a page whose title is followed by `lines`, one per row, 16 pt apart."""
    from extractors.layout import read_header
    from extractors.subjects import read_title_and_subject
    from tests.extractors.nd30_pages import header_rows, page_from_rows

    rows = [
        *header_rows(["BỘ TÀI CHÍNH"], "Hà Nội, ngày 05 tháng 3 năm 2024", "Số: 12/2024/TT-BTC"),
        (260, 150, title),
        *((90.0, 166.0 + 16 * index, text) for index, text in enumerate(lines)),
    ]
    return read_title_and_subject(read_header(page_from_rows(rows)).after)[1]


def test_a_three_line_subject_is_read_whole_up_to_the_legal_bases() -> None:
    subject = _subject_after(
        "THÔNG TƯ",
        [
            "Quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí khai thác, sử dụng",
            "phần mềm quản lý văn bản; mục tiêu, xét duyệt hồ sơ và 2 loại lệ phí",
            "trong lĩnh vực thông tin",
            "Căn cứ Luật Phí và lệ phí ngày 25 tháng 11 năm 2015;",
        ],
    )
    assert subject == (
        "Quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí khai thác, sử dụng phần mềm quản lý "
        "văn bản; mục tiêu, xét duyệt hồ sơ và 2 loại lệ phí trong lĩnh vực thông tin"
    )


def test_a_subject_in_capitals_ends_at_the_authority_line() -> None:
    for authority in (
        "BỘ TRƯỞNG BỘ TÀI CHÍNH",
        "CHÍNH PHỦ",
        "THỦ TƯỚNG CHÍNH PHỦ",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH CAO BẰNG",
    ):
        subject = _subject_after(
            "QUYẾT ĐỊNH",
            [
                "VỀ VIỆC BAN HÀNH QUY CHẾ TỔ CHỨC VÀ HOẠT ĐỘNG",
                "CỦA TỔ CÔNG TÁC CẢI CÁCH HÀNH CHÍNH",
                "TỈNH CAO BẰNG NĂM 2024",
                authority,
                "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
            ],
        )
        assert subject == (
            "Về việc ban hành quy chế tổ chức và hoạt động của tổ công tác cải cách hành chính tỉnh Cao Bằng năm 2024"
        ), authority


def test_a_subject_in_capitals_may_go_on_with_a_title_word() -> None:
    subject = _subject_after(
        "KẾ HOẠCH",
        [
            "HỌC TẬP VÀ LÀM THEO TƯ TƯỞNG, ĐẠO ĐỨC, PHONG CÁCH",
            "CHỦ TỊCH HỒ CHÍ MINH NĂM 2024",
            "I. MỤC ĐÍCH, YÊU CẦU",
        ],
    )
    assert subject is not None and subject.lower().endswith("phong cách chủ tịch hồ chí minh năm 2024")


def test_a_subject_may_begin_like_a_body_sentence() -> None:
    subject = _subject_after(
        "KẾ HOẠCH",
        [
            "Thực hiện công tác cải cách hành chính năm 2023",
            "Thực hiện Kế hoạch số 732/KH-UBND ngày 24/12/2022 của Ủy ban nhân dân tỉnh Phú Thọ về cải cách",
        ],
    )
    assert subject == "Thực hiện công tác cải cách hành chính năm 2023"


def test_a_subject_ends_at_the_first_line_of_the_body() -> None:
    openers = (
        "Kính gửi: Các sở, ban, ngành",
        "Địa điểm: Hội trường Ủy ban nhân dân tỉnh",
        "Thời gian: 8 giờ 00, ngày 12 tháng 3 năm 2024",
        "Chương I",
        "Điều 1. Phạm vi điều chỉnh",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Mục đích",
        "Phần thứ nhất",
        "Xét đề nghị của Giám đốc Sở Nội vụ",
        "Theo đề nghị của Chánh Văn phòng",
        "__________",
        ": Căn cứ Quyết định số 749/QĐ-TTg ngày 3 tháng 6 năm 2020 của",  # a speck of a photographed page
        "5 Căn cứ Luật Tổ chức chính quyền địa phương",
        "_ Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15",  # an underscore is a word character to regex
        # an attached regulation names what issued it
        "(Ban hành kèm theo Quyết định số 12/QĐ-UBND ngày 5 tháng 3 năm 2025",
        "(Kèm theo Kế hoạch số 45/KH-UBND ngày 12/3/2024)",
    )
    for opener in openers:
        subject = _subject_after("THÔNG BÁO", ["Kiểm tra công tác cải cách hành chính", "năm 2024", opener])
        assert subject == "Kiểm tra công tác cải cách hành chính năm 2024", opener


def test_a_subject_in_capitals_keeps_the_capitals_of_names() -> None:
    cases = {
        "SỬA ĐỔI MỘT SỐ ĐIỀU CỦA THÔNG TƯ SỐ 52/2025/TT-BTC CỦA BỘ TRƯỞNG BỘ TÀI CHÍNH": (
            "Sửa đổi một số điều của Thông tư số 52/2025/TT-BTC của Bộ trưởng Bộ Tài chính"
        ),
        "CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA CHÍNH PHỦ THỰC HIỆN NGHỊ QUYẾT CỦA QUỐC HỘI": (
            "Chương trình hành động của Chính phủ thực hiện nghị quyết của Quốc hội"
        ),
        "ỦY QUYỀN CHO PHÓ CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÀO CAI": (
            "Ủy quyền cho Phó Chủ tịch Ủy ban nhân dân tỉnh Lào Cai"
        ),
        "TÁI CẤP VỐN CỦA NGÂN HÀNG NHÀ NƯỚC VIỆT NAM": "Tái cấp vốn của Ngân hàng Nhà nước Việt Nam",
        # common nouns that are also the heads of agency names stay common nouns
        "CHÍNH SÁCH BẢO HIỂM XÃ HỘI VÀ CÔNG TÁC VĂN PHÒNG": "Chính sách bảo hiểm xã hội và công tác văn phòng",
        "KẾ HOẠCH SỐ LƯỢNG NGƯỜI LÀM VIỆC": "Kế hoạch số lượng người làm việc",
    }
    for printed, written in cases.items():
        assert sentence_case(printed) == written


def test_a_short_last_line_of_a_text_layer_subject_is_kept() -> None:
    subject = _subject_after(
        "QUYẾT ĐỊNH",
        [
            "Về việc kiện toàn Ban Chỉ đạo cải cách hành chính Quận",
            "3",
            "CHỦ TỊCH ỦY BAN NHÂN DÂN QUẬN 3",
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
        ],
    )
    assert subject == "Về việc kiện toàn Ban Chỉ đạo cải cách hành chính Quận 3"


def _ocr_subject(left: list[str], date_line: str, number_line: str, rows: list[tuple[float, float, str]]) -> str | None:
    """The subject read from an OCR page (every word at 96) with this header and these rows under it."""
    from extractors.layout import read_header
    from extractors.subjects import read_title_and_subject
    from tests.extractors.nd30_pages import header_rows, page_from_rows

    page = page_from_rows([*header_rows(left, date_line, number_line), *rows])
    words = [word.model_copy(update={"confidence": 96.0}) for word in page.words]
    ocr = page.model_copy(update={"method": "ocr", "words": words})
    return read_title_and_subject(read_header(ocr).after)[1]


def test_an_ocr_subject_wrapped_before_its_last_syllable_keeps_it() -> None:
    """ "… Sở Nội" / "vụ": a line of one short word read surely ends the subject when it finishes the
    word above; the same short line that makes no word with it is a speck."""

    def subject(last_line: str) -> str | None:
        return _ocr_subject(
            ["ỦY BAN NHÂN DÂN", "TỈNH TÂY NINH", "SỞ NỘI VỤ"],
            "Tây Ninh, ngày 11 tháng 7 năm 2024",
            "Số: 668/QĐ-SNV",
            [
                (265, 160, "QUYẾT ĐỊNH"),
                (90, 176, "Về việc kiện toàn Ban Chỉ đạo cải cách hành chính Sở Nội"),
                (300, 192, last_line),
                (230, 212, "GIÁM ĐỐC SỞ NỘI VỤ"),
                (118, 232, "Căn cứ Quyết định số 270/QĐ-UBND ngày 19 tháng 5 năm 2020;"),
            ],
        )

    assert subject("vụ") == "Về việc kiện toàn Ban Chỉ đạo cải cách hành chính Sở Nội vụ"
    assert subject("đi") == "Về việc kiện toàn Ban Chỉ đạo cải cách hành chính Sở Nội"


def test_an_ocr_subject_wrapped_inside_a_district_name_keeps_its_last_word() -> None:
    """ "… huyện Mường" / "Tè": the short word finishes a gazetteer place, though no legal text pairs them."""

    def subject(last_line: str) -> str | None:
        return _ocr_subject(
            ["ỦY BAN NHÂN DÂN", "HUYỆN MƯỜNG TÈ"],
            "Mường Tè, ngày 11 tháng 7 năm 2024",
            "Số: 668/QĐ-UBND",
            [
                (265, 160, "QUYẾT ĐỊNH"),
                (90, 176, "Về việc kiện toàn Ban Chỉ đạo cải cách hành chính huyện Mường"),
                (300, 192, last_line),
                (230, 212, "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN"),
                (118, 232, "Căn cứ Quyết định số 270/QĐ-UBND ngày 19 tháng 5 năm 2020;"),
            ],
        )

    assert subject("Tè") == "Về việc kiện toàn Ban Chỉ đạo cải cách hành chính huyện Mường Tè"
    assert subject("Tê") == "Về việc kiện toàn Ban Chỉ đạo cải cách hành chính huyện Mường"  # no such place


def test_a_justified_line_keeps_its_short_words_and_opens_the_body() -> None:
    """A justified line's spaces are all wide: "cứ" between them is a word, not a speck, so
    "Căn cứ Luật …" still opens the body and does not join the subject above."""
    from core.models import Word
    from extractors.layout import read_header
    from extractors.subjects import read_title_and_subject
    from tests.extractors.nd30_pages import header_rows, page_from_rows

    left = ["ỦY BAN NHÂN DÂN", "QUẬN 3"]
    rows = [
        *header_rows(left, "Quận 3, ngày 5 tháng 1 năm 2025", "Số: 12/KH-UBND"),
        (270, 130, "KẾ HOẠCH"),
        (130, 150, "Phòng, chống thiên tai và tìm kiếm cứu nạn năm 2025"),
    ]
    page = page_from_rows(rows)

    def justified(gap: float) -> list[Word]:
        words, x = [], 117.0
        for text in ["Căn", "cứ", "Luật", "Phòng,", "chống", "thiên", "tai", "số", "33/2013/QH13", "ngày"]:
            words.append(Word(text=text, x0=x, top=180, x1=x + 6.0 * len(text), bottom=192, confidence=96.0))
            x += 6.0 * len(text) + gap
        return words

    for gap in (6.0, 11.0):  # ordinary spaces, and a justified line's (wider than 0.8 of the height)
        words = [word.model_copy(update={"confidence": 96.0}) for word in page.words] + justified(gap)
        ocr = page.model_copy(update={"method": "ocr", "words": words})
        assert (
            read_title_and_subject(read_header(ocr).after)[1] == "Phòng, chống thiên tai và tìm kiếm cứu nạn năm 2025"
        )


def test_a_dash_ocr_set_on_a_line_of_its_own_goes_back_into_the_subject() -> None:
    """ "… giai đoạn 2026 2030" and a "-" OCR grouped apart, level with the gap: the dash is the
    subject's, not the rule under it, so the subject does not end at it (it lost its last lines)."""
    from core.models import Word
    from extractors.layout import Line
    from extractors.subjects import read_title_block

    def line(top: float, *words: tuple[str, float]) -> Line:
        return Line(
            [Word(text=t, x0=x, top=top, x1=x + 6.0 * len(t), bottom=top + 11, confidence=96.0) for t, x in words]
        )

    def placed(top: float, text: str, x: float = 120.0) -> Line:
        words = []
        for token in text.split():
            words.append((token, x))
            x += 6.0 * len(token) + 5.0
        return line(top, *words)

    lines = [
        placed(160, "THÔNG TƯ", 270),
        placed(190, "Hướng dẫn tiêu chí xã nông thôn mới và điều kiện hoàn thành"),
        line(205, ("-", 412.0)),
        placed(206, "nhiệm vụ xây dựng nông thôn mới giai đoạn 2026 2030", 150),
        placed(222, "thuộc lĩnh vực quản lý nhà nước của Bộ Tài chính", 160),
        placed(260, "Căn cứ Nghị định số 29/2025/NĐ-CP ngày 24 tháng 02 năm 2025;"),
    ]
    assert read_title_block(lines).subject == (
        "Hướng dẫn tiêu chí xã nông thôn mới và điều kiện hoàn thành nhiệm vụ xây dựng nông thôn mới"
        " giai đoạn 2026 - 2030 thuộc lĩnh vực quản lý nhà nước của Bộ Tài chính"
    )
    # the rule under a subject is wide: it still ends the subject
    rule = [lines[0], lines[1], placed(205, "————————————", 250), lines[4]]
    assert read_title_block(rule).subject == "Hướng dẫn tiêu chí xã nông thôn mới và điều kiện hoàn thành"


def test_a_line_made_tall_by_an_ink_box_does_not_bridge_the_gap_after_the_subject() -> None:
    """The gap that ends a subject is measured in the smaller line's height: a body line whose OCR box
    a stroke of ink made 25 pt tall, 39 pt below an 11 pt subject line, does not join it."""
    from core.models import Word
    from extractors.layout import Line
    from extractors.subjects import read_title_block

    def line(top: float, text: str, height: float = 11.0, x: float = 120.0) -> Line:
        words = []
        for token in text.split():
            words.append(Word(text=token, x0=x, top=top, x1=x + 6.0 * len(token), bottom=top + height, confidence=96.0))
            x += 6.0 * len(token) + 5.0
        return Line(words)

    title, subject = line(140, "KẾ HOẠCH", x=280), line(162, "Kiểm tra công tác cải cách hành chính năm 2024")
    assert read_title_block([title, subject, line(212, "đoạn 2021 - 2030;", height=25.0)]).subject == (
        "Kiểm tra công tác cải cách hành chính năm 2024"
    )
    assert read_title_block([title, subject, line(176, "của các phòng, ban")]).subject == (
        "Kiểm tra công tác cải cách hành chính năm 2024 của các phòng, ban"
    )


def test_a_speck_read_as_letters_over_the_subject_does_not_take_its_place() -> None:
    """A photographed page: a speck 3 pt tall and 4 pt wide between the title and the subject, read
    "SUẾn" in capitals, made the subject (its capitals then ended it at the normal-case line below)."""
    from core.models import Word
    from extractors.layout import Line
    from extractors.subjects import read_title_block

    def line(top: float, text: str, height: float = 12.0, x: float = 120.0, letter: float = 6.0) -> Line:
        words = []
        for token in text.split():
            width = letter * len(token)
            words.append(Word(text=token, x0=x, top=top, x1=x + width, bottom=top + height, confidence=90.0))
            x += width + 5.0
        return Line(words)

    subject = ["Cập nhật, bổ sung Chương trình hành động của Chính phủ", "thực hiện Nghị quyết Đại hội"]
    lines = [line(187, "NGHỊ QUYẾT", x=285), line(201, "SUẾn", height=3.0, x=134, letter=1.0)]
    lines += [line(204 + 15 * i, text) for i, text in enumerate(subject)]
    lines.append(line(260, "CHÍNH PHỦ", x=280))
    assert read_title_block(lines).subject == " ".join(subject)
    lines[1] = line(201, "SUẾn", height=12.0, x=134)  # as tall and as wide as print: a word, read as one
    assert read_title_block(lines).subject == "SUẾn"


def test_a_title_line_that_goes_on_after_its_type() -> None:
    """ "KẾ HOẠCH KIỂM TRA …" (the subject on the title's line), "BÁO CÁO TÓM TẮT" over a subject in
    normal case (a qualified title), and the older "QUYẾT ĐỊNH CỦA CHỦ TỊCH …" (who decides, not what)."""
    from extractors.fields import parse_fields
    from tests.extractors.nd30_pages import header_rows, page_from_rows

    cases = [
        (
            ["KẾ HOẠCH KIỂM TRA CÔNG TÁC CẢI CÁCH", "HÀNH CHÍNH NĂM 2024"],
            "KH",
            "Kiểm tra công tác cải cách hành chính năm 2024",
        ),
        (["BÁO CÁO TÓM TẮT", "Kết quả cải cách hành chính năm 2024"], "BC", "Kết quả cải cách hành chính năm 2024"),
        (
            ["QUYẾT ĐỊNH CỦA CHỦ TỊCH UBND TỈNH LONG AN", "Về việc ban hành Kế hoạch cải cách hành chính"],
            "QĐ",
            "Về việc ban hành Kế hoạch cải cách hành chính",
        ),
    ]
    for title_lines, doc_type, subject in cases:
        rows = header_rows(["ỦY BAN NHÂN DÂN", "TỈNH LONG AN"], "Long An, ngày 15 tháng 3 năm 2024", "Số: 12/UBND-NC")
        rows += [(150.0, 160.0 + 16 * i, text) for i, text in enumerate(title_lines)]
        rows += [(60.0, 220.0, "Căn cứ Luật Tổ chức chính quyền địa phương;")]
        fields = parse_fields([page_from_rows(rows)])
        assert (fields.doc_type, fields.subject) == (doc_type, subject), title_lines
        assert "subject" not in fields.needs_review


def test_a_subject_on_the_title_line_is_not_replaced_by_the_body_below_it() -> None:
    """ "BÁO CÁO KẾT QUẢ … NĂM 2024" on one line, the body right under it ("Thực hiện Kế hoạch số …"):
    the rest of the title line is the subject; only a word or two ("TÓM TẮT") qualify the title."""
    from extractors.fields import parse_fields
    from tests.extractors.nd30_pages import header_rows, page_from_rows

    body = [
        "Thực hiện Kế hoạch số 273/KH-UBND ngày 22 tháng 9 năm 2021 của Ủy ban nhân dân",
        "tỉnh về cải cách hành chính, Sở Nội vụ báo cáo như sau:",
    ]
    cases = [
        ("BÁO CÁO KẾT QUẢ CẢI CÁCH HÀNH CHÍNH NĂM 2024", "Kết quả cải cách hành chính năm 2024"),
        ("KẾ HOẠCH KIỂM TRA CÔNG TÁC CẢI CÁCH HÀNH CHÍNH", "Kiểm tra công tác cải cách hành chính"),
    ]
    for title_line, subject in cases:
        rows = header_rows(["UBND TỈNH LONG AN", "SỞ NỘI VỤ"], "Long An, ngày 15 tháng 3 năm 2024", "Số: 12/BC-SNV")
        rows += [(120.0, 160.0, title_line)]
        rows += [(60.0 + (20.0 if i == 0 else 0.0), 190.0 + 15 * i, text) for i, text in enumerate(body)]
        fields = parse_fields([page_from_rows(rows)])
        assert fields.subject == subject, title_line
    rows = header_rows(["UBND TỈNH LONG AN", "SỞ NỘI VỤ"], "Long An, ngày 15 tháng 3 năm 2024", "Số: 12/BC-SNV")
    rows += [(200.0, 160.0, "BÁO CÁO TÓM TẮT"), (150.0, 176.0, "Kết quả cải cách hành chính năm 2024")]
    rows += [(80.0, 200.0, body[0]), (60.0, 215.0, body[1])]
    assert parse_fields([page_from_rows(rows)]).subject == "Kết quả cải cách hành chính năm 2024"


def test_the_older_decision_names_who_decides_under_its_title_and_the_subject_follows() -> None:
    """Decisions before NĐ30 (and Word attachments of them): "QUYẾT ĐỊNH" / "CỦA CHỦ TỊCH ỦY BAN NHÂN
    DÂN" / "TỈNH PHÚ THỌ" / "Về việc …": the authority's lines are not the subject."""
    from extractors.fields import parse_fields
    from tests.extractors.nd30_pages import header_rows, page_from_rows

    authorities = [
        ["CỦA ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ"],
        ["CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN", "TỈNH PHÚ THỌ"],
        ["Của Chủ tịch Ủy ban nhân dân tỉnh"],
    ]
    for authority in authorities:
        rows = header_rows(
            ["ỦY BAN NHÂN DÂN", "TỈNH PHÚ THỌ"], "Việt Trì, ngày 5 tháng 3 năm 2007", "Số: 12/2007/QĐ-UB"
        )
        title = ["QUYẾT ĐỊNH", *authority, "Về việc ban hành Quy chế làm việc"]
        rows += [(200.0, 160.0 + 15 * i, text) for i, text in enumerate(title)]
        rows += [(200.0, 240.0, "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ")]
        rows += [(80.0, 260.0, "Căn cứ Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân ngày 26/11/2003;")]
        fields = parse_fields([page_from_rows(rows)])
        assert (fields.doc_type, fields.subject) == ("QĐ", "Về việc ban hành Quy chế làm việc"), authority


def test_a_title_with_no_subject_does_not_take_the_body_for_one() -> None:
    """ "THÔNG BÁO" then the body at once ("Thực hiện …, thông báo như sau:"): no trích yếu, for review."""
    from extractors.fields import parse_fields
    from tests.extractors.nd30_pages import header_rows, page_from_rows

    rows = header_rows(["ỦY BAN NHÂN DÂN", "TỈNH PHÚ THỌ"], "Việt Trì, ngày 5 tháng 3 năm 2012", "Số: 12/TB-UBND")
    rows += [(260.0, 160.0, "THÔNG BÁO")]
    rows += [(80.0, 190.0, "Thực hiện Kế hoạch số 273/KH-UBND ngày 22 tháng 9 năm 2021 của Ủy ban nhân dân")]
    rows += [(60.0, 205.0, "tỉnh về cải cách hành chính, Ủy ban nhân dân tỉnh thông báo như sau:")]
    fields = parse_fields([page_from_rows(rows)])
    assert fields.doc_type == "TB"
    assert fields.subject is None and "subject" in fields.needs_review


def test_an_ocr_block_beside_the_title_is_a_stamp_over_the_subject() -> None:
    """ "VĂN PHÒNG UBND TỈNH LONG AN    KẾ HOẠCH": an arrival box's receiver shares the title's line, and
    its box covers the subject's first words ("J thiên tai …" for "Phòng, chống thiên tai …")."""
    from core.models import Word
    from extractors.layout import Line
    from extractors.subjects import read_title_block

    def line(top: float, *blocks: tuple[float, str], confidence: float | None = 96.0) -> Line:
        words = []
        for x, text in blocks:
            for token in text.split():
                words.append(
                    Word(text=token, x0=x, top=top, x1=x + 6.0 * len(token), bottom=top + 11, confidence=confidence)
                )
                x += 6.0 * len(token) + 5.0
        return Line(words)

    subject = line(150, (210, "J thiên tai và tìm kiếm cứu nạn năm 2024"))
    body = line(180, (120, "Căn cứ Luật Phòng, chống thiên tai số 33/2013/QH13;"))
    stamped = read_title_block([line(132, (64, "VĂN PHÒNG UBND TỈNH LONG AN"), (280, "KẾ HOẠCH")), subject, body])
    assert stamped.title == "KẾ HOẠCH" and stamped.stamp_among
    assert not read_title_block([line(132, (280, "KẾ HOẠCH")), subject, body]).stamp_among


def test_a_subject_starts_with_no_mark_and_no_specks_before_ve_viec() -> None:
    """Photo views: ": Quy định mức thu …" and "đinh ta n Về việc tặng Giấy khen …"."""
    assert subject_of_cong_van([": quy định mức thu, chế độ thu"]) == "quy định mức thu, chế độ thu"
    assert subject_of_cong_van(["đinh ta n Về việc tặng Giấy khen cho các tập thể"]) == (
        "Về việc tặng Giấy khen cho các tập thể"
    )
    # an opening quote stays; a subject that says "về việc" later keeps its words
    assert subject_of_cong_van(["“Tháng hành động” năm 2024"]) == "“Tháng hành động” năm 2024"
    assert subject_of_cong_van(["Kế hoạch về việc rà soát"]) == "Kế hoạch về việc rà soát"


def test_a_lower_case_legal_basis_word_goes_on_with_the_subject() -> None:
    subject = _subject_after(
        "QUYẾT ĐỊNH", ["Quy định mức hỗ trợ", "- căn cứ vào kết quả đánh giá", "Căn cứ Luật Ngân sách"]
    )
    assert subject == "Quy định mức hỗ trợ - căn cứ vào kết quả đánh giá"


def test_a_title_is_found_under_a_header_no_number_or_date_line_split_off() -> None:
    """A pen's digits garbled the number line ("Số: ⁄8 Tứ ST") and the date line lost its year: no
    anchor splits the header off, so every line is "after" it and the title is the sixth. The title
    and subject are still read (the header's own fields come from its second look)."""
    from extractors.fields import parse_fields
    from tests.extractors.nd30_pages import page_from_rows

    rows = [
        (80.0, 50.0, "ỦY BAN NHÂN DÂN"),
        (300.0, 50.0, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        (70.0, 66.0, "THÀNH PHỐ HỒ CHÍ MINH"),
        (330.0, 66.0, "Độc lập - Tự do - Hạnh phúc"),
        (100.0, 84.0, "SỞ TƯ PHÁP"),
        (290.0, 92.0, "Thành phố Hồ Chí Minh, ngày 30 tháng 7 năm"),
        (100.0, 108.0, "Số: ⁄8 Tứ ST"),
        (250.0, 136.0, "TỜ TRÌNH"),
        (110.0, 152.0, "Về việc đề nghị điều chỉnh quy hoạch chi tiết xây dựng tỷ"),
        (230.0, 168.0, "lệ 1/500 khu dân cư"),
        (90.0, 190.0, "Kính gửi: Ủy ban nhân dân Thành phố Hồ Chí Minh."),
    ]
    fields = parse_fields([page_from_rows(rows)])
    assert fields.doc_type == "TTr"
    assert fields.subject == "Về việc đề nghị điều chỉnh quy hoạch chi tiết xây dựng tỷ lệ 1/500 khu dân cư"


def test_an_ocr_subject_loses_the_marks_print_never_sets_in_one() -> None:
    from extractors.subjects import ocr_marks_cleared

    assert ocr_marks_cleared("nâng bậc lương thường xuyên. nâng bậc lương trước thời hạn") == (
        "nâng bậc lương thường xuyên, nâng bậc lương trước thời hạn"
    )
    # a full stop before a capital, after a number or an abbreviation's single letter stays
    for kept in ("tại TP. Hồ Chí Minh", "năm 2024. và", "điểm a. khoản 2", "phát triển kinh tế - xã hội 2026 - 2030"):
        assert ocr_marks_cleared(kept) == kept
    # a stamp's edge read between words, an opening quote nothing closes
    assert ocr_marks_cleared('xuất sắc năm : " 2023') == "xuất sắc năm 2023"
    assert ocr_marks_cleared("trật tự _.- xây dựng") == "trật tự xây dựng"
    # a speck glued to a word's front, where print sets no mark
    assert ocr_marks_cleared("thuộc „phạm vi chức năng") == "thuộc phạm vi chức năng"
    assert ocr_marks_cleared("rà soát, -đơn giản hóa") == "rà soát, đơn giản hóa"
    assert ocr_marks_cleared("tỉnh Bà Rịa -Vũng Tàu") == "tỉnh Bà Rịa -Vũng Tàu"  # a dash between words is print
    assert ocr_marks_cleared("“Thực hiện công tác cải cách") == "Thực hiện công tác cải cách"
    assert ocr_marks_cleared("Hưởng ứng “Ngày Pháp luật” năm 2024") == "Hưởng ứng “Ngày Pháp luật” năm 2024"


def test_a_speck_before_v_v_is_no_part_of_a_cong_van_s_subject() -> None:
    assert subject_of_cong_van(["_ V/v tăng cường công tác quản lý"]) == "tăng cường công tác quản lý"


def test_a_line_written_on_a_painted_stamp_is_no_line_of_the_subject() -> None:
    """An arrival stamp over a plan's subject: its red ink was painted out before OCR, the number and
    date written on it in black stay, under the subject's line ("9 0Ốn"). A line wholly inside the
    stamp's box is the stamp's; the same line outside any stamp is read as the subject's."""
    from extractors.layout import read_header
    from extractors.subjects import read_title_block
    from tests.extractors.nd30_pages import header_rows, page_from_rows

    rows = [
        *header_rows(["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG"], "Lâm Đồng, ngày 17 tháng 02 năm 2025", "Số: 592/KH-UBND"),
        (260, 150, "KẾ HOẠCH"),
        (150, 166, "Phòng, chống thiên tai và tìm kiếm cứu nạn năm 2025"),
        (171, 182, "9 0Ốn"),
        (90, 198, "Căn cứ Luật Phòng, chống thiên tai số 33/2013/QH13;"),
    ]
    after = read_header(page_from_rows(rows)).after
    stamp = (46.0, 115.0, 236.0, 230.0)
    assert read_title_block(after, stamp_boxes=[stamp]).subject == "Phòng, chống thiên tai và tìm kiếm cứu nạn năm 2025"
    assert read_title_block(after).subject != "Phòng, chống thiên tai và tìm kiếm cứu nạn năm 2025"
