"""The dark frame around a photographed page's paper is painted as paper before OCR."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from extractors.normalize import folded_matching_form
from extractors.paper import without_surroundings
from extractors.pipeline import ExtractionOptions, extract_file

PHOTO = Path(__file__).parents[1] / "fixtures" / "photos" / "signer-beside-recipients-photo.jpg"


def _photo_in_white_page() -> Image.Image:
    """Grey paper (220) with two dark text bars, in a brown frame (70), inside a white page margin."""
    page = Image.new("L", (800, 1100), 255)
    draw = ImageDraw.Draw(page)
    draw.rectangle((40, 40, 760, 1060), fill=70)  # the desk around the paper
    draw.polygon([(120, 100), (690, 120), (680, 1000), (110, 990)], fill=220)  # the paper, a little turned
    draw.rectangle((200, 300, 600, 318), fill=30)  # a line of text
    draw.rectangle((420, 500, 640, 516), fill=30)  # a block beside it
    return page


def test_the_frame_around_the_paper_turns_white_and_the_text_stays_dark() -> None:
    cleaned, share = without_surroundings(_photo_in_white_page())
    pixels = np.asarray(cleaned)
    assert 0.15 < share < 0.4
    assert pixels[60, 60] == 255 and pixels[550, 80] == 255  # the desk, at a corner and a side
    assert pixels[10, 10] == 255  # the white page around the picture
    assert pixels[550, 400] >= 250  # grey paper evened out to white
    assert pixels[309, 400] < 60 and pixels[508, 500] < 60  # the ink as dark against it


def test_a_shaded_paper_comes_out_even() -> None:
    """A photo's light falls off across the paper (250 → 170): one threshold for the page would cut
    through the paper; evened out, paper is white from corner to corner and ink stays ink."""
    page = _photo_in_white_page()
    shade = np.asarray(page, dtype=np.float32)
    falloff = np.linspace(1.0, 0.7, page.height, dtype=np.float32)[:, None]
    shaded = Image.fromarray(np.where(shade == 220, 250 * falloff, shade).astype(np.uint8))  # the paper only
    pixels = np.asarray(without_surroundings(shaded)[0])
    assert pixels[150, 400] >= 245 and pixels[950, 400] >= 245
    assert pixels[309, 400] < 60


def test_a_scan_without_a_frame_is_read_as_it_is() -> None:
    scan = Image.new("L", (800, 1100), 245)
    draw = ImageDraw.Draw(scan)
    draw.rectangle((0, 0, 799, 3), fill=90)  # a scanner's edge shadow, thin
    draw.rectangle((10, 20, 400, 60), fill=20)  # a bold title near the edge, touching nothing
    draw.rectangle((100, 500, 700, 530), fill=20)
    cleaned, share = without_surroundings(scan)
    assert share == 0.0
    assert cleaned.tobytes() == scan.tobytes()
    # a dark band along one side only (a portal's banner) is no frame either
    draw.rectangle((0, 0, 799, 120), fill=40)
    assert without_surroundings(scan)[1] == 0.0


def test_a_signer_block_beside_the_recipients_on_a_photo_is_read(tmp_path: Path) -> None:
    """The photo, placed in an A4 page as LibreOffice converts the Word file: without its frame the
    block "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / Lê Kim Nga" is read."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.drawImage(ImageReader(str(PHOTO)), 28.4, A4[1] - 813.5, 566.95 - 28.4, 813.5 - 51.9)
    pdf.showPage()
    pdf.save()
    path = tmp_path / "photo.pdf"
    path.write_bytes(buffer.getvalue())
    page = extract_file(path, ExtractionOptions(tag=False, workers=1)).pages[0]
    assert page.method == "ocr"
    assert "dark surroundings of the paper" in page.reason
    assert "Lê Kim Nga" in page.text
    assert "kt. chu tich" in folded_matching_form(page.text)
