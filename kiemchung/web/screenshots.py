"""Screenshots of the web app for the README: `python -m kiemchung.web.screenshots [--out DIR] [--home DIR]`.

Without --home, a temporary KIEMCHUNG_HOME is filled with generated sample documents (the sample
generator, then the real extraction pipeline) and an appraiser account. The app is served on
127.0.0.1 and Debian's chromium (Playwright) walks through it: search by criterion, the document
with its highlighted page, the scorecard, an override and its audit trace.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import uvicorn

from kiemchung.settings import Settings, get_settings
from kiemchung.stores import SearchQuery, open_store
from kiemchung.web.app import create_app
from kiemchung.web.config import WebSettings
from kiemchung.web.database import WEB_DATABASE_FILE
from kiemchung.web.users import UserStore

if TYPE_CHECKING:
    from playwright.sync_api import Page

DEFAULT_OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
CHROMIUM = Path(os.environ.get("KIEMCHUNG_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]  # fmt: skip
USER, PASSWORD = "thamdinh-demo", "mat-khau-demo-123"


def fill_demo_home(settings: Settings, count: int) -> None:
    """Generated samples (digital variants: quick to extract), archived, extracted and indexed."""
    from kiemchung.archive import Archive
    from kiemchung.stores.ingest import ingest_paths
    from samples.generator import generate

    samples = settings.home / "samples"
    rows = generate(samples, count, 2024, ["digital"])
    store = open_store(settings)
    try:
        summary = ingest_paths([samples / row.file for row in rows], Archive(settings.home), store)
    finally:
        store.close()
    print(f"demo: {summary.extracted} documents extracted, {summary.failed} failed, "
          f"{summary.index.evidence} evidence items", file=sys.stderr)  # fmt: skip


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _busiest(settings: Settings) -> tuple[str, int, str]:
    """The unit and year with the most evidence, and its most evidenced leaf criterion."""
    store = open_store(settings)
    try:
        facets = store.search(SearchQuery(target="evidence", size=1)).facets
        unit = facets.unit[0].value
        year = int(store.search(SearchQuery(target="evidence", unit=unit, size=1)).facets.year[0].value)
        criteria = store.search(SearchQuery(target="evidence", unit=unit, year=year, size=1)).facets.criterion
    finally:
        store.close()
    leaf = max(criteria, key=lambda bucket: (bucket.value.count("."), bucket.count)).value
    return unit, year, leaf


def _log_in(page: Page, base: str, landing: str) -> None:
    page.goto(f"{base}/login?next={landing}")
    page.fill("input[name=name]", USER)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url(f"{base}{landing}")


def take(settings: Settings, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    users = UserStore(settings.home / WEB_DATABASE_FILE)
    if users.get(USER) is None:
        users.add(USER, "appraiser", PASSWORD)
    unit, year, criterion = _busiest(settings)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings, WebSettings(secret_key="screenshots")),
                                           host="127.0.0.1", port=port, log_level="warning"))  # fmt: skip
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    out.mkdir(parents=True, exist_ok=True)
    shots: list[Path] = []
    try:
        for _ in range(200):
            try:
                if httpx.get(f"{base}/login", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1440, "height": 960}, locale="vi-VN")

            def shot(name: str, full_page: bool = False) -> None:
                path = out / name
                page.screenshot(path=str(path), full_page=full_page)
                shots.append(path)

            _log_in(page, base, "/search")
            page.goto(f"{base}/search?criterion={criterion}&unit={unit}&year={year}")
            shot("search-by-criterion.png")
            page.click("li.hit a.hit-title >> nth=0")
            page.wait_for_load_state("load")  # the page image included
            shot("document-highlighted-page.png")
            page.goto(page.url.split("#", 1)[0])
            page.wait_for_load_state("load")
            shot("document-metadata.png")
            page.goto(f"{base}/scorecard?unit={unit}&year={year}")
            shot("scorecard.png")
            row = page.locator(f"tr[data-criterion='{criterion}']")
            if row.locator("details.override").count():
                row.locator("details.override summary").click()
                row.locator("input[name=points]").fill("0,5")
                row.locator("textarea[name=reason]").fill("Văn bản đăng trên cổng chưa có chữ ký số")
                row.locator("button[value=override]").click()
                page.wait_for_load_state()
            page.goto(f"{base}/trace?unit={unit}&year={year}&criterion={criterion}")
            page.click("#verify-all")
            page.wait_for_load_state()
            shot("audit-trace.png", full_page=True)
            # documents to review, and the correction page of the first one
            page.goto(f"{base}/review")
            shot("review.png")
            correct = page.locator("tr.review-item a.button")
            if correct.count():
                correct.first.click()
                page.wait_for_load_state()
                shot("corrections.png", full_page=True)
            # free text: the words searched for are marked on the page image
            page.goto(f"{base}/search?q=cai+cach+hanh+chinh")
            page.click("li.hit a.hit-title >> nth=0")
            page.wait_for_load_state("load")
            page.locator("#trang").scroll_into_view_if_needed()
            shot("search-words-on-page.png")
            page.goto(f"{base}/scorecard?unit={unit}&year={year}&lang=en")
            shot("scorecard-english.png")
            page.goto(f"{base}/api/docs?lang=vi")
            page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)
            shot("api-docs.png")
            phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
            _log_in(phone, base, "/scorecard")
            phone.goto(f"{base}/scorecard?unit={unit}&year={year}")
            path = out / "phone-scorecard.png"
            phone.screenshot(path=str(path))
            shots.append(path)
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=20)
    return shots


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiemchung.web.screenshots", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"where to write (default {DEFAULT_OUT})")
    parser.add_argument("--home", type=Path, help="an existing KIEMCHUNG_HOME (default: a demo one)")
    parser.add_argument("--count", type=int, default=24, help="generated documents for the demo home")
    args = parser.parse_args(argv)
    if not CHROMIUM.is_file():
        print(f"error: no chromium at {CHROMIUM} (apt-get install chromium)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="kiemchung-screenshots-") as temp:
        if args.home:
            settings = get_settings().model_copy(update={"home": args.home})
        else:
            settings = get_settings().model_copy(update={"home": Path(temp), "elasticsearch_url": None})
            fill_demo_home(settings, args.count)
        for path in take(settings, args.out):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
