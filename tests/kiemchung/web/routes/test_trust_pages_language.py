"""The pages of corrections, review and accounts are in Vietnamese with no English left (the same
check as `test_languages`), including their error answers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from kiemchung.settings import Settings
from kiemchung.web import create_app
from kiemchung.web.config import WebSettings
from kiemchung.web.database import WEB_DATABASE_FILE
from tests.kiemchung.web.conftest import csrf_of, log_in
from tests.kiemchung.web.corpus import Corpus
from tests.kiemchung.web.routes.test_languages import assert_no_english_left


@pytest.fixture
def admin(sqlite_home: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(sqlite_home, WebSettings(secret_key="test-secret"))) as client:
        yield client


def test_trust_pages_have_no_english_left(admin: TestClient, corpus: Corpus, sqlite_home: Settings) -> None:
    plan = corpus.records["plan"].sha256
    token = log_in(admin, "quantri")
    pages = {url: admin.get(url).text for url in (
        "/review", "/review?show=no-unit", "/review?show=review", f"/documents/{plan}/corrections",
        "/users/thamdinh", "/account/password",
    )}  # fmt: skip
    bad = {"csrf_token": token, "field": "issue_date", "value": "32/13/2024", "reason": "thử"}
    pages["bad correction"] = admin.post(f"/documents/{plan}/corrections", data=bad).text
    good = {"csrf_token": token, "field": "issuer", "value": "UBND Quận 3", "reason": "Viết tắt theo văn bản"}
    admin.post(f"/documents/{plan}/corrections", data=good)
    pages["after a correction"] = admin.get(f"/documents/{plan}/corrections").text
    pages["weak password"] = admin.post("/users/thamdinh/password", data={"csrf_token": token, "password": "123"}).text
    pages["no CSRF token"] = admin.post(f"/documents/{plan}/corrections", data={**good, "csrf_token": "x"}).text
    shell = sa.create_engine(f"sqlite:///{sqlite_home.home / WEB_DATABASE_FILE}")
    with shell.begin() as conn:  # a row edited behind the app: the audit page says so, in Vietnamese
        conn.exec_driver_sql("DROP TRIGGER corrections_no_update")
        conn.exec_driver_sql("UPDATE corrections SET reason = 'Sửa lén'")
    shell.dispose()
    pages["tampered audit log"] = admin.get("/audit").text
    assert 'role="alert"' in pages["tampered audit log"]
    admin.post("/logout", data={"csrf_token": token})
    pages["login"] = admin.get("/login").text
    login = csrf_of(pages["login"])
    wrong = {"name": "kiemtoan", "password": "sai-mat-khau-roi", "csrf_token": login}
    pages["wrong password"] = admin.post("/login", data=wrong).text
    assert "Sai tên đăng nhập hoặc mật khẩu." in pages["wrong password"]
    english = admin.post("/login", data=wrong, params={"lang": "en"}).text
    assert "Wrong user name or password." in english
    admin.get("/login", params={"lang": "vi"})
    for _ in range(3):
        admin.post("/login", data={"name": "kiemtoan", "password": "sai-mat-khau-roi", "csrf_token": login})
    pages["throttled login"] = admin.post(
        "/login", data={"name": "kiemtoan", "password": "x", "csrf_token": login}
    ).text
    assert_no_english_left(pages)
