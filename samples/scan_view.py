"""Scanned renderings of real born-digital files: the same documents, read the hard way.

A real file's layout, fonts and wording are what generated samples cannot imitate; a scan of it is
what an office often publishes instead. This takes the born-digital PDFs a truth file names (one
split only: never tune on the holdout's renderings either), renders page 1 and the page with the
signer's name as a scanner or a phone would, and writes them with their truth rows, so `kiemchung
eval DEST` scores the OCR path on real layouts. Deterministic by seed. Three styles, as portals publish:

- `grey` (default): 150, 200 or 300 dpi grey, a slight skew, sensor noise, blur, JPEG;
- `bitonal`: 200 or 300 dpi, a slight skew, thresholded to 1 bit (the threshold varies a little, a few
  specks), saved as CCITT Group 4 — what an office scanner's "black and white" mode publishes;
- `photo`: a phone photo: colour, a mild perspective (corners moved a few percent), light falling off
  across the page and towards its corners, a warm cast, a slight blur, JPEG.

    python -m samples.scan_view tests/fixtures/realdocs/more /tmp/scan-view --split tuning --seed 5
    python -m samples.scan_view tests/fixtures/realdocs/more /tmp/bitonal --style bitonal --seed 5

`--container docx|doc` pastes the same scanned pages (the same pixels for the same seed and style)
into a Word file instead of a PDF, one picture per page, held as offices hold them (one way per file,
drawn from the seed): filling the page inside its margins; downscaled to 150 or 120 dpi and saved
again as a rougher JPEG; a little smaller than the page under or over a typed line (a scanner's file
name or the page number); in a one-cell table; in a text box. `doc` is that .docx saved as a Word 97
.doc by LibreOffice. The layout each file got is in its truth row (`word_layout`).

    python -m samples.scan_view tests/fixtures/realdocs/more /tmp/word-view --seed 6 --container doc
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter, features

from samples.truth_rows import read_rows, write_rows

DPI_CHOICES = (150, 200, 300)
JPEG_QUALITIES = (45, 60, 75)
MAX_SKEW_DEGREES = 1.2
NOISE_SIGMA = 12.0
BLUR_RADIUS = 0.6
FIXED_TIME = time.gmtime(946_684_800)  # 2000-01-01, as Pillow writes PDF dates

BITONAL_DPI_CHOICES = (200, 300)
BITONAL_MAX_SKEW_DEGREES = 0.8
BITONAL_THRESHOLDS = (150, 185)  # grey level below which a pixel turns black (varies per page)
BITONAL_SPECKS = (40, 160)  # isolated black dots per page (dust on the glass)

PHOTO_DPI = 200  # a 12 MP phone photo of an A4 page resolves about this much
PHOTO_CORNER_SHIFT = 0.03  # each corner moves up to this fraction of the page's size
PHOTO_MARGIN = 0.04  # the table around the page
PHOTO_TABLE_RGB = (118, 96, 74)
PHOTO_JPEG_QUALITIES = (70, 80, 88)


def _signer_page(pdf: pdfium.PdfDocument, signer_name: str | None) -> int:
    """The last page that prints the signer's name (the signature block), else the last page."""
    found = len(pdf) - 1
    if signer_name:
        for index in range(len(pdf)):
            textpage = pdf[index].get_textpage()
            if signer_name in textpage.get_text_bounded():
                found = index
    return found


def _scanned(page: pdfium.PdfPage, rng: random.Random) -> tuple[Image.Image, int]:
    dpi = rng.choice(DPI_CHOICES)
    image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    image = image.rotate(
        rng.uniform(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES), resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255
    )
    pixels = np.asarray(image).astype(np.int16)
    noise = np.random.default_rng(rng.randrange(1 << 30)).normal(0, NOISE_SIGMA, pixels.shape)
    image = Image.fromarray(np.clip(pixels + noise, 0, 255).astype(np.uint8)).filter(
        ImageFilter.GaussianBlur(BLUR_RADIUS)
    )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=rng.choice(JPEG_QUALITIES))
    buffer.seek(0)
    return Image.open(buffer), dpi


def _bitonal(page: pdfium.PdfPage, rng: random.Random) -> tuple[Image.Image, int]:
    dpi = rng.choice(BITONAL_DPI_CHOICES)
    image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    image = image.rotate(
        rng.uniform(-BITONAL_MAX_SKEW_DEGREES, BITONAL_MAX_SKEW_DEGREES),
        resample=Image.Resampling.BICUBIC,
        expand=True,
        fillcolor=255,
    )
    noise_rng = np.random.default_rng(rng.randrange(1 << 30))
    pixels = np.asarray(image).astype(np.int16) + noise_rng.normal(0, NOISE_SIGMA / 2, (image.height, image.width))
    ink = pixels < rng.randint(*BITONAL_THRESHOLDS)
    for _ in range(rng.randint(*BITONAL_SPECKS)):
        y, x, size = rng.randrange(image.height - 3), rng.randrange(image.width - 3), rng.choice((1, 2, 2, 3))
        ink[y : y + size, x : x + size] = True
    return Image.fromarray(~ink).convert("1"), dpi  # white is 1 in a mode "1" picture


def _perspective_coefficients(
    targets: list[tuple[float, float]], sources: list[tuple[float, float]]
) -> tuple[float, ...]:
    """Pillow's PERSPECTIVE data: for each output point (x, y), where in the input it comes from."""
    matrix: list[list[float]] = []
    values: list[float] = []
    for (x, y), (u, v) in zip(targets, sources, strict=True):
        matrix.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        matrix.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        values.extend((u, v))
    return tuple(float(c) for c in np.linalg.solve(np.array(matrix), np.array(values)))


def _photo(page: pdfium.PdfPage, rng: random.Random) -> tuple[Image.Image, int]:
    image = page.render(scale=PHOTO_DPI / 72).to_pil().convert("RGB")
    width, height = image.size
    margin_x, margin_y = round(width * PHOTO_MARGIN), round(height * PHOTO_MARGIN)
    frame = (width + 2 * margin_x, height + 2 * margin_y)
    page_corners = [
        (margin_x, margin_y),
        (margin_x + width, margin_y),
        (margin_x + width, margin_y + height),
        (margin_x, margin_y + height),
    ]
    shifted = [
        (x + rng.uniform(-1, 1) * PHOTO_CORNER_SHIFT * width, y + rng.uniform(-1, 1) * PHOTO_CORNER_SHIFT * height)
        for x, y in page_corners
    ]
    framed = Image.new("RGB", frame, PHOTO_TABLE_RGB)
    framed.paste(image, (margin_x, margin_y))
    warped = framed.transform(
        frame,
        Image.Transform.PERSPECTIVE,
        _perspective_coefficients(shifted, page_corners),
        resample=Image.Resampling.BICUBIC,
        fillcolor=PHOTO_TABLE_RGB,
    )
    # Light: a linear fall-off in a random direction times a vignette, then a warm cast per channel.
    ys, xs = np.mgrid[0 : frame[1], 0 : frame[0]].astype(np.float32)
    xs, ys = xs / frame[0] - 0.5, ys / frame[1] - 0.5
    angle = rng.uniform(0, 2 * np.pi)
    gradient = 1.0 - rng.uniform(0.12, 0.25) * (0.5 + xs * np.cos(angle) + ys * np.sin(angle))
    vignette = 1.0 - rng.uniform(0.15, 0.3) * (xs**2 + ys**2) * 2
    cast = np.array([1.0, rng.uniform(0.9, 0.95), rng.uniform(0.72, 0.82)], dtype=np.float32)
    light = (gradient * vignette)[:, :, None] * cast * rng.uniform(0.88, 0.97)
    noise = np.random.default_rng(rng.randrange(1 << 30)).normal(0, NOISE_SIGMA / 2, (frame[1], frame[0], 1))
    pixels = np.asarray(warped).astype(np.float32) * light + noise
    photo = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).filter(
        ImageFilter.GaussianBlur(rng.uniform(0.6, 1.1))
    )
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", quality=rng.choice(PHOTO_JPEG_QUALITIES))
    buffer.seek(0)
    return Image.open(buffer), PHOTO_DPI


STYLES: dict[str, Callable[[pdfium.PdfPage, random.Random], tuple[Image.Image, int]]] = {
    "grey": _scanned,
    "bitonal": _bitonal,
    "photo": _photo,
}
VARIANTS = {"grey": "scan", "bitonal": "scan-bitonal", "photo": "photo"}
PREFIXES = {"grey": "scan-", "bitonal": "bitonal-", "photo": "photo-"}

CONTAINERS = ("pdf", "docx", "doc")
# How a Word file holds its page pictures (one way per file, the seed decides).
WORD_LAYOUTS = ("fill", "low_dpi", "caption", "table_cell", "text_box")
# Harder ways, drawn only when asked for (`--word-layouts`): the page stored sideways and turned
# upright by Word, two pages side by side in one picture on a landscape page, the scanner bed
# cropped away in Word, the bitmap wrapped in an EMF metafile, a CMYK JPEG floating on the page, a
# 1-bit CCITT G4 TIFF, a floating picture behind the text, a page cut in two strips grouped into one
# drawing, the letterhead's scan in the first page's header.
HARD_WORD_LAYOUTS = ("rotated", "two_up", "cropped", "emf", "cmyk", "tiff", "floating", "group", "letterhead")
WORD_TEXT_WIDTH_MM = 190.0  # A4 inside the 10 mm margins of the generator's picture pages
WORD_LOW_DPIS = (150, 120)
WORD_LOW_JPEG_QUALITY = 50
WORD_CAPTION_WIDTHS_MM = (170.0, 160.0)


def _stored_picture(image: Image.Image) -> bytes:
    """The page picture's file: a JPEG kept as it was encoded (its own tables), a 1-bit page as PNG."""
    buffer = io.BytesIO()
    if image.mode == "1":
        image.save(buffer, "PNG")
    else:
        # a JPEG as read keeps its own quantisation tables; pixels made here are saved at 75
        image.save(buffer, "JPEG", quality="keep" if getattr(image, "quantization", None) else 75)
    return buffer.getvalue()


def _downscaled(image: Image.Image, dpi: int, target_dpi: int) -> bytes:
    if dpi <= target_dpi:
        return _stored_picture(image)
    scale = target_dpi / dpi
    smaller = image.convert("L" if image.mode in ("1", "L") else "RGB").resize(
        (round(image.width * scale), round(image.height * scale)), Image.Resampling.LANCZOS
    )
    buffer = io.BytesIO()
    smaller.save(buffer, "JPEG", quality=WORD_LOW_JPEG_QUALITY)
    return buffer.getvalue()


def word_pictures(scans: list[tuple[Image.Image, int]], issue_date: dt.date, layout: str, rng: random.Random) -> bytes:
    """The scanned pages pasted into a .docx, one picture per page, held as `layout` says."""
    from samples.generator.office import legacy_pictures_docx, pictures_docx, pictures_turned, placed_pictures_docx

    if layout == "fill":
        return pictures_docx([_stored_picture(i) for i, _ in scans], issue_date, WORD_TEXT_WIDTH_MM)
    if layout == "low_dpi":
        target = rng.choice(WORD_LOW_DPIS)
        return pictures_docx([_downscaled(i, dpi, target) for i, dpi in scans], issue_date, WORD_TEXT_WIDTH_MM)
    if layout == "caption":
        # what a scanner names its files, or the page's number: nothing the document says
        scanned = f"Scan_{rng.randrange(1, 10_000):04d}"
        captions = [f"{scanned}_{n}.jpg" if rng.random() < 0.5 else f"Trang {n}" for n in range(1, len(scans) + 1)]
        width = rng.choice(WORD_CAPTION_WIDTHS_MM)
        return pictures_docx([_stored_picture(i) for i, _ in scans], issue_date, width, captions, rng.random() < 0.5)
    if layout == "table_cell":
        return legacy_pictures_docx([[_stored_picture(i)] for i, _ in scans], issue_date, 180.0, "table_cell")
    if layout == "text_box":
        pages = [i.convert("L") if i.mode == "1" else i for i, _ in scans]
        picture_format = "bilevel" if scans[0][0].mode == "1" else "jpeg"
        return placed_pictures_docx(pages, issue_date, 180.0, "text_box", picture_format)
    if layout in ("cropped", "cmyk", "floating", "group", "letterhead"):
        pages = [i.convert("L") if i.mode == "1" else i for i, _ in scans]
        placement = {"cmyk": "floating"}.get(layout, layout)
        picture_format = "cmyk_jpeg" if layout == "cmyk" else "jpeg"
        wrap = "behind" if layout == "floating" else "square"
        return placed_pictures_docx(pages, issue_date, 180.0, placement, picture_format, wrap)
    if layout == "rotated":  # stored a quarter turn left, shown turned back by Word
        stored = [_stored_picture(_turned_left(i)) for i, _ in scans]
        return pictures_docx(stored, issue_date, 265.0, rewrite=pictures_turned)
    if layout == "two_up":
        pairs = [scans[n : n + 2] for n in range(0, len(scans), 2)]
        return pictures_docx([_side_by_side([i for i, _ in pair]) for pair in pairs], issue_date, 265.0, landscape=True)
    if layout == "emf":
        return legacy_pictures_docx([[_stored_picture(i)] for i, _ in scans], issue_date, 180.0, "inline", scans[0][1])
    if layout == "tiff":
        return pictures_docx([_g4_tiff(i) for i, _ in scans], issue_date, WORD_TEXT_WIDTH_MM)
    raise ValueError(f"unknown Word layout {layout!r}: one of {', '.join(WORD_LAYOUTS + HARD_WORD_LAYOUTS)}")


def _turned_left(image: Image.Image) -> Image.Image:
    return image.transpose(Image.Transpose.ROTATE_90)


def _side_by_side(images: list[Image.Image]) -> bytes:
    """Pages scanned side by side in one picture (an open booklet, an A3 sheet), as one JPEG."""
    height = max(i.height for i in images)
    grey = [i.convert("L" if i.mode in ("1", "L") else "RGB") for i in images]
    sized = [i.resize((round(i.width * height / i.height), height), Image.Resampling.LANCZOS) for i in grey]
    mode = "RGB" if any(i.mode == "RGB" for i in sized) else "L"
    sheet = Image.new(mode, (sum(i.width for i in sized), height), "white")
    left = 0
    for image in sized:
        sheet.paste(image.convert(mode), (left, 0))
        left += image.width
    buffer = io.BytesIO()
    sheet.save(buffer, "JPEG", quality=75)
    return buffer.getvalue()


def _g4_tiff(image: Image.Image) -> bytes:
    """A black-and-white scan as an office scanner stores it: 1 bit, CCITT Group 4 TIFF."""
    bilevel = image if image.mode == "1" else image.convert("L").point(lambda level: 255 if level > 160 else 0)
    buffer = io.BytesIO()
    bilevel.convert("1").save(buffer, "TIFF", compression="group4")
    return buffer.getvalue()


def render_view(
    source: Path,
    destination: Path,
    split: str,
    seed: int,
    style: str = "grey",
    container: str = "pdf",
    word_layouts: tuple[str, ...] = WORD_LAYOUTS,
) -> list[dict[str, Any]]:
    """Write the scanned renderings of `source`'s born-digital PDFs of `split` and their truth rows,
    as PDFs or (`container` docx or doc) as Word files of page pictures held one of `word_layouts` ways."""
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}: one of {', '.join(STYLES)}")
    if container not in CONTAINERS:
        raise ValueError(f"unknown container {container!r}: one of {', '.join(CONTAINERS)}")
    unknown = [layout for layout in word_layouts if layout not in WORD_LAYOUTS + HARD_WORD_LAYOUTS]
    if unknown or not word_layouts:
        raise ValueError(f"unknown Word layouts {unknown}: of {', '.join(WORD_LAYOUTS + HARD_WORD_LAYOUTS)}")
    if style == "bitonal" and not features.check("libtiff"):
        raise RuntimeError("bitonal scans need Pillow with libtiff (CCITT Group 4)")
    render = STYLES[style]
    destination.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    word_rng = random.Random(f"word-{seed}")  # apart, so the pages' pixels are those of the PDF view
    rows = read_rows(source)
    written = []
    for row in rows:
        # a generated corpus has no split: none of its files is anyone's holdout
        if row.get("split", "tuning") != split or not row["file"].lower().endswith(".pdf"):
            continue
        if row.get("variant") != "digital":
            continue
        pdf = pdfium.PdfDocument(str(source / row["file"]))
        try:
            indexes = sorted({0, _signer_page(pdf, (row.get("signer") or {}).get("name"))})
            scans = [render(pdf[index], rng) for index in indexes]
        finally:
            pdf.close()
        name = PREFIXES[style] + row["file"]
        extra: dict[str, Any] = {}
        if container == "pdf":
            first, dpi = scans[0]
            first.save(
                destination / name,
                "PDF",
                resolution=dpi,
                save_all=True,
                append_images=[image for image, _ in scans[1:]],
                creationDate=FIXED_TIME,  # the same bytes for the same seed
                modDate=FIXED_TIME,
            )
        else:
            layout = word_rng.choice(word_layouts)
            issued = dt.date.fromisoformat(row["issue_date"]) if row.get("issue_date") else dt.date(2000, 1, 1)
            data = word_pictures(scans, issued, layout, word_rng)
            if container == "doc":
                from samples.generator.office import word97

                data = word97(data)
            name = name.rsplit(".", 1)[0] + "." + container
            (destination / name).write_bytes(data)
            extra = {"word_layout": layout, "pages": None, "scanned_pages": None}
        view = {key: value for key, value in row.items() if key not in {"sha256", "source_path"}}
        written.append({**view, "file": name, "variant": VARIANTS[style], "scan_of": row["file"], **extra})
    write_rows(destination, written)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m samples.scan_view", description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="a folder with truth.jsonl and the files it names")
    parser.add_argument("destination", type=Path)
    parser.add_argument("--split", default="tuning", help="which split's files to render (default: tuning)")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--style", choices=sorted(STYLES), default="grey", help="grey (default), bitonal or photo")
    parser.add_argument(
        "--container", choices=CONTAINERS, default="pdf", help="pdf (default), or a Word .docx / .doc of page pictures"
    )
    parser.add_argument(
        "--word-layouts",
        default=",".join(WORD_LAYOUTS),
        help=f"comma-separated ways a Word file holds its pages, one drawn per file (default: {','.join(WORD_LAYOUTS)};"
        f" harder: {','.join(HARD_WORD_LAYOUTS)})",
    )
    args = parser.parse_args(argv)
    layouts = tuple(layout.strip() for layout in args.word_layouts.split(",") if layout.strip())
    written = render_view(args.source, args.destination, args.split, args.seed, args.style, args.container, layouts)
    print(f"{len(written)} scanned renderings in {args.destination}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
