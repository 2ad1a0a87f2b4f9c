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

from samples.generator.metafiles import pictures_as_emf
from samples.generator.spec import DocumentSpec, place_date_line


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
    line(left, "_______")
    line(left, f"Số: {spec.number}")
    if spec.type_title is None:
        line(left, f"V/v {spec.subject}", size=12)
    right.paragraphs[0].text = ""
    line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=11.5)
    line(right, "Độc lập - Tự do - Hạnh phúc", bold=True)
    line(right, "_______________________")
    line(right, place_date_line(spec.agency.place, spec.issue_date), italic=True)

    if spec.type_title:
        line(document, spec.type_title, bold=True, size=14)
        line(document, spec.subject, bold=True, size=14)
    if spec.authority:
        line(document, spec.authority, bold=True, size=14)
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


def pictures_docx(pages: list[bytes], issue_date: dt.date, picture_width_mm: float) -> bytes:
    """Scanned pages pasted into a Word file, one picture per page, as many offices attach them."""
    try:
        from docx import Document
        from docx.enum.text import WD_BREAK
        from docx.shared import Mm
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise OfficeUnavailable("the office variant needs python-docx: pip install python-docx") from error

    document = _picture_page_document(Document, Mm)
    for index, page in enumerate(pages):
        paragraph = document.paragraphs[0] if index == 0 and document.paragraphs else document.add_paragraph()
        run = paragraph.add_run()
        run.add_picture(io.BytesIO(page), width=Mm(picture_width_mm))
        if index < len(pages) - 1:
            run.add_break(WD_BREAK.PAGE)
    return _saved_docx(document, issue_date)


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
        return word97(_saved_docx(document, issue_date))
    return word97(_saved_docx(document, issue_date, lambda docx: pictures_as_emf(docx, emf_dpi)))


def _picture_page_document(document_class: Any, mm: Any) -> Any:
    """An A4 Word document with 10 mm margins all round, the page a scan is pasted into."""
    document = document_class()
    section = document.sections[0]
    section.page_width, section.page_height = mm(210), mm(297)
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
