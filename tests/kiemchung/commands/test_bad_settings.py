"""Settings that cannot work end every command with one line and exit code 2, before anything is
read or archived (issue 15: bad input → a clear one-line error, never a crash or half-written state)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kiemchung.archive import Archive
from kiemchung.cli import app
from tests.pdf_builders import born_digital_pdf

BAD_SETTINGS = {
    "not a number": ({"KIEMCHUNG_OCR_DPI": "abc"}, "KIEMCHUNG_OCR_DPI"),
    "negative budget": ({"KIEMCHUNG_MEMORY_BUDGET_MB": "-5"}, "KIEMCHUNG_MEMORY_BUDGET_MB"),
    "zero seconds": ({"KIEMCHUNG_TIME_BUDGET_SECONDS": "0"}, "KIEMCHUNG_TIME_BUDGET_SECONDS"),
    "negative workers": ({"KIEMCHUNG_OCR_WORKERS": "-1"}, "KIEMCHUNG_OCR_WORKERS"),
    "junk trust root": ({}, "not a certificate"),
}


def commands(folder: Path) -> dict[str, list[str]]:
    pdf = folder / "ke-hoach.pdf"
    pdf.write_bytes(born_digital_pdf())
    (folder / "truth.jsonl").write_text('{"file": "ke-hoach.pdf"}\n', encoding="utf-8")
    return {"extract": ["extract", "--json", str(pdf)], "ingest": ["ingest", str(pdf)], "eval": ["eval", str(folder)]}


@pytest.mark.parametrize("command", ["extract", "ingest", "eval"])
@pytest.mark.parametrize("problem", sorted(BAD_SETTINGS))
def test_bad_settings_give_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, problem: str
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("KIEMCHUNG_HOME", str(home))
    monkeypatch.delenv("KIEMCHUNG_ELASTICSEARCH_URL", raising=False)
    environment, named = BAD_SETTINGS[problem]
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    if problem == "junk trust root":
        (home / "trust").mkdir(parents=True)
        (home / "trust" / "root.pem").write_text("not a certificate", encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()

    result = CliRunner().invoke(app, commands(folder)[command])

    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and named in lines[0], result.stderr
    for name in environment:
        monkeypatch.delenv(name)
    assert list(Archive(home).iter_originals()) == []  # nothing half done
