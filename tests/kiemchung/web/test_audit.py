"""The decision log: append-only in the database, hash-chained, and checked."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kiemchung.web.audit import AuditLog, DecisionError, NewDecision


def _decision(**changes: object) -> NewDecision:
    values: dict[str, object] = {
        "unit": "hcm.quan-3", "year": 2024, "scheme": "par-default", "scheme_version": "2024.1",
        "criterion": "1.1.1", "action": "override", "proposed_points": 1.0, "new_points": 0.5,
        "reason": "Kế hoạch ban hành muộn so với ngày ghi trên văn bản", "evidence_ids": ["b", "a", "a"],
    }  # fmt: skip
    return NewDecision.model_validate({**values, **changes})


@pytest.fixture
def log(tmp_path: Path) -> AuditLog:
    return AuditLog(tmp_path / "web.sqlite")


def test_append_records_who_when_old_new_and_evidence(log: AuditLog) -> None:
    first = log.append(_decision(), user="thamdinh", role="appraiser", max_points=1)
    assert (first.user, first.role, first.old_points, first.new_points) == ("thamdinh", "appraiser", 1.0, 0.5)
    assert first.evidence_ids == ["a", "b"]
    second = log.append(_decision(new_points=0.75, reason="Đã đối chiếu lại"), user="quantri", role="admin",
                        max_points=1)  # fmt: skip
    assert second.old_points == 0.5  # the score in force before it: the first decision's
    assert second.prev_hash == first.hash
    assert second.at >= first.at
    assert log.latest_by_criterion("hcm.quan-3", 2024, "par-default")["1.1.1"].seq == second.seq


def test_update_and_delete_are_refused_by_the_database(log: AuditLog) -> None:
    log.append(_decision(), user="thamdinh", role="appraiser", max_points=1)
    conn = sqlite3.connect(log.path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("UPDATE decisions SET new_points = 1")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM decisions")
    finally:
        conn.close()
    assert log.decisions()[0].new_points == 0.5


def test_chain_finds_a_row_changed_behind_the_triggers(log: AuditLog) -> None:
    for points in (0.5, 0.25, 0.75):
        log.append(_decision(new_points=points), user="thamdinh", role="appraiser", max_points=1)
    assert log.verify_chain() == []
    conn = sqlite3.connect(log.path)
    conn.execute("DROP TRIGGER decisions_no_update")
    conn.execute("UPDATE decisions SET reason = 'sửa lén' WHERE seq = 2")
    conn.commit()
    conn.close()
    problems = log.verify_chain()
    assert [p.seq for p in problems] == [2]


def test_override_needs_a_reason_and_points_in_range(log: AuditLog) -> None:
    with pytest.raises(DecisionError, match="lý do"):
        log.append(_decision(reason="   "), user="thamdinh", role="appraiser", max_points=1)
    with pytest.raises(DecisionError, match="between 0 and 1"):
        log.append(_decision(new_points=1.5), user="thamdinh", role="appraiser", max_points=1)
    with pytest.raises(DecisionError, match="between 0"):
        log.append(_decision(new_points=-1), user="thamdinh", role="appraiser", max_points=1)
    assert log.decisions() == []


def test_accept_keeps_the_proposal(log: AuditLog) -> None:
    with pytest.raises(DecisionError, match="accepting keeps"):
        log.append(_decision(action="accept", new_points=0.0, reason=""), user="a1", role="appraiser", max_points=1)
    accepted = log.append(_decision(action="accept", new_points=1.0, reason=""), user="a1", role="appraiser",
                          max_points=1)  # fmt: skip
    assert accepted.action == "accept" and accepted.new_points == 1.0
