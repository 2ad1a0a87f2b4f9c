"""Legacy-font text inside a .docx, decoded run by run to Unicode before the file is rendered.

A Word 97 file typed with the ABC (TCVN3) or VNI keyboard stores "Céng hßa" in a run whose font is
.VnTime; Word draws it right only because that font is installed. LibreOffice turns any Word file
into .docx (`office.py`); here every run's font is resolved as Word does (the run's own fonts, its
character style, its paragraph style and their `basedOn` chain, the document defaults), a run in a
legacy font is decoded (`legacy_encodings`) and given a Unicode font, and a paragraph whose fonts
say nothing but whose characters read as a legacy encoding is decoded as a whole.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from lxml import etree

from extractors.input_checks import BadInput
from extractors.legacy_encodings import LegacyFont, decode_legacy, encoding_of_text, legacy_font

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {"w": _W}
_TEXT_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
UNICODE_FONT = "Times New Roman"
# A .docx whose parts unpack to more than this is refused (a zip bomb), before any is read.
MAX_UNPACKED_BYTES = 256 * 1024**2
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _w(name: str) -> str:
    return f"{{{_W}}}{name}"


@dataclass
class LegacyRuns:
    """What was decoded: runs per font name, and paragraphs decoded by their characters."""

    fonts: Counter[str] = field(default_factory=Counter)
    paragraphs: Counter[str] = field(default_factory=Counter)  # encoding → paragraphs

    def describe(self) -> str:
        """'; 14 runs in legacy fonts decoded (.VnTime 12, .VnTimeH 2)' or ''."""
        parts = []
        if self.fonts:
            named = ", ".join(f"{font} {count}" for font, count in self.fonts.most_common())
            parts.append(f"{sum(self.fonts.values())} runs in legacy fonts decoded ({named})")
        for encoding, count in sorted(self.paragraphs.items()):
            parts.append(f"{count} paragraphs read as {encoding.upper()} by their characters")
        return "".join(f"; {part}" for part in parts)

    def __bool__(self) -> bool:
        return bool(self.fonts or self.paragraphs)


def _fonts_of(properties: etree._Element | None) -> str | None:
    """The font a run-properties element names for Latin text (hAnsi covers the codes above 127
    where the legacy letters sit; ascii the rest)."""
    if properties is None:
        return None
    fonts = properties.find("w:rFonts", _NS)
    if fonts is None:
        return None
    return fonts.get(_w("hAnsi")) or fonts.get(_w("ascii"))


class _Styles:
    """Font of each style, following `basedOn`, and the document default."""

    def __init__(self, root: etree._Element | None) -> None:
        self._font: dict[str, str | None] = {}
        self._based_on: dict[str, str] = {}
        self.default: str | None = None
        if root is None:
            return
        self.default = _fonts_of(root.find("w:docDefaults/w:rPrDefault/w:rPr", _NS))
        for style in root.findall("w:style", _NS):
            style_id = style.get(_w("styleId"))
            if not style_id:
                continue
            self._font[style_id] = _fonts_of(style.find("w:rPr", _NS))
            based_on = style.find("w:basedOn", _NS)
            if based_on is not None and based_on.get(_w("val")):
                self._based_on[style_id] = based_on.get(_w("val"), "")

    def font(self, style_id: str | None) -> str | None:
        seen: set[str] = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            font = self._font.get(style_id)
            if font:
                return font
            style_id = self._based_on.get(style_id)
        return None


def _style_of(properties: etree._Element | None, tag: str) -> str | None:
    if properties is None:
        return None
    style = properties.find(f"w:{tag}", _NS)
    return style.get(_w("val")) if style is not None else None


def _run_font(run: etree._Element, paragraph_font: str | None, styles: _Styles) -> str | None:
    properties = run.find("w:rPr", _NS)
    return _fonts_of(properties) or styles.font(_style_of(properties, "rStyle")) or paragraph_font


def _give_unicode_font(run: etree._Element) -> None:
    properties = run.find("w:rPr", _NS)
    if properties is None:
        properties = etree.Element(_w("rPr"))
        run.insert(0, properties)
    fonts = properties.find("w:rFonts", _NS)
    if fonts is None:
        fonts = etree.Element(_w("rFonts"))
        properties.insert(0, fonts)
    for slot in ("ascii", "hAnsi", "cs"):
        fonts.set(_w(slot), UNICODE_FONT)


def _decode_run(run: etree._Element, decode: Callable[[str], str]) -> None:
    """Decode the text of a run in place. A TCVN3 'ư' is code 0xAD, which Word and LibreOffice
    keep as a soft hyphen: those become text again here."""
    for child in list(run):
        if child.tag == _w("t") and child.text:
            child.text = decode(child.text)
            child.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        elif child.tag == _w("softHyphen"):
            text = etree.Element(_w("t"))
            text.text = decode("\u00ad")
            run.replace(child, text)


def _decode_with(text: str, font: LegacyFont) -> str:
    return decode_legacy(text, font)


def _run_text(run: etree._Element) -> str:
    return "".join(
        "\u00ad" if child.tag == _w("softHyphen") else (child.text or "")
        for child in run
        if child.tag in (_w("t"), _w("softHyphen"))
    )


_WINDOWS_EXTRAS = set(bytes(range(0x80, 0xA0)).decode("cp1252", "ignore"))


def _typed_in_unicode(text: str) -> bool:
    """Legacy fonts hold one byte per letter: a run with letters beyond Latin-1 (ộ, ư, Đ, or the
    combining marks of a Unicode keyboard) was typed in Unicode, whatever font it names. Windows
    punctuation (“ ” – …) comes from bytes 0x80-0x9F and says nothing."""
    return any((ord(c) > 0xFF and c.isalpha() and c not in _WINDOWS_EXTRAS) or 0x300 <= ord(c) < 0x370 for c in text)


def _decode_part(xml: bytes, styles: _Styles, found: LegacyRuns) -> bytes | None:
    root = etree.fromstring(xml, _PARSER)
    if not _decode_tree(root, styles, found):
        return None
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _decode_tree(root: etree._Element, styles: _Styles, found: LegacyRuns) -> bool:
    changed = False
    for paragraph in root.iter(_w("p")):
        paragraph_font = styles.font(_style_of(paragraph.find("w:pPr", _NS), "pStyle")) or styles.default
        runs = [r for r in paragraph.iter(_w("r")) if _nearest_paragraph(r) is paragraph]
        unnamed = []
        for run in runs:
            text = _run_text(run)
            if text.isascii():
                continue  # nothing a legacy encoding would change
            font_name = _run_font(run, paragraph_font, styles)
            font = legacy_font(font_name) if font_name else None
            if font is None or _typed_in_unicode(text):
                unnamed.append(run)
                continue
            _decode_run(run, partial(_decode_with, font=font))
            _give_unicode_font(run)
            found.fonts[font_name or ""] += 1
            changed = True
        text = "".join(_run_text(run) for run in unnamed)
        encoding = None if _typed_in_unicode(text) else encoding_of_text(text)
        if encoding is not None:
            for run in unnamed:
                _decode_run(run, partial(_decode_with, font=LegacyFont(encoding)))
                _give_unicode_font(run)
            found.paragraphs[encoding] += 1
            changed = True
    return changed


def _nearest_paragraph(run: etree._Element) -> etree._Element | None:
    parent = run.getparent()
    while parent is not None and parent.tag != _w("p"):
        parent = parent.getparent()
    return parent


def decode_legacy_runs(docx: bytes) -> tuple[bytes, LegacyRuns]:
    """The .docx with every legacy-font run decoded to Unicode, and what was decoded. A file without
    legacy text comes back unchanged (the same bytes)."""
    found = LegacyRuns()
    with zipfile.ZipFile(io.BytesIO(docx)) as source:
        unpacked = sum(info.file_size for info in source.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            raise BadInput(f"Word file too large when unpacked: {unpacked} bytes (a zip bomb?)")
        names = source.namelist()
        styles = _Styles(
            etree.fromstring(source.read("word/styles.xml"), _PARSER) if "word/styles.xml" in names else None
        )
        replaced = {}
        for name in names:
            if _TEXT_PARTS.match(name):
                decoded = _decode_part(source.read(name), styles, found)
                if decoded is not None:
                    replaced[name] = decoded
        if not replaced:
            return docx, found
        output = io.BytesIO()
        with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                target.writestr(info, replaced.get(info.filename, source.read(info.filename)))
    return output.getvalue(), found


_WORDML = "http://schemas.microsoft.com/office/word/2003/wordml"


def decode_legacy_wordml(xml: bytes) -> tuple[bytes, LegacyRuns]:
    """The same for a Word 2003 XML file (one XML, the 2003 namespace, `h-ansi` for `hAnsi`):
    renamed to the .docx vocabulary, decoded, renamed back."""
    found = LegacyRuns()
    root = etree.fromstring(xml, _PARSER)
    _rename(root, _WORDML, _W, {"h-ansi": "hAnsi"})
    changed = _decode_tree(root, _Styles(root.find("w:styles", _NS)), found)
    if not changed:
        return xml, found
    _rename(root, _W, _WORDML, {"hAnsi": "h-ansi"})
    etree.cleanup_namespaces(root)
    return etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8", standalone=True), found


def _rename(root: etree._Element, old: str, new: str, attributes: dict[str, str]) -> None:
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions
        if element.tag.startswith(f"{{{old}}}"):
            element.tag = f"{{{new}}}{element.tag[len(old) + 2 :]}"
        for name in [a for a in element.attrib if a.startswith(f"{{{old}}}")]:
            local = name[len(old) + 2 :]
            element.set(f"{{{new}}}{attributes.get(local, local)}", element.attrib.pop(name))
