from __future__ import annotations

import io
import zipfile

import pytest

from kiemchung.sources.sniff import describe_mismatch, sniff_kind


def docx_head() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()[:2048]


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "pdf"),
        (b"\r\n\r\n%PDF-1.4\n", "pdf"),  # junk before the header is tolerated by readers
        (bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 40, "doc"),
        (docx_head(), "docx"),
        (b"\xef\xbb\xbf  <!DOCTYPE html><html><body>404</body></html>", "html"),
        (b"\n\n<html lang='vi'><head><title>L\xe1\xbb\x97i</title>", "html"),
        (b"<?xml version='1.0'?><rss version='2.0'></rss>", "xml"),
        (b"Object reference not set to an instance of an object.", "text"),
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "picture"),  # a scan published as a picture is read (OCR)
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "picture"),
        (b"\x7fELF\x02\x01\x01\x00\x00", "binary"),
    ],
)
def test_kind_comes_from_the_first_bytes(head: bytes, kind: str) -> None:
    assert sniff_kind(head) == kind


def test_html_served_as_pdf_is_explained_in_one_line() -> None:
    reason = describe_mismatch("html", "application/pdf", ("pdf", "doc", "docx"))
    assert "HTML page" in reason
    assert "application/pdf" in reason
    assert "PDF/DOC/DOCX" in reason
    assert "\n" not in reason
