"""Reindex preparation: archived records read and made ready for the index, in pages/s.

    .venv/bin/python bench/bench_reindex.py [--documents 600] [--pages 8] [--workers 2]

1. Archive: --documents records of --pages pages each in a temporary home. Page lines are drawn
   from the text layer (raw pypdfium2) of the official-gazette reprints of the tuning split of
   tests/fixtures/realdocs/more (named in the output), so word segmentation sees real Vietnamese;
   5 evidence items per document.
2. Raw baseline: every record's blob read and `json.loads`ed, by --workers processes.
3. Preparation, as a reindex worker does it: the record read and validated (`Archive.get_record`),
   `documents.index_record` (three text forms; the word form by underthesea), and the Elasticsearch
   `_bulk` body serialised (`index_sources` → NDJSON), by --workers processes, over the archive in
   chunks. Cold: nothing segmented before (each document's lines segmented afresh, the in-process
   line cache cleared per document), which also fills HOME/segmentation.sqlite as ingest does.
   Warm: the segmentations kept by ingest (`stores.text.SegmentationStore`) read back.
4. The embedded store's whole rebuild (`SqliteStore.rebuild`, one process, warm), for scale.

Prints pages/s, the ratio to the raw baseline measured in the same run, and the projected time for
20 million pages at that rate on this machine. Not run in CI.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import multiprocessing
import random
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.models import DocumentRecord, Evidence, Page
from kiemchung.archive import Archive
from kiemchung.stores.documents import index_record
from kiemchung.stores.elasticsearch_store import index_sources
from kiemchung.stores.es_reindex import archive_listing
from kiemchung.stores.sqlite_store import SqliteStore
from kiemchung.stores.text import (
    SEGMENTATION_FILE_NAME,
    clear_segmentation_cache,
    remember_segmentations,
    words_form,
)

REPO = Path(__file__).resolve().parents[1]
REALDOCS = REPO / "tests" / "fixtures" / "realdocs" / "more"
TARGET_PAGES = 20_000_000
CRITERIA = ["1.1.1", "1.1.2", "1.2", "1.3.1", "1.3.2", "1.4", "1.5", "1.6", "3.1.1", "3.2.1", "7.1.1"]


def gazette_lines() -> tuple[list[str], list[str]]:
    """Lines of the tuning split's gazette reprints (raw text layer) and the files' names."""
    import pypdfium2 as pdfium

    split = json.loads((REALDOCS / "split.json").read_text(encoding="utf-8"))
    files = sorted(name for name, row in split.items() if row["split"] == "tuning" and name.startswith("congbao-"))
    lines: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in files:
            pdf = pdfium.PdfDocument(REALDOCS / name)
            for page in pdf:
                text = page.get_textpage().get_text_bounded()
                lines += [line.strip() for line in text.splitlines() if len(line.strip()) > 3]
            pdf.close()
    return list(dict.fromkeys(lines)), files


def records(count: int, pages: int, lines: list[str], seed: int) -> Iterator[DocumentRecord]:
    rng = random.Random(seed)
    for n in range(count):
        year = rng.choice(range(2019, 2026))
        texts = ["\n".join(rng.choice(lines) for _ in range(30)) for _ in range(pages)]  # ~30 lines a page
        evidence = []
        for criterion in rng.sample(CRITERIA, 5):
            page = rng.randrange(pages)
            line = texts[page].split("\n")[rng.randrange(30)]
            start = texts[page].index(line)
            evidence.append(Evidence(criterion=criterion, page=page + 1, start=start, end=start + len(line),
                                     quote=line, rule="bench", confidence=0.9))  # fmt: skip
        yield DocumentRecord(
            file=f"bench/{n}.pdf", sha256=hashlib.sha256(f"reindex-{seed}-{n}".encode()).hexdigest(),
            doc_type="KH", number=f"{n}/KH-UBND", issuer="Ủy ban nhân dân tỉnh", issue_date=dt.date(year, 3, 1),
            subject=texts[0].split("\n")[0], unit=f"unit-{n % 30:02d}", year=year,
            pages=[Page(page=k + 1, method="text", text=text) for k, text in enumerate(texts)], page_count=pages,
            evidence=evidence, extractor_version="bench",
        )  # fmt: skip


# --- worker side (spawned processes) ----------------------------------------------------------------
_archive: Archive | None = None


def _start(home: Path, segmentations: Path | None) -> None:
    global _archive
    _archive = Archive(home / "archive")
    words_form("Khởi động bộ tách từ")  # loads underthesea's model before the clock starts
    remember_segmentations(segmentations)


def _raw(keys: list[str]) -> tuple[int, float]:
    assert _archive is not None
    started, pages = time.process_time(), 0
    for key in keys:
        pages += len(json.loads(_archive.blobs.get(key))["pages"])
    return pages, time.process_time() - started


def _prepare(sha256s: list[str], cold: bool) -> tuple[int, float]:
    assert _archive is not None
    started, pages = time.process_time(), 0
    for sha256 in sha256s:
        if cold:
            clear_segmentation_cache()
        record = _archive.get_record(sha256)
        assert record is not None
        item = index_record(record)
        body = []
        for kind, item_id, source in index_sources(item):
            body.append(json.dumps({"index": {"_index": kind, "_id": item_id}}))
            body.append(json.dumps(source, ensure_ascii=False))
        "\n".join(body).encode()
        pages += len(record.pages)
    return pages, time.process_time() - started


def run(home: Path, workers: int, segmentations: Path | None, work: str, chunks: list[list[str]],
        cold: bool = False) -> tuple[float, float]:  # fmt: skip
    """(pages/s of wall time, pages/s per CPU second of the workers); pool start-up excluded."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start, initargs=(home, segmentations)) as pool:
        list(pool.map(_raw, [[] for _ in range(workers)]))  # start the processes, import everything
        started = time.perf_counter()
        done = list(pool.map(_raw, chunks) if work == "raw" else pool.map(_prepare, chunks, [cold] * len(chunks)))
        wall = time.perf_counter() - started
        pages, cpu = sum(d[0] for d in done), sum(d[1] for d in done)
        return rate(pages, wall), rate(pages, cpu)


def chunked(items: list[str], size: int) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=600)
    parser.add_argument("--pages", type=int, default=8, help="pages per document")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--chunk", type=int, default=25, help="documents per unit of work")
    parser.add_argument("--repeat", type=int, default=3, help="warm and raw runs; the median is printed")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    lines, files = gazette_lines()
    print(f"text from {len(files)} gazette reprints ({len(lines):,} distinct lines): {', '.join(files)}")
    with tempfile.TemporaryDirectory(prefix="kiemchung-bench-reindex-") as temp:
        home = Path(temp)
        archive = Archive(home / "archive")
        for record in records(args.documents, args.pages, lines, args.seed):
            archive.put_record(record)
        sha256s = sorted(archive_listing(archive))
        keys = sorted(archive.blobs.keys("extractions/"))
        total_pages = args.documents * args.pages
        print(f"archive: {args.documents:,} documents, {total_pages:,} pages; {args.workers} worker processes")
        segmentations = home / SEGMENTATION_FILE_NAME

        rows: list[tuple[str, float, float]] = []  # name, pages/s (wall), pages per CPU second

        def median_of(runs: list[tuple[float, float]]) -> tuple[float, float]:
            return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)

        raw = median_of([run(home, args.workers, None, "raw", chunked(keys, args.chunk)) for _ in range(args.repeat)])
        rows.append(("raw: read + json.loads of each record", *raw))
        cold = run(home, args.workers, segmentations, "prepare", chunked(sha256s, args.chunk), cold=True)
        rows.append(("prepare, cold (underthesea on every line)", *cold))
        warm = median_of(
            [
                run(home, args.workers, segmentations, "prepare", chunked(sha256s, args.chunk))
                for _ in range(args.repeat)
            ]
        )
        rows.append(("prepare, warm (segmentations kept by ingest)", *warm))

        remember_segmentations(segmentations)
        store = SqliteStore(home / "index.sqlite")
        started, started_cpu = time.perf_counter(), time.process_time()
        store.rebuild(archive.iter_records())
        rows.append(("SqliteStore.rebuild, one process, warm", rate(total_pages, time.perf_counter() - started),
                     rate(total_pages, time.process_time() - started_cpu)))  # fmt: skip
        store.close()
        remember_segmentations(None)

    print(f"{'':46} {'pages/s':>8} {'vs raw':>7} {'20 M pages':>10} {'pages/CPU s':>12} {'vs raw':>7}")
    for name, wall_rate, cpu_rate in rows:
        hours = TARGET_PAGES / wall_rate / 3600
        print(f"{name:46} {wall_rate:8,.0f} {wall_rate / raw[0]:7.3f} {hours:8.1f} h {cpu_rate:12,.0f}"
              f" {cpu_rate / raw[1]:7.3f}")  # fmt: skip
    return 0


def rate(pages: int, seconds: float) -> float:
    return pages / seconds if seconds > 0 else float("inf")


if __name__ == "__main__":
    sys.exit(main())
