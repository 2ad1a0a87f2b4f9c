"""Fixtures of the web tests: a KIEMCHUNG_HOME with the test corpus in either store, users, clients,
and for the browser tests Debian's chromium (one per module) with a desktop `page` and a `phone`.

`store_kind` runs a test on the embedded store and on a real Elasticsearch (tests/es_fixtures.py).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, Page, sync_playwright

from kiemchung.settings import Settings
from kiemchung.stores import open_store
from kiemchung.web import create_app
from kiemchung.web.config import WebSettings
from kiemchung.web.database import WEB_DATABASE_FILE
from kiemchung.web.users import UserStore
from tests.components import component_unavailable
from tests.kiemchung.web.browser import CHROMIUM, CHROMIUM_ARGS, PHONE
from tests.kiemchung.web.corpus import Corpus, extract_corpus, install_corpus

PASSWORDS = {"thamdinh": "mat-khau-tham-dinh", "kiemtoan": "mat-khau-kiem-toan", "quantri": "mat-khau-quan-tri"}
ROLES = {"thamdinh": "appraiser", "kiemtoan": "auditor", "quantri": "admin"}
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return extract_corpus(tmp_path_factory.mktemp("web-corpus"))


@pytest.fixture(params=["sqlite", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)])
def store_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def settings(store_kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    home = tmp_path / "home"
    if store_kind == "elasticsearch":
        url = request.getfixturevalue("elasticsearch_url")
        prefix = request.getfixturevalue("es_index_prefix")
        return Settings(home=home, elasticsearch_url=url, elasticsearch_index_prefix=prefix)
    return Settings(home=home, elasticsearch_url=None)


@pytest.fixture
def sqlite_settings(tmp_path: Path) -> Settings:
    """For tests of web behaviour that does not depend on the store."""
    return Settings(home=tmp_path / "home", elasticsearch_url=None)


@pytest.fixture(scope="session")
def users_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three test users, hashed once (argon2 is slow on purpose) and copied into each home."""
    path = tmp_path_factory.mktemp("web-users") / WEB_DATABASE_FILE
    users = UserStore(path)
    for name, password in PASSWORDS.items():
        users.add(name, ROLES[name], password)
    return path


def with_letter(corpus: Corpus, **changes: object) -> Corpus:
    """The corpus with the letter's record changed (e.g. its unit unrecognised, a field to check)."""
    letter = corpus.records["letter"].model_copy(update=changes)
    return Corpus(records={**corpus.records, "letter": letter}, files=corpus.files, sources=corpus.sources)


def fill_home(settings: Settings, corpus: Corpus, users_database: Path) -> None:
    store = open_store(settings)
    try:
        install_corpus(corpus, settings.home, store)
    finally:
        store.close()
    shutil.copyfile(users_database, settings.home / WEB_DATABASE_FILE)


@pytest.fixture
def home(settings: Settings, corpus: Corpus, users_database: Path) -> Settings:
    fill_home(settings, corpus, users_database)
    return settings


@pytest.fixture
def sqlite_home(sqlite_settings: Settings, corpus: Corpus, users_database: Path) -> Settings:
    fill_home(sqlite_settings, corpus, users_database)
    return sqlite_settings


def csrf_of(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def log_in(client: TestClient, name: str) -> str:
    """Log in through the form; returns the session's CSRF token."""
    token = csrf_of(client.get("/login").text)
    response = client.post("/login", data={"name": name, "password": PASSWORDS[name], "csrf_token": token},
                           follow_redirects=False)  # fmt: skip
    assert response.status_code == 303, response.text
    return csrf_of(client.get("/search").text)


@pytest.fixture
def client(sqlite_home: Settings) -> Iterator[TestClient]:
    app = create_app(sqlite_home, WebSettings(secret_key="test-secret"))
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="module")  # per test module: Playwright's loop does not outlive the module's tests
def browser() -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        component_unavailable(f"no chromium at {CHROMIUM} (scripts/setup installs Debian's chromium)")
    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A desktop tab in Vietnamese that keeps downloads."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN", accept_downloads=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()
