"""Login, roles, CSRF and sessions, through the real app."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.kiemchung.web.conftest import PASSWORDS, csrf_of, log_in

PAGES = ["/", "/search", "/scorecard", "/audit", "/users", "/api/search", "/api/docs", "/api/openapi.json",
         "/trace?unit=hcm.quan-3&year=2024&criterion=1.1.1"]  # fmt: skip


def test_no_page_without_login(client: TestClient) -> None:
    for path in PAGES:
        response = client.get(path, follow_redirects=False)
        if path.startswith("/api/"):
            assert response.status_code == 401, path
        else:
            assert response.status_code == 303, path
            assert response.headers["location"].startswith("/login?next=")


def test_login_then_back_to_the_page_asked_for(client: TestClient) -> None:
    response = client.get("/scorecard?unit=hcm.quan-3&year=2024")
    assert response.url.path == "/login"
    token = csrf_of(response.text)
    next_url = response.url.params["next"]
    answer = client.post("/login", data={"name": "thamdinh", "password": PASSWORDS["thamdinh"], "csrf_token": token,
                                         "next": next_url}, follow_redirects=False)  # fmt: skip
    assert answer.status_code == 303
    assert answer.headers["location"] == "/scorecard?unit=hcm.quan-3&year=2024"


def test_wrong_password_is_refused(client: TestClient) -> None:
    token = csrf_of(client.get("/login").text)
    answer = client.post("/login", data={"name": "thamdinh", "password": "wrong-password", "csrf_token": token})
    assert answer.status_code == 401
    assert "Sai tên đăng nhập hoặc mật khẩu" in answer.text
    assert client.get("/search", follow_redirects=False).status_code == 303


def test_login_without_csrf_token_is_refused(client: TestClient) -> None:
    client.get("/login")
    answer = client.post("/login", data={"name": "thamdinh", "password": PASSWORDS["thamdinh"]})
    assert answer.status_code == 403


def test_no_open_redirect_after_login(client: TestClient) -> None:
    token = csrf_of(client.get("/login").text)
    answer = client.post("/login", data={"name": "thamdinh", "password": PASSWORDS["thamdinh"], "csrf_token": token,
                                         "next": "//evil.example/"}, follow_redirects=False)  # fmt: skip
    assert answer.headers["location"] == "/"


def test_decision_form_without_csrf_is_refused(client: TestClient) -> None:
    log_in(client, "thamdinh")
    answer = client.post("/scorecard/decisions", data={"unit": "hcm.quan-3", "year": "2024", "criterion": "1.1.1",
                                                       "action": "accept"})  # fmt: skip
    assert answer.status_code == 403
    answer = client.post("/scorecard/decisions", data={"unit": "hcm.quan-3", "year": "2024", "criterion": "1.1.1",
                                                       "action": "accept", "csrf_token": "forged"})  # fmt: skip
    assert answer.status_code == 403


def test_api_post_needs_the_csrf_header(client: TestClient) -> None:
    token = log_in(client, "thamdinh")
    body = {"unit": "hcm.quan-3", "year": 2024, "criterion": "1.1.1", "action": "accept"}
    assert client.post("/api/decisions", json=body).status_code == 403
    assert client.post("/api/decisions", json=body, headers={"X-CSRF-Token": token}).status_code == 201


def test_logout_ends_the_session(client: TestClient) -> None:
    token = log_in(client, "kiemtoan")
    assert client.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    assert client.get("/search", follow_redirects=False).status_code == 303


def test_roles_limit_pages(client: TestClient) -> None:
    log_in(client, "thamdinh")
    assert client.get("/audit").status_code == 403
    assert client.get("/users").status_code == 403
    assert client.get("/api/decisions").status_code == 403
    client.cookies.clear()
    log_in(client, "kiemtoan")
    assert client.get("/audit").status_code == 200
    assert client.get("/users").status_code == 403
    client.cookies.clear()
    log_in(client, "quantri")
    assert client.get("/users").status_code == 200


def test_session_cookie_is_signed(client: TestClient) -> None:
    log_in(client, "kiemtoan")
    cookie = client.cookies.get("kiemchung_session")
    assert cookie
    client.cookies.clear()
    client.cookies.set("kiemchung_session", cookie)
    assert client.get("/search", follow_redirects=False).status_code == 200  # the cookie alone is the session
    client.cookies.clear()
    client.cookies.set("kiemchung_session", cookie[:-4] + ("AAAA" if not cookie.endswith("AAAA") else "BBBB"))
    assert client.get("/search", follow_redirects=False).status_code == 303


def test_pages_declare_utf8_and_security_headers(client: TestClient) -> None:
    log_in(client, "thamdinh")
    response = client.get("/search")
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert '<meta charset="utf-8">' in response.text
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"
