"""Users: argon2 hashes, roles, name and password rules; on SQLite and on a real PostgreSQL."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from kiemchung.web.users import UserError, UserStore


def test_password_is_stored_as_argon2_and_checked(state_target: Path | str) -> None:
    users = UserStore(state_target)
    users.add("thamdinh", "appraiser", "mot-mat-khau-dai")
    stored = users.password_hash("thamdinh")
    assert stored is not None
    assert stored.startswith("$argon2id$")
    assert "mot-mat-khau-dai" not in stored
    user = users.authenticate("thamdinh", "mot-mat-khau-dai")
    assert user is not None and user.role == "appraiser" and user.can_decide and not user.can_read_audit_log
    assert users.authenticate("thamdinh", "sai-mat-khau") is None
    assert users.authenticate("khong-co", "mot-mat-khau-dai") is None


def test_bad_users_are_refused_with_one_line(state_target: Path | str) -> None:
    users = UserStore(state_target)
    with pytest.raises(UserError, match="không có vai trò"):
        users.add("a1", "boss", "mot-mat-khau-dai")
    with pytest.raises(UserError, match="ít nhất 10"):
        users.add("a1", "auditor", "ngan")
    with pytest.raises(UserError, match="tên đăng nhập"):
        users.add("Tên Có Dấu", "auditor", "mot-mat-khau-dai")
    users.add("a1", "auditor", "mot-mat-khau-dai")
    with pytest.raises(UserError, match="đã có"):
        users.add("a1", "admin", "mot-mat-khau-khac")
    users.add("a1", "admin", "mot-mat-khau-khac", replace=True)
    assert users.get("a1") is not None and users.get("a1").role == "admin"  # type: ignore[union-attr]
    assert users.authenticate("a1", "mot-mat-khau-khac") is not None
    assert [(user.name, user.role) for user in UserStore(state_target).all()] == [("a1", "admin")]


def test_two_machines_adding_one_name_at_once_get_one_user(state_target: Path | str) -> None:
    stores = [UserStore(state_target) for _ in range(4)]
    outcomes: list[str] = []
    barrier = threading.Barrier(len(stores))

    def add(n: int) -> None:
        barrier.wait()
        try:
            stores[n].add("chung", "auditor", f"mat-khau-so-{n}")
            outcomes.append(f"added {n}")
        except UserError:
            outcomes.append("exists")

    threads = [threading.Thread(target=add, args=(n,)) for n in range(len(stores))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    (added,) = [outcome for outcome in outcomes if outcome.startswith("added")]
    assert outcomes.count("exists") == len(stores) - 1
    assert stores[0].authenticate("chung", f"mat-khau-so-{added.split()[1]}") is not None


def test_the_web_database_is_in_home_unless_a_shared_one_is_named(
    tmp_path: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    UserStore.in_home(tmp_path).add("a1", "auditor", "mot-mat-khau-dai")
    assert (tmp_path / "web.sqlite").is_file()
    monkeypatch.setenv("KIEMCHUNG_STATE_URL", postgres_url)
    assert UserStore.in_home(tmp_path).all() == []
    UserStore.in_home(tmp_path / "other-machine").add("a2", "admin", "mot-mat-khau-dai")
    assert [user.name for user in UserStore(postgres_url).all()] == ["a2"]
