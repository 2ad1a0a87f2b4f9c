from extractors.subjects import sentence_case, subject_of_cong_van


def test_upper_case_subject_in_sentence_case() -> None:
    assert sentence_case("QUY ĐỊNH MỨC THU LỆ PHÍ TRÊN ĐỊA BÀN TỈNH CAO BẰNG") == (
        "Quy định mức thu lệ phí trên địa bàn tỉnh Cao Bằng"
    )
    assert sentence_case("NÂNG CAO CHỈ SỐ PAPI VÀ SIPAS NĂM 2024") == "Nâng cao chỉ số PAPI và SIPAS năm 2024"


def test_cong_van_subject() -> None:
    assert subject_of_cong_van(["V/v đăng ký danh sách tham gia Hội thi kỹ", "năng sử dụng máy tính.", "____"]) == (
        "đăng ký danh sách tham gia Hội thi kỹ năng sử dụng máy tính."
    )
    assert subject_of_cong_van(["Về Chương trình hỗ trợ pháp lý"]) == "Về Chương trình hỗ trợ pháp lý"


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
