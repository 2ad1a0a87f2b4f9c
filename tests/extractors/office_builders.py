"""Word files as e-office systems left them, built byte by byte for tests: a .docx whose runs are
typed in TCVN3 (.VnTime, .VnTimeH) and VNI fonts, HTML in windows-1258, RTF."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from email import encoders
from email.mime.image import MIMEImage
from email.mime.multipart import MIMEMultipart
from email.mime.nonmultipart import MIMENonMultipart
from xml.sax.saxutils import escape

from extractors.legacy_encodings import tcvn3_to_unicode, unicode_to_tcvn3
from tests.pdf_builders import PLAN_LINES

_TONES = {"\u0301": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0323": 4}
_VNI_TONE = "ùøûõï"
_VNI_CIRCUMFLEX = "áàåãä"  # a circumflex vowel with a tone, in tone order
_VNI_BREVE = "éèúüë"
_VNI_I = "íìæóò"


def unicode_to_vni(text: str) -> str:
    """The characters a VNI-Times run carries for `text` (a base letter, then one mark character)."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        upper = base.isupper()
        tone = next((_TONES[m] for m in marks if m in _TONES), None)

        def cased(code: str, upper: bool = upper) -> str:
            return code.upper() if upper else code

        if char in "đĐ":
            out.append(cased("ñ"))
        elif base in "iI" and tone is not None:
            out.append(cased(_VNI_I[tone]))
        elif "\u031b" in marks:  # horn: ơ ư
            out.append(cased("ô" if base in "oO" else "ö"))
            if tone is not None:
                out.append(cased(_VNI_TONE[tone]))
        elif "\u0302" in marks:
            out.append(base + cased("â" if tone is None else _VNI_CIRCUMFLEX[tone]))
        elif "\u0306" in marks:
            out.append(base + cased("ê" if tone is None else _VNI_BREVE[tone]))
        elif tone is not None:
            out.append(base + cased(_VNI_TONE[tone]))
        else:
            out.append(char)
    return "".join(out)


def windows_1258(text: str) -> bytes:
    """Vietnamese Windows bytes: letters with ă â ê ô ơ ư đ precomposed, tones as combining marks."""
    out = b""
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(m for m in decomposed if m in _TONES)
        base = unicodedata.normalize("NFC", "".join(m for m in decomposed if m not in _TONES))
        out += base.encode("cp1258") + tones.encode("cp1258")
    return out


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {_W}>
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/>
<w:sz w:val="26"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Legacy"><w:name w:val="Legacy"/><w:basedOn w:val="Normal"/>
<w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="LegacyBody"><w:name w:val="Legacy body"/><w:basedOn w:val="Legacy"/>
<w:pPr><w:jc w:val="both"/></w:pPr></w:style>
</w:styles>"""
_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml"
 ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml"
 ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
</Types>"""
_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
 Target="word/document.xml"/></Relationships>"""
_DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
 Target="styles.xml"/></Relationships>"""


def paragraph_xml(text: str, *, style: str | None = None, font: str | None = None) -> str:
    style_xml = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    font_xml = f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}"/></w:rPr>' if font else ""
    return f'<w:p>{style_xml}<w:r>{font_xml}<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def legacy_plan_paragraphs() -> list[str]:
    """PLAN_LINES as an e-office file of 2009 would hold them, each line another way."""
    header, number, date, title, subject, *body = PLAN_LINES
    return [
        paragraph_xml(unicode_to_tcvn3(header.lower()), font=".VnTimeH"),  # capitals font: lower-case codes
        paragraph_xml(unicode_to_tcvn3(number), style="Legacy"),  # font from the paragraph style
        paragraph_xml(unicode_to_vni(date), font="VNI-Times"),
        paragraph_xml(title, style="Legacy", font="Times New Roman"),  # the run's own font wins
        paragraph_xml(unicode_to_tcvn3(subject)),  # no telling font: read by its characters
        *(_body_paragraph(line, index) for index, line in enumerate(body)),
    ]


def _body_paragraph(line: str, index: int) -> str:
    """Every other line in Unicode; the others in TCVN3 through a style inherited by `basedOn`, or in
    VNI where TCVN3 cannot hold the line (it has no capitals with tones: "Ủy")."""
    if index % 2:
        return paragraph_xml(line)
    if tcvn3_to_unicode(unicode_to_tcvn3(line)) == line:
        return paragraph_xml(unicode_to_tcvn3(line), style="LegacyBody")
    return paragraph_xml(unicode_to_vni(line), font="VNI-Times")


def docx_bytes(paragraphs: list[str]) -> bytes:
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {_W}><w:body>'
        f"{''.join(paragraphs)}<w:sectPr/></w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/_rels/document.xml.rels", _DOCUMENT_RELS)
        archive.writestr("word/document.xml", document)
        archive.writestr("word/styles.xml", _STYLES)
    return buffer.getvalue()


def docx_text(docx: bytes) -> list[str]:
    """The paragraphs' text of a .docx (soft hyphens as U+00AD), for assertions."""
    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return [
        "".join(
            (node.text or "") if node.tag == f"{w}t" else "\u00ad" for node in paragraph.iter(f"{w}t", f"{w}softHyphen")
        )
        for paragraph in root.iter(f"{w}p")
    ]


def html_1258(lines: list[str], *, declare: bool) -> bytes:
    """A Word-less web page in windows-1258, with or without its charset declared."""
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">' if declare else ""
    body = "".join(f"<p>{escape(line)}</p>" for line in lines)
    return b"<html><head>" + meta.encode() + b"</head><body>" + windows_1258(body) + b"</body></html>"


def rtf_bytes(lines: list[str]) -> bytes:
    """An RTF file (Unicode escapes with an ASCII fallback, as Word writes them)."""

    def escaped(text: str) -> str:
        return "".join(
            c if ord(c) < 128 and c not in "\\{}" else f"\\u{ord(c) if ord(c) < 32768 else ord(c) - 65536}?"
            for c in text
        )

    paragraphs = "".join(f"{{\\pard\\f0\\fs26 {escaped(line)}\\par}}\n" for line in lines)
    return (f"{{\\rtf1\\ansi\\ansicpg1252\\deff0{{\\fonttbl{{\\f0\\froman Times New Roman;}}}}\n{paragraphs}}}").encode(
        "ascii"
    )


def mht_bytes(lines: list[str]) -> bytes:
    """Word's "Single File Web Page": MIME, the page quoted-printable in windows-1258, and an image."""
    message = MIMEMultipart("related")
    page = MIMENonMultipart("text", "html", charset="windows-1258")
    page.set_payload(html_1258(lines, declare=False))
    encoders.encode_quopri(page)
    message.attach(page)
    message.attach(MIMEImage(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "gif"))
    return message.as_bytes()


def wordml_bytes(paragraphs: list[tuple[str, str]]) -> bytes:
    """Word 2003 XML as Word writes it: each run with its font, `(text, font)` per paragraph."""
    body = "".join(
        f'<w:p><w:r><w:rPr><w:rFonts w:ascii="{font}" w:h-ansi="{font}"/></w:rPr><w:t>{escape(text)}</w:t></w:r></w:p>'
        for text, font in paragraphs
    )
    fonts = "".join(f'<w:font w:name="{name}"/>' for name in sorted({font for _text, font in paragraphs}))
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<?mso-application progid="Word.Document"?>\n'
        '<w:wordDocument xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml">'
        f"<w:fonts>{fonts}</w:fonts><w:body>{body}</w:body></w:wordDocument>"
    ).encode()


def legacy_plan_wordml() -> bytes:
    """PLAN_LINES in Word 2003 XML: the header in .VnTimeH, the rest in VNI-Times or .VnTime."""
    header, *rest = PLAN_LINES
    runs = [(unicode_to_tcvn3(header.lower()), ".VnTimeH")]
    for line in rest:
        lossless = tcvn3_to_unicode(unicode_to_tcvn3(line)) == line
        runs.append((unicode_to_tcvn3(line), ".VnTime") if lossless else (unicode_to_vni(line), "VNI-Times"))
    return wordml_bytes(runs)
