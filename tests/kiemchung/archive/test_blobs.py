"""The filesystem blob store: atomic write-once objects, keys that cannot leave the root."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from kiemchung.archive import BlobStore, FilesystemBlobStore


def test_it_is_a_blob_store(tmp_path: Path) -> None:
    assert isinstance(FilesystemBlobStore(tmp_path), BlobStore)


def test_put_is_write_once_unless_overwrite(tmp_path: Path) -> None:
    blobs = FilesystemBlobStore(tmp_path)

    assert blobs.put("a/b/c", b"first")
    assert not blobs.put("a/b/c", b"second")
    assert blobs.get("a/b/c") == b"first"
    assert blobs.put("a/b/c", b"third", overwrite=True)
    assert blobs.get("a/b/c") == b"third"
    assert [p.name for p in (tmp_path / "a" / "b").iterdir()] == ["c"]


def test_concurrent_writers_of_one_key_store_it_once(tmp_path: Path) -> None:
    blobs = FilesystemBlobStore(tmp_path)
    results: list[bool] = []
    barrier = threading.Barrier(8)

    def write(n: int) -> None:
        barrier.wait()
        results.append(blobs.put("objects/ab/cd", b"x" * 100_000))

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert results.count(True) == 1
    assert blobs.get("objects/ab/cd") == b"x" * 100_000
    assert [p.name for p in (tmp_path / "objects" / "ab").iterdir()] == ["cd"]


def test_keys_lists_objects_under_a_prefix(tmp_path: Path) -> None:
    blobs = FilesystemBlobStore(tmp_path)
    for key in ("x/1", "x/y/2", "z/3"):
        blobs.put(key, b"")
    (tmp_path / "x" / ".tmp-left-by-a-crash.part").write_bytes(b"half")

    assert sorted(blobs.keys("x/")) == ["x/1", "x/y/2"]
    assert list(blobs.keys("nothing/")) == []


@pytest.mark.parametrize("key", ["", "../escape", "a/../../b", "a//b", "/abs"])
def test_keys_cannot_leave_the_root(tmp_path: Path, key: str) -> None:
    with pytest.raises(ValueError, match="archive key"):
        FilesystemBlobStore(tmp_path).put(key, b"x")
