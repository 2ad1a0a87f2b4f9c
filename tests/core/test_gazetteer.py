"""The gazetteer's data: complete where the law fixes the list, spelled consistently."""

import unicodedata

from core import gazetteer
from extractors.agencies import read_agency
from extractors.normalize import canonical_tones, compact_key
from extractors.places import province_named


def test_63_provinces_before_the_2025_merger_and_34_after() -> None:
    data = gazetteer.provinces()
    assert len({p.name for p in data.before_2025}) == 63
    assert len({p.name for p in data.after_2025}) == 34
    cities_after = {p.name for p in data.after_2025 if p.unit == "thành phố"}
    assert cities_after == {"Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"}


def test_every_old_province_went_into_exactly_one_new_one() -> None:
    data = gazetteer.provinces()
    merged = [old for new in data.after_2025 for old in (new.merged_from or (new.name,))]
    assert sorted(merged) == sorted(p.name for p in data.before_2025)


def test_names_are_nfc_with_new_style_tones() -> None:
    agencies = gazetteer.agencies()
    names = [*agencies.named_bodies(), *agencies.fields, *agencies.kinds]
    names += [p.name for p in gazetteer.provinces().all_provinces()]
    for name in names:
        assert unicodedata.normalize("NFC", name) == name, name
        assert canonical_tones(name) == name, name


def test_no_two_entries_fold_to_the_same_key_with_different_spellings() -> None:
    spellings: dict[str, set[str]] = {}
    for name in gazetteer.agencies().named_bodies():
        spellings.setdefault(compact_key(name), set()).add(name)
    assert {key: names for key, names in spellings.items() if len(names) > 1} == {}


def test_every_named_body_reads_as_itself_from_its_capitals() -> None:
    for name in gazetteer.agencies().named_bodies():
        reading = read_agency(name.upper())
        assert (reading.name, reading.sure, reading.correction) == (name, True, None), name


def test_old_and_new_province_names_and_abbreviations() -> None:
    assert province_named("THỪA THIÊN HUẾ") == "Thừa Thiên Huế"
    assert province_named("HUẾ") == "Huế"
    assert province_named("HCM") == "Hồ Chí Minh"
    assert read_agency("UBND TỈNH BÀ RỊA - VŨNG TÀU").name == "Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu"


def test_every_old_province_has_its_districts_once_each_in_the_new_style() -> None:
    """districts.yaml (the statistics office's list) joined to the hand-checked ones, no pair twice."""
    data = gazetteer.provinces()
    old = {p.name for p in data.before_2025}
    assert set(data.districts) <= {p.name for p in data.all_provinces()}
    assert old - {"Thừa Thiên Huế"} <= set(data.districts)  # Huế's districts are listed under "Huế"
    for province, districts in data.districts.items():
        assert len(set(districts)) == len(districts), province
        for unit, name in districts:
            assert unit in {"huyện", "quận", "thị xã", "thành phố"}, (province, unit)
            assert unicodedata.normalize("NFC", name) == name and canonical_tones(name) == name, name
    assert ("huyện", "Thanh Ba") in data.districts["Phú Thọ"]
    assert ("huyện", "Thạnh Hóa") in data.districts["Long An"]  # hand-checked, kept first


def test_a_district_and_its_party_committee_read_from_capitals_and_through_an_ocr_slip() -> None:
    assert read_agency("HUYỆN ỦY THANH BA").name == "Huyện ủy Thanh Ba"
    assert read_agency("QUẬN ỦY BA ĐÌNH").sure
    slipped = read_agency("UBND HUYỆN ĐOAN HUNG")
    assert (slipped.name, slipped.sure) == ("Ủy ban nhân dân huyện Đoan Hùng", True)
    assert slipped.correction is not None and "Đoan Hùng" in slipped.correction
    unknown = read_agency("HUYỆN ỦY PHƯỚC HÒA ĐÔNG")  # no such district: a careful reading, for review
    assert (unknown.name, unknown.sure) == ("Huyện ủy Phước Hòa Đông", False)


def test_the_communes_of_34_provinces_after_2025_and_of_63_before_in_the_new_style() -> None:
    """communes.yaml: the statistics office's 3,321 units of 1 July 2025 (13 special zones among
    them) and the ~10,000 before, under provinces the gazetteer knows, each name NFC and new-style."""
    data = gazetteer.communes()
    provinces = gazetteer.provinces()
    assert set(data.after_2025) == {p.name for p in provinces.after_2025}
    # the list of early 2025 names Thừa Thiên Huế as the city it had just become
    assert set(data.before_2025) == {p.name for p in provinces.before_2025} - {"Thừa Thiên Huế"} | {"Huế"}
    after = [(unit, name) for units in data.after_2025.values() for unit, names in units.items() for name in names]
    assert len(after) == 3321 and sum(unit == "đặc khu" for unit, _ in after) == 13
    before = sum(len(names) for units in data.before_2025.values() for names in units.values())
    assert 9_500 < before < 11_000
    for _unit, name in data.names():
        assert unicodedata.normalize("NFC", name) == name and canonical_tones(name) == name, name
    assert ("phường", "Hoàn Kiếm") in data.names() and ("thị trấn", "Đông Anh") in data.names()
