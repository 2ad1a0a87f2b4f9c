"""Files ingested before, by what the file system says of them: a re-run over unchanged files reads
no byte and indexes nothing.

A file counts as unchanged when its resolved path, size, modification time (ns), inode and device
are those recorded when it was last archived, extracted for this extractor version and indexed in
this store. Anything else — an edit, a copy over it, a move, another extractor version or another
store — sends it through the full path (read, hash, archive, extract if needed, index).
`kiemchung ingest --verify` ignores this state and checks every file (and records what it finds).

The state is a small SQLite file in the home. It is about this machine's file system (inodes), so
it stays local even when the archive and the index are shared.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

FILE_NAME = "seen-files.sqlite"


@dataclass(frozen=True)
class FileIdentity:
    path: str
    size: int
    mtime_ns: int
    inode: int
    device: int

    @classmethod
    def of(cls, path: Path) -> FileIdentity | None:
        """The file's identity, or None if it cannot be stat'ed (the full path then reports why)."""
        try:
            resolved = path.resolve()
            stat = os.stat(resolved)
        except OSError:
            return None
        return cls(str(resolved), stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_dev)


class SeenFiles:
    def __init__(self, home: Path) -> None:
        home.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(home / FILE_NAME, timeout=30, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS seen (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, "
            "inode INTEGER, device INTEGER, sha256 TEXT, extractor_version TEXT, store TEXT)"
        )

    def unchanged(self, identity: FileIdentity, extractor_version: str, store: str) -> str | None:
        """The sha256 recorded for this very file, version and store; None if anything differs."""
        i = identity
        row = self._conn.execute(
            "SELECT sha256 FROM seen WHERE path = ? AND size = ? AND mtime_ns = ? AND inode = ? AND device = ? "
            "AND extractor_version = ? AND store = ?",
            (i.path, i.size, i.mtime_ns, i.inode, i.device, extractor_version, store),
        ).fetchone()
        return str(row[0]) if row else None

    def remember(self, files: Iterable[tuple[FileIdentity, str]], extractor_version: str, store: str) -> None:
        rows = [
            (i.path, i.size, i.mtime_ns, i.inode, i.device, sha256, extractor_version, store) for i, sha256 in files
        ]
        if rows:
            self._conn.executemany("INSERT OR REPLACE INTO seen VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)

    def close(self) -> None:
        self._conn.close()
