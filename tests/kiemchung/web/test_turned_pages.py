"""A page scanned sideways, upside down or askew is read upright and straight (`extractors.orientation`,
`extractors.deskew`): the record says how it was turned, and the web app shows it so, with its
evidence boxes on the quoted words.

Real files end to end: a born-digital page is scanned turned 90° and 180° and askew, read by the
pipeline (real Tesseract), archived with an evidence item on a quote of the page, and served by the
app; the box the API gives must lie on the quote's ink in the served image, as on the typed page.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from fastapi.testclient import TestClient
from PIL import Image

from core.models import DocumentRecord, Evidence
from extractors.pipeline import ExtractionOptions, extract_file
from kiemchung.archive import Archive, Provenance, sha256_of
from kiemchung.settings import Settings
from kiemchung.web import create_app
from kiemchung.web.config import WebSettings
from kiemchung.web.database import WEB_DATABASE_FILE
from kiemchung.web.highlights import evidence_item_id
from kiemchung.web.page_images import _render
from tests.kiemchung.web.conftest import log_in
from tests.pdf_builders import born_digital_pdf, render_pages, scanned_pdf, turned_scan_pdf

DPI = 100  # the app's page images
QUOTE = "Cải cách hành chính năm 2024"  # a line of `born_digital_pdf`'s page
SKEW = 2.0  # degrees a page is scanned askew
# a born-digital page scanned turned clockwise, or askew: what OCR must turn it back by
SCANS = {"turned 90": (90, 0.0), "turned 180": (180, 0.0), "askew": (0, SKEW)}


def _scan(name: str) -> bytes:
    turn, skew = SCANS[name]
    return turned_scan_pdf(born_digital_pdf(), turn) if turn else scanned_pdf(born_digital_pdf(), angle=skew)


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[bytes, DocumentRecord]]:
    """Each scan and its record (read by the pipeline) with one evidence item on QUOTE."""
    work = tmp_path_factory.mktemp("turned-scans")
    found: dict[str, tuple[bytes, DocumentRecord]] = {}
    for name in SCANS:
        data = _scan(name)
        path = work / f"{name}.pdf"
        path.write_bytes(data)
        record = extract_file(path, ExtractionOptions(tag=False, workers=1))
        assert record.error is None, record.error
        start = record.pages[0].text.index(QUOTE)  # read upright, the quote reads as typed
        item = Evidence(criterion="1.1.1", page=1, start=start, end=start + len(QUOTE), quote=QUOTE,
                        rule="test/quote", confidence=0.9)  # fmt: skip
        found[name] = data, record.model_copy(update={"sha256": sha256_of(data), "evidence": [item]})
    return found


@pytest.fixture
def scans_client(
    tmp_path: Path, users_database: Path, scans: dict[str, tuple[bytes, DocumentRecord]]
) -> Iterator[TestClient]:
    settings = Settings(home=tmp_path / "home", elasticsearch_url=None)
    archive = Archive(settings.home)
    for data, record in scans.values():
        archive.add_bytes(data, Provenance(source="https://example.gov.vn/scan.pdf", kind="url"))
        archive.put_record(record)
    shutil.copyfile(users_database, settings.home / WEB_DATABASE_FILE)
    with TestClient(create_app(settings, WebSettings(secret_key="test-secret", page_dpi=DPI))) as test_client:
        log_in(test_client, "kiemtoan")
        yield test_client


def _grey(region: Image.Image) -> np.ndarray:
    return np.asarray(region.convert("L"), dtype=np.float64)


@pytest.mark.tesseract
@pytest.mark.parametrize("name", list(SCANS))
def test_a_scanned_page_is_shown_as_read_with_its_box_on_the_quoted_words(
    scans_client: TestClient, scans: dict[str, tuple[bytes, DocumentRecord]], name: str
) -> None:
    _, record = scans[name]
    page = record.pages[0]
    turn, skew = SCANS[name]
    assert page.turned == turn  # the record says the page was read turned back, not only its reason note
    assert page.skew == pytest.approx(-skew, abs=0.3)  # and how far it was straightened (back)
    item_id = evidence_item_id(record.sha256, record.evidence[0])
    evidence = scans_client.get(f"/api/evidence/{item_id}").json()
    assert evidence["boxes"], evidence
    response = scans_client.get(f"/api/documents/{record.sha256}/pages/1/image")
    assert response.status_code == 200
    shown = Image.open(io.BytesIO(response.content))
    upright = render_pages(born_digital_pdf(), DPI)[0]  # the page as typed, before it was scanned turned
    assert abs(shown.width - upright.width) <= 2 and abs(shown.height - upright.height) <= 2  # portrait again
    assert abs(shown.width - evidence["page_width"] * DPI / 72) <= 1
    assert abs(shown.height - evidence["page_height"] * DPI / 72) <= 1
    for box in evidence["boxes"]:
        region = tuple(round(v * DPI / 72) for v in (box["x"], box["y"], box["x"] + box["width"],
                                                     box["y"] + box["height"]))  # fmt: skip
        on_screen, typed = _grey(shown.crop(region)), _grey(upright.crop(region))
        assert (on_screen < 128).mean() > 0.05, f"no ink under the box {region}"
        assert (typed < 128).mean() > 0.05, f"the box {region} is not on the typed quote"
        # the same strokes: the served image under the box is the upright page's quote
        assert np.corrcoef(on_screen.ravel(), typed.ravel())[0, 1] > 0.6


@pytest.mark.parametrize("rotate", [90, 180, 270])
def test_a_text_page_the_pdf_shows_turned_keeps_its_boxes_in_the_frame_it_is_read_in(
    tmp_path: Path, rotate: int
) -> None:
    """A born-digital page with /Rotate: pdfium gives its words in the page's own frame, which the
    record keeps (boxes, width and height of the page unturned), and the app shows that frame."""
    typed = born_digital_pdf()
    document = pdfium.PdfDocument(typed)
    document[0].set_rotation(rotate)
    buffer = io.BytesIO()
    document.save(buffer)
    document.close()
    (tmp_path / "plain.pdf").write_bytes(typed)
    (tmp_path / "rotated.pdf").write_bytes(buffer.getvalue())
    plain, rotated = (extract_file(tmp_path / name, ExtractionOptions(tag=False, workers=1)).pages[0]
                      for name in ("plain.pdf", "rotated.pdf"))  # fmt: skip
    assert rotated.method == "text" and rotated.text == plain.text
    assert rotated.turned == rotate and plain.turned == 0
    assert (rotated.width, rotated.height) == pytest.approx((plain.width, plain.height), abs=0.01)
    boxes = [np.array([(w.x0, w.top, w.x1, w.bottom) for w in page.words]) for page in (rotated, plain)]
    assert boxes[0].shape == boxes[1].shape and np.abs(boxes[0] - boxes[1]).max() <= 0.02
    shown = _grey(Image.open(io.BytesIO(_render(buffer.getvalue(), 1, DPI, rotated.turned))))
    as_typed = _grey(render_pages(typed, DPI)[0])
    assert shown.shape == as_typed.shape  # the page unturned: what its words were read in, shown so
    assert np.corrcoef(shown.ravel(), as_typed.ravel())[0, 1] > 0.9  # shown as displayed: about 0
