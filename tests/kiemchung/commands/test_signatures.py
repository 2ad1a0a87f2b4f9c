"""`kiemchung signatures` over the generated signed samples, through the real CLI app."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from kiemchung.cli import app
from samples.signing import write_signature_samples


def test_json_lines_give_each_sample_its_status(tmp_path: Path) -> None:
    write_signature_samples(tmp_path)
    truth = [json.loads(line) for line in (tmp_path / "signatures.jsonl").read_text("utf-8").splitlines()]
    files = [str(tmp_path / row["file"]) for row in truth]
    result = CliRunner().invoke(app, ["signatures", "--trust", str(tmp_path / "trust"), "--json", *files])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    expected = [(str(tmp_path / row["file"]), row["status"]) for row in truth]
    assert [(line["file"], line["status"]) for line in lines] == expected


def test_trust_folder_from_the_environment(tmp_path: Path) -> None:
    write_signature_samples(tmp_path)
    valid = str(tmp_path / "valid.pdf")
    runner = CliRunner()
    trusted = runner.invoke(app, ["signatures", valid], env={"KIEMCHUNG_TRUST_ROOTS": str(tmp_path / "trust")})
    untrusted = runner.invoke(app, ["signatures", valid], env={"KIEMCHUNG_TRUST_ROOTS": str(tmp_path / "none")})
    assert "valid" in trusted.stdout and "untrusted" not in trusted.stdout
    assert "untrusted" in untrusted.stdout


def test_a_junk_trust_root_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "root.pem").write_text("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
    result = CliRunner().invoke(app, ["signatures", "--trust", str(tmp_path), str(tmp_path / "root.pem")])
    assert result.exit_code == 2
    assert result.stderr.startswith("kiemchung signatures: ") and result.stderr.count("\n") == 1
