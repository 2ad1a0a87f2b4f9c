"""Throughput of `kiemchung ingest-in-batches` with 1 and 2 Prefect workers, as a ratio.

    .venv/bin/python bench/bench_workers.py [--documents 4] [--ocr-workers 1]

A real `prefect server start` on 127.0.0.1, `kiemchung deploy-flows`, then for each worker count a
fresh KIEMCHUNG_HOME and PREFECT_HOME (nothing cached), N `prefect worker start --work-queue batches
--limit 1` processes, and one batch per scanned sample (samples/*: the files whose pages are OCRed).
Timed from the command's start to its end, once every worker has registered with the server.
Each worker's OCR is held to `--ocr-workers` processes (default 1: a worker stands for one core or
one machine; with 0 every worker would take every core and the two would only compete on this
2-core machine). Results are printed and written to bench/results/workers.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

import httpx

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY / "tests" / "flows"))
sys.path.insert(0, str(REPOSITORY))

from prefect_processes import KIEMCHUNG, prefect_env, prefect_server, prefect_worker  # noqa: E402

POOL = "bench"
SCANNED = [  # samples whose pages are OCRed (truth.jsonl variants scan, stamps, stale layer)
    "002-bc-cchc-scan",
    "005-kh-thien-tai-stale-layer",
    "006-kh-kiem-tra-arrival-stamp",
    "008-tb-kiem-tra-copy-stamp",
]


def scanned_samples(count: int, folder: Path) -> Path:
    names = sorted(path for path in (REPOSITORY / "samples").glob("*.pdf") if path.stem in SCANNED)
    if count > len(names):
        raise SystemExit(f"only {len(names)} scanned samples; ask for at most that many")
    folder.mkdir()
    for path in names[:count]:
        shutil.copy(path, folder / path.name)
    return folder


def wait_for_workers(api: str, names: set[str], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        workers = httpx.post(f"{api}/work_pools/{POOL}/workers/filter", json={}, timeout=10).json()
        if names <= {worker["name"] for worker in workers if worker.get("status") == "ONLINE"}:
            return
        time.sleep(0.5)
    raise SystemExit(f"workers {sorted(names)} did not come online in {timeout} s")


def run_with(api: str, workers: int, files: Path, ocr_workers: int, scratch: Path) -> dict[str, float | int]:
    folder = scratch / f"{workers}-workers"
    env = prefect_env(folder, KIEMCHUNG_HOME=str(folder / "home"), KIEMCHUNG_OCR_WORKERS=str(ocr_workers))
    names = {f"bench-{workers}-{n}" for n in range(workers)}
    with ExitStack() as stack:
        for name in sorted(names):
            stack.enter_context(
                prefect_worker(api, POOL, name, cwd=folder / "workers", env=env, queues=("batches",), limit=1)
            )
        wait_for_workers(api, names)
        started = time.perf_counter()
        done = subprocess.run(
            [str(KIEMCHUNG), "ingest-in-batches", str(files), "--batch-size", "1", "--timeout", "1800"],
            env=env | {"PREFECT_API_URL": api},
            capture_output=True,
            text=True,
            timeout=2000,
        )
        seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"ingest-in-batches failed with {workers} workers: {done.stdout}{done.stderr[-2000:]}")
    documents = len(list(files.iterdir()))
    return {
        "workers": workers,
        "documents": documents,
        "seconds": round(seconds, 1),
        "documents_per_minute": round(documents / seconds * 60, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=4)
    parser.add_argument("--ocr-workers", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-workers-") as tmp:
        scratch = Path(tmp)
        files = scanned_samples(args.documents, scratch / "scans")
        with prefect_server(scratch / "server") as api:
            deploy = subprocess.run(
                [str(KIEMCHUNG), "deploy-flows", "--pool", POOL],
                cwd=scratch,
                env=prefect_env(scratch, api),
                capture_output=True,
                text=True,
                timeout=300,
            )
            if deploy.returncode != 0:
                raise SystemExit(deploy.stderr[-2000:])
            one = run_with(api, 1, files, args.ocr_workers, scratch)
            two = run_with(api, 2, files, args.ocr_workers, scratch)
    result = {
        "one_worker": one,
        "two_workers": two,
        "ratio_two_to_one": round(float(two["documents_per_minute"]) / float(one["documents_per_minute"]), 2),
        "ocr_workers_per_worker": args.ocr_workers,
    }
    print(json.dumps(result, indent=2))
    out = REPOSITORY / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "workers.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
