"""`reindex_archive` on a real node: parallel slices, resume after kill -9, catch-up of documents
ingested while it runs."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiemchung.archive import Archive
from kiemchung.stores.base import SearchQuery, StoreCounts, StoreError
from kiemchung.stores.elasticsearch_store import KINDS, ElasticsearchStore
from kiemchung.stores.es_reindex import CHECKPOINT_DIR, archive_listing, reindex_archive
from kiemchung.stores.ingest import ingest_paths, per_file
from tests.kiemchung.stores import stub_extractor

pytestmark = pytest.mark.elasticsearch
REPOSITORY = Path(__file__).resolve().parents[3]


def write_documents(folder: Path, numbers: range) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in numbers:
        text = f"Kế hoạch cải cách hành chính số {n} năm 2025"
        path = folder / f"kh-{n:04d}.pdf"
        path.write_text(stub_extractor.document_json([text], [["1.1.1", 1, text]], "q3", 2025), encoding="utf-8")
        paths.append(path)
    return paths


def archive_only(archive: Archive, paths: list[Path]) -> set[str]:
    """Archive originals and records without indexing them (a reindex reads only the archive)."""
    shas = set()
    for path in paths:
        sha256 = archive.add_file(path).sha256
        archive.put_record(stub_extractor.extract_file(path).model_copy(update={"sha256": sha256}))
        shas.add(sha256)
    return shas


def ingest(paths: list[Path], archive: Archive, store: ElasticsearchStore) -> set[str]:
    """The ingest path (archive, then the live index), with the stub extractor: the sha256s it indexed."""
    shas: set[str] = set()
    summary = ingest_paths(
        paths, archive, store, extract=per_file(stub_extractor.extract_file),
        on_outcome=lambda outcome: shas.add(outcome.sha256 or ""),
    )  # fmt: skip
    assert summary.index.documents == len(paths) and summary.index.errors == []
    return shas


def test_documents_ingested_while_the_reindex_runs_are_in_the_swapped_index(
    elasticsearch_store: ElasticsearchStore, tmp_path: Path
) -> None:
    store = elasticsearch_store
    home = tmp_path / "home"
    archive = Archive(home)
    before = ingest(write_documents(tmp_path / "first", range(60)), archive, store)
    old_indices = store.aliased_indices()
    during_fill: set[str] = set()
    during_catch_up: set[str] = set()

    def ingest_meanwhile(chunk: list[str]) -> None:
        if not during_fill:  # the fill has begun
            during_fill.update(ingest(write_documents(tmp_path / "late", range(1000, 1012)), archive, store))
        elif set(chunk) & during_fill and not during_catch_up:  # the first catch-up round runs
            during_catch_up.update(ingest(write_documents(tmp_path / "later", range(2000, 2005)), archive, store))

    report = reindex_archive(archive, store, home, workers=2, chunk_size=10, on_chunk=ingest_meanwhile)

    everything = before | during_fill | during_catch_up
    assert (len(during_fill), len(during_catch_up), len(everything)) == (12, 5, 77)
    assert set(archive_listing(archive)) == everything
    assert report.caught_up == 12 + 5
    assert report.documents == 77 and report.errors == []
    assert store.indexed_sha256s() == everything
    assert store.counts() == StoreCounts(documents=77, pages=77, evidence=77)
    assert store.search(SearchQuery(text="cai cach hanh chinh so 2004")).total == 1
    for kind in KINDS:
        (live,) = store.aliased_indices()[kind]
        assert live not in old_indices[kind]
        assert not store.client.indices.exists(index=old_indices[kind][0])
    assert not (home / CHECKPOINT_DIR / store.prefix).exists()


def test_a_reindex_killed_midway_resumes_without_redoing_the_done_part(
    elasticsearch_store: ElasticsearchStore, elasticsearch_url: str, tmp_path: Path
) -> None:
    store = elasticsearch_store
    home = tmp_path / "home"
    archive = Archive(home)
    shas = archive_only(archive, write_documents(tmp_path / "in", range(80)))
    old_indices = store.aliased_indices()

    log = tmp_path / "driver.log"
    with log.open("w") as output:
        driver = subprocess.Popen(
            [sys.executable, "-m", "tests.kiemchung.stores.reindex_until_killed", str(home), elasticsearch_url,
             store.prefix, "3", "10"],
            cwd=REPOSITORY, start_new_session=True, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            driver.wait(timeout=300)
            workers_left = _wait_until_group_is_gone(driver.pid)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(driver.pid, signal.SIGKILL)
    assert driver.returncode == -signal.SIGKILL, log.read_text()[-2000:]
    assert not workers_left  # orphaned, the worker processes saw their parent die and exited
    checkpoint = home / CHECKPOINT_DIR / store.prefix
    done_before = {line.split()[0] for line in (checkpoint / "done.txt").read_text().splitlines()}
    assert 30 <= len(done_before) < 80
    assert store.aliased_indices() == old_indices  # nothing swapped: searches still see the old index
    written: list[str] = []

    report = reindex_archive(archive, store, home, workers=2, chunk_size=10, on_chunk=written.extend)

    assert report.resumed == len(done_before)
    assert not set(written) & done_before
    assert set(written) | done_before == shas
    assert report.documents == len(written) == 80 - len(done_before)
    assert store.counts() == StoreCounts(documents=80, pages=80, evidence=80)
    assert store.indexed_sha256s() == shas
    assert not checkpoint.exists()
    assert not any(store.client.indices.exists(index=indices[0]) for indices in old_indices.values())


def test_a_second_reindex_from_the_same_home_is_refused_while_one_runs(
    elasticsearch_store: ElasticsearchStore, tmp_path: Path
) -> None:
    store = elasticsearch_store
    home = tmp_path / "home"
    archive = Archive(home)
    archive_only(archive, write_documents(tmp_path / "in", range(3)))
    refused: list[str] = []

    def try_another(_chunk: list[str]) -> None:
        try:
            reindex_archive(archive, store, home, workers=1)
        except StoreError as error:
            refused.append(str(error))

    reindex_archive(archive, store, home, workers=1, on_chunk=try_another)

    assert refused == [f"another reindex of {store.prefix!r} is running from this home"]
    assert store.counts().documents == 3


def _wait_until_group_is_gone(group: int) -> bool:
    """True if processes of `group` are still alive after 20 s."""
    for _ in range(200):
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return False
        time.sleep(0.1)
    return True
