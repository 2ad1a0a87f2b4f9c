"""Pages scanned sideways or upside down are turned upright before their fields are read."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from core.models import DocumentRecord, Page, Word
from extractors import orientation, tesseract_api
from extractors.pipeline import ExtractionOptions, extract_file
from tests.pdf_builders import born_digital_pdf, render_pages, turned_scan_pdf

OPTIONS = ExtractionOptions(tag=False, workers=1)
FIELDS = ("doc_type", "number", "issuer", "place", "issue_date", "subject")


def _word(text: str, x0: float, top: float, width: float, height: float) -> Word:
    return Word(text=text, x0=x0, top=top, x1=x0 + width, bottom=top + height, confidence=90.0)


def _page(words: list[Word]) -> Page:
    return Page(page=1, method="ocr", confidence=90.0, text=" ".join(w.text for w in words), words=words)


SENTENCE = "Kế hoạch cải cách hành chính năm nay của tỉnh được ban hành đúng hạn theo quy định".split()  # noqa: SIM905


def test_a_page_whose_long_words_stand_on_their_sides_reads_poorly_though_its_syllables_are_good() -> None:
    flat = _page([_word(text, 10 + 40 * i, 100, 8 * len(text), 12) for i, text in enumerate(SENTENCE)])
    standing = _page([_word(text, 100, 10 + 40 * i, 12, 8 * len(text)) for i, text in enumerate(SENTENCE)])
    assert not orientation.reads_poorly(flat)
    assert orientation.stands_sideways(standing)
    assert orientation.reads_poorly(standing)


def test_a_page_of_nonsense_reads_poorly() -> None:
    nonsense = ["2onu", "eựư", "ÁT", "ưenb", "8uox", "ưeÁnb", "Án", "de2", "ưẹud", "ạaA", "quịp", "Ánb", "3ưnp", "uậr"]
    assert orientation.reads_poorly(_page([_word(t, 10 + 50 * i, 100, 40, 12) for i, t in enumerate(nonsense)]))


def test_an_upright_page_is_not_sent_to_orientation_detection(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_detection(gray: Image.Image, dpi: int) -> int | None:
        raise AssertionError("orientation detection ran on a page that reads well")

    monkeypatch.setattr(orientation, "detect_turn", no_detection)
    flat = _page([_word(text, 10 + 40 * i, 100, 8 * len(text), 12) for i, text in enumerate(SENTENCE)])
    upright = orientation.read_upright(flat, Image.new("L", (10, 10), 255), 300, lambda image, degrees: flat)
    assert upright.page is flat and upright.degrees == 0


def test_a_turned_reading_that_is_no_better_is_not_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    words = "2onu eựư ÁT ưenb 8uox ưeÁnb Án de2".split()  # noqa: SIM905
    nonsense = _page([_word(t, 10 + 50 * i, 100, 40, 12) for i, t in enumerate(words)])
    monkeypatch.setattr(orientation, "detect_turn", lambda gray, dpi: 180)
    upright = orientation.read_upright(nonsense, Image.new("L", (10, 10), 255), 300, lambda image, degrees: nonsense)
    assert upright.page is nonsense and upright.degrees == 0


@pytest.fixture(scope="module")
def digital_record(tmp_path_factory: pytest.TempPathFactory) -> DocumentRecord:
    """The same page read from its text layer: what the scan must give."""
    path = tmp_path_factory.mktemp("digital") / "plan.pdf"
    path.write_bytes(born_digital_pdf())
    return extract_file(path, OPTIONS)


@pytest.mark.tesseract
def test_orientation_detection_gives_the_turn_of_a_scanned_page() -> None:
    page = render_pages(born_digital_pdf(), 300)[0].convert("L")
    engine = tesseract_api.engine("osd")
    for turn in (90, 180, 270):
        found = engine.orientation(page.rotate(-turn, expand=True), 300)
        assert found is not None and found[0] == turn


@pytest.mark.tesseract
@pytest.mark.parametrize("turn", [180, 90])
def test_a_page_scanned_turned_is_read_as_the_upright_page(
    tmp_path: Path, digital_record: DocumentRecord, turn: int
) -> None:
    path = tmp_path / "turned.pdf"
    path.write_bytes(turned_scan_pdf(born_digital_pdf(), turn))
    record = extract_file(path, OPTIONS)
    first = record.pages[0]
    assert f"scanned turned {turn}°, read upright" in first.reason
    assert first.turned == turn  # the record says how the page was turned, not only its note
    assert first.width is not None and first.height is not None and first.width < first.height  # portrait again
    for name in ("doc_type", "number", "issuer", "subject"):
        assert getattr(record, name) == getattr(digital_record, name), name
    for name in FIELDS:  # the rest read right, or listed for a person to check
        assert getattr(record, name) == getattr(digital_record, name) or name in record.needs_review, name
