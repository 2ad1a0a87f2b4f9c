from core.models import Page, Signer
from extractors.signer import read_closing_block, read_recipients, title_of
from tests.extractors.nd30_pages import header_rows, page_from_rows


def test_titles_in_normal_case_and_through_ocr_slips() -> None:
    assert title_of("PHÓ CHỦ TỊCH") == "Phó Chủ tịch"
    assert title_of("CHỦ TICH") == "Chủ tịch"
    assert title_of("PHÓ GIÁM ĐÓC") == "Phó Giám đốc"
    assert title_of("CHÁNH VĂN PHÒNG") == "Chánh Văn phòng"
    assert title_of("PHÓ TRƯỞNG BAN THƯỜNG TRỰC") == "Phó Trưởng ban thường trực"
    assert title_of("Nguyễn Văn A") is None


def test_titles_that_fold_alike_are_told_by_their_printed_marks() -> None:
    """ "THỦ TRƯỞNG" (a unit's head) and "THỨ TRƯỞNG" (a deputy minister) fold to one key; "TỔ
    TRƯỞNG" is one letter from "BỘ TRƯỞNG" but its marks are another word's too."""
    assert title_of("THỦ TRƯỞNG") == "Thủ trưởng"
    assert title_of("THỨ TRƯỞNG") == "Thứ trưởng"
    assert title_of("TỔ TRƯỞNG") == "Tổ trưởng"
    assert title_of("BỘ TRUỞNG") == "Bộ trưởng"  # a mark misread, one letter: still the minister
    assert title_of("PHÓ THỦ TRƯỞNG") == "Phó Thủ trưởng"
    assert title_of("THỦ TRƯỞNG ĐƠN VỊ") == "Thủ trưởng đơn vị"  # with a qualifier too


def test_a_title_s_qualifier_naming_a_body_keeps_the_body_s_capitals() -> None:
    assert title_of("VỤ TRƯỞNG VỤ CẢI CÁCH HÀNH CHÍNH") == "Vụ trưởng Vụ Cải cách hành chính"
    assert title_of("CHỦ TỊCH QUỐC HỘI") == "Chủ tịch Quốc hội"
    assert title_of("CHÁNH VĂN PHÒNG UBND TỈNH") == "Chánh Văn phòng UBND tỉnh"  # abbreviations as printed
    assert title_of("PHÓ TRƯỞNG BAN THƯỜNG TRỰC") == "Phó Trưởng ban thường trực"


def test_two_offices_held_at_once_are_both_titles_with_a_comma_between() -> None:
    assert title_of("BỘ TRƯỞNG, CHỦ NHIỆM") == "Bộ trưởng, Chủ nhiệm"
    assert title_of("THỨ TRƯỞNG, PHÓ CHỦ NHIỆM") == "Thứ trưởng, Phó Chủ nhiệm"
    assert title_of("THỨ TRƯỞNG PHÓ CHỦ NHIỆM") == "Thứ trưởng, Phó Chủ nhiệm"  # OCR lost the comma
    assert title_of("PHÓ BÍ THƯ THƯỜNG TRỰC") == "Phó Bí thư thường trực"  # a qualifier, not an office


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
    # a minister's deputy is a Thứ trưởng (stale-layer view, seed 181: the title line lost)
    assert signer("KT. BỘ TRƯỞNG", "Nguyễn Văn Hùng") == Signer(
        name="Nguyễn Văn Hùng", title="Thứ trưởng", capacity="KT."
    )


def test_a_capacity_mark_read_as_a_block_of_its_own_keeps_its_line() -> None:
    from extractors.layout import text_line
    from extractors.signer import read_signer

    # a photographed page's OCR split "TM. ỦY BAN NHÂN DÂN" at wide gaps into blocks of its own
    pieces = ["TM.", "ỦY BAN", "NHÂN DÂN", "CHỦ TỊCH", "Bùi Mỹ Hằng"]
    assert read_signer([text_line(t, "right") for t in pieces]) == Signer(
        name="Bùi Mỹ Hằng", title="Chủ tịch", capacity="TM."
    )
    pieces = ["KT.", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Lê Văn Hai"]
    assert read_signer([text_line(t, "right") for t in pieces]) == Signer(
        name="Lê Văn Hai", title="Phó Giám đốc", capacity="KT."
    )


# ── which block closes the document ──────────────────────────────────────────────────────────────


def signature_page(number: int, rows: list[tuple[float, float, str]]) -> Page:
    return page_from_rows(rows, number=number)


def test_a_form_among_the_annexes_with_its_own_recipients_is_a_template() -> None:
    """The document's block has no "Nơi nhận"; the annex form that follows has one."""
    body = signature_page(
        2,
        [
            (80, 100, "Điều 7. Hiệu lực thi hành"),
            (80, 115, "1. Thông tư này có hiệu lực kể từ ngày ký."),
            (80, 130, "2. Thủ trưởng các đơn vị chịu trách nhiệm thi hành./."),
            (360, 160, "KT. THỐNG ĐỐC"),
            (360, 175, "PHÓ THỐNG ĐỐC"),
            (365, 240, "Lâm Quốc Khải"),
        ],
    )
    form = signature_page(
        3,
        [
            (260, 60, "Phụ lục III"),
            (150, 75, "(Ban hành kèm theo Thông tư số /2030/TT-NHNN)"),
            (80, 300, "Nơi nhận:"),
            (360, 300, "Người đại diện hợp pháp"),
            (80, 315, "- Như trên;"),
            (340, 315, "(Ký, ghi rõ họ tên và đóng dấu)"),
            (80, 330, "- Lưu: VT."),
        ],
    )
    block = read_closing_block([body, form])
    assert block.page == 2 and block.recipients == []
    assert block.signer == Signer(name="Lâm Quốc Khải", title="Phó Thống đốc", capacity="KT.")
    assert not block.unsure


def test_the_inner_capacity_line_counts_under_a_collective() -> None:
    def read(*lines: str) -> Signer | None:
        from extractors.layout import text_line
        from extractors.signer import read_signer

        return read_signer([text_line(t, "right") for t in lines])

    # NĐ30: a deputy signs for the head, who signs for the collective
    assert read("TM. CHÍNH PHỦ", "KT. THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", "Đinh Văn Lộc") == Signer(
        name="Đinh Văn Lộc", title="Phó Thủ tướng", capacity="KT."
    )
    assert read("TM. CHÍNH PHỦ", "THỦ TƯỚNG", "Đinh Văn Lộc") == Signer(
        name="Đinh Văn Lộc", title="Thủ tướng", capacity="TM."
    )
    assert read("TL. BỘ TRƯỞNG", "VỤ TRƯỞNG", "Hà Thu Trang") == Signer(
        name="Hà Thu Trang", title="Vụ trưởng", capacity="TL."
    )
    assert read("Q. GIÁM ĐỐC", "Mai Xuân Hòa") == Signer(name="Mai Xuân Hòa", title="Quyền Giám đốc", capacity=None)


def test_an_attached_programme_after_the_signature_is_not_read_for_a_signer() -> None:
    """Its tables put titles and agencies in the right half; none of that is the signer."""
    body = signature_page(
        2,
        [
            (80, 100, "Điều 3. Các Bộ trưởng chịu trách nhiệm thi hành Nghị quyết này./."),
            (360, 140, "TM. CHÍNH PHỦ"),
            (370, 155, "THỦ TƯỚNG"),
            (365, 220, "Kiều Minh Đạt"),
        ],
    )
    programme = signature_page(
        3,
        [
            (200, 60, "CHƯƠNG TRÌNH HÀNH ĐỘNG"),
            (210, 75, "(Kèm theo Nghị quyết số 12/NQ-CP)"),
            (80, 120, "1 Xây dựng đề án phát triển hạ tầng"),
            (400, 120, "Thủ tướng"),
            (80, 135, "2 Bộ Công Thương chủ trì"),
            (400, 135, "Bộ Công"),
        ],
    )
    block = read_closing_block([body, programme])
    assert block.signer == Signer(name="Kiều Minh Đạt", title="Thủ tướng", capacity="TM.")
    # without the document's own block, a table row is never taken for a person
    alone = read_closing_block([signature_page(1, [(80, 60, "NGHỊ QUYẾT")]), programme])
    assert alone.signer is None and alone.name_missing


def test_a_form_printed_inside_an_article_does_not_end_the_body() -> None:
    form_in_article = signature_page(
        2,
        [
            (80, 60, "Điều 4. Sổ theo dõi"),
            (80, 80, "HỘ KINH DOANH:......"),
            (380, 80, "Mẫu số S1-HKD"),
            (80, 95, "Địa chỉ:......"),
            (360, 95, "(Kèm theo Thông tư số 9/2030/TT-BTC)"),
            (80, 200, "Nơi nhận:"),
            (360, 200, "NGƯỜI ĐẠI DIỆN"),
            (80, 215, "- Như trên;"),
            (350, 215, "(Ký, ghi rõ họ tên)"),
        ],
    )
    closing = signature_page(
        3,
        [
            (80, 60, "Điều 5. Hiệu lực thi hành"),
            (80, 75, "Thông tư này có hiệu lực kể từ ngày ký./."),
            (360, 110, "KT. BỘ TRƯỞNG"),
            (370, 125, "THỨ TRƯỞNG"),
            (365, 190, "Tạ Quang Vinh"),
        ],
    )
    opening = signature_page(
        1, [(80, 60, "Điều 1. Phạm vi"), (80, 75, "Điều 2. Đối tượng"), (80, 90, "Điều 3. Kế toán")]
    )
    block = read_closing_block([opening, form_in_article, closing])
    assert block.page == 3 and not block.unsure  # read in the body, not among annexes
    assert block.signer == Signer(name="Tạ Quang Vinh", title="Thứ trưởng", capacity="KT.")


def test_an_attached_regulation_numbering_its_articles_again_is_not_the_body() -> None:
    """The regulation ends with a signature-like block; the decision's own block comes first."""
    decision = signature_page(
        1,
        [
            (80, 60, "Điều 2. Quyết định này có hiệu lực kể từ ngày ký."),
            (80, 75, "Điều 3. Chánh Văn phòng chịu trách nhiệm thi hành./."),
            (360, 110, "CHỦ TỊCH"),
            (365, 170, "Diệp Thị Hạnh"),
        ],
    )
    regulation = signature_page(
        2,
        [
            (80, 60, "Điều 1. Phạm vi điều chỉnh"),
            (80, 75, "Điều 2. Đối tượng áp dụng"),
            (360, 110, "GIÁM ĐỐC"),
            (365, 170, "Vương Đức Nam"),
        ],
    )
    block = read_closing_block([decision, regulation])
    assert block.signer == Signer(name="Diệp Thị Hạnh", title="Chủ tịch", capacity=None)


def test_annex_headings_and_body_text_citing_them() -> None:
    from extractors.signer import opens_annex

    assert opens_annex("PHỤ LỤC II")
    assert opens_annex("Phụ lục số 03")
    assert opens_annex("PHỤ LỤC: DANH MỤC THỦ TỤC HÀNH CHÍNH")
    assert opens_annex("Mẫu số 01/TB")
    assert opens_annex("Biểu số 2")
    assert opens_annex("(Ban hành kèm theo Quyết định số 5/QĐ-UBND)")
    assert not opens_annex("Phụ lục IV ban hành kèm theo Thông tư này, đồng thời gửi")
    assert not opens_annex("Mẫu số 02 ban hành kèm theo Nghị định này;")
    assert not opens_annex("(kèm theo danh sách)")
    assert not opens_annex("HỘ KINH DOANH:......    Mẫu số S1-HKD")


# ── what a name is ───────────────────────────────────────────────────────────────────────────────


def test_a_given_name_no_syllable_of_the_language_is_doubted_when_a_confused_capital_makes_it_listed() -> None:
    """ "Huỳnh Kim Vến" (grey scan view, seed 74, unflagged): "V" for "Y". Names of minorities that
    are no dictionary syllable ("Páo") and listed names stay undoubted."""
    from extractors.signer import person_name

    doubted = person_name("Huỳnh Kim Vến")
    assert doubted is not None and doubted.doubt is not None and "Yến" in doubted.doubt
    for kept in ("Huỳnh Kim Yến", "Giàng A Páo", "Trần Văn Vinh"):
        found = person_name(kept)
        assert found is not None and found.doubt is None, kept


def test_a_family_name_read_with_another_vowel_under_its_marks_is_the_one_listed_name_it_becomes() -> None:
    """Names in bold print touched by a seal (Times-faced scans, seed 602): "Vã" for Võ, "Đễ" for Đỗ —
    offered with a doubt, so the signer goes to review; a listed name, or a word two listed names
    could be, stays as it is."""
    from extractors.signer import person_name

    for read, meant in (("Vã Quốc Thắng", "Võ Quốc Thắng"), ("Đễ Thanh Hạnh", "Đỗ Thanh Hạnh")):
        found = person_name(read)
        assert found is not None and found.name == meant and found.doubt is not None and "vowel" in found.doubt
    for kept in ("Võ Quốc Thắng", "Hà Văn An", "Lê Thị Mai"):
        found = person_name(kept)
        assert found is not None and found.name == kept and found.doubt is None


def test_a_name_is_a_persons_name() -> None:
    from extractors.signer import person_name

    def name(text: str) -> str | None:
        found = person_name(text)
        return found.name if found else None

    assert name("Phùng Thị Ngọc Ánh") == "Phùng Thị Ngọc Ánh"
    assert name("Thượng tướng Lò Văn Pả") == "Lò Văn Pả"  # a rank is not part of the name
    assert name("PGS.TS. Khổng Minh Đức") == "Khổng Minh Đức"
    assert name("TS Bạch Thu Hà") == "Bạch Thu Hà"
    assert name("Š Huỳnh Hoàng Bình") == "Huỳnh Hoàng Bình"  # a speck of the signature's ink
    assert name("Ông Tôn Thất Bảo") == "Tôn Thất Bảo"  # "Ông" (Mr.) before a name, though a family name too
    assert name("Ông Văn Tùng") == "Ông Văn Tùng"
    assert name("Bộ Công") is None  # a cut agency name
    assert name("Sở Tài Chính") is None
    assert name("Thái Bình") is None  # a province, though Thái is a family name
    assert name("Tổng Cộng") is None
    assert name("Giám Đốc") is None
    assert name("Thượng tướng") is None


def test_a_family_name_read_without_its_tone_is_restored_and_flagged() -> None:
    from extractors.signer import PersonName, person_name

    assert person_name("Trân Minh Khoa") == PersonName("Trần Minh Khoa", corrected=True)
    assert person_name("Trần Minh Khoa") == PersonName("Trần Minh Khoa", corrected=False)
    assert person_name("Ha Minh Khoa") is None  # Hà or Hạ: not for the parser to choose


def test_a_name_whose_middle_lost_its_first_letter_to_ink_is_the_one_listed_name_it_ends() -> None:
    """ "$ 'Nguyễn ăn Hùng" (generated scan, seed 112): a signature's ink glued marks to the family
    name and took the V of "Văn"; "ăn" ends one listed name only. A word that is a name ("anh") or ends
    several ("inh": Minh, Linh …) is not restored."""
    from extractors.signer import person_name

    restored = person_name("$ 'Nguyễn ăn Hùng")
    assert restored is not None and restored.name == "Nguyễn Văn Hùng"
    assert restored.doubt is not None and "'ăn'" in restored.doubt
    assert person_name("Trần hị Lan") is not None
    for left in ("Nguyễn anh Hùng", "Lê inh Hà", "Phạm văn Đồng"):
        assert person_name(left) is None


def test_a_family_name_that_lost_its_first_letter_to_ink_is_the_one_listed_family_name_it_ends() -> None:
    """ "guyễn Đức Hòa": a seal's edge took the N of "Nguyễn" in a Word file of scanned pages; "guyễn"
    ends one listed family name only. Restored for review; a tail several family names end ("ê": Lê,
    …) or a lowercase word that is itself a name is not."""
    from extractors.signer import person_name

    restored = person_name("guyễn Đức Hòa")
    assert restored is not None and restored.name == "Nguyễn Đức Hòa"
    assert restored.doubt is not None and "'guyễn'" in restored.doubt
    assert person_name("rần Văn Hùng") is not None and person_name("rần Văn Hùng").name == "Trần Văn Hùng"  # type: ignore[union-attr]
    assert person_name("anh Văn Hùng") is None


def test_a_name_word_read_with_a_capital_inside_is_the_listed_name_and_doubted() -> None:
    """ ".Hoàng Thị PHương" (generated mixed file, seed 141): a speck before the name and a capital OCR
    read inside a given name. The listed name with those letters is taken, for review; a line in
    capitals, or a word no listed name spells, is not."""
    from extractors.signer import person_name

    read = person_name(".Hoàng Thị PHương")
    assert read is not None and read.name == "Hoàng Thị Phương"
    assert read.doubt is not None and "'PHương'" in read.doubt
    assert person_name("Hoàng Thị Phương.") == person_name("Hoàng Thị Phương")
    assert person_name("Hoàng Thị PHxyz") is None


def test_a_block_whose_name_line_is_not_a_name_leaves_the_name_for_review() -> None:
    from core.models import DocumentFields
    from extractors.fields import parse_fields
    from tests.extractors.nd30_pages import header_rows

    rows = header_rows(["ỦY BAN NHÂN DÂN", "HUYỆN AN PHÚ"], "An Phú, ngày 3 tháng 4 năm 2030", "Số: 12/KH-UBND")
    rows += [
        (260, 160, "KẾ HOẠCH"),
        (200, 176, "Tổ chức hội thi năm 2030"),
        (80, 200, "Nội dung kế hoạch."),
        (340, 260, "TM. ỦY BAN NHÂN DÂN"),
        (80, 275, "Nơi nhận:"),
        (360, 275, "CHỦ TỊCH"),
        (80, 290, "- UBND tỉnh;"),
        (80, 305, "- Lưu: VT."),
        (360, 340, "Phòng Văn Hóa"),  # the seal's ring, read as words
    ]
    fields: DocumentFields = parse_fields([page_from_rows(rows)])
    assert fields.signer == Signer(name=None, title="Chủ tịch", capacity="TM.")
    assert "signer" in fields.needs_review
    assert fields.field_sources["signer"] == "the signer's name not read: an NĐ30 signer block prints both"
    named = parse_fields([page_from_rows([*rows[:-1], (360, 340, "Lục Văn Sinh")])])
    assert named.signer is not None and named.signer.name == "Lục Văn Sinh"
    assert "signer" not in named.needs_review
    # a seal over the title line: the name is read beside "Nơi nhận", the missing title is checked
    untitled = [row for row in rows[:-1] if row[2] not in ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")]
    sealed = parse_fields([page_from_rows([*untitled, (360, 290, "Lục Văn Sinh")])])
    assert sealed.signer == Signer(name="Lục Văn Sinh", title=None, capacity=None)
    assert "signer" in sealed.needs_review
    assert "title not read" in sealed.field_sources["signer"]
    # a family name whose tone marks were restored says so
    restored = parse_fields([page_from_rows([*rows[:-1], (360, 340, "Trân Văn Sinh")])])
    assert restored.signer is not None and restored.signer.name == "Trần Văn Sinh"
    assert "tone marks were restored" in restored.field_sources["signer"]


def test_titles_are_data() -> None:
    import unicodedata

    from core import gazetteer
    from extractors.normalize import canonical_tones, compact_key

    data = gazetteer.titles()
    assert "Thống đốc" in data.titles and {"TM", "KT", "TL", "TUQ"} <= set(data.capacities)
    assert title_of("PHÓ THỐNG ĐỐC") == "Phó Thống đốc"
    assert title_of("TỔNG KIỂM TOÁN NHÀ NƯỚC") == "Tổng Kiểm toán nhà nước"
    # every family name is listed once; toneless twins (Hà/Hạ) are never guessed between
    assert len(set(data.family_names)) == len(data.family_names)
    assert all(len(compact_key(name)) >= 2 for name in data.family_names)
    assert len(set(data.name_syllables)) == len(data.name_syllables)
    assert all(canonical_tones(name) == name == unicodedata.normalize("NFC", name) for name in data.name_syllables)


def test_notes_quoting_other_texts_articles_after_a_consolidated_text_are_not_its_body() -> None:
    """A consolidated text signs after its last article; its notes then quote amending laws."""
    body = Page(page=1, method="text", text="Điều 41. Hiệu lực\nLuật này có hiệu lực từ ngày 01 tháng 01 năm 2031.")
    signed = Page(
        page=2,
        method="text",
        text="XÁC THỰC VĂN BẢN HỢP NHẤT\nCHỦ NHIỆM\nLưu Thế Vinh\n[1] Luật số 9/2030/QH15 có căn cứ như sau:",
    )
    notes = Page(page=3, method="text", text="Điều 12. Điều khoản thi hành\nCHỦ TỊCH QUỐC HỘI\nCù Minh Trí")
    block = read_closing_block([body, signed, notes])
    assert block.signer == Signer(name="Lưu Thế Vinh", title="Chủ nhiệm", capacity=None) and block.page == 2


def test_an_unread_line_where_the_inner_capacity_stands_leaves_the_signer_for_review() -> None:
    """ "TM. ỦY BAN NHÂN DÂN" / "Ti nn" / "PHÓ CHỦ TỊCH": the "KT. CHỦ TỊCH" line OCR could not read
    makes the deputy "KT." (NĐ30: a deputy never signs TM.), an office chief "TL."; a person checks it."""
    from extractors.fields import parse_fields

    def closing(*right: str, method: str = "ocr") -> tuple[Signer | None, list[str]]:
        rows = [(60.0, 100.0, "Nơi nhận:"), (60.0, 116.0, "- Như trên;"), (60.0, 132.0, "- Lưu: VT.")]
        rows += [(330.0, 100.0 + 16 * index, text) for index, text in enumerate(right)]
        fields = parse_fields([page_from_rows(rows, method=method)])
        return fields.signer, fields.needs_review

    signer, review = closing("TM. ỦY BAN NHÂN DÂN", "Ti nn", "PHÓ CHỦ TỊCH", "Đặng Ngọc Yến")
    assert signer == Signer(name="Đặng Ngọc Yến", title="Phó Chủ tịch", capacity="KT.") and "signer" in review
    signer, review = closing("TM. ỦY BAN NHÂN DÂN", "Bì S0 Hi", "CHÁNH VĂN PHÒNG", "Nguyễn Văn Hùng")
    assert signer == Signer(name="Nguyễn Văn Hùng", title="Chánh Văn phòng", capacity="TL.") and "signer" in review
    # the head itself under an unread line: TM. is theirs, the line may be another mark, so it is checked
    signer, review = closing("TM. ỦY BAN NHÂN DÂN", "Ti nn", "CHỦ TỊCH", "Đặng Ngọc Yến")
    assert signer is not None and signer.capacity == "TM." and "signer" in review
    # a deputy under TM. with no line between: OCR lost the KT. line without a trace; a text layer
    # prints what the file prints, so there it stays TM. — both for review
    signer, review = closing("TM. ỦY BAN NHÂN DÂN", "PHÓ CHỦ TỊCH", "Đặng Ngọc Yến")
    assert signer is not None and signer.capacity == "KT." and "signer" in review
    signer, review = closing("TM. ỦY BAN NHÂN DÂN", "PHÓ CHỦ TỊCH", "Đặng Ngọc Yến", method="text")
    assert signer is not None and signer.capacity == "TM." and "signer" in review
    # every line read, or a capital line that goes on with the collective's name: nothing to check
    for right in (
        ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Đặng Ngọc Yến"),
        ("TM. ỦY BAN NHÂN DÂN", "HUYỆN CẦN GIUỘC", "CHỦ TỊCH", "Đặng Ngọc Yến"),
    ):
        assert "signer" not in closing(*right)[1]


def test_capitals_read_at_no_confidence_where_the_inner_capacity_stands_are_unread() -> None:
    """ "TM. ỦY BAN NHÂN DÂN" / "NET" (OCR's 0 % for a line it could not read) / "CHỦ TỊCH": an inner
    capacity may be there; read with confidence, the same capitals would be the collective's name."""
    from extractors.fields import parse_fields

    def review_of(confidence: float) -> tuple[Signer | None, list[str]]:
        rows = [(60.0, 100.0, "Nơi nhận:"), (60.0, 116.0, "- Như trên;"), (60.0, 132.0, "- Lưu: VT.")]
        right = ("TM. ỦY BAN NHÂN DÂN", "NET", "CHỦ TỊCH", "Đặng Quốc Tuấn")
        rows += [(330.0, 100.0 + 16 * index, text) for index, text in enumerate(right)]
        page = page_from_rows(rows, method="ocr")
        words = [w.model_copy(update={"confidence": confidence if w.text == "NET" else 95.0}) for w in page.words]
        fields = parse_fields([page.model_copy(update={"words": words})])
        return fields.signer, fields.needs_review

    signer, review = review_of(0.0)
    assert signer == Signer(name="Đặng Quốc Tuấn", title="Chủ tịch", capacity="TM.") and "signer" in review
    assert "signer" not in review_of(90.0)[1]


def test_the_party_s_capacity_marks_with_a_slash() -> None:
    """Party documents write "T/M BAN THƯỜNG VỤ", "K/T BÍ THƯ": the capacity is TM./KT. as NĐ30's."""

    rows = [
        (60.0, 600.0, "Nơi nhận:"),
        (330.0, 600.0, "T/M BAN THƯỜNG VỤ"),
        (60.0, 616.0, "- Ban Thường vụ Tỉnh ủy,"),
        (360.0, 616.0, "PHÓ BÍ THƯ"),
        (60.0, 632.0, "- Lưu Văn phòng Tỉnh ủy."),
        (350.0, 690.0, "Nguyễn Văn Hùng"),
    ]
    assert read_closing_block([page_from_rows(rows, number=3)]).signer == Signer(
        name="Nguyễn Văn Hùng", title="Phó Bí thư", capacity="TM."
    )
    rows[1] = (330.0, 600.0, "K/T BÍ THƯ")
    signer = read_closing_block([page_from_rows(rows, number=3)]).signer
    assert signer is not None and signer.capacity == "KT."


def test_a_given_name_read_with_other_marks_than_a_listed_name_leaves_the_signer_for_review() -> None:
    """ "Đúc" for "Đức", "Thẳnh" for "Thanh": OCR's slip on a name's marks is doubted, never changed;
    a rare name whose letters no listed name has ("Páo") and birth-order names ("Hai") are not."""
    from extractors.fields import parse_fields
    from extractors.signer import person_name

    misread = person_name("Đỗ Đúc Dũng")
    assert (
        misread is not None and misread.name == "Đỗ Đúc Dũng" and misread.doubt is not None and "Đức" in misread.doubt
    )
    assert (person_name("Phan Thẳnh Phương") or misread).doubt is not None
    for name in ("Lê Văn Hai", "Giàng A Páo", "Nguyễn Thị Bích Hồng", "Lê Nguyễn Anh Thư"):
        found = person_name(name)
        assert found is not None and (found.name, found.doubt) == (name, None), name

    rows = header_rows(["ỦY BAN NHÂN DÂN", "TỈNH PHÚ THỌ"], "Việt Trì, ngày 5 tháng 3 năm 2012", "Số: 12/TB-UBND")
    rows += [(260.0, 160.0, "THÔNG BÁO"), (200.0, 176.0, "Lịch kiểm tra năm 2012")]
    rows += [(80.0, 200.0, "Căn cứ Luật Tổ chức chính quyền địa phương;")]
    rows += [(60.0, 400.0, "Nơi nhận:"), (60.0, 415.0, "- Như trên;"), (60.0, 430.0, "- Lưu: VT.")]
    rows += [(330.0, 400.0, "KT. CHỦ TỊCH"), (330.0, 415.0, "PHÓ CHỦ TỊCH"), (330.0, 470.0, "Đỗ Đúc Dũng")]
    fields = parse_fields([page_from_rows(rows)])
    assert fields.signer is not None and fields.signer.name == "Đỗ Đúc Dũng"
    assert "signer" in fields.needs_review and "Đức" in fields.field_sources["signer"]


def test_a_deputy_or_office_chief_under_tm_without_kt_or_tl_leaves_the_signer_for_review() -> None:
    """ "TM. ỦY BAN NHÂN DÂN" / "CHÁNH VĂN PHÒNG": the "TL. CHỦ TỊCH" line between them read as a
    comma. The collective's head signs TM.; a deputy secretary of a Party body may too."""
    from extractors.fields import parse_fields

    def review_of(*right: str) -> list[str]:
        rows = [(60.0, 100.0, "Nơi nhận:"), (60.0, 116.0, "- Như trên;"), (60.0, 132.0, "- Lưu: VT.")]
        rows += [(330.0, 100.0 + 16 * index, text) for index, text in enumerate(right)]
        fields = parse_fields([page_from_rows(rows, method="ocr")])
        return fields.needs_review

    assert "signer" in review_of("TM. ỦY BAN NHÂN DÂN", "CHÁNH VĂN PHÒNG", "Đặng Văn Nghĩa")
    assert "signer" in review_of("TM. ỦY BAN NHÂN DÂN", "PHÓ CHỦ TỊCH", "Đặng Văn Nghĩa")
    assert "signer" not in review_of("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Đặng Văn Nghĩa")
    assert "signer" not in review_of("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Đặng Văn Nghĩa")
    assert "signer" not in review_of("TM. ỦY BAN NHÂN DÂN", "TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "Đặng Văn Nghĩa")


def test_a_capacity_mark_damaged_by_one_letter_is_read_by_what_follows_it() -> None:
    """ "TIM. UY BAN NHAN DAN": one letter too many, but a body's name follows, as it follows TM.
    alone; "KI. CHỦ TỊCH" is KT. by the title after it. Letters that are no mark stay unread."""
    from extractors.signer import _damaged_capacity

    def signer(capacity_line: str, title: str) -> Signer | None:
        rows = [
            (60.0, 600.0, "Nơi nhận:"),
            (330.0, 600.0, capacity_line),
            (60.0, 616.0, "- Sở Nội vụ;"),
            (360.0, 616.0, title),
            (60.0, 632.0, "- Lưu: VT."),
            (350.0, 690.0, "Nguyễn Minh Long"),
        ]
        return read_closing_block([page_from_rows(rows, number=2)]).signer

    assert signer("TIM. UY BAN NHAN DAN", "CHỦ TỊCH") == Signer(
        name="Nguyễn Minh Long", title="Chủ tịch", capacity="TM."
    )
    # a one read for the T (a wrapped-header scan, seed 501): the body's name still follows
    assert signer("1M. UY BAN NHAN DAN", "CHỦ TỊCH") == Signer(
        name="Nguyễn Minh Long", title="Chủ tịch", capacity="TM."
    )
    assert _damaged_capacity("11. UY BAN NHAN DAN") is None
    deputy = signer("KI. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    assert deputy is not None and deputy.capacity == "KT." and deputy.title == "Phó Chủ tịch"
    assert _damaged_capacity("ON. UY BAN NHAN DAN") is None  # two letters from TM
    assert _damaged_capacity("Đ. Văn phòng Sở") is None
    assert _damaged_capacity("TL. GIÁM ĐỐC") is None  # no damage: the pattern's own business


def test_a_mark_that_lost_a_letter_of_kt_or_tl_is_told_by_the_signers_own_title() -> None:
    """ "T. CHỦ TỊCH": "KT." and "TL." alike lost a letter; a deputy signs KT., an office chief TL.
    (NĐ30), so the title under it decides; with no title of their own nothing is guessed."""

    def signer(*column: str) -> Signer | None:
        rows = [(60.0, 600.0, "Nơi nhận:"), (60.0, 616.0, "- Sở Nội vụ;"), (60.0, 632.0, "- Lưu: VT.")]
        rows += [(340.0, 600.0 + 16 * index, line) for index, line in enumerate(column)]
        rows.append((350.0, 690.0, "Hoàng Minh Toàn"))
        return read_closing_block([page_from_rows(rows, number=2)]).signer

    assert signer("T. CHỦ TỊCH", "PHÓ CHỦ TỊCH") == Signer(name="Hoàng Minh Toàn", title="Phó Chủ tịch", capacity="KT.")
    assert signer("T. CHỦ TỊCH", "CHÁNH VĂN PHÒNG") == Signer(
        name="Hoàng Minh Toàn", title="Chánh Văn phòng", capacity="TL."
    )
    under_a_collective = signer("TM. ỦY BAN NHÂN DÂN", "T. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    assert under_a_collective is not None and under_a_collective.capacity == "KT."
    alone = signer("T. CHỦ TỊCH")
    assert alone is None or alone.capacity is None


def test_the_inner_mark_without_its_stop_under_tm_is_the_capacity() -> None:
    """ "TM. ỦY BAN NHÂN DÂN" / "KT CHỦ TỊCH" (the stop lost) / "PHÓ CHỦ TỊCH": the deputy signs KT."""
    rows = [
        (60.0, 600.0, "Nơi nhận:"),
        (330.0, 600.0, "TM. ỦY BAN NHÂN DÂN"),
        (60.0, 616.0, "- Sở Nội vụ;"),
        (360.0, 616.0, "KT CHỦ TỊCH"),
        (360.0, 632.0, "PHÓ CHỦ TỊCH"),
        (60.0, 632.0, "- Lưu: VT."),
        (350.0, 690.0, "Hoàng Thu Hằng"),
    ]
    block = read_closing_block([page_from_rows(rows, number=2)])
    assert block.signer == Signer(name="Hoàng Thu Hằng", title="Phó Chủ tịch", capacity="KT.")
    assert not block.unsure


def test_family_names_of_other_peoples_are_names() -> None:
    """Officials of the Hmong, Jrai and Bahnar peoples sign with family names the Kinh list lacked."""
    from extractors.signer import person_name

    for name in ("Lầu Văn Hòa", "Rơ Mah Tuân", "Kpă Thuyên", "Tráng A Tủa"):
        read = person_name(name)
        assert read is not None and read.name == name


def test_ede_and_mnong_names_open_with_a_gender_word_and_end_with_the_family() -> None:
    from extractors.signer import person_name

    for name in ("Y Vinh Tơr", "Y Thanh Hà Niê Kđăm", "H'Yim Kđoh", "H’Hen Niê"):
        found = person_name(name)
        assert found is not None and found.name == name and found.doubt is None
    for text in ("Y Tế", "Y TẾ HUYỆN", "Y", "H'", "H'Hen", "Y Vinh tơr"):
        assert person_name(text) is None, text
    speck = person_name("Y Nguyễn Văn An")  # ink read as "Y" before a family name
    assert speck is not None and speck.name == "Nguyễn Văn An"
