"""The pipeline against real files and real Tesseract: which method each page gets, and bad input."""

from __future__ import annotations

import io
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from core.models import DocumentRecord
from extractors import EXTRACTOR_VERSION
from extractors.legacy_encodings import unicode_to_tcvn3
from extractors.normalize import folded_matching_form
from extractors.pipeline import ExtractionOptions, extract_file, extract_files
from kiemchung.extraction_cache import DirectoryRecordCache
from tests.pdf_builders import PLAN_LINES, born_digital_pdf, latin1_text_pdf, mixed_pdf, scanned_pdf

OPTIONS = ExtractionOptions(tag=False, workers=2)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def folded(text: str) -> str:
    return folded_matching_form(" ".join(text.split()))


@pytest.fixture(scope="module")
def scan_record(tmp_path_factory: pytest.TempPathFactory) -> DocumentRecord:
    folder = tmp_path_factory.mktemp("scan")
    return extract_file(write(folder, "scan.pdf", scanned_pdf(born_digital_pdf())), OPTIONS)


def test_born_digital_page_uses_the_text_layer(tmp_path: Path) -> None:
    record = extract_file(write(tmp_path, "plan.pdf", born_digital_pdf()), OPTIONS)
    assert record.error is None
    assert record.page_count == 1
    page = record.pages[0]
    assert page.method == "text"
    assert page.confidence is None
    assert "Cải cách hành chính năm 2024" in page.text
    assert "text layer ok" in page.reason
    numbers = [w for w in page.words if w.text == "297/KH-UBND"]
    assert numbers and numbers[0].x0 > 50 and numbers[0].top < 100  # a real box, top-left origin


@pytest.mark.tesseract
def test_scanned_page_is_ocred_with_confidence_and_boxes(scan_record: DocumentRecord) -> None:
    page = scan_record.pages[0]
    assert page.method == "ocr"
    assert page.reason.startswith("no text layer")
    assert page.confidence is not None and page.confidence > 60
    text = folded(page.text)
    for phrase in ["ke hoach", "cai cach hanh chinh nam 2024", "297/kh-ubnd", "quan 3"]:
        assert phrase in text, phrase
    # Vietnamese diacritics survive OCR, not just the letters.
    assert "Cải cách hành chính" in page.text
    assert all(w.confidence is not None for w in page.words)
    assert all(0 <= w.x0 < w.x1 <= page.width + 1 for w in page.words)


@pytest.mark.tesseract
def test_scan_is_deskewed(scan_record: DocumentRecord) -> None:
    assert "deskewed" in scan_record.pages[0].reason


@pytest.mark.tesseract
def test_stale_layer_without_diacritics_is_replaced_by_ocr(tmp_path: Path) -> None:
    stale = "\n".join(folded_matching_form(line).upper() for line in PLAN_LINES)
    path = write(tmp_path, "stale.pdf", scanned_pdf(born_digital_pdf(), stale_layer=stale))
    record = extract_file(path, OPTIONS)
    page = record.pages[0]
    assert page.method == "ocr"
    assert "stale layer without diacritics" in page.reason
    assert "hành chính" in page.text


@pytest.mark.tesseract
def test_layer_holding_only_a_stamp_over_a_scan_is_replaced_by_ocr(tmp_path: Path) -> None:
    stamp = "Ký bởi: Ủy ban nhân dân Quận 3\nCơ quan: Ủy ban nhân dân Quận 3\nThời gian ký: 29.01.2024 12:07:32"
    path = write(tmp_path, "stamped.pdf", scanned_pdf(born_digital_pdf(), stale_layer=stamp, layer_font="unicode"))
    page = extract_file(path, OPTIONS).pages[0]
    assert page.method == "ocr"
    assert "of a scanned page" in page.reason
    assert "hành chính" in page.text  # the body, which only the image holds


@pytest.mark.tesseract
def test_full_invisible_layer_over_a_scan_is_read_again_by_ocr(tmp_path: Path) -> None:
    """A searchable scan: another program's OCR left an invisible layer over the body. Kept, it read
    202/221 fields with 10 confidently wrong on 17 scanned tuning files (Tesseract's own layer);
    read again by our OCR, with its second looks and doubts, 215/221 with 1."""
    layer = "\n".join(PLAN_LINES * 3)
    path = write(tmp_path, "searchable.pdf", scanned_pdf(born_digital_pdf(), stale_layer=layer, layer_font="unicode"))
    page = extract_file(path, OPTIONS).pages[0]
    assert page.method == "ocr"
    assert "another program's OCR" in page.reason
    assert "hành chính" in page.text
    # ABBYY FineReader's default: the layer drawn visible, but before the page image, under it
    under = scanned_pdf(born_digital_pdf(), stale_layer=layer, layer_font="unicode", layer_under_scan=True)
    page = extract_file(write(tmp_path, "under.pdf", under), OPTIONS).pages[0]
    assert page.method == "ocr"
    assert "another program's OCR" in page.reason


def test_visible_text_over_a_full_page_picture_is_kept(tmp_path: Path) -> None:
    layer = "\n".join(PLAN_LINES * 3)  # typed text over a background picture (a letterhead form)
    pdf = scanned_pdf(born_digital_pdf(), stale_layer=layer, layer_font="unicode", layer_render_mode=0)
    page = extract_file(write(tmp_path, "background.pdf", pdf), OPTIONS).pages[0]
    assert page.method == "text", page.reason


def test_typed_text_under_a_see_through_watermark_picture_is_kept(tmp_path: Path) -> None:
    """A document site's watermark laid over the whole page as a transparent picture covers the text
    without hiding it: the layer is the document's own."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    watermark = Image.new("RGBA", (600, 850), (200, 0, 0, 0))
    watermark.paste((200, 0, 0, 60), (100, 300, 500, 500))
    png = io.BytesIO()
    watermark.save(png, "PNG")
    png.seek(0)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    text = pdf.beginText(60, 790)
    from tests.pdf_builders import _font

    text.setFont(_font(), 12)
    for line in PLAN_LINES * 3:
        text.textLine(line)
    pdf.drawText(text)
    pdf.drawImage(ImageReader(png), 0, 0, *A4, mask="auto")
    pdf.showPage()
    pdf.save()
    page = extract_file(write(tmp_path, "watermarked.pdf", buffer.getvalue()), OPTIONS).pages[0]
    assert page.method == "text", page.reason


@pytest.mark.tesseract
def test_mixed_file_is_decided_page_by_page(tmp_path: Path) -> None:
    digital = born_digital_pdf()
    path = write(tmp_path, "mixed.pdf", mixed_pdf(digital, scanned_pdf(digital)))
    record = extract_file(path, OPTIONS)
    assert [p.method for p in record.pages] == ["text", "ocr"]
    assert [p.page for p in record.pages] == [1, 2]


def test_legacy_tcvn3_layer_is_converted_not_ocred(tmp_path: Path) -> None:
    lines = [unicode_to_tcvn3(line) for line in PLAN_LINES[3:]]
    record = extract_file(write(tmp_path, "tcvn3.pdf", latin1_text_pdf(lines)), OPTIONS)
    page = record.pages[0]
    assert page.method == "converted"
    assert "TCVN3" in page.reason
    assert "kế hoạch cải cách hành chính năm 2024" in page.text.lower()


def _encrypted_pdf() -> bytes:
    from reportlab.lib.pdfencrypt import StandardEncryption

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, encrypt=StandardEncryption("user-secret", "owner-secret"))
    pdf.drawString(60, 790, "secret")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _bomb_pdf() -> bytes:
    """A 30000×30000 grey image (900 MB raw) that compresses to about 1 MB, on a poster-size page."""
    side = 30000
    raw = zlib.compress(b"\xff" * side * side, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] "
        b"/Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n"
        % (side, side, len(raw))
        + raw
        + b"\nendstream",
    ]
    content = b"q 14400 0 0 14400 0 0 cm /Im0 Do Q"
    objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def test_bad_inputs_each_get_one_line_and_the_run_goes_on(tmp_path: Path) -> None:
    good = born_digital_pdf()
    files = {
        "good.pdf": good,
        "empty.pdf": b"",
        "error-page.pdf": b"<!DOCTYPE html><html><body>404 Not Found</body></html>",
        "corrupt.pdf": b"%PDF-1.7\n" + bytes(range(256)) * 40,
        "truncated.pdf": good[: len(good) // 3],
        "encrypted.pdf": _encrypted_pdf(),
        "random.bin": bytes(range(256)) * 4,
        "good-again.pdf": born_digital_pdf(pages=2),
    }
    paths = [write(tmp_path, name, data) for name, data in files.items()]
    paths.insert(3, tmp_path / "missing.pdf")
    records = extract_files(paths, OPTIONS)
    by_name = {Path(r.file).name: r for r in records}
    assert [Path(r.file).name for r in records] == [p.name for p in paths]  # input order
    assert by_name["good.pdf"].error is None and by_name["good.pdf"].pages
    assert by_name["good-again.pdf"].error is None and by_name["good-again.pdf"].page_count == 2
    expected = {
        "empty.pdf": "empty file",
        "error-page.pdf": "HTML page",
        "missing.pdf": "cannot read file",
        "corrupt.pdf": "corrupt PDF",
        "encrypted.pdf": "encrypted PDF",
        "random.bin": "not a PDF",
    }
    for name, fragment in expected.items():
        error = by_name[name].error
        assert error is not None and fragment in error, (name, error)
        assert "\n" not in error and "Traceback" not in error
    truncated = by_name["truncated.pdf"]
    # pdfium may repair a truncated file; either it is read, or it fails with one line.
    assert truncated.error is None or "\n" not in truncated.error


def test_too_many_pages_is_refused_before_reading(tmp_path: Path) -> None:
    path = write(tmp_path, "long.pdf", born_digital_pdf(pages=5))
    record = extract_file(path, ExtractionOptions(tag=False, max_pages=3))
    assert record.error is not None and "too many pages: 5" in record.error
    assert record.pages == []


@pytest.mark.tesseract
def test_decompression_bomb_is_rendered_within_bounds(tmp_path: Path) -> None:
    record = extract_file(write(tmp_path, "bomb.pdf", _bomb_pdf()), OPTIONS)
    assert record.page_count == 1
    page = record.pages[0]
    assert page.method == "ocr"
    # Rendered at a reduced resolution (or failed alone), never at 300 dpi (3.6 Gpx).
    assert "300 dpi" not in page.reason
    assert record.error is None or "\n" not in record.error


def test_second_run_over_unchanged_files_does_no_extraction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "plan.pdf", born_digital_pdf())
    cache = DirectoryRecordCache(tmp_path / "cache")
    first = extract_files([path], OPTIONS, cache=cache)
    assert first[0].extractor_version == EXTRACTOR_VERSION

    def fail(*_args: object, **_kwargs: object) -> DocumentRecord:
        raise AssertionError("a reading worker was asked for an unchanged file")

    monkeypatch.setattr("extractors.budget.BudgetedReader.read", fail)
    second = extract_files([path], OPTIONS, cache=cache)
    assert second[0] == first[0]
    path.write_bytes(born_digital_pdf(pages=2))  # a changed file is read again
    with pytest.raises(AssertionError, match="unchanged file"):
        extract_files([path], OPTIONS, cache=cache)


_FREEZE_CHECK = """
import gc, sys
from extractors.pipeline import ExtractionOptions, extract_file
assert gc.get_freeze_count() == 0
first = extract_file(sys.argv[1], ExtractionOptions(workers=1, tag=False))
frozen = gc.get_freeze_count()
second = extract_file(sys.argv[1], ExtractionOptions(workers=1, tag=False))
print(frozen, gc.get_freeze_count(), first == second)
"""


def test_long_lived_objects_are_frozen_once_after_the_first_file(tmp_path: Path) -> None:
    """The first file's models and tables are set aside from the collector, once; records unchanged."""
    path = write(tmp_path, "plan.pdf", born_digital_pdf(pages=1))
    done = subprocess.run(
        [sys.executable, "-c", _FREEZE_CHECK, str(path)],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=True,
    )
    frozen, later, same = done.stdout.split()
    assert int(frozen) > 0
    assert int(later) <= int(frozen)  # not frozen again (frozen objects are still freed when dropped)
    assert same == "True"
