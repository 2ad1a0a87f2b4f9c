"""Scans published as picture files (JPEG, multi-page TIFF, PNG) are read as scanned PDFs are."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from core.models import DocumentRecord
from extractors.image_files import page_size_points, picture_pdf_bytes, picture_to_pdf
from extractors.input_checks import BadInput, picture_format, sniff
from extractors.pipeline import ExtractionOptions, extract_file, iter_pdf_paths
from kiemchung.sources.sniff import sniff_kind
from tests.pdf_builders import born_digital_pdf, render_pages

OPTIONS = ExtractionOptions(tag=False, workers=1)


def _encoded(image: Image.Image, kind: str, **params: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, kind, **params)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def page_image() -> Image.Image:
    return render_pages(born_digital_pdf(), 200)[0].convert("L")


@pytest.fixture(scope="module")
def digital_record(tmp_path_factory: pytest.TempPathFactory) -> DocumentRecord:
    """The same page read from its text layer: what the picture must give."""
    path = tmp_path_factory.mktemp("digital") / "plan.pdf"
    path.write_bytes(born_digital_pdf())
    return extract_file(path, OPTIONS)


def test_picture_formats_are_told_by_their_first_bytes_never_by_a_bitmap_like_text() -> None:
    small = Image.new("L", (4, 4), 255)
    for kind, name in (("JPEG", "JPEG"), ("PNG", "PNG"), ("TIFF", "TIFF"), ("GIF", "GIF"), ("BMP", "BMP")):
        data = _encoded(small, kind)
        assert picture_format(data) == name
        assert sniff(data) == "picture"
        assert sniff_kind(data[:2048]) == "picture"
    assert picture_format(b"BM text that only starts like a bitmap, and goes on for a while") is None
    assert sniff(b"%PDF-1.7\n") == "pdf"


def test_a_page_is_as_large_as_the_stated_resolution_says_else_an_a4_page(page_image: Image.Image) -> None:
    stated = Image.new("L", (1654, 2339))
    stated.info["dpi"] = (200, 200)
    width, height = page_size_points(stated)
    assert round(width) == 595 and round(height) == 842
    unstated = Image.new("L", (2480, 3508))  # 300 dpi A4, resolution not written in the file
    assert round(page_size_points(unstated)[1]) == 842
    odd = Image.new("L", (2480, 3508))
    odd.info["dpi"] = (1, 1)  # a header that says 1 dpi is not believed
    assert round(page_size_points(odd)[1]) == 842


def test_a_truncated_picture_is_one_line_of_error_and_no_page(tmp_path: Path, page_image: Image.Image) -> None:
    path = tmp_path / "scan.jpg"
    path.write_bytes(_encoded(page_image, "JPEG", quality=80)[:4000])
    record = extract_file(path, OPTIONS)
    assert record.error is not None and record.error.startswith("JPEG picture that does not decode")
    assert "\n" not in record.error and record.pages == []
    with pytest.raises(BadInput):
        picture_to_pdf(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, tmp_path / "out.pdf", 10)


def test_a_jpeg_goes_into_the_pdf_as_it_is(tmp_path: Path, page_image: Image.Image) -> None:
    jpeg = _encoded(page_image, "JPEG", quality=80, dpi=(200, 200))
    document = pdfium.PdfDocument(picture_pdf_bytes(jpeg, 10))
    try:
        (image,) = list(document[0].get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE]))
        assert image.get_filters() == ["DCTDecode"]
        assert bytes(image.get_data(decode_simple=False)) == jpeg
    finally:
        document.close()


def test_a_folder_s_pictures_are_picked_up_with_its_pdfs(tmp_path: Path) -> None:
    for name in ("a.pdf", "b.JPG", "c.tif", "d.png", "notes.txt"):
        (tmp_path / name).write_bytes(b"x")
    assert [p.name for p in iter_pdf_paths([tmp_path])] == ["a.pdf", "b.JPG", "c.tif", "d.png"]


@pytest.mark.tesseract
def test_a_jpeg_scan_is_read_like_a_scanned_pdf(
    tmp_path: Path, page_image: Image.Image, digital_record: DocumentRecord
) -> None:
    path = tmp_path / "scan.jpg"
    path.write_bytes(_encoded(page_image, "JPEG", quality=80, dpi=(200, 200)))
    record = extract_file(path, OPTIONS)
    assert record.error is None and record.page_count == 1
    assert record.pages[0].method == "ocr" and record.pages[0].reason.startswith("JPEG picture; no text layer")
    assert record.signature.status == "unsigned"
    for name in ("doc_type", "number", "issuer", "subject"):
        assert getattr(record, name) == getattr(digital_record, name), name


@pytest.mark.tesseract
def test_a_multipage_tiff_gives_one_page_per_frame_and_an_exif_turn_is_applied(
    tmp_path: Path, page_image: Image.Image, digital_record: DocumentRecord
) -> None:
    blank = Image.new("L", page_image.size, 255)
    path = tmp_path / "scan.tif"
    path.write_bytes(
        _encoded(page_image, "TIFF", save_all=True, append_images=[blank], dpi=(200, 200), compression="tiff_lzw")
    )
    record = extract_file(path, OPTIONS)
    assert record.error is None and record.page_count == 2 and len(record.pages) == 2
    assert record.number == digital_record.number and record.issuer == digital_record.issuer

    turned = page_image.transpose(Image.Transpose.ROTATE_90)  # stored lying down; EXIF 6: turn 90° clockwise
    exif = Image.Exif()
    exif[0x0112] = 6
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(_encoded(turned, "JPEG", quality=85, dpi=(200, 200), exif=exif.tobytes()))
    record = extract_file(photo, OPTIONS)
    first = record.pages[0]
    assert first.width is not None and first.height is not None and first.width < first.height
    assert "turned" not in first.reason  # EXIF turned it; no orientation guess was needed
    assert record.number == digital_record.number and record.doc_type == digital_record.doc_type
