"""Kinds of document in NĐ30's other forms: a council's resolution, a proposal, an invitation, a
directive, an urgent dispatch, a guidance. Each prints its own title block (Phụ lục I): the
resolution names its council and session under the subject, the dispatch ends its title block with
"… điện:", the proposal and the invitation address someone before the body.

They serve no PAR criterion (topics outside the rubric), so `kiemchung eval-tags` expects no tag;
they exist so the extractor is measured on forms its probes did not show (`--kinds other`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

from samples.generator.agencies import Agency, short_name
from samples.generator.citations import Draft
from samples.generator.common import random_day
from samples.generator.kinds import ROMAN, Kind, authority_line, document_year, end_items, items_from, make_spec
from samples.generator.spec import Block, DocumentSpec, vn_int

_COUNCIL_TERMS = ("X", "XI", "XVI", "XVII")


def _council(agency: Agency) -> Agency:
    """The people's council of the committee's territory: the same header with its first word changed."""
    if not agency.issuer.startswith("Ủy ban nhân dân") or agency.header_issuer[:1] != ("ỦY BAN NHÂN DÂN",):
        return agency  # a body of another kind issues it as itself
    return dataclasses.replace(
        agency,
        unit=agency.unit.replace("ubnd", "hdnd"),
        issuer="Hội đồng nhân dân" + agency.issuer.removeprefix("Ủy ban nhân dân"),
        header_issuer=("HỘI ĐỒNG NHÂN DÂN", *agency.header_issuer[1:]),
        code="HĐND",
        letter_unit="VP",
    )


def resolution_council(rng: random.Random, agency: Agency) -> DocumentSpec:
    council = _council(agency)
    year = document_year(rng)
    draft = Draft(rng, random_day(rng, dt.date(year, 7, 5), dt.date(year, 12, 20)))
    # (subject, the year it covers): a resolution of this year's session decides next year's budget
    subject, covered = rng.choice(
        (
            (f"Thông qua danh mục các dự án cần thu hồi đất năm {year + 1} trên địa bàn", year + 1),
            ("Quy định mức hỗ trợ đối với người hoạt động không chuyên trách ở cấp xã, ở thôn, tổ dân phố", year),
            (f"Về kế hoạch đầu tư công năm {year + 1}", year + 1),
            (
                "Quy định nội dung, mức chi hỗ trợ phát triển sản xuất nông nghiệp, nông thôn và giảm nghèo "
                "bền vững giai đoạn 2026 - 2030",
                year,
            ),
            (
                f"Về dự toán thu ngân sách nhà nước trên địa bàn, thu, chi ngân sách địa phương năm {year + 1}",
                year + 1,
            ),
        )
    )
    session = f"KHÓA {rng.choice(_COUNCIL_TERMS)}, KỲ HỌP THỨ {rng.randint(5, 24)}"
    body = [
        Block("basis", "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"),
        Block("basis", "Căn cứ Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2015;"),
        Block(
            "basis",
            f"Xét Tờ trình số {draft.local_number('TTr', 'UBND')} ngày "
            f"{draft.date_between(dt.date(year, 6, 1), draft.issue_date).strftime('%d/%m/%Y')} của Ủy ban nhân dân; "
            "Báo cáo thẩm tra của Ban Kinh tế - Ngân sách; ý kiến thảo luận của đại biểu tại kỳ họp.",
        ),
        Block("heading", "QUYẾT NGHỊ:"),
        Block(
            "para",
            f"Điều 1. Thông qua nội dung nêu tại Tờ trình, với tổng kinh phí {vn_int(rng.randint(5, 900))} tỷ đồng.",
        ),
        Block("para", "Điều 2. Giao Ủy ban nhân dân tổ chức thực hiện Nghị quyết này."),
        Block(
            "para",
            f"Nghị quyết này đã được {council.issuer} {session.lower()} thông qua ngày "
            f"{draft.issue_date.day} tháng {draft.issue_date.month} năm {draft.issue_date.year} và có hiệu lực "
            "từ ngày ký./.",
        ),
    ]
    spec = make_spec(
        draft,
        "other.resolution",
        council,
        "NQ",
        subject,
        body,
        year=covered,
        criteria=[],
        facts={},
        by_head=True,
        authority=f"{' '.join(council.header_issuer)}\n{session}",
    )
    if rng.random() < 0.5:  # a normative resolution carries its year: "15/2024/NQ-HĐND"
        spec = dataclasses.replace(spec, symbol=f"{draft.issue_date.year}/{spec.symbol}")
    return spec


def proposal(rng: random.Random, agency: Agency) -> DocumentSpec:
    year = document_year(rng)
    draft = Draft(rng, random_day(rng, dt.date(year, 2, 1), dt.date(year, 11, 28)))
    subject, covered = rng.choice(
        (
            (f"Đề nghị phê duyệt dự toán kinh phí tổ chức Hội nghị tổng kết năm {year}", year),
            (f"Về việc đề nghị bổ sung biên chế công chức năm {year + 1}", year + 1),
            (f"Đề nghị phê duyệt danh sách đề nghị khen thưởng năm {year}", year),
            ("Về việc đề nghị điều chỉnh quy hoạch chi tiết xây dựng tỷ lệ 1/500 khu dân cư", year),
        )
    )
    above = agency.superior or f"Hội đồng nhân dân {agency.locality}"
    body = [
        Block("basis", "Căn cứ " + draft.cite_national("nd30") + ";"),
        Block(
            "para",
            f"Thực hiện nhiệm vụ được giao, {short_name(agency)} kính trình {above} xem xét, phê duyệt "
            "nội dung như sau:",
        ),
        Block("heading", "I. SỰ CẦN THIẾT"),
        Block("para", f"Năm {year}, khối lượng công việc tăng {rng.randint(10, 40)}% so với năm trước."),
        Block("heading", "II. NỘI DUNG ĐỀ NGHỊ"),
        Block("para", f"Tổng kinh phí đề nghị: {vn_int(rng.randint(50, 900) * 1_000_000)} đồng."),
        Block("para", f"Kính trình {above} xem xét, quyết định./."),
    ]
    return make_spec(
        draft, "other.proposal", agency, "TTr", subject, body, year=covered, criteria=[], facts={}, addressees=[above]
    )


def invitation(rng: random.Random, agency: Agency) -> DocumentSpec:
    year = document_year(rng)
    draft = Draft(rng, random_day(rng, dt.date(year, 1, 5), dt.date(year, 12, 10)))
    meeting = draft.issue_date + dt.timedelta(days=rng.randint(2, 9))
    subject = rng.choice(
        (
            f"Dự Hội nghị tổng kết công tác phòng, chống thiên tai năm {year}",
            f"Dự họp triển khai công tác bảo đảm trật tự an toàn giao thông dịp Tết Nguyên đán {year + 1}",
            "Họp bàn phương án giải phóng mặt bằng dự án nâng cấp tuyến đường tỉnh",
            f"Dự Lễ kỷ niệm Ngày Thương binh - Liệt sĩ 27/7/{year}",
        )
    )
    body = [
        Block("para", f"{short_name(agency)} trân trọng kính mời:"),
        Block("item", f"- Đại diện lãnh đạo {agency.subordinates}."),
        Block(
            "para",
            f"Thời gian: {rng.choice(('07 giờ 30', '08 giờ 00', '14 giờ 00'))}, ngày {meeting.strftime('%d/%m/%Y')}.",
        ),
        Block("para", f"Địa điểm: Hội trường {short_name(agency)}."),
        Block("para", "Đề nghị các đại biểu tham dự đúng thời gian, thành phần./."),
    ]
    return make_spec(
        draft,
        "other.invitation",
        agency,
        "GM",
        subject,
        body,
        year=year,
        criteria=[],
        facts={},
        first_recipients=["Như thành phần mời"],
    )


def directive(rng: random.Random, agency: Agency) -> DocumentSpec:
    year = document_year(rng)
    draft = Draft(rng, random_day(rng, dt.date(year, 1, 5), dt.date(year, 11, 20)))
    subject = rng.choice(
        (
            "Về việc tăng cường công tác phòng cháy, chữa cháy và cứu nạn, cứu hộ trên địa bàn",
            f"Về tăng cường kỷ luật, kỷ cương trong thực hiện nhiệm vụ phát triển kinh tế - xã hội năm {year}",
            "Về việc đẩy mạnh công tác bảo vệ môi trường nông thôn",
        )
    )
    body = [
        Block(
            "para",
            f"Thời gian qua, trên địa bàn xảy ra {rng.randint(3, 40)} vụ việc gây thiệt hại "
            f"{vn_int(rng.randint(1, 90))} tỷ đồng. Để khắc phục tình trạng trên, "
            f"Chủ tịch {short_name(agency)} yêu cầu:",
        ),
        *end_items(
            items_from(
                draft,
                (
                    "Thủ trưởng các cơ quan, đơn vị quán triệt nội dung Chỉ thị này đến cán bộ, công chức",
                    "Tăng cường kiểm tra, xử lý nghiêm các trường hợp vi phạm",
                    "Định kỳ hằng quý báo cáo kết quả thực hiện",
                    "Đẩy mạnh tuyên truyền, vận động Nhân dân cùng thực hiện",
                ),
                3,
            )
        ),
        Block("para", "Yêu cầu Thủ trưởng các cơ quan, đơn vị nghiêm túc thực hiện Chỉ thị này./."),
    ]
    return make_spec(
        draft, "other.directive", agency, "CT", subject, body, year=year, criteria=[], facts={}, by_head=True
    )


def dispatch(rng: random.Random, agency: Agency) -> DocumentSpec:
    year = document_year(rng)
    draft = Draft(rng, random_day(rng, dt.date(year, 6, 1), dt.date(year, 11, 20)))
    storm = rng.randint(1, 12)
    subject = rng.choice(
        (
            f"Về việc chủ động ứng phó với bão số {storm} và mưa lũ sau bão",
            "Về việc tập trung khắc phục hậu quả mưa lũ, sạt lở đất",
            "Về việc tăng cường phòng, chống dịch bệnh trên đàn gia súc, gia cầm",
        )
    )
    body = [
        Block("item", f"- Thủ trưởng {agency.subordinates};"),
        Block("item", "- Các cơ quan báo chí trên địa bàn."),
        Block(
            "para",
            f"Theo tin của Trung tâm Dự báo khí tượng thủy văn quốc gia, lượng mưa phổ biến từ {rng.randint(100, 200)} "
            f"đến {rng.randint(250, 500)} mm. Để chủ động ứng phó, yêu cầu các cơ quan, đơn vị:",
        ),
        Block("para", "1. Tổ chức trực ban nghiêm túc, theo dõi chặt chẽ diễn biến thời tiết."),
        Block("para", "2. Báo cáo kết quả thực hiện về Văn phòng thường trực trước 16 giờ hằng ngày./."),
    ]
    authority = f"{authority_line(agency, head=True)} điện:"
    spec = make_spec(
        draft,
        "other.dispatch",
        agency,
        "CĐ",
        subject,
        body,
        year=year,
        criteria=[],
        facts={},
        by_head=True,
        authority=authority,
    )
    if rng.random() < 0.5:
        spec = dataclasses.replace(spec, urgency="HỎA TỐC")
    return spec


def guidance(rng: random.Random, agency: Agency) -> DocumentSpec:
    year = document_year(rng)
    draft = Draft(rng, random_day(rng, dt.date(year, 1, 5), dt.date(year, 10, 30)))
    subject = rng.choice(
        (
            f"Tổ chức các hoạt động kỷ niệm ngày thành lập ngành năm {year}",
            f"Thực hiện công tác thi đua, khen thưởng năm {year}",
            "Triển khai thu thập, cập nhật dữ liệu hộ gia đình trên phần mềm quản lý",
        )
    )
    body = [
        Block("basis", "Căn cứ " + draft.cite_national("luat_tdkt") + ";"),
        Block("para", f"{short_name(agency)} hướng dẫn như sau:"),
        Block("heading", f"{ROMAN[0]}. MỤC ĐÍCH, YÊU CẦU"),
        Block("para", "Bảo đảm thiết thực, hiệu quả, tiết kiệm, tránh hình thức."),
        Block("heading", f"{ROMAN[1]}. NỘI DUNG"),
        Block("para", f"Các đơn vị gửi báo cáo trước ngày {rng.randint(10, 28)}/{rng.randint(2, 11)}/{year}./."),
    ]
    return make_spec(draft, "other.guidance", agency, "HD", subject, body, year=year, criteria=[], facts={})


OTHER_KINDS: tuple[Kind, ...] = (
    Kind("other.resolution", "nq-hdnd", ("province", "district"), resolution_council),
    Kind("other.proposal", "to-trinh", ("department", "district"), proposal),
    Kind("other.invitation", "giay-moi", ("province", "department", "district"), invitation),
    Kind("other.directive", "chi-thi", ("province", "district"), directive),
    Kind("other.dispatch", "cong-dien", ("province", "district"), dispatch),
    Kind("other.guidance", "huong-dan", ("department",), guidance),
)
