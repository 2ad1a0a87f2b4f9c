"""Issuing agencies and the people who sign for them.

An agency knows how its header block is printed (upper case, as on the page) and how its fields are
written in the truth (normal case), so that both come from one place.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Literal

AgencyLevel = Literal["province", "department", "district"]


@dataclass(frozen=True)
class Agency:
    unit: str  # id of the appraised unit: "<province>.<unit>"
    level: AgencyLevel
    issuer: str  # normal case, as in the truth
    superior: str | None
    header_superior: tuple[str, ...]  # upper-case lines above the issuer, regular weight
    header_issuer: tuple[str, ...]  # upper-case lines, bold
    code: str  # agency part of the symbol: UBND, SNV, STP…
    letter_unit: str  # unit part of a công văn symbol: VP, CCHC, VB…
    place: str  # the place on the place-and-date line
    province: str  # "tỉnh Long An", "Thành phố Hồ Chí Minh"
    locality: str  # how the body names the territory: "tỉnh", "quận", "huyện", "Sở"
    email_domain: str
    subordinates: str  # how the body names the units under it


AGENCIES: tuple[Agency, ...] = (
    Agency(
        unit="long-an.ubnd-tinh",
        level="province",
        issuer="Ủy ban nhân dân tỉnh Long An",
        superior=None,
        header_superior=(),
        header_issuer=("ỦY BAN NHÂN DÂN", "TỈNH LONG AN"),
        code="UBND",
        letter_unit="VP",
        place="Long An",
        province="tỉnh Long An",
        locality="tỉnh",
        email_domain="longan.gov.vn",
        subordinates="các sở, ban, ngành tỉnh và Ủy ban nhân dân các huyện, thị xã, thành phố",
    ),
    Agency(
        unit="tay-ninh.so-noi-vu",
        level="department",
        issuer="Sở Nội vụ",
        superior="Ủy ban nhân dân tỉnh Tây Ninh",
        header_superior=("ỦY BAN NHÂN DÂN", "TỈNH TÂY NINH"),
        header_issuer=("SỞ NỘI VỤ",),
        code="SNV",
        letter_unit="CCHC",
        place="Tây Ninh",
        province="tỉnh Tây Ninh",
        locality="Sở",
        email_domain="tayninh.gov.vn",
        subordinates="các phòng, đơn vị thuộc Sở",
    ),
    Agency(
        unit="hcm.so-tu-phap",
        level="department",
        issuer="Sở Tư pháp",
        superior="Ủy ban nhân dân Thành phố Hồ Chí Minh",
        header_superior=("ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"),
        header_issuer=("SỞ TƯ PHÁP",),
        code="STP",
        letter_unit="VP",
        place="Thành phố Hồ Chí Minh",
        province="Thành phố Hồ Chí Minh",
        locality="Sở",
        email_domain="tphcm.gov.vn",
        subordinates="các phòng, đơn vị thuộc Sở",
    ),
    Agency(
        unit="phu-tho.so-tttt",
        level="department",
        issuer="Sở Thông tin và Truyền thông",
        superior="Ủy ban nhân dân tỉnh Phú Thọ",
        header_superior=("ỦY BAN NHÂN DÂN", "TỈNH PHÚ THỌ"),
        header_issuer=("SỞ THÔNG TIN", "VÀ TRUYỀN THÔNG"),
        code="STTTT",
        letter_unit="CNTT",
        place="Phú Thọ",
        province="tỉnh Phú Thọ",
        locality="Sở",
        email_domain="phutho.gov.vn",
        subordinates="các phòng, đơn vị thuộc Sở",
    ),
    Agency(
        unit="hcm.quan-3",
        level="district",
        issuer="Ủy ban nhân dân Quận 3",
        superior=None,
        header_superior=(),
        header_issuer=("ỦY BAN NHÂN DÂN", "QUẬN 3"),
        code="UBND",
        letter_unit="VP",
        place="Quận 3",
        province="Thành phố Hồ Chí Minh",
        locality="quận",
        email_domain="tphcm.gov.vn",
        subordinates="các phòng, ban chuyên môn thuộc quận và Ủy ban nhân dân các phường",
    ),
    Agency(
        unit="long-an.huyen-can-giuoc",
        level="district",
        issuer="Ủy ban nhân dân huyện Cần Giuộc",
        superior=None,
        header_superior=(),
        header_issuer=("ỦY BAN NHÂN DÂN", "HUYỆN CẦN GIUỘC"),
        code="UBND",
        letter_unit="NV",
        place="Cần Giuộc",
        province="tỉnh Long An",
        locality="huyện",
        email_domain="longan.gov.vn",
        subordinates="các cơ quan chuyên môn thuộc huyện và Ủy ban nhân dân các xã, thị trấn",
    ),
    Agency(
        unit="tay-ninh.huyen-chau-thanh",
        level="district",
        issuer="Ủy ban nhân dân huyện Châu Thành",
        superior=None,
        header_superior=(),
        header_issuer=("ỦY BAN NHÂN DÂN", "HUYỆN CHÂU THÀNH"),
        code="UBND",
        letter_unit="VP",
        place="Châu Thành",
        province="tỉnh Tây Ninh",
        locality="huyện",
        email_domain="tayninh.gov.vn",
        subordinates="các cơ quan chuyên môn thuộc huyện và Ủy ban nhân dân các xã, thị trấn",
    ),
)


# Agencies with long names, used by the `wrapped_header` variant only (the committed samples stay
# as they are): their header lines wrap in a narrow column as real ones do.
LONG_NAMED_AGENCIES: tuple[Agency, ...] = (
    Agency(
        unit="hcm.so-tai-nguyen-moi-truong",
        level="department",
        issuer="Sở Tài nguyên và Môi trường",
        superior="Ủy ban nhân dân Thành phố Hồ Chí Minh",
        header_superior=("ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"),
        header_issuer=("SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG",),
        code="STNMT",
        letter_unit="VP",
        place="Thành phố Hồ Chí Minh",
        province="Thành phố Hồ Chí Minh",
        locality="Sở",
        email_domain="tphcm.gov.vn",
        subordinates="các phòng, đơn vị thuộc Sở",
    ),
    Agency(
        unit="hcm.so-lao-dong",
        level="department",
        issuer="Sở Lao động - Thương binh và Xã hội",
        superior="Ủy ban nhân dân Thành phố Hồ Chí Minh",
        header_superior=("ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"),
        header_issuer=("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",),
        code="SLĐTBXH",
        letter_unit="VP",
        place="Thành phố Hồ Chí Minh",
        province="Thành phố Hồ Chí Minh",
        locality="Sở",
        email_domain="tphcm.gov.vn",
        subordinates="các phòng, đơn vị thuộc Sở",
    ),
    Agency(
        unit="long-an.huyen-can-giuoc",
        level="district",
        issuer="Ủy ban nhân dân huyện Cần Giuộc",
        superior=None,
        header_superior=(),
        header_issuer=("ỦY BAN NHÂN DÂN HUYỆN CẦN GIUỘC",),
        code="UBND",
        letter_unit="NV",
        place="Cần Giuộc",
        province="tỉnh Long An",
        locality="huyện",
        email_domain="longan.gov.vn",
        subordinates="các cơ quan chuyên môn thuộc huyện và Ủy ban nhân dân các xã, thị trấn",
    ),
)


def agencies_of_level(*levels: AgencyLevel) -> list[Agency]:
    return [a for a in AGENCIES if a.level in levels]


def collective_name(agency: Agency) -> str | None:
    """The collective a TM. line speaks for ("ỦY BAN NHÂN DÂN"); a department has none."""
    return None if agency.level == "department" else "ỦY BAN NHÂN DÂN"


def head_title(agency: Agency) -> str:
    return "Giám đốc" if agency.level == "department" else "Chủ tịch"


def short_name(agency: Agency) -> str:
    """How the body text names the issuer: "Ủy ban nhân dân quận", "Sở Nội vụ"."""
    if agency.level == "department":
        return agency.issuer
    return f"Ủy ban nhân dân {agency.locality}"


_SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Huỳnh", "Phan", "Ngô")
_MIDDLE_MALE = ("Văn", "Minh", "Quốc", "Đức", "Thanh", "Hoàng", "Hữu", "Công")
_MIDDLE_FEMALE = ("Thị", "Ngọc", "Thanh", "Thu", "Kim", "Mỹ")
_GIVEN_MALE = ("Hùng", "Dũng", "Tuấn", "Khoa", "Long", "Nghĩa", "Bình", "Phước", "Thắng", "Toàn", "Hòa")
_GIVEN_FEMALE = ("Lan", "Hương", "Thủy", "Phương", "Hạnh", "Trang", "Nga", "Yến", "Loan", "Hằng")


@dataclass(frozen=True)
class Person:
    name: str
    female: bool

    @property
    def honorific(self) -> str:
        return "Bà" if self.female else "Ông"


def person(rng: random.Random) -> Person:
    female = rng.random() < 0.4
    middle = _MIDDLE_FEMALE if female else _MIDDLE_MALE
    given = _GIVEN_FEMALE if female else _GIVEN_MALE
    return Person(f"{rng.choice(_SURNAMES)} {rng.choice(middle)} {rng.choice(given)}", female)
