"""Word pages that are pictures: a scanned page pasted into a Word file, found and made ready for OCR.

Province e-office systems often publish a .doc whose every page is one scanned image (maybe with a
typed line). Its converted text layer is (almost) empty, yet the page is a document to read. Here:
- the large raster pictures of the .docx are listed in document order, at their native resolution
  (`word/media/*`, referenced by DrawingML `a:blip` or VML `v:imagedata`);
- a converted page with few words whose PDF shows a picture covering much of it, or which is empty,
  is a picture page; pictures and picture pages are paired in order when their counts agree;
- a "reading" PDF is written whose pages are the converted pages, except that on a picture page the
  picture LibreOffice exported (re-encoded as JPEG; seen drawn blank on one real .doc) is replaced
  by the embedded original at the same place. OCR renders that page at the picture's own resolution
  (at least the usual 300 dpi), so typed text on the page and the scan are read together, and page
  coordinates stay those of the converted page for the second looks.
When the counts do not agree the converted page itself is rendered and OCRed (its picture as exported).
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from lxml import etree
from PIL import Image

from core.models import Page
from extractors.office_docx import MAX_UNPACKED_BYTES
from extractors.pdfium_lock import PDFIUM_LOCK
from extractors.text_quality import judge_text

# A page with fewer words than this may be a picture page (a scan with a typed line or caption).
MAX_TYPED_WORDS_ON_PICTURE_PAGE = 40
# A picture covering this share of the page (or of the page's text area, in the .docx) is a page.
MIN_PICTURE_SHARE = 0.3
# A picture smaller than this on its longer side is a logo or a seal, not a scanned page.
MIN_PICTURE_PIXELS = 800
MAX_PICTURE_PIXELS = 80_000_000  # a decompression bomb is not read
MAX_RENDER_DPI = 600

_NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "v": "urn:schemas-microsoft-com:vml",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
_R_EMBED = f"{{{_NS['r']}}}embed"
_R_ID = f"{{{_NS['r']}}}id"
_EMU_PER_POINT = 12700
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


@dataclass(frozen=True)
class Picture:
    name: str  # the part inside the .docx (word/media/image1.png)
    data: bytes
    width_px: int
    height_px: int

    def describe(self) -> str:
        return f"embedded image {posixpath.basename(self.name)} {self.width_px}×{self.height_px} px"


@dataclass(frozen=True)
class PicturePage:
    index: int  # 0-based page of the converted PDF
    picture: Picture | None  # the embedded original, or None: the converted page is rendered as is
    dpi: int  # resolution at which the reading page is rendered for OCR


def page_pictures(docx: bytes) -> list[Picture]:
    """The large raster pictures of a .docx's body, in document order (a picture used twice, twice)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(docx))
    except zipfile.BadZipFile:
        return []
    with archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
            return []
        names = set(archive.namelist())
        if "word/document.xml" not in names:
            return []
        targets = _relationship_targets(archive, names)
        root = etree.fromstring(archive.read("word/document.xml"), _PARSER)
        text_area = _text_area_points(root)
        pictures = []
        for element in root.iter(f"{{{_NS['a']}}}blip", f"{{{_NS['v']}}}imagedata"):
            target = targets.get(element.get(_R_EMBED) or element.get(_R_ID) or "")
            if target is None or target not in names:
                continue
            shown = _shown_area_points(element)
            if shown is not None and text_area and shown < MIN_PICTURE_SHARE * text_area:
                continue
            picture = _open_picture(target, archive.read(target))
            if picture is not None:
                pictures.append(picture)
        return pictures


def _relationship_targets(archive: zipfile.ZipFile, names: set[str]) -> dict[str, str]:
    rels = "word/_rels/document.xml.rels"
    if rels not in names:
        return {}
    targets = {}
    for relation in etree.fromstring(archive.read(rels), _PARSER).iter(f"{{{_NS['rel']}}}Relationship"):
        if relation.get("TargetMode") == "External":
            continue
        target = relation.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("word", target))
        targets[relation.get("Id", "")] = path
    return targets


def _text_area_points(root: etree._Element) -> float | None:
    """Area inside the margins of the body's last section, in square points (twips / 20)."""
    section = root.find(".//w:body/w:sectPr", _NS)
    if section is None:
        return None
    size, margins = section.find("w:pgSz", _NS), section.find("w:pgMar", _NS)
    if size is None:
        return None

    def twips(element: etree._Element | None, name: str) -> float:
        value = element.get(f"{{{_NS['w']}}}{name}") if element is not None else None
        try:
            return float(value) if value else 0.0
        except ValueError:
            return 0.0

    width = twips(size, "w") - twips(margins, "left") - twips(margins, "right")
    height = twips(size, "h") - twips(margins, "top") - twips(margins, "bottom")
    return (width / 20) * (height / 20) if width > 0 and height > 0 else None


def _shown_area_points(element: etree._Element) -> float | None:
    """The size Word draws a picture at: `wp:extent` of its drawing (EMU), else unknown."""
    parent = element.getparent()
    while parent is not None:
        extent = parent.find("wp:extent", _NS)
        if extent is not None:
            try:
                return (int(extent.get("cx", "0")) / _EMU_PER_POINT) * (int(extent.get("cy", "0")) / _EMU_PER_POINT)
            except ValueError:
                return None
        parent = parent.getparent()
    return None


def _open_picture(name: str, data: bytes) -> Picture | None:
    """A raster picture PIL can read and large enough to be a page; vector pictures (EMF, WMF) are
    left to the converted page."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if image.format in ("WMF", "EMF"):
                return None
    except Exception:
        return None
    if max(width, height) < MIN_PICTURE_PIXELS or width * height > MAX_PICTURE_PIXELS:
        return None
    return Picture(name, data, width, height)


@dataclass(frozen=True)
class _PageView:
    words: int
    picture_boxes: list[tuple[float, float, float, float]]  # large image objects (left, bottom, right, top)
    width: float
    height: float


def _page_views(pdf_path: str, pages: list[Page]) -> list[_PageView]:
    views = []
    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(pdf_path)
        try:
            for index, page in enumerate(pages):
                pdf_page = document[index]
                try:
                    width, height = pdf_page.get_size()
                    boxes = []
                    for image in pdf_page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
                        left, bottom, right, top = image.get_pos()
                        if (right - left) * (top - bottom) >= MIN_PICTURE_SHARE * width * height:
                            boxes.append((left, bottom, right, top))
                finally:
                    pdf_page.close()
                views.append(_PageView(judge_text(page.text).words, boxes, width, height))
        finally:
            document.close()
    return views


def plan_picture_pages(pdf_path: str, pages: list[Page], docx: bytes | None, dpi: int) -> list[PicturePage]:
    """Which converted pages are pictures, and which embedded picture each one shows.

    Pages with few words and a large exported picture are picture pages; so is an empty page when,
    with it, the count matches the embedded pictures (LibreOffice may export a picture blank). Each
    picture page gets its embedded original when the counts agree, else its page is rendered as is.
    """
    views = _page_views(pdf_path, pages)
    pictures = page_pictures(docx) if docx else []
    thin = [i for i, view in enumerate(views) if view.words < MAX_TYPED_WORDS_ON_PICTURE_PAGE]
    shown = [i for i in thin if len(views[i].picture_boxes) == 1]
    shown_or_empty = [i for i in thin if len(views[i].picture_boxes) == 1 or (views[i].words == 0 and pictures)]
    for candidates in (shown, shown_or_empty):
        if candidates and len(candidates) == len(pictures):
            return [
                PicturePage(index, picture, _render_dpi(picture, views[index], dpi))
                for index, picture in zip(candidates, pictures, strict=True)
            ]
    return [PicturePage(i, None, dpi) for i in thin if views[i].picture_boxes]


def _picture_box(view: _PageView, picture: Picture) -> tuple[float, float, float, float]:
    """Where the picture goes: where LibreOffice put it, else fitted inside 2 cm margins, at the top."""
    if view.picture_boxes:
        return view.picture_boxes[0]
    margin = 72 * 2 / 2.54
    scale = min((view.width - 2 * margin) / picture.width_px, (view.height - 2 * margin) / picture.height_px)
    width, height = picture.width_px * scale, picture.height_px * scale
    left = (view.width - width) / 2
    top = view.height - margin
    return left, top - height, left + width, top


def _render_dpi(picture: Picture, view: _PageView, dpi: int) -> int:
    """At least the usual dpi; more when the picture holds more pixels per inch where it is drawn."""
    left, _bottom, right, _top = _picture_box(view, picture)
    native = picture.width_px / max((right - left) / 72, 1e-6)
    return int(min(max(dpi, round(native)), MAX_RENDER_DPI))


def write_reading_pdf(converted_pdf: str, plan: list[PicturePage], out: Path) -> list[PicturePage]:
    """Write to `out` the converted PDF with each planned picture page's exported image replaced by
    the original; return the plan as done (a picture that does not decode leaves its page as exported).

    LibreOffice gives every page one shared resource dictionary, and PDFium prunes from a page's
    dictionary what that page no longer draws when it rewrites the page: edited in place, one page's
    edit drops the pictures of the others (they rendered blank). So each picture page is edited in a
    document of its own and put in place of the page as converted; no shared page is rewritten."""
    done = []
    with PDFIUM_LOCK:
        source = pdfium.PdfDocument(converted_pdf)
        reading = pdfium.PdfDocument.new()
        try:
            reading.import_pages(source)
            for item in plan:
                if item.picture is not None and not _put_picture_page(reading, source, item.index, item.picture):
                    item = PicturePage(item.index, None, item.dpi)
                done.append(item)
            reading.save(str(out))
        finally:
            reading.close()
            source.close()
    return done


def _put_picture_page(reading: pdfium.PdfDocument, source: pdfium.PdfDocument, index: int, picture: Picture) -> bool:
    """Page `index` of `source` with its exported picture replaced by the original, in place of page
    `index` of `reading`; False when the original does not decode."""
    try:
        with Image.open(io.BytesIO(picture.data)) as opened:
            opened.load()
            # a plain JPEG goes in as it is (smaller, no re-encoding); anything else as pixels
            pixels = None if opened.format == "JPEG" and opened.mode in ("L", "RGB") else _flattened(opened)
    except Exception:  # a truncated or odd picture
        return False
    single = pdfium.PdfDocument.new()
    try:
        single.import_pages(source, [index])
        bitmap = _replace_picture(single, picture, pixels)
        reading.del_page(index)
        reading.import_pages(single, [0], index=index)
        del bitmap  # its pixels are PDFium's until the page has been copied
    finally:
        single.close()
    return True


def _replace_picture(
    document: pdfium.PdfDocument, picture: Picture, pixels: Image.Image | None
) -> pdfium.PdfBitmap | None:
    """Draw the original over page 1 of `document` where the exported picture is; return the bitmap
    that holds its pixels (None for a JPEG placed as is)."""
    page = document[0]
    bitmap = None
    try:
        width, height = page.get_size()
        view = _PageView(0, [], width, height)
        # placed where the exported picture is, even inside a form object; removed where it can be
        # (an opaque original drawn over the rest hides it anyway)
        for depth in (2, 1):
            for image in list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=depth)):
                left, bottom, right, top = image.get_pos()
                if (right - left) * (top - bottom) < MIN_PICTURE_SHARE * width * height:
                    continue
                if depth == 2:
                    view.picture_boxes.append((left, bottom, right, top))
                else:
                    page.remove_obj(image)
                    image.close()
        left, bottom, right, top = _picture_box(view, picture)
        replacement = pdfium.PdfImage.new(document)
        if pixels is None:
            replacement.load_jpeg(io.BytesIO(picture.data), inline=True)
        else:
            bitmap = pdfium.PdfBitmap.from_pil(pixels)
            replacement.set_bitmap(bitmap)
        replacement.set_matrix(pdfium.PdfMatrix(a=right - left, d=top - bottom, e=left, f=bottom))
        page.insert_obj(replacement)
        page.gen_content()
    finally:
        page.close()
    return bitmap


def _flattened(image: Image.Image) -> Image.Image:
    """Grey or RGB pixels on white (a transparent PNG's clear parts are paper, not black)."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGB", rgba.size, "white")
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white
    return image.convert("L") if image.mode in ("1", "L", "I", "I;16", "F") else image.convert("RGB")
