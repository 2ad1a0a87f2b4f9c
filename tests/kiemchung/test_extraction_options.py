"""The deployment's settings reach the extraction from every entry point (issue 15 item 4): CLI
`extract`, `ingest`, the crawl's ingestor, the flows' extractor, and the web demo's ingest. Each is
run with the environment set and the options it hands to `extract_files` are compared."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner

from core.models import DocumentRecord
from extractors.budget import ReadingBudget
from extractors.pipeline import ExtractionOptions
from kiemchung.archive import Archive
from kiemchung.cli import app
from kiemchung.stores import open_store
from kiemchung.stores.ingest import ingest_paths
from samples.signing import make_test_pki
from tests.pdf_builders import born_digital_pdf

Seen = list[ExtractionOptions]


@pytest.fixture
def deployment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, bytes, Seen]:
    """A home with a trust root and every extraction setting away from its default; `extract_files`
    replaced by a spy that keeps the options and answers each file with an error record."""
    home = tmp_path / "home"
    (home / "trust").mkdir(parents=True)
    root = make_test_pki().root.pem
    (home / "trust" / "root.pem").write_bytes(root)
    for name, value in {
        "HOME": home,
        "OCR_DPI": 123,
        "OCR_LANGUAGE": "eng",
        "OCR_WORKERS": 1,
        "SIGNATURE_MAX_DAYS": 9,
        "MEMORY_BUDGET_MB": 1000,
        "TIME_BUDGET_SECONDS": 77,
    }.items():
        monkeypatch.setenv(f"KIEMCHUNG_{name}", str(value))
    monkeypatch.delenv("KIEMCHUNG_ELASTICSEARCH_URL", raising=False)
    seen: Seen = []

    def spy(
        paths: Sequence[Path | str],
        options: ExtractionOptions | None = None,
        cache: object = None,
        on_record: Callable[[DocumentRecord], None] | None = None,
        failures: object = None,
    ) -> list[DocumentRecord]:
        seen.append(options or ExtractionOptions())
        records = [DocumentRecord(file=str(path), sha256="", error="not read (test)") for path in paths]
        for record in records:
            if on_record is not None:
                on_record(record)
        return records

    monkeypatch.setattr("extractors.pipeline.extract_files", spy)
    return tmp_path, root, seen


def assert_deployment_options(seen: Seen, root_pem: bytes) -> None:
    assert seen, "extract_files was not called"
    options = seen[-1]
    assert (options.ocr.dpi, options.ocr.language, options.workers) == (123, "eng", 1)
    assert options.signature_max_days == 9
    assert options.budget == ReadingBudget(memory_bytes=1000 * 1024**2, seconds=77)
    assert options.trust_roots == (_der_of(root_pem),)


def _der_of(pem: bytes) -> bytes:
    from asn1crypto import pem as pem_module

    return pem_module.unarmor(pem)[2]


def a_pdf(folder: Path) -> Path:
    path = folder / "ke-hoach.pdf"
    path.write_bytes(born_digital_pdf())
    return path


def test_cli_extract(deployment: tuple[Path, bytes, Seen]) -> None:
    folder, root, seen = deployment
    CliRunner().invoke(app, ["extract", "--json", str(a_pdf(folder))])
    assert_deployment_options(seen, root)


def test_cli_ingest(deployment: tuple[Path, bytes, Seen]) -> None:
    folder, root, seen = deployment
    CliRunner().invoke(app, ["ingest", "--json", str(a_pdf(folder))])
    assert_deployment_options(seen, root)


def test_cli_eval(deployment: tuple[Path, bytes, Seen]) -> None:
    folder, root, seen = deployment
    truth = folder / "truth"
    truth.mkdir()
    a_pdf(truth)
    (truth / "truth.jsonl").write_text('{"file": "ke-hoach.pdf", "doc_type": "KH"}\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "--json", str(truth)])
    assert result.exit_code == 0, result.output
    assert_deployment_options(seen, root)


def test_crawl_ingestor(deployment: tuple[Path, bytes, Seen]) -> None:
    from kiemchung.settings import get_settings
    from kiemchung.sources.arrivals import ArrivalIngestor
    from kiemchung.sources.crawlers import Arrival

    _folder, root, seen = deployment
    body = born_digital_pdf()
    arrival = Arrival(
        source="test",
        url="https://example.org/ke-hoach.pdf",
        final_url="https://example.org/ke-hoach.pdf",
        file_name="ke-hoach.pdf",
        sha256=hashlib.sha256(body).hexdigest(),
        size=len(body),
        kind="pdf",
        fetched_at=dt.datetime.now(dt.UTC),
        body=body,
    )
    settings = get_settings()
    store = open_store(settings)
    try:
        ArrivalIngestor(Archive(settings.home), store)(arrival)  # as `kiemchung crawl` builds it
    finally:
        store.close()
    assert_deployment_options(seen, root)


def test_flows_extractor(deployment: tuple[Path, bytes, Seen]) -> None:
    from flows.common import extract_document

    folder, root, seen = deployment
    extract_document.fn(a_pdf(folder), str(folder / "home"))  # what `cached_extractor(home)` calls
    assert_deployment_options(seen, root)


def test_web_demo_ingest(deployment: tuple[Path, bytes, Seen]) -> None:
    """The web app extracts nothing itself; its demo (`kiemchung.web.screenshots`) ingests with
    `ingest_paths` and no extractor of its own, which is this call."""
    from kiemchung.settings import get_settings

    folder, root, seen = deployment
    settings = get_settings()
    store = open_store(settings)
    try:
        ingest_paths([a_pdf(folder)], Archive(settings.home), store)
    finally:
        store.close()
    assert_deployment_options(seen, root)


@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_retry_failed_reaches_the_options(deployment: tuple[Path, bytes, Seen], command: str) -> None:
    folder, root, seen = deployment
    CliRunner().invoke(app, [command, str(a_pdf(folder))])
    CliRunner().invoke(app, [command, "--retry-failed", str(a_pdf(folder))])
    assert [options.retry_failed for options in seen] == [False, True]
    assert_deployment_options(seen, root)
