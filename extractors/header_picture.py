"""A first page whose body is typed but whose header is a picture: a scanned letterhead, or the top
of a signed original pasted above typed text. The text layer reads well, so it was kept — and
every NĐ30 field in the picture (agency, number, place and date, title) came out null, with
nothing listed for review. Such a page is OCRed instead: the picture is where the fields are.

A picture counts when it covers a real part of the page's top (not a logo) and no word of the text
layer lies on it (a watermark or a background under text is not a header), and only when the text
layer's own top shows nothing of the NĐ30 header (no "Số:" line, no motto; a date line is no sign:
a body's first "Căn cứ …" line cites dates too).
"""

from __future__ import annotations

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from core.models import Page, Word
from extractors.layout import build_lines, is_motto
from extractors.normalize import compact_key
from extractors.numbers import strip_label
from extractors.pdfium_lock import PDFIUM_LOCK

TOP_SHARE = 0.35  # the header lies in the top third of an A4 page
MIN_PICTURE_SHARE = 0.04  # of the page's area: a letterhead band or a pasted header, not a logo


def is_party_motto(text: str) -> bool:
    return compact_key(text) == "dangcongsanvietnam"


def _header_in_text(page: Page, height: float) -> bool:
    """Does the text layer's top show any line of an NĐ30 header?"""
    top_words = [w for w in page.words if w.top < TOP_SHARE * height]
    for line in build_lines(top_words):
        text = line.text
        if strip_label(text) is not None or is_motto(text) or is_party_motto(text):
            return True
    return False


def _on(word: Word, box: tuple[float, float, float, float]) -> bool:
    """The word's middle lies on the picture (a line just touching its edge is beside it)."""
    left, top, right, bottom = box
    middle_x, middle_y = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
    return left < middle_x < right and top < middle_y < bottom


def header_is_a_picture(pdf_page: pdfium.PdfPage, page: Page) -> bool:
    """Whether the page's header is a picture over which the text layer has no words. The page's
    pictures are looked at first: most pages have none at the top, and their lines are not built."""
    width, height = pdf_page.get_size()
    if pdf_page.get_rotation() % 180 == 90:  # shown turned (/Rotate): pictures and words in its own frame
        width, height = height, width
    if width <= 0 or height <= 0:
        return False
    for image in pdf_page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = image.get_pos()
        box = (max(left, 0.0), max(height - top, 0.0), min(right, width), min(height - bottom, height))
        top_part = (box[2] - box[0]) * max(0.0, min(box[3], TOP_SHARE * height) - box[1])
        if top_part >= MIN_PICTURE_SHARE * width * height and not any(_on(w, box) for w in page.words):
            return not _header_in_text(page, height)
    return False


def first_page_header_is_a_picture(pdf_path: str, page: Page) -> bool:
    """`header_is_a_picture` for page 1 of the PDF at `pdf_path` (a Word file as converted)."""
    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(pdf_path)
        try:
            pdf_page = document[0]
            try:
                return header_is_a_picture(pdf_page, page)
            finally:
                pdf_page.close()
        finally:
            document.close()
