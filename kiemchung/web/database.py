"""Where the web app keeps its users and decision log: `KIEMCHUNG_HOME/web.sqlite` by default, or
the shared PostgreSQL database of `KIEMCHUNG_STATE_URL` when several machines serve one team.

Connections are per operation on SQLite (the app serves requests from a thread pool and a connection
must not cross threads; WAL lets readers go on while a decision is appended) and pooled on
PostgreSQL: see `kiemchung.statedb`.
"""

from __future__ import annotations

from pathlib import Path

from kiemchung.settings import get_settings

WEB_DATABASE_FILE = "web.sqlite"


def web_database(home: Path) -> Path | str:
    """The shared database URL when the settings name one, else the SQLite file in `home`."""
    return get_settings().state_url or home / WEB_DATABASE_FILE
