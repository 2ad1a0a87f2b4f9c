"""The app on a phone (390 px wide) and to a screen reader, in Debian's chromium: the header fits, no page
scrolls sideways, every form control has a label, main and navigation landmarks exist, and axe-core
(bundled in the axe-playwright-python wheel) finds no serious or critical violation. The API page
renders Swagger UI from the app's own files under its Content-Security-Policy."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from kiemchung.settings import Settings
from tests.kiemchung.web.browser import PHONE, check_phone_page, log_in, serving
from tests.kiemchung.web.conftest import PASSWORDS
from tests.kiemchung.web.corpus import UNIT, YEAR, Corpus


@pytest.fixture
def site(sqlite_home: Settings, tmp_path: Path) -> Iterator[str]:
    with serving(sqlite_home, tmp_path / "server.log") as base:
        yield base


def test_every_page_fits_a_phone_and_reads_to_a_screen_reader(
    phone: Page, site: str, corpus: Corpus, tmp_path: Path
) -> None:
    axe = Axe()
    check_phone_page(phone, f"{site}/login", axe, tmp_path, "0-login")
    log_in(phone, site, "quantri", PASSWORDS["quantri"])
    plan = corpus.records["plan"].sha256
    pages = {
        "1-search": f"{site}/search?criterion=1.2&unit={UNIT}&year={YEAR}",
        "2-document": f"{site}/documents/{plan}?q=cai+cach",
        "3-scorecard": f"{site}/scorecard?unit={UNIT}&year={YEAR}",
        "4-trace": f"{site}/trace?unit={UNIT}&year={YEAR}&criterion=1.1.1",
        "5-audit": f"{site}/audit",
        "6-users": f"{site}/users",
    }
    for name, url in pages.items():
        check_phone_page(phone, url, axe, tmp_path, name)
    # the menu is reachable: its last entry scrolls into view inside the header's menu row
    last = phone.locator("nav.menu a").last
    last.scroll_into_view_if_needed()
    edge = last.bounding_box()
    assert edge is not None and edge["x"] + edge["width"] <= PHONE["width"] + 1


def test_api_page_renders_from_local_files(browser: Browser, site: str) -> None:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    blocked: list[str] = []
    outside: list[str] = []
    page.on("console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text
            else None)  # fmt: skip
    page.on("request", lambda request: outside.append(request.url) if not request.url.startswith(site) else None)
    log_in(page, site, "thamdinh", PASSWORDS["thamdinh"])
    page.goto(f"{site}/api/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)
    assert page.locator(".swagger-ui .opblock").count() > 5  # the operations of the API are listed
    assert "Tìm tài liệu kiểm chứng, trang hoặc văn bản" in page.locator(".swagger-ui").inner_text()  # Vietnamese
    assert outside == [] and blocked == []
    context.close()
