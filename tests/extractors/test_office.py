"""Word attachments are read like PDFs: converted by a real LibreOffice, identity kept by the original."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest

from extractors.input_checks import sniff
from extractors.office import office_binary
from extractors.pipeline import ExtractionOptions, extract_file
from tests.pdf_builders import PLAN_LINES

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def word_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if office_binary() is None and not Path("/usr/bin/soffice").exists():
        pytest.fail("LibreOffice is not installed: scripts/setup installs libreoffice-writer-nogui")
    folder = tmp_path_factory.mktemp("office")
    html = folder / "plan.html"
    body = "".join(f"<p>{line}</p>" for line in PLAN_LINES)
    html.write_text(f"<html><head><meta charset='utf-8'></head><body>{body}</body></html>", encoding="utf-8")
    files = {}
    for suffix, filter_name in (("docx", "docx:MS Word 2007 XML"), ("doc", "doc:MS Word 97")):
        subprocess.run(
            [str(office_binary()), f"-env:UserInstallation=file://{folder}/profile", "--headless",
             "--convert-to", filter_name, "--outdir", str(folder), str(html)],
            check=True, capture_output=True, timeout=180,
        )
        files[suffix] = folder / f"plan.{suffix}"
    return files


@pytest.mark.parametrize("suffix", ["docx", "doc"])
def test_word_attachment_is_converted_and_read(word_files: dict[str, Path], suffix: str) -> None:
    path = word_files[suffix]
    assert sniff(path.read_bytes()) == suffix
    record = extract_file(path, ExtractionOptions(tag=False))
    assert record.error is None
    assert record.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()  # the original's identity
    assert record.pages and all(p.method == "converted" for p in record.pages)
    assert f"converted from .{suffix}" in record.pages[0].reason
    text = record.pages[0].text
    assert "Cải cách hành chính năm 2024" in text
    assert "297/KH-UBND" in text


def test_corrupt_word_file_gets_one_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    record = extract_file(path, ExtractionOptions(tag=False))
    assert record.error is not None
    assert "\n" not in record.error
    assert record.pages == []
