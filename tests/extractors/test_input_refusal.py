"""Only regular files are read (issue 15 item 4): a FIFO, a device and a symbolic link out of its
folder each get one line and are never opened, in `extract` and in `ingest`; a link that stays in
the folder is read; random bytes after an OLE header are an error, not OCR of noise."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from extractors.input_checks import input_refusal
from extractors.office import office_binary
from extractors.pipeline import ExtractionOptions, extract_files, iter_pdf_paths
from kiemchung.archive import Archive
from kiemchung.stores.ingest import IngestOutcome, ingest_paths, per_file
from kiemchung.stores.sqlite_store import SqliteStore
from samples.hostile import random_ole
from tests.pdf_builders import born_digital_pdf

OPTIONS = ExtractionOptions(tag=False, workers=1)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A given folder with a FIFO, a link to /dev/zero, a link out of it, a link inside it and a PDF."""
    root = tmp_path / "given"
    root.mkdir()
    (tmp_path / "outside.pdf").write_bytes(born_digital_pdf())
    (root / "plan.pdf").write_bytes(born_digital_pdf())
    os.mkfifo(root / "fifo.pdf")
    (root / "zero.pdf").symlink_to("/dev/zero")
    (root / "escape.pdf").symlink_to(tmp_path / "outside.pdf")
    (root / "same.pdf").symlink_to(root / "plan.pdf")
    return root


def test_each_path_gets_its_reason(folder: Path) -> None:
    assert input_refusal(folder / "fifo.pdf") == "refused: not a regular file but a named pipe (FIFO)"
    assert input_refusal(folder / "zero.pdf") == "refused: not a regular file but a character device"
    escape = input_refusal(folder / "escape.pdf")
    assert escape is not None and escape.startswith("refused: a symbolic link leading out of its folder")
    assert input_refusal(folder / "same.pdf") is None
    assert input_refusal(folder / "plan.pdf") is None


def test_extract_refuses_them_with_one_line_and_reads_the_rest(folder: Path) -> None:
    paths = iter_pdf_paths([folder])
    records = {Path(record.file).name: record for record in extract_files(paths, OPTIONS)}
    assert len(paths) == 5 and set(records) == {"escape.pdf", "fifo.pdf", "plan.pdf", "zero.pdf"}
    for name in ("fifo.pdf", "zero.pdf", "escape.pdf"):
        error = records[name].error
        assert error is not None and error.startswith("refused: ") and "\n" not in error
        assert not records[name].pages
    assert records["plan.pdf"].error is None and records["plan.pdf"].pages
    assert "same.pdf" not in records  # the link inside the folder is read as the file it points to


def test_ingest_refuses_them_before_archiving(folder: Path, tmp_path: Path) -> None:
    archive = Archive(tmp_path / "home")
    store = SqliteStore(tmp_path / "index.sqlite")
    outcomes: list[IngestOutcome] = []
    before = sorted(p for p in (tmp_path / "home").rglob("*") if p.is_file())
    try:
        ingest_paths(
            [folder / "fifo.pdf", folder / "zero.pdf", folder / "escape.pdf"],
            archive,
            store,
            extract=per_file(lambda path: pytest.fail(f"{path} was extracted")),
            on_outcome=outcomes.append,
        )
    finally:
        store.close()
    assert [outcome.status for outcome in outcomes] == ["failed"] * 3
    assert all((outcome.error or "").startswith("refused: ") for outcome in outcomes)
    assert sorted(p for p in (tmp_path / "home").rglob("*") if p.is_file()) == before  # nothing archived


def test_random_bytes_after_an_ole_header_are_an_error_not_ocr(tmp_path: Path) -> None:
    if office_binary() is None:
        pytest.fail("LibreOffice is not installed: scripts/setup installs libreoffice-writer-nogui")
    path = tmp_path / "cong-van.doc"
    path.write_bytes(random_ole())
    [record] = extract_files([path], OPTIONS)
    assert record.error is not None and "\n" not in record.error
    assert not record.pages and not any(page.method == "ocr" for page in record.pages)
