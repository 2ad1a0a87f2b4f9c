"""The blob store contract, on the filesystem (the default) and on a real S3 server (SeaweedFS):
atomic write-once objects, listing by prefix, keys that cannot leave the store."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from kiemchung.archive import BlobStore, BlobStoreError, FilesystemBlobStore, default_blob_store
from kiemchung.archive.s3 import S3BlobStore, parse_archive_url


def test_it_is_a_blob_store(blob_store: BlobStore) -> None:
    assert isinstance(blob_store, BlobStore)


def test_put_is_write_once_unless_overwrite(blob_store: BlobStore) -> None:
    assert not blob_store.exists("a/b/c")
    assert blob_store.put("a/b/c", b"first")
    assert blob_store.exists("a/b/c")
    assert not blob_store.put("a/b/c", b"second")
    assert blob_store.get("a/b/c") == b"first"
    assert blob_store.put("a/b/c", b"third", overwrite=True)
    assert blob_store.get("a/b/c") == b"third"
    assert list(blob_store.keys("a/")) == ["a/b/c"]


def test_a_missing_object_is_a_missing_file(blob_store: BlobStore) -> None:
    with pytest.raises(FileNotFoundError):
        blob_store.get("objects/no/such")


def test_concurrent_writers_of_one_key_store_it_once(blob_store: BlobStore) -> None:
    results: list[bool] = []
    barrier = threading.Barrier(8)

    def write(n: int) -> None:
        barrier.wait()
        results.append(blob_store.put("objects/ab/cd", bytes([n]) * 100_000))

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert results.count(True) == 1
    stored = blob_store.get("objects/ab/cd")
    assert len(stored) == 100_000 and len(set(stored)) == 1  # one writer's bytes, not a mix
    assert list(blob_store.keys("objects/")) == ["objects/ab/cd"]


def test_keys_lists_objects_under_a_prefix(blob_store: BlobStore) -> None:
    for key in ("x/1", "x/y/2", "xz/3", "z/4"):
        blob_store.put(key, b"")

    assert sorted(blob_store.keys("x/")) == ["x/1", "x/y/2"]
    assert list(blob_store.keys("nothing/")) == []


def test_a_temp_file_left_by_a_crash_is_not_a_key(tmp_path: Path) -> None:
    blobs = FilesystemBlobStore(tmp_path)
    blobs.put("x/1", b"")
    (tmp_path / "x" / ".tmp-left-by-a-crash.part").write_bytes(b"half")

    assert list(blobs.keys("x/")) == ["x/1"]
    assert [p.name for p in (tmp_path / "x").iterdir() if not p.name.startswith(".tmp-")] == ["1"]


@pytest.mark.parametrize("key", ["", "../escape", "a/../../b", "a//b", "/abs"])
def test_keys_cannot_leave_the_store(blob_store: BlobStore, key: str) -> None:
    with pytest.raises(ValueError, match="archive key"):
        blob_store.put(key, b"x")


def test_the_settings_choose_the_backend(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    default = default_blob_store(tmp_path)
    assert isinstance(default, FilesystemBlobStore) and default.root == tmp_path / "archive"
    monkeypatch.setenv("KIEMCHUNG_ARCHIVE_URL", "s3://evidence/province-a")
    monkeypatch.setenv("KIEMCHUNG_S3_ENDPOINT_URL", "http://127.0.0.1:9")
    chosen = default_blob_store(tmp_path)
    assert isinstance(chosen, S3BlobStore)
    assert (chosen.bucket, chosen.prefix, chosen.endpoint_url) == ("evidence", "province-a/", "http://127.0.0.1:9")
    assert parse_archive_url("s3://b") == ("b", "")


def test_an_unreachable_or_misnamed_bucket_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(BlobStoreError, match="s3://bucket"):
        parse_archive_url("/data/archive")
    store = S3BlobStore(
        "evidence", endpoint_url="http://127.0.0.1:9", access_key_id="k", secret_access_key="hidden-secret"
    )
    with pytest.raises(BlobStoreError) as refused:
        store.put("objects/ab/cd", b"x")
    message = str(refused.value)
    assert message.startswith("S3 ") and "s3://evidence/" in message
    assert "\n" not in message and "hidden-secret" not in message and "127.0.0.1:9" in message
