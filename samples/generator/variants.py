"""From a document spec to the bytes of one file, in one of the variants real portals publish.

Basic: `digital` (born-digital text layer), `scan` (image only), `mixed` (some pages scanned).
Hard, as in real published files: `handwritten` (number and day blank in the typed form, written in
by hand), `stale_layer` (a scan with a diacritic-less OCR layer), `arrival_stamp` (the receiver's
"ĐẾN" box), `signature_stamp` (a scan whose only text is the digital-signature stamp),
`copy_stamp` ("SAO Y" on a born-digital file), `urgent` ("HỎA TỐC"), `annex` (phụ lục after the
signer), `long` (150+ pages), `office` (.docx), `wrapped_header` (a narrow agency column whose long
names wrap, or a date line left to wrap instead of shrunk), `gazette` (a reprint carrying the official
gazette's running header "CÔNG BÁO/Số …/Ngày …" on every page and a portal's name across the top:
their numbers and dates are never the document's), `plan_forms` (plans that list their tasks or
units without stating the total, in the body or an annex, half of them issued by a decision),
`office_scan` (scanned pages pasted into a .docx as pictures, shrunk to fit the page or not),
`office_scan_doc` (the same saved as a legacy Word 97 .doc: a picture per page, in a table cell, or
cut in strips, some pasted at a screen's low resolution, some wrapped in an EMF metafile; or floating,
in a text box, grouped, with a letterhead in the header, or cropped in Word), `broken_layer` (a
born-digital file whose page looks right and whose fonts' ToUnicode maps are wrong: a blank for "H",
a look-alike for "ư", letters decomposed, or the glyph codes themselves; see `broken_layers`),
`wrapped_scan` (the `wrapped_header` layout, printed and scanned: a long agency name wrapped in bold
with a tight leading is what OCR must read).
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field, replace

from PIL import Image
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from extractors.normalize import fold, nfc
from samples.generator import ink
from samples.generator.annexes import add_annex, procedure_details
from samples.generator.broken_layers import broken_to_unicode, random_fault
from samples.generator.fonts import typeface
from samples.generator.layout import NUMBER_SIZE, LayoutOptions, RenderedPdf, number_line, render
from samples.generator.locate import Box, Landmarks, PageWord, find_landmarks, page_words
from samples.generator.office import (
    FLOATING_WRAPS,
    PICTURE_FORMATS,
    PICTURE_HOLDERS,
    PICTURE_PLACEMENTS,
    legacy_pictures_doc,
    pictures_docx,
    placed_pictures_doc,
    render_docx,
)
from samples.generator.plan_forms import restyle_plan
from samples.generator.scan import (
    HiddenWord,
    ScannedPage,
    ScanSettings,
    degrade,
    image_pdf,
    merge,
    random_settings,
    rasterise,
    rotate_point,
    to_jpeg,
)
from samples.generator.spec import DocumentSpec, Mark
from samples.generator.stamps import (
    copy_stamp_lines,
    draw_copy_stamp,
    draw_signature_stamp,
    signature_stamp_lines,
    signing_time,
)

BASIC_VARIANTS = ("digital", "scan", "mixed")
HARD_VARIANTS = (
    "handwritten",
    "stale_layer",
    "arrival_stamp",
    "signature_stamp",
    "copy_stamp",
    "urgent",
    "annex",
    "long",
    "office",
    "wrapped_header",
    "gazette",
    "plan_forms",
    "office_scan",
    "office_scan_doc",
    "broken_layer",
    "wrapped_scan",
)
VARIANTS = BASIC_VARIANTS + HARD_VARIANTS
LONG_MIN_PAGES = 150


@dataclass
class Output:
    data: bytes
    suffix: str
    pages: int | None
    signer_page: int | None
    scanned_pages: list[int] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    detail: str = ""  # which form of the variant, for the file name ("lost-h-bold")


def layout_options(rng: random.Random, family: str | None = None) -> LayoutOptions:
    """The page's face, size and tone style. `family` sets the face instead of the draw (which is
    still made, so the rest of the file comes out as it would have)."""
    drawn = "NotoSerif" if rng.random() < 0.75 else "DejaVuSerif"
    return LayoutOptions(
        family=family or drawn,
        body_size=rng.choice((14.0, 14.0, 13.5)),
        old_style_tones=rng.random() < 0.3,
    )


def produce(variant: str, spec: DocumentSpec, rng: random.Random, family: str | None = None) -> Output:
    """Make the file. May change `spec` (blanks, urgency, annexes) before rendering. `family`: the
    typeface of every page (`fonts.TYPEFACES`), instead of one drawn per file."""
    options = layout_options(rng, family)
    if variant == "digital":
        return _digital(spec, options)
    if variant == "scan":
        return _scanned(spec, options, rng)
    if variant == "mixed":
        return _scanned(spec, options, rng, mixed=True)
    if variant == "handwritten":
        spec.number_blank = spec.day_blank = True
        return _scanned(spec, options, rng, handwritten=True)
    if variant == "stale_layer":
        return _scanned(spec, options, rng, stale_layer=True)
    if variant == "arrival_stamp":
        return _scanned(spec, options, rng, arrival=True)
    if variant == "signature_stamp":
        return _scanned(spec, options, rng, signature_stamp=True)
    if variant == "copy_stamp":
        copied = spec.issue_date + dt.timedelta(days=rng.randint(1, 30))
        copied_at = signing_time(rng, copied)
        lines = copy_stamp_lines(spec.agency, copied_at)
        options = LayoutOptions(
            options.family, options.body_size, options.old_style_tones, lambda c: draw_copy_stamp(c, lines)
        )
        out = _digital(spec, options)
        out.marks.append(Mark("copy", "; ".join(lines), date=copied, time=copied_at))
        return out
    if variant == "urgent":
        spec.urgency = "HỎA TỐC"
        out = _digital(spec, options)
        out.marks.append(Mark("urgent", "HỎA TỐC"))
        return out
    if variant == "annex":
        add_annex(spec, rng)
        return _digital(spec, options)
    if variant == "long":
        return _long(spec, options, rng)
    if variant == "office":
        return Output(render_docx(spec), ".docx", None, None)
    if variant == "wrapped_header":
        return _digital(spec, wrapping_header_options(options, spec, rng))
    if variant == "wrapped_scan":
        return _scanned(spec, wrapping_header_options(options, spec, rng), rng)
    if variant == "gazette":
        return _gazette(spec, options, rng)
    if variant == "plan_forms":
        restyle_plan(spec, rng)
        return _digital(spec, options)
    if variant == "office_scan":
        return _office_scan(spec, options, rng)
    if variant == "office_scan_doc":
        return _office_scan_doc(spec, options, rng)
    if variant == "broken_layer":
        fault = random_fault(rng)
        with broken_to_unicode(fault):
            out = _digital(spec, options)
        out.detail = fault.name
        return out
    raise ValueError(f"unknown variant {variant!r}; known: {', '.join(VARIANTS)}")


def _digital(spec: DocumentSpec, options: LayoutOptions) -> Output:
    rendered = render(spec, options)
    return Output(rendered.data, ".pdf", rendered.page_count, rendered.signer_page)


def _long(spec: DocumentSpec, options: LayoutOptions, rng: random.Random) -> Output:
    """A decision publishing procedures whose annex runs to 150+ pages (born-digital)."""
    if spec.kind != "decision.tthc_list" or not spec.annexes:
        raise ValueError("the long variant is made from a decision.tthc_list document")
    field_name = str(spec.facts.get("procedure_field", "Hộ tịch"))
    count = 100
    while True:
        names, details = procedure_details(rng, count, field_name)
        annex = spec.annexes[0]
        annex.rows = [[str(i), n, field_name, "Cấp huyện", ""] for i, n in enumerate(names, start=1)]
        annex.details = details
        spec.facts["procedures_published"] = count
        spec.body = [
            b
            if not b.text.startswith("Điều 1.")
            else type(b)(b.style, re.sub(r"Danh mục \d+ thủ tục", f"Danh mục {count} thủ tục", b.text))
            for b in spec.body
        ]
        rendered = render(spec, options)
        if rendered.page_count >= LONG_MIN_PAGES:
            return Output(rendered.data, ".pdf", rendered.page_count, rendered.signer_page)
        count = int(count * LONG_MIN_PAGES / rendered.page_count) + 5


def wrapping_header_options(options: LayoutOptions, spec: DocumentSpec, rng: random.Random) -> LayoutOptions:
    """Header columns as real Word templates set them: either an agency column narrower than the
    longest agency line (in a large size), so that the name wraps ("SỞ TÀI NGUYÊN VÀ MÔI" /
    "TRƯỜNG") while the kind of agency ("ỦY BAN NHÂN DÂN") still fits, or a narrow date column whose
    date line wraps before the year ("ngày 29 tháng 1" / "năm 2023")."""
    size = rng.choice((13.5, 14.0))
    if rng.random() < 0.5:
        face = typeface(options.family)
        lines = (*spec.agency.header_superior, *spec.agency.header_issuer)
        # the column a typist leaves: the kind of agency ("ỦY BAN NHÂN DÂN", or a first line of four
        # words or fewer: "HỘI ĐỒNG NHÂN DÂN") and the number line whole; only the names wrap
        kinds = ["ỦY BAN NHÂN DÂN", *([lines[0]] if len(lines[0].split()) <= 4 else [])]
        widest = max(
            *(stringWidth(line, face.bold, size) for line in kinds),
            stringWidth(number_line(spec), face.regular, NUMBER_SIZE),
        )
        kind_fits = widest + 3 * mm
        longest = max(stringWidth(line, face.bold, size) for line in lines)
        width = rng.uniform(kind_fits, max(kind_fits, longest - 4 * mm))
        return replace(options, header_left=width, header_size=size)
    return replace(options, header_left=rng.uniform(84, 90) * mm, header_size=size, fit_date_line=False)


GAZETTE_PORTALS = (
    "CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ",
    "CƠ SỞ DỮ LIỆU QUỐC GIA VỀ VĂN BẢN PHÁP LUẬT",
    "vanban.chinhphu.vn",
)


def _gazette(spec: DocumentSpec, options: LayoutOptions, rng: random.Random) -> Output:
    """A reprint from the official gazette: its running header on every page (issue number and the
    gazette's date, days after the document's) and a portal's name stamped across the top."""
    issue = rng.randint(100, 1200)
    issue_label = f"{issue} + {issue + 1}" if rng.random() < 0.5 else str(issue)
    printed = spec.issue_date + dt.timedelta(days=rng.randint(5, 40))
    running = f"CÔNG BÁO/Số {issue_label}/Ngày {printed.day:02d}-{printed.month}-{printed.year}"
    portal = rng.choice(GAZETTE_PORTALS)

    face = typeface(options.family)
    issuer_of_gazette, issue_and_date = running.split("/", 1)

    def running_header(canvas: Canvas) -> None:
        width, height = canvas._pagesize
        canvas.saveState()
        canvas.setFont(face.regular, 8)
        canvas.setFillGray(0.55)
        canvas.drawString(20 * mm, height - 8 * mm, portal)
        canvas.setFillGray(0.0)
        canvas.setFont(face.bold, 10)
        canvas.drawString(30 * mm, height - 14 * mm, issuer_of_gazette)
        canvas.drawRightString(width - 15 * mm, height - 14 * mm, issue_and_date)
        canvas.line(30 * mm, height - 15.5 * mm, width - 15 * mm, height - 15.5 * mm)
        canvas.restoreState()

    out = _digital(spec, replace(options, every_page_overlay=running_header))
    out.marks.append(Mark("gazette", f"{portal}; {running}", date=printed))
    return out


# ---------------------------------------------------------------- scans


def _page_images(
    spec: DocumentSpec, options: LayoutOptions, rng: random.Random, *, all_words: bool = False
) -> tuple[RenderedPdf, list[list[PageWord]], Landmarks, ScanSettings, list[Image.Image]]:
    """The document rendered, its words and landmarks (page 1 and the signer's page, or every page),
    the scanner's settings and each page as an image at the scan's resolution."""
    rendered = render(spec, options)
    words = page_words(rendered.data, None if all_words else {1, rendered.signer_page})
    landmarks = find_landmarks(words, spec.symbol, rendered.signer_page, spec.signer.name)
    settings = random_settings(rng)
    return rendered, words, landmarks, settings, rasterise(rendered.data, settings.dpi)


def _scanned(
    spec: DocumentSpec,
    options: LayoutOptions,
    rng: random.Random,
    *,
    mixed: bool = False,
    handwritten: bool = False,
    stale_layer: bool = False,
    arrival: bool = False,
    signature_stamp: bool = False,
) -> Output:
    rendered, words, marks_found, settings, images = _page_images(spec, options, rng, all_words=stale_layer)
    pages = list(range(1, rendered.page_count + 1))
    if mixed:
        # a signed cover or signature page scanned, the rest exported: never all, never none (a
        # one-page document can only be scanned whole)
        count = rng.randint(1, max(1, len(pages) - 1))
        to_scan = sorted(rng.sample(pages, count))
    else:
        to_scan = pages
    marks: list[Mark] = []
    overlay = None
    if signature_stamp:
        signed_at = signing_time(rng, spec.issue_date)
        lines = signature_stamp_lines(spec.agency, signed_at)
        marks.append(Mark("signature", "; ".join(lines), date=spec.issue_date, time=signed_at))

        def overlay(canvas: Canvas) -> None:
            draw_signature_stamp(canvas, lines)

    scanned: list[ScannedPage] = []
    for page_no in to_scan:
        image = images[page_no - 1]
        px = settings.dpi / 72
        if page_no == 1 and handwritten:
            _write_blanks(image, spec, marks_found, px, rng)
        if page_no == 1 and arrival:
            marks.append(_arrival(image, spec, marks_found, settings, rng))
        if page_no == rendered.signer_page:
            _sign_and_seal(image, spec, marks_found, px, rng)
        image = degrade(image, settings, rng)
        hidden = _stale_words(words[page_no - 1], settings, image.size, rng) if stale_layer else []
        scanned.append(ScannedPage(to_jpeg(image, settings.quality), hidden, overlay if page_no == 1 else None))
    data = image_pdf(scanned)
    if mixed:
        data = merge(rendered.data, data, to_scan)
    return Output(data, ".pdf", rendered.page_count, rendered.signer_page, to_scan, marks)


def _office_scan(spec: DocumentSpec, options: LayoutOptions, rng: random.Random) -> Output:
    """Every page scanned, signed and sealed, pasted into a Word file at a width an office might pick."""
    rendered, _, marks_found, settings, images = _page_images(spec, options, rng)
    pictures: list[bytes] = []
    for page_no, image in enumerate(images, start=1):
        if page_no == rendered.signer_page:
            _sign_and_seal(image, spec, marks_found, settings.dpi / 72, rng)
        pictures.append(to_jpeg(degrade(image, settings, rng), settings.quality))
    width_mm = rng.choice((190.0, 170.0, 150.0))
    return Output(pictures_docx(pictures, spec.issue_date, width_mm), ".docx", None, rendered.signer_page)


def _office_scan_doc(spec: DocumentSpec, options: LayoutOptions, rng: random.Random) -> Output:
    """Every page scanned, signed and sealed, pasted into Word and kept as a Word 97 .doc: held as
    one picture, in a table cell or in strips; half pasted at a low resolution, 3 in 10 wrapped in an EMF."""
    rendered, _, marks_found, settings, images = _page_images(spec, options, rng)
    holder = rng.choice(PICTURE_HOLDERS)
    low_dpi = rng.choice((None, None, 150, 120))
    width_mm = rng.choice((180.0, 170.0, 150.0))
    emf = rng.random() < 0.3  # pasted from the clipboard: a metafile wrapping the bitmap
    pages: list[list[bytes]] = []
    whole: list[Image.Image] = []
    for page_no, image in enumerate(images, start=1):
        if page_no == rendered.signer_page:
            _sign_and_seal(image, spec, marks_found, settings.dpi / 72, rng)
        page = degrade(image, settings, rng)
        if low_dpi is not None:
            scale = low_dpi / settings.dpi
            page = page.resize((round(page.width * scale), round(page.height * scale)), Image.Resampling.LANCZOS)
        whole.append(page)
        pieces = [page]
        if holder == "strips":
            cut = round(page.height * rng.uniform(0.4, 0.6))
            pieces = [page.crop((0, 0, page.width, cut)), page.crop((0, cut, page.width, page.height))]
        pages.append([to_jpeg(piece, settings.quality) for piece in pieces])
    # drawn last, so that a file held the first ways keeps its bytes: half the files hold their pages
    # another way (floating, in a text box, grouped strips, a letterhead in the header, cropped)
    if rng.random() < 0.5:
        placement, picture_format = rng.choice(PICTURE_PLACEMENTS), rng.choice(PICTURE_FORMATS)
        wrap = rng.choice(FLOATING_WRAPS)
        data = placed_pictures_doc(whole, spec.issue_date, width_mm, placement, picture_format, wrap)
    else:
        data = legacy_pictures_doc(pages, spec.issue_date, width_mm, holder, low_dpi or settings.dpi if emf else None)
    return Output(data, ".doc", None, rendered.signer_page)


def _write_blanks(image: Image.Image, spec: DocumentSpec, found: Landmarks, px: float, rng: random.Random) -> None:
    """The clerk writes the number and the day into the typed form's blanks."""
    pen = ink.BLUE_INK if rng.random() < 0.8 else ink.BLACK_INK
    height = 5.2 * mm * px
    digits = str(spec.number_n)
    gap = found.number_gap
    width = 0.7 * height * len(digits)
    x = max(gap.x0 * px + 2, gap.x1 * px - width - height * 0.6)
    ink.handwrite(image, digits, (x, gap.bottom * px - height * 1.05), height, rng, pen)
    day = found.day_gap
    day_text = f"{spec.issue_date.day:02d}" if rng.random() < 0.6 else str(spec.issue_date.day)
    width = 0.7 * height * len(day_text)
    x = (day.x0 + day.x1) / 2 * px - width / 2
    ink.handwrite(image, day_text, (x, day.bottom * px - height * 1.05), height, rng, pen)


_RECEIVERS = (
    "VĂN PHÒNG UBND TỈNH LONG AN",
    "SỞ NỘI VỤ TỈNH TÂY NINH",
    "UBND PHƯỜNG VÕ THỊ SÁU",
    "PHÒNG NỘI VỤ HUYỆN CẦN GIUỘC",
    "SỞ TƯ PHÁP TP. HỒ CHÍ MINH",
)


def _arrival(
    image: Image.Image, spec: DocumentSpec, found: Landmarks, settings: ScanSettings, rng: random.Random
) -> Mark:
    px = settings.dpi / 72
    number = spec.number_n
    while number == spec.number_n:
        number = rng.randint(1, 9999)
    received = spec.issue_date + dt.timedelta(days=rng.randint(1, 6))
    date_text = f"{received.day}/{received.month}/{received.year}"
    receiver = rng.choice(_RECEIVERS)
    top_left = (rng.uniform(10, 22) * mm * px, (found.header_bottom + rng.uniform(4, 12)) * px)
    ink.arrival_stamp(image, top_left, settings.dpi, receiver, str(number), date_text, rng)
    return Mark("arrival", f"{receiver}; ĐẾN; Số: {number}; Ngày: {date_text}", number=str(number), date=received)


def _sign_and_seal(image: Image.Image, spec: DocumentSpec, found: Landmarks, px: float, rng: random.Random) -> None:
    name, title = found.signer_name, found.signer_title
    centre_x = (name.x0 + name.x1) / 2
    space = (title.bottom + name.top) / 2
    ink.signature(
        image,
        ((centre_x + rng.uniform(-5, 15)) * px, space * px),
        38 * mm * px,
        rng,
        ink.BLUE_INK if rng.random() < 0.7 else ink.BLACK_INK,
    )
    top, bottom = ink.seal_texts(spec.agency.header_issuer, spec.agency.header_superior)
    ink.seal(
        image, ((centre_x - 16 * mm) * px, (space + rng.uniform(-4, 6)) * px), 17 * mm * px, top, rng, inner_text=bottom
    )


_OCR_CONFUSIONS = {"o": "0", "l": "1", "e": "c", "h": "b", "i": "l", "n": "u"}


def _stale_words(
    words: list[PageWord], settings: ScanSettings, size: tuple[int, int], rng: random.Random
) -> list[HiddenWord]:
    """What a scanner's built-in OCR leaves: the words, without diacritics, with a few misreadings."""
    px = settings.dpi / 72
    out = []
    for word in words:
        text = fold(nfc(word.text))
        if word.text.startswith("Số"):
            text = "S6" + text[2:]
        elif rng.random() < 0.04:
            i = rng.randrange(len(text))
            text = text[:i] + _OCR_CONFUSIONS.get(text[i], text[i]) + text[i + 1 :]
        cx, cy = word.box.centre
        rx, ry = rotate_point(cx * px, cy * px, settings, size[0], size[1])
        half_w, half_h = (word.box.x1 - word.box.x0) / 2, (word.box.bottom - word.box.top) / 2
        out.append(HiddenWord(text, Box(rx / px - half_w, ry / px - half_h, rx / px + half_w, ry / px + half_h)))
    return out


__all__ = ["BASIC_VARIANTS", "HARD_VARIANTS", "VARIANTS", "Output", "RenderedPdf", "produce"]
