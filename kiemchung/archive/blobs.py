"""Where the archive's bytes live: a key → bytes store with atomic, write-once objects.

Keys are `/`-separated relative paths (`objects/ab/cdef…`). The filesystem backend is the default;
`KIEMCHUNG_ARCHIVE_URL=s3://bucket[/prefix]` selects the S3-compatible bucket backend
(`kiemchung.archive.s3`: put = PutObject with `If-None-Match: *`, list = ListObjectsV2 by prefix),
so the archive never touches `os` itself.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol, runtime_checkable


class BlobStoreError(OSError):
    """A backend that cannot be reached or refuses an operation; one line, no credentials."""


def check_key(key: str) -> str:
    parts = key.split("/")
    if not key or any(part in ("", ".", "..") for part in parts):
        raise ValueError(f"not a valid archive key: {key!r}")
    return key


def default_blob_store(home: Path) -> BlobStore:
    """The bucket named by the settings' `archive_url`, else the folder `home/archive`."""
    from kiemchung.settings import get_settings

    settings = get_settings()
    if not settings.archive_url:
        return FilesystemBlobStore(home / "archive")
    from kiemchung.archive.s3 import S3BlobStore

    secret = settings.s3_secret_access_key
    return S3BlobStore.from_url(
        settings.archive_url,
        endpoint_url=settings.s3_endpoint_url,
        access_key_id=settings.s3_access_key_id,
        secret_access_key=secret.get_secret_value() if secret is not None else None,
        region=settings.s3_region,
    )


@runtime_checkable
class BlobStore(Protocol):
    def exists(self, key: str) -> bool: ...

    def get(self, key: str) -> bytes: ...

    def put(self, key: str, data: bytes, *, overwrite: bool = False) -> bool:
        """Store `data` under `key` atomically; False (and nothing written) if it exists and not `overwrite`."""
        ...

    def keys(self, prefix: str) -> Iterator[str]:
        """Every key under `prefix` (a folder-like prefix ending in `/`), in no particular order."""
        ...

    def local_path(self, key: str) -> Path | None:
        """A path to the object on this machine, if the backend has one (the filesystem does)."""
        ...


class FilesystemBlobStore:
    """Objects as files under `root`; a write goes to a temp file, is fsynced, then renamed in place."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def __repr__(self) -> str:
        return f"FilesystemBlobStore({self.root})"

    def _path(self, key: str) -> Path:
        return self.root.joinpath(*check_key(key).split("/"))

    def delete(self, key: str) -> None:
        """Remove one object (tests and operators; the archive itself never deletes)."""
        self._path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def get(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def local_path(self, key: str) -> Path | None:
        return self._path(key)

    def put(self, key: str, data: bytes, *, overwrite: bool = False) -> bool:
        target = self._path(key)
        if not overwrite and target.is_file():
            return False
        _private_dirs(target.parent)
        fd, temp_name = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as temp:
                temp.write(data)
                temp.flush()
                os.fsync(temp.fileno())
            if overwrite:
                os.replace(temp_name, target)
            else:
                # link() fails if the name exists: two writers of the same object never clobber each other.
                try:
                    os.link(temp_name, target)
                except FileExistsError:
                    return False
                finally:
                    os.unlink(temp_name)
        except BaseException:
            if os.path.exists(temp_name):
                os.unlink(temp_name)
            raise
        _fsync_dir(target.parent)
        return True

    def keys(self, prefix: str) -> Iterator[str]:
        base = self._path(prefix.rstrip("/"))
        if not base.is_dir():
            return
        for dirpath, _dirnames, filenames in os.walk(base):
            for name in filenames:
                if name.startswith(".tmp-"):
                    continue
                yield Path(dirpath, name).relative_to(self.root).as_posix()


def _private_dirs(directory: Path) -> None:
    """Make `directory` and any missing parent owner-only (0700): the archive holds the originals."""
    missing: list[Path] = []
    while not directory.exists():
        missing.append(directory)
        directory = directory.parent
    for folder in reversed(missing):
        folder.mkdir(mode=0o700, exist_ok=True)


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
