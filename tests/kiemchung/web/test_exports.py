"""Exports: the evidence pack ZIP (streamed) and the scorecard XLSX."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from core.rubric import default_scheme
from kiemchung.archive import Archive
from kiemchung.settings import Settings
from kiemchung.web.exports import evidence_pack
from tests.kiemchung.web.conftest import log_in
from tests.kiemchung.web.corpus import UNIT, YEAR, Corpus

MANIFEST_KEYS = [
    "criterion", "criterion_name", "number", "doc_type", "issue_date", "issuer", "page", "quote",
    "sha256", "source_url", "file", "evidence_id", "rule",
]  # fmt: skip


def test_evidence_pack_holds_originals_and_a_manifest(client: TestClient, corpus: Corpus) -> None:
    log_in(client, "kiemtoan")
    response = client.get("/api/exports/evidence-pack", params={"unit": UNIT, "year": YEAR})
    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    pack = zipfile.ZipFile(io.BytesIO(response.content))
    assert pack.testzip() is None
    header, *lines = list(csv.reader(io.StringIO(pack.read("manifest.csv").decode("utf-8-sig"))))
    assert header[:3] == ["Mã tiêu chí", "Tiêu chí", "Số, ký hiệu"]  # in Vietnamese, by default
    manifest = [dict(zip(MANIFEST_KEYS, line, strict=True)) for line in lines]
    assert sorted(row["criterion"] for row in manifest) == ["1", "1.1.1", "1.2"]
    for row in manifest:
        data = pack.read(row["file"])
        assert hashlib.sha256(data).hexdigest() == row["sha256"]
        assert row["source_url"] in set(corpus.sources.values())
    plan_row = next(row for row in manifest if row["criterion"] == "1.1.1")
    assert (plan_row["number"], plan_row["issue_date"], plan_row["page"]) == ("297/KH-UBND", "20/12/2023", "1")
    assert plan_row["doc_type"] == "Kế hoạch"
    assert plan_row["quote"] == "Cải cách hành chính năm 2024"


def test_evidence_pack_streams_piece_by_piece(sqlite_home: Settings, corpus: Corpus) -> None:
    archive = Archive(sqlite_home.home)
    pieces = list(evidence_pack(archive, corpus.records.values(), default_scheme()))
    assert len([piece for piece in pieces if piece]) >= len(corpus.records) + 1  # one per original, then the rest
    largest_original = max(path.stat().st_size for path in corpus.files.values())
    assert max(len(piece) for piece in pieces) < largest_original + 4096
    assert zipfile.ZipFile(io.BytesIO(b"".join(pieces))).testzip() is None


def test_scorecard_xlsx_has_every_criterion_and_the_decision(client: TestClient) -> None:
    token = log_in(client, "thamdinh")
    body = {
        "unit": UNIT,
        "year": YEAR,
        "criterion": "1.1.1",
        "action": "override",
        "points": 0,
        "reason": "Không hợp lệ",
    }
    assert client.post("/api/decisions", headers={"X-CSRF-Token": token}, json=body).status_code == 201
    response = client.get("/api/exports/scorecard.xlsx", params={"unit": UNIT, "year": YEAR})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows.index(next(r for r in rows if r and r[0] == "Mã tiêu chí"))
    assert rows[header][-1] == "Thời điểm (giờ Việt Nam)"
    totals = {r[i]: r[i + 1] for r in rows[:header] if r for i in range(0, len(r) - 1, 2) if r[i]}
    assert totals["Điểm tối đa của bộ tiêu chí"] == 100 and totals["Xếp loại"] == "Yếu"
    by_criterion = {r[0]: r for r in rows[header + 1 :]}
    assert set(by_criterion) == {node.id for node in default_scheme().walk()}
    plan = by_criterion["1.1.1"]
    assert plan[3] == 1 and plan[7] == 0 and plan[8] == "Điều chỉnh" and plan[9] == "Không hợp lệ"
