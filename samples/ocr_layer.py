"""Searchable scans: scanned PDFs given the invisible text layer another program's OCR leaves.

Scanners' "searchable PDF" mode and OCRmyPDF publish a scan with an OCR reading drawn invisible over
each page image. This takes a folder of scanned PDFs with its truth (a `samples.scan_view` rendering,
generated scans) and writes each file again with Tesseract's own layer (`tesseract … pdf`, language
`vie`) over its pages, with its truth rows (variant `ocr-layer`), so `kiemchung eval DEST` scores
what the extractor makes of such a layer.

    python -m samples.scan_view tests/fixtures/realdocs/more /tmp/scan-view --split tuning --seed 9
    python -m samples.ocr_layer /tmp/scan-view /tmp/searchable
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from samples.truth_rows import read_rows, write_rows

PREFIX = "layer-"
VARIANT = "ocr-layer"
FALLBACK_DPI = 300


def _page_image_path(page: pdfium.PdfPage, folder: Path, index: int) -> tuple[Path, int]:
    """The page's scan as a PNG at its own resolution (rendered at 300 dpi if it holds no image)."""
    width_points = page.get_size()[0]
    images = list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2))
    if images:
        image = images[0].get_bitmap(render=False).to_pil()
        dpi = max(72, round(image.width / (width_points / 72)))
    else:
        dpi = FALLBACK_DPI
        image = page.render(scale=dpi / 72).to_pil()
    path = folder / f"page-{index}.png"
    image.save(path, dpi=(dpi, dpi))
    return path, dpi


def searchable_copy(source: Path, destination: Path, language: str = "vie") -> None:
    """Write `source` again, each page its scan with Tesseract's invisible text layer over it."""
    document = pdfium.PdfDocument(str(source))
    merged = pdfium.PdfDocument.new()
    try:
        with tempfile.TemporaryDirectory(prefix="kiemchung-ocr-layer-") as scratch:
            folder = Path(scratch)
            for index in range(len(document)):
                image_path, dpi = _page_image_path(document[index], folder, index)
                out_base = folder / f"page-{index}"
                subprocess.run(
                    ["tesseract", str(image_path), str(out_base), "-l", language, "--dpi", str(dpi), "pdf"],
                    check=True,
                    capture_output=True,
                )
                part = pdfium.PdfDocument(str(out_base.with_suffix(".pdf")))
                merged.import_pages(part)
                part.close()
            merged.save(str(destination))
    finally:
        merged.close()
        document.close()


def write_view(source: Path, destination: Path, language: str = "vie") -> list[dict[str, Any]]:
    """Searchable copies of the PDFs `source/truth.jsonl` names, with their truth rows."""
    destination.mkdir(parents=True, exist_ok=True)
    rows = read_rows(source)
    written = []
    for row in rows:
        if not str(row["file"]).lower().endswith(".pdf") or not (source / row["file"]).is_file():
            continue
        name = PREFIX + row["file"]
        searchable_copy(source / row["file"], destination / name, language)
        written.append({**row, "file": name, "variant": VARIANT, "layer_of": row["file"]})
    write_rows(destination, written)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m samples.ocr_layer", description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="a folder of scanned PDFs with truth.jsonl")
    parser.add_argument("destination", type=Path)
    parser.add_argument("--language", default="vie", help="Tesseract language of the layer (default vie)")
    args = parser.parse_args(argv)
    written = write_view(args.source, args.destination, args.language)
    print(f"{len(written)} searchable scans in {args.destination}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
