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
    head: str = ""  # the head's title when it is not "Giám đốc" (a department) or "Chủ tịch" (a committee)
    deputy: str = ""  # the deputy's title when it is not "Phó " + the head's
    party: bool = False  # a Party body: Hướng dẫn 36's form ("ĐẢNG CỘNG SẢN VIỆT NAM", "Số 15-KH/TU")
    collective: str = ""  # the collective a Party committee's "T/M" line speaks for ("BAN THƯỜNG VỤ")


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


def _body(
    issuer: str,
    superior: str | None,
    header: tuple[tuple[str, ...], tuple[str, ...]],
    *,
    code: str,
    place: str,
    domain: str,
    head: str,
    deputy: str = "",
) -> Agency:
    """A body that is neither a committee nor a Sở: a ministry, its department, a university, a council's
    committee, a district's office, a provincial agency. `header`: (superior lines, issuer lines) as printed."""
    return Agency(
        unit=f"{domain}.{_slug(code)}",
        level="department",
        issuer=issuer,
        superior=superior,
        header_superior=header[0],
        header_issuer=header[1],
        code=code,
        letter_unit="VP",
        place=place,
        province=superior.removeprefix("Ủy ban nhân dân ") if superior else "cả nước",
        locality="cơ quan",
        email_domain=f"{domain}.gov.vn",
        subordinates="các phòng, đơn vị trực thuộc",
        head=head,
        deputy=deputy,
    )


# Bodies of other kinds, for `--agencies wider`: a ministry and one of its departments, a university, a
# provincial council's committee, a district's office, provincial agencies whose names wrap, the
# departments and wards after the 2025 merger, a province's social insurance. Real units; the header
# lines as NĐ30 Phụ lục II prints them (the superior's name above the issuer's).
WIDER_AGENCIES: tuple[Agency, ...] = (
    _committee("tỉnh", "Lâm Đồng", "Lâm Đồng", "lamdong"),
    _committee("phường", "Hoàn Kiếm", "Hà Nội", "hanoi"),
    _body(
        "Bộ Nội vụ",
        None,
        ((), ("BỘ NỘI VỤ",)),
        code="BNV",
        place="Hà Nội",
        domain="moha",
        head="Bộ trưởng",
        deputy="Thứ trưởng",
    ),
    _body(
        "Cục Thuế",
        "Bộ Tài chính",
        (("BỘ TÀI CHÍNH",), ("CỤC THUẾ",)),
        code="CT",
        place="Hà Nội",
        domain="gdt",
        head="Cục trưởng",
    ),
    _body(
        "Trường Đại học Vinh",
        "Bộ Giáo dục và Đào tạo",
        (("BỘ GIÁO DỤC VÀ ĐÀO TẠO",), ("TRƯỜNG ĐẠI HỌC VINH",)),
        code="ĐHV",
        place="Nghệ An",
        domain="vinhuni",
        head="Hiệu trưởng",
    ),
    _body(
        "Ban Kinh tế - Ngân sách",
        "Hội đồng nhân dân tỉnh Nghệ An",
        (("HỘI ĐỒNG NHÂN DÂN", "TỈNH NGHỆ AN"), ("BAN KINH TẾ - NGÂN SÁCH",)),
        code="BKTNS",
        place="Nghệ An",
        domain="nghean",
        head="Trưởng ban",
    ),
    _body(
        "Phòng Nội vụ",
        "Ủy ban nhân dân huyện Đông Anh",
        (("UBND HUYỆN ĐÔNG ANH",), ("PHÒNG NỘI VỤ",)),
        code="PNV",
        place="Đông Anh",
        domain="donganh",
        head="Trưởng phòng",
    ),
    _body(
        "Thanh tra tỉnh",
        "Ủy ban nhân dân tỉnh Bắc Ninh",
        (("UBND TỈNH BẮC NINH",), ("THANH TRA TỈNH",)),
        code="TTr",
        place="Bắc Ninh",
        domain="bacninh",
        head="Chánh Thanh tra",
    ),
    _body(
        "Trung tâm Phục vụ hành chính công",
        "Ủy ban nhân dân tỉnh Quảng Nam",
        (("ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NAM"), ("TRUNG TÂM PHỤC VỤ", "HÀNH CHÍNH CÔNG")),
        code="TTPVHCC",
        place="Quảng Nam",
        domain="quangnam",
        head="Giám đốc",
    ),
    _body(
        "Ban Quản lý các khu công nghiệp",
        "Ủy ban nhân dân tỉnh Bình Dương",
        (("UBND TỈNH BÌNH DƯƠNG",), ("BAN QUẢN LÝ", "CÁC KHU CÔNG NGHIỆP")),
        code="BQL",
        place="Bình Dương",
        domain="binhduong",
        head="Trưởng ban",
    ),
    _body(
        "Sở Nông nghiệp và Môi trường",
        "Ủy ban nhân dân tỉnh Tuyên Quang",
        (("UBND TỈNH TUYÊN QUANG",), ("SỞ NÔNG NGHIỆP", "VÀ MÔI TRƯỜNG")),
        code="SNNMT",
        place="Tuyên Quang",
        domain="tuyenquang",
        head="Giám đốc",
    ),
    _body(
        "Sở Dân tộc và Tôn giáo",
        "Ủy ban nhân dân thành phố Hà Nội",
        (("ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI"), ("SỞ DÂN TỘC VÀ TÔN GIÁO",)),
        code="SDTTG",
        place="Hà Nội",
        domain="hanoi",
        head="Giám đốc",
    ),
    _body(
        "Bảo hiểm xã hội tỉnh An Giang",
        "Bảo hiểm xã hội Việt Nam",
        (("BẢO HIỂM XÃ HỘI VIỆT NAM",), ("BẢO HIỂM XÃ HỘI", "TỈNH AN GIANG")),
        code="BHXH",
        place="An Giang",
        domain="angiang",
        head="Giám đốc",
    ),
)

AGENCY_SETS: dict[str, tuple[Agency, ...]] = {"usual": AGENCIES, "more": MORE_AGENCIES, "wider": WIDER_AGENCIES}


def agencies_of_level(*levels: AgencyLevel) -> list[Agency]:
    return [a for a in AGENCIES if a.level in levels]


def collective_name(agency: Agency) -> str | None:
    """The collective a TM. line speaks for ("ỦY BAN NHÂN DÂN"); a department has none."""
    if agency.party:  # a committee's standing committee or cell; a board signs for itself
        return agency.collective or None
    return None if agency.level == "department" else "ỦY BAN NHÂN DÂN"


def head_title(agency: Agency) -> str:
    return agency.head or ("Giám đốc" if agency.level == "department" else "Chủ tịch")


def deputy_title(agency: Agency) -> str:
    return agency.deputy or f"Phó {head_title(agency)}"


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
