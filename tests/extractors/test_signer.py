from core.models import Page, Signer
from extractors.signer import read_closing_block, read_recipients, title_of
from tests.extractors.nd30_pages import page_from_rows


def test_titles_in_normal_case_and_through_ocr_slips() -> None:
    assert title_of("PHÓ CHỦ TỊCH") == "Phó Chủ tịch"
    assert title_of("CHỦ TICH") == "Chủ tịch"
    assert title_of("PHÓ GIÁM ĐÓC") == "Phó Giám đốc"
    assert title_of("CHÁNH VĂN PHÒNG") == "Chánh Văn phòng"
    assert title_of("PHÓ TRƯỞNG BAN THƯỜNG TRỰC") == "Phó Trưởng ban thường trực"
    assert title_of("Nguyễn Văn A") is None


def closing_page(number: int = 2) -> Page:
    return page_from_rows(
        [
            (80, 300, "Điều 3. Quyết định này có hiệu lực kể từ ngày ký./."),
            (340, 330, "TM. ỦY BAN NHÂN DÂN"),
            (80, 345, "Nơi nhận:"),
            (350, 345, "KT. CHỦ TỊCH"),
            (80, 360, "- Như Điều 3;"),
            (350, 360, "PHÓ CHỦ TỊCH"),
            (80, 375, "- Sở Nội vụ;"),
            (80, 390, "- Các phòng, ban"),
            (90, 405, "thuộc quận;"),
            (80, 420, "- Lưu: VT, NC."),
            (350, 440, "Nguyễn Văn An"),
        ],
        number=number,
    )


def test_signer_and_recipients_of_a_decision() -> None:
    block = read_closing_block([closing_page()])
    assert block.signer == Signer(name="Nguyễn Văn An", title="Phó Chủ tịch", capacity="KT.")
    assert block.recipients == ["Như Điều 3", "Sở Nội vụ", "Các phòng, ban thuộc quận"]


def test_signer_is_read_before_the_annexes() -> None:
    annex = page_from_rows([(250, 50, "PHỤ LỤC"), (340, 400, "GIÁM ĐỐC"), (350, 440, "Trần Thị Bình")], number=3)
    block = read_closing_block([closing_page(), annex])
    assert block.page == 2
    assert block.signer is not None and block.signer.name == "Nguyễn Văn An"


def test_text_only_closing_block() -> None:
    page = Page(
        page=4,
        method="text",
        text=(
            "Nơi nhận:\n– Chính phủ;\n– Văn phòng Quốc hội;\nCHỦ TỊCH\n"
            "– Thường trực Tỉnh ủy;    Triệu Đình Lê\n– Lưu: VT."
        ),
    )
    block = read_closing_block([page])
    assert block.signer == Signer(name="Triệu Đình Lê", title="Chủ tịch", capacity=None)
    assert block.recipients == ["Chính phủ", "Văn phòng Quốc hội", "Thường trực Tỉnh ủy"]


def test_recipients_stop_at_text_that_is_not_an_item() -> None:
    assert read_recipients(["Nơi nhận: - Như trên;", "- Lưu: VT.", "Z", "<D:\\2025\\file>"]) == ["Như trên"]


def test_no_closing_block() -> None:
    block = read_closing_block([Page(page=1, method="text", text="Chỉ có nội dung.")])
    assert block.signer is None and block.recipients == []


def test_ink_read_as_marks_or_a_lone_letter_beside_the_name_is_dropped() -> None:
    from extractors.layout import text_line
    from extractors.signer import read_signer

    column = [text_line("CHỦ TỊCH", "right"), text_line("s.: xé)", "right"), text_line(". Hoàng Thanh Hương", "right")]
    assert read_signer(column) == Signer(name="Hoàng Thanh Hương", title="Chủ tịch", capacity=None)
    speck = [text_line(t, "right") for t in ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "š Huỳnh Hoàng Bình")]
    assert read_signer(speck) == Signer(name="Huỳnh Hoàng Bình", title="Phó Chủ tịch", capacity="KT.")
    quoted = [text_line("KT. CHỦ TỊCH", "right"), text_line('"Phan Quốc Tuấn', "right")]
    assert read_signer(quoted) == Signer(name="Phan Quốc Tuấn", title="Phó Chủ tịch", capacity="KT.")


def test_a_deputy_signs_for_the_head_so_ky_thay_gives_the_title() -> None:
    from extractors.layout import text_line
    from extractors.signer import read_signer

    def signer(*lines: str) -> Signer | None:
        return read_signer([text_line(t, "right") for t in lines])

    # the red seal left "Z2 kh ng CHỦ TỊCH" of "PHÓ CHỦ TỊCH"; OCR dropped "PHÓ"
    assert signer("KT. CHỦ TỊCH", "Z2 kh ng", "Nguyễn Kim Hương") == Signer(
        name="Nguyễn Kim Hương", title="Phó Chủ tịch", capacity="KT."
    )
    assert signer("KT. GIÁM ĐỐC", "GIÁM ĐỐC", "Lê Văn Hai") == Signer(
        name="Lê Văn Hai", title="Phó Giám đốc", capacity="KT."
    )
    assert signer("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC THƯỜNG TRỰC", "Lê Văn Hai").title == "Phó Giám đốc thường trực"
    assert signer("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Võ Đức Tuấn").title == "Chủ tịch"  # no deputy here
