"""The app on a phone (390 px wide) and to a screen reader, in Debian's chromium: the header fits, no page
scrolls sideways, every form control has a label, main and navigation landmarks exist, and axe-core
(bundled in the axe-playwright-python wheel) finds no serious or critical violation. The API page
renders Swagger UI from the app's own files under its Content-Security-Policy."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright

from kiemchung.settings import Settings
from tests.components import component_unavailable
from tests.kiemchung.web.browser import CHROMIUM, CHROMIUM_ARGS, serving
from tests.kiemchung.web.conftest import PASSWORDS
from tests.kiemchung.web.corpus import UNIT, YEAR, Corpus

PHONE = ViewportSize(width=390, height=844)
# What a screen reader needs and a phone shows; "color-contrast" and the like are judged by people.
AXE_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        component_unavailable(f"no chromium at {CHROMIUM} (scripts/setup installs Debian's chromium)")
    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def site(sqlite_home: Settings, tmp_path: Path) -> Iterator[str]:
    with serving(sqlite_home, tmp_path / "server.log") as base:
        yield base


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    tab = context.new_page()
    yield tab
    context.close()


def _log_in(page: Page, site: str, name: str) -> None:
    page.goto(f"{site}/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORDS[name])
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url(f"{site}/**")


_UNLABELLED = """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
  .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
  .map((el) => el.outerHTML.slice(0, 120))"""


def _check_page(page: Page, url: str, axe: Axe, shots: Path, name: str) -> None:
    page.goto(url)
    page.wait_for_load_state("load")
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], f"{url}: the page scrolls sideways"
    header = page.locator("header.topbar")
    box = header.bounding_box()
    assert box is not None and box["width"] <= PHONE["width"]
    for link in header.locator("a:visible, button:visible").all():
        edge = link.bounding_box()
        assert edge is not None and edge["x"] >= 0, f"{url}: {link.inner_text()} off screen"
        # the menu row may scroll sideways inside itself; everything else must be within the screen
        if not link.evaluate("el => !!el.closest('nav.menu')"):
            assert edge["x"] + edge["width"] <= PHONE["width"] + 1, f"{url}: {link.inner_text()} off screen"
    assert page.locator("main").count() == 1 and page.locator("nav").count() >= 1, url
    assert page.evaluate(_UNLABELLED) == [], f"{url}: controls without a label"
    assert page.evaluate("document.documentElement.lang") == "vi"
    results = axe.run(page)
    serious = [
        f"{violation['id']}: {violation['help']} {[node['target'] for node in violation['nodes']][:5]}"
        for violation in results.response["violations"]
        if violation.get("impact") in AXE_IMPACTS
    ]
    assert serious == [], f"{url}: {serious}"


def test_every_page_fits_a_phone_and_reads_to_a_screen_reader(
    phone: Page, site: str, corpus: Corpus, tmp_path: Path
) -> None:
    axe = Axe()
    _check_page(phone, f"{site}/login", axe, tmp_path, "0-login")
    _log_in(phone, site, "quantri")
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
        _check_page(phone, url, axe, tmp_path, name)
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
    _log_in(page, site, "thamdinh")
    page.goto(f"{site}/api/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)
    assert page.locator(".swagger-ui .opblock").count() > 5  # the operations of the API are listed
    assert outside == [] and blocked == []
    context.close()
