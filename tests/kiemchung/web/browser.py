"""Running the app for a real browser: `kiemchung serve` in a subprocess on a free port, and Debian's
chromium driven by Playwright (its driver ships in the wheel; browsers cannot be downloaded here).
The fixtures (`browser`, `page`, `phone`) are in conftest.py; the browser tests share these helpers:
logging in through the form, and the phone / screen-reader check of a page."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, ViewportSize

from kiemchung.settings import Settings

CHROMIUM = Path(os.environ.get("KIEMCHUNG_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]  # fmt: skip
PHONE = ViewportSize(width=390, height=844)
# What a screen reader needs and a phone shows; "color-contrast" and the like are judged by people.
AXE_IMPACTS = {"serious", "critical"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_env(settings: Settings) -> dict[str, str]:
    env = {**os.environ, "KIEMCHUNG_HOME": str(settings.home), "KIEMCHUNG_WEB_SECRET_KEY": "browser-test-secret"}
    env.pop("KIEMCHUNG_ELASTICSEARCH_URL", None)
    if settings.elasticsearch_url:
        env["KIEMCHUNG_ELASTICSEARCH_URL"] = settings.elasticsearch_url
        env["KIEMCHUNG_ELASTICSEARCH_INDEX_PREFIX"] = settings.elasticsearch_index_prefix
    return env


@contextmanager
def serving(settings: Settings, log: Path, timeout: float = 90.0) -> Iterator[str]:
    """`kiemchung serve` on 127.0.0.1 until the block ends; yields its base URL."""
    port = free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "kiemchung.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=server_env(settings), stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + timeout
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"kiemchung serve exited: {log.read_text(errors='replace')[-2000:]}")
                try:
                    if httpx.get(f"{base}/login", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"kiemchung serve did not answer in {timeout:.0f} s")
                time.sleep(0.2)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def log_in(page: Page, site: str, name: str, password: str) -> None:
    """Through the login form, as a person would: the search page sends there and back."""
    page.goto(f"{site}/search")
    assert "/login" in page.url
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", password)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url(f"{site}/search")


_UNLABELLED = """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
  .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
  .map((el) => el.outerHTML.slice(0, 120))"""


def check_phone_page(page: Page, url: str, axe: Axe, shots: Path, name: str) -> None:
    """At phone width: no sideways scrolling, the header within the screen, landmarks, every control
    labelled, Vietnamese with no English left, and no serious or critical axe-core violation."""
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
    from tests.kiemchung.web.routes.test_languages import assert_no_english_left

    assert_no_english_left({url: page.content()})  # as the browser has it, after its scripts ran
    results = axe.run(page)
    serious = [
        f"{violation['id']}: {violation['help']} {[node['target'] for node in violation['nodes']][:5]}"
        for violation in results.response["violations"]
        if violation.get("impact") in AXE_IMPACTS
    ]
    assert serious == [], f"{url}: {serious}"
