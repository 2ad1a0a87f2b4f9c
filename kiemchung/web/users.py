"""Users and roles, with argon2id password hashes (argon2-cffi), in the web app's SQLite file.

Roles: an appraiser (thẩm định viên) reads and decides scores; an auditor (kiểm toán viên) reads
everything, including the decision log, and changes nothing; an admin does both and manages users.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from pathlib import Path
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from kiemchung.models import Model
from kiemchung.web.database import connect, transaction

Role = Literal["appraiser", "auditor", "admin"]
ROLES: tuple[Role, ...] = ("appraiser", "auditor", "admin")
ROLE_LABELS: dict[str, str] = {"appraiser": "Thẩm định viên", "auditor": "Kiểm toán viên", "admin": "Quản trị"}
MIN_PASSWORD_LENGTH = 8
_USER_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")
# A hash checked when the user does not exist, so that a wrong name costs as long as a wrong password.
_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not a password of anyone")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('appraiser', 'auditor', 'admin')),
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);
"""


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
    def __init__(self, path: Path) -> None:
        self.path = path
        with connect(path) as conn:
            conn.executescript(_SCHEMA)

    def add(self, name: str, role: str, password: str, *, replace: bool = False) -> User:
        """Add a user (or, with `replace`, set an existing user's role and password)."""
        check_user_name(name)
        if role not in ROLES:
            raise UserError(f"unknown role {role!r} (one of: {', '.join(ROLES)})")
        if len(password) < MIN_PASSWORD_LENGTH:
            raise UserError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
        password_hash = _hasher.hash(password)
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with connect(self.path) as conn, transaction(conn):
            try:
                if replace:
                    conn.execute(
                        "INSERT INTO users VALUES (?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET role = excluded.role,"
                        " password_hash = excluded.password_hash",
                        (name, role, password_hash, now),
                    )
                else:
                    conn.execute("INSERT INTO users VALUES (?, ?, ?, ?)", (name, role, password_hash, now))
            except sqlite3.IntegrityError:
                raise UserError(f"user {name!r} exists already") from None
        return User.model_validate({"name": name, "role": role})

    def get(self, name: str) -> User | None:
        with connect(self.path) as conn:
            row = conn.execute("SELECT name, role FROM users WHERE name = ?", (name,)).fetchone()
        return User(name=row["name"], role=row["role"]) if row else None

    def all(self) -> list[User]:
        with connect(self.path) as conn:
            rows = conn.execute("SELECT name, role FROM users ORDER BY name").fetchall()
        return [User(name=row["name"], role=row["role"]) for row in rows]

    def authenticate(self, name: str, password: str) -> User | None:
        with connect(self.path) as conn:
            row = conn.execute("SELECT name, role, password_hash FROM users WHERE name = ?", (name,)).fetchone()
        stored = row["password_hash"] if row else _DUMMY_HASH
        try:
            _hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return None
        if row is None:
            return None
        if _hasher.check_needs_rehash(stored):
            with connect(self.path) as conn:
                conn.execute("UPDATE users SET password_hash = ? WHERE name = ?", (_hasher.hash(password), name))
        return User(name=row["name"], role=row["role"])
