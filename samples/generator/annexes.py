"""Annexes (phụ lục) printed after the signer block: task tables, statistics, procedure details.

An annex repeats the document's number and date ("Ban hành kèm theo Quyết định số …"): that line is
the document itself, never one of its references.
"""

from __future__ import annotations

import random

from samples.generator.common import sub_units
from samples.generator.kinds import made_with_line
from samples.generator.par_text import PROCEDURES, lead_unit
from samples.generator.spec import Annex, Block, DocumentSpec, vn_int, vn_percent


def add_annex(spec: DocumentSpec, rng: random.Random) -> None:
    """Give a document the annex its kind would carry (plans: tasks; others: figures by unit)."""
    if spec.annexes:
        return
    if spec.doc_type == "KH":
        tasks = [b.text.lstrip("- ").rstrip(";.") for b in spec.body if b.style == "item"]
        rows = [
            [
                str(i),
                task,
                rng.choice((lead_unit(spec.agency), *sub_units(spec.agency)[:4])),
                f"Quý {rng.choice(('I', 'II', 'III', 'IV'))}/{spec.year}",
                rng.choice(("Báo cáo", "Kế hoạch", "Văn bản", "Quyết định")),
            ]
            for i, task in enumerate(tasks, start=1)
        ]
        spec.annexes.append(
            Annex(
                label="Phụ lục",
                title_lines=["DANH MỤC NHIỆM VỤ VÀ PHÂN CÔNG THỰC HIỆN"],
                made_with=made_with_line(spec),
                columns=["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành", "Sản phẩm"],
                column_widths=[0.07, 0.45, 0.2, 0.14, 0.14],
                rows=rows,
            )
        )
        return
    rows = []
    for i, unit in enumerate(sub_units(spec.agency), start=1):
        received = rng.randint(200, 9000)
        on_time = round(received * rng.uniform(0.93, 1.0))
        rows.append([str(i), unit, vn_int(received), vn_int(on_time), f"{vn_percent(on_time, received)}%"])
    spec.annexes.append(
        Annex(
            label="Phụ lục",
            title_lines=["SỐ LIỆU GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH", f"NĂM {spec.year}"],
            made_with=made_with_line(spec),
            columns=["STT", "Cơ quan, đơn vị", "Hồ sơ tiếp nhận", "Giải quyết đúng hạn", "Tỷ lệ"],
            column_widths=[0.07, 0.45, 0.16, 0.16, 0.16],
            rows=rows,
        )
    )


_STEPS = (
    "Cá nhân, tổ chức chuẩn bị hồ sơ theo quy định và nộp trực tiếp tại Bộ phận Một cửa hoặc nộp trực "
    "tuyến trên Cổng Dịch vụ công quốc gia",
    "Công chức tiếp nhận kiểm tra tính đầy đủ, hợp lệ của hồ sơ; trường hợp hồ sơ chưa đầy đủ thì hướng "
    "dẫn bổ sung một lần bằng văn bản",
    "Cơ quan có thẩm quyền thẩm định hồ sơ, trình người có thẩm quyền xem xét, quyết định",
    "Trả kết quả cho cá nhân, tổ chức tại Bộ phận Một cửa hoặc qua dịch vụ bưu chính công ích",
)
_PAPERS = (
    "Tờ khai theo mẫu",
    "Bản sao giấy tờ tùy thân của người nộp hồ sơ",
    "Giấy tờ chứng minh nơi cư trú",
    "Văn bản ủy quyền (nếu nộp thay)",
    "Các giấy tờ khác có liên quan theo quy định",
)


def procedure_details(rng: random.Random, count: int, field_name: str) -> tuple[list[str], list[Block]]:
    """The full text of `count` procedures, about a page and a half each, as a long annex carries."""
    names = [f"{rng.choice(PROCEDURES)}" for _ in range(count)]
    blocks: list[Block] = [Block("center_bold", "PHẦN II. NỘI DUNG CỤ THỂ CỦA TỪNG THỦ TỤC HÀNH CHÍNH")]
    for i, name in enumerate(names, start=1):
        days = rng.choice((3, 5, 7, 10, 15, 20))
        blocks += [
            Block("subheading", f"{i}. Thủ tục: {name}"),
            Block("para", "a) Trình tự thực hiện:"),
            *[Block("item", f"- Bước {k}: {step}.") for k, step in enumerate(_STEPS, start=1)],
            Block("para", "b) Cách thức thực hiện: nộp trực tiếp, qua dịch vụ bưu chính hoặc trực tuyến."),
            Block("para", "c) Thành phần, số lượng hồ sơ:"),
            *[Block("item", f"- {p};") for p in _PAPERS],
            Block("para", "Số lượng hồ sơ: 01 (một) bộ."),
            Block("para", f"d) Thời hạn giải quyết: {days} ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ."),
            Block("para", "đ) Đối tượng thực hiện thủ tục hành chính: cá nhân, tổ chức."),
            Block("para", f"e) Cơ quan thực hiện: cơ quan có thẩm quyền trong lĩnh vực {field_name.lower()}."),
            Block("para", f"g) Kết quả thực hiện thủ tục hành chính: văn bản chấp thuận về {name.lower()}."),
            Block("para", f"h) Phí, lệ phí: {rng.choice(('không', '50.000 đồng/hồ sơ', '100.000 đồng/hồ sơ'))}."),
            Block(
                "para",
                "i) Tên mẫu đơn, mẫu tờ khai: tờ khai theo mẫu ban hành kèm theo văn bản quy phạm "
                "pháp luật chuyên ngành.",
            ),
            Block("para", "k) Yêu cầu, điều kiện thực hiện thủ tục hành chính: không."),
            Block(
                "para",
                "l) Căn cứ pháp lý: các luật, nghị định, thông tư chuyên ngành hiện hành trong lĩnh "
                f"vực {field_name.lower()}.",
            ),
        ]
    return names, blocks


__all__ = ["PROCEDURES", "add_annex", "procedure_details"]
