"""Plans and reports as many offices send them (the `plan_forms` variant): no total, only the list.

A CCHC plan that lists its tasks without saying how many — grouped under the areas with dashes or
with a), b), numbered flat, or in an annex "Danh mục nhiệm vụ" — and an inspection plan that says
"Kiểm tra 6 cơ quan, đơn vị trực thuộc" without the total, or only lists the units (in the body or
in an annex table). Half of the plans are then issued by a decision with the plan attached
("QUYẾT ĐỊNH Ban hành Kế hoạch …"), which is the plan's evidence; half of the PAR reports are sent
under a letter ("V/v báo cáo kết quả …") with the report attached. The truth keeps the carried
document's criteria and the facts the pages still show.
"""

from __future__ import annotations

import random
import re

from samples.generator.common import sub_units
from samples.generator.spec import Annex, Block, DocumentSpec, long_date, symbol_for

_LETTERS = "abcdđeghiklmnopqrstuvxy"


def restyle_plan(spec: DocumentSpec, rng: random.Random) -> None:
    """Rewrite a plan's or a report's spec in place; other kinds are left as they are."""
    if spec.kind == "report.cchc":
        if rng.random() < 0.5:
            _send_by_letter(spec)
        return
    if spec.kind == "plan.cchc":
        _tasks_without_total(spec, rng)
    elif spec.kind == "plan.inspection":
        _units_without_total(spec, rng)
    else:
        return
    if rng.random() < 0.5:
        _issue_by_decision(spec)


def _section(body: list[Block], heading_word: str) -> tuple[int, int]:
    """[start, end) of the blocks under the Roman heading that names `heading_word`."""
    start = next(i for i, b in enumerate(body) if b.style == "heading" and heading_word in b.text) + 1
    end = next((i for i in range(start, len(body)) if body[i].style == "heading"), len(body))
    return start, end


def _tasks_without_total(spec: DocumentSpec, rng: random.Random) -> None:
    start, end = _section(spec.body, "NHIỆM VỤ")
    blocks = [b for b in spec.body[start:end] if not (b.style == "para" and "nhiệm vụ trọng tâm sau" in b.text)]
    tasks = [b.text.lstrip("- ").rstrip(";.") for b in blocks if b.style == "item"]
    form = rng.choice(("grouped", "lettered", "flat", "annex"))
    if form == "lettered":
        out: list[Block] = []
        letter = 0
        for block in blocks:
            if block.style == "subheading":
                letter = 0
                out.append(block)
            else:
                out.append(Block("item", f"{_LETTERS[letter]}) {block.text.lstrip('- ')}"))
                letter += 1
        blocks = out
    elif form == "flat":
        blocks = [Block("item", f"{i}. {task};") for i, task in enumerate(tasks, start=1)]
        blocks[-1] = Block("item", blocks[-1].text.rstrip(";") + ".")
    elif form == "annex":
        blocks = [
            Block(
                "para", "Các nhiệm vụ cụ thể, cơ quan chủ trì và thời hạn hoàn thành tại Phụ lục kèm theo Kế hoạch này."
            )
        ]
        units = sub_units(spec.agency)
        spec.annexes.append(
            Annex(
                label="Phụ lục",
                title_lines=["DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH", f"NĂM {spec.year}"],
                made_with=f"(Kèm theo Kế hoạch số {spec.number} {long_date(spec.issue_date)} của {spec.agency.issuer})",
                columns=["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"],
                column_widths=[0.08, 0.52, 0.22, 0.18],
                rows=[
                    [str(i), task, rng.choice(units[:6]), f"Quý {rng.choice(('I', 'II', 'III', 'IV'))}/{spec.year}"]
                    for i, task in enumerate(tasks, start=1)
                ],
            )
        )
    spec.body[start:end] = blocks
    spec.facts["tasks_planned"] = len(tasks)


def _units_without_total(spec: DocumentSpec, rng: random.Random) -> None:
    index = next(i for i, b in enumerate(spec.body) if b.style == "para" and re.match(r"Kiểm tra \d+/\d+", b.text))
    end = index + 1
    while end < len(spec.body) and spec.body[end].style == "item":
        end += 1
    listed = [re.sub(r"^\d+\.\s*", "", b.text) for b in spec.body[index + 1 : end]]
    units = [item.split(":")[0] for item in listed]
    form = rng.choice(("stated", "listed", "annex"))
    blocks: list[Block]
    if form == "stated":
        blocks = [Block("para", f"Kiểm tra {len(units):02d} cơ quan, đơn vị trực thuộc, cụ thể như sau:")]
        blocks += [Block("item", f"- {item}") for item in listed]
    elif form == "listed":
        blocks = [Block("para", "Đối tượng kiểm tra gồm các cơ quan, đơn vị sau:")]
        blocks += [Block("item", f"{i}. {item}") for i, item in enumerate(listed, start=1)]
    else:
        blocks = [Block("para", "Đối tượng và thời gian kiểm tra cụ thể tại Phụ lục kèm theo Kế hoạch này.")]
        spec.annexes.append(
            Annex(
                label="Phụ lục",
                title_lines=["DANH SÁCH CƠ QUAN, ĐƠN VỊ ĐƯỢC KIỂM TRA", f"NĂM {spec.year}"],
                made_with=f"(Kèm theo Kế hoạch số {spec.number} {long_date(spec.issue_date)} của {spec.agency.issuer})",
                columns=["STT", "Cơ quan, đơn vị", "Thời gian kiểm tra"],
                column_widths=[0.1, 0.6, 0.3],
                rows=[[str(i), unit, f"Tháng {rng.randint(4, 10)}/{spec.year}"] for i, unit in enumerate(units, 1)],
            )
        )
    spec.body[index:end] = blocks
    spec.facts = {"plan_year": spec.facts["plan_year"], "units_planned": len(units)}


def _issue_by_decision(spec: DocumentSpec) -> None:
    """The plan becomes the attachment of a decision that issues it."""
    agency = spec.agency
    plan_title = spec.subject[0].lower() + spec.subject[1:]
    basis = [b for b in spec.body if b.style == "basis"]
    plan_body = [b for b in spec.body if b.style != "basis" and not b.text.endswith("như sau:")]
    head = "GIÁM ĐỐC" if agency.level == "department" else "CHỦ TỊCH"
    issuer_line = " ".join(agency.header_issuer)
    spec.doc_type, spec.type_title = "QĐ", "QUYẾT ĐỊNH"
    spec.symbol = symbol_for("QĐ", agency)
    spec.authority = f"{head} {issuer_line}"
    spec.subject = f"Ban hành Kế hoạch {plan_title}"
    spec.body = [
        *basis,
        Block("center_bold", "QUYẾT ĐỊNH:"),
        Block("article", f"Điều 1.| Ban hành kèm theo Quyết định này Kế hoạch {plan_title}."),
        Block("article", "Điều 2.| Quyết định này có hiệu lực kể từ ngày ký."),
        Block(
            "article",
            "Điều 3.| Chánh Văn phòng, thủ trưởng các cơ quan, đơn vị có liên quan chịu trách nhiệm "
            "thi hành Quyết định này./.",
        ),
    ]
    for annex in spec.annexes:  # an annex made for the plan is now the decision's
        annex.made_with = f"(Ban hành kèm theo Quyết định số {spec.number} {long_date(spec.issue_date)})"
    spec.recipients = ["Như Điều 3", *[r for r in spec.recipients if not r.startswith("Như")]]
    attached = Annex(
        label="",
        title_lines=["KẾ HOẠCH", plan_title[0].upper() + plan_title[1:]],
        made_with=f"(Ban hành kèm theo Quyết định số {spec.number} {long_date(spec.issue_date)} của "
        f"{head.capitalize()} {agency.issuer})",
        columns=[],
        column_widths=[],
        rows=[],
        details=plan_body,
    )
    spec.annexes.insert(0, attached)


def _send_by_letter(spec: DocumentSpec) -> None:
    """The report becomes the attachment of a công văn that sends it."""
    agency = spec.agency
    report_title = spec.subject[0].lower() + spec.subject[1:]
    superior = spec.recipients[0] if spec.recipients else "Sở Nội vụ"
    report_body = list(spec.body)
    spec.doc_type, spec.type_title = "CV", None
    spec.symbol = symbol_for("CV", agency)
    spec.subject = f"báo cáo {report_title}"
    spec.addressees = [superior]
    spec.body = [
        Block("para", f"{agency.issuer} báo cáo {report_title} (Báo cáo kèm theo)."),
        Block("para", f"Kính đề nghị {superior} xem xét, tổng hợp./."),
    ]
    spec.recipients = ["Như trên", *spec.recipients[1:]]
    spec.annexes.insert(
        0,
        Annex(
            label="",
            title_lines=["BÁO CÁO", report_title[0].upper() + report_title[1:]],
            made_with=f"(Kèm theo Công văn số {spec.number} {long_date(spec.issue_date)} của {agency.issuer})",
            columns=[],
            column_widths=[],
            rows=[],
            details=report_body,
        ),
    )
