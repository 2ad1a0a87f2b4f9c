"""Extraction speed and memory, as ratios against a baseline measured in the same run.

    .venv/bin/python bench/bench_extract.py [--long PDF] [--ocr-pages N]

1. Born-digital: pipeline pages/s (text layer, layout, fields, tags) vs raw pypdfium2 text of the
   same file.
2. OCR: pipeline seconds/page vs the raw `tesseract` CLI on the same page images (one process,
   one thread), and the pipeline with every core vs with one worker.
3. Cache: a second run over unchanged files vs the first.
4. Long file: pages/s and peak memory (RSS of this process) on a 200+ page born-digital file.
Numbers are printed, not asserted: machines differ, ratios travel.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pypdfium2 as pdfium

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extractors.ocr import OcrSettings
from extractors.pipeline import ExtractionOptions, extract_file, extract_files
from kiemchung.extraction_cache import DirectoryRecordCache
from tests.pdf_builders import born_digital_pdf, render_pages, scanned_pdf

T = TypeVar("T")
REPO = Path(__file__).resolve().parents[1]
LONG_FILE = REPO / "tests/fixtures/realdocs/vpqh-vbhn-44-2026-luat-dat-dai.pdf"


def timed(function: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[T, float]:
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


def raw_pdfium_text(path: Path) -> int:
    document = pdfium.PdfDocument(str(path))
    characters = 0
    for page in document:
        text_page = page.get_textpage()
        characters += len(text_page.get_text_range(0, text_page.count_chars(), force_this=True))
        text_page.close()
        page.close()
    document.close()
    return characters


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_born_digital(folder: Path, path: Path) -> None:
    pages = len(pdfium.PdfDocument(str(path)))
    _, raw_seconds = timed(raw_pdfium_text, path)
    _, pipeline_seconds = timed(extract_file, path, ExtractionOptions())
    print(f"born-digital ({path.name}, {pages} pages)")
    print(f"  raw pypdfium2 text     {pages / raw_seconds:10.1f} pages/s")
    print(f"  kiemchung pipeline     {pages / pipeline_seconds:10.1f} pages/s")
    print(f"  ratio pipeline/raw     {raw_seconds / pipeline_seconds:10.3f} (1.0 = as fast as raw text)")


def bench_ocr(folder: Path, page_count: int) -> None:
    scan = folder / "scan.pdf"
    scan.write_bytes(scanned_pdf(born_digital_pdf(pages=page_count), dpi=300))
    images = []
    for index, image in enumerate(render_pages(scan.read_bytes(), dpi=300)):
        image_path = folder / f"page-{index}.png"
        image.convert("L").save(image_path)
        images.append(image_path)
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    start = time.perf_counter()
    for image_path in images:
        subprocess.run(
            ["tesseract", str(image_path), "-", "-l", "vie", "--psm", "3"], check=True, capture_output=True, env=env
        )
    raw_seconds = (time.perf_counter() - start) / page_count
    one = ExtractionOptions(workers=1, ocr=OcrSettings(dpi=300), tag=False)
    every = ExtractionOptions(ocr=OcrSettings(dpi=300), tag=False)
    _, one_seconds = timed(extract_file, scan, one)
    _, every_seconds = timed(extract_file, scan, every)
    print(f"OCR ({page_count} scanned pages at 300 dpi, {os.cpu_count()} cores)")
    print(f"  raw tesseract CLI      {raw_seconds:10.2f} s/page (sequential, 1 thread)")
    print(f"  pipeline, 1 worker     {one_seconds / page_count:10.2f} s/page (render+deskew+OCR+fields)")
    print(f"  pipeline, every core   {every_seconds / page_count:10.2f} s/page")
    print(f"  ratio pipeline/raw     {raw_seconds / (every_seconds / page_count):10.2f} (>1 = faster than raw CLI)")
    print(f"  speed-up every core/1  {one_seconds / every_seconds:10.2f}")


def bench_cache(folder: Path) -> None:
    files = []
    for index in range(8):
        path = folder / f"doc-{index}.pdf"
        path.write_bytes(born_digital_pdf(pages=3 + index % 3))
        files.append(path)
    cache = DirectoryRecordCache(folder / "cache")
    _, first = timed(extract_files, files, ExtractionOptions(), cache)
    _, second = timed(extract_files, files, ExtractionOptions(), cache)
    print(f"cache ({len(files)} unchanged files)")
    print(f"  first run {first:.2f} s, second run {second:.3f} s, ratio {first / second:.0f}x")


def bench_long(path: Path) -> None:
    pages = len(pdfium.PdfDocument(str(path)))
    before = peak_rss_mb()
    record, seconds = timed(extract_file, path, ExtractionOptions())
    print(f"long file ({path.name}, {pages} pages)")
    print(f"  {pages / seconds:.1f} pages/s, {seconds:.1f} s, error={record.error}")
    print(f"  peak RSS {peak_rss_mb():.0f} MB (before: {before:.0f} MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--long", type=Path, default=LONG_FILE)
    parser.add_argument("--ocr-pages", type=int, default=4)
    parser.add_argument("--skip", nargs="*", default=[], choices=["digital", "ocr", "cache", "long"])
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        if "digital" not in arguments.skip:
            digital = folder / "digital.pdf"
            digital.write_bytes(born_digital_pdf(pages=20))
            bench_born_digital(folder, digital)
        if "ocr" not in arguments.skip:
            bench_ocr(folder, arguments.ocr_pages)
        if "cache" not in arguments.skip:
            bench_cache(folder)
        if "long" not in arguments.skip and arguments.long.exists():
            bench_long(arguments.long)


if __name__ == "__main__":
    main()
