"""The same document as a Word file (.docx), as many portals attach instead of a PDF.

Needs python-docx. The zip is rewritten with fixed timestamps so that the bytes are reproducible.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps

from samples.generator.metafiles import pictures_as_emf
from samples.generator.spec import DocumentSpec, motto_lines, place_date_line


class OfficeUnavailable(RuntimeError):
    pass


def render_docx(spec: DocumentSpec) -> bytes:
    try:
        from docx import Document
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Mm, Pt
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise OfficeUnavailable("the office variant needs python-docx: pip install python-docx") from error

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)

    def line(
        cell_or_doc: Any,  # a document or a table cell: both take paragraphs
        text: str,
        *,
        bold: bool = False,
        italic: bool = False,
        size: float = 13,
        align: Any = WD_ALIGN_PARAGRAPH.CENTER,
        indent: bool = False,
    ) -> None:
        paragraph = cell_or_doc.add_paragraph()
        paragraph.alignment = align
        if indent:
            paragraph.paragraph_format.first_line_indent = Mm(10)
        paragraph.paragraph_format.space_after = Pt(3)
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        run.font.size = Pt(size)

    header = document.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    header.autofit = False
    left, right = header.rows[0].cells
    left.width, right.width = Mm(70), Mm(95)
    left.paragraphs[0].text = ""
    for text in spec.agency.header_superior:
        line(left, text)
    for text in spec.agency.header_issuer:
        line(left, text, bold=True)
    line(left, "*" if spec.agency.party else "_______")
    line(left, f"{spec.number_label} {spec.number}")
    if spec.type_title is None:
        line(left, f"V/v {spec.subject}", size=12)
    right.paragraphs[0].text = ""
    *nation_lines, motto = motto_lines(spec)
    for nation in nation_lines:
        line(right, nation, bold=True, size=11.5)
    line(right, motto, bold=True)
    line(right, "_______________________")
    line(right, place_date_line(spec.agency.place, spec.issue_date), italic=True)

    if spec.type_title:
        line(document, spec.type_title, bold=True, size=14)
        line(document, spec.subject, bold=True, size=14)
    for authority_line in (spec.authority or "").splitlines():
        line(document, authority_line, bold=True, size=14)
    for addressee in spec.addressees:
        line(document, f"Kính gửi: {addressee}", size=14)
    for block in spec.body:
        text = block.text.replace("|", "")
        if block.style == "center_bold":
            line(document, text, bold=True, size=14)
        elif block.style == "article":
            label, _, rest = block.text.partition("|")
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            paragraph.paragraph_format.first_line_indent = Mm(10)
            paragraph.add_run(label).bold = True
            paragraph.add_run(rest)
        else:
            line(
                document,
                text,
                bold=block.style in ("heading", "subheading"),
                italic=block.style == "basis" and spec.doc_type == "QĐ",
                size=14,
                align=WD_ALIGN_PARAGRAPH.JUSTIFY,
                indent=True,
            )

    closing = document.add_table(rows=1, cols=2)
    receivers, signer = closing.rows[0].cells
    receivers.paragraphs[0].text = ""
    line(receivers, "Nơi nhận:", bold=True, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    for index, name in enumerate(spec.recipients):
        end = "." if index == len(spec.recipients) - 1 else ";"
        line(receivers, f"- {name}{end}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    signer.paragraphs[0].text = ""
    for text in (*spec.signer.capacity_lines, spec.signer.title_line):
        line(signer, text, bold=True, size=14)
    for _ in range(4):
        line(signer, "", size=14)
    line(signer, spec.signer.name, bold=True, size=14)

    return _saved_docx(document, spec.issue_date)


def pictures_docx(
    pages: list[bytes],
    issue_date: dt.date,
    picture_width_mm: float,
    captions: list[str] | None = None,
    caption_above: bool = False,
    landscape: bool = False,
    rewrite: Callable[[bytes], bytes] | None = None,
) -> bytes:
    """Scanned pages pasted into a Word file, one picture per page, as many offices attach them; with
    `captions`, each page's picture has a typed line of its own (a file name, a page number) above it
    or below it; `landscape` turns the Word page; `rewrite` changes the .docx before it is stamped."""
    try:
        from docx import Document
        from docx.enum.text import WD_BREAK
        from docx.shared import Mm, Pt
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise OfficeUnavailable("the office variant needs python-docx: pip install python-docx") from error

    document = _picture_page_document(Document, Mm, landscape)
    for index, page in enumerate(pages):
        paragraph = document.paragraphs[0] if index == 0 and document.paragraphs else document.add_paragraph()
        if captions is not None and caption_above:
            paragraph.add_run(captions[index]).font.size = Pt(11)
            paragraph = document.add_paragraph()
        run = paragraph.add_run()
        run.add_picture(io.BytesIO(page), width=Mm(picture_width_mm))
        if captions is not None and not caption_above:
            document.add_paragraph().add_run(captions[index]).font.size = Pt(11)
            run = document.paragraphs[-1].runs[0]
        if index < len(pages) - 1:
            run.add_break(WD_BREAK.PAGE)
    return _saved_docx(document, issue_date, rewrite)


# How an old Word file holds a scanned page: a picture in its own paragraph, in a one-cell table
# (a form an office keeps), or cut in strips stacked on the page (a scanner's or a paste's pieces).
PICTURE_HOLDERS = ("inline", "table_cell", "strips")


def legacy_pictures_doc(
    pages: list[list[bytes]],
    issue_date: dt.date,
    picture_width_mm: float,
    holder: str,
    emf_dpi: float | None = None,
) -> bytes:
    """Scanned pages pasted into Word and saved as a Word 97 .doc by LibreOffice: each page's
    pictures (one, or its strips top to bottom) held as `holder` says, one page each; with
    `emf_dpi`, each picture wrapped in an Enhanced Metafile of that resolution."""
    return word97(legacy_pictures_docx(pages, issue_date, picture_width_mm, holder, emf_dpi))


def legacy_pictures_docx(
    pages: list[list[bytes]],
    issue_date: dt.date,
    picture_width_mm: float,
    holder: str,
    emf_dpi: float | None = None,
) -> bytes:
    """The .docx `legacy_pictures_doc` saves as a .doc."""
    try:
        from docx import Document
        from docx.enum.text import WD_BREAK
        from docx.shared import Mm, Pt
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise OfficeUnavailable("the office variant needs python-docx: pip install python-docx") from error
    if holder not in PICTURE_HOLDERS:
        raise ValueError(f"unknown picture holder {holder}")

    document = _picture_page_document(Document, Mm)
    body = document.paragraphs[0] if document.paragraphs else document.add_paragraph()
    for index, pieces in enumerate(pages):
        container: Any = document
        if holder == "table_cell":
            container = document.add_table(rows=1, cols=1).rows[0].cells[0]
            paragraph = container.paragraphs[0]
        else:
            paragraph = body if index == 0 else document.add_paragraph()
        for number, piece in enumerate(pieces):
            if number:
                paragraph = container.add_paragraph()
            paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(0)
            # a cell keeps a little margin each side: the picture a little narrower than the page's
            width = picture_width_mm - (6 if holder == "table_cell" else 0)
            run = paragraph.add_run()
            run.add_picture(io.BytesIO(piece), width=Mm(width))
        if index < len(pages) - 1:
            (run if holder != "table_cell" else document.add_paragraph().add_run()).add_break(WD_BREAK.PAGE)
    if emf_dpi is None:
        return _saved_docx(document, issue_date)
    return _saved_docx(document, issue_date, lambda docx: pictures_as_emf(docx, emf_dpi))


def _picture_page_document(document_class: Any, mm: Any, landscape: bool = False) -> Any:
    """An A4 Word document with 10 mm margins all round, the page a scan is pasted into (`landscape`:
    the page turned, as for two scanned pages side by side)."""
    from docx.enum.section import WD_ORIENT

    document = document_class()
    section = document.sections[0]
    section.page_width, section.page_height = mm(210), mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = mm(297), mm(210)
    section.left_margin = section.right_margin = mm(10)
    section.top_margin = section.bottom_margin = mm(10)
    return document


def _saved_docx(document: Any, issue_date: dt.date, rewrite: Callable[[bytes], bytes] | None = None) -> bytes:
    """The document's bytes, the same on every run: no author or title, created and modified at 08:00
    on the issue date, revision 1, every zip entry stamped with that moment (`rewrite`, if given,
    changes the .docx before it is stamped)."""
    moment = dt.datetime(issue_date.year, issue_date.month, issue_date.day, 8, 0, 0)
    properties = document.core_properties
    properties.author = properties.last_modified_by = properties.title = ""
    properties.created = properties.modified = moment
    properties.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    docx = buffer.getvalue() if rewrite is None else rewrite(buffer.getvalue())
    return _fixed_zip(docx, moment)


def word97(docx: bytes) -> bytes:
    """The .docx saved as a Word 97 .doc by LibreOffice headless (the same bytes for the same input)."""
    from extractors.office import office_binary, run_office

    if office_binary() is None:
        raise OfficeUnavailable("the office_scan_doc variant needs LibreOffice (scripts/setup installs it)")
    with tempfile.TemporaryDirectory(prefix="kiemchung-generator-") as folder:
        source = Path(folder) / "pages.docx"
        source.write_bytes(docx)
        run_office(["--convert-to", "doc:MS Word 97", "--outdir", folder, str(source)])
        produced = Path(folder) / "pages.doc"
        if not produced.exists():
            raise OfficeUnavailable("LibreOffice did not write the .doc")
        return produced.read_bytes()


def _fixed_zip(data: bytes, moment: dt.datetime) -> bytes:
    """python-docx stamps each zip member with the current time: restamp them."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=moment.timetuple()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, source.read(info.filename))
    return out.getvalue()


# Other ways a Word file holds its scanned pages (2026-12-01): floating pictures placed on the page
# (wrapped square, behind or in front of the text), each page in a text box, a page cut in two
# strips grouped into one drawing, the letterhead's scan in the first page's header above the rest
# of the page, and a scan with the scanner bed's border around it, cropped away in Word.
PICTURE_PLACEMENTS = ("floating", "text_box", "group", "letterhead", "cropped")
FLOATING_WRAPS = ("square", "behind", "in_front")
# What LibreOffice keeps in the .doc: a JPEG as it is (CMYK too), any other raster as PNG.
PICTURE_FORMATS = ("jpeg", "bilevel", "cmyk_jpeg")
_LETTERHEAD_SHARE = 0.2  # of the first page's height, scanned apart and put in its header
_BED_BORDER = 0.06  # scanner bed around a cropped scan, share of the page's width
_EMU_PER_MM = 36_000
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
_WPG = "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup"
_PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"


def placed_pictures_doc(
    pages: list[Image.Image],
    issue_date: dt.date,
    picture_width_mm: float,
    placement: str,
    picture_format: str,
    wrap: str = "square",
) -> bytes:
    """Scanned pages (one image each) put into Word as `placement` says, stored as `picture_format`,
    saved as a Word 97 .doc by LibreOffice. `wrap` is how a floating picture sits with the text."""
    return word97(placed_pictures_docx(pages, issue_date, picture_width_mm, placement, picture_format, wrap))


def placed_pictures_docx(
    pages: list[Image.Image],
    issue_date: dt.date,
    picture_width_mm: float,
    placement: str,
    picture_format: str,
    wrap: str = "square",
) -> bytes:
    """The .docx `placed_pictures_doc` saves as a .doc."""
    try:
        from docx import Document
        from docx.enum.text import WD_BREAK
        from docx.shared import Mm
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise OfficeUnavailable("the office variant needs python-docx: pip install python-docx") from error
    if placement not in PICTURE_PLACEMENTS or picture_format not in PICTURE_FORMATS or wrap not in FLOATING_WRAPS:
        raise ValueError(f"unknown placement {placement}, format {picture_format} or wrap {wrap}")

    document = _picture_page_document(Document, Mm)
    for index, page in enumerate(pages):
        # each page's picture anchored in a paragraph of its own, a page break in the next one
        if index:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        paragraph = document.paragraphs[0] if index == 0 and document.paragraphs else document.add_paragraph()
        if placement == "letterhead" and index == 0:
            cut = round(page.height * _LETTERHEAD_SHARE)
            section = document.sections[0]
            section.different_first_page_header_footer = True
            section.header_distance = Mm(10)
            header = section.first_page_header.paragraphs[0]
            # through _drawing like the body's pictures: a CMYK JPEG needs its stand-in here too
            _drawing(header, _stored(page.crop((0, 0, page.width, cut)), picture_format), picture_width_mm, Mm)
            page = page.crop((0, cut, page.width, page.height))
        if placement == "cropped":
            border = round(page.width * _BED_BORDER)
            bed = ImageOps.expand(page, border, fill=90 if page.mode == "L" else (90,) * len(page.getbands()))
            _cropped(_drawing(paragraph, _stored(bed, picture_format), picture_width_mm, Mm), page, bed)
        elif placement == "group":
            cut = page.height // 2
            halves = [page.crop((0, 0, page.width, cut)), page.crop((0, cut, page.width, page.height))]
            inlines = [_drawing(paragraph, _stored(half, picture_format), picture_width_mm, Mm) for half in halves]
            _grouped(inlines)
        else:
            inline = _drawing(paragraph, _stored(page, picture_format), picture_width_mm, Mm)
            if placement == "floating":
                _floating(inline, wrap)
            elif placement == "text_box":
                _in_text_box(inline)
    return _saved_docx(document, issue_date)


def pictures_turned(docx: bytes, degrees: int = 90) -> bytes:
    """The .docx with every DrawingML picture turned `degrees` clockwise by Word (`a:xfrm rot`): a
    page stored sideways, shown upright."""
    from lxml import etree

    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                root = etree.fromstring(data)
                for picture in root.iter(f"{{{_PIC}}}pic"):
                    next(picture.iter(f"{{{_A}}}xfrm")).set("rot", str(degrees * 60_000))
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(info, data)
    return out.getvalue()


def _stored(image: Image.Image, picture_format: str) -> bytes:
    """The picture's file as the scanner wrote it: a JPEG, a black-and-white (1-bit) PNG, a CMYK JPEG."""
    buffer = io.BytesIO()
    if picture_format == "bilevel":
        image.convert("L").point(lambda level: 255 if level > 160 else 0).convert("1").save(buffer, "PNG")
    elif picture_format == "cmyk_jpeg":
        image.convert("CMYK").save(buffer, "JPEG", quality=85)
    else:
        image.convert("RGB" if image.mode not in ("L", "RGB") else image.mode).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def _drawing(paragraph: Any, picture: bytes, width_mm: float, mm: Any) -> Any:
    """An inline picture added to the paragraph (python-docx reads the size of a plain image; a CMYK
    JPEG it cannot, so that one goes in as a stand-in of the same size whose bytes are then swapped)."""
    with Image.open(io.BytesIO(picture)) as opened:
        size = opened.size
        stand_in = None if opened.mode != "CMYK" else Image.new("RGB", size, "white")
    data = picture
    if stand_in is not None:
        buffer = io.BytesIO()
        stand_in.save(buffer, "JPEG")
        data = buffer.getvalue()
    run = paragraph.add_run()
    inline_shape = run.add_picture(io.BytesIO(data), width=mm(width_mm))
    inline = inline_shape._inline
    if stand_in is not None:
        blip = next(inline.iter(f"{{{_A}}}blip"))
        part = paragraph.part.related_parts[blip.get(f"{{{_R}}}embed")]
        part._blob = picture
    return inline


_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _element(tag: str, **attributes: str) -> Any:
    from docx.oxml import parse_xml

    namespace, _, name = tag.partition(":")
    uri = {"wp": _WP, "a": _A, "wps": _WPS, "wpg": _WPG, "w": _W}[namespace]
    xml_attributes = " ".join(f'{key}="{value}"' for key, value in attributes.items())
    return parse_xml(f'<{namespace}:{name} xmlns:{namespace}="{uri}" {xml_attributes}/>')


def _anchor(inline: Any, extent: tuple[int, int], graphic: Any, behind: bool, wrap: str) -> Any:
    """A `wp:anchor` placed at the page's top-left margin corner holding `graphic`, in place of `inline`."""
    anchor = _element(
        "wp:anchor",
        distT="0",
        distB="0",
        distL="114300",
        distR="114300",
        simplePos="0",
        relativeHeight="251658240",
        behindDoc="1" if behind else "0",
        locked="0",
        layoutInCell="1",
        allowOverlap="1",
    )
    anchor.append(_element("wp:simplePos", x="0", y="0"))
    for axis in ("H", "V"):
        position = _element(f"wp:position{axis}", relativeFrom="page")
        offset = _element("wp:posOffset")
        offset.text = str(10 * _EMU_PER_MM)
        position.append(offset)
        anchor.append(position)
    anchor.append(_element("wp:extent", cx=str(extent[0]), cy=str(extent[1])))
    anchor.append(_element("wp:effectExtent", l="0", t="0", r="0", b="0"))
    anchor.append(_element("wp:wrapSquare", wrapText="bothSides") if wrap == "square" else _element("wp:wrapNone"))
    anchor.append(_element("wp:docPr", id=inline.find(f"{{{_WP}}}docPr").get("id"), name="Scan"))
    anchor.append(_element("wp:cNvGraphicFramePr"))
    anchor.append(graphic)
    inline.getparent().replace(inline, anchor)
    return anchor


def _extent(inline: Any) -> tuple[int, int]:
    extent = inline.find(f"{{{_WP}}}extent")
    return int(extent.get("cx")), int(extent.get("cy"))


def _floating(inline: Any, wrap: str) -> None:
    _anchor(inline, _extent(inline), inline.find(f"{{{_A}}}graphic"), wrap == "behind", wrap)


def _in_text_box(inline: Any) -> None:
    """The picture inside a text box placed on the page."""
    width, height = _extent(inline)
    graphic = _element("a:graphic")
    data = _element("a:graphicData", uri=_WPS)
    shape = _element("wps:wsp")
    shape.append(_element("wps:cNvSpPr", txBox="1"))
    properties = _element("wps:spPr")
    transform = _element("a:xfrm")
    transform.append(_element("a:off", x="0", y="0"))
    transform.append(_element("a:ext", cx=str(width), cy=str(height)))
    properties.append(transform)
    geometry = _element("a:prstGeom", prst="rect")
    geometry.append(_element("a:avLst"))
    properties.append(geometry)
    properties.append(_element("a:noFill"))
    line = _element("a:ln")
    line.append(_element("a:noFill"))
    properties.append(line)
    shape.append(properties)
    box = _element("wps:txbx")
    content = _element("w:txbxContent")
    paragraph, run, drawing = _element("w:p"), _element("w:r"), _element("w:drawing")
    content.append(paragraph)
    paragraph.append(run)
    run.append(drawing)
    box.append(content)
    shape.append(box)
    body = _element("wps:bodyPr", wrap="square", lIns="0", tIns="0", rIns="0", bIns="0", anchor="t")
    body.append(_element("a:noAutofit"))
    shape.append(body)
    data.append(shape)
    graphic.append(data)
    _anchor(inline, (width, height), graphic, False, "in_front")
    drawing.append(inline)  # the inline picture moves into the text box


def _grouped(inlines: list[Any]) -> None:
    """The pictures (strips, top to bottom) grouped into one drawing placed on the page."""
    width = max(_extent(inline)[0] for inline in inlines)
    height = sum(_extent(inline)[1] for inline in inlines)
    graphic = _element("a:graphic")
    data = _element("a:graphicData", uri=_WPG)
    group = _element("wpg:wgp")
    group.append(_element("wpg:cNvGrpSpPr"))
    properties = _element("wpg:grpSpPr")
    transform = _element("a:xfrm")
    for name, x, y in (("a:off", 0, 0), ("a:ext", width, height), ("a:chOff", 0, 0), ("a:chExt", width, height)):
        key = ("x", "y") if name.endswith("ff") else ("cx", "cy")
        transform.append(_element(name, **{key[0]: str(x), key[1]: str(y)}))
    properties.append(transform)
    group.append(properties)
    top = 0
    for inline in inlines:
        picture = next(inline.iter(f"{{{_PIC}}}pic"))
        next(picture.iter(f"{{{_A}}}off")).set("y", str(top))
        top += _extent(inline)[1]
        group.append(picture)
    data.append(group)
    graphic.append(data)
    first, *rest = inlines
    for inline in rest:
        run = inline.getparent().getparent()
        run.getparent().remove(run)
    _anchor(first, (width, height), graphic, False, "square")


def _cropped(inline: Any, page: Image.Image, bed: Image.Image) -> None:
    """Word's crop hides the scanner bed: `a:srcRect` in thousandths of a percent of each side."""
    border_x = (bed.width - page.width) / 2 / bed.width
    border_y = (bed.height - page.height) / 2 / bed.height
    fill = next(inline.iter(f"{{{_PIC}}}blipFill"))
    share = {"l": border_x, "t": border_y, "r": border_x, "b": border_y}
    fill.find(f"{{{_A}}}blip").addnext(_element("a:srcRect", **{k: str(round(v * 100_000)) for k, v in share.items()}))
    # shown at the width asked for, with the page's shape (what is left after the crop)
    width, _height = _extent(inline)
    height = round(width * page.height / page.width)
    inline.find(f"{{{_WP}}}extent").set("cy", str(height))
    next(inline.iter(f"{{{_A}}}ext")).set("cy", str(height))
