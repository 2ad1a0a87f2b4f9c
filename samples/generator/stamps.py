"""Text stamps that signing software adds to a PDF as vector text: the digital-signature stamp and
the certified-copy ("SAO Y") stamp. Their dates are not the document's issue date.
"""

from __future__ import annotations

import datetime as dt
import random

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from samples.generator.agencies import Agency
from samples.generator.fonts import typeface
from samples.generator.layout import PAGE_HEIGHT, PAGE_WIDTH
from samples.generator.spec import ascii_slug

VN = dt.timezone(dt.timedelta(hours=7))


def agency_email(agency: Agency) -> str:
    if agency.level == "district":
        return f"ubnd.{ascii_slug(agency.place).replace('-', '')}@{agency.email_domain}"
    return f"{agency.code.lower()}@{agency.email_domain}"


def signing_time(rng: random.Random, day: dt.date) -> dt.datetime:
    return dt.datetime(
        day.year, day.month, day.day, rng.randint(8, 17), rng.randint(0, 59), rng.randint(0, 59), tzinfo=VN
    )


def signature_stamp_lines(agency: Agency, signed_at: dt.datetime) -> list[str]:
    return [
        f"Ký bởi: {agency.issuer}",
        f"Email: {agency_email(agency)}",
        f"Cơ quan: {agency.superior or agency.issuer}",
        f"Thời gian ký: {signed_at.strftime('%d.%m.%Y %H:%M:%S')} +07:00",
    ]


def copy_office(agency: Agency) -> str:
    if agency.level == "province":
        return "VĂN PHÒNG " + " ".join(agency.header_issuer)
    if agency.level == "department":
        return "VĂN PHÒNG " + " ".join(agency.header_issuer)
    return "VĂN PHÒNG HĐND VÀ UBND " + " ".join(agency.header_issuer[1:])


def copy_stamp_lines(agency: Agency, copied_at: dt.datetime) -> list[str]:
    return ["SAO Y", copy_office(agency), f"{copied_at.strftime('%d/%m/%Y %H:%M:%S')} +07:00"]


def draw_signature_stamp(canvas: Canvas, lines: list[str]) -> None:
    """Top-right corner: a thin red frame, a round logo, four lines of small text."""
    face = typeface("DejaVuSans")
    width, height = 78 * mm, 15 * mm
    x, y = PAGE_WIDTH - 12 * mm - width, PAGE_HEIGHT - 3 * mm - height
    red = colors.HexColor("#d0021b")
    canvas.saveState()
    canvas.setStrokeColor(red)
    canvas.setLineWidth(0.8)
    canvas.roundRect(x, y, width, height, 2 * mm)
    canvas.setFillColor(red)
    canvas.circle(x + 7 * mm, y + height / 2, 4.5 * mm, stroke=1, fill=0)
    canvas.setFont(face.bold, 9)
    canvas.drawCentredString(x + 7 * mm, y + height / 2 - 3, "✓")
    canvas.setFillColor(colors.HexColor("#1a3d8f"))
    for index, line in enumerate(lines):
        canvas.setFont(face.bold if index == 0 else face.regular, 7)
        canvas.drawString(x + 13.5 * mm, y + height - 3.8 * mm - index * 3.1 * mm, line)
    canvas.restoreState()


def draw_copy_stamp(canvas: Canvas, lines: list[str]) -> None:
    """Top-left corner: the certified-copy box of the office that made the copy."""
    face = typeface("DejaVuSans")
    width, height = 82 * mm, 13 * mm
    x, y = 8 * mm, PAGE_HEIGHT - 4 * mm - height
    blue = colors.HexColor("#1f4fb5")
    canvas.saveState()
    canvas.setStrokeColor(blue)
    canvas.setFillColor(blue)
    canvas.setLineWidth(1)
    canvas.rect(x, y, width, height)
    canvas.setFont(face.bold, 9)
    canvas.drawCentredString(x + width / 2, y + height - 4 * mm, lines[0])
    canvas.setFont(face.bold, 7)
    canvas.drawCentredString(x + width / 2, y + height - 7.5 * mm, lines[1])
    canvas.setFont(face.regular, 7)
    canvas.drawCentredString(x + width / 2, y + height - 11 * mm, lines[2])
    canvas.restoreState()
