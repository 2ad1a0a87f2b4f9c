"""Find and fix metadata, on both stores: the review list, a correction logged on the audit chain and
shown in the trace, the corrected document indexed again and counted in its corrected unit's
scorecard, and a number that is in no page's text found by the search box."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kiemchung.archive import Archive
from kiemchung.settings import Settings
from kiemchung.stores import SearchQuery, open_store
from kiemchung.stores import ingest as ingest_module
from kiemchung.stores.ingest import ingest_paths, per_file
from kiemchung.stores.reindex import reindex
from kiemchung.web import create_app
from kiemchung.web.config import WebSettings
from kiemchung.web.corrections import CorrectedArchive
from tests.kiemchung.web.conftest import csrf_of, fill_home, log_in, with_letter
from tests.kiemchung.web.corpus import UNIT, YEAR, Corpus


@pytest.fixture
def unitless_home(settings: Settings, corpus: Corpus, users_database: Path) -> Settings:
    """The test corpus with the letter's unit and year unrecognised and its number to check."""
    changed = with_letter(corpus, unit=None, year=None, needs_review=["number"],
                          field_sources={"number": "file name: 77.pdf"})  # fmt: skip
    fill_home(settings, changed, users_database)
    return settings


@pytest.fixture
def web(unitless_home: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(unitless_home, WebSettings(secret_key="test-secret"))) as client:
        yield client


def _documents(web: TestClient) -> int:
    answer = web.get("/api/scorecard", params={"unit": UNIT, "year": YEAR})
    assert answer.status_code == 200, answer.text
    return int(answer.json()["documents"])


def test_correct_the_unit_and_number_of_a_document(web: TestClient, corpus: Corpus) -> None:
    sha = corpus.records["letter"].sha256
    token = log_in(web, "thamdinh")
    listed = web.get("/review?show=no-unit").text
    assert sha in listed and "chưa có đơn vị" in listed
    assert listed.count('class="review-item"') == 1  # the other two have a unit and nothing to check
    assert _documents(web) == 2

    page = web.get(f"/documents/{sha}/corrections")
    assert "tên tệp" in page.text and "cần kiểm tra" in page.text  # where the number came from, in words
    form = {"csrf_token": token, "field": "unit", "value": UNIT, "reason": "Công văn của UBND Quận 3"}
    answer = web.post(f"/documents/{sha}/corrections", data=form, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    assert _documents(web) == 3  # it reaches the scorecard of its corrected unit (year from its date)
    found = web.get("/api/search", params={"unit": UNIT, "year": YEAR, "target": "documents"}).json()
    assert sha in {hit["sha256"] for hit in found["hits"]}

    form = {"csrf_token": token, "field": "number", "value": "1772 / UBND-VP", "reason": "Đọc lại số viết tay"}
    assert web.post(f"/documents/{sha}/corrections", data=form, follow_redirects=False).status_code == 303
    assert sha not in web.get("/review").text  # nothing left to check
    search = web.get("/search", params={"q": "1772"}).text  # in no page's text: found by its number
    assert "Văn bản có số" in search and "1772/UBND-VP" in search.split('class="number-hits"', 1)[1]

    history = web.get(f"/documents/{sha}/corrections").text
    assert "Đọc lại số viết tay" in history and "77/UBND-VP" in history and "thamdinh" in history
    trace = web.get("/trace", params={"unit": UNIT, "year": YEAR, "criterion": "1"}).text
    assert "Công văn của UBND Quận 3" in trace and "Đọc lại số viết tay" in trace

    audit = web.app.state.context.audit  # type: ignore[attr-defined]
    assert [entry.kind for entry in audit.entries()] == ["correction", "correction"]
    assert audit.verify().ok


def test_a_bad_correction_is_refused_and_not_logged(web: TestClient, corpus: Corpus) -> None:
    sha = corpus.records["letter"].sha256
    token = log_in(web, "thamdinh")
    for field, value, reason, message in [
        ("unit", "khong-co.don-vi", "lý do", "không có đơn vị"),
        ("issue_date", "31/02/2024", "lý do", "dd/mm/yyyy"),
        ("unit", UNIT, "  ", "lý do"),
        ("doc_type", "XYZ", "lý do", "QĐ"),
    ]:
        answer = web.post(f"/documents/{sha}/corrections",
                          data={"csrf_token": token, "field": field, "value": value, "reason": reason})  # fmt: skip
        assert answer.status_code == 400 and message in answer.text, (field, answer.text[-500:])
    assert web.app.state.context.audit.corrections() == []  # type: ignore[attr-defined]


def test_an_auditor_reads_but_cannot_correct(web: TestClient, corpus: Corpus) -> None:
    sha = corpus.records["letter"].sha256
    token = log_in(web, "kiemtoan")
    page = web.get(f"/documents/{sha}/corrections")
    assert page.status_code == 200 and "correction-form" not in page.text
    answer = web.post(f"/documents/{sha}/corrections",
                      data={"csrf_token": token, "field": "unit", "value": UNIT, "reason": "thử"})  # fmt: skip
    assert answer.status_code == 403
    assert csrf_of(web.get("/review").text)


def test_a_rebuilt_index_keeps_the_corrections(web: TestClient, corpus: Corpus, unitless_home: Settings) -> None:
    sha = corpus.records["letter"].sha256
    token = log_in(web, "thamdinh")
    form = {"csrf_token": token, "field": "unit", "value": UNIT, "reason": "Công văn của UBND Quận 3"}
    assert web.post(f"/documents/{sha}/corrections", data=form, follow_redirects=False).status_code == 303
    home = unitless_home.home
    archive = CorrectedArchive.in_home(Archive(home), home)
    assert isinstance(archive, CorrectedArchive)
    assert [record.sha256 for record in archive.iter_records(unit=UNIT, year=YEAR)].count(sha) == 1
    store = open_store(unitless_home)
    try:
        reindex(archive, store, home, workers=1)  # what `kiemchung reindex` does
        found = store.search(SearchQuery(unit=UNIT, year=YEAR, target="documents", size=10))
    finally:
        store.close()
    assert sha in {hit.sha256 for hit in found.hits}
    assert _documents(web) == 3


def test_the_scorecard_command_counts_a_corrected_document(web: TestClient, corpus: Corpus, unitless_home: Settings,
                                                           store_kind: str) -> None:  # fmt: skip
    if store_kind != "sqlite":
        pytest.skip("the command reads the archive, whatever the store")
    sha = corpus.records["letter"].sha256
    command = [sys.executable, "-m", "kiemchung.cli", "scorecard", "--unit", UNIT, "--year", str(YEAR), "--json"]
    env = {"KIEMCHUNG_HOME": str(unitless_home.home), "PATH": "/usr/bin:/bin"}
    before = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert before.returncode == 0, before.stderr
    token = log_in(web, "thamdinh")
    form = {"csrf_token": token, "field": "unit", "value": UNIT, "reason": "Công văn của UBND Quận 3"}
    assert web.post(f"/documents/{sha}/corrections", data=form, follow_redirects=False).status_code == 303
    after = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert after.returncode == 0, after.stderr
    assert sha[:12] not in before.stdout and sha[:12] in after.stdout


def test_a_re_extraction_keeps_the_corrections(web: TestClient, corpus: Corpus, unitless_home: Settings,
                                               monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """`kiemchung ingest` with a new extractor version extracts the letter again (as it came: no unit,
    its number to check); the index, the search box and the document page still show the corrections."""
    sha = corpus.records["letter"].sha256
    token = log_in(web, "thamdinh")
    for field, value, reason in [("unit", UNIT, "Công văn của UBND Quận 3"), ("number", "1772/UBND-VP", "Số viết tay")]:
        form = {"csrf_token": token, "field": field, "value": value, "reason": reason}
        assert web.post(f"/documents/{sha}/corrections", data=form, follow_redirects=False).status_code == 303
    home = unitless_home.home
    next_version = "2999.01.01-1"
    again = Archive(home).get_record(sha)
    assert again is not None and again.unit is None and again.number == "77/UBND-VP"  # the archive is as extracted
    monkeypatch.setattr(ingest_module, "EXTRACTOR_VERSION", next_version)
    re_extracted = again.model_copy(update={"extractor_version": next_version})
    store = open_store(unitless_home)
    try:
        summary = ingest_paths([corpus.files["letter"]], Archive(home), store,
                               extract=per_file(lambda path: re_extracted))  # fmt: skip
        assert summary.extracted == 1 and summary.all_indexed, summary
        found = store.search(SearchQuery(unit=UNIT, year=YEAR, target="documents", size=10))
    finally:
        store.close()
    stored = Archive(home).get_record(sha, next_version)
    assert stored is not None and stored.number == "77/UBND-VP"  # the new extraction archived as it came
    hit = next(hit for hit in found.hits if hit.sha256 == sha)  # still in its corrected unit's index
    assert hit.number == "1772/UBND-VP"
    assert _documents(web) == 3
    search = web.get("/search", params={"q": "1772"}).text
    assert "1772/UBND-VP" in search.split('class="number-hits"', 1)[1]
    head = web.get(f"/documents/{sha}").text.split('class="evidence-list"', 1)[0]  # the metadata, not the page
    assert '<span class="number">1772/UBND-VP</span>' in head and "Quận 3 ·" in head
    trace = web.get("/trace", params={"unit": UNIT, "year": YEAR, "criterion": "1"}).text
    assert "Công văn của UBND Quận 3" in trace and "Số viết tay" in trace


def test_repair_indexes_a_lost_document_with_its_corrections(
    web: TestClient, corpus: Corpus, unitless_home: Settings, store_kind: str
) -> None:
    if store_kind != "sqlite":
        pytest.skip("the command runs on the embedded store here; the store interface is the same")
    sha = corpus.records["letter"].sha256
    token = log_in(web, "thamdinh")
    form = {"csrf_token": token, "field": "unit", "value": UNIT, "reason": "Công văn của UBND Quận 3"}
    assert web.post(f"/documents/{sha}/corrections", data=form, follow_redirects=False).status_code == 303
    store = open_store(unitless_home)
    try:
        store.delete_documents([sha])  # the index lost it
    finally:
        store.close()
    env = {"KIEMCHUNG_HOME": str(unitless_home.home), "PATH": "/usr/bin:/bin"}
    repaired = subprocess.run([sys.executable, "-m", "kiemchung.cli", "repair"], capture_output=True, text=True,
                              env=env, timeout=120)  # fmt: skip
    assert repaired.returncode == 0, repaired.stderr
    store = open_store(unitless_home)
    try:
        found = store.search(SearchQuery(unit=UNIT, year=YEAR, target="documents", size=10))
    finally:
        store.close()
    assert sha in {hit.sha256 for hit in found.hits}  # indexed again under its corrected unit
