"""Mutate the generated sample PDFs and find the mutants whose NĐ30 fields changed silently.

    python -m tests.fuzz.investigate [--mutants 300] [--seed 15] [--out FILE.jsonl]

Each mutant (1–4 bytes overwritten at uniform offsets, tests/fuzz/mutation.py) is extracted without
tagging in a worker process (a crash is counted, not fatal). Compared with its seed's record, it is:
`error` (an error record), `same` (every field equal), `flagged` (each changed field is null or in
needs_review), or `silent` (a field changed to another value nobody is told to check). For each
silent mutant the line says where the bytes landed and whether the page still *looks* the same
(first page rendered at 60 dpi, pixel-identical or not): a page that looks the same but reads
differently has a text layer that lies; a page that looks different says something else.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from tests.fuzz.mutation import FIELDS, PDF_SEEDS, locate, mutate, pdf_spans, random_inflated_mutation, random_mutations


def extract(path: str) -> dict[str, Any]:
    from extractors.pipeline import ExtractionOptions, extract_file

    record = extract_file(path, ExtractionOptions(tag=False, workers=1))
    return json.loads(record.model_dump_json(exclude={"pages": {"__all__": {"words"}}}))


def first_page_pixels(data: bytes) -> bytes | None:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
        try:
            image = document[0].render(scale=60 / 72).to_pil().convert("L")
        finally:
            document.close()
    except Exception:
        return None
    return image.tobytes()


def classify(original: dict[str, Any], mutant: dict[str, Any]) -> tuple[str, list[str]]:
    if mutant.get("error"):
        return "error", []
    changed = [name for name in FIELDS if mutant.get(name) != original.get(name)]
    if not changed:
        return "same", []
    review = set(mutant.get("needs_review") or [])
    silent = [name for name in changed if mutant.get(name) is not None and name not in review]
    return ("silent" if silent else "flagged"), silent


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mutants", type=int, default=300)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--inside-streams", action="store_true", help="mutate inflated stream bytes")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    seeds = {path: path.read_bytes() for path in PDF_SEEDS}
    pool = ProcessPoolExecutor(1)
    originals = {path: pool.submit(extract, str(path)).result() for path in PDF_SEEDS}
    counts: Counter[str] = Counter()
    out = args.out.open("w", encoding="utf-8") if args.out else None
    with tempfile.TemporaryDirectory() as folder:
        for index in range(args.mutants):
            seed_path = PDF_SEEDS[index % len(PDF_SEEDS)]
            data = seeds[seed_path]
            if args.inside_streams:
                mutant, where = random_inflated_mutation(data, rng)
                landed = [where]
            else:
                mutations = random_mutations(rng, len(data))
                mutant = mutate(data, mutations)
                spans = pdf_spans(data)
                landed = [f"{m.offset}={m.value}: {locate(data, m.offset, spans)}" for m in mutations]
            path = Path(folder) / f"mutant-{index:04d}.pdf"
            path.write_bytes(mutant)
            try:
                record = pool.submit(extract, str(path)).result()
            except BrokenProcessPool:
                pool = ProcessPoolExecutor(1)
                counts["crash"] += 1
                print(f"{index} CRASH {seed_path.name} {landed}", flush=True)
                continue
            status, silent = classify(originals[seed_path], record)
            counts[status] += 1
            if status != "silent":
                continue
            row = {
                "mutant": index,
                "seed": seed_path.name,
                "mutations": landed,
                "fields": {name: [originals[seed_path].get(name), record.get(name)] for name in silent},
                "looks_the_same": first_page_pixels(data) == first_page_pixels(mutant),
                "methods": [page["method"] for page in record["pages"]],
            }
            print(json.dumps(row, ensure_ascii=False), flush=True)
            if out is not None:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
    if out is not None:
        out.close()
    pool.shutdown()
    print(dict(counts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
