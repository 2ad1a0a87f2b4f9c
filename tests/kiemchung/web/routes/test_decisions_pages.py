"""Deciding on the scorecard page and following the trace, as an appraiser and as an auditor."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from kiemchung.archive import Archive
from kiemchung.settings import Settings
from tests.kiemchung.web.conftest import log_in
from tests.kiemchung.web.corpus import UNIT, YEAR, Corpus

FORM = {"unit": UNIT, "year": str(YEAR), "criterion": "1.1.1"}


def test_override_on_the_page_shows_in_scorecard_trace_and_log(client: TestClient, corpus: Corpus) -> None:
    token = log_in(client, "thamdinh")
    refused = client.post("/scorecard/decisions", data={**FORM, "action": "override", "points": "0,5", "reason": "",
                                                        "csrf_token": token})  # fmt: skip
    assert refused.status_code == 400 and "lý do" in refused.text
    done = client.post("/scorecard/decisions", data={**FORM, "action": "override", "points": "0,5",
                                                     "reason": "Thiếu chữ ký", "csrf_token": token},
                       follow_redirects=False)  # fmt: skip
    assert done.status_code == 303 and done.headers["location"].endswith("#tc-1.1.1")
    scorecard = client.get(done.headers["location"]).text
    row = re.search(r'<tr id="tc-1.1.1".*?</tr>', scorecard, re.DOTALL)
    assert row and "<strong>0,5</strong>" in row.group(0) and "Điều chỉnh · thamdinh" in row.group(0)
    trace = client.get("/trace", params={"unit": UNIT, "year": YEAR, "criterion": "1.1.1"}).text
    assert "Thiếu chữ ký" in trace and "1 → <strong>0,5</strong>" in trace
    assert corpus.records["plan"].sha256 in trace
    client.cookies.clear()
    log_in(client, "kiemtoan")
    log_page = client.get("/audit").text
    assert "Thiếu chữ ký" in log_page and "Chuỗi băm nguyên vẹn" in log_page


def test_auditor_sees_no_decision_form_and_cannot_post_one(client: TestClient) -> None:
    token = log_in(client, "kiemtoan")
    page = client.get("/scorecard", params={"unit": UNIT, "year": YEAR}).text
    assert "decision-form" not in page and "chỉ xem" in page
    answer = client.post("/scorecard/decisions", data={**FORM, "action": "accept", "csrf_token": token})
    assert answer.status_code == 403
    assert "Không có quyền" in answer.text


def test_verify_button_re_hashes_the_original(client: TestClient, corpus: Corpus, sqlite_home: Settings) -> None:
    token = log_in(client, "kiemtoan")
    plan = corpus.records["plan"]
    url = f"/trace?unit={UNIT}&year={YEAR}&criterion=1.1.1"
    ok = client.post(url, data={"csrf_token": token, "sha256": plan.sha256}).text
    assert "✔" in ok and "khớp mã băm" in ok
    path = Archive(sqlite_home.home).original_path(plan.sha256)
    assert path is not None
    path.write_bytes(b"%PDF-1.4 replaced")
    bad = client.post(url, data={"csrf_token": token, "sha256": plan.sha256}).text
    assert "KHÔNG khớp mã băm" in bad
    assert client.post(url, data={"sha256": plan.sha256}).status_code == 403
