"""The audit chain's canonical encoding and keyed MAC: one text per value whatever the types."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiemchung.web.chain import (
    Anchor,
    AnchorError,
    ChainKeyError,
    append_anchor,
    audit_key,
    canonical,
    chain_mac,
    last_anchor,
    legacy_hash_matches,
    legacy_row_hash,
    number_text,
)


@pytest.mark.parametrize(
    ("value", "text"),
    [(0, "0"), (0.0, "0"), (-0.0, "0"), (1, "1"), (1.0, "1"), (2.5, "2.5"), (0.1 + 0.2, "0.3"), (-0.25, "-0.25"),
     (1e-9, "0"), (1234567.125, "1234567.125")],
)  # fmt: skip
def test_numbers_have_one_spelling(value: float, text: str) -> None:
    assert number_text(value) == text


def test_canonical_does_not_depend_on_types_order_or_normal_form() -> None:
    composed, decomposed = "Quyết định", "Quye\u0302\u0301t đi\u0323nh"
    assert composed != decomposed
    first = {"points": -0.0, "name": composed, "year": 2024, "ids": ["a", "b"]}
    second = {"ids": ("a", "b"), "year": 2024.0, "name": decomposed, "points": 0}
    assert canonical(first) == canonical(second)
    assert canonical({"points": 0.5}) != canonical({"points": 0.25})
    assert canonical({"d": dt.date(2024, 1, 2)}) == '{"d":"2024-01-02"}'
    with pytest.raises(ValueError, match="finite"):
        canonical({"points": float("nan")})


def test_mac_depends_on_the_key_and_every_part() -> None:
    parts = {"seq": 3, "at": "2026-01-01T00:00:00+00:00", "kind": "decision", "ref": 2, "content": "{}",
             "prev_mac": "0" * 64}  # fmt: skip
    mac = chain_mac(b"k" * 32, **parts)  # type: ignore[arg-type]
    assert chain_mac(b"k" * 32, **parts) == mac  # type: ignore[arg-type]
    assert chain_mac(b"x" * 32, **parts) != mac  # type: ignore[arg-type]
    for name, other in (("seq", 4), ("ref", 3), ("content", '{"a":1}'), ("prev_mac", "1" * 64), ("kind", "account")):
        assert chain_mac(b"k" * 32, **{**parts, name: other}) != mac  # type: ignore[arg-type]


def test_the_key_file_is_made_once_owner_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KIEMCHUNG_AUDIT_KEY", raising=False)
    key = audit_key(tmp_path)
    assert audit_key(tmp_path) == key and len(key) >= 32
    assert (tmp_path / "audit-key").stat().st_mode & 0o777 == 0o600
    monkeypatch.setenv("KIEMCHUNG_AUDIT_KEY", "a key every machine of the team shares")
    assert audit_key(tmp_path) == b"a key every machine of the team shares"
    monkeypatch.delenv("KIEMCHUNG_AUDIT_KEY")
    (tmp_path / "audit-key").write_text("short")
    with pytest.raises(ChainKeyError, match="too short"):
        audit_key(tmp_path)


def test_legacy_rule_tolerates_the_zero_that_raised_false_alarms() -> None:
    written = {"at": "t", "user": "u", "role": "appraiser", "unit": "x", "year": 2024, "scheme": "s",
               "scheme_version": "1", "criterion": "1.1", "action": "override", "proposed_points": 1,
               "old_points": 1.0, "new_points": -0.0, "reason": "r", "evidence_ids": "[]"}  # fmt: skip
    stored = legacy_row_hash("0" * 64, written)
    as_read_back = {**written, "proposed_points": 1.0, "new_points": 0.0}  # what SQLite returns
    assert legacy_row_hash("0" * 64, as_read_back) != stored  # the old false alarm
    assert legacy_hash_matches("0" * 64, as_read_back, stored)
    assert not legacy_hash_matches("0" * 64, {**as_read_back, "reason": "sửa"}, stored)
    assert not legacy_hash_matches("0" * 64, {**as_read_back, "new_points": 0.5}, stored)


def test_anchor_file_keeps_every_anchor_and_the_last_counts(tmp_path: Path) -> None:
    path = tmp_path / "minutes" / "anchors.jsonl"
    assert last_anchor(path) is None
    for entries in (3, 5):
        append_anchor(path, Anchor(at=dt.datetime.now(dt.UTC), entries=entries, head=f"{entries:064x}"))
    anchor = last_anchor(path)
    assert anchor is not None and anchor.entries == 5
    assert path.stat().st_mode & 0o777 == 0o600
    path.write_text("not json\n")
    with pytest.raises(AnchorError, match="not an anchor"):
        last_anchor(path)
