"""The server-rendered pages on the test corpus, on both stores."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape

import pytest
from fastapi.testclient import TestClient

from extractors.page_text import words_in_span
from kiemchung.settings import Settings
from kiemchung.stores.documents import evidence_id
from kiemchung.web import create_app
from kiemchung.web.config import WebSettings
from tests.kiemchung.web.conftest import log_in
from tests.kiemchung.web.corpus import UNIT, XSS, YEAR, Corpus


@pytest.fixture
def web(home: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(home, WebSettings(secret_key="test-secret"))) as client:
        log_in(client, "thamdinh")
        yield client


def _tree_count(html: str, criterion: str) -> int:
    match = re.search(rf'data-criterion="{re.escape(criterion)}".*?<span class="count[^"]*"[^>]*>(\d+)</span>', html,
                      re.DOTALL)  # fmt: skip
    assert match, f"criterion {criterion} not in the tree"
    return int(match.group(1))


def test_rubric_tree_counts_evidence_up_the_tree(web: TestClient, corpus: Corpus) -> None:
    html = web.get("/search").text
    expected = {"1.1.1": 1, "1.1": 1, "1.2": 1, "1": 3, "2": 0}
    for criterion, count in expected.items():
        assert _tree_count(html, criterion) == count, criterion


def test_criterion_search_shows_the_quote_page_number_and_badges(web: TestClient, corpus: Corpus) -> None:
    html = web.get("/search", params={"criterion": "1.2", "unit": UNIT, "year": YEAR}).text
    hits = re.findall(r'<li class="hit">(.*?)</li>', html, re.DOTALL)
    assert len(hits) == 1
    hit = hits[0]
    report = corpus.records["report"]
    assert "150/BC-UBND" in hit
    assert "15/06/2024" in hit
    assert "Trang 1" in hit
    assert "Ủy ban nhân dân Quận 3" in hit
    assert 'class="badge method-ocr"' in hit  # the report's page is presented as a scan
    assert report.evidence[0].quote in unescape(hit)
    expected_id = evidence_id(report.sha256, "1.2", 1, report.evidence[0].start, report.evidence[0].end,
                              report.evidence[0].rule)  # fmt: skip
    assert f"evidence={expected_id}" in unescape(hit)


def test_free_text_without_diacritics_finds_the_plan(web: TestClient, corpus: Corpus) -> None:
    html = web.get("/search", params={"q": "tuyen truyen cai cach"}).text
    assert "297/KH-UBND" in html
    assert "<mark>" in html
    assert "150/BC-UBND" not in html


def test_signature_badge_reflects_the_record(web: TestClient) -> None:
    html = web.get("/search", params={"criterion": "1.1.1"}).text
    assert 'class="badge sig-valid"' in html
    assert 'class="badge method-text"' in html


def test_text_from_documents_is_escaped_everywhere(web: TestClient, corpus: Corpus) -> None:
    letter = corpus.records["letter"]
    pages = [
        web.get("/search", params={"criterion": "1"}).text,
        web.get("/search", params={"q": "don doc"}).text,
        web.get(f"/documents/{letter.sha256}").text,
        web.get("/trace", params={"unit": UNIT, "year": YEAR, "criterion": "1"}).text,
    ]
    for html in pages:
        assert XSS not in html
        assert "&lt;script&gt;" in html
    document = pages[2]
    assert 'href="javascript:' not in document  # a hostile source "URL" is shown, never linked
    assert "javascript:alert(1)" in document


def test_document_view_highlights_the_evidence_words(web: TestClient, corpus: Corpus) -> None:
    plan = corpus.records["plan"]
    item = plan.evidence[0]
    item_id = evidence_id(plan.sha256, item.criterion, item.page, item.start, item.end, item.rule)
    html = web.get(f"/documents/{plan.sha256}", params={"evidence": item_id}).text
    assert f'src="/api/documents/{plan.sha256}/pages/1/image"' in html
    number = r'"([\d.-]+)"'
    rects = re.findall(rf'<rect class="hl selected" x={number} y={number} width={number} height={number}', html)
    assert len(rects) == 1  # one line of words
    x, y, width, height = (float(v) for v in rects[0])
    words = words_in_span(plan.pages[0].words, item.start, item.end)
    assert x <= min(w.x0 for w in words) and x + width >= max(w.x1 for w in words)
    assert y <= min(w.top for w in words) and y + height >= max(w.bottom for w in words)
    page = plan.pages[0]
    assert f'viewBox="0 0 {page.width} {page.height}"' in html
    assert f'<mark class="selected" data-evidence="{item_id}">{item.quote}</mark>' in html
    for label in ("SHA-256", "Nguồn", "tải về", "lượt chạy", "Chữ ký số hợp lệ", "Tải bản gốc"):
        assert label in html
    assert plan.sha256 in html
    assert "https://quan3.hochiminhcity.gov.vn/van-ban/297-kh-ubnd.pdf" in html
    assert "run-plan" in html


def test_document_view_other_page(web: TestClient, corpus: Corpus) -> None:
    plan = corpus.records["plan"]
    html = web.get(f"/documents/{plan.sha256}", params={"page": 2}).text
    assert "/pages/2/image" in html
    assert "II. NHIỆM VỤ TRỌNG TÂM" in html
    assert 'class="hl' not in html  # no evidence on page 2
    assert web.get(f"/documents/{plan.sha256}", params={"page": 9}).status_code == 404
    assert web.get("/documents/" + "0" * 64).status_code == 404


def test_scorecard_shows_proposals_evidence_and_missing(web: TestClient, corpus: Corpus) -> None:
    html = web.get("/scorecard", params={"unit": UNIT, "year": YEAR}).text
    row = re.search(r'<tr id="tc-1.1.1".*?</tr>', html, re.DOTALL)
    assert row
    assert "297/KH-UBND" in row.group(0)
    assert re.search(r'class="num proposed">1<', row.group(0))  # issued 20/12/2023, deadline 31/12/2023: on time
    assert "Chữ ký số hợp lệ" in row.group(0)  # the plan's PDF signature, beside the proposal it supports
    periodic = re.search(r'<tr id="tc-1.2".*?</tr>', html, re.DOTALL)
    assert periodic and "Còn thiếu" in periodic.group(0)  # only the 6-month report exists
    assert "Chấp nhận" in html and "Điều chỉnh" in html
