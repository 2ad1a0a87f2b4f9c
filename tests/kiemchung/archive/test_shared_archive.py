"""Two machines, one bucket: what one ingests, the other finds archived (and does not extract again)."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from core.models import DocumentRecord
from kiemchung.archive import Archive
from kiemchung.archive.s3 import S3BlobStore
from kiemchung.stores.ingest import ingest_paths, per_file
from kiemchung.stores.sqlite_store import SqliteStore
from tests.kiemchung.stores import stub_extractor
from tests.state_servers import S3_ACCESS_KEY, S3_SECRET_KEY, S3_TEST_BUCKET


def test_a_second_machine_reuses_what_the_first_archived(
    tmp_path: Path, s3_endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIEMCHUNG_ARCHIVE_URL", f"s3://{S3_TEST_BUCKET}/{uuid.uuid4().hex[:12]}/archive")
    monkeypatch.setenv("KIEMCHUNG_S3_ENDPOINT_URL", s3_endpoint)
    monkeypatch.setenv("KIEMCHUNG_S3_ACCESS_KEY_ID", S3_ACCESS_KEY)
    monkeypatch.setenv("KIEMCHUNG_S3_SECRET_ACCESS_KEY", S3_SECRET_KEY)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    paths = []
    for n in range(3):
        page = f"Kế hoạch cải cách hành chính số {n} năm 2024"
        paths.append(inbox / f"doc-{n}.pdf")
        paths[-1].write_text(stub_extractor.document_json([page], [["1.1.1", 1, page]], "q3", 2024))
    extracted: list[Path] = []

    def extract(path: Path) -> DocumentRecord:
        extracted.append(path)
        return stub_extractor.extract_file(path)

    first = Archive(tmp_path / "machine-1")  # the settings choose the bucket
    assert isinstance(first.blobs, S3BlobStore)
    store = SqliteStore(tmp_path / "index-1.sqlite")
    ingest_paths(paths, first, store, extract=per_file(extract))
    store.close()
    assert len(extracted) == 3 and not (tmp_path / "machine-1" / "archive").exists()

    second = Archive(tmp_path / "machine-2")
    assert {r.sha256 for r in second.iter_records()} == set(first.iter_originals())
    store = SqliteStore(tmp_path / "index-2.sqlite")
    summary = ingest_paths(paths, second, store, extract=per_file(extract))
    store.close()
    assert summary.index.documents == 3  # indexed from the archived records
    assert len(extracted) == 3  # nothing extracted again
    assert second.verify() == []
