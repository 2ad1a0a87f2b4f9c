"""The archive: originals by sha256, provenance per source, extraction records per extractor version.

Every test runs on both blob stores (the `blob_store` fixture): a folder and a real S3 bucket."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from core.models import DocumentRecord, Page, Word
from kiemchung.archive import Archive, ArchiveError, BlobStore, FilesystemBlobStore, Provenance


def make_record(data: bytes, version: str, *, unit: str | None = "q3", year: int | None = 2024) -> DocumentRecord:
    return DocumentRecord(
        file="a.pdf", sha256=hashlib.sha256(data).hexdigest(), extractor_version=version, unit=unit, year=year,
        pages=[Page(page=1, method="text", text=f"made by {version}")],
    )  # fmt: skip


def test_original_is_stored_under_its_sha256(tmp_path: Path, blob_store: BlobStore) -> None:
    archive = Archive(tmp_path, blobs=blob_store)
    data = b"%PDF-1.7 evidence"
    digest = hashlib.sha256(data).hexdigest()

    added = archive.add_bytes(data, Provenance(source="https://example.gov.vn/a.pdf", kind="url", http_status=200))

    key = f"objects/{digest[:2]}/{digest[2:]}"
    assert added.sha256 == digest and added.new_original
    assert blob_store.get(key) == data
    assert archive.has_original(digest) and archive.read_original(digest) == data
    assert list(archive.iter_originals()) == [digest]
    assert archive.original_path(digest) == blob_store.local_path(key)  # a file on disk, or none (S3)


def test_the_default_archive_is_a_folder_in_home(tmp_path: Path) -> None:
    archive = Archive(tmp_path)
    added = archive.add_bytes(b"%PDF", Provenance(source="/a.pdf"))

    path = tmp_path / "archive" / "objects" / added.sha256[:2] / added.sha256[2:]
    assert isinstance(archive.blobs, FilesystemBlobStore)
    assert archive.original_path(added.sha256) == path and path.read_bytes() == b"%PDF"
    assert not list(path.parent.glob(".tmp-*"))


def test_adding_the_same_bytes_again_is_a_no_op(tmp_path: Path, blob_store: BlobStore) -> None:
    archive = Archive(tmp_path, blobs=blob_store)
    first = archive.add_bytes(b"same", Provenance(source="/data/a.pdf"))

    again = archive.add_bytes(b"same", Provenance(source="/data/a.pdf"))

    assert (first.new_original, first.new_source) == (True, True)
    assert (again.new_original, again.new_source) == (False, False)
    assert len(archive.provenance(first.sha256)) == 1
    assert archive.read_original(first.sha256) == b"same"


def test_a_moved_file_is_one_more_provenance_record_not_a_new_document(tmp_path: Path, blob_store: BlobStore) -> None:
    archive = Archive(tmp_path / "home", blobs=blob_store)
    original = tmp_path / "inbox" / "kh-297.pdf"
    original.parent.mkdir()
    original.write_bytes(b"%PDF plan")
    first = archive.add_file(original, flow_run_id="run-1")
    moved = tmp_path / "sorted" / "2024" / "ke-hoach.pdf"
    moved.parent.mkdir(parents=True)
    original.rename(moved)

    second = archive.add_file(moved, flow_run_id="run-2")

    assert second.sha256 == first.sha256 and not second.new_original and second.new_source
    assert list(archive.iter_originals()) == [first.sha256]
    provenance = archive.provenance(first.sha256)
    assert [p.source for p in provenance] == [str(original.resolve()), str(moved.resolve())]
    assert [p.flow_run_id for p in provenance] == ["run-1", "run-2"]
    assert all(p.size == len(b"%PDF plan") and p.sha256 == first.sha256 for p in provenance)


def test_http_provenance_keeps_status_and_headers(tmp_path: Path, blob_store: BlobStore) -> None:
    archive = Archive(tmp_path, blobs=blob_store)
    added = archive.add_bytes(
        b"pdf", Provenance(source="https://x.gov.vn/1.pdf", kind="url", http_status=200,
                           http_headers={"content-type": "application/pdf", "etag": '"abc"'})
    )  # fmt: skip

    (record,) = archive.provenance(added.sha256)
    assert (record.kind, record.http_status, record.http_headers["etag"]) == ("url", 200, '"abc"')
    assert record.fetched_at.tzinfo is not None


def test_add_file_of_a_missing_path_is_a_clear_error(tmp_path: Path, blob_store: BlobStore) -> None:
    with pytest.raises(ArchiveError, match=r"cannot read .*missing\.pdf"):
        Archive(tmp_path, blobs=blob_store).add_file(tmp_path / "missing.pdf")


def test_records_are_kept_per_extractor_version_and_the_latest_wins(tmp_path: Path, blob_store: BlobStore) -> None:
    archive = Archive(tmp_path, blobs=blob_store)
    data = b"doc"
    archive.add_bytes(data, Provenance(source="/a.pdf"))
    for version in ("2026.11.23-9", "2026.11.23-10", "2026.1.5-1"):
        archive.put_record(make_record(data, version))
    digest = hashlib.sha256(data).hexdigest()

    latest = archive.get_record(digest)

    assert latest is not None and latest.extractor_version == "2026.11.23-10"
    older = archive.get_record(digest, "2026.11.23-9")
    assert older is not None and older.pages[0].text == "made by 2026.11.23-9"
    assert archive.get_record(digest, "2099.1.1-1") is None
    assert archive.has_record(digest, "2026.1.5-1")
    assert archive.record_versions(digest) == ["2026.1.5-1", "2026.11.23-9", "2026.11.23-10"]
    assert [r.extractor_version for r in archive.iter_records()] == ["2026.11.23-10"]


def test_a_record_keeps_word_boxes(tmp_path: Path, blob_store: BlobStore) -> None:
    archive = Archive(tmp_path, blobs=blob_store)
    record = make_record(b"x", "v1")
    record.pages[0].words.append(Word(text="Số", x0=1.0, top=2.0, x1=3.0, bottom=4.0))
    archive.put_record(record)

    stored = archive.get_record(record.sha256)

    assert stored is not None and stored.pages[0].words == record.pages[0].words


def test_iter_records_filters_by_unit_and_year(tmp_path: Path, blob_store: BlobStore) -> None:
    archive = Archive(tmp_path, blobs=blob_store)
    archive.put_record(make_record(b"a", "v1", unit="q1", year=2023))
    archive.put_record(make_record(b"b", "v1", unit="q1", year=2024))
    archive.put_record(make_record(b"c", "v1", unit="q3", year=2024))
    sha = {name: hashlib.sha256(name).hexdigest() for name in (b"a", b"b", b"c")}

    assert {r.sha256 for r in archive.iter_records(unit="q1")} == {sha[b"a"], sha[b"b"]}
    assert {r.sha256 for r in archive.iter_records(year=2024)} == {sha[b"b"], sha[b"c"]}
    assert [r.sha256 for r in archive.iter_records(unit="q1", year=2024)] == [sha[b"b"]]
    assert list(archive.iter_records(unit="q9")) == []


def test_a_record_without_version_or_with_a_bad_sha_is_refused(tmp_path: Path, blob_store: BlobStore) -> None:
    archive = Archive(tmp_path, blobs=blob_store)
    with pytest.raises(ArchiveError, match="extractor version"):
        archive.put_record(make_record(b"a", ""))
    with pytest.raises(ArchiveError, match="sha256"):
        archive.put_record(make_record(b"a", "v1").model_copy(update={"sha256": "../../etc"}))


def test_verify_finds_a_changed_original_and_a_missing_one(tmp_path: Path, blob_store: BlobStore) -> None:
    archive = Archive(tmp_path, blobs=blob_store)
    intact = archive.add_bytes(b"intact", Provenance(source="/1.pdf"))
    damaged = archive.add_bytes(b"damaged", Provenance(source="/2.pdf"))
    lost = archive.add_bytes(b"lost", Provenance(source="/3.pdf"))
    assert archive.verify() == []

    blob_store.put(f"objects/{damaged.sha256[:2]}/{damaged.sha256[2:]}", b"damaged!", overwrite=True)
    blob_store.delete(f"objects/{lost.sha256[:2]}/{lost.sha256[2:]}")  # type: ignore[attr-defined]
    seen: list[str] = []

    problems = archive.verify(progress=seen.append)

    assert {(p.sha256, p.problem) for p in problems} == {
        (damaged.sha256, "hash_mismatch"), (lost.sha256, "missing_original")
    }  # fmt: skip
    assert sorted(seen) == sorted([intact.sha256, damaged.sha256])
    with pytest.raises(ArchiveError, match="no original"):
        archive.read_original(lost.sha256)
