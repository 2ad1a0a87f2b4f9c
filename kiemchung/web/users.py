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
from kiemchung.i18n import _
from kiemchung.statedb import create_schema, engine_for, is_postgresql, reading, upsert, writing
from kiemchung.web.database import web_database

Role = Literal["appraiser", "auditor", "admin"]
ROLES: tuple[Role, ...] = ("appraiser", "auditor", "admin")
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256
MIN_DISTINCT_CHARACTERS = 5
# Passwords people pick first (Vietnamese and English); the check ignores case, spaces and separators.
_COMMON_PASSWORDS = frozenset({
    "1234567890", "0123456789", "12345678910", "1111111111", "password123", "password1234", "passw0rd123",
    "qwertyuiop", "qwerty12345", "abc1234567", "abcdefghij", "iloveyou123", "admin12345", "administrator",
    "matkhau123", "matkhau1234", "matkhaumoi", "matkhaucuatoi", "anhyeuem123", "emyeuanh123", "vietnam123",
    "hanoi12345", "saigon1234", "thamdinh123", "kiemtoan123", "quantri123", "kiemchung123", "cchc123456",
})  # fmt: skip
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
    sa.Column("disabled", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("password_changed_at", sa.Text),
)  # fmt: skip
# Columns added after the first release: (name, SQLite DDL, PostgreSQL DDL) for databases made before.
_ADDED_COLUMNS = (
    ("disabled", "disabled BOOLEAN NOT NULL DEFAULT 0", "disabled BOOLEAN NOT NULL DEFAULT FALSE"),
    ("password_changed_at", "password_changed_at TEXT", "password_changed_at TEXT"),
)


class UserError(ValueError):
    """A user that cannot be added or changed; the message is one line for the person at the keyboard."""


class User(Model):
    name: str
    role: Role
    disabled: bool = False

    @property
    def can_decide(self) -> bool:
        return self.role in ("appraiser", "admin")

    @property
    def can_read_audit_log(self) -> bool:
        return self.role in ("auditor", "admin")

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def check_password(password: str, name: str = "") -> str:
    """The password policy: long enough, varied, not the user name, not a password people pick first."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(_("the password must have at least {n} characters").format(n=MIN_PASSWORD_LENGTH))
    if len(password) > MAX_PASSWORD_LENGTH:
        raise UserError(_("the password may have at most {n} characters").format(n=MAX_PASSWORD_LENGTH))
    if len(set(password)) < MIN_DISTINCT_CHARACTERS:
        raise UserError(_("the password must use at least {n} different characters").format(n=MIN_DISTINCT_CHARACTERS))
    folded = re.sub(r"[\s._-]+", "", password.casefold())
    if name and name.casefold() in password.casefold():
        raise UserError(_("the password must not contain the user name"))
    if folded in _COMMON_PASSWORDS:
        raise UserError(_("this password is among the first ones people try: choose another"))
    return password


def check_user_name(name: str) -> str:
    if not _USER_NAME.fullmatch(name):
        raise UserError(
            _("a user name is 2–64 lower-case letters, digits, “.”, “_” or “-”, starting with a letter or digit, "
              "not “{name}”").format(name=name)
        )  # fmt: skip
    return name


class UserStore:
    def __init__(self, target: Path | str) -> None:
        """`target`: the SQLite file, or a database URL (`postgresql+psycopg://…`)."""
        self.target = target
        self._engine = engine_for(target)
        create_schema(self._engine, _METADATA)
        self._add_missing_columns()

    def _add_missing_columns(self) -> None:
        with writing(self._engine) as conn:
            present = {column["name"] for column in sa.inspect(conn).get_columns("users")}
            for name, sqlite_ddl, postgresql_ddl in _ADDED_COLUMNS:
                if name not in present:
                    ddl = postgresql_ddl if is_postgresql(conn) else sqlite_ddl
                    conn.exec_driver_sql(f"ALTER TABLE users ADD COLUMN {ddl}")

    @classmethod
    def in_home(cls, home: Path) -> UserStore:
        """The shared database when `KIEMCHUNG_STATE_URL` names one, else `home/web.sqlite`."""
        return cls(web_database(home))

    def add(self, name: str, role: str, password: str, *, replace: bool = False) -> User:
        """Add a user (or, with `replace`, set an existing user's role and password)."""
        check_user_name(name)
        if role not in ROLES:
            raise UserError(_("unknown role “{role}” (one of: {roles})").format(role=role, roles=", ".join(ROLES)))
        check_password(password, name)
        password_hash = _hasher.hash(password)
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with writing(self._engine) as conn:
            insert = upsert(conn, _USERS).values(name=name, role=role, password_hash=password_hash, created_at=now)
            if replace:
                conn.execute(
                    insert.on_conflict_do_update(
                        index_elements=["name"],
                        set_={
                            "role": insert.excluded.role,
                            "password_hash": insert.excluded.password_hash,
                            "password_changed_at": now,
                        },
                    )
                )
            else:
                added = insert.on_conflict_do_nothing(index_elements=["name"]).returning(_USERS.c.name)
                if conn.execute(added).first() is None:
                    raise UserError(_("user {name} exists already").format(name=name))
        return User.model_validate({"name": name, "role": role})

    def get(self, name: str) -> User | None:
        with reading(self._engine) as conn:
            row = conn.execute(
                sa.select(_USERS.c.name, _USERS.c.role, _USERS.c.disabled).where(_USERS.c.name == name)
            ).first()
        return User(name=row.name, role=row.role, disabled=bool(row.disabled)) if row else None

    def all(self) -> list[User]:
        with reading(self._engine) as conn:
            rows = conn.execute(sa.select(_USERS.c.name, _USERS.c.role, _USERS.c.disabled).order_by(_USERS.c.name))
            return [User(name=row.name, role=row.role, disabled=bool(row.disabled)) for row in rows]

    def _change(self, name: str, **values: object) -> None:
        with writing(self._engine) as conn:
            changed = conn.execute(_USERS.update().where(_USERS.c.name == name).values(**values)).rowcount
        if not changed:
            raise UserError(_("no user {name}").format(name=name))

    def set_disabled(self, name: str, disabled: bool) -> None:
        """A disabled user cannot log in; the caller revokes their sessions (`SessionStore.revoke_user`)."""
        self._change(name, disabled=disabled)

    def set_password(self, name: str, password: str) -> None:
        """A new password under the policy; the caller revokes the user's sessions."""
        check_password(password, name)
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        self._change(name, password_hash=_hasher.hash(password), password_changed_at=now)

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
        if row is None or row.disabled:
            return None
        if _hasher.check_needs_rehash(stored):
            with writing(self._engine) as conn:
                conn.execute(_USERS.update().where(_USERS.c.name == name).values(password_hash=_hasher.hash(password)))
        return User(name=row.name, role=row.role)
