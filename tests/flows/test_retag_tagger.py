"""The tagger `retag` uses reads the rubric as it is now, not as it was when the worker started."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from core import rubric
from core.models import DocumentRecord, Page, Signature
from flows.retag import load_tagger

PLAN_TEXT = "ỦY BAN NHÂN DÂN QUẬN 3\nSố: 297/KH-UBND\nKẾ HOẠCH\nCải cách hành chính năm 2024\nNội dung."


def plan(signed_at: dt.datetime | None = None) -> DocumentRecord:
    return DocumentRecord(
        file="kh-297.pdf",
        sha256="1" * 64,
        doc_type="KH",
        number="297/KH-UBND",
        issuer="Ủy ban nhân dân Quận 3",
        issue_date=dt.date(2024, 1, 8),
        subject="Cải cách hành chính năm 2024",
        pages=[Page(page=1, method="text", text=PLAN_TEXT)],
        signature=Signature(status="valid", signed_at=signed_at) if signed_at else Signature(),
    )


def test_retag_reads_the_edited_rubric(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = load_tagger()(plan())
    assert {e.scheme_version for e in before.evidence} == {rubric.default_scheme().version}
    edited = tmp_path / "rubrics"
    shutil.copytree(rubric.RUBRICS_DIR, edited)
    default_file = edited / rubric.DEFAULT_SCHEME_FILE
    text = default_file.read_text(encoding="utf-8")
    old_version = rubric.default_scheme().version
    default_file.write_text(text.replace(f'version: "{old_version}"', 'version: "2099.9"', 1), encoding="utf-8")
    monkeypatch.setattr(rubric, "RUBRICS_DIR", edited)
    try:
        after = load_tagger()(plan())
        assert after.evidence and {e.scheme_version for e in after.evidence} == {"2099.9"}
    finally:
        monkeypatch.undo()
        rubric.default_scheme.cache_clear()


def test_retag_flags_evidence_whose_signing_date_disagrees() -> None:
    late = load_tagger()(plan(signed_at=dt.datetime(2024, 9, 1, tzinfo=dt.UTC)))
    assert late.evidence and all(e.facts.get("signature_date_disagrees") for e in late.evidence)
    assert not any(e.facts.get("signature_date_disagrees") for e in load_tagger()(plan()).evidence)
