import pytest

from extractors.lookalikes import describe, map_lookalikes
from extractors.text_quality import judge_text

LAYER = (
    "Thực hiện chủ trƣơng của Đảng, chính sách, pháp luật của Nhà nƣớc, ngƣời đứng đầu cơ quan "
    "chịu trách nhiệm trƣớc pháp luật. ƢU TIÊN nguồn lực cho nhiệm vụ cải cách hành chính."
)


def test_u_horn_lookalikes_are_mapped_and_counted() -> None:
    mapped, found = map_lookalikes(LAYER)
    assert "chủ trương" in mapped and "Nhà nước" in mapped and "người" in mapped and "ƯU TIÊN" in mapped
    assert "ƣ" not in mapped and "Ƣ" not in mapped
    assert found == {"ƣ→ư": 4, "Ƣ→Ư": 1}
    assert describe(found) == "look-alike code points mapped (ƣ→ư ×4, Ƣ→Ư ×1)"
    assert judge_text(mapped).valid_share > judge_text(LAYER).valid_share


def test_a_lookalike_with_a_combining_tone_composes() -> None:
    mapped, _ = map_lookalikes("nƣ\u0301c")  # ƣ + combining acute
    assert mapped == "nức"


def test_other_scripts_are_mapped_only_inside_latin_words() -> None:
    mapped, found = map_lookalikes("Kế hоạch và Привет")  # Cyrillic "о" inside "hоạch"
    assert mapped == "Kế hoạch và Привет"
    assert found == {"о→o": 1}


def test_clean_text_is_left_alone() -> None:
    text = "Ủy ban nhân dân tỉnh Cao Bằng"
    assert map_lookalikes(text) == (text, {})


def test_ocr_words_read_as_the_icelandic_eth_are_mapped_to_d_with_stroke(monkeypatch: pytest.MonkeyPatch) -> None:
    """ "TỈNH LÂM Ð ĐỒNG" (generated stale-layer view, seed 91): Tesseract's Vietnamese model reads
    some "Đ" as "Ð" (U+00D0), which no gazetteer name has."""
    from PIL import Image

    from extractors import ocr, tesseract_api
    from extractors.tesseract_api import TsvWord

    rows = [TsvWord(5, 10, 10, 40, 12, 91, "ÐỒNG"), TsvWord(5, 60, 10, 40, 12, 88, "ðồng")]
    monkeypatch.setattr(tesseract_api, "image_to_data", lambda *args, **kwargs: rows)
    words = ocr.recognise(Image.new("L", (200, 40), 255), ocr.OcrSettings(), 1.0)
    assert [word.text for word in words] == ["ĐỒNG", "đồng"]
