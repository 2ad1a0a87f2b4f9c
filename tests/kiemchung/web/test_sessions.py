"""Server-side sessions, account changes, login throttling, the password policy and owner-only
files, through the real app (TestClient) and the stores."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from kiemchung.archive import Archive, Provenance
from kiemchung.settings import Settings
from kiemchung.web import create_app
from kiemchung.web.accounts import Accounts
from kiemchung.web.audit import AuditLog, DecisionError
from kiemchung.web.config import WebSettings
from kiemchung.web.sessions import SessionStore
from kiemchung.web.throttle import LoginThrottle, ThrottleRule
from kiemchung.web.users import UserError, UserStore, check_password
from tests.kiemchung.web.conftest import PASSWORDS, csrf_of, log_in


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _second_client(home: Settings) -> TestClient:
    return TestClient(create_app(home, WebSettings(secret_key="test-secret")))


def test_logout_revokes_the_session_even_for_a_copied_cookie(client: TestClient) -> None:
    token = log_in(client, "kiemtoan")
    stolen = dict(client.cookies)  # what someone who copied the cookie holds
    assert client.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    client.cookies.clear()
    client.cookies.update(stolen)
    answer = client.get("/search", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/login")
    assert client.get("/api/search").status_code == 401


def test_a_password_change_ends_every_other_session(client: TestClient, sqlite_home: Settings) -> None:
    token = log_in(client, "thamdinh")
    with _second_client(sqlite_home) as other:
        log_in(other, "thamdinh")
        new = "mot-mat-khau-moi-hon"
        form = {"csrf_token": token, "current": PASSWORDS["thamdinh"], "password": new, "again": new}
        answer = client.post("/account/password", data=form, follow_redirects=False)
        assert answer.status_code == 303, answer.text
        assert other.get("/search", follow_redirects=False).status_code == 303  # the other browser is out
    assert client.get("/search", follow_redirects=False).status_code == 200  # this one has a fresh session
    token = csrf_of(client.get("/account/password").text)
    form = {"csrf_token": token, "current": "mot-mat-khau-moi-hon", "password": "thamdinh-2024-x",
            "again": "thamdinh-2024-x"}  # fmt: skip
    refused = client.post("/account/password", data=form)
    assert refused.status_code == 400 and "tên đăng nhập" in refused.text


def test_an_admin_disables_a_user_whose_session_ends_then_enables_them(
    client: TestClient, sqlite_home: Settings
) -> None:
    with _second_client(sqlite_home) as appraiser:
        log_in(appraiser, "thamdinh")
        token = log_in(client, "quantri")
        page = client.get("/users/thamdinh")
        assert "Đang hoạt động" in page.text and "thamdinh" in page.text
        assert client.post("/users/thamdinh/disable", data={"csrf_token": token}).status_code == 200
        assert appraiser.get("/search", follow_redirects=False).status_code == 303
        login = csrf_of(appraiser.get("/login").text)
        refused = appraiser.post("/login", data={"name": "thamdinh", "password": PASSWORDS["thamdinh"],
                                                 "csrf_token": login})  # fmt: skip
        assert refused.status_code == 401
        assert "đã khóa" in client.get("/users").text
        own = client.post("/users/quantri/disable", data={"csrf_token": token})
        assert own.status_code == 400 and "chính mình" in own.text
        client.post("/users/thamdinh/enable", data={"csrf_token": token})
        log_in(appraiser, "thamdinh")
    kinds = [entry.content for entry in client.app.state.context.audit.entries() if entry.kind == "account"]  # type: ignore[attr-defined]
    assert kinds == ['{"action":"disabled","by":"quantri","user":"thamdinh"}',
                     '{"action":"enabled","by":"quantri","user":"thamdinh"}']  # fmt: skip


def test_only_an_admin_manages_accounts(client: TestClient) -> None:
    token = log_in(client, "thamdinh")
    assert client.get("/users/kiemtoan").status_code == 403
    assert client.post("/users/kiemtoan/disable", data={"csrf_token": token}).status_code == 403


def test_login_is_throttled_per_user_with_retry_after(client: TestClient) -> None:
    token = csrf_of(client.get("/login").text)
    for _ in range(5):
        answer = client.post("/login", data={"name": "thamdinh", "password": "sai-mat-khau-roi", "csrf_token": token})
        assert answer.status_code == 401
    locked = client.post("/login", data={"name": "thamdinh", "password": PASSWORDS["thamdinh"], "csrf_token": token})
    assert locked.status_code == 429
    assert 0 < int(locked.headers["Retry-After"]) <= 30
    assert "thử lại sau" in locked.text
    other = client.post("/login", data={"name": "kiemtoan", "password": PASSWORDS["kiemtoan"], "csrf_token": token},
                        follow_redirects=False)  # fmt: skip
    assert other.status_code == 303  # another user from the same address is not locked out by five failures


def test_throttle_rules_per_user_and_address(tmp_path: Path) -> None:
    now = [1_000_000.0]
    throttle = LoginThrottle(tmp_path / "web.sqlite", user_rule=ThrottleRule(limit=3, base=10),
                             address_rule=ThrottleRule(limit=5, base=60), clock=lambda: now[0])  # fmt: skip
    for _ in range(3):
        assert throttle.retry_after("an", "10.0.0.1") == 0
        throttle.failed("An ", "10.0.0.1")  # the name as typed: case and spaces do not escape the count
    assert throttle.retry_after("an", "10.0.0.2") == 10
    now[0] += 4
    assert throttle.retry_after("an", "10.0.0.2") == 6
    throttle.failed("an", "10.0.0.1")
    assert throttle.retry_after("an", None) == 20  # doubles with each further failure
    now[0] += 20
    assert throttle.retry_after("an", None) == 0
    throttle.failed("binh", "10.0.0.1")  # five failures from one address, whatever the names
    assert throttle.retry_after("chi", "10.0.0.1") == 60
    assert throttle.retry_after("chi", "10.0.0.9") == 0
    throttle.succeeded("an")
    assert throttle.retry_after("an", None) == 0
    now[0] += 901  # outside the window: forgotten
    assert throttle.retry_after("chi", "10.0.0.1") == 0


def test_sessions_expire_and_are_revoked(tmp_path: Path) -> None:
    now = [dt.datetime(2026, 12, 1, tzinfo=dt.UTC)]
    sessions = SessionStore(tmp_path / "web.sqlite", hours=2, clock=lambda: now[0])
    first, second = sessions.start("an"), sessions.start("an")
    assert sessions.user_of(first) == "an" and sessions.live("an") == 2
    sessions.revoke(first)
    assert sessions.user_of(first) is None and sessions.user_of(second) == "an"
    now[0] += dt.timedelta(hours=2)
    assert sessions.user_of(second) is None
    third = sessions.start("an")
    assert sessions.revoke_user("an") == 1 and sessions.user_of(third) is None
    assert sessions.user_of("made-up") is None and sessions.user_of(None) is None
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'web.sqlite'}")
    with engine.connect() as conn:
        stored = [row[0] for row in conn.exec_driver_sql("SELECT id_hash FROM sessions")]
    engine.dispose()
    assert third not in stored and len(stored[0]) == 64  # only hashes of the ids


@pytest.mark.parametrize(
    ("password", "message"),
    [("ngan", "ít nhất 10 ký tự"), ("aaaaabbbbbaaaaa", "5 ký tự khác nhau"), ("Matkhau-123", "bị đoán đầu tiên"),
     ("thamdinh-2024!", "tên đăng nhập"), ("x" * 300, "tối đa")],
)  # fmt: skip
def test_password_policy(password: str, message: str) -> None:
    with pytest.raises(UserError, match=message):
        check_password(password, "thamdinh")
    assert check_password("mot cau dai de nho", "thamdinh")


def test_a_users_table_from_before_gains_the_new_columns(tmp_path: Path) -> None:
    path = tmp_path / "web.sqlite"
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE users (name TEXT PRIMARY KEY, role TEXT NOT NULL,"
                             " password_hash TEXT NOT NULL, created_at TEXT NOT NULL)")  # fmt: skip
        conn.exec_driver_sql("INSERT INTO users VALUES ('an', 'auditor', 'x', '2026-01-01')")
    engine.dispose()
    users = UserStore(path)
    assert users.get("an") is not None and not users.get("an").disabled  # type: ignore[union-attr]
    users.set_disabled("an", True)
    assert users.get("an").disabled  # type: ignore[union-attr]


def test_the_web_database_key_and_archive_are_owner_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KIEMCHUNG_AUDIT_KEY", raising=False)
    home = tmp_path / "home"
    home.mkdir()
    (home / "web.sqlite").write_bytes(b"")
    os.chmod(home / "web.sqlite", 0o644)  # as an older version left it
    settings = Settings(home=home, elasticsearch_url=None)
    with TestClient(create_app(settings, WebSettings(secret_key="s"))) as app_client:
        app_client.get("/login")
        assert app_client.app.state.context.audit.verify().ok  # type: ignore[attr-defined]
    for name in ("web.sqlite", "web.sqlite-wal", "audit-key"):
        if (home / name).exists():
            assert _mode(home / name) == 0o600, name
    Archive(home).add_bytes(b"%PDF-1.4 owner only", Provenance(source="x.pdf", kind="file"))
    archived = [path for path in (home / "archive").rglob("*")]
    assert archived
    for path in archived:
        assert _mode(path) == (0o700 if path.is_dir() else 0o600), path


def test_an_account_change_the_chain_refuses_is_not_made(tmp_path: Path) -> None:
    path = tmp_path / "web.sqlite"
    users, sessions = UserStore(path), SessionStore(path)
    logged = Accounts(users, sessions, AuditLog(path, key=b"the key the chain was written with!", home=tmp_path))
    logged.add("thamdinh", "appraiser", "mot-mat-khau-dai-du", by="cli")
    token = sessions.start("thamdinh")
    stranger = Accounts(users, sessions, AuditLog(path, key=b"another machine's key, not shared!!", home=tmp_path))
    with pytest.raises(DecisionError, match="KIEMCHUNG_AUDIT_KEY"):
        stranger.disable("thamdinh", by="quantri")
    assert not users.get("thamdinh").disabled and sessions.user_of(token) == "thamdinh"  # type: ignore[union-attr]
    with pytest.raises(UserError, match="ít nhất 10"):
        logged.set_password("thamdinh", "ngan", by="cli")  # refused before anything is logged
    assert [entry.kind for entry in logged.audit.entries()] == ["account"]
