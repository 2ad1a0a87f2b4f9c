"""Users and roles, with argon2id password hashes (argon2-cffi), in the web app's database.

Roles: an appraiser (thẩm định viên) reads and decides scores; an auditor (kiểm toán viên) reads
everything, including the decision log, and changes nothing; an admin does both and manages users.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Literal

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from core.models import Model
from kiemchung.statedb import create_schema, engine_for, reading, upsert, writing
from kiemchung.web.database import web_database

Role = Literal["appraiser", "auditor", "admin"]
ROLES: tuple[Role, ...] = ("appraiser", "auditor", "admin")
ROLE_LABELS: dict[str, str] = {"appraiser": "Thẩm định viên", "auditor": "Kiểm toán viên", "admin": "Quản trị"}
MIN_PASSWORD_LENGTH = 8
_USER_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")
# A hash checked when the user does not exist, so that a wrong name costs as long as a wrong password.
_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not a password of anyone")

_METADATA = sa.MetaData()
_USERS = sa.Table(
    "users", _METADATA,
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("role", sa.Text, sa.CheckConstraint("role IN ('appraiser', 'auditor', 'admin')"), nullable=False),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("created_at", sa.Text, nullable=False),
)  # fmt: skip


class UserError(ValueError):
    """A user that cannot be added or changed; the message is one line for the person at the keyboard."""


class User(Model):
    name: str
    role: Role

    @property
    def can_decide(self) -> bool:
        return self.role in ("appraiser", "admin")

    @property
    def can_read_audit_log(self) -> bool:
        return self.role in ("auditor", "admin")

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]


def check_user_name(name: str) -> str:
    if not _USER_NAME.fullmatch(name):
        raise UserError(
            f"a user name is 2-64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit: "
            f"{name!r}"
        )
    return name


class UserStore:
    def __init__(self, target: Path | str) -> None:
        """`target`: the SQLite file, or a database URL (`postgresql+psycopg://…`)."""
        self.target = target
        self._engine = engine_for(target)
        create_schema(self._engine, _METADATA)

    @classmethod
    def in_home(cls, home: Path) -> UserStore:
        """The shared database when `KIEMCHUNG_STATE_URL` names one, else `home/web.sqlite`."""
        return cls(web_database(home))

    def add(self, name: str, role: str, password: str, *, replace: bool = False) -> User:
        """Add a user (or, with `replace`, set an existing user's role and password)."""
        check_user_name(name)
        if role not in ROLES:
            raise UserError(f"unknown role {role!r} (one of: {', '.join(ROLES)})")
        if len(password) < MIN_PASSWORD_LENGTH:
            raise UserError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
        password_hash = _hasher.hash(password)
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with writing(self._engine) as conn:
            insert = upsert(conn, _USERS).values(name=name, role=role, password_hash=password_hash, created_at=now)
            if replace:
                conn.execute(
                    insert.on_conflict_do_update(
                        index_elements=["name"],
                        set_={"role": insert.excluded.role, "password_hash": insert.excluded.password_hash},
                    )
                )
            else:
                added = insert.on_conflict_do_nothing(index_elements=["name"]).returning(_USERS.c.name)
                if conn.execute(added).first() is None:
                    raise UserError(f"user {name!r} exists already")
        return User.model_validate({"name": name, "role": role})

    def get(self, name: str) -> User | None:
        with reading(self._engine) as conn:
            row = conn.execute(sa.select(_USERS.c.name, _USERS.c.role).where(_USERS.c.name == name)).first()
        return User(name=row.name, role=row.role) if row else None

    def all(self) -> list[User]:
        with reading(self._engine) as conn:
            rows = conn.execute(sa.select(_USERS.c.name, _USERS.c.role).order_by(_USERS.c.name)).all()
        return [User(name=row.name, role=row.role) for row in rows]

    def password_hash(self, name: str) -> str | None:
        """The stored hash (for checks and audits; never shown to users)."""
        with reading(self._engine) as conn:
            stored: str | None = conn.execute(
                sa.select(_USERS.c.password_hash).where(_USERS.c.name == name)
            ).scalar_one_or_none()
        return stored

    def authenticate(self, name: str, password: str) -> User | None:
        with reading(self._engine) as conn:
            row = conn.execute(sa.select(_USERS).where(_USERS.c.name == name)).first()
        stored = row.password_hash if row else _DUMMY_HASH
        try:
            _hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return None
        if row is None:
            return None
        if _hasher.check_needs_rehash(stored):
            with writing(self._engine) as conn:
                conn.execute(_USERS.update().where(_USERS.c.name == name).values(password_hash=_hasher.hash(password)))
        return User(name=row.name, role=row.role)
