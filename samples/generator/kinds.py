"""The kinds of document the generator writes, each a function from randomness to a `DocumentSpec`.

PAR evidence (plans, reports, decisions, letters, notices) carries the rubric criteria it serves;
the unrelated kinds mention "kế hoạch" and a year but serve none.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from samples.generator.agencies import AGENCIES, Agency, AgencyLevel, head_title, person, short_name
from samples.generator.citations import NATIONAL, Draft
from samples.generator.common import random_day, recipients, signer_block, sub_units
from samples.generator.par_text import (
    AREA_TASKS,
    AREA_TITLES,
    COMMUNICATION_FORMS,
    COMMUNICATION_TOPICS,
    PROCEDURE_FIELDS,
    PROCEDURES,
    PURPOSES,
    REQUIREMENTS,
    SHORTCOMINGS,
    lead_unit,
    leader,
)
from samples.generator.spec import (
    Annex,
    Block,
    DocumentSpec,
    long_date,
    short_date,
    symbol_for,
    vn_int,
    vn_percent,
)

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")
# the title each type prints above its subject; a công văn prints none ("V/v" under its number)
TYPE_TITLES: dict[str, str | None] = {
    "KH": "KẾ HOẠCH",
    "BC": "BÁO CÁO",
    "QĐ": "QUYẾT ĐỊNH",
    "TB": "THÔNG BÁO",
    "CV": None,
    "NQ": "NGHỊ QUYẾT",
    "TTr": "TỜ TRÌNH",
    "GM": "GIẤY MỜI",
    "CT": "CHỈ THỊ",
    "CĐ": "CÔNG ĐIỆN",
    "HD": "HƯỚNG DẪN",
}


@dataclass(frozen=True)
class Kind:
    name: str  # "plan.cchc"
    slug: str  # short file-name part: "kh-cchc"
    levels: tuple[AgencyLevel, ...]
    build: Callable[[random.Random, Agency], DocumentSpec]


def document_year(rng: random.Random) -> int:
    return rng.choice((2023, 2024, 2025))


def items_from(draft: Draft, options: tuple[str, ...], k: int, **values: object) -> list[Block]:
    return [Block("item", "- " + t.format(**values) + ";") for t in draft.pick(options, k)]


def end_items(blocks: list[Block]) -> list[Block]:
    """The last item of a list ends with a full stop, as typed."""
    if blocks and blocks[-1].style == "item":
        blocks[-1] = Block("item", blocks[-1].text.rstrip(";") + ".")
    return blocks


def _superior_plan(draft: Draft, agency: Agency, year: int, topic: str) -> str | None:
    """A district or department plan implements the province's plan of the same topic."""
    if agency.level == "province":
        return None
    number = draft.local_number("KH", "UBND")
    date = draft.date_between(dt.date(year - 1, 11, 15), dt.date(year, 1, 20))
    return draft.cite("KH", number, date, f"của Ủy ban nhân dân {agency.province} về {topic}")


def make_spec(
    draft: Draft,
    kind: str,
    agency: Agency,
    doc_type: str,
    subject: str,
    body: list[Block],
    *,
    year: int,
    criteria: list[str],
    facts: dict[str, object],
    first_recipients: list[str] | None = None,
    by_head: bool = False,
    authority: str | None = None,
    addressees: list[str] | None = None,
) -> DocumentSpec:
    rng = draft.rng
    symbol = symbol_for(doc_type, agency)
    return DocumentSpec(
        kind=kind,
        agency=agency,
        doc_type=doc_type,
        type_title=TYPE_TITLES[doc_type],
        number_n=rng.randint(3, 2999 if doc_type == "CV" else 899),
        symbol=symbol,
        issue_date=draft.issue_date,
        subject=subject,
        body=body,
        recipients=recipients(agency, first_recipients or [], rng),
        signer=signer_block(rng, agency, by_head=by_head, letter=doc_type == "CV"),
        citations=list(draft.citations),
        criteria=criteria,
        facts=dict(facts),
        year=year,
        authority=authority,
        addressees=addressees or [],
    )


def _plan_frame(
    draft: Draft,
    agency: Agency,
    year: int,
    plan_title: str,
    national: list[str],
    sections: list[tuple[str, list[Block]]],
) -> list[Block]:
    """Basis, purpose and requirements, the plan's own sections, then organisation."""
    body = [Block("basis", "Căn cứ " + draft.cite_national(key) + ";") for key in national]
    superior = _superior_plan(draft, agency, year, f"{plan_title.lower()} năm {year}")
    if superior:
        body.append(Block("basis", f"Thực hiện {superior};"))
    body.append(Block("para", f"{short_name(agency)} ban hành Kế hoạch {plan_title.lower()} năm {year} như sau:"))
    body.append(Block("heading", "I. MỤC ĐÍCH, YÊU CẦU"))
    body.append(Block("subheading", "1. Mục đích"))
    body += items_from(draft, PURPOSES, draft.rng.randint(2, 3))
    body.append(Block("subheading", "2. Yêu cầu"))
    body += end_items(items_from(draft, REQUIREMENTS, draft.rng.randint(2, 3)))
    for index, (heading, blocks) in enumerate(sections, start=2):
        body.append(Block("heading", f"{ROMAN[index - 1]}. {heading}"))
        body += blocks
    n = len(sections) + 2
    lead = lead_unit(agency)
    body.append(Block("heading", f"{ROMAN[n - 1]}. TỔ CHỨC THỰC HIỆN"))
    body.append(
        Block(
            "para",
            f"1. {lead} chủ trì, phối hợp với các cơ quan, đơn vị có liên quan hướng dẫn, theo dõi, đôn "
            f"đốc việc triển khai Kế hoạch này; tổng hợp, báo cáo {leader(agency)} kết quả thực hiện "
            "định kỳ hằng quý, 6 tháng, 9 tháng và năm.",
        )
    )
    body.append(
        Block(
            "para",
            f"2. Thủ trưởng {sub_units_phrase(agency)} căn cứ Kế hoạch này xây dựng kế hoạch của cơ quan, "
            "đơn vị mình, tổ chức thực hiện nghiêm túc và gửi kết quả về "
            f"{lead} trước ngày 15 của tháng cuối quý để tổng hợp.",
        )
    )
    body.append(
        Block(
            "para",
            f"Trên đây là Kế hoạch {plan_title.lower()} năm {year} của {short_name(agency)}. Trong quá trình "
            f"thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị phản ánh về {lead} để tổng hợp, "
            f"báo cáo {leader(agency)} xem xét, chỉ đạo./.",
        )
    )
    return body


def sub_units_phrase(agency: Agency) -> str:
    return agency.subordinates


def _plan_date(rng: random.Random, year: int, late: int = 25) -> dt.date:
    """Annual plans are issued in December of the year before or in January of the year itself."""
    return random_day(rng, dt.date(year - 1, 12, 5), dt.date(year, 1, late))


# ---------------------------------------------------------------- PAR plans


def plan_cchc(rng: random.Random, agency: Agency) -> DocumentSpec:
    year = document_year(rng)
    draft = Draft(rng, _plan_date(rng, year))
    tasks: list[Block] = []
    count = 0
    for index, (title, options) in enumerate(zip(AREA_TITLES, AREA_TASKS, strict=True), start=1):
        chosen = items_from(
            draft,
            options,
            rng.randint(2, 3),
            year=year,
            pct=rng.choice((30, 40, 50, 60)),
            pct_high=rng.choice((90, 95, 98)),
        )
        count += len(chosen)
        tasks.append(Block("subheading", f"{index}. {title}"))
        tasks += chosen
    tasks.insert(0, Block("para", f"Năm {year}, tập trung thực hiện {count} nhiệm vụ trọng tâm sau đây:"))
    body = _plan_frame(
        draft,
        agency,
        year,
        "Cải cách hành chính",
        ["nq76", "qd876"] if rng.random() < 0.7 else ["nq76"],
        [("NHIỆM VỤ TRỌNG TÂM", end_items(tasks)), ("KINH PHÍ THỰC HIỆN", [_funding(agency)])],
    )
    subject = rng.choice((f"Cải cách hành chính năm {year}", f"Thực hiện công tác cải cách hành chính năm {year}"))
    return make_spec(
        draft,
        "plan.cchc",
        agency,
        "KH",
        subject,
        body,
        year=year,
        criteria=["1.1.1"],
        facts={"plan_year": year, "tasks_planned": count},
    )


def _funding(agency: Agency) -> Block:
    return Block(
        "para",
        "Kinh phí thực hiện Kế hoạch được bố trí từ dự toán ngân sách nhà nước giao cho "
        f"{'các cơ quan, đơn vị' if agency.level != 'department' else 'Sở'} theo quy định hiện hành "
        "và các nguồn kinh phí hợp pháp khác.",
    )


def plan_inspection(rng: random.Random, agency: Agency) -> DocumentSpec:
    year = document_year(rng)
    draft = Draft(rng, random_day(rng, dt.date(year, 1, 10), dt.date(year, 3, 31)))
    units = sub_units(agency)
    total = len(units)
    planned = max(3, round(total * rng.choice((0.3, 0.4, 0.5, 0.6))))
    inspected = draft.pick(units, planned)
    content = [
        Block("subheading", "1. Nội dung kiểm tra"),
        *items_from(
            draft,
            (
                "Việc ban hành và tổ chức thực hiện kế hoạch cải cách hành chính năm {year}",
                "Việc thực hiện chế độ báo cáo định kỳ về cải cách hành chính",
                "Việc công khai thủ tục hành chính và giải quyết hồ sơ tại Bộ phận Một cửa",
                "Việc thực hiện quy chế văn hóa công sở, kỷ luật, kỷ cương hành chính",
                "Việc sử dụng hệ thống quản lý văn bản và điều hành, chữ ký số",
                "Việc tiếp nhận, xử lý phản ánh, kiến nghị của cá nhân, tổ chức",
            ),
            rng.randint(4, 6),
            year=year,
        ),
        Block("subheading", "2. Đối tượng và thời gian kiểm tra"),
        Block(
            "para",
            f"Kiểm tra {planned}/{total} cơ quan, đơn vị, đạt {vn_percent(planned, total)}% tổng số cơ quan, "
            "đơn vị trực thuộc, cụ thể như sau:",
        ),
    ]
    for index, unit in enumerate(inspected, start=1):
        month = rng.randint(4, 10)
        content.append(Block("item", f"{index}. {unit}: trong tháng {month}/{year};"))
    content = end_items(content)
    members = [person(rng) for _ in range(rng.randint(3, 5))]
    team = [Block("para", "Đoàn kiểm tra gồm:")] + [
        Block("item", f"- {p.honorific} {p.name}, {role};")
        for p, role in zip(
            members,
            ("Trưởng đoàn", "Phó Trưởng đoàn", "thành viên", "thành viên", "thư ký"),
            strict=False,
        )
    ]
    body = _plan_frame(
        draft,
        agency,
        year,
        "Kiểm tra công tác cải cách hành chính",
        ["nq76"],
        [("NỘI DUNG, ĐỐI TƯỢNG VÀ THỜI GIAN KIỂM TRA", content), ("THÀNH PHẦN ĐOÀN KIỂM TRA", end_items(team))],
    )
    return make_spec(
        draft,
        "plan.inspection",
        agency,
        "KH",
        f"Kiểm tra công tác cải cách hành chính năm {year}",
        body,
        year=year,
        criteria=["1.3.1"],
        facts={"plan_year": year, "units_planned": planned, "units_total": total},
    )


def plan_communication(rng: random.Random, agency: Agency) -> DocumentSpec:
    year = document_year(rng)
    draft = Draft(rng, random_day(rng, dt.date(year, 1, 3), dt.date(year, 2, 28)))
    sections = [
        ("NỘI DUNG TUYÊN TRUYỀN", end_items(items_from(draft, COMMUNICATION_TOPICS, rng.randint(4, 6)))),
        ("HÌNH THỨC TUYÊN TRUYỀN", end_items(items_from(draft, COMMUNICATION_FORMS, rng.randint(4, 6)))),
        (
            "CHỈ TIÊU",
            [
                Block(
                    "para",
                    f"Đăng tải ít nhất {rng.randint(3, 8)} tin, bài về cải cách hành chính mỗi quý; 100% cán bộ, "
                    "công chức, viên chức được phổ biến các văn bản mới về cải cách hành chính; tổ chức ít "
                    f"nhất {rng.randint(1, 3)} hội nghị, hội thi về cải cách hành chính trong năm {year}.",
                )
            ],
        ),
        ("KINH PHÍ THỰC HIỆN", [_funding(agency)]),
    ]
    body = _plan_frame(draft, agency, year, "Tuyên truyền cải cách hành chính", ["nq76"], sections)
    return make_spec(
        draft,
        "plan.communication",
        agency,
        "KH",
        f"Tuyên truyền cải cách hành chính năm {year}",
        body,
        year=year,
        criteria=["1.4"],
        facts={"plan_year": year},
    )


def plan_tthc_review(rng: random.Random, agency: Agency) -> DocumentSpec:
    year = document_year(rng)
    draft = Draft(rng, random_day(rng, dt.date(year, 1, 5), dt.date(year, 3, 15)))
    procedures = draft.pick(PROCEDURES, rng.randint(6, 10))
    listing = [
        Block("para", f"Rà soát, đánh giá {len(procedures)} thủ tục hành chính sau đây:"),
        *[Block("item", f"{i}. {p};") for i, p in enumerate(procedures, start=1)],
    ]
    method = [
        Block(
            "para",
            "Việc rà soát thực hiện theo biểu mẫu ban hành kèm theo "
            + draft.cite_national("tt02")
            + "; kết quả rà soát phải nêu rõ phương án đơn giản hóa, chi phí tuân thủ trước và sau khi đơn "
            "giản hóa.",
        ),
        Block(
            "para",
            f"Thời gian hoàn thành: trước ngày 30/9/{year}; các cơ quan, đơn vị gửi kết quả về "
            f"{'Văn phòng Ủy ban nhân dân' if agency.level != 'department' else 'Văn phòng Sở'} để tổng hợp.",
        ),
    ]
    body = _plan_frame(
        draft,
        agency,
        year,
        "Rà soát, đơn giản hóa thủ tục hành chính",
        ["nd63", "nd92"],
        [("DANH MỤC THỦ TỤC HÀNH CHÍNH RÀ SOÁT", end_items(listing)), ("CÁCH THỨC VÀ THỜI GIAN", method)],
    )
    return make_spec(
        draft,
        "plan.tthc_review",
        agency,
        "KH",
        f"Rà soát, đơn giản hóa thủ tục hành chính năm {year}",
        body,
        year=year,
        criteria=["3.2.1"],
        facts={"plan_year": year, "procedures_reviewed": len(procedures)},
    )


def plan_digital(rng: random.Random, agency: Agency) -> DocumentSpec:
    year = document_year(rng)
    draft = Draft(rng, random_day(rng, dt.date(year - 1, 12, 10), dt.date(year, 2, 28)))
    online = rng.choice((50, 60, 70, 80))
    goals = [
        Block("item", f"- {online}% hồ sơ thủ tục hành chính được tiếp nhận, giải quyết trực tuyến;"),
        Block("item", "- 100% văn bản đi được ký số và gửi, nhận trên môi trường điện tử;"),
        Block("item", f"- {rng.choice((80, 90, 100))}% hồ sơ công việc được xử lý trên môi trường mạng;"),
        Block("item", "- 100% cán bộ, công chức được bồi dưỡng kỹ năng số cơ bản."),
    ]
    tasks = []
    for index, (title, options) in enumerate(
        (
            ("Phát triển hạ tầng số và nền tảng số", AREA_TASKS[6]),
            ("Phát triển chính quyền số", AREA_TASKS[2]),
            ("Bảo đảm an toàn thông tin mạng", AREA_TASKS[6]),
        ),
        start=1,
    ):
        tasks.append(Block("subheading", f"{index}. {title}"))
        tasks += items_from(draft, options, rng.randint(2, 3), pct_high=95, pct=60, year=year)
    body = _plan_frame(
        draft,
        agency,
        year,
        "Chuyển đổi số",
        ["qd749", "qd06"],
        [("CHỈ TIÊU", goals), ("NHIỆM VỤ", end_items(tasks)), ("KINH PHÍ THỰC HIỆN", [_funding(agency)])],
    )
    return make_spec(
        draft,
        "plan.digital",
        agency,
        "KH",
        f"Chuyển đổi số năm {year}",
        body,
        year=year,
        criteria=["7.1.1"],
        facts={"plan_year": year, "online_target_percent": online},
    )


# ---------------------------------------------------------------- PAR reports

_PERIODS = {
    "quý I": ((3, 10), (3, 28), "quý I năm {y}", "quý II năm {y}"),
    "6 tháng": ((6, 8), (6, 28), "6 tháng đầu năm {y}", "6 tháng cuối năm {y}"),
    "9 tháng": ((9, 8), (9, 28), "9 tháng năm {y}", "quý IV năm {y}"),
    "năm": ((12, 1), (12, 26), "năm {y}", "năm {y1}"),
}


def report_cchc(rng: random.Random, agency: Agency) -> DocumentSpec:
    year = document_year(rng)
    period = rng.choice(tuple(_PERIODS))
    (m0, d0), (m1, d1), span, next_span = _PERIODS[period]
    draft = Draft(rng, random_day(rng, dt.date(year, m0, d0), dt.date(year, m1, d1)))
    span_text = span.format(y=year)
    planned = rng.randint(25, 80)
    share = {"quý I": 0.25, "6 tháng": 0.5, "9 tháng": 0.75, "năm": 0.9}[period]
    done = min(planned, max(1, round(planned * rng.uniform(share, min(1.0, share + 0.12)))))
    units = sub_units(agency)
    total = len(units)
    inspected = max(2, round(total * rng.uniform(0.2, 0.7)))
    reports_inspection = rng.random() < 0.7
    plan_number = draft.local_number("KH", agency.code)
    plan_date = draft.date_between(dt.date(year - 1, 12, 5), dt.date(year, 1, 25))
    if agency.level == "province":
        guidance, guide = f"{rng.randint(100, 6999)}/BNV-CCHC", "Bộ Nội vụ"
    elif agency.issuer == "Sở Nội vụ":
        guidance, guide = f"{rng.randint(100, 6999)}/UBND-NC", f"Ủy ban nhân dân {agency.province}"
    else:
        guidance, guide = f"{rng.randint(100, 3999)}/SNV-CCHC", "Sở Nội vụ"
    guidance_date = draft.date_between(draft.issue_date - dt.timedelta(days=40), draft.issue_date)
    received = rng.randint(3000, 60000)
    on_time = round(received * rng.uniform(0.95, 0.998))
    body: list[Block] = []
    body.append(
        Block(
            "para",
            "Thực hiện "
            + draft.cite(
                "CV", guidance, guidance_date, f"của {guide} về việc báo cáo công tác cải cách hành chính định kỳ"
            )
            + f", {short_name(agency)} báo cáo kết quả thực hiện công tác cải cách hành chính {span_text} "
            "như sau:",
        )
    )
    body.append(Block("heading", f"I. KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH {span_text.upper()}"))
    body.append(Block("subheading", "1. Công tác chỉ đạo, điều hành"))
    body.append(
        Block(
            "para",
            f"{short_name(agency)} đã ban hành "
            + draft.cite("KH", plan_number, plan_date, f"về cải cách hành chính năm {year}")
            + f", xác định {planned} nhiệm vụ cụ thể, phân công rõ cơ quan chủ trì, thời hạn hoàn thành. "
            f"Kết quả, đã hoàn thành {done}/{planned} nhiệm vụ, đạt {vn_percent(done, planned)}%; các nhiệm "
            "vụ còn lại đang được triển khai theo tiến độ.",
        )
    )
    if reports_inspection:
        body.append(
            Block(
                "para",
                f"Về công tác kiểm tra: đã tổ chức kiểm tra công tác cải cách hành chính tại {inspected}/{total} "
                f"cơ quan, đơn vị, đạt {vn_percent(inspected, total)}%; qua kiểm tra đã chỉ ra các tồn tại, hạn "
                "chế và yêu cầu các cơ quan, đơn vị khắc phục trong thời hạn 30 ngày.",
            )
        )
    body.append(
        Block(
            "para",
            f"Về công tác tuyên truyền: đăng tải {rng.randint(8, 60)} tin, bài về cải cách hành chính trên "
            f"Cổng thông tin điện tử; tổ chức {rng.randint(1, 6)} hội nghị quán triệt, tập huấn.",
        )
    )
    body.append(Block("subheading", "2. Cải cách thể chế"))
    body.append(
        Block(
            "para",
            f"Trong kỳ, đã tham mưu ban hành {rng.randint(1, 12)} văn bản quy phạm pháp luật; rà soát "
            f"{rng.randint(20, 140)} văn bản, qua rà soát kiến nghị sửa đổi, bổ sung {rng.randint(1, 9)} văn bản "
            "không còn phù hợp.",
        )
    )
    body.append(Block("subheading", "3. Cải cách thủ tục hành chính"))
    body.append(
        Block(
            "para",
            f"Tổng số hồ sơ tiếp nhận là {vn_int(received)} hồ sơ; đã giải quyết đúng hạn {vn_int(on_time)} "
            f"hồ sơ, đạt {vn_percent(on_time, received)}%. Tỷ lệ hồ sơ trực tuyến đạt "
            f"{rng.randint(35, 85)}%; tỷ lệ số hóa hồ sơ, kết quả giải quyết đạt {rng.randint(60, 99)}%.",
        )
    )
    for index, area in enumerate(
        ("Cải cách tổ chức bộ máy", "Cải cách chế độ công vụ", "Cải cách tài chính công"), start=4
    ):
        body.append(Block("subheading", f"{index}. {area}"))
        options = AREA_TASKS[index - 1]
        body.append(
            Block(
                "para",
                "Đã triển khai các nội dung: "
                + "; ".join(t.format(pct=60, pct_high=95, year=year).lower() for t in draft.pick(options, 2))
                + ".",
            )
        )
    body.append(Block("subheading", "7. Xây dựng, phát triển Chính quyền điện tử, Chính quyền số"))
    body.append(
        Block(
            "para",
            f"100% văn bản đi được ký số; {rng.randint(85, 100)}% hồ sơ công việc được xử lý trên môi trường "
            "mạng; hệ thống quản lý văn bản và điều hành được vận hành thông suốt.",
        )
    )
    body.append(Block("heading", "II. ĐÁNH GIÁ CHUNG"))
    body.append(Block("subheading", "1. Ưu điểm"))
    body.append(
        Block(
            "para",
            "Công tác cải cách hành chính tiếp tục được quan tâm chỉ đạo; các nhiệm vụ cơ bản được triển "
            "khai đúng tiến độ; chất lượng phục vụ người dân, tổ chức từng bước được nâng lên.",
        )
    )
    body.append(Block("subheading", "2. Tồn tại, hạn chế"))
    body += end_items(items_from(draft, SHORTCOMINGS, rng.randint(2, 3)))
    body.append(Block("heading", f"III. NHIỆM VỤ TRỌNG TÂM {next_span.format(y=year, y1=year + 1).upper()}"))
    body += end_items(
        items_from(
            draft, AREA_TASKS[0] + AREA_TASKS[2], rng.randint(3, 5), year=year + (period == "năm"), pct=50, pct_high=98
        )
    )
    body.append(Block("heading", "IV. ĐỀ XUẤT, KIẾN NGHỊ"))
    body.append(
        Block(
            "para",
            "Đề nghị cấp trên tiếp tục quan tâm tập huấn chuyên sâu về cải cách hành chính, chuyển đổi số; "
            "bố trí kinh phí nâng cấp hạ tầng công nghệ thông tin./.",
        )
    )
    subject = f"Kết quả thực hiện công tác cải cách hành chính {span_text}"
    if period != "năm" and rng.random() < 0.5:
        subject += f" và phương hướng, nhiệm vụ {next_span.format(y=year, y1=year + 1)}"
    facts: dict[str, object] = {"period": period, "report_year": year, "tasks_done": done, "tasks_planned": planned}
    criteria = ["1.1.2", "1.2"]
    if reports_inspection:
        facts |= {"units_inspected": inspected, "units_total": total}
        criteria.append("1.3.1")
    first = ["Sở Nội vụ"] if agency.level != "province" else ["Bộ Nội vụ"]
    return make_spec(
        draft,
        "report.cchc",
        agency,
        "BC",
        subject,
        body,
        year=year,
        criteria=criteria,
        facts=facts,
        first_recipients=first,
    )


# ---------------------------------------------------------------- decisions


def authority_line(agency: Agency, *, head: bool) -> str:
    name = " ".join(agency.header_issuer)
    if agency.collective:  # a Party committee decides as its standing committee: "BAN THƯỜNG VỤ TỈNH ỦY"
        return f"{agency.collective} {name}"
    if agency.level == "department" or head:
        return _head_of(head_title(agency).upper(), name)
    return name


def _head_of(title: str, name: str) -> str:
    """ "TRƯỞNG BAN" + "BAN KINH TẾ - NGÂN SÁCH" → "TRƯỞNG BAN KINH TẾ - NGÂN SÁCH": the words they share once."""
    title_words, name_words = title.split(), name.split()
    shared = max((n for n in range(1, len(title_words) + 1) if title_words[-n:] == name_words[:n]), default=0)
    return " ".join(title_words + name_words[shared:])


def _decision_basis(draft: Draft, agency: Agency, national: list[str]) -> list[Block]:
    blocks = []
    if agency.level == "department":
        number = draft.local_number("QĐ", "UBND")
        date = draft.date_between(dt.date(2020, 1, 1), dt.date(2022, 12, 31))
        blocks.append(
            Block(
                "basis",
                "Căn cứ "
                + draft.cite(
                    "QĐ",
                    number,
                    date,
                    f"của Ủy ban nhân dân {agency.province} quy định chức năng, "
                    f"nhiệm vụ, quyền hạn và cơ cấu tổ chức của {agency.issuer}",
                )
                + ";",
            )
        )
    else:
        blocks.append(Block("basis", "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"))
    blocks += [Block("basis", "Căn cứ " + draft.cite_national(key) + ";") for key in national]
    return blocks


def decision_tthc_list(rng: random.Random, agency: Agency) -> DocumentSpec:
    year = document_year(rng)
    draft = Draft(rng, random_day(rng, dt.date(year, 2, 1), dt.date(year, 11, 30)))
    field_name = rng.choice(PROCEDURE_FIELDS)
    department = rng.choice(
        (
            "Sở Tư pháp",
            "Sở Xây dựng",
            "Sở Tài nguyên và Môi trường",
            "Sở Văn hóa, Thể thao và Du lịch",
            "Sở Lao động - Thương binh và Xã hội",
        )
    )
    ministry_doc = draft.local_number("QĐ", rng.choice(("BTP", "BXD", "BTNMT", "BVHTTDL", "BLĐTBXH")), 100, 2999)
    ministry_date = draft.date_between(draft.issue_date - dt.timedelta(days=120), draft.issue_date)
    request = draft.local_number("TTr", "S" + "".join(w[0] for w in department.split()[1:3]).upper())
    request_date = draft.date_between(draft.issue_date - dt.timedelta(days=20), draft.issue_date)
    count = rng.randint(6, 14)
    body = _decision_basis(draft, agency, ["nd63", "nd92", "tt02"])
    body.append(
        Block(
            "basis",
            "Căn cứ "
            + draft.cite(
                "QĐ",
                ministry_doc,
                ministry_date,
                "của Bộ trưởng về việc công bố thủ tục "
                f"hành chính mới ban hành, được sửa đổi, bổ sung trong lĩnh vực {field_name.lower()}",
            )
            + ";",
        )
    )
    body.append(
        Block("basis", f"Theo đề nghị của Giám đốc {department} tại " + draft.cite("TTr", request, request_date) + ".")
    )
    body.append(Block("center_bold", "QUYẾT ĐỊNH:"))
    body += [
        Block(
            "article",
            f"Điều 1.| Công bố kèm theo Quyết định này Danh mục {count} thủ tục hành chính mới ban hành, được "
            f"sửa đổi, bổ sung trong lĩnh vực {field_name.lower()} thuộc thẩm quyền giải quyết của {department}, "
            "Ủy ban nhân dân cấp huyện và Ủy ban nhân dân cấp xã trên địa bàn "
            f"{agency.province}.",
        ),
        Block(
            "article",
            f"Điều 2.| Giao {department} chủ trì, phối hợp với Văn phòng Ủy ban nhân dân tỉnh xây dựng quy "
            "trình nội bộ giải quyết thủ tục hành chính, trình Chủ tịch Ủy ban nhân dân tỉnh phê duyệt "
            "trong thời hạn 10 ngày làm việc kể từ ngày ký Quyết định này; cập nhật, công khai thủ tục "
            "hành chính trên Cổng Dịch vụ công quốc gia và Hệ thống thông tin giải quyết thủ tục hành chính "
            "của tỉnh.",
        ),
        Block(
            "article",
            "Điều 3.| Quyết định này có hiệu lực thi hành kể từ ngày ký. Bãi bỏ các thủ tục hành chính có "
            "tên tại Danh mục đã được công bố trước đây trái với Quyết định này.",
        ),
        Block(
            "article",
            f"Điều 4.| Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc {department}, Chủ tịch Ủy ban nhân dân "
            "các huyện, thị xã, thành phố, Chủ tịch Ủy ban nhân dân các xã, phường, thị trấn và các tổ "
            "chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này./.",
        ),
    ]
    subject = (
        "Về việc công bố Danh mục thủ tục hành chính mới ban hành, được sửa đổi, bổ sung trong lĩnh vực "
        f"{field_name.lower()} thuộc phạm vi chức năng quản lý của {department}"
    )
    spec = make_spec(
        draft,
        "decision.tthc_list",
        agency,
        "QĐ",
        subject,
        body,
        year=year,
        criteria=["3.1.1"],
        facts={"procedures_published": count, "procedure_field": field_name},
        first_recipients=["Như Điều 4", "Cục Kiểm soát TTHC - VPCP"],
        by_head=True,
        authority=authority_line(agency, head=True),
    )
    spec.annexes.append(tthc_annex(rng, spec, count, field_name, department))
    return spec


def tthc_annex(rng: random.Random, spec: DocumentSpec, count: int, field_name: str, department: str) -> Annex:
    procedures = rng.sample(PROCEDURES, count)
    rows = [
        [
            str(i),
            p,
            field_name,
            rng.choice(("Cấp tỉnh", "Cấp huyện", "Cấp xã")),
            rng.choice(("Mới ban hành", "Sửa đổi, bổ sung")),
        ]
        for i, p in enumerate(procedures, start=1)
    ]
    return Annex(
        label="PHỤ LỤC",
        title_lines=[
            "DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH, ĐƯỢC SỬA ĐỔI, BỔ SUNG",
            f"TRONG LĨNH VỰC {field_name.upper()}",
        ],
        made_with=made_with_line(spec),
        columns=["STT", "Tên thủ tục hành chính", "Lĩnh vực", "Cấp thực hiện", "Ghi chú"],
        column_widths=[0.08, 0.44, 0.16, 0.16, 0.16],
        rows=rows,
    )


def made_with_line(spec: DocumentSpec) -> str:
    type_name = (TYPE_TITLES[spec.doc_type] or "CÔNG VĂN").capitalize()
    verb = "Ban hành kèm theo" if spec.doc_type == "QĐ" else "Kèm theo"
    author = (
        f"Chủ tịch Ủy ban nhân dân {spec.agency.province}" if spec.kind == "decision.tthc_list" else spec.agency.issuer
    )
    return f"({verb} {type_name} số {spec.number} {long_date(spec.issue_date)} của {author})"


def decision_steering(rng: random.Random, agency: Agency) -> DocumentSpec:
    year = document_year(rng)
    draft = Draft(rng, random_day(rng, dt.date(year, 1, 10), dt.date(year, 10, 30)))
    previous = draft.local_number("QĐ", agency.code)
    previous_date = draft.date_between(dt.date(year - 3, 1, 5), dt.date(year - 1, 12, 20))
    head = head_title(agency)
    body = _decision_basis(draft, agency, ["nq76"])
    body.append(Block("basis", f"Theo đề nghị của Trưởng {lead_unit(agency)}."))
    body.append(Block("center_bold", "QUYẾT ĐỊNH:"))
    body.append(
        Block(
            "article",
            f"Điều 1.| Kiện toàn Ban Chỉ đạo cải cách hành chính của {short_name(agency)}, gồm các thành viên sau:",
        )
    )
    roles = [
        f"{head}, Trưởng ban",
        f"Phó {head}, Phó Trưởng ban thường trực",
        f"Trưởng {lead_unit(agency)}, Phó Trưởng ban",
    ] + [
        f"Trưởng {u}, thành viên" if u.startswith(("Phòng", "Ban")) else f"Đại diện lãnh đạo {u}, thành viên"
        for u in draft.pick(sub_units(agency), rng.randint(6, 10))
    ]
    for index, role in enumerate(roles, start=1):
        p = person(rng)
        body.append(Block("item", f"{index}. {p.honorific} {p.name} - {role};"))
    body = end_items(body)
    body.append(Block("article", "Điều 2.| Nhiệm vụ của Ban Chỉ đạo:"))
    body += end_items(
        items_from(
            draft,
            (
                "Giúp {head} chỉ đạo, điều hành, đôn đốc việc triển khai công tác cải cách hành chính",
                "Chỉ đạo xây dựng kế hoạch cải cách hành chính, kế hoạch kiểm tra, kế hoạch tuyên truyền hằng năm",
                "Theo dõi, đánh giá kết quả thực hiện; đề xuất giải pháp nâng cao Chỉ số cải cách hành chính",
                "Tổ chức kiểm tra việc thực hiện nhiệm vụ cải cách hành chính tại các cơ quan, đơn vị",
                "Định kỳ 6 tháng, năm sơ kết, tổng kết, báo cáo kết quả hoạt động",
            ),
            rng.randint(3, 5),
            head=head,
        )
    )
    body.append(
        Block(
            "article",
            f"Điều 3.| Thành viên Ban Chỉ đạo làm việc theo chế độ kiêm nhiệm. {lead_unit(agency)} "
            "là cơ quan thường trực của Ban Chỉ đạo.",
        )
    )
    body.append(
        Block(
            "article",
            "Điều 4.| Quyết định này có hiệu lực kể từ ngày ký và thay thế "
            + draft.cite("QĐ", previous, previous_date)
            + ".",
        )
    )
    body.append(
        Block(
            "article",
            f"Điều 5.| Chánh Văn phòng, Trưởng {lead_unit(agency)}, thủ trưởng các cơ quan, đơn vị "
            "có liên quan và các thành viên có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
        )
    )
    territory = agency.issuer if agency.level == "department" else agency.issuer.removeprefix("Ủy ban nhân dân ")
    subject = f"Về việc kiện toàn Ban Chỉ đạo cải cách hành chính {territory}"
    return make_spec(
        draft,
        "decision.steering",
        agency,
        "QĐ",
        subject,
        body,
        year=year,
        criteria=["1"],
        facts={"members": len(roles)},
        first_recipients=["Như Điều 5"],
        by_head=True,
        authority=authority_line(agency, head=True),
    )


def decision_initiative(rng: random.Random, agency: Agency) -> DocumentSpec:
    year = document_year(rng)
    draft = Draft(rng, random_day(rng, dt.date(year, 11, 10), dt.date(year, 12, 28)))
    minutes = draft.local_number("BB", "HĐSK", 1, 30)
    minutes_date = draft.date_between(draft.issue_date - dt.timedelta(days=25), draft.issue_date)
    ideas = draft.pick(
        (
            "Ứng dụng mã QR tra cứu tình trạng giải quyết hồ sơ tại Bộ phận Một cửa",
            "Số hóa và tái sử dụng kết quả giải quyết thủ tục hành chính lĩnh vực hộ tịch",
            "Mô hình “Chủ nhật xanh - Một cửa không hẹn” tiếp nhận hồ sơ ngoài giờ",
            "Tổ công nghệ số cộng đồng hướng dẫn người dân nộp hồ sơ trực tuyến",
            "Phần mềm theo dõi tiến độ thực hiện nhiệm vụ cải cách hành chính",
            "Chatbot giải đáp thủ tục hành chính trên Cổng thông tin điện tử",
            "Quy trình liên thông điện tử đăng ký khai sinh - thường trú - bảo hiểm y tế",
            "Bộ câu hỏi trắc nghiệm trực tuyến tìm hiểu về cải cách hành chính",
        ),
        rng.randint(2, 5),
    )
    body = _decision_basis(draft, agency, ["nd13"])
    body.append(
        Block("basis", "Xét đề nghị của Hội đồng sáng kiến tại " + draft.cite("BB", minutes, minutes_date) + ".")
    )
    body.append(Block("center_bold", "QUYẾT ĐỊNH:"))
    body.append(
        Block(
            "article",
            f"Điều 1.| Công nhận {len(ideas)} sáng kiến, giải pháp mới trong công tác cải cách "
            f"hành chính năm {year}, cụ thể như sau:",
        )
    )
    for index, idea in enumerate(ideas, start=1):
        author = person(rng)
        unit = rng.choice(sub_units(agency))
        body.append(
            Block(
                "item",
                f"{index}. Sáng kiến “{idea}” của {author.honorific.lower()} {author.name}, {unit}. Phạm vi ảnh "
                f"hưởng: {rng.choice(('cấp cơ sở', 'toàn đơn vị', 'toàn địa phương'))}; hiệu quả: rút ngắn thời "
                f"gian xử lý hồ sơ trung bình {rng.randint(10, 40)}%;",
            )
        )
    body = end_items(body)
    body.append(
        Block(
            "article",
            "Điều 2.| Các tác giả có sáng kiến được công nhận được hưởng các quyền lợi theo quy "
            "định của pháp luật về sáng kiến và thi đua, khen thưởng.",
        )
    )
    body.append(
        Block(
            "article",
            "Điều 3.| Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng, thủ trưởng các cơ "
            "quan, đơn vị có liên quan và các cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết "
            "định này./.",
        )
    )
    return make_spec(
        draft,
        "decision.initiative",
        agency,
        "QĐ",
        f"Về việc công nhận sáng kiến, giải pháp mới trong công tác cải cách hành chính năm {year}",
        body,
        year=year,
        criteria=["1.5"],
        facts={"initiatives": len(ideas)},
        first_recipients=["Như Điều 3"],
        by_head=True,
        authority=authority_line(agency, head=True),
    )


# ---------------------------------------------------------------- letters and notices


def letter_urging(rng: random.Random, agency: Agency) -> DocumentSpec:
    year = document_year(rng)
    draft = Draft(rng, random_day(rng, dt.date(year, 4, 1), dt.date(year, 11, 20)))
    plan_number = draft.local_number("KH", agency.code)
    plan_date = draft.date_between(dt.date(year - 1, 12, 5), dt.date(year, 1, 25))
    units = sub_units(agency)
    late = draft.pick(units, rng.randint(2, 5))
    about = rng.choice(("report", "tasks"))
    body = [
        Block(
            "para",
            "Thực hiện "
            + draft.cite("KH", plan_number, plan_date, f"của {short_name(agency)} về cải cách hành chính năm {year}")
            + ";",
        ),
        Block(
            "para",
            f"Qua theo dõi, đến nay còn {len(late)} cơ quan, đơn vị chưa "
            + (
                "gửi báo cáo kết quả thực hiện công tác cải cách hành chính theo quy định, gồm: "
                if about == "report"
                else "hoàn thành các nhiệm vụ cải cách hành chính được giao đúng thời hạn, gồm: "
            )
            + ", ".join(late)
            + ".",
        ),
    ]
    planned = rng.randint(30, 70)
    done = round(planned * rng.uniform(0.3, 0.7))
    body.append(
        Block(
            "para",
            f"Theo Kế hoạch, năm {year} có {planned} nhiệm vụ cải cách hành chính được giao; đến nay mới hoàn "
            f"thành {done}/{planned} nhiệm vụ, đạt {vn_percent(done, planned)}%. Cụ thể, tình hình tại các cơ "
            "quan, đơn vị chậm thực hiện như sau:",
        )
    )
    for unit in late:
        overdue = rng.randint(1, 6)
        body.append(
            Block(
                "item",
                f"- {unit}: còn {overdue} nhiệm vụ chưa hoàn thành, trong đó "
                f"{rng.randint(0, overdue)} nhiệm vụ đã quá hạn; chưa gửi tài liệu kiểm chứng theo yêu cầu;",
            )
        )
    body = end_items(body)
    body.append(
        Block(
            "para",
            "Việc chậm thực hiện ảnh hưởng trực tiếp đến kết quả đánh giá, xếp hạng Chỉ số cải cách hành chính "
            f"năm {year}, đặc biệt là các tiêu chí về công tác chỉ đạo, điều hành, chế độ báo cáo và mức độ "
            "hoàn thành kế hoạch. Nhiều nhiệm vụ không có sản phẩm cụ thể; số liệu báo cáo giữa các kỳ chưa "
            "thống nhất; một số đơn vị chưa cập nhật kết quả trên Hệ thống thông tin báo cáo.",
        )
    )
    body.append(
        Block(
            "para",
            f"Để bảo đảm tiến độ thực hiện các nhiệm vụ cải cách hành chính năm {year}, {short_name(agency)} "
            "đề nghị thủ trưởng các cơ quan, đơn vị khẩn trương thực hiện một số nội dung sau:",
        )
    )
    asks = [
        "Rà soát toàn bộ nhiệm vụ được giao tại Kế hoạch; đối với nhiệm vụ đã quá hạn, xác định rõ nguyên "
        "nhân, trách nhiệm và thời hạn hoàn thành",
        "Gửi báo cáo kết quả thực hiện công tác cải cách hành chính, kèm theo tài liệu kiểm chứng, về "
        f"{lead_unit(agency)} trước ngày {rng.randint(5, 25)}/{min(12, draft.issue_date.month + 1)}/{year}",
        "Tăng cường kiểm tra, giám sát việc tiếp nhận, giải quyết hồ sơ thủ tục hành chính; không để phát "
        "sinh hồ sơ trễ hạn",
        "Cập nhật đầy đủ, chính xác số liệu trên Hệ thống thông tin báo cáo; chịu trách nhiệm trước "
        f"{leader(agency)} về tính chính xác của số liệu",
        "Chủ động đề xuất các sáng kiến, giải pháp mới để nâng cao chất lượng phục vụ người dân",
    ]
    for index, ask in enumerate(draft.pick(asks, rng.randint(4, 5)), start=1):
        body.append(Block("para", f"{index}. {ask}."))
    body.append(
        Block(
            "para",
            f"Giao {lead_unit(agency)} theo dõi, tổng hợp, báo cáo {leader(agency)} kết quả thực hiện; đề xuất "
            "xử lý trách nhiệm người đứng đầu các cơ quan, đơn vị chậm thực hiện./.",
        )
    )
    subject = (
        f"đôn đốc báo cáo kết quả thực hiện công tác cải cách hành chính năm {year}"
        if about == "report"
        else f"đôn đốc thực hiện nhiệm vụ cải cách hành chính năm {year}"
    )
    return make_spec(
        draft,
        "letter.urging",
        agency,
        "CV",
        subject,
        body,
        year=year,
        criteria=["1"],
        facts={"units_late": len(late)},
        first_recipients=["Như trên"],
        addressees=[f"Thủ trưởng {agency.subordinates}"]
        if rng.random() < 0.5
        else [*late, "Các cơ quan, đơn vị có liên quan"],
    )


def notice_inspection(rng: random.Random, agency: Agency) -> DocumentSpec:
    year = document_year(rng)
    draft = Draft(rng, random_day(rng, dt.date(year, 9, 1), dt.date(year, 12, 20)))
    plan_number = draft.local_number("KH", agency.code)
    plan_date = draft.date_between(dt.date(year, 1, 10), dt.date(year, 3, 31))
    units = sub_units(agency)
    total = len(units)
    inspected = draft.pick(units, max(3, round(total * rng.uniform(0.3, 0.7))))
    body = [
        Block(
            "para",
            "Thực hiện "
            + draft.cite("KH", plan_number, plan_date, f"về kiểm tra công tác cải cách hành chính năm {year}")
            + f", từ tháng {rng.randint(4, 6)} đến tháng "
            f"{rng.randint(7, 8)} năm {year}, Đoàn kiểm tra đã tiến hành kiểm tra công tác cải cách hành "
            f"chính tại {len(inspected)}/{total} cơ quan, đơn vị, đạt {vn_percent(len(inspected), total)}%. "
            f"{short_name(agency)} thông báo kết quả kiểm tra như sau:",
        ),
        Block("heading", "I. KẾT QUẢ KIỂM TRA"),
    ]
    findings = rng.sample(SHORTCOMINGS, len(SHORTCOMINGS))
    for index, unit in enumerate(inspected, start=1):
        finding = findings[(index - 1) % len(findings)].lower()
        body.append(
            Block(
                "para",
                f"{index}. {unit}: đã ban hành kế hoạch cải cách hành chính năm {year}, thực hiện "
                f"{rng.randint(70, 100)}% nhiệm vụ đúng tiến độ; cơ bản thực hiện đúng quy định về công khai thủ "
                f"tục hành chính; tuy nhiên, {finding}.",
            )
        )
    body.append(Block("heading", "II. ĐÁNH GIÁ CHUNG"))
    body.append(
        Block(
            "para",
            "Qua kiểm tra cho thấy, người đứng đầu các cơ quan, đơn vị đã quan tâm chỉ đạo công tác cải cách "
            "hành chính; việc tiếp nhận, giải quyết hồ sơ thủ tục hành chính cơ bản đúng quy định; hồ sơ "
            "được số hóa và cập nhật trên hệ thống. Bên cạnh đó, việc lưu trữ tài liệu kiểm chứng chưa đầy "
            "đủ; một số nhiệm vụ chưa có sản phẩm cụ thể; chế độ báo cáo có lúc chưa đúng thời hạn.",
        )
    )
    body.append(Block("heading", "III. YÊU CẦU KHẮC PHỤC"))
    body.append(
        Block(
            "para",
            "Các cơ quan, đơn vị được kiểm tra khẩn trương khắc phục các tồn tại, hạn chế nêu trên; báo cáo "
            f"kết quả khắc phục về {lead_unit(agency)} trong thời hạn 30 ngày kể từ ngày nhận Thông báo này./.",
        )
    )
    return make_spec(
        draft,
        "notice.inspection",
        agency,
        "TB",
        f"Kết quả kiểm tra công tác cải cách hành chính năm {year}",
        body,
        year=year,
        criteria=["1.3.1"],
        facts={"plan_year": year, "units_inspected": len(inspected), "units_total": total},
        first_recipients=["Các cơ quan, đơn vị được kiểm tra"],
    )


# ---------------------------------------------------------------- unrelated documents


def unrelated_disaster_plan(rng: random.Random, agency: Agency) -> DocumentSpec:
    year = document_year(rng)
    draft = Draft(rng, random_day(rng, dt.date(year, 1, 10), dt.date(year, 4, 15)))
    sections = [
        (
            "NHIỆM VỤ TRỌNG TÂM",
            end_items(
                items_from(
                    draft,
                    (
                        "Kiện toàn Ban Chỉ huy phòng, chống thiên tai và tìm kiếm cứu nạn các cấp",
                        "Rà soát, cập nhật phương án ứng phó thiên tai theo cấp độ rủi ro",
                        "Thực hiện phương châm “bốn tại chỗ” trong phòng, chống thiên tai",
                        "Kiểm tra, gia cố đê bao, bờ kè, cống đập trước mùa mưa bão",
                        "Dự trữ lương thực, thuốc men, phương tiện cứu hộ tại các khu vực xung yếu",
                        "Tổ chức diễn tập ứng phó với bão, lũ, sạt lở đất",
                        "Tuyên truyền kỹ năng phòng, tránh thiên tai cho Nhân dân",
                    ),
                    rng.randint(5, 7),
                )
            ),
        ),
        (
            "KINH PHÍ THỰC HIỆN",
            [Block("para", f"Kinh phí từ Quỹ phòng, chống thiên tai và ngân sách {agency.locality} năm {year}.")],
        ),
    ]
    body = [Block("basis", "Căn cứ " + draft.cite_national(k) + ";") for k in ("luat_pctt", "nd66")]
    body.append(
        Block(
            "para",
            f"Năm {year - 1}, trên địa bàn đã xảy ra {rng.randint(3, 15)} đợt mưa lớn, giông lốc làm hư hỏng "
            f"{rng.randint(5, 90)} căn nhà. Để chủ động ứng phó, {short_name(agency)} ban hành Kế hoạch phòng, "
            f"chống thiên tai và tìm kiếm cứu nạn năm {year} như sau:",
        )
    )
    body.append(Block("heading", "I. MỤC ĐÍCH, YÊU CẦU"))
    body.append(
        Block(
            "para",
            "Chủ động phòng ngừa, ứng phó kịp thời, hiệu quả với các loại hình thiên tai; giảm thiểu thiệt "
            "hại về người và tài sản; huy động sức mạnh tổng hợp của cả hệ thống chính trị và Nhân dân.",
        )
    )
    for index, (heading, blocks) in enumerate(sections, start=2):
        body.append(Block("heading", f"{ROMAN[index - 1]}. {heading}"))
        body += blocks
    body.append(Block("heading", "IV. TỔ CHỨC THỰC HIỆN"))
    body.append(
        Block(
            "para",
            "Các cơ quan, đơn vị căn cứ nhiệm vụ được giao xây dựng kế hoạch chi tiết, báo cáo kết quả về "
            f"Văn phòng Ban Chỉ huy trước ngày 15/11/{year}./.",
        )
    )
    return make_spec(
        draft,
        "unrelated.disaster_plan",
        agency,
        "KH",
        f"Phòng, chống thiên tai và tìm kiếm cứu nạn năm {year}",
        body,
        year=year,
        criteria=[],
        facts={},
    )


def unrelated_award(rng: random.Random, agency: Agency) -> DocumentSpec:
    year = rng.choice((2022, 2023, 2024))
    draft = Draft(rng, random_day(rng, dt.date(year + 1, 1, 8), dt.date(year + 1, 2, 5)))
    decree = "nd98" if draft.issue_date > NATIONAL["nd98"].citation.date else "nd91"
    body = [Block("basis", "Căn cứ " + draft.cite_national(k) + ";") for k in ("luat_tdkt", decree)]
    body.append(Block("basis", f"Xét đề nghị của Trưởng {lead_unit(agency)}."))
    body.append(Block("center_bold", "QUYẾT ĐỊNH:"))
    body.append(
        Block(
            "article",
            "Điều 1.| Tặng Giấy khen cho các tập thể, cá nhân đã có thành tích xuất sắc, hoàn thành "
            f"vượt mức kế hoạch công tác năm {year}, gồm:",
        )
    )
    units = sub_units(agency)
    for index in range(1, rng.randint(12, 17)):
        if rng.random() < 0.4:
            body.append(Block("item", f"{index}. Tập thể {rng.choice(units)};"))
        else:
            p = person(rng)
            body.append(Block("item", f"{index}. {p.honorific} {p.name}, chuyên viên {rng.choice(units)};"))
    body = end_items(body)
    body.append(
        Block(
            "article",
            "Điều 2.| Mức tiền thưởng kèm theo Giấy khen thực hiện theo quy định của pháp luật về "
            "thi đua, khen thưởng, chi từ Quỹ thi đua, khen thưởng năm " + str(year + 1) + ".",
        )
    )
    body.append(
        Block(
            "article",
            "Điều 3.| Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng, thủ trưởng các cơ "
            "quan, đơn vị có liên quan và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành "
            "Quyết định này./.",
        )
    )
    return make_spec(
        draft,
        "unrelated.award",
        agency,
        "QĐ",
        f"Về việc tặng Giấy khen cho các tập thể, cá nhân có thành tích xuất sắc năm {year}",
        body,
        year=year,
        criteria=[],
        facts={},
        first_recipients=["Như Điều 3"],
        by_head=True,
        authority=authority_line(agency, head=True),
    )


def unrelated_poverty_list(rng: random.Random, agency: Agency) -> DocumentSpec:
    year = document_year(rng)
    draft = Draft(rng, random_day(rng, dt.date(year - 1, 12, 10), dt.date(year - 1, 12, 30)))
    survey = draft.local_number("KH", agency.code)
    survey_date = draft.date_between(dt.date(year - 1, 8, 1), dt.date(year - 1, 9, 30))
    body = _decision_basis(draft, agency, ["nd07"])
    body.append(
        Block(
            "basis",
            "Căn cứ "
            + draft.cite(
                "KH", survey, survey_date, f"của {short_name(agency)} về rà soát hộ nghèo, hộ cận nghèo năm {year}"
            )
            + ";",
        )
    )
    body.append(Block("basis", "Xét đề nghị của Trưởng Phòng Lao động - Thương binh và Xã hội."))
    body.append(Block("center_bold", "QUYẾT ĐỊNH:"))
    poor_total = 0
    near_total = 0
    rows = []
    for unit in [u for u in sub_units(agency) if "Ủy ban nhân dân" in u]:
        poor, near = rng.randint(3, 120), rng.randint(5, 150)
        poor_total += poor
        near_total += near
        place = unit.removeprefix("Ủy ban nhân dân ")
        rows.append(Block("item", f"- {place[0].upper()}{place[1:]}: {poor} hộ nghèo, {near} hộ cận nghèo;"))
    body.append(
        Block(
            "article",
            f"Điều 1.| Phê duyệt danh sách {poor_total} hộ nghèo và {near_total} hộ cận nghèo trên "
            f"địa bàn {agency.locality} năm {year} (theo danh sách kèm theo), cụ thể:",
        )
    )
    body += end_items(rows)
    body.append(
        Block(
            "article",
            "Điều 2.| Ủy ban nhân dân các xã, phường, thị trấn niêm yết công khai danh sách; thực "
            f"hiện các chính sách hỗ trợ theo kế hoạch giảm nghèo bền vững năm {year}, gồm:",
        )
    )
    body += end_items(
        items_from(
            draft,
            (
                "Hỗ trợ cấp thẻ bảo hiểm y tế cho thành viên hộ nghèo, hộ cận nghèo",
                "Miễn, giảm học phí và hỗ trợ chi phí học tập cho học sinh thuộc hộ nghèo",
                "Hỗ trợ tiền điện cho hộ nghèo theo quy định",
                "Cho vay vốn ưu đãi thông qua Ngân hàng Chính sách xã hội",
                "Hỗ trợ nhà ở, cải thiện điều kiện sinh hoạt cho hộ nghèo có hoàn cảnh khó khăn",
                "Đào tạo nghề, giới thiệu việc làm cho lao động thuộc hộ nghèo, hộ cận nghèo",
            ),
            rng.randint(4, 6),
        )
    )
    body.append(
        Block(
            "article",
            "Điều 3.| Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng, Trưởng Phòng Lao "
            "động - Thương binh và Xã hội và các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành "
            "Quyết định này./.",
        )
    )
    return make_spec(
        draft,
        "unrelated.poverty_list",
        agency,
        "QĐ",
        f"Về việc phê duyệt danh sách hộ nghèo, hộ cận nghèo năm {year}",
        body,
        year=year,
        criteria=[],
        facts={},
        first_recipients=["Như Điều 3"],
        by_head=True,
        authority=authority_line(agency, head=True),
    )


def unrelated_construction_letter(rng: random.Random, agency: Agency) -> DocumentSpec:
    year = document_year(rng)
    draft = Draft(rng, random_day(rng, dt.date(year, 3, 1), dt.date(year, 11, 25)))
    body = [
        Block(
            "para",
            "Căn cứ " + draft.cite_national("luat_xd") + " và " + draft.cite_national("nd16") + ";",
        ),
        Block(
            "para",
            f"Thời gian qua, tình hình vi phạm trật tự xây dựng trên địa bàn có chiều hướng gia tăng; từ đầu "
            f"năm {year} đến nay đã phát hiện {rng.randint(10, 90)} trường hợp xây dựng không phép, sai phép. "
            f"Để thực hiện hiệu quả kế hoạch kiểm tra trật tự xây dựng năm {year}, {short_name(agency)} đề "
            "nghị:",
        ),
    ]
    situation = [Block("para", "Tình hình vi phạm tại một số địa bàn như sau:")]
    for unit in draft.pick([u for u in sub_units(agency) if "Ủy ban nhân dân" in u] or sub_units(agency), 5):
        situation.append(
            Block(
                "item",
                f"- {unit}: phát hiện {rng.randint(2, 25)} trường hợp xây dựng không phép, "
                f"{rng.randint(1, 12)} trường hợp sai nội dung giấy phép; đã lập biên bản, xử phạt "
                f"{rng.randint(1, 10)} trường hợp với tổng số tiền {vn_int(rng.randint(20, 400) * 1_000_000)} đồng;",
            )
        )
    body[1:1] = end_items(situation)
    asks = (
        "Tăng cường kiểm tra, phát hiện và xử lý kịp thời các công trình xây dựng không phép, sai phép",
        "Công khai quy hoạch xây dựng, quy hoạch sử dụng đất tại trụ sở và trên Cổng thông tin điện tử",
        "Xử lý nghiêm trách nhiệm của cán bộ, công chức buông lỏng quản lý để xảy ra vi phạm",
        "Báo cáo kết quả thực hiện định kỳ hằng tháng về Phòng Quản lý đô thị",
        "Phối hợp với các cơ quan báo chí đưa tin về các trường hợp vi phạm đã bị xử lý",
        "Không cung cấp dịch vụ điện, nước cho các công trình vi phạm trật tự xây dựng",
        "Rà soát, xử lý dứt điểm các trường hợp tồn đọng từ các năm trước, không để kéo dài",
    )
    for index, ask in enumerate(asks, start=1):
        body.append(Block("para", f"{index}. {ask}."))
    body.append(
        Block(
            "para",
            "Thủ trưởng các cơ quan, đơn vị chịu trách nhiệm trước Chủ tịch Ủy ban nhân dân nếu để xảy ra vi "
            "phạm trật tự xây dựng kéo dài mà không xử lý. Đề nghị các cơ quan, đơn vị nghiêm túc triển khai "
            "thực hiện./.",
        )
    )
    return make_spec(
        draft,
        "unrelated.construction_letter",
        agency,
        "CV",
        f"tăng cường công tác quản lý trật tự xây dựng năm {year}",
        body,
        year=year,
        criteria=[],
        facts={},
        first_recipients=["Như trên"],
        addressees=[f"Thủ trưởng {agency.subordinates}"],
    )


KINDS: tuple[Kind, ...] = (
    Kind("plan.cchc", "kh-cchc", ("province", "department", "district"), plan_cchc),
    Kind("report.cchc", "bc-cchc", ("province", "department", "district"), report_cchc),
    Kind("decision.tthc_list", "qd-cong-bo-tthc", ("province",), decision_tthc_list),
    Kind("letter.urging", "cv-don-doc", ("province", "department", "district"), letter_urging),
    Kind("unrelated.disaster_plan", "kh-thien-tai", ("province", "district"), unrelated_disaster_plan),
    Kind("plan.inspection", "kh-kiem-tra", ("province", "department", "district"), plan_inspection),
    Kind("decision.steering", "qd-bcd-cchc", ("province", "department", "district"), decision_steering),
    Kind("notice.inspection", "tb-kiem-tra", ("province", "department", "district"), notice_inspection),
    Kind("unrelated.award", "qd-khen-thuong", ("department", "district"), unrelated_award),
    Kind("plan.communication", "kh-tuyen-truyen", ("province", "department", "district"), plan_communication),
    Kind("decision.initiative", "qd-sang-kien", ("province", "department", "district"), decision_initiative),
    Kind("unrelated.poverty_list", "qd-ho-ngheo", ("district",), unrelated_poverty_list),
    Kind("plan.tthc_review", "kh-ra-soat-tthc", ("province", "district"), plan_tthc_review),
    Kind("plan.digital", "kh-chuyen-doi-so", ("province", "department", "district"), plan_digital),
    Kind("unrelated.construction_letter", "cv-xay-dung", ("province", "district"), unrelated_construction_letter),
)

KIND_BY_NAME = {k.name: k for k in KINDS}


def build(kind: Kind, rng: random.Random, agencies: tuple[Agency, ...] = AGENCIES) -> DocumentSpec:
    # a pool read from a file may lack the kind's levels: then any of its bodies issues it
    agency = rng.choice([a for a in agencies if a.level in kind.levels] or list(agencies))
    return kind.build(rng, agency)


__all__ = ["KINDS", "KIND_BY_NAME", "Kind", "build", "short_date"]
