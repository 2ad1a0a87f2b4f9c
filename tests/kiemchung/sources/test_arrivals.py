"""Crawled documents go through the shared ingest (real archive, real embedded store, real extraction)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from portal_site import make_pdf

from extractors import EXTRACTOR_VERSION
from kiemchung.archive import Archive
from kiemchung.settings import Settings
from kiemchung.sources.arrivals import ArrivalIngestor
from kiemchung.sources.crawlers import Arrival
from kiemchung.stores import EvidenceStore, open_store

PLAN = make_pdf(
    [
        "ỦY BAN NHÂN DÂN QUẬN 3",
        "Số: 297/KH-UBND",
        "Quận 3, ngày 08 tháng 01 năm 2024",
        "KẾ HOẠCH",
        "Cải cách hành chính năm 2024",
    ]
)


def arrival(url: str, body: bytes = PLAN, **fields: object) -> Arrival:
    values: dict[str, object] = {
        "source": "snv",
        "url": url,
        "final_url": url,
        "file_name": url.rsplit("/", 1)[1],
        "found_on": "https://snv.example.gov.vn/tin/kh-297.html",
        "sha256": hashlib.sha256(body).hexdigest(),
        "size": len(body),
        "kind": "pdf",
        "content_type": "application/pdf",
        "etag": '"297"',
        "fetched_at": dt.datetime(2024, 1, 9, 8, 0, tzinfo=dt.UTC),
        "body": body,
    }
    values.update(fields)
    return Arrival.model_validate(values)


@pytest.fixture
def archive_and_store(tmp_path: Path) -> Iterator[tuple[Archive, EvidenceStore]]:
    store = open_store(Settings(home=tmp_path))
    yield Archive(tmp_path), store
    store.close()


def test_a_crawled_pdf_is_archived_with_its_url_extracted_and_indexed(
    archive_and_store: tuple[Archive, EvidenceStore],
) -> None:
    archive, store = archive_and_store
    url = "https://snv.example.gov.vn/Documents/kh-297.pdf"
    result = ArrivalIngestor(archive, store, flow_run_id="run-1")(arrival(url))
    assert result.new and result.error is None
    (provenance,) = archive.provenance(result.sha256)
    assert (provenance.source, provenance.kind, provenance.flow_run_id) == (url, "url", "run-1")
    assert provenance.http_headers["etag"] == '"297"'
    assert provenance.http_headers["x-kiemchung-found-on"].endswith("kh-297.html")
    record = archive.get_record(result.sha256, EXTRACTOR_VERSION)
    assert record is not None and record.file == url and record.number == "297/KH-UBND"
    assert store.counts().documents == 1
    assert not any(archive.home.glob("**/kiemchung-arrivals-*"))


def test_the_same_bytes_from_a_second_url_add_provenance_not_a_document(
    archive_and_store: tuple[Archive, EvidenceStore],
) -> None:
    archive, store = archive_and_store
    ingest = ArrivalIngestor(archive, store)
    first = ingest(arrival("https://a.gov.vn/kh-297.pdf"))
    second = ingest(arrival("https://b.gov.vn/mirror/kh-297.pdf"))
    assert first.new and not second.new and first.sha256 == second.sha256
    assert sorted(p.source for p in archive.provenance(first.sha256)) == [
        "https://a.gov.vn/kh-297.pdf",
        "https://b.gov.vn/mirror/kh-297.pdf",
    ]
    assert store.counts().documents == 1


def test_a_broken_pdf_is_archived_and_its_extraction_error_reported(
    archive_and_store: tuple[Archive, EvidenceStore],
) -> None:
    archive, store = archive_and_store
    broken = b"%PDF-1.4\n" + b"\x00garbage" * 50
    result = ArrivalIngestor(archive, store)(arrival("https://a.gov.vn/hong.pdf", body=broken))
    assert result.error and "\n" not in result.error
    assert archive.has_original(result.sha256)
    assert store.counts().documents == 0


def test_a_folder_file_keeps_its_path_as_provenance(
    archive_and_store: tuple[Archive, EvidenceStore], tmp_path: Path
) -> None:
    archive, store = archive_and_store
    path = tmp_path / "thư mục" / "kh-297.pdf"
    result = ArrivalIngestor(archive, store)(arrival(path.as_uri(), content_type=None, etag="1-2"))
    (provenance,) = archive.provenance(result.sha256)
    assert (provenance.kind, provenance.source) == ("file", str(path))
