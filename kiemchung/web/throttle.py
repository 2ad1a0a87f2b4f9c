"""Login throttling, per user name and per client address, shared by every server process through
the web database. After `limit` failures within `window` seconds, each further attempt must wait
`base * 2^(failures - limit)` seconds (at most `longest`) after the last failure; the wait is
checked before the password is, so a locked account is no password oracle. A success clears the
user name's failures (not the address's: one good account does not unlock guessing at others).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from kiemchung.statedb import create_schema, engine_for, reading, writing
from kiemchung.web.database import web_database

_METADATA = sa.MetaData()
_FAILURES = sa.Table(
    "login_failures", _METADATA,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("key", sa.Text, nullable=False),
    sa.Column("at", sa.Float, nullable=False),
    sa.Index("login_failures_by_key", "key", "at"),
)  # fmt: skip


@dataclass(frozen=True)
class ThrottleRule:
    limit: int
    window: float = 900.0
    base: float = 30.0
    longest: float = 900.0


USER_RULE = ThrottleRule(limit=5)
ADDRESS_RULE = ThrottleRule(limit=20)


class LoginThrottle:
    def __init__(
        self,
        target: Path | str,
        *,
        user_rule: ThrottleRule = USER_RULE,
        address_rule: ThrottleRule = ADDRESS_RULE,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._engine = engine_for(target)
        self._rules = {"user": user_rule, "address": address_rule}
        self._clock = clock
        create_schema(self._engine, _METADATA)

    @classmethod
    def in_home(cls, home: Path) -> LoginThrottle:
        return cls(web_database(home))

    def _keys(self, name: str, address: str | None) -> dict[str, str]:
        keys = {"user": f"user:{name.strip().casefold()[:128]}"}
        if address:
            keys["address"] = f"address:{address}"
        return keys

    def retry_after(self, name: str, address: str | None) -> int:
        """Seconds to wait before the next attempt may be checked; 0 when it may be now."""
        now = self._clock()
        wait = 0.0
        with reading(self._engine) as conn:
            for kind, key in self._keys(name, address).items():
                rule = self._rules[kind]
                row = conn.execute(
                    sa.select(sa.func.count(), sa.func.max(_FAILURES.c.at)).where(
                        _FAILURES.c.key == key, _FAILURES.c.at > now - rule.window
                    )
                ).one()
                count, last = int(row[0]), row[1]
                if count >= rule.limit and last is not None:
                    delay = min(rule.base * 2 ** (count - rule.limit), rule.longest)
                    wait = max(wait, float(last) + delay - now)
        return math.ceil(wait) if wait > 0 else 0

    def failed(self, name: str, address: str | None) -> None:
        now = self._clock()
        longest_window = max(rule.window for rule in self._rules.values())
        with writing(self._engine) as conn:
            conn.execute(_FAILURES.delete().where(_FAILURES.c.at < now - longest_window))
            for key in self._keys(name, address).values():
                conn.execute(_FAILURES.insert().values(key=key, at=now))

    def succeeded(self, name: str) -> None:
        with writing(self._engine) as conn:
            conn.execute(_FAILURES.delete().where(_FAILURES.c.key == self._keys(name, None)["user"]))
