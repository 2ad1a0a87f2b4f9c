"""Which appraised unit a document is of, and which year it counts for."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from core.models import DocumentRecord, Evidence, Page
from core.units import UnitError, find_unit, load_registries, load_registry
from extractors.attribution import attribute_unit, attribute_year


def record(
    issuer: str | None,
    *,
    number: str = "1/KH-UBND",
    superior: str | None = None,
    place: str | None = None,
    text: str = "",
    subject: str | None = None,
    issued: dt.date | None = None,
) -> DocumentRecord:
    return DocumentRecord(
        file="x.pdf",
        sha256="ef" * 32,
        issuer=issuer,
        number=number,
        superior=superior,
        place=place,
        subject=subject,
        issue_date=issued,
        pages=[Page(page=1, method="text", text=text)] if text else [],
    )


@pytest.mark.parametrize(
    ("issuer", "unit"),
    [
        ("Ủy ban nhân dân Quận 3", "hcm.quan-3"),
        ("UBND Quận 3", "hcm.quan-3"),
        ("ỦY BAN NHÂN DÂN QUẬN 3", "hcm.quan-3"),
        ("Q3", "hcm.quan-3"),
        ("Uỷ ban nhân dân quận Gò Vấp", "hcm.quan-go-vap"),
        ("Ủy ban nhân dân thành phố Thủ Đức", "hcm.tp-thu-duc"),
        ("Ủy ban nhân dân Quận 10", "hcm.quan-10"),
    ],
)
def test_name_variants(issuer: str, unit: str) -> None:
    assert attribute_unit(record(issuer)) == unit


def test_a_department_name_shared_by_provinces_is_settled_by_the_superior_line() -> None:
    assert attribute_unit(record("Sở Nội vụ", superior="Ủy ban nhân dân tỉnh Tây Ninh")) == "tay-ninh.so-noi-vu"
    assert attribute_unit(record("Sở Tư pháp", superior="Ủy ban nhân dân Thành phố Hồ Chí Minh")) == "hcm.so-tu-phap"
    assert attribute_unit(record("Sở Nội vụ", place="Long An")) == "long-an.so-noi-vu"


def test_an_ambiguous_name_with_no_province_is_left_unattributed() -> None:
    """Long An and Tây Ninh both have a huyện Châu Thành: without a clue, no guess."""
    assert attribute_unit(record("Ủy ban nhân dân huyện Châu Thành", place="Châu Thành")) is None
    clue = "Thực hiện Kế hoạch số 5/KH-UBND của Ủy ban nhân dân tỉnh Tây Ninh về cải cách hành chính năm 2024"
    assert attribute_unit(record("Ủy ban nhân dân huyện Châu Thành", text=clue)) == "tay-ninh.huyen-chau-thanh"


def test_the_number_code_names_the_unit_when_the_issuer_is_unread() -> None:
    assert (
        attribute_unit(record(None, number="687/STP-VB", superior="Ủy ban nhân dân Thành phố Hồ Chí Minh"))
        == "hcm.so-tu-phap"
    )
    assert attribute_unit(record(None, number="15/BC-STTTT")) is None  # HCMC and Phú Thọ: no province given
    assert attribute_unit(record(None, number="15/BC-UBND")) is None
    assert attribute_unit(record("Công ty TNHH ABC")) is None


def test_year_from_evidence_then_subject_then_issue_date() -> None:
    plan = Evidence(
        criterion="1.1.1", page=1, start=0, end=1, quote="x", rule="r", confidence=1, facts={"plan_year": 2024}
    )
    issued = dt.date(2023, 12, 20)
    assert attribute_year(record("x", issued=issued), [plan]) == 2024
    assert attribute_year(record("x", issued=issued, subject="Danh sách hộ nghèo năm 2024"), []) == 2024
    assert attribute_year(record("x", issued=issued, subject="Kiện toàn Ban Chỉ đạo"), []) == 2023
    assert attribute_year(record("x"), []) is None


def test_registries_load_and_units_are_found() -> None:
    registries = load_registries()
    assert {r.registry for r in registries} >= {"hcm", "long-an", "tay-ninh", "phu-tho"}
    unit = find_unit("hcm.so-noi-vu")
    assert unit is not None and unit.codes == ["SNV"]
    assert find_unit("nowhere.nothing") is None


def test_a_broken_registry_fails_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("registry: x\nprovince: X\nunits:\n  - {id: y.a, kind: district, name: A}\n", encoding="utf-8")
    with pytest.raises(UnitError, match=r"x\.yaml: unit ids must start with 'x\.': y\.a"):
        load_registry(path)
    path.write_text("registry: x\nprovince: X\nunits:\n  - {id: x.a, kind: planet, name: A}\n", encoding="utf-8")
    with pytest.raises(UnitError, match=r"x\.yaml: units\.0\.kind: Input should be"):
        load_registry(path)


def test_a_signature_stamp_names_the_unit_and_the_year_when_the_page_has_nothing_else() -> None:
    stamp = (
        "Ký bởi: Ủy ban nhân dân Quận 3\nEmail: ubnd.quan3@tphcm.gov.vn\nCơ quan: Ủy ban nhân dân Quận 3\n"
        "Thời gian ký: 23.02.2024 11:11:38 +07:00"
    )
    unread = record(None, number="", text=stamp)
    assert attribute_unit(unread) == "hcm.quan-3"
    assert attribute_year(unread, []) == 2024


def test_year_of_a_place_date_line_with_a_handwritten_day() -> None:
    header = (
        "ỦY BAN NHÂN DÂN    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "số: 623 /QĐ-UBND    Châu Thành, ngày ƒ5 tháng 3 năm 2023"
    )
    assert attribute_year(record("x", text=header), []) == 2023
