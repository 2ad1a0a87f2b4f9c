"""What every flow needs: where the archive and the store are, which run this is, and how to report."""

from __future__ import annotations

import datetime as dt
import functools
import os
import socket
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prefect import task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.context import TaskRunContext
from prefect.runtime import flow_run

from core.models import DocumentRecord
from extractors import EXTRACTOR_VERSION
from kiemchung.archive import Archive, sha256_of
from kiemchung.settings import Settings, get_settings
from kiemchung.stores import EvidenceStore, open_store
from kiemchung.stores.ingest import BatchExtractor, per_file

if TYPE_CHECKING:
    from extractors.pipeline import ExtractionOptions

# Extraction already spreads OCR over every core: one document at a time per process.
OCR_TURN = threading.BoundedSemaphore(1)


def cached_extractor(home: Path | None = None) -> BatchExtractor:
    """The extractor `ingest_paths` calls for files the archive has no record of (this version),
    with the options of the deployment whose home this is (`extraction_options`)."""
    folder = str(home) if home is not None else None
    return per_file(lambda path: extract_document(path, folder))


def _extraction_cache_key(context: TaskRunContext, parameters: dict[str, Any]) -> str:
    path = Path(str(parameters["path"]))
    return f"extract-{sha256_of(path.read_bytes())}-{EXTRACTOR_VERSION}"


@task(
    name="extract",
    task_run_name="extract {path.name}",
    cache_key_fn=_extraction_cache_key,
    cache_expiration=dt.timedelta(days=30),
    retries=1,
    retry_delay_seconds=5,
)
def extract_document(path: Path, home: str | None = None) -> DocumentRecord:
    """Read one file (text layer or OCR), parse, tag, under the reading budget and with the options
    of the deployment (`home`). Cached by sha256 + extractor version; one at a time."""
    from extractors.pipeline import extract_files

    with OCR_TURN:
        return extract_files([path], _options(home))[0]


@functools.lru_cache(maxsize=4)
def _options(home: str | None) -> ExtractionOptions:
    """Loaded once per home and process: trust roots are read from disk."""
    from kiemchung.extraction_options import extraction_options

    return extraction_options(settings_for(home))


def current_flow_run_id() -> str | None:
    run_id = flow_run.get_id()
    return str(run_id) if run_id else None


def settings_for(home: str | None) -> Settings:
    settings = get_settings()
    return settings.model_copy(update={"home": Path(home)}) if home else settings


@contextmanager
def archive_and_store(settings: Settings) -> Iterator[tuple[Archive, EvidenceStore]]:
    store = open_store(settings)
    try:
        yield Archive(settings.home), store
    finally:
        store.close()


def where_this_runs() -> str:
    """ "worker `w1` on host `h` (process 123)": which worker of the pool took this flow run."""
    worker = os.environ.get("PREFECT__WORKER_NAME")
    place = f"host `{socket.gethostname()}` (process {os.getpid()})"
    return f"worker `{worker}` on {place}" if worker else place


def publish_counts(key: str, title: str, counts: Mapping[str, int], rows: Sequence[Mapping[str, Any]]) -> None:
    """Counts as a markdown artifact and the per-document outcomes as a table artifact."""
    lines = [f"# {title}", "", "| count | value |", "| --- | --- |"]
    lines += [f"| {name} | {value} |" for name, value in counts.items()]
    lines += ["", f"Run by {where_this_runs()}."]
    create_markdown_artifact(markdown="\n".join(lines), key=f"{key}-counts", description=title)
    if rows:
        create_table_artifact(table=[dict(row) for row in rows], key=f"{key}-documents", description=title)
