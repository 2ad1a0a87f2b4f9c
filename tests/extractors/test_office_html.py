"""Web pages saved with a Word name: their charset and legacy fonts, as Word would read them."""

from __future__ import annotations

from extractors.input_checks import is_word_html, sniff
from extractors.legacy_encodings import unicode_to_tcvn3
from extractors.office_html import decode_html_bytes, read_html
from tests.extractors.office_builders import html_1258, unicode_to_vni
from tests.pdf_builders import PLAN_LINES


def test_windows_1258_is_read_declared_or_not() -> None:
    for declare in (True, False):
        text, charset = decode_html_bytes(html_1258(PLAN_LINES, declare=declare))
        assert all(line in text for line in PLAN_LINES)  # NFC: tones recomposed
        assert "1258" in charset
        assert ("declared" in charset) is declare


def test_utf8_with_byte_order_mark() -> None:
    data = "\ufeff<html><body><p>Kế hoạch</p></body></html>".encode()
    assert sniff(data) == "html"
    text, charset = decode_html_bytes(data)
    assert "Kế hoạch" in text and charset.startswith("charset utf-8")


def test_legacy_fonts_in_css_classes_inline_styles_and_font_tags() -> None:
    header, number, date, *_ = PLAN_LINES
    page = (
        "<html><head><meta http-equiv=Content-Type content='text/html; charset=utf-8'>"
        "<style>\n<!-- p.Caps, li.Caps {font-family:\".VnTimeH\";} -->\n"
        "</style></head><body>"
        f"<p class=Caps>{unicode_to_tcvn3(header.lower())}</p>"
        f"<p><span style='font-size:13pt;font-family:\".VnTime\",serif'>{unicode_to_tcvn3(number)}</span></p>"
        f"<p><font face='VNI-Times'>{unicode_to_vni(date)}</font></p>"
        "<p>Kế hoạch cải cách hành chính</p></body></html>"
    ).encode()
    reading = read_html(page)
    for line in (header, number, date, "Kế hoạch cải cách hành chính"):
        assert line in reading.html
    assert reading.fonts == {".VnTimeH": 1, ".VnTime": 1, "VNI-Times": 1}
    assert reading.html.count("charset") == 1 and '<meta charset="utf-8">' in reading.html


def test_only_word_html_is_a_document() -> None:
    error_page = b"<!DOCTYPE html><html><body>404 Not Found</body></html>"
    assert not is_word_html(error_page, "error-page.pdf")
    assert is_word_html(error_page, "attachment.DOC")
    saved_by_word = b'<html xmlns:w="urn:schemas-microsoft-com:office:word"><head></head></html>'
    assert is_word_html(saved_by_word, "download.pdf")
