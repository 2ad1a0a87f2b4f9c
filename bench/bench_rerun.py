"""An unchanged re-run of `ingest` as a ratio of the first run (issue goal: at most 2 %).

    .venv/bin/python bench/bench_rerun.py [--documents 100]

N distinct one-page born-digital PDFs (the portal fixture's generator) in a temporary folder and
home, embedded store. Three timed runs of `ingest_paths`, the function `kiemchung ingest` calls:
the first (read, hash, archive, extract with the real pipeline, index), an unchanged re-run (the
home's seen-files state: nothing read, nothing indexed) and a `--verify` re-run (every file read and
hashed, every archived record indexed again: what a re-run cost before). Printed and written to
bench/results/rerun.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY / "tests" / "fixtures" / "portal"))
sys.path.insert(0, str(REPOSITORY))

from portal_site import make_pdf  # noqa: E402

from kiemchung.archive import Archive  # noqa: E402
from kiemchung.stores.ingest import IngestSummary, ingest_paths  # noqa: E402
from kiemchung.stores.seen_files import SeenFiles  # noqa: E402
from kiemchung.stores.sqlite_store import SqliteStore  # noqa: E402


def timed_run(paths: list[Path], home: Path, *, verify: bool) -> tuple[float, IngestSummary]:
    store, seen = SqliteStore(home / "index.sqlite"), SeenFiles(home)
    try:
        started = time.perf_counter()
        summary = ingest_paths(paths, Archive(home), store, seen=seen, verify=verify)
        return time.perf_counter() - started, summary
    finally:
        store.close()
        seen.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-rerun-") as tmp:
        folder, home = Path(tmp) / "in", Path(tmp) / "home"
        folder.mkdir()
        paths = []
        for n in range(args.documents):
            path = folder / f"kh-{n:05d}.pdf"
            path.write_bytes(make_pdf([f"Số: {n}/KH-UBND", "KẾ HOẠCH", f"Cải cách hành chính năm 2024, đợt {n}"]))
            paths.append(path)
        first, first_summary = timed_run(paths, home, verify=False)
        unchanged, unchanged_summary = timed_run(paths, home, verify=False)
        verified, verified_summary = timed_run(paths, home, verify=True)
    assert first_summary.extracted == args.documents, first_summary
    assert (unchanged_summary.read, unchanged_summary.index.documents) == (0, 0), unchanged_summary
    assert verified_summary.read == args.documents, verified_summary
    result = {
        "documents": args.documents,
        "first_run_seconds": round(first, 2),
        "unchanged_rerun_seconds": round(unchanged, 3),
        "verify_rerun_seconds": round(verified, 2),
        "unchanged_to_first": round(unchanged / first, 4),
        "unchanged_to_verify": round(unchanged / verified, 4),
    }
    print(json.dumps(result, indent=2))
    out = REPOSITORY / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "rerun.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
