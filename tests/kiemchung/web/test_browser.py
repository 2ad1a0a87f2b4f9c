"""The app in a real browser (Debian chromium + Playwright) against `kiemchung serve`, on both stores.

Screenshots of every step go to the test's tmp dir (`python -m kiemchung.web.screenshots` makes the
README's); the assertions read the page, the pictures are for a person to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from kiemchung.settings import Settings
from tests.kiemchung.web.browser import log_in, serving
from tests.kiemchung.web.conftest import PASSWORDS
from tests.kiemchung.web.corpus import UNIT, YEAR, Corpus


@pytest.fixture
def site(home: Settings, tmp_path: Path) -> Iterator[str]:
    with serving(home, tmp_path / "server.log") as base:
        yield base


def test_criterion_to_highlighted_page(page: Page, site: str, corpus: Corpus, tmp_path: Path) -> None:
    log_in(page, site, "thamdinh", PASSWORDS["thamdinh"])
    page.screenshot(path=str(tmp_path / "1-search.png"))
    page.click("nav.criteria a[data-criterion='1.1.1']")
    page.wait_for_url("**criterion=1.1.1**")
    hits = page.locator("li.hit")
    assert hits.count() == 1
    assert "297/KH-UBND" in hits.first.inner_text()
    page.screenshot(path=str(tmp_path / "2-criterion.png"))
    hits.first.locator("a.hit-title").click()
    page.wait_for_url("**/documents/**")
    image = page.locator("#page-image")
    page.wait_for_load_state("load")  # images included
    assert image.evaluate("img => img.complete && img.naturalWidth") > 0
    box = page.locator("svg.overlay rect.hl.selected").first
    image_box, highlight = image.bounding_box(), box.bounding_box()
    assert image_box is not None and highlight is not None
    assert highlight["width"] > 50 and highlight["height"] > 5
    assert image_box["x"] <= highlight["x"]
    assert highlight["x"] + highlight["width"] <= image_box["x"] + image_box["width"]
    assert image_box["y"] <= highlight["y"] <= image_box["y"] + image_box["height"] / 2  # the title is high on page 1
    assert page.locator(".page-text mark.selected").inner_text() == "Cải cách hành chính năm 2024"
    page.screenshot(path=str(tmp_path / "3-document.png"), full_page=True)
    # pages: the next one, then back by the "go to page" box
    page.click("nav.page-nav a[rel=next]")
    page.wait_for_url("**page=2**")
    assert page.locator("figure.page-image").get_attribute("data-page") == "2"
    assert "II. NHIỆM VỤ TRỌNG TÂM" in page.locator(".page-text").inner_text()
    page.fill("#jump-page", "1")
    page.click("form.jump button[type=submit]")
    page.wait_for_url("**page=1**")
    assert page.locator("figure.page-image").get_attribute("data-page") == "1"
    # free text: the words searched for are boxed on the page image of the hit
    page.goto(f"{site}/search?q=cai+cach")
    page.locator("li.hit a.hit-title").first.click()
    page.wait_for_url("**/documents/**q=cai**")
    page.wait_for_load_state("load")
    boxes = page.locator("svg.overlay rect.hl.query")
    assert boxes.count() >= 2
    first = boxes.first.bounding_box()
    assert first is not None and first["width"] > 5 and first["height"] > 3


def test_override_shows_in_the_trace(page: Page, site: str, tmp_path: Path) -> None:
    log_in(page, site, "thamdinh", PASSWORDS["thamdinh"])
    page.click("nav.menu >> text=Bảng điểm")
    page.select_option("select#unit", UNIT)
    page.select_option("select#year", str(YEAR))
    page.click("form.pickers button[type=submit]")
    row = page.locator("tr#tc-1\\.1\\.1")
    assert row.locator("td.proposed").inner_text().strip() == "1"
    row.locator("details.override summary").click()
    row.locator("input[name=points]").fill("0,5")
    row.locator("button[value=override]").click()  # no reason yet: the page asks for it, nothing is sent
    assert row.locator("td.in-force strong").inner_text().strip() == "1"
    row.locator("textarea[name=reason]").fill("Văn bản chưa đóng dấu")
    row.locator("button[value=override]").click()
    page.wait_for_url("**#tc-1.1.1")
    row = page.locator("tr#tc-1\\.1\\.1")
    assert row.locator("td.in-force strong").inner_text().strip() == "0,5"
    # the total after the decision, out of the scheme's maximum, and its rating band from the scheme data
    assert page.locator("#total-in-force").inner_text() == "0,75"  # 0,5 + 0,25 (one periodic report of four)
    assert page.locator("#scheme-max").inner_text() == "100"
    assert page.locator("#band").inner_text() == "Yếu"
    page.screenshot(path=str(tmp_path / "4-scorecard.png"), full_page=True)
    row.locator("a", has_text="Truy vết").click()
    page.wait_for_url("**/trace?**")
    decision = page.locator("tr.decision").first
    assert "Văn bản chưa đóng dấu" in decision.inner_text()
    assert "thamdinh" in decision.inner_text()
    page.click("#verify-all")
    assert "khớp mã băm" in page.locator("p.verify").first.inner_text()
    page.screenshot(path=str(tmp_path / "5-trace.png"), full_page=True)


def test_auditor_cannot_change_a_score(page: Page, site: str, tmp_path: Path) -> None:
    log_in(page, site, "kiemtoan", PASSWORDS["kiemtoan"])
    page.goto(f"{site}/scorecard?unit={UNIT}&year={YEAR}")
    assert page.locator("form.decision-form").count() == 0
    assert "chỉ xem" in page.locator(".score-summary").inner_text()
    token = page.locator("form.who input[name=csrf_token]").input_value()
    body = {"unit": UNIT, "year": YEAR, "criterion": "1.1.1", "action": "override", "points": 0, "reason": "thử"}
    answer = page.request.post(f"{site}/api/decisions", headers={"X-CSRF-Token": token}, data=body)
    assert answer.status == 403
    page.reload()
    assert page.locator("tr#tc-1\\.1\\.1 td.in-force strong").inner_text().strip() == "1"
    page.click("nav.menu >> text=Nhật ký quyết định")
    assert "Chưa có quyết định nào" in page.locator("table.decisions").inner_text()
    page.screenshot(path=str(tmp_path / "6-auditor.png"), full_page=True)
