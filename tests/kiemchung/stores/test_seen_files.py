"""Unchanged work is free: a re-run over unchanged files reads no byte and indexes nothing; an edited
file is read again; `--verify` reads everything."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from core.models import DocumentRecord
from kiemchung.archive import Archive
from kiemchung.cli import app
from kiemchung.stores.ingest import ingest_paths, per_file
from kiemchung.stores.seen_files import SeenFiles
from kiemchung.stores.sqlite_store import SqliteStore
from tests.kiemchung.stores import stub_extractor

STUB = "tests.kiemchung.stores.stub_extractor:extract_file"


def write_documents(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        page = f"Kế hoạch cải cách hành chính số {n} năm 2024"
        path = folder / f"doc-{n:03d}.pdf"
        path.write_text(stub_extractor.document_json([page], [["1.1.1", 1, page]], "q3", 2024))
        paths.append(path)
    return paths


class Counting:
    """Counts the extractor's calls and every read of an input file's bytes."""

    def __init__(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.extracted: list[Path] = []
        self.reads: list[Path] = []
        original = Path.read_bytes

        def read_bytes(path: Path) -> bytes:
            if path.resolve().parent == folder.resolve():
                self.reads.append(path)
            return original(path)

        monkeypatch.setattr(Path, "read_bytes", read_bytes)

    def extract(self, path: Path) -> DocumentRecord:
        self.extracted.append(path)
        return stub_extractor.extract_file(path)


@pytest.fixture
def seen(tmp_path: Path) -> Iterator[SeenFiles]:
    state = SeenFiles(tmp_path / "home")
    yield state
    state.close()


def test_a_second_ingest_of_unchanged_files_reads_and_indexes_nothing(
    tmp_path: Path, sqlite_store: SqliteStore, seen: SeenFiles, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    paths = write_documents(folder, 3)
    archive = Archive(tmp_path / "home")
    counting = Counting(folder, monkeypatch)
    first = ingest_paths(paths, archive, sqlite_store, extract=per_file(counting.extract), seen=seen)
    assert (first.read, first.extracted, first.index.documents) == (3, 3, 3)
    counting.reads.clear()

    second = ingest_paths(paths, archive, sqlite_store, extract=per_file(counting.extract), seen=seen)

    assert (second.read, second.unchanged, second.index.documents) == (0, 3, 0)
    assert counting.reads == []
    assert len(counting.extracted) == 3  # from the first run only

    paths[1].write_text(paths[1].read_text().replace("số 1 năm", "số 101 năm"))  # new content, new mtime
    counting.reads.clear()
    third = ingest_paths(paths, archive, sqlite_store, extract=per_file(counting.extract), seen=seen)

    assert (third.read, third.extracted, third.unchanged, third.index.documents) == (1, 1, 2, 1)
    assert set(counting.reads) == {paths[1]}  # hashed, then read by the extractor
    assert sqlite_store.counts().documents == 4  # the edited file is a new document; the old one stays


def test_verify_reads_every_file_and_a_touched_file_is_read_again(
    tmp_path: Path, sqlite_store: SqliteStore, seen: SeenFiles, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    paths = write_documents(folder, 2)
    archive = Archive(tmp_path / "home")
    counting = Counting(folder, monkeypatch)
    ingest_paths(paths, archive, sqlite_store, extract=per_file(counting.extract), seen=seen)
    counting.reads.clear()

    verified = ingest_paths(paths, archive, sqlite_store, extract=per_file(counting.extract), seen=seen, verify=True)
    assert (verified.read, verified.extracted, verified.unchanged) == (2, 0, 2)
    assert sorted(counting.reads) == paths

    stat = paths[0].stat()
    os.utime(paths[0], ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # same bytes, new mtime
    counting.reads.clear()
    touched = ingest_paths(paths, archive, sqlite_store, extract=per_file(counting.extract), seen=seen)
    assert (touched.read, touched.extracted, touched.unchanged) == (1, 0, 2)
    assert counting.reads == [paths[0]]


def test_another_store_is_not_assumed_to_hold_what_this_one_indexed(
    tmp_path: Path, sqlite_store: SqliteStore, seen: SeenFiles
) -> None:
    paths = write_documents(tmp_path / "in", 2)
    archive = Archive(tmp_path / "home")
    ingest_paths(paths, archive, sqlite_store, extract=per_file(stub_extractor.extract_file), seen=seen)
    other = SqliteStore(tmp_path / "other.sqlite")
    other.name = "elasticsearch"  # stands for a store of another kind: only the name is compared
    try:
        summary = ingest_paths(paths, archive, other, extract=per_file(stub_extractor.extract_file), seen=seen)
        assert (summary.read, summary.index.documents) == (2, 2)
    finally:
        other.close()


def test_the_ingest_command_says_how_many_files_it_did_not_read(tmp_path: Path) -> None:
    write_documents(tmp_path / "in", 3)
    env = {"KIEMCHUNG_HOME": str(tmp_path / "home"), "KIEMCHUNG_ELASTICSEARCH_URL": None}

    def ingest(*extra: str) -> str:
        result = CliRunner().invoke(app, ["ingest", str(tmp_path / "in"), "--extractor", STUB, *extra], env=env)
        assert result.exit_code == 0, result.output
        return result.output

    assert "3 extracted, 0 unchanged (0 not read)" in ingest()
    assert "0 extracted, 3 unchanged (3 not read), 0 failed; indexed 0 documents" in ingest()
    assert "0 extracted, 3 unchanged (0 not read), 0 failed; indexed 3 documents" in ingest("--verify")
