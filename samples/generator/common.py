"""Pieces every kind of document shares: the signer block, the recipients, the units under an agency."""

from __future__ import annotations

import datetime as dt
import random

from samples.generator.agencies import Agency, collective_name, deputy_title, head_title, person
from samples.generator.spec import SignerBlock

_PROVINCE_UNITS = (
    "Sở Tài chính",
    "Sở Xây dựng",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Tài nguyên và Môi trường",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Công Thương",
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Giao thông vận tải",
    "Sở Kế hoạch và Đầu tư",
    "Sở Khoa học và Công nghệ",
    "Ủy ban nhân dân huyện Đức Hòa",
    "Ủy ban nhân dân huyện Bến Lức",
    "Ủy ban nhân dân thị xã Kiến Tường",
    "Ủy ban nhân dân thành phố Tân An",
    "Ủy ban nhân dân huyện Cần Đước",
    "Ủy ban nhân dân huyện Thạnh Hóa",
    "Ủy ban nhân dân huyện Tân Trụ",
    "Ủy ban nhân dân huyện Châu Thành",
)
_DEPARTMENT_UNITS = (
    "Văn phòng Sở",
    "Thanh tra Sở",
    "Phòng Cải cách hành chính",
    "Phòng Tổ chức, biên chế",
    "Phòng Công chức, viên chức",
    "Phòng Xây dựng chính quyền",
    "Phòng Kế hoạch - Tài chính",
    "Trung tâm Lưu trữ lịch sử",
    "Ban Thi đua - Khen thưởng",
    "Ban Tôn giáo",
    "Trung tâm Công nghệ thông tin",
    "Trung tâm Dịch vụ việc làm",
)
_DISTRICT_OFFICES = (
    "Phòng Nội vụ",
    "Phòng Tư pháp",
    "Phòng Tài chính - Kế hoạch",
    "Phòng Tài nguyên và Môi trường",
    "Phòng Văn hóa và Thông tin",
    "Phòng Lao động - Thương binh và Xã hội",
    "Phòng Quản lý đô thị",
    "Phòng Giáo dục và Đào tạo",
    "Phòng Y tế",
    "Phòng Kinh tế",
)
_COMMUNES = ("Long Hậu", "Phước Lại", "Tân Kim", "Mỹ Lộc", "Phước Hậu", "Thuận Thành", "Đông Thạnh", "Tân Tập")
_WARDS = ("Võ Thị Sáu", "1", "2", "4", "5", "9", "10", "11", "12", "14")


def sub_units(agency: Agency) -> list[str]:
    """The units an agency inspects, urges on and reports about."""
    if agency.level == "province":
        return list(_PROVINCE_UNITS)
    if agency.level == "department":
        return list(_DEPARTMENT_UNITS)
    if agency.locality == "quận":
        lower = [f"Ủy ban nhân dân Phường {w}" for w in _WARDS]
    else:
        lower = [f"Ủy ban nhân dân xã {c}" for c in _COMMUNES]
    return list(_DISTRICT_OFFICES) + lower


def signer_block(rng: random.Random, agency: Agency, *, by_head: bool = False, letter: bool = False) -> SignerBlock:
    """The signer block as printed and as recorded.

    `by_head`: the document is the head's own act (a chairman's decision), so no TM. line.
    `letter`: công văn may be signed by the office chief (TL.).
    """
    name = person(rng).name
    choice = rng.random()
    if agency.party:
        return _party_signer(choice, agency, name, letter=letter)
    head = head_title(agency)
    deputy = deputy_title(agency)
    collective = collective_name(agency)
    if letter and choice < 0.3:
        outer = (f"TM. {collective}",) if collective and rng.random() < 0.5 else ()
        return SignerBlock((*outer, f"TL. {head.upper()}"), "CHÁNH VĂN PHÒNG", "Chánh Văn phòng", "TL.", name)
    head_lines: tuple[str, ...] = (f"TM. {collective}",) if collective and not by_head else ()
    if choice < 0.6:
        return SignerBlock((*head_lines, f"KT. {head.upper()}"), deputy.upper(), deputy, "KT.", name)
    capacity = "TM." if head_lines else None
    return SignerBlock(head_lines, head.upper(), head, capacity, name)


def _party_signer(choice: float, agency: Agency, name: str, *, letter: bool) -> SignerBlock:
    """Hướng dẫn 36 writes the marks with a slash ("T/M BAN THƯỜNG VỤ"); a committee's deputy secretary
    signs for the standing committee itself, with no K/T line."""
    head, deputy, collective = head_title(agency), deputy_title(agency), collective_name(agency)
    if letter and choice < 0.3:
        return SignerBlock((f"T/L {collective or head.upper()}",), "CHÁNH VĂN PHÒNG", "Chánh Văn phòng", "TL.", name)
    if collective:
        title = deputy if choice < 0.6 else head
        return SignerBlock((f"T/M {collective}",), title.upper(), title, "TM.", name)
    if choice < 0.6:
        return SignerBlock((f"K/T {head.upper()}",), deputy.upper(), deputy, "KT.", name)
    return SignerBlock((), head.upper(), head, None, name)


def recipients(agency: Agency, first: list[str], rng: random.Random) -> list[str]:
    """The "Nơi nhận:" list as printed, without the leading dash and the closing punctuation."""
    if agency.level == "province":
        usual = [
            "Bộ Nội vụ",
            "TT. Tỉnh ủy",
            "TT. HĐND tỉnh",
            "CT, các PCT UBND tỉnh",
            "Các sở, ban, ngành tỉnh",
            "UBND các huyện, thị xã, thành phố",
            "Cổng thông tin điện tử tỉnh",
        ]
        keep = "Lưu: VT, NC"
    elif agency.level == "department":
        usual = [
            f"UBND {agency.province} (để báo cáo)",
            "Giám đốc, các PGĐ Sở",
            "Các phòng, đơn vị thuộc Sở",
            "Trang thông tin điện tử Sở",
        ]
        keep = f"Lưu: VT, {agency.letter_unit}"
    else:
        usual = [
            "Sở Nội vụ",
            f"TT. {'Quận' if agency.locality == 'quận' else 'Huyện'} ủy",
            f"TT. HĐND {agency.locality}",
            f"CT, các PCT UBND {agency.locality}",
            "Các cơ quan chuyên môn",
            f"UBND các {'phường' if agency.locality == 'quận' else 'xã, thị trấn'}",
        ]
        keep = "Lưu: VT"
    chosen = [u for u in usual if rng.random() < 0.8 and u not in first] or usual[:2]
    return [*first, *chosen, keep]


def working_day(day: dt.date) -> dt.date:
    """Documents are rarely signed on a Sunday: move to Monday."""
    return day + dt.timedelta(days=1) if day.weekday() == 6 else day


def random_day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return working_day(start + dt.timedelta(days=rng.randint(0, (end - start).days)))
