"""Counting a plan's tasks and units from its layout: sections, list levels, annex tables, unit lists."""

from __future__ import annotations

import re
from pathlib import Path

from extractors.facts import page_forms
from extractors.list_counts import (
    count_annex_rows,
    count_list_leaves,
    count_named_items,
    count_section_items,
    document_lines,
)

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
TASK_HEADINGS = ["nhiệm vụ", "giải pháp", "nội dung"]
UNIT_NAMES = ["phòng", "sở", "văn phòng", "trung tâm", "ủy ban nhân dân", "ubnd", "xã", "phường"]
NOT_UNDER = ["tổ chức thực hiện", "thành phần"]


def pages(*texts: str) -> list:
    return [page_forms(number, text) for number, text in enumerate(texts, start=1)]


def real_numbered_tasks() -> list[str]:
    """The six numbered tasks of a provincial office's plan (seed page 003, as published)."""
    text = (SEEDS / "003_ea4a29b06547628f.txt").read_text(encoding="utf-8")
    items = re.findall(r"^  (\d\. .+)$", text, flags=re.MULTILINE)
    return items[:6]


def test_real_numbered_tasks_under_the_tasks_section_are_counted() -> None:
    tasks = real_numbered_tasks()
    assert [t.split(".")[0] for t in tasks] == ["1", "2", "3", "4", "5", "6"]
    text = (
        "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n- Nâng cao nhận thức;\n2. Yêu cầu\n- Bám sát chỉ đạo.\n"
        "II. NHIỆM VỤ, GIẢI PHÁP\n" + "\n".join(tasks) + "\nIII. TỔ CHỨC THỰC HIỆN\n1. Văn phòng chủ trì;\n"
    )
    counted = count_section_items(pages(text), TASK_HEADINGS)
    assert counted is not None and counted.count == 6
    assert counted.quote == "II. NHIỆM VỤ, GIẢI PHÁP"
    assert counted.source() == "trang 1, «II. NHIỆM VỤ, GIẢI PHÁP»: 6 mục"


def test_grouped_tasks_count_the_leaves_across_a_page_break_and_wrapped_lines() -> None:
    page1 = (
        "II. NHIỆM VỤ TRỌNG TÂM\nNăm 2024 tập trung vào các nhiệm vụ sau:\n1. Cải cách thể chế\n"
        "- Rà soát, hệ thống hóa văn bản quy phạm pháp luật thuộc thẩm\nquyền ban hành;\n"
        "- Tổ chức phổ biến pháp luật theo Chương trình giai đoạn 2021\n- 2030 của Chính phủ;\n"
        "2. Cải cách thủ tục hành chính\n- Công khai thủ tục hành chính;\n"
    )
    page2 = (
        "2\n- Thực hiện cơ chế một cửa, một cửa liên thông;\n3. Chính quyền số\n"
        "- Bảo đảm 100% văn bản đi được ký số.\nIII. KINH PHÍ THỰC HIỆN\n1. Ngân sách nhà nước\n- Nguồn khác\n"
    )
    counted = count_section_items(pages(page1, page2), TASK_HEADINGS)
    # "- 2030 của Chính phủ;" continues a sentence: it starts no task
    assert counted is not None and counted.count == 5
    assert (counted.first_page, counted.last_page) == (1, 2)


def test_lettered_tasks_and_numbers_out_of_sequence() -> None:
    lines = document_lines(
        pages(
            "1. Cải cách thể chế\na) Rà soát văn bản;\nb) Phổ biến pháp luật;\n"
            "2. Cải cách tài chính công\na) Giải ngân vốn đầu tư công đạt trên 95% kế hoạch vốn giao năm\n"
            "2024. Công khai ngân sách;\n15. Nội dung lạc chỗ\nb) Công khai tài sản công.\n"
        )
    )
    assert count_list_leaves(lines) == 4


def test_no_tasks_section_counts_nothing() -> None:
    text = "I. MỤC ĐÍCH\n- Một;\n- Hai.\nII. TỔ CHỨC THỰC HIỆN\n1. Văn phòng chủ trì;\n2. Các phòng phối hợp.\n"
    assert count_section_items(pages(text), TASK_HEADINGS) is None


def test_annex_rows_with_wrapped_cells_and_a_repeated_header() -> None:
    # As the text layer of a generated annex reads: cells wrap, the row number sits on one of its lines.
    page3 = (
        "3\nPhụ lục\nDANH MỤC NHIỆM VỤ VÀ PHÂN CÔNG THỰC HIỆN\n(Kèm theo Kế hoạch số 459/KH-UBND)\n"
        "STT    Nhiệm vụ    Cơ quan chủ trì\nXác định rõ nhiệm vụ, trách nhiệm,\n"
        "1 thể của từng cơ quan, đơn vị; làm căn Phòng Nội vụ Quý I/2024\nNâng cao nhận thức\n"
        "2    chính - Kế\n2024 là năm bản lề\n3 được chỉ ra qua kết quả Phòng Nội vụ\n"
    )
    page4 = "4\nSTT    Nhiệm vụ    Cơ quan chủ trì\n4    nguyên và Môi\nthanh cơ sở\n5 Phòng Tư pháp Quý I/2024\n"
    counted = count_annex_rows(pages("KẾ HOẠCH\n...", page3, page4), ["danh mục nhiệm vụ"])
    assert counted is not None and counted.count == 5
    assert (counted.page, counted.last_page) == (2, 3)


def test_units_listed_in_the_body_not_the_work_split_nor_the_recipients() -> None:
    text = (
        "2. Đối tượng và thời gian kiểm tra\nĐối tượng kiểm tra gồm các cơ quan, đơn vị sau:\n"
        "1. Văn phòng Sở: trong tháng 5/2023;\n2. Phòng Xây dựng chính quyền: trong tháng\n6/2023;\n"
        "3. Trung tâm Công nghệ thông tin: trong tháng 6/2023.\nIII. THÀNH PHẦN ĐOÀN KIỂM TRA\n"
        "- Phòng Nội vụ: 01 công chức;\n- Phòng Tư pháp: 01 công chức;\n- Phòng Y tế: 01 công chức;\n"
        "- Văn phòng: 01 công chức.\nIV. TỔ CHỨC THỰC HIỆN\n1. Văn phòng Sở chủ trì;\n"
        "2. Phòng Nội vụ phối hợp;\n3. Phòng Tư pháp theo dõi;\n4. Phòng Y tế báo cáo.\n"
        "Nơi nhận:\n- Sở Nội vụ;\n- UBND các xã;\n- UBND các phường;\n- Phòng Nội vụ;\n- Lưu: VT.\n"
    )
    counted = count_named_items(pages(text), UNIT_NAMES, NOT_UNDER)
    assert counted is not None and counted.count == 3
    assert counted.quote == "1. Văn phòng Sở: trong tháng 5/2023;"


def test_units_in_an_annex_table() -> None:
    text = (
        "Phụ lục\nDANH SÁCH CƠ QUAN, ĐƠN VỊ ĐƯỢC KIỂM TRA\nSTT    Cơ quan, đơn vị    Thời gian kiểm tra\n"
        "1    Ủy ban nhân dân xã An Phú    Tháng 4/2024\n2    UBND xã Tân Hòa    Tháng 5/2024\n"
        "3    Phòng Tư pháp    Tháng 6/2024\n"
    )
    counted = count_named_items(pages(text), UNIT_NAMES)
    assert counted is not None and counted.count == 3


def test_units_named_in_one_sentence_after_the_intro() -> None:
    text = (
        "2. Đối tượng kiểm tra\nĐối tượng kiểm tra: Sở Văn hóa, Thể thao và Du lịch; Phòng Tổ chức, biên chế,\n"
        "Ủy ban nhân dân xã An Phú và UBND xã Tân Hòa. Thời gian kiểm tra: tháng 4 và tháng 5.\n"
    )
    counted = count_named_items(pages(text), UNIT_NAMES, introduced_by=["đối tượng kiểm tra"])
    assert counted is not None and counted.count == 4  # "Thể thao", "Du lịch", "biên chế" continue a name
    assert counted.quote.startswith("Đối tượng kiểm tra: Sở Văn hóa") and counted.quote.endswith("UBND xã Tân Hòa")
    assert count_named_items(pages(text), UNIT_NAMES) is None  # no intro phrase given: no inline list read


def test_a_task_table_in_the_body_counts_its_rows() -> None:
    text = (
        "II. NHIỆM VỤ CỤ THỂ\nSTT    Nội dung nhiệm vụ    Cơ quan chủ trì    Thời gian\n"
        "1    Rà soát văn bản quy phạm pháp luật    Phòng Tư pháp    Quý I\n"
        "2    Công khai thủ tục hành chính    Văn phòng    Quý II\n"
        "3    Số hóa hồ sơ    Phòng Nội vụ    Quý III\nIII. TỔ CHỨC THỰC HIỆN\n1. Phòng Nội vụ chủ trì.\n"
    )
    counted = count_section_items(pages(text), TASK_HEADINGS)
    assert counted is not None and counted.count == 3


def test_a_body_heading_is_no_annex_title() -> None:
    body = "II. NHIỆM VỤ TRỌNG TÂM\n1. Cải cách thể chế\n- Rà soát;\n2. Cải cách thủ tục hành chính\n- Công khai.\n"
    assert count_annex_rows(pages(body), ["nhiệm vụ trọng tâm"]) is None
    annex = "PHỤ LỤC\nNHIỆM VỤ TRỌNG TÂM NĂM 2024\nSTT    Nhiệm vụ\n1    Rà soát\n2    Công khai\n"
    counted = count_annex_rows(pages(body, annex), ["nhiệm vụ trọng tâm"])
    assert counted is not None and (counted.count, counted.page) == (2, 2)
