"""The JSON API: search, documents, evidence, page images, scorecard, decisions, trace, verify."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from kiemchung.archive import Archive
from kiemchung.settings import Settings
from kiemchung.stores.documents import evidence_id
from kiemchung.web import create_app
from kiemchung.web.config import WebSettings
from kiemchung.web.page_images import page_image_path
from tests.kiemchung.web.conftest import log_in
from tests.kiemchung.web.corpus import UNIT, YEAR, Corpus


@pytest.fixture
def api(sqlite_home: Settings) -> Iterator[tuple[TestClient, str]]:
    with TestClient(create_app(sqlite_home, WebSettings(secret_key="test-secret", page_dpi=60))) as client:
        token = log_in(client, "thamdinh")
        yield client, token


def test_openapi_lists_every_route(api: tuple[TestClient, str]) -> None:
    client, _ = api
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ("/api/search", "/api/documents/{sha256}", "/api/documents/{sha256}/pages/{page}/image",
                 "/api/evidence/{evidence_id}", "/api/scorecard", "/api/decisions", "/api/trace",
                 "/api/exports/evidence-pack", "/api/exports/scorecard.xlsx"):  # fmt: skip
        assert path in paths, path
    assert "Swagger" in client.get("/api/docs").text or "swagger" in client.get("/api/docs").text


def test_search_api_uses_the_store_query_model(api: tuple[TestClient, str], corpus: Corpus) -> None:
    client, _ = api
    answer = client.get("/api/search", params={"criterion": "1.1", "unit": UNIT}).json()
    assert answer["target"] == "evidence"
    assert [hit["number"] for hit in answer["hits"]] == ["297/KH-UBND"]
    assert {b["value"]: b["count"] for b in answer["facets"]["criterion"]} == {"1.1.1": 1}
    assert client.get("/api/search", params={"criterion": "abc"}).status_code == 422
    assert client.get("/api/search", params={"size": 1000}).status_code == 422


def test_document_and_evidence_with_boxes(api: tuple[TestClient, str], corpus: Corpus) -> None:
    client, _ = api
    plan = corpus.records["plan"]
    document = client.get(f"/api/documents/{plan.sha256}").json()
    assert document["record"]["number"] == "297/KH-UBND"
    assert document["provenance"][0]["source"].startswith("https://quan3.")
    assert document["provenance"][0]["flow_run_id"] == "run-plan"
    [item_id] = document["evidence_ids"]
    item = client.get(f"/api/evidence/{item_id}").json()
    assert item["evidence"]["quote"] == "Cải cách hành chính năm 2024"
    assert len(item["boxes"]) == 1 and item["boxes"][0]["width"] > 0
    assert client.get(f"/api/documents/{plan.sha256}/evidence").json()[0]["id"] == item_id
    assert client.get("/api/evidence/" + "0" * 64 + ":e00001.000000.abc").status_code == 404
    assert client.get("/api/documents/not-a-hash").status_code == 422


def test_page_image_is_rendered_once_and_cached(api: tuple[TestClient, str], corpus: Corpus,
                                                sqlite_home: Settings) -> None:  # fmt: skip
    client, _ = api
    plan = corpus.records["plan"]
    response = client.get(f"/api/documents/{plan.sha256}/pages/2/image")
    assert response.status_code == 200 and response.headers["content-type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    page = plan.pages[1]
    assert abs(image.width - page.width * 60 / 72) <= 1 and abs(image.height - page.height * 60 / 72) <= 1
    cached = page_image_path(sqlite_home.cache_dir / "pages", plan.sha256, 2, 60)
    assert cached.read_bytes() == response.content
    assert client.get(f"/api/documents/{plan.sha256}/pages/3/image").status_code == 404


def test_original_download_is_the_archived_file(api: tuple[TestClient, str], corpus: Corpus) -> None:
    client, _ = api
    plan = corpus.records["plan"]
    response = client.get(f"/api/documents/{plan.sha256}/original")
    assert response.content == corpus.files["plan"].read_bytes()
    assert "attachment" in response.headers["content-disposition"]
    assert "297-KH-UBND" in response.headers["content-disposition"]
    assert response.headers["content-disposition"].endswith('.pdf"')
    assert response.headers["content-type"] == "application/pdf"


def test_an_original_is_named_and_served_as_what_its_bytes_are() -> None:
    from kiemchung.web.originals import download_type

    assert download_type(b"%PDF-1.7\n") == (".pdf", "application/pdf")
    assert download_type(b"\xff\xd8\xff\xe0\x00\x10JFIF") == (".jpg", "image/jpeg")
    assert download_type(b"II*\x00\x08\x00") == (".tif", "image/tiff")
    assert download_type(bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 8) == (".doc", "application/msword")
    assert download_type(b"\x00\x01 unknown") == (".bin", "application/octet-stream")


def test_override_is_logged_and_changes_the_score(api: tuple[TestClient, str], corpus: Corpus) -> None:
    client, token = api
    headers = {"X-CSRF-Token": token}
    card = client.get("/api/scorecard", params={"unit": UNIT, "year": YEAR}).json()
    line = next(c for c in card["criteria"] if c["criterion"] == "1.1.1")
    assert line["proposed_points"] == 1.0 and line["points_in_force"] == 1.0
    plan = corpus.records["plan"]
    item = plan.evidence[0]
    assert line["evidence_ids"] == [evidence_id(plan.sha256, "1.1.1", 1, item.start, item.end, item.rule)]
    missing_reason = client.post("/api/decisions", headers=headers, json={
        "unit": UNIT, "year": YEAR, "criterion": "1.1.1", "action": "override", "points": 0.5})  # fmt: skip
    assert missing_reason.status_code == 400 and "lý do" in missing_reason.json()["detail"]
    made = client.post("/api/decisions", headers=headers, json={
        "unit": UNIT, "year": YEAR, "criterion": "1.1.1", "action": "override", "points": 0.5,
        "reason": "Ngày ban hành trên cổng khác ngày trên văn bản"})  # fmt: skip
    assert made.status_code == 201
    decision = made.json()
    assert (decision["user"], decision["old_points"], decision["new_points"]) == ("thamdinh", 1.0, 0.5)
    assert decision["evidence_ids"] == line["evidence_ids"]
    card = client.get("/api/scorecard", params={"unit": UNIT, "year": YEAR}).json()
    line = next(c for c in card["criteria"] if c["criterion"] == "1.1.1")
    assert line["points_in_force"] == 0.5 and line["proposed_points"] == 1.0
    trace = client.get("/api/trace", params={"unit": UNIT, "year": YEAR, "criterion": "1.1.1", "verify": True}).json()
    assert [d["reason"] for d in trace["decisions"]] == ["Ngày ban hành trên cổng khác ngày trên văn bản"]
    [document] = trace["documents"]
    assert document["sha256"] == plan.sha256 and document["pages"] == [1]
    assert document["verification"]["ok"] is True


def test_auditor_cannot_decide_but_reads_the_log(sqlite_home: Settings) -> None:
    with TestClient(create_app(sqlite_home, WebSettings(secret_key="test-secret"))) as client:
        token = log_in(client, "kiemtoan")
        answer = client.post("/api/decisions", headers={"X-CSRF-Token": token}, json={
            "unit": UNIT, "year": YEAR, "criterion": "1.1.1", "action": "accept"})  # fmt: skip
        assert answer.status_code == 403
        assert client.get("/api/decisions").json() == []


def test_verify_finds_a_changed_original(api: tuple[TestClient, str], corpus: Corpus, sqlite_home: Settings) -> None:
    client, token = api
    plan = corpus.records["plan"]
    ok = client.post(f"/api/documents/{plan.sha256}/verify", headers={"X-CSRF-Token": token}).json()
    assert ok["ok"] is True and ok["actual"] == plan.sha256
    path = Archive(sqlite_home.home).original_path(plan.sha256)
    assert path is not None
    path.chmod(0o644)
    path.write_bytes(path.read_bytes() + b"%tampered")
    bad = client.post(f"/api/documents/{plan.sha256}/verify", headers={"X-CSRF-Token": token}).json()
    assert bad["ok"] is False and bad["actual"] != plan.sha256
