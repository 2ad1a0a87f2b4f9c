"""The signed-sample generator: files on disk, their ground truth, and no private key left behind."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from extractors.signature import load_trust_roots, read_signatures, summarize
from samples.signing import (
    append_content_change,
    break_signature_value,
    main,
    make_sample_pdf,
    tamper_signed_range,
    write_signature_samples,
)


def test_written_samples_read_back_as_their_ground_truth(tmp_path: Path) -> None:
    write_signature_samples(tmp_path)
    roots = load_trust_roots(tmp_path / "trust")
    truth = [json.loads(line) for line in (tmp_path / "signatures.jsonl").read_text("utf-8").splitlines()]
    assert {row["status"] for row in truth} == {"valid", "untrusted", "modified", "invalid", "unsigned"}
    for row in truth:
        record = summarize(read_signatures((tmp_path / row["file"]).read_bytes(), roots))
        expected_time = dt.datetime.fromisoformat(row["signed_at"]) if row["signed_at"] else None
        assert (record.status, record.signer, record.signed_at) == (row["status"], row["signer"], expected_time)


def test_no_private_key_is_written(tmp_path: Path) -> None:
    write_signature_samples(tmp_path)
    written = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert len(written) == 9  # 7 PDFs, the trust root, the truth file
    assert not any(b"PRIVATE KEY" in path.read_bytes() for path in written)


@pytest.mark.parametrize("damage", [tamper_signed_range, break_signature_value])
def test_damaging_an_unsigned_file_is_refused(damage: object) -> None:
    assert callable(damage)
    with pytest.raises(ValueError, match="ByteRange"):
        damage(make_sample_pdf())


def test_appending_a_change_keeps_the_original_bytes_as_a_prefix() -> None:
    original = make_sample_pdf()
    changed = append_content_change(original)
    assert changed.startswith(original) and len(changed) > len(original)


def test_main_without_an_output_folder_prints_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "usage" in capsys.readouterr().err
