"""Where the web app keeps its users, sessions and audit log: `KIEMCHUNG_HOME/web.sqlite` by default,
or the shared PostgreSQL database of `KIEMCHUNG_STATE_URL` when several machines serve one team.

Connections are per operation on SQLite (the app serves requests from a thread pool and a connection
must not cross threads; WAL lets readers go on while a decision is appended) and pooled on
PostgreSQL: see `kiemchung.statedb`.

The SQLite file holds password hashes and the audit log: it is made owner-only (0600, in a home
made 0700), and a file an older version left readable by others is narrowed on first use. SQLite
gives its `-wal` and `-shm` files the mode of the database file.
"""

from __future__ import annotations

import os
from pathlib import Path

from kiemchung.settings import get_settings

WEB_DATABASE_FILE = "web.sqlite"
OWNER_ONLY_FILE = 0o600
OWNER_ONLY_DIRECTORY = 0o700


def private_file(path: Path) -> Path:
    """`path` exists, readable and writable by its owner only (its folder made 0700 if new)."""
    if not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=OWNER_ONLY_DIRECTORY)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, OWNER_ONLY_FILE))
    for companion in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            if companion.stat().st_mode & 0o077:
                companion.chmod(OWNER_ONLY_FILE)
        except FileNotFoundError:
            continue
    return path


def web_database(home: Path) -> Path | str:
    """The shared database URL when the settings name one, else the SQLite file in `home`."""
    url = get_settings().state_url
    if url:
        return url
    return private_file(home / WEB_DATABASE_FILE)
