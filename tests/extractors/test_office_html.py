"""Web pages saved with a Word name: their charset and legacy fonts, as Word would read them."""

from __future__ import annotations

from extractors.input_checks import is_word_html, sniff
from extractors.legacy_encodings import unicode_to_tcvn3
from extractors.office_html import decode_html_bytes, html_of_mht, read_html
from tests.extractors.office_builders import html_1258, legacy_plan_wordml, mht_bytes, rtf_bytes, unicode_to_vni
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
        '<style>\n<!-- p.Caps, li.Caps {font-family:".VnTimeH";} -->\n'
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


def test_word_kinds_are_sniffed_by_their_bytes() -> None:
    assert sniff(mht_bytes(PLAN_LINES)) == "mht"
    assert sniff(legacy_plan_wordml()) == "wordxml"
    assert sniff(rtf_bytes(PLAN_LINES)) == "rtf"
    assert sniff(b"<?xml version='1.0'?><rss></rss>") == "html"  # not Word: read as before


def test_mht_gives_its_page_and_the_charset_of_its_part() -> None:
    page, charset = html_of_mht(mht_bytes(PLAN_LINES))
    assert charset == "windows-1258"
    assert all(line in read_html(page, charset).html for line in PLAN_LINES)
