"""`kiemchung extract FILE... --json`: the contract others depend on, through the real command."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from tests.pdf_builders import born_digital_pdf

CONTRACT_KEYS = {
    "file",
    "sha256",
    "doc_type",
    "number",
    "issuer",
    "superior",
    "place",
    "issue_date",
    "subject",
    "signer",
    "references",
    "pages",
    "evidence",
    "signature",
    "needs_review",
    "error",
}


def run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KIEMCHUNG_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "kiemchung.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


def test_json_lines_one_per_file_in_input_order(tmp_path: Path) -> None:
    plan = tmp_path / "plan.pdf"
    plan.write_bytes(born_digital_pdf())
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"<html>502 Bad Gateway</html>")
    result = run("extract", str(broken), str(plan), "--json", home=tmp_path / "home")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert [first["file"], second["file"]] == [str(broken), str(plan)]
    assert set(first) >= CONTRACT_KEYS and set(second) >= CONTRACT_KEYS
    assert first["error"] and "HTML" in first["error"] and first["pages"] == []
    assert second["error"] is None
    assert second["sha256"] == hashlib.sha256(plan.read_bytes()).hexdigest()
    page = second["pages"][0]
    assert {"page", "method", "confidence", "text"} <= set(page)
    assert page["method"] == "text" and "words" not in page
    assert second["signature"]["status"] == "unsigned"
    assert isinstance(second["needs_review"], list)


def test_words_are_included_on_request(tmp_path: Path) -> None:
    plan = tmp_path / "plan.pdf"
    plan.write_bytes(born_digital_pdf())
    result = run("extract", str(plan), "--json", "--words", home=tmp_path / "home")
    words = json.loads(result.stdout)["pages"][0]["words"]
    assert any(w["text"] == "297/KH-UBND" for w in words)
    assert all({"x0", "top", "x1", "bottom", "start"} <= set(w) for w in words)


def test_exit_code_is_non_zero_only_when_every_file_failed(tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    result = run("extract", str(empty), str(tmp_path / "missing.pdf"), "--json", home=tmp_path / "home")
    assert result.returncode == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["error"] for r in records] == ["empty file (0 bytes)", "cannot read file: No such file or directory"]
    assert "Traceback" not in result.stderr


def test_readable_summary_without_json(tmp_path: Path) -> None:
    plan = tmp_path / "plan.pdf"
    plan.write_bytes(born_digital_pdf())
    result = run("extract", str(plan), home=tmp_path / "home")
    assert result.returncode == 0
    assert "plan.pdf" in result.stdout
    assert "1:text" in result.stdout
    assert not result.stdout.lstrip().startswith("{")
