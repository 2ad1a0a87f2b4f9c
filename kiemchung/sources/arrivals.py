"""Handing crawled documents to the one ingest path (`kiemchung.stores.ingest.ingest_paths`).

`ingest_paths` archives a file as a local *file* and then extracts and indexes it. A crawled document
must be archived with where it really came from: its URL, the HTTP headers, the fetch time and the
flow run. So the bytes are archived here first with that provenance, and `ingest_paths` is run on
the archived original through an archive view that knows the copy is already recorded; extraction,
the sha256 + extractor-version cache and indexing are exactly those of `kiemchung ingest`.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from core.models import DocumentRecord
from kiemchung.archive import AddResult, Archive, Provenance
from kiemchung.sources.crawl import IngestResult
from kiemchung.sources.crawlers import Arrival
from kiemchung.stores import EvidenceStore
from kiemchung.stores.ingest import BatchExtractor, IngestOutcome, ingest_paths, pipeline_extractor
from kiemchung.stores.outbox import DeferredIndex, Outbox

KEPT_HEADERS = ("content-type", "etag", "last-modified")


def arrival_provenance(arrival: Arrival, *, flow_run_id: str | None = None) -> Provenance:
    if arrival.url.startswith("file://"):  # a folder source: the path, as `kiemchung ingest` records it
        path = url2pathname(urlsplit(arrival.final_url).path)
        return Provenance(source=path, kind="file", fetched_at=arrival.fetched_at, flow_run_id=flow_run_id)
    headers = {
        "content-type": arrival.content_type,
        "etag": arrival.etag,
        "last-modified": arrival.last_modified,
        "x-kiemchung-final-url": arrival.final_url if arrival.final_url != arrival.url else None,
        "x-kiemchung-found-on": arrival.found_on,
        "x-kiemchung-title": arrival.title,
        "x-kiemchung-source": arrival.source,
    }
    return Provenance(
        source=arrival.url,
        kind="url",
        http_status=200,
        http_headers={name: value for name, value in headers.items() if value},
        fetched_at=arrival.fetched_at,
        flow_run_id=flow_run_id,
    )


class _StagedArchive(Archive):
    """The same archive, except that files staged here are known to be archived with their provenance."""

    def __init__(self, archive: Archive, staged: dict[Path, AddResult]) -> None:
        super().__init__(archive.home, archive.blobs)
        self._staged = staged

    def add_file(self, path: Path, *, flow_run_id: str | None = None) -> AddResult:
        staged = self._staged.get(path)
        return staged if staged is not None else super().add_file(path, flow_run_id=flow_run_id)


def _named(extract: BatchExtractor, names: dict[Path, str]) -> BatchExtractor:
    """Records of staged originals say where the document came from (its URL), not the archive path."""

    def extract_all(paths: list[Path], on_record: Callable[[DocumentRecord], None]) -> object:
        remaining = iter(paths)

        def renamed(record: DocumentRecord) -> None:
            path = next(remaining)
            on_record(record.model_copy(update={"file": names.get(path, record.file)}))

        return extract(paths, renamed)

    return extract_all


class ArrivalIngestor:
    """`ingest(arrival) -> IngestResult` over an archive and a store (the `Ingest` of a crawl)."""

    def __init__(
        self,
        archive: Archive,
        store: EvidenceStore | DeferredIndex,
        *,
        extract: BatchExtractor | None = None,
        flow_run_id: str | None = None,
        outbox: Outbox | None = None,
    ) -> None:
        """With an `outbox` (or a `DeferredIndex`), an unreachable index queues instead of failing."""
        self.archive = archive
        self.store = store if isinstance(store, DeferredIndex) else DeferredIndex.of(store, outbox)
        self.extract = extract or pipeline_extractor()
        self.flow_run_id = flow_run_id

    def remove(self, sha256s: list[str]) -> None:
        """Take superseded versions out of the index (queued when it cannot be reached)."""
        self.store.remove(sha256s)

    def __call__(self, arrival: Arrival) -> IngestResult:
        return self.ingest_many([arrival])[0]

    def ingest_many(self, arrivals: Sequence[Arrival]) -> list[IngestResult]:
        staged: dict[Path, AddResult] = {}
        names: dict[Path, str] = {}
        order: list[Path] = []
        with _local_originals(self.archive, arrivals, self.flow_run_id) as originals:
            for arrival, (path, added) in zip(arrivals, originals, strict=True):
                staged[path] = added
                names[path] = arrival.url
                order.append(path)
            outcomes: dict[str, IngestOutcome] = {}
            ingest_paths(
                list(dict.fromkeys(order)),
                _StagedArchive(self.archive, staged),
                self.store,
                extract=_named(self.extract, names),
                on_outcome=lambda outcome: outcomes.__setitem__(outcome.file, outcome),
                flow_run_id=self.flow_run_id,
            )
        results = []
        for path in order:
            outcome = outcomes.get(str(path))
            error = outcome.error if outcome is not None and outcome.status == "failed" else None
            if outcome is not None and outcome.index == "refused":
                error = f"index refused it: {outcome.index_error}"
            pending = outcome.index_error or "index unavailable" if outcome and outcome.index == "pending" else None
            results.append(
                IngestResult(
                    sha256=staged[path].sha256, new=staged[path].new_original, error=error, index_pending=pending
                )
            )
        return results


@contextmanager
def _local_originals(
    archive: Archive, arrivals: Sequence[Arrival], flow_run_id: str | None
) -> Iterator[list[tuple[Path, AddResult]]]:
    """Archive each arrival with its provenance; yield a local path of each original for extraction."""
    with tempfile.TemporaryDirectory(prefix="kiemchung-arrivals-") as spill:
        located: list[tuple[Path, AddResult]] = []
        for index, arrival in enumerate(arrivals):
            added = archive.add_bytes(arrival.body, arrival_provenance(arrival, flow_run_id=flow_run_id))
            path = archive.original_path(added.sha256)
            if path is None:  # a blob store without local files: extraction reads a spilled copy
                path = Path(spill) / f"{index}-{added.sha256}"
                path.write_bytes(arrival.body)
            located.append((path, added))
        yield located
