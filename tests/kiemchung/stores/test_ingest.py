"""Ingest: archive → extract → index, with a stub extractor standing in for the PDF pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.models import DocumentRecord
from kiemchung.archive import Archive
from kiemchung.stores.base import EvidenceStore, SearchQuery
from kiemchung.stores.ingest import IngestOutcome, ingest_paths, load_file_extractor, per_file
from tests.kiemchung.stores import stub_extractor


def write_documents(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        page = f"Kế hoạch cải cách hành chính số {n} năm 2024"
        path = folder / f"doc-{n:03d}.pdf"
        path.write_text(stub_extractor.document_json([page, f"Trang hai của {n}"], [["1.1.1", 1, page]], "q3", 2024))
        paths.append(path)
    return paths


class CountingExtractor:
    def __init__(self) -> None:
        self.seen: list[Path] = []

    def __call__(self, path: Path) -> DocumentRecord:
        self.seen.append(path)
        return stub_extractor.extract_file(path)


def test_ingest_archives_extracts_and_indexes(tmp_path: Path, store: EvidenceStore) -> None:
    paths = write_documents(tmp_path / "in", 3)
    archive = Archive(tmp_path / "home")
    outcomes: list[IngestOutcome] = []

    summary = ingest_paths(paths, archive, store, extract=per_file(CountingExtractor()), on_outcome=outcomes.append)

    assert [o.status for o in outcomes] == ["extracted"] * 3
    assert (summary.extracted, summary.index.documents, summary.index.pages) == (3, 3, 6)
    shas = {o.sha256 for o in outcomes}
    assert set(archive.iter_originals()) == shas
    assert {r.sha256 for r in archive.iter_records()} == shas
    assert store.indexed_sha256s() == shas
    assert store.search(SearchQuery(text="cai cach", criterion="1.1", year=2024)).total == 3


def test_ingesting_unchanged_files_again_extracts_nothing(tmp_path: Path, sqlite_store: EvidenceStore) -> None:
    paths = write_documents(tmp_path / "in", 3)
    archive = Archive(tmp_path / "home")
    ingest_paths(paths, archive, sqlite_store, extract=per_file(CountingExtractor()))
    again = CountingExtractor()

    summary = ingest_paths(paths, archive, sqlite_store, extract=per_file(again))

    assert again.seen == []
    assert (summary.unchanged, summary.extracted) == (3, 0)
    assert sqlite_store.counts().documents == 3


def test_a_moved_file_is_the_same_document(tmp_path: Path, sqlite_store: EvidenceStore) -> None:
    (path,) = write_documents(tmp_path / "in", 1)
    archive = Archive(tmp_path / "home")
    ingest_paths([path], archive, sqlite_store, extract=per_file(CountingExtractor()))
    moved = tmp_path / "elsewhere" / "renamed.pdf"
    moved.parent.mkdir()
    path.rename(moved)

    summary = ingest_paths([moved], archive, sqlite_store, extract=per_file(CountingExtractor()))

    assert summary.unchanged == 1
    (sha256,) = archive.iter_originals()
    assert [p.source for p in archive.provenance(sha256)] == [str(path.resolve()), str(moved.resolve())]
    assert sqlite_store.counts().documents == 1


def test_a_failed_extraction_is_reported_not_archived_and_retried(tmp_path: Path, sqlite_store: EvidenceStore) -> None:
    good = write_documents(tmp_path / "in", 1)
    bad = tmp_path / "in" / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 not json")
    archive = Archive(tmp_path / "home")
    outcomes: list[IngestOutcome] = []

    ingest_paths([bad, *good], archive, sqlite_store, extract=per_file(CountingExtractor()),
                 on_outcome=outcomes.append)  # fmt: skip
    retry = CountingExtractor()
    ingest_paths([bad, *good], archive, sqlite_store, extract=per_file(retry))

    assert [(o.file, o.status, o.error) for o in outcomes] == [
        (str(bad), "failed", "not a stub document"), (str(good[0]), "extracted", None)
    ]  # fmt: skip
    assert sqlite_store.counts().documents == 1
    assert len(list(archive.iter_records())) == 1
    assert retry.seen == [bad]


def test_an_extractor_that_raises_fails_one_file_only(tmp_path: Path, sqlite_store: EvidenceStore) -> None:
    paths = write_documents(tmp_path / "in", 2)

    def explode_on_first(path: Path) -> DocumentRecord:
        if path == paths[0]:
            raise RuntimeError("boom")
        return stub_extractor.extract_file(path)

    outcomes: list[IngestOutcome] = []
    ingest_paths(paths, Archive(tmp_path / "home"), sqlite_store, extract=per_file(explode_on_first),
                 on_outcome=outcomes.append)  # fmt: skip

    assert [o.status for o in outcomes] == ["failed", "extracted"]
    assert outcomes[0].error == "extraction failed: boom"


def test_an_unreadable_path_is_a_failed_outcome(tmp_path: Path, sqlite_store: EvidenceStore) -> None:
    outcomes: list[IngestOutcome] = []
    ingest_paths([tmp_path / "gone.pdf"], Archive(tmp_path / "home"), sqlite_store,
                 extract=per_file(CountingExtractor()), on_outcome=outcomes.append)  # fmt: skip
    assert outcomes[0].status == "failed" and "cannot read" in (outcomes[0].error or "")


def test_extractors_are_loaded_by_name() -> None:
    assert load_file_extractor("tests.kiemchung.stores.stub_extractor:extract_file") is stub_extractor.extract_file
    for bad in ("no_colon", "nowhere.module:f", "json:no_such_function", "json:__doc__"):
        with pytest.raises(ValueError):
            load_file_extractor(bad)
