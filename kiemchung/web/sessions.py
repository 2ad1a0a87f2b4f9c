"""Server-side sessions: the signed cookie carries only a random session id; the database says
whether that session is still alive. Logging out revokes it; a password change or disabling a user
revokes all of that user's sessions, on every machine sharing the database.

Only the sha256 of an id is stored, so a copy of the database holds no live session.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa

from kiemchung.statedb import create_schema, engine_for, reading, writing
from kiemchung.web.chain import text_digest
from kiemchung.web.database import web_database

_METADATA = sa.MetaData()
_SESSIONS = sa.Table(
    "sessions", _METADATA,
    sa.Column("id_hash", sa.Text, primary_key=True),
    sa.Column("user", sa.Text, nullable=False),
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Column("expires_at", sa.Text, nullable=False),
    sa.Column("revoked_at", sa.Text),
    sa.Column("address", sa.Text),
    sa.Index("sessions_by_user", "user"),
)  # fmt: skip
Clock = Callable[[], dt.datetime]


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _hash(session_id: str) -> str:
    return text_digest(session_id)


class SessionStore:
    def __init__(self, target: Path | str, *, hours: int = 12, clock: Clock = _utc_now) -> None:
        self.target = target
        self.hours = hours
        self._clock = clock
        self._engine = engine_for(target)
        create_schema(self._engine, _METADATA)

    @classmethod
    def in_home(cls, home: Path, *, hours: int = 12) -> SessionStore:
        return cls(web_database(home), hours=hours)

    def start(self, user: str, address: str | None = None) -> str:
        """A new session for `user`; returns its id (for the signed cookie only)."""
        session_id = secrets.token_urlsafe(32)
        now = self._clock()
        with writing(self._engine) as conn:
            # Sessions that ended more than a day ago are of no use to anyone: keep the table small.
            yesterday = (now - dt.timedelta(days=1)).isoformat()
            conn.execute(_SESSIONS.delete().where(_SESSIONS.c.expires_at < yesterday))
            conn.execute(_SESSIONS.insert().values(
                id_hash=_hash(session_id), user=user, created_at=now.isoformat(),
                expires_at=(now + dt.timedelta(hours=self.hours)).isoformat(), address=address,
            ))  # fmt: skip
        return session_id

    def user_of(self, session_id: object) -> str | None:
        """The user of a live session (not revoked, not expired), else None."""
        if not isinstance(session_id, str) or not session_id:
            return None
        with reading(self._engine) as conn:
            row = conn.execute(
                sa.select(_SESSIONS.c.user, _SESSIONS.c.expires_at, _SESSIONS.c.revoked_at).where(
                    _SESSIONS.c.id_hash == _hash(session_id)
                )
            ).first()
        if row is None or row.revoked_at is not None or dt.datetime.fromisoformat(row.expires_at) <= self._clock():
            return None
        return str(row.user)

    def revoke(self, session_id: object) -> None:
        if not isinstance(session_id, str) or not session_id:
            return
        with writing(self._engine) as conn:
            conn.execute(
                _SESSIONS.update()
                .where(_SESSIONS.c.id_hash == _hash(session_id), _SESSIONS.c.revoked_at.is_(None))
                .values(revoked_at=self._clock().isoformat())
            )

    def revoke_user(self, user: str) -> int:
        """End every live session of `user`; returns how many there were."""
        now = self._clock().isoformat()
        with writing(self._engine) as conn:
            result = conn.execute(
                _SESSIONS.update()
                .where(_SESSIONS.c.user == user, _SESSIONS.c.revoked_at.is_(None), _SESSIONS.c.expires_at > now)
                .values(revoked_at=now)
            )
            return int(result.rowcount or 0)

    def live(self, user: str) -> int:
        now = self._clock().isoformat()
        with reading(self._engine) as conn:
            count = conn.execute(
                sa.select(sa.func.count()).where(
                    _SESSIONS.c.user == user, _SESSIONS.c.revoked_at.is_(None), _SESSIONS.c.expires_at > now
                )
            ).scalar()
        return int(count or 0)
