"""Lay a `DocumentSpec` out on A4 pages in the NĐ30 layout, as a born-digital PDF (reportlab).

Header blocks side by side, centred type title and subject, body, then "Nơi nhận:" bottom-left and
the signer block bottom-right; annexes follow on their own pages. Output is byte-for-byte
deterministic (reportlab's invariant mode).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from samples.generator.fonts import Typeface, typeface
from samples.generator.spec import Annex, Block, DocumentSpec, motto_lines, place_date_line

PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT_MARGIN, RIGHT_MARGIN, TOP_MARGIN, BOTTOM_MARGIN = 30 * mm, 15 * mm, 20 * mm, 20 * mm
TEXT_WIDTH = PAGE_WIDTH - LEFT_MARGIN - RIGHT_MARGIN
HEADER_LEFT = 68 * mm
NUMBER_SIZE = 13  # the "Số: …" line's size
HEADER_RIGHT = TEXT_WIDTH - HEADER_LEFT
NBSP = "\u00a0"

PageOverlay = Callable[[Canvas], None]


@dataclass(frozen=True)
class LayoutOptions:
    family: str = "NotoSerif"
    body_size: float = 14.0
    old_style_tones: bool = False  # "UỶ BAN" in the header, as many real files print it
    first_page_overlay: PageOverlay | None = None  # stamps drawn as vector text on page 1
    every_page_overlay: PageOverlay | None = None  # a gazette's running header, a portal's banner
    header_left: float = HEADER_LEFT  # width of the agency column; the date column takes the rest
    header_size: float = 13.0  # agency lines and the date line
    fit_date_line: bool = True  # shrink a long date line to one line, as most typists do; else it wraps


@dataclass
class RenderedPdf:
    data: bytes
    page_count: int
    signer_page: int  # 1-based page holding the signer block
    annex_pages: list[int] = field(default_factory=list)


class _Rule(Flowable):
    """A horizontal rule of a given width, centred in the space it is given."""

    def __init__(self, width: float, gap: float = 4.0) -> None:
        super().__init__()
        self.rule_width = width
        self.gap = gap
        self._avail = width

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._avail = availWidth
        return availWidth, self.gap + 3

    def draw(self) -> None:
        x0 = (self._avail - self.rule_width) / 2
        self.canv.setLineWidth(0.7)
        self.canv.line(x0, 3, x0 + self.rule_width, 3)  # `gap` below the text above


class _PageMarker(Flowable):
    """Records the page it is drawn on (zero size)."""

    def __init__(self, sink: list[int]) -> None:
        super().__init__()
        self.sink = sink

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.sink.append(self.canv.getPageNumber())


def _old_style(text: str) -> str:
    return text.replace("ỦY", "UỶ").replace("Ủy", "Uỷ").replace("HÒA", "HOÀ")


class _Styles:
    def __init__(self, face: Typeface, body: float) -> None:
        f = face

        def style(name: str, font: str, size: float, align: int, **kw: object) -> ParagraphStyle:
            settings: dict[str, object] = {"leading": size * 1.2, **kw}
            return ParagraphStyle(name, fontName=font, fontSize=size, alignment=align, **settings)

        self.header = style("header", f.regular, 13, TA_CENTER)
        self.header_bold = style("header_bold", f.bold, 13, TA_CENTER)
        self.nation = style("nation", f.bold, 12, TA_CENTER)
        self.motto = style("motto", f.bold, 13, TA_CENTER)
        self.date = style("date", f.italic, 13, TA_CENTER)
        self.number = style("number", f.regular, NUMBER_SIZE, TA_CENTER)
        self.about = style("about", f.regular, 12, TA_CENTER)
        self.urgent = style(
            "urgent",
            f.bold,
            13,
            TA_CENTER,
            textColor=colors.HexColor("#c8102e"),
            borderColor=colors.HexColor("#c8102e"),
            borderWidth=1.2,
            borderPadding=3,
        )
        self.title = style("title", f.bold, 14, TA_CENTER, spaceBefore=6)
        self.subject = style("subject", f.bold, 14, TA_CENTER)
        self.center_bold = style("center_bold", f.bold, body, TA_CENTER, spaceBefore=4, spaceAfter=4)
        self.para = style("para", f.regular, body, TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=4)
        self.basis = style("basis", f.regular, body, TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=3)
        self.basis_italic = style("basis_i", f.italic, body, TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=3)
        self.heading = style(
            "heading", f.bold, body, TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=4, spaceBefore=2, keepWithNext=1
        )
        self.subheading = style(
            "subheading", f.bold, body, TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=3, keepWithNext=1
        )
        self.addressee = style("addressee", f.regular, body, TA_LEFT, leftIndent=30 * mm)
        self.recipients_title = style("recipients_title", f.bold_italic, 12, TA_LEFT)
        self.recipient = style("recipient", f.regular, 11, TA_LEFT, leading=13)
        self.signer = style("signer", f.bold, 13.5, TA_CENTER)
        self.annex_label = style("annex_label", f.bold, 13, TA_RIGHT)
        self.annex_title = style("annex_title", f.bold, 13, TA_CENTER)
        self.annex_made_with = style("annex_made_with", f.italic, 13, TA_CENTER, spaceAfter=8)
        self.cell = style("cell", f.regular, 11.5, TA_LEFT, leading=13.5)
        self.cell_head = style("cell_head", f.bold, 11.5, TA_CENTER, leading=13.5)
        self.page_number = f.regular


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def number_line(spec: DocumentSpec) -> str:
    """NĐ30's "Số: 15/KH-UBND", the Party's "Số 15-KH/TU"; a blank for the pen's digits if so made."""
    if spec.number_blank:
        return f"{spec.number_label}{NBSP * 12}{spec.number_joint}{spec.symbol}"
    return f"{spec.number_label} {spec.number}"


def _header(spec: DocumentSpec, s: _Styles, face: Typeface, options: LayoutOptions) -> Table:
    fix = _old_style if options.old_style_tones else (lambda t: t)
    header_left, size = options.header_left, options.header_size
    header_right = TEXT_WIDTH - header_left
    # an agency line wider than its column wraps, as in a Word table cell
    regular = ParagraphStyle("header_sized", parent=s.header, fontSize=size, leading=size * 1.2)
    bold = ParagraphStyle("header_bold_sized", parent=s.header_bold, fontSize=size, leading=size * 1.2)
    left: list[Flowable] = [_p(fix(line), regular) for line in spec.agency.header_superior]
    left += [_p(fix(line), bold) for line in spec.agency.header_issuer]
    issuer_width = max(stringWidth(fix(line), face.bold, size) for line in spec.agency.header_issuer)
    # the Party's form marks the end of the name with a star, NĐ30 with a short rule
    under_name: Flowable = _p("*", regular) if spec.agency.party else _Rule(min(issuer_width, header_left) * 0.4)
    left += [under_name, Spacer(1, 2), _p(number_line(spec), s.number)]
    if spec.type_title is None:
        left.append(_p(f"V/v {spec.subject}", s.about))
    if spec.urgency:
        left += [Spacer(1, 10), Table([[_p(spec.urgency, s.urgent)]], colWidths=[32 * mm], hAlign="CENTER")]
    *nation_lines, motto = motto_lines(spec)
    date_line = place_date_line(spec.agency.place, spec.issue_date, day_blank=spec.day_blank)
    date_size = size  # typists shrink a long place name to keep the line whole
    too_wide = stringWidth(date_line, face.italic, date_size) > header_right - 2
    while options.fit_date_line and too_wide and date_size > 10:
        date_size -= 0.5
        too_wide = stringWidth(date_line, face.italic, date_size) > header_right - 2
    right: list[Flowable] = []
    for nation in map(fix, nation_lines):
        nation_size = 12.0
        while stringWidth(nation, face.bold, nation_size) > header_right - 2 and nation_size > 9:
            nation_size -= 0.5
        nation_style = ParagraphStyle("nation_fit", parent=s.nation, fontSize=nation_size, leading=nation_size * 1.25)
        right.append(_p(nation, nation_style))
    motto = fix(motto)
    right += [
        _p(motto, s.motto),
        _Rule(stringWidth(motto, face.bold, 13)),
        Spacer(1, 4),
        _p(date_line, ParagraphStyle("date_fit", parent=s.date, fontSize=date_size, leading=date_size * 1.25)),
    ]
    table = Table([[left, right]], colWidths=[header_left, header_right])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _body_flowables(spec: DocumentSpec, s: _Styles) -> list[Flowable]:
    out: list[Flowable] = []
    basis_style = s.basis_italic if spec.doc_type == "QĐ" else s.basis
    for block in spec.body:
        out.append(_block(block, s, basis_style))
    return out


def _block(block: Block, s: _Styles, basis_style: ParagraphStyle) -> Flowable:
    if block.style == "article":
        label, _, rest = block.text.partition("|")
        return Paragraph(f"<b>{escape(label)}</b>{escape(rest)}", s.para)
    style = {
        "heading": s.heading,
        "subheading": s.subheading,
        "para": s.para,
        "basis": basis_style,
        "item": s.para,
        "center_bold": s.center_bold,
    }[block.style]
    return _p(block.text, style)


def _closing(spec: DocumentSpec, s: _Styles, signer_sink: list[int]) -> Table:
    left: list[Flowable] = [_p("Nơi nhận:", s.recipients_title)]
    for index, name in enumerate(spec.recipients):
        end = "." if index == len(spec.recipients) - 1 else ";"
        left.append(_p(f"- {name}{end}", s.recipient))
    signer = spec.signer
    right: list[Flowable] = [_PageMarker(signer_sink)]
    right += [_p(line, s.signer) for line in (*signer.capacity_lines, signer.title_line)]
    right += [Spacer(1, 30 * mm), _p(signer.name, s.signer)]
    table = Table([[left, right]], colWidths=[TEXT_WIDTH * 0.48, TEXT_WIDTH * 0.52])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return table


def _annex(annex: Annex, s: _Styles, annex_sink: list[int]) -> list[Flowable]:
    out: list[Flowable] = [PageBreak(), _PageMarker(annex_sink), _p(annex.label, s.annex_label)]
    out += [_p(line, s.annex_title) for line in annex.title_lines]
    out.append(_p(annex.made_with, s.annex_made_with))
    if annex.columns:  # an attached plan is text only
        widths = [TEXT_WIDTH * w for w in annex.column_widths]
        rows = [[_p(c, s.cell_head) for c in annex.columns]]
        rows += [[_p(c, s.cell) for c in row] for row in annex.rows]
        table = Table(rows, colWidths=widths, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        out.append(table)
    if annex.details:
        out.append(Spacer(1, 8))
        out += [_block(b, s, s.basis) for b in annex.details]
    return out


@contextmanager
def binary_streams() -> Iterator[None]:
    """Write streams as binary, not ASCII85: a quarter smaller, and reportlab's pure-Python
    ASCII85 encoder is the slowest step of writing a scan. Restored afterwards (global setting)."""
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


def render(spec: DocumentSpec, options: LayoutOptions | None = None) -> RenderedPdf:
    """The born-digital PDF of a document."""
    with binary_streams():
        return _render(spec, options)


def _render(spec: DocumentSpec, options: LayoutOptions | None) -> RenderedPdf:
    options = options or LayoutOptions()
    face = typeface(options.family)
    s = _Styles(face, options.body_size)
    story: list[Flowable] = [_header(spec, s, face, options), Spacer(1, 6)]
    if spec.type_title:
        story += [_p(spec.type_title, s.title)]
        story += [_p(spec.subject, s.subject), _Rule(35 * mm, 4)]
    story.append(Spacer(1, 6))
    if spec.authority:
        story += [_p(line, s.center_bold) for line in spec.authority.splitlines()]
    if spec.addressees:
        if len(spec.addressees) == 1:
            story.append(Paragraph(f"Kính gửi: {escape(spec.addressees[0])}.", s.addressee))
        else:
            story.append(Paragraph("Kính gửi:", s.addressee))
            for index, a in enumerate(spec.addressees):
                end = "." if index == len(spec.addressees) - 1 else ";"
                story.append(Paragraph(f"{NBSP * 8}- {escape(a)}{end}", s.addressee))
        story.append(Spacer(1, 8))
    body = _body_flowables(spec, s)
    signer_sink: list[int] = []
    annex_sink: list[int] = []
    # keep the last paragraph with the closing block, as a typist would
    story += body[:-1]
    story.append(KeepTogether([body[-1], _closing(spec, s, signer_sink)]))
    for annex in spec.annexes:
        story += _annex(annex, s, annex_sink)

    def first_page(canvas: Canvas, _doc: object) -> None:
        if options.first_page_overlay:
            options.first_page_overlay(canvas)
        if options.every_page_overlay:
            options.every_page_overlay(canvas)

    def later_pages(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        if options.every_page_overlay:
            options.every_page_overlay(canvas)
        canvas.setFont(face.regular, 13)
        canvas.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 12 * mm, str(doc.page))

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=LEFT_MARGIN,
        rightMargin=RIGHT_MARGIN,
        topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        invariant=1,
        title="",
        author="",
        creator="",
        producer="",
        subject="",
    )
    doc.build(story, onFirstPage=first_page, onLaterPages=later_pages)
    return RenderedPdf(buffer.getvalue(), doc.page, signer_sink[0], annex_sink)
