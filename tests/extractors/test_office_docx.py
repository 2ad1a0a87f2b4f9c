"""Legacy-font runs inside a .docx are decoded run by run, as Word draws them (no LibreOffice here)."""

from __future__ import annotations

from xml.sax.saxutils import escape

import pytest

from extractors import office_docx
from extractors.input_checks import BadInput
from extractors.office_docx import decode_legacy_runs, decode_legacy_wordml
from tests.extractors.office_builders import (
    docx_bytes,
    docx_text,
    legacy_plan_paragraphs,
    legacy_plan_wordml,
    paragraph_xml,
)
from tests.pdf_builders import PLAN_LINES


def test_every_way_of_naming_a_legacy_font_is_decoded() -> None:
    original = docx_bytes(legacy_plan_paragraphs())
    assert docx_text(original) != PLAN_LINES  # the builder did write legacy bytes
    decoded, found = decode_legacy_runs(original)
    assert docx_text(decoded) == PLAN_LINES
    assert found.fonts == {".VnTime": 2, ".VnTimeH": 1, "VNI-Times": 3}
    assert found.paragraphs == {"tcvn3": 1}
    assert "runs in legacy fonts decoded" in found.describe()


def test_soft_hyphen_of_a_tcvn3_run_is_the_letter_u_horn() -> None:
    """TCVN3 'ư' is byte 0xAD; LibreOffice writes it back as a soft-hyphen element."""
    paragraph = paragraph_xml("nh").replace("</w:t></w:r>", "</w:t><w:softHyphen/><w:t>ng</w:t></w:r>")
    paragraph = paragraph.replace("<w:r>", '<w:r><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr>')
    decoded, _found = decode_legacy_runs(docx_bytes([paragraph]))
    assert docx_text(decoded) == ["nhưng"]


def test_unicode_text_in_a_legacy_font_is_left_alone() -> None:
    """A run typed with a Unicode keyboard in a document whose style still says .VnTime."""
    unicode_run = paragraph_xml("Kế hoạch cải cách hành chính năm 2024", style=None, font=".VnTime")
    plain = paragraph_xml("Ủy ban nhân dân Quận 3 ban hành như sau:")
    original = docx_bytes([unicode_run, plain])
    decoded, found = decode_legacy_runs(original)
    assert not found
    assert decoded == original


def test_a_docx_that_unpacks_too_large_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    data = docx_bytes([paragraph_xml("x" * 5000)])
    monkeypatch.setattr(office_docx, "MAX_UNPACKED_BYTES", 4000)
    with pytest.raises(BadInput, match="too large when unpacked"):
        decode_legacy_runs(data)


def test_word_2003_xml_runs_are_decoded_in_its_own_vocabulary() -> None:
    decoded, found = decode_legacy_wordml(legacy_plan_wordml())
    assert found.fonts == {".VnTime": 6, "VNI-Times": 4, ".VnTimeH": 1}
    text = decoded.decode()
    assert all(escape(line) in text for line in PLAN_LINES)
    assert "wordml" in text and "openxmlformats" not in text  # renamed back
