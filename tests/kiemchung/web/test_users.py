"""Users: argon2 hashes, roles, name and password rules."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kiemchung.web.users import UserError, UserStore


def test_password_is_stored_as_argon2_and_checked(tmp_path: Path) -> None:
    users = UserStore(tmp_path / "web.sqlite")
    users.add("thamdinh", "appraiser", "mot-mat-khau-dai")
    stored = sqlite3.connect(tmp_path / "web.sqlite").execute("SELECT password_hash FROM users").fetchone()[0]
    assert stored.startswith("$argon2id$")
    assert "mot-mat-khau-dai" not in stored
    user = users.authenticate("thamdinh", "mot-mat-khau-dai")
    assert user is not None and user.role == "appraiser" and user.can_decide and not user.can_read_audit_log
    assert users.authenticate("thamdinh", "sai-mat-khau") is None
    assert users.authenticate("khong-co", "mot-mat-khau-dai") is None


def test_bad_users_are_refused_with_one_line(tmp_path: Path) -> None:
    users = UserStore(tmp_path / "web.sqlite")
    with pytest.raises(UserError, match="unknown role"):
        users.add("a1", "boss", "mot-mat-khau-dai")
    with pytest.raises(UserError, match="at least 8"):
        users.add("a1", "auditor", "ngan")
    with pytest.raises(UserError, match="user name"):
        users.add("Tên Có Dấu", "auditor", "mot-mat-khau-dai")
    users.add("a1", "auditor", "mot-mat-khau-dai")
    with pytest.raises(UserError, match="exists already"):
        users.add("a1", "admin", "mot-mat-khau-khac")
    users.add("a1", "admin", "mot-mat-khau-khac", replace=True)
    assert users.get("a1") is not None and users.get("a1").role == "admin"  # type: ignore[union-attr]
    assert users.authenticate("a1", "mot-mat-khau-khac") is not None
