"""A web page saved with a Word name (`.doc`), as Word opens it: decoded, legacy fonts converted.

Word's "Save as Web Page" and many e-office systems produce HTML named `.doc`; Word opens it, so
users expect it read. Its bytes are decoded by the charset it declares (BOM, `<meta charset>` or
`http-equiv`), else as UTF-8 when they are valid UTF-8, else as windows-1258 (Vietnamese Windows,
tones as combining marks). Text in a legacy font (`font-family: .VnTime` inline, through a class
rule, or `<font face>`) is decoded, and a text without a telling font whose characters read as
TCVN3/VNI is decoded too. The result is UTF-8 HTML that LibreOffice renders (`office.py`).
"""

from __future__ import annotations

import codecs
import email
import email.policy
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

from extractors.input_checks import BadInput
from extractors.legacy_encodings import LegacyFont, decode_legacy, encoding_of_text, legacy_font

_DECLARED_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_FONT_FAMILY = re.compile(r"""font-family\s*:\s*([^;}]+)""", re.IGNORECASE)
_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_CLASS_SELECTOR = re.compile(r"^(?:[a-z0-9]+)?\.([\w-]+)$", re.IGNORECASE)
_SKIPPED = {"script", "style", "head", "title"}
FALLBACK_CHARSET = "windows-1258"


@dataclass
class HtmlReading:
    html: str  # UTF-8-ready markup with legacy text decoded
    charset: str  # how the bytes were decoded, and why
    fonts: Counter[str] = field(default_factory=Counter)  # legacy font → text pieces decoded
    by_characters: Counter[str] = field(default_factory=Counter)  # encoding → pieces decoded

    def describe(self) -> str:
        parts = [f"HTML, {self.charset}"]
        if self.fonts:
            named = ", ".join(f"{font} {count}" for font, count in self.fonts.most_common())
            parts.append(f"{sum(self.fonts.values())} runs in legacy fonts decoded ({named})")
        for encoding, count in sorted(self.by_characters.items()):
            parts.append(f"{count} runs read as {encoding.upper()} by their characters")
        return "; ".join(parts)


def _known_codec(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def html_of_mht(data: bytes) -> tuple[bytes, str | None]:
    """The page inside a single-file web page (MHT, Word's "Single File Web Page") and the charset
    its part declares. Raises BadInput when there is none."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes) and payload.strip():
                return payload, part.get_content_charset()
    raise BadInput("corrupt single-file web page (MHT): no HTML inside")


def decode_html_bytes(data: bytes, charset: str | None = None) -> tuple[str, str]:
    """(text, 'charset … (from …)'). Never fails: undecodable bytes become U+FFFD. `charset` is
    one declared outside the page (an MHT part's header); the page's own declaration comes next."""
    outside = _known_codec(charset) if charset else None
    if outside is not None:
        return _nfc(data.decode(outside, "replace")), f"charset {outside} (declared by its MHT part)"
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return _nfc(data[len(bom) :].decode(codec, "replace")), f"charset {codec} (from its byte-order mark)"
    declared = _DECLARED_CHARSET.search(data[:8192])
    declared_codec = _known_codec(declared.group(1).decode("ascii")) if declared else None
    if declared_codec is not None:
        return _nfc(data.decode(declared_codec, "replace")), f"charset {declared_codec} (declared)"
    try:
        return _nfc(data.decode("utf-8")), "charset utf-8 (sniffed)"
    except UnicodeDecodeError:
        return _nfc(data.decode(FALLBACK_CHARSET, "replace")), f"charset {FALLBACK_CHARSET} (sniffed: not UTF-8)"


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _class_fonts(parser: LexborHTMLParser) -> dict[str, str]:
    """Font of each class from the page's style sheets (`p.MsoNormal, span.VN {font-family:…}`)."""
    fonts: dict[str, str] = {}
    for style in parser.css("style"):
        sheet = re.sub(r"/\*.*?\*/|<!--|-->", " ", style.text(deep=True), flags=re.DOTALL)
        for selectors, body in _CSS_RULE.findall(sheet):
            family = _FONT_FAMILY.search(body)
            if not family:
                continue
            for selector in selectors.split(","):
                match = _CLASS_SELECTOR.match(selector.strip())
                if match:
                    fonts[match.group(1)] = family.group(1).strip()
    return fonts


def _own_font(node: LexborNode, class_fonts: dict[str, str]) -> str | None:
    attributes = node.attributes
    inline = _FONT_FAMILY.search(attributes.get("style") or "")
    if inline:
        return inline.group(1).strip()
    if node.tag == "font" and attributes.get("face"):
        return attributes.get("face")
    for name in (attributes.get("class") or "").split():
        if name in class_fonts:
            return class_fonts[name]
    return None


def _font_of(text_node: LexborNode, class_fonts: dict[str, str]) -> str | None:
    node = text_node.parent
    while node is not None and node.tag not in ("body", "html"):
        font = _own_font(node, class_fonts)
        if font:
            return font
        node = node.parent
    return None


def _inside_skipped(text_node: LexborNode) -> bool:
    node = text_node.parent
    while node is not None:
        if node.tag in _SKIPPED:
            return True
        node = node.parent
    return False


def read_html(data: bytes, charset: str | None = None) -> HtmlReading:
    """Decode the page and its legacy-font text; the markup is returned declaring UTF-8."""
    text, charset = decode_html_bytes(data, charset)
    parser = LexborHTMLParser(text)
    reading = HtmlReading(html="", charset=charset)
    class_fonts = _class_fonts(parser)
    root = parser.root
    text_nodes = [n for n in root.traverse(include_text=True) if n.tag == "-text"] if root is not None else []
    for node in text_nodes:
        content = node.text_content or ""
        if content.isascii() or _inside_skipped(node):
            continue
        font_name = _font_of(node, class_fonts)
        font = legacy_font(font_name) if font_name else None
        if font is not None:
            reading.fonts[(font_name or "").split(",")[0].strip().strip("\"'")] += 1
        else:
            encoding = encoding_of_text(content)
            if encoding is None:
                continue
            font = LegacyFont(encoding)
            reading.by_characters[encoding] += 1
        node.replace_with(decode_legacy(content, font))
    for declared in parser.css("meta"):
        if "charset" in (declared.attributes.get("content") or "").lower() or "charset" in declared.attributes:
            declared.decompose()
    head, utf8 = parser.head, LexborHTMLParser('<meta charset="utf-8">').css_first("meta")
    if head is not None and utf8 is not None:
        head.insert_child(utf8)
    reading.html = parser.html or ""
    return reading
