"""Word pages that are pictures: a scanned page pasted into a Word file, found and made ready for OCR.

Province e-office systems often publish a .doc whose every page is one scanned image (maybe with a
typed line). Its converted text layer is (almost) empty, yet the page is a document to read. Here:
- the large raster pictures of the .docx are listed in document order, at their native resolution
  (`word/media/*`, referenced by DrawingML `a:blip` or VML `v:imagedata`; a bitmap wrapped in a
  WMF or EMF metafile, as old Word files keep pasted pictures, is taken out of it), each as Word
  shows it: turned as its EXIF orientation and the drawing's quarter turns say, and with what Word's
  crop hides left out; a picture in a text box, frame or group is listed once (LibreOffice writes it
  twice: as DrawingML and again in the VML fallback); a picture drawn in a frame of its quarter-turned
  shape is turned to fit it (a Word 97 file keeps the turned frame, not the turn);
- a converted page with few words whose PDF shows pictures covering much of it (one, or a page cut
  in strips), or which is empty, is a picture page; pictures and picture pages are paired in order
  when their counts agree, else each picture drawn on a picture page is paired with the next
  embedded picture of its shape (so a picture on a typed page does not shift the others);
- a "reading" PDF is written whose pages are the converted pages, except that on a picture page the
  pictures LibreOffice exported (re-encoded as JPEG) are replaced by the embedded originals at the
  same places, and the page is cut to what it shows: its pictures (the originals and any other, a
  letterhead's scan in the page header) and its typed lines, a few points around them. OCR renders
  that page at the pictures' own resolution (at least the usual 300 dpi), so typed text on the page
  and the scan are read together; the second looks read the same page.
  The cut matters: a phone photo pasted smaller than the page (the table around the sheet, dark,
  inside the white page) was taken by Tesseract's layout analysis for one image and not read at
  all; cut to the picture, it is read as the same photo published as a PDF.
A picture page left without an original is rendered and OCRed as converted (its picture as exported).
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from lxml import etree
from PIL import Image, ImageOps

from core.models import Page
from extractors.image_files import on_white
from extractors.office_docx import MAX_UNPACKED_BYTES
from extractors.office_metafiles import is_metafile, metafile_bitmap
from extractors.pdfium_lock import PDFIUM_LOCK
from extractors.text_quality import judge_text

# A page with fewer words than this may be a picture page (a scan with a typed line or caption).
MAX_TYPED_WORDS_ON_PICTURE_PAGE = 40
# Pictures covering this share of the page are a page (one picture, or its strips together).
MIN_PICTURE_SHARE = 0.3
# A picture covering this share of the page (of its text area, in the .docx) may be a piece of one.
MIN_PIECE_SHARE = 0.08
# A drawn picture and an embedded one are the same when their shapes (height / width) agree this well.
SHAPE_TOLERANCE = 0.03
# A picture smaller than this on its longer side is a logo or a seal, not a scanned page.
MIN_PICTURE_PIXELS = 800
MAX_PICTURE_PIXELS = 80_000_000  # a decompression bomb is not read
MAX_RENDER_DPI = 600
# Points of white kept around a picture page's pictures and typed lines when the page is cut to them.
READING_MARGIN_POINTS = 12.0

_NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "v": "urn:schemas-microsoft-com:vml",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
}
_R_EMBED = f"{{{_NS['r']}}}embed"
_R_ID = f"{{{_NS['r']}}}id"
_EMU_PER_POINT = 12700
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


# Word's crop: shares of the picture hidden at its left, top, right and bottom edge
Crop = tuple[float, float, float, float]
_NO_CROP: Crop = (0.0, 0.0, 0.0, 0.0)
# A drawing turned within this many degrees of a quarter turn is turned by that quarter turn.
_QUARTER_TURN_TOLERANCE = 2.0
_EXIF_ORIENTATION = 0x0112


@dataclass(frozen=True)
class Picture:
    """An embedded picture as Word shows it: `width_px`×`height_px` after its EXIF orientation and
    `turns` quarter turns clockwise, before `crop` (in that upright frame) hides its edges."""

    name: str  # the part inside the .docx (word/media/image1.png)
    data: bytes = field(repr=False)
    width_px: int
    height_px: int
    turns: int = 0
    crop: Crop = _NO_CROP
    oriented: bool = False  # the stored pixels carry an EXIF orientation to apply
    fitted: bool = False  # turned a quarter more to fit the frame it is drawn in (`_turned_to_fit`)

    @property
    def visible_px(self) -> tuple[int, int]:
        """Width and height of what the crop leaves."""
        left, top, right, bottom = self.crop
        return (
            max(1, round(self.width_px * (1 - left - right))),
            max(1, round(self.height_px * (1 - top - bottom))),
        )

    @property
    def transformed(self) -> bool:
        return self.turns != 0 or self.crop != _NO_CROP or self.oriented

    def describe(self) -> str:
        width, height = self.visible_px
        fitted = ", turned a quarter to fit the frame it is drawn in" if self.fitted else ""
        return f"embedded image {posixpath.basename(self.name)} {width}×{height} px{fitted}"


Box = tuple[float, float, float, float]  # left, bottom, right, top in PDF points


@dataclass(frozen=True)
class PicturePage:
    index: int  # 0-based page of the converted PDF
    picture: Picture | None  # the (first) embedded original, or None: the page is rendered as converted
    dpi: int  # resolution at which the reading page is rendered for OCR
    more: tuple[Picture, ...] = ()  # further originals on the page (its strips, top to bottom)
    boxes: tuple[Box, ...] = ()  # where `picture` and then `more` are drawn; () = fitted to the page

    @property
    def pictures(self) -> tuple[Picture, ...]:
        return () if self.picture is None else (self.picture, *self.more)


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
            if target is None or target not in names or _in_fallback(element):
                continue
            shown = _shown_area_points(element)
            if shown is not None and text_area and shown < MIN_PIECE_SHARE * text_area:
                continue
            picture = _open_picture(target, archive.read(target), *_drawn_as(element))
            if picture is not None:
                pictures.append(picture)
        return pictures


def _in_fallback(element: etree._Element) -> bool:
    """Inside the VML fallback of a markup-compatibility block whose chosen part draws pictures too
    (the same picture, written twice by LibreOffice for a text box, frame or group)."""
    for ancestor in element.iterancestors(f"{{{_NS['mc']}}}Fallback"):
        block = ancestor.getparent()
        if block is None:
            continue
        for choice in block.iterfind("mc:Choice", _NS):
            if next(choice.iter(f"{{{_NS['a']}}}blip", f"{{{_NS['v']}}}imagedata"), None) is not None:
                return True
    return False


def _drawn_as(element: etree._Element) -> tuple[int, Crop]:
    """Quarter turns clockwise and crop (in the picture's own frame) of a DrawingML blip or a VML
    imagedata, as Word draws it."""
    if element.tag == f"{{{_NS['a']}}}blip":
        fill = element.getparent()
        rectangle = fill.find("a:srcRect", _NS) if fill is not None else None
        crop = _NO_CROP
        if rectangle is not None:
            crop = _crop_of(*(_share(rectangle.get(side), 100_000) for side in ("l", "t", "r", "b")))
        return _quarter_turns(_xfrm_degrees(fill)), crop
    crop = _crop_of(*(_vml_share(element.get(f"crop{side}")) for side in ("left", "top", "right", "bottom")))
    shape = element.getparent()
    style = shape.get("style", "") if shape is not None else ""
    degrees = 0.0
    for declaration in style.split(";"):
        key, _, value = declaration.partition(":")
        if key.strip() == "rotation":
            degrees = _vml_degrees(value.strip())
    return _quarter_turns(degrees), crop


def _xfrm_degrees(fill: etree._Element | None) -> float:
    """Rotation of the shape whose fill is `fill`: `a:xfrm` of the picture's or shape's properties."""
    if fill is None or fill.getparent() is None:
        return 0.0
    holder = fill.getparent()
    candidates = [holder, *(child for child in holder if isinstance(child.tag, str) and child.tag.endswith("}spPr"))]
    for candidate in candidates:
        transform = candidate.find("a:xfrm", _NS)
        if transform is not None:
            return _share(transform.get("rot"), 1) / 60_000
    return 0.0


def _share(value: str | None, whole: float) -> float:
    try:
        return float(value) / whole if value else 0.0
    except ValueError:
        return 0.0


def _vml_share(value: str | None) -> float:
    """A VML crop: a fraction ('0.1') or 65536ths ('6554f')."""
    if not value:
        return 0.0
    return _share(value[:-1], 65_536) if value.endswith("f") else _share(value, 1)


def _vml_degrees(value: str) -> float:
    """A VML rotation: degrees, or 65536ths of a degree ('5898240fd')."""
    return _share(value[:-2], 65_536) if value.endswith("fd") else _share(value, 1)


def _crop_of(left: float, top: float, right: float, bottom: float) -> Crop:
    """Crop shares, a negative one (LibreOffice writes -0.002 % for none) counted as none; a crop
    leaving almost nothing is ignored."""
    crop = tuple(min(max(share, 0.0), 1.0) for share in (left, top, right, bottom))
    if crop[0] + crop[2] > 0.95 or crop[1] + crop[3] > 0.95:
        return _NO_CROP
    return (crop[0], crop[1], crop[2], crop[3])


def _quarter_turns(degrees: float) -> int:
    turns = round(degrees / 90)
    return turns % 4 if abs(degrees - 90 * turns) <= _QUARTER_TURN_TOLERANCE else 0


def _turned_crop(crop: Crop, turns: int) -> Crop:
    """A crop in the stored picture's frame, expressed in the frame turned `turns` times clockwise."""
    for _ in range(turns % 4):
        left, top, right, bottom = crop
        crop = (bottom, left, top, right)
    return crop


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


def _open_picture(name: str, data: bytes, turns: int = 0, crop: Crop = _NO_CROP) -> Picture | None:
    """A raster picture PIL can read and large enough to be a page. A metafile (WMF, EMF) is one
    when it only wraps a bitmap (`office_metafiles`); a drawing is left to the converted page.
    `turns` and `crop` are how the drawing shows it (crop in the stored picture's frame)."""
    if is_metafile(data):
        bitmap = metafile_bitmap(data)
        if bitmap is None:
            return None
        data = bitmap
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if image.format in ("WMF", "EMF"):
                return None
            orientation = image.getexif().get(_EXIF_ORIENTATION, 1) if image.format in ("JPEG", "TIFF") else 1
    except Exception:
        return None
    if max(width, height) < MIN_PICTURE_PIXELS or width * height > MAX_PICTURE_PIXELS:
        return None
    oriented = orientation in range(2, 9)
    if orientation in (5, 6, 7, 8):  # the camera or scanner held it sideways: shown turned
        width, height = height, width
    if turns % 2:
        width, height = height, width
    return Picture(name, data, width, height, turns, _turned_crop(crop, turns), oriented)


@dataclass(frozen=True)
class _PageView:
    words: int
    picture_boxes: list[Box]  # image objects large enough to be a page or a piece of one, top to bottom
    width: float
    height: float

    @property
    def pictured(self) -> bool:
        """The page's pictures cover enough of it to be a scanned page."""
        area = sum((right - left) * (top - bottom) for left, bottom, right, top in self.picture_boxes)
        return area >= MIN_PICTURE_SHARE * self.width * self.height


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
                        if (right - left) * (top - bottom) >= MIN_PIECE_SHARE * width * height:
                            boxes.append((left, bottom, right, top))
                finally:
                    pdf_page.close()
                boxes.sort(key=lambda box: (-box[3], box[0]))
                views.append(_PageView(judge_text(page.text).words, boxes, width, height))
        finally:
            document.close()
    return views


def plan_picture_pages(pdf_path: str, pages: list[Page], docx: bytes | None, dpi: int) -> list[PicturePage]:
    """Which converted pages are pictures, and which embedded pictures each one shows.

    Pages with few words whose exported pictures cover much of them are picture pages; so is an
    empty page when, with it, the count matches the embedded pictures (LibreOffice may export a
    picture blank). One picture per page: paired in order when the counts agree. Otherwise each
    drawn picture takes the next embedded picture of its shape; a picture page none fits is
    rendered as converted.
    """
    views = _page_views(pdf_path, pages)
    pictures = page_pictures(docx) if docx else []
    thin = [i for i, view in enumerate(views) if view.words < MAX_TYPED_WORDS_ON_PICTURE_PAGE]
    shown = [i for i in thin if views[i].pictured and len(views[i].picture_boxes) == 1]
    shown_or_empty = [i for i in thin if i in shown or (views[i].words == 0 and not views[i].picture_boxes)]
    for candidates in (shown, shown_or_empty):
        if candidates and len(candidates) == len(pictures):
            return [
                _picture_page(index, views[index], [picture], dpi)
                for index, picture in zip(candidates, pictures, strict=True)
            ]
    return _pair_by_shape([i for i in thin if views[i].pictured], views, pictures, dpi)


def _pair_by_shape(indexes: list[int], views: list[_PageView], pictures: list[Picture], dpi: int) -> list[PicturePage]:
    """Each drawn picture of the picture pages, in page order, paired with the next embedded picture
    of the same shape; pictures of other shapes (on typed pages, or not drawn) are passed over."""
    plan = []
    next_picture = 0
    for index in indexes:
        view = views[index]
        paired: list[tuple[Picture, Box]] = []
        for box in view.picture_boxes:
            for position in range(next_picture, len(pictures)):
                if _same_shape(box, _turned_to_fit(pictures[position], box)):
                    paired.append((pictures[position], box))
                    next_picture = position + 1
                    break
        if paired:
            plan.append(_picture_page(index, view, [p for p, _ in paired], dpi, [b for _, b in paired]))
        else:
            plan.append(PicturePage(index, None, dpi))
    return plan


def _turned_to_fit(picture: Picture, box: Box) -> Picture:
    """The picture a quarter turn clockwise when the box it is drawn in has its turned shape, not
    its own: Word turns it, the conversion kept the turned frame but not the turn, so LibreOffice
    stretched the upright pixels across it (a page's letters twice as wide, unreadable). Which way
    Word turned it is not known here; OCR's orientation check reads the page upright either way."""
    if picture.crop != _NO_CROP or _same_shape(box, picture):
        return picture
    turns = (picture.turns + 1) % 4
    turned = replace(picture, width_px=picture.height_px, height_px=picture.width_px, turns=turns, fitted=True)
    return turned if _same_shape(box, turned) else picture


def _same_shape(box: Box, picture: Picture) -> bool:
    """The box has the picture's shape, whole (its crop clipped in the PDF) or as cropped."""
    shapes = {(picture.width_px, picture.height_px), picture.visible_px}
    return any(_shape_error(box, width, height) <= SHAPE_TOLERANCE for width, height in shapes)


def _shape_error(box: Box, width: int, height: int) -> float:
    """How far the box's height / width is from the picture's, as a share of the picture's."""
    left, bottom, right, top = box
    if right <= left or top <= bottom:
        return float("inf")
    own = height / width
    return abs((top - bottom) / (right - left) - own) / own


def _visible_box(picture: Picture, box: Box) -> Box:
    """Where the part of the picture that Word shows goes: the box itself when it has that part's
    shape, else the box holds the whole picture (LibreOffice clips the crop) and the part is its share."""
    if picture.crop == _NO_CROP:
        return box
    whole = _shape_error(box, picture.width_px, picture.height_px)
    if _shape_error(box, *picture.visible_px) <= whole:
        return box
    left, bottom, right, top = box
    width, height = right - left, top - bottom
    crop_left, crop_top, crop_right, crop_bottom = picture.crop
    return left + crop_left * width, bottom + crop_bottom * height, right - crop_right * width, top - crop_top * height


def _picture_page(
    index: int, view: _PageView, pictures: list[Picture], dpi: int, boxes: list[Box] | None = None
) -> PicturePage:
    placed = tuple(boxes) if boxes is not None else tuple(view.picture_boxes[:1])
    if len(placed) != len(pictures):
        placed = ()
    if placed:
        pictures = [_turned_to_fit(picture, box) for picture, box in zip(pictures, placed, strict=True)]
    wanted = max(_render_dpi(picture, _picture_box(view, picture, placed, n)) for n, picture in enumerate(pictures))
    return PicturePage(index, pictures[0], max(dpi, min(wanted, MAX_RENDER_DPI)), tuple(pictures[1:]), placed)


def _picture_box(view: _PageView, picture: Picture, boxes: tuple[Box, ...] = (), position: int = 0) -> Box:
    """Where the picture goes: where LibreOffice put it, else fitted inside 2 cm margins, at the top."""
    if boxes:
        return boxes[position]
    margin = 72 * 2 / 2.54
    pixels_wide, pixels_high = picture.visible_px
    scale = min((view.width - 2 * margin) / pixels_wide, (view.height - 2 * margin) / pixels_high)
    width, height = pixels_wide * scale, pixels_high * scale
    left = (view.width - width) / 2
    top = view.height - margin
    return left, top - height, left + width, top


def _render_dpi(picture: Picture, box: Box) -> int:
    """The pixels per inch the picture holds where it is drawn."""
    left, _bottom, right, _top = _visible_box(picture, box)
    return round(picture.visible_px[0] / max((right - left) / 72, 1e-6))


def write_reading_pdf(converted_pdf: str, plan: list[PicturePage], out: Path) -> list[PicturePage]:
    """Write to `out` the converted PDF with each planned picture page's exported images replaced by
    the originals; return the plan as done (a picture that does not decode leaves its page as exported).

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
                if item.picture is not None and not _put_picture_page(reading, source, item):
                    item = PicturePage(item.index, None, item.dpi)
                done.append(item)
            reading.save(str(out))
        finally:
            reading.close()
            source.close()
    return done


def _put_picture_page(reading: pdfium.PdfDocument, source: pdfium.PdfDocument, item: PicturePage) -> bool:
    """Page `item.index` of `source` with its exported pictures replaced by the originals, in place
    of that page of `reading`; False when an original does not decode."""
    contents: list[Image.Image | None] = []
    for picture in item.pictures:
        try:
            with Image.open(io.BytesIO(picture.data)) as opened:
                opened.load()
                # a plain JPEG goes in as it is (smaller, no re-encoding); anything else as pixels
                plain_jpeg = opened.format == "JPEG" and opened.mode in ("L", "RGB") and not picture.transformed
                contents.append(None if plain_jpeg else on_white(_as_shown(opened, picture)))
        except Exception:  # a truncated or odd picture
            return False
    single = pdfium.PdfDocument.new()
    try:
        single.import_pages(source, [item.index])
        bitmaps = _replace_pictures(single, item, contents)
        reading.del_page(item.index)
        reading.import_pages(single, [0], index=item.index)
        del bitmaps  # their pixels are PDFium's until the page has been copied
    finally:
        single.close()
    return True


def _replace_pictures(
    document: pdfium.PdfDocument, item: PicturePage, contents: list[Image.Image | None]
) -> list[pdfium.PdfBitmap]:
    """Draw each original over page 1 of `document` where its exported picture is (the exported one
    removed where it can be: inside a form object it stays, hidden under the opaque original);
    return the bitmaps that hold the pixels (a plain JPEG is placed as it is)."""
    page = document[0]
    bitmaps = []
    try:
        width, height = page.get_size()
        view = _PageView(0, [], width, height)
        boxes = item.boxes or ()
        if not boxes:  # one picture, placed where the largest exported picture is, else fitted
            for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
                left, bottom, right, top = image.get_pos()
                if (right - left) * (top - bottom) >= MIN_PICTURE_SHARE * width * height:
                    view.picture_boxes.append((left, bottom, right, top))
            boxes = tuple(view.picture_boxes[:1]) if len(item.pictures) == 1 else ()
        for image in list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=1)):
            if any(_same_box(image.get_pos(), box) for box in boxes) or (not boxes and _large(image, width, height)):
                page.remove_obj(image)
                image.close()
        shown: list[Box] = []
        for position, (picture, pixels) in enumerate(zip(item.pictures, contents, strict=True)):
            left, bottom, right, top = _visible_box(picture, _picture_box(view, picture, boxes, position))
            shown.append((left, bottom, right, top))
            replacement = pdfium.PdfImage.new(document)
            if pixels is None:
                replacement.load_jpeg(io.BytesIO(picture.data), inline=True)
            else:
                bitmap = pdfium.PdfBitmap.from_pil(pixels)
                bitmaps.append(bitmap)
                replacement.set_bitmap(bitmap)
            replacement.set_matrix(pdfium.PdfMatrix(a=right - left, d=top - bottom, e=left, f=bottom))
            page.insert_obj(replacement)
        page.gen_content()
        _cut_to(page, [*shown, *_other_picture_boxes(page), *_typed_line_boxes(page)], width, height)
    finally:
        page.close()
    return bitmaps


def _other_picture_boxes(page: pdfium.PdfPage) -> list[Box]:
    """Where the page's other pictures are, as exported (a letterhead's scan in the page header, a
    logo): they are read with the page."""
    return [image.get_pos() for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2)]


def _typed_line_boxes(page: pdfium.PdfPage) -> list[Box]:
    """Where the page's typed text is (a caption, a typed line above the scan), line by line."""
    textpage = page.get_textpage()
    try:
        return [textpage.get_rect(index) for index in range(textpage.count_rects())]
    finally:
        textpage.close()


def _cut_to(page: pdfium.PdfPage, boxes: list[Box], width: float, height: float) -> None:
    """Cut the page (its media and crop box) to the boxes, `READING_MARGIN_POINTS` around them: a
    scan pasted smaller than the Word page is read as the scan, not as a picture inside a white page."""
    if not boxes:
        return
    margin = READING_MARGIN_POINTS
    left = max(0.0, min(box[0] for box in boxes) - margin)
    bottom = max(0.0, min(box[1] for box in boxes) - margin)
    right = min(width, max(box[2] for box in boxes) + margin)
    top = min(height, max(box[3] for box in boxes) + margin)
    if right - left < 1 or top - bottom < 1:
        return
    page.set_mediabox(left, bottom, right, top)
    page.set_cropbox(left, bottom, right, top)


def _same_box(position: tuple[float, float, float, float], box: Box) -> bool:
    return all(abs(a - b) < 0.5 for a, b in zip(position, box, strict=True))


def _large(image: pdfium.PdfObject, width: float, height: float) -> bool:
    left, bottom, right, top = image.get_pos()
    return (right - left) * (top - bottom) >= MIN_PICTURE_SHARE * width * height


_TURNED = {1: Image.Transpose.ROTATE_270, 2: Image.Transpose.ROTATE_180, 3: Image.Transpose.ROTATE_90}


def _as_shown(image: Image.Image, picture: Picture) -> Image.Image:
    """The stored pixels as Word shows them: EXIF orientation, quarter turns clockwise, then crop."""
    if picture.oriented:
        image = ImageOps.exif_transpose(image)
    if picture.turns:
        image = image.transpose(_TURNED[picture.turns])
    if picture.crop != _NO_CROP:
        left, top, right, bottom = picture.crop
        width, height = image.size
        box = (round(left * width), round(top * height), round(width * (1 - right)), round(height * (1 - bottom)))
        image = image.crop(box)
    return image
