"""The decision log: append-only in the database, hash-chained, and checked; on SQLite and on a real
PostgreSQL (the `state_target` fixture)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

from kiemchung.statedb import database_url
from kiemchung.web.audit import AuditLog, DecisionError, NewDecision


def _decision(**changes: object) -> NewDecision:
    values: dict[str, object] = {
        "unit": "hcm.quan-3", "year": 2024, "scheme": "par-default", "scheme_version": "2024.1",
        "criterion": "1.1.1", "action": "override", "proposed_points": 1.0, "new_points": 0.5,
        "reason": "Kế hoạch ban hành muộn so với ngày ghi trên văn bản", "evidence_ids": ["b", "a", "a"],
    }  # fmt: skip
    return NewDecision.model_validate({**values, **changes})


@pytest.fixture
def log(state_target: Path | str) -> AuditLog:
    return AuditLog(state_target)


def _behind_the_app(log: AuditLog) -> sa.Engine:
    """A connection of its own, as someone with a database shell would have."""
    return sa.create_engine(database_url(log.target), poolclass=sa.pool.NullPool)


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
    shell = _behind_the_app(log)
    for statement in ("UPDATE decisions SET new_points = 1", "DELETE FROM decisions"):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), shell.begin() as conn:
            conn.exec_driver_sql(statement)
    if shell.dialect.name == "postgresql":
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), shell.begin() as conn:
            conn.exec_driver_sql("TRUNCATE decisions")
    shell.dispose()
    assert log.decisions()[0].new_points == 0.5


def test_chain_finds_a_row_changed_behind_the_triggers(log: AuditLog) -> None:
    for points in (0.5, 0.25, 0.75):
        log.append(_decision(new_points=points), user="thamdinh", role="appraiser", max_points=1)
    assert log.verify_chain() == []
    shell = _behind_the_app(log)
    with shell.begin() as conn:
        on_table = " ON decisions" if shell.dialect.name == "postgresql" else ""
        conn.exec_driver_sql(f"DROP TRIGGER decisions_no_update{on_table}")
        conn.exec_driver_sql("UPDATE decisions SET reason = 'sửa lén' WHERE seq = 2")
    shell.dispose()
    problems = log.verify_chain()
    assert [p.seq for p in problems] == [2]


def test_concurrent_appends_keep_one_unbroken_chain(state_target: Path | str) -> None:
    logs = [AuditLog(state_target) for _ in range(4)]  # as if on four machines
    barrier = threading.Barrier(len(logs))

    def append(n: int) -> None:
        barrier.wait()
        for i in range(3):
            logs[n].append(_decision(criterion=f"1.{n}", new_points=i / 4), user=f"u{n}", role="appraiser",
                           max_points=1)  # fmt: skip

    threads = [threading.Thread(target=append, args=(n,)) for n in range(len(logs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    decisions = logs[0].decisions()
    assert len(decisions) == 12 and logs[0].verify_chain() == []
    assert [d.old_points for d in decisions if d.criterion == "1.2"] == [1.0, 0.0, 0.25]


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
