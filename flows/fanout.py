"""`ingest-fanout`: a folder of many files → batches → one `ingest` child flow run per batch, taken
by whichever worker of the pool is free.

The unit of work is a flow run on the work pool's `batches` queue (deployment `ingest-batch`), so
any number of `prefect worker start --pool kiemchung --work-queue batches --limit 1` processes, on
any machine that sees the same files, archive and store, share the batches. Each batch is the plain
`ingest` flow: archive, extract (cached by sha256), index, and a document seen before costs nothing.
"""

from __future__ import annotations

import time
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.client.orchestration import get_client
from prefect.client.schemas.objects import FlowRun
from prefect.deployments import run_deployment

from flows.common import publish_counts

BATCH_DEPLOYMENT = "ingest/ingest-batch"
POLL_SECONDS = 2.0


def split_into_batches(inputs: list[str], batch_size: int) -> list[list[str]]:
    """Files and folders → the files (sorted, as `kiemchung ingest` finds them) in batches of `batch_size`."""
    from extractors.pipeline import iter_pdf_paths

    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    files = [str(path.resolve()) for path in iter_pdf_paths([Path(item) for item in inputs])]
    return [files[start : start + batch_size] for start in range(0, len(files), batch_size)]


def _sync(run: object) -> FlowRun:
    assert isinstance(run, FlowRun)  # run_deployment called from sync code returns the run itself
    return run


def wait_for(runs: list[FlowRun], timeout_seconds: float) -> list[FlowRun]:
    """The runs, re-read until every one is final or `timeout_seconds` have passed."""
    deadline = time.monotonic() + timeout_seconds
    with get_client(sync_client=True) as client:
        while True:
            runs = [client.read_flow_run(run.id) for run in runs]
            if all(run.state and run.state.is_final() for run in runs) or time.monotonic() > deadline:
                return runs
            time.sleep(POLL_SECONDS)


@flow(name="ingest-fanout")
def ingest_fanout(
    inputs: list[str],
    batch_size: int = 50,
    home: str | None = None,
    deployment: str = BATCH_DEPLOYMENT,
    timeout_seconds: float = 24 * 3600,
) -> dict[str, int]:
    """Queue one `deployment` run per batch of `batch_size` files and wait for them (at most
    `timeout_seconds`; runs not finished by then go on and are counted as `unfinished`)."""
    logger = get_run_logger()
    batches = split_into_batches(inputs, batch_size)
    children = [
        _sync(
            run_deployment(
                deployment,
                parameters={"inputs": batch, "home": home},
                flow_run_name=f"batch {number}/{len(batches)}",
                timeout=0,  # queue it; the wait below covers every batch at once
                as_subflow=True,
            )
        )
        for number, batch in enumerate(batches, start=1)
    ]
    logger.info("%d files in %d batches queued on %s", sum(map(len, batches)), len(batches), deployment)
    finished = wait_for(children, timeout_seconds)
    states = [run.state.type.value if run.state else "UNKNOWN" for run in finished]
    counts = {
        "files": sum(map(len, batches)),
        "batches": len(batches),
        "completed": states.count("COMPLETED"),
        "failed": sum(state in ("FAILED", "CRASHED", "CANCELLED") for state in states),
        "unfinished": sum(not (run.state and run.state.is_final()) for run in finished),
    }
    rows = [
        {"batch": run.name, "flow_run": str(run.id), "state": state}
        for run, state in zip(finished, states, strict=True)
    ]
    publish_counts("ingest-fanout", "Ingest in batches", counts, rows)
    logger.info("ingest-fanout done: %s", ", ".join(f"{k} {v}" for k, v in counts.items()))
    return counts
