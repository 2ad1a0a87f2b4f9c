"""Extraction speed and memory, as ratios against a baseline measured in the same run.

    .venv/bin/python bench/bench_extract.py [--long PDF] [--ocr-pages N] [--skip ...]

1. Born-digital: pipeline pages/s (text layer, layout, fields, signature, tags) vs raw pypdfium2
   text of the same files, on one core: the signed gazette reprints of the tuning split
   (tests/fixtures/realdocs/more, named in the output) and a generated unsigned 20-page file; each
   stage's share of the pipeline's time on the gazette files. Born-digital figures are CPU seconds
   of this process, so other jobs on a shared machine do not skew them.
2. OCR: pipeline CPU seconds/page with one worker (render, deskew, OCR, fields and the second looks,
   Tesseract processes included) vs the raw `tesseract` CLI, one thread, on the same page images
   (the pages rendered at 300 dpi, grey PNG; vie, psm 3), both in the same run; the CPU of each
   step of page OCR. `--scan-pages N`: peak memory over an N-page scan read with every core.
3. Cache: a second run over unchanged files vs the first.
4. Long file: pages/s and peak memory (RSS of this process) on a 200+ page born-digital file.
Numbers are printed, not asserted: machines differ, ratios travel.
"""

from __future__ import annotations

import argparse
import importlib
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pypdfium2 as pdfium

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image, ImageFilter
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from core.models import Page
from extractors import deskew, handwriting, ocr, pillow_kernels, subject_reread
from extractors.fields import parse_fields
from extractors.ocr import OcrSettings
from extractors.page_text import assemble_text
from extractors.pipeline import ExtractionOptions, OcrPool, extract_file, extract_files
from kiemchung.extraction_cache import DirectoryRecordCache
from tests.pdf_builders import born_digital_pdf

T = TypeVar("T")
REPO = Path(__file__).resolve().parents[1]
LONG_FILE = REPO / "tests/fixtures/realdocs/vpqh-vbhn-44-2026-luat-dat-dai.pdf"
GAZETTE_FOLDER = REPO / "tests/fixtures/realdocs/more"


def timed(function: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[T, float]:
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


def cpu_timed(function: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[T, float]:
    """CPU seconds of this process: other jobs on a shared machine do not stretch them (one core's work)."""
    start = time.process_time()
    result = function(*args, **kwargs)
    return result, time.process_time() - start


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


def bench_born_digital(path: Path) -> None:
    pages = len(pdfium.PdfDocument(str(path)))
    options = ExtractionOptions(workers=1)
    extract_file(path, options)  # warm-up: spaCy, underthesea and pdfium load once per process
    runs = 3  # 20 pages take a fraction of a second: three runs of each, raw and pipeline in turn
    raw_seconds = pipeline_seconds = 0.0
    for _ in range(runs):
        raw_seconds += cpu_timed(raw_pdfium_text, path)[1] / runs
        pipeline_seconds += cpu_timed(extract_file, path, options)[1] / runs
    print(f"born-digital, unsigned ({path.name}, {pages} pages, generated; CPU time, one core, after a warm-up)")
    print(f"  raw pypdfium2 text     {pages / raw_seconds:10.1f} pages/s")
    print(f"  kiemchung pipeline     {pages / pipeline_seconds:10.1f} pages/s")
    print(f"  ratio pipeline/raw     {raw_seconds / pipeline_seconds:10.3f} (1.0 = as fast as raw text)")


def gazette_files() -> list[Path]:
    """The signed official-gazette reprints of the tuning split (never the holdout's)."""
    split = json.loads((GAZETTE_FOLDER / "split.json").read_text(encoding="utf-8"))
    names = sorted(name for name, row in split.items() if name.startswith("congbao-") and row["split"] == "tuning")
    return [GAZETTE_FOLDER / name for name in names]


# Where the born-digital pipeline spends its time: each stage's function, as the pipeline calls it.
STAGES = (
    ("text layer", "extractors.pipeline", "read_pages"),
    ("fields", "extractors.stages", "parse_fields"),
    ("signature", "extractors.stages", "read_signatures"),
    ("tagging", "extractors.stages", "tag_record"),
)


def stage_timers() -> tuple[dict[str, float], Callable[[], None]]:
    """Wrap each stage's function with a CPU-time timer; returns the totals and an undo."""
    totals = dict.fromkeys((name for name, _, _ in STAGES), 0.0)
    originals: list[tuple[Any, str, Any]] = []
    for name, module_name, attribute in STAGES:
        module = importlib.import_module(module_name)
        original = getattr(module, attribute)

        def timed_stage(*args: Any, _name: str = name, _original: Any = original, **kwargs: Any) -> Any:
            start = time.process_time()
            try:
                return _original(*args, **kwargs)
            finally:
                totals[_name] += time.process_time() - start

        originals.append((module, attribute, original))
        setattr(module, attribute, timed_stage)

    def undo() -> None:
        for module, attribute, original in originals:
            setattr(module, attribute, original)

    return totals, undo


def bench_signed_gazette(files: list[Path]) -> None:
    pages = sum(len(pdfium.PdfDocument(str(path))) for path in files)
    options = ExtractionOptions(workers=1)
    extract_file(files[0], options)  # warm-up: spaCy, underthesea and pyHanko load once per process
    raw_seconds = 0.0
    records = []
    totals, undo = stage_timers()
    try:
        for path in files:  # raw and pipeline file by file, so that both meet the same load on a shared machine
            raw_seconds += cpu_timed(raw_pdfium_text, path)[1]
            records.append(cpu_timed(extract_file, path, options))
    finally:
        undo()
    pipeline_seconds = sum(seconds for _, seconds in records)
    statuses = sorted({record.signature.status for record, _ in records})
    print(
        f"born-digital, signed ({len(files)} gazette reprints of the tuning split, {pages} pages, one core, CPU time)"
    )
    print(f"  files: {', '.join(path.name for path in files)}")
    print(f"  signature statuses: {', '.join(statuses)}")
    print(f"  raw pypdfium2 text     {pages / raw_seconds:10.1f} pages/s")
    print(f"  kiemchung pipeline     {pages / pipeline_seconds:10.1f} pages/s")
    print(f"  ratio pipeline/raw     {raw_seconds / pipeline_seconds:10.3f} (1.0 = as fast as raw text)")
    other = pipeline_seconds - sum(totals.values())
    for name, seconds in [*totals.items(), ("other", other)]:
        print(f"  stage {name:<16} {seconds:8.2f} s {100 * seconds / pipeline_seconds:5.1f} %")


# Committed generated samples whose every page is a scan (scan, handwritten number, stale layer,
# arrival stamp, signature stamp): the second looks (handwritten digits, subject) run on them.
OCR_FILES = (
    "samples/002-bc-cchc-scan.pdf",
    "samples/004-cv-don-doc-handwritten.pdf",
    "samples/005-kh-thien-tai-stale-layer.pdf",
    "samples/006-kh-kiem-tra-arrival-stamp.pdf",
    "samples/007-qd-bcd-cchc-signature-stamp.pdf",
)


def cpu_with_children() -> float:
    """CPU seconds of this process and of its children that have ended (pool workers and the
    `tesseract` processes they or this process ran)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def raw_tesseract(images: list[Path], settings: OcrSettings) -> tuple[float, float]:
    """CPU and wall seconds of the `tesseract` command over the page images, one after the other."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    command = ["-l", settings.language, "--psm", str(settings.page_segmentation_mode)]
    cpu, wall = cpu_with_children(), time.perf_counter()
    for image_path in images:
        subprocess.run(["tesseract", str(image_path), "-", *command], check=True, capture_output=True, env=env)
    return cpu_with_children() - cpu, time.perf_counter() - wall


def pipeline_one_worker(
    files: list[Path], options: ExtractionOptions, warm_up: Path | None = None
) -> tuple[list[Any], float, float]:
    """CPU (this process, the one pool worker and every Tesseract) and wall seconds of the pipeline
    over the files with one OCR worker, as a run of many files uses it (one pool, models loaded once).
    With `warm_up`, that file is read first in the same pool and process and its CPU subtracted:
    the figure is then a long run's per-page cost (imports, lexicon and Tesseract models loaded)."""
    cpu, wall = cpu_with_children(), time.perf_counter()
    pool = OcrPool(1)
    warm_up_cpu = warm_up_wall = 0.0
    try:
        if warm_up is not None:
            extract_file(warm_up, options, pool)
            warm_up_cpu = cpu_with_children() - cpu + worker_cpu(pool)
            warm_up_wall = time.perf_counter() - wall
        records = [extract_file(path, options, pool) for path in files]
    finally:
        pool.close()  # the worker is reaped here: its CPU time is counted from now on
    return records, cpu_with_children() - cpu - warm_up_cpu, time.perf_counter() - wall - warm_up_wall


def worker_cpu(pool: OcrPool) -> float:
    """CPU seconds the pool's live workers have used (not yet in RUSAGE_CHILDREN)."""
    executor = pool._executor  # the bench reads the workers' clocks
    total = 0.0
    for process in (executor._processes or {}).values() if executor else ():
        fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime
    return total


def ocr_steps(files: list[Path], settings: OcrSettings) -> dict[str, float]:
    """CPU seconds of each step of page OCR, run in this process on every page of the files, and
    of each second look at the first pages (its fields parsed, as the pipeline does)."""
    steps = dict.fromkeys(
        (
            "render",
            "red removal + grey",
            "skew estimate",
            "rotation",
            "Tesseract",
            "text",
            "subject look",
            "digits look",
        ),
        0.0,
    )

    def step(name: str, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        start = cpu_with_children()
        result = function(*args, **kwargs)
        steps[name] += cpu_with_children() - start
        return result

    def grey(pixels: np.ndarray) -> Image.Image:
        return Image.fromarray(pillow_kernels.grey_without_red(pixels))

    for path in files:
        for index in range(len(pdfium.PdfDocument(str(path)))):
            # as the OCR worker does: the grey page from pdfium's bitmap; page 1's colour image kept
            pixels, scale, width, height = step(
                "render", ocr.render_page_pixels, str(path), index, settings.dpi, np.array
            )
            image = step("render", Image.fromarray, pixels) if index == 0 else None
            gray = step("red removal + grey", grey, pixels)
            angle = step("skew estimate", ocr.estimate_skew, gray)
            gray = step("rotation", deskew.straighten, gray, angle, 255)
            words = step("Tesseract", ocr.recognise, gray, settings, scale)
            _, placed = step("text", assemble_text, words)
            if image is not None:
                text = "\n".join(word.text for word in placed)
                page = Page(page=1, method="ocr", text=text, width=width, height=height, words=placed)
                kept = ocr.PageImage(image, scale, angle)
                fields = parse_fields([page])
                subject_box = subject_reread.subject_box(page, fields.subject) if fields.subject else None
                if subject_box is not None:
                    step("subject look", subject_reread.read_lines_again, kept.rendered_crop(subject_box))
                blank = handwriting.number_blank(page)
                if blank is not None and fields.number and fields.number.startswith("/"):
                    step("digits look", handwriting.read_digits, handwriting.cut_blank(kept, blank))
    return steps


def bench_ocr(folder: Path) -> None:
    ocr.limit_tesseract_threads()  # for the steps run here, as in the pool's workers
    files = [REPO / name for name in OCR_FILES]
    settings = OcrSettings(dpi=300)
    images = []
    for path in files:
        for index in range(len(pdfium.PdfDocument(str(path)))):
            image, _, _, _ = ocr.render_page(str(path), index, settings.dpi)
            image_path = folder / f"{path.stem}-{index}.png"
            image.convert("L").save(image_path)
            images.append(image_path)
    options = ExtractionOptions(workers=1, ocr=settings, tag=False)
    raw_cpu, raw_wall = raw_tesseract(images, settings)
    _, cold_cpu, _ = pipeline_one_worker(files, options)
    records, pipeline_cpu, pipeline_wall = pipeline_one_worker(files, options, warm_up=files[1])
    ocr_pages = sum(1 for record in records for page in record.pages if page.method == "ocr")
    looked_at = sum(1 for record in records if record.pages and record.pages[0].method == "ocr")
    pages = len(images)
    print(f"OCR ({len(files)} scanned samples, {pages} pages, {ocr_pages} OCRed; 300 dpi, vie, psm 3; one core)")
    print(f"  files: {', '.join(path.name for path in files)}")
    print(f"  raw tesseract CLI      {raw_cpu / pages:10.2f} s/page CPU {raw_wall / pages:8.2f} s/page wall")
    print(
        f"  pipeline, 1 worker     {pipeline_cpu / pages:10.2f} s/page CPU {pipeline_wall / pages:8.2f} s/page wall"
        f"  (render, deskew, OCR, fields, second looks at {looked_at} first pages; no tagging)"
    )
    print(f"  ratio pipeline/raw     {pipeline_cpu / raw_cpu:10.2f} (CPU per page; 1.0 = the raw CLI's cost)")
    print(
        f"  cold: pipeline {cold_cpu / pages:.2f} s/page CPU, ratio {cold_cpu / raw_cpu:.2f} (a fresh process and"
        f" pool: imports, lexicon, Tesseract models; above: after a warm-up file, {files[1].name})"
    )
    ocr.prepare_image(ocr.render_page(str(files[0]), 0, 50)[0], settings)  # compiled kernels loaded first
    steps = ocr_steps(files, settings)
    print("  steps (CPU s/page, in this process; the second looks' total over the first pages / all pages):")
    for name, seconds in steps.items():
        print(f"    {name:<20} {seconds / pages:8.3f}")


def long_scan_pdf(page_count: int) -> bytes:
    """An image-only scan (200 dpi JPEG, turned 1.2°, blurred) built a page at a time, so that
    building it does not weigh on the memory measured."""
    digital = pdfium.PdfDocument(born_digital_pdf(pages=page_count))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for page in digital:
        image = page.render(scale=200 / 72).to_pil().convert("RGB")
        page.close()
        scan = image.rotate(1.2, fillcolor="white").filter(ImageFilter.GaussianBlur(0.6))
        jpeg = io.BytesIO()
        scan.save(jpeg, "JPEG", quality=70)
        jpeg.seek(0)
        pdf.drawImage(ImageReader(jpeg), 0, 0, *A4)
        pdf.showPage()
    digital.close()
    pdf.save()
    return buffer.getvalue()


# Run in a fresh interpreter: its peak RSS and its workers' are the extraction's alone.
_READ_LONG_SCAN = """
import json, resource, sys, time
from extractors.pipeline import ExtractionOptions, extract_file
start = time.perf_counter()
record = extract_file(sys.argv[1], ExtractionOptions(tag=False))
wall = time.perf_counter() - start
own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({
    "error": record.error, "pages": len(record.pages), "wall": wall,
    "cpu": own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime,
    "peak_mb": own.ru_maxrss / 1024, "worker_peak_mb": workers.ru_maxrss / 1024,
}))
"""


def bench_long_scan(folder: Path, page_count: int) -> None:
    """Peak memory of a long scan read with every core: the reading process and its largest worker."""
    scan = folder / "long-scan.pdf"
    scan.write_bytes(long_scan_pdf(page_count))
    done = subprocess.run(
        [sys.executable, "-c", _READ_LONG_SCAN, str(scan)], cwd=REPO, capture_output=True, text=True, check=True
    )
    result = json.loads(done.stdout.splitlines()[-1])
    print(f"long scan ({page_count} generated scanned pages, {result['pages']} read, every core)")
    print(f"  {result['cpu'] / page_count:.2f} s/page CPU, {result['wall']:.0f} s wall, error={result['error']}")
    print(
        f"  peak RSS: reading process {result['peak_mb']:.0f} MB, largest OCR worker {result['worker_peak_mb']:.0f} MB"
    )


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
    parser.add_argument("--scan-pages", type=int, default=0, help="also read an N-page scan (peak memory)")
    parser.add_argument("--gazette", type=Path, nargs="*", help="signed born-digital files (default: tuning gazette)")
    parser.add_argument("--skip", nargs="*", default=[], choices=["signed", "digital", "ocr", "cache", "long"])
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        if "signed" not in arguments.skip:
            bench_signed_gazette(arguments.gazette or gazette_files())
        if "digital" not in arguments.skip:
            digital = folder / "digital.pdf"
            digital.write_bytes(born_digital_pdf(pages=20))
            bench_born_digital(digital)
        if "ocr" not in arguments.skip:
            bench_ocr(folder)
        if arguments.scan_pages:
            bench_long_scan(folder, arguments.scan_pages)
        if "cache" not in arguments.skip:
            bench_cache(folder)
        if "long" not in arguments.skip and arguments.long.exists():
            bench_long(arguments.long)


if __name__ == "__main__":
    main()
