"""Issuing agencies and the people who sign for them.

An agency knows how its header block is printed (upper case, as on the page) and how its fields are
written in the truth (normal case), so that both come from one place.
"""

from __future__ import annotations

import random
import unicodedata
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


def _department(name: str, code: str, province: str, place: str, domain: str, *, one_line: bool) -> Agency:
    """A department under a province's committee: "UBND TỈNH QUẢNG NINH" / "SỞ GIAO THÔNG VẬN TẢI"."""
    superior = (f"UBND TỈNH {province.upper()}",) if one_line else ("ỦY BAN NHÂN DÂN", f"TỈNH {province.upper()}")
    return Agency(
        unit=f"{domain}.{_slug(code)}",
        level="department",
        issuer=name,
        superior=f"Ủy ban nhân dân tỉnh {province}",
        header_superior=superior,
        header_issuer=(name.upper(),),
        code=code,
        letter_unit="VP",
        place=place,
        province=f"tỉnh {province}",
        locality="Sở",
        email_domain=f"{domain}.gov.vn",
        subordinates="các phòng, đơn vị thuộc Sở",
    )


def _slug(text: str) -> str:
    """ "thị xã Nghĩa Lộ" → "thi-xa-nghia-lo": a unit id's part."""
    letters = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "-".join(word for word in "".join(c for c in letters if not unicodedata.combining(c)).split() if word != "-")


def _committee(unit_word: str, name: str, province: str, domain: str, *, one_line: bool = False) -> Agency:
    """A people's committee: of a province ("ỦY BAN NHÂN DÂN" / "TỈNH KON TUM"), or of a district,
    town, city or commune ("UBND HUYỆN MƯỜNG TÈ" on one line)."""
    upper = f"{unit_word.upper()} {name.upper()}"
    level: AgencyLevel = "province" if unit_word == "tỉnh" else "district"
    return Agency(
        unit=f"{domain}.ubnd-{_slug(unit_word)}-{_slug(name)}",
        level=level,
        issuer=f"Ủy ban nhân dân {unit_word} {name}",
        superior=None,
        header_superior=(),
        header_issuer=(f"UBND {upper}",) if one_line else ("ỦY BAN NHÂN DÂN", upper),
        code="UBND",
        letter_unit="VP",
        place=name,
        province=f"tỉnh {province}",
        locality=unit_word,
        email_domain=f"{domain}.gov.vn",
        subordinates=(
            "các sở, ban, ngành tỉnh và Ủy ban nhân dân các huyện, thị xã, thành phố"
            if level == "province"
            else "các cơ quan chuyên môn và Ủy ban nhân dân các xã, phường, thị trấn"
        ),
    )


# Agencies of other provinces and levels, for `--agencies more` (a view of headers the usual set never
# prints: hyphenated and highland names, towns and cities, a commune, one-line headers). The names are
# real units, written as NĐ30 Phụ lục II writes them.
MORE_AGENCIES: tuple[Agency, ...] = (
    _committee("tỉnh", "Bà Rịa - Vũng Tàu", "Bà Rịa - Vũng Tàu", "baria-vungtau"),
    _committee("tỉnh", "Đắk Lắk", "Đắk Lắk", "daklak", one_line=True),
    _committee("tỉnh", "Kon Tum", "Kon Tum", "kontum"),
    _department("Sở Giao thông vận tải", "SGTVT", "Quảng Ninh", "Quảng Ninh", "quangninh", one_line=True),
    _department("Sở Kế hoạch và Đầu tư", "SKHĐT", "Phú Thọ", "Phú Thọ", "phutho", one_line=False),
    _department("Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL", "Nghệ An", "Nghệ An", "nghean", one_line=True),
    _department("Sở Khoa học và Công nghệ", "SKHCN", "Hà Giang", "Hà Giang", "hagiang", one_line=False),
    _committee("huyện", "Thanh Ba", "Phú Thọ", "phutho", one_line=False),
    _committee("huyện", "Krông Pắc", "Đắk Lắk", "daklak", one_line=True),
    _committee("huyện", "Mường Tè", "Lai Châu", "laichau", one_line=False),
    _committee("thị xã", "Nghĩa Lộ", "Yên Bái", "yenbai", one_line=False),
    _committee("thành phố", "Việt Trì", "Phú Thọ", "phutho", one_line=True),
    _committee("xã", "Hoàng Cương", "Phú Thọ", "phutho", one_line=False),
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
