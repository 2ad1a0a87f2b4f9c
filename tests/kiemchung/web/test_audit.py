"""The decision log: append-only in the database, hash-chained, and checked; on SQLite and on a real
PostgreSQL (the `state_target` fixture)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

from kiemchung.statedb import database_url
from kiemchung.web.audit import AuditLog, ChainKeyMismatch, DecisionError, NewDecision
from kiemchung.web.chain import GENESIS, canonical, legacy_row_hash, unkeyed_hash

KEY = b"the audit key of the tests, 32 bytes or more"


def _decision(**changes: object) -> NewDecision:
    values: dict[str, object] = {
        "unit": "hcm.quan-3", "year": 2024, "scheme": "par-default", "scheme_version": "2024.1",
        "criterion": "1.1.1", "action": "override", "proposed_points": 1.0, "new_points": 0.5,
        "reason": "Kế hoạch ban hành muộn so với ngày ghi trên văn bản", "evidence_ids": ["b", "a", "a"],
    }  # fmt: skip
    return NewDecision.model_validate({**values, **changes})


@pytest.fixture
def log(state_target: Path | str, tmp_path: Path) -> AuditLog:
    return AuditLog(state_target, key=KEY, home=tmp_path)


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
    assert [(p.where, p.seq) for p in problems] == [("decisions", 2)]


def test_concurrent_appends_keep_one_unbroken_chain(state_target: Path | str) -> None:
    logs = [AuditLog(state_target, key=KEY) for _ in range(4)]  # as if on four machines
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
    with pytest.raises(DecisionError, match="từ 0 đến 1"):
        log.append(_decision(new_points=1.5), user="thamdinh", role="appraiser", max_points=1)
    with pytest.raises(DecisionError, match="từ 0 đến"):
        log.append(_decision(new_points=-1), user="thamdinh", role="appraiser", max_points=1)
    assert log.decisions() == []


def test_accept_keeps_the_proposal(log: AuditLog) -> None:
    with pytest.raises(DecisionError, match="chấp nhận là giữ điểm đề xuất"):
        log.append(_decision(action="accept", new_points=0.0, reason=""), user="a1", role="appraiser", max_points=1)
    accepted = log.append(_decision(action="accept", new_points=1.0, reason=""), user="a1", role="appraiser",
                          max_points=1)  # fmt: skip
    assert accepted.action == "accept" and accepted.new_points == 1.0


# ── tampering, each way, and the keyed, anchored chain that finds it ────────────────────────────


def _without_triggers(log: AuditLog) -> sa.Engine:
    shell = _behind_the_app(log)
    on = shell.dialect.name == "postgresql"
    with shell.begin() as conn:
        for table in ("decisions", "corrections", "audit_chain"):
            for action in ("update", "delete"):
                conn.exec_driver_sql(f"DROP TRIGGER {table}_no_{action}" + (f" ON {table}" if on else ""))
    return shell


def _three(log: AuditLog) -> None:
    for points in (0.5, 0.25, 0.75):
        log.append(_decision(new_points=points), user="thamdinh", role="appraiser", max_points=1)


def test_an_override_of_minus_zero_does_not_break_the_chain(log: AuditLog) -> None:
    log.append(_decision(new_points=-0.0), user="thamdinh", role="appraiser", max_points=1)
    log.append(_decision(new_points=1 / 3), user="thamdinh", role="appraiser", max_points=1)
    log.append(_decision(action="accept", proposed_points=1, new_points=1, reason=""), user="a", role="admin",
               max_points=1)  # fmt: skip
    assert log.verify_chain() == []
    assert str(log.decisions()[0].new_points) == "0.0"


def test_deleting_the_newest_entries_is_found_against_the_anchor(log: AuditLog) -> None:
    _three(log)
    anchor = log.anchor()
    assert anchor.entries == 3 and log.verify(anchor).ok
    shell = _without_triggers(log)
    with shell.begin() as conn:
        conn.exec_driver_sql("DELETE FROM decisions WHERE seq = 3")
        conn.exec_driver_sql("DELETE FROM audit_chain WHERE seq = 3")
    shell.dispose()
    assert log.verify().ok  # what is gone leaves no trace in what is left: hence the anchor
    problems = log.verify(anchor).problems
    assert len(problems) == 1 and "đã bị xóa" in problems[0].problem


def test_deleting_a_row_but_not_its_entry_or_adding_a_row_behind_the_app_is_found(log: AuditLog) -> None:
    _three(log)
    shell = _without_triggers(log)
    with shell.begin() as conn:
        conn.exec_driver_sql("DELETE FROM decisions WHERE seq = 2")
        conn.exec_driver_sql(
            'INSERT INTO decisions (seq, at, "user", role, unit, year, scheme, scheme_version, criterion, action,'
            " proposed_points, old_points, new_points, reason, evidence_ids, prev_hash, hash) VALUES (9,"
            " '2026-01-01T00:00:00+00:00', 'x', 'admin', 'hcm.quan-3', 2024, 'par-default', '2024.1', '1.1.1',"
            " 'override', 1, 1, 0, 'lén', '[]', 'p', 'h')"
        )
    shell.dispose()
    problems = {(p.where, p.seq): p.problem for p in log.verify().problems}
    assert "đã bị xóa" in problems[("decisions", 2)]
    assert "không có trong chuỗi" in problems[("decisions", 9)]


def test_a_rewrite_that_recomputes_the_unkeyed_hashes_is_found(log: AuditLog) -> None:
    """The forger changes decision 2 and rewrites every entry from there with the hash the code
    computes, but without the key: each link still follows, every MAC is wrong."""
    _three(log)
    anchor = log.anchor()
    shell = _without_triggers(log)
    with shell.begin() as conn:
        conn.exec_driver_sql("UPDATE decisions SET new_points = 1, reason = 'đã sửa' WHERE seq = 2")
        rows = {r.seq: dict(r._mapping) for r in conn.execute(sa.text("SELECT * FROM decisions"))}
        prev = conn.execute(sa.text("SELECT mac FROM audit_chain WHERE seq = 1")).scalar_one()
        for entry in conn.execute(sa.text("SELECT * FROM audit_chain WHERE seq >= 2 ORDER BY seq")).all():
            row = rows[entry.ref]
            content = canonical({"seq": row["seq"], **{c: row[c] for c in (
                "at", "user", "role", "unit", "year", "scheme", "scheme_version", "criterion", "action",
                "proposed_points", "old_points", "new_points", "reason", "evidence_ids")}})  # fmt: skip
            mac = unkeyed_hash(seq=entry.seq, at=entry.at, kind=entry.kind, ref=entry.ref, content=content,
                               prev_mac=prev)  # fmt: skip
            conn.execute(sa.text("UPDATE audit_chain SET content = :c, prev_mac = :p, mac = :m WHERE seq = :s"),
                         {"c": content, "p": prev, "m": mac, "s": entry.seq})  # fmt: skip
            conn.execute(sa.text("UPDATE decisions SET prev_hash = :p, hash = :m WHERE seq = :s"),
                         {"p": prev, "m": mac, "s": entry.ref})  # fmt: skip
            prev = mac
    shell.dispose()
    problems = log.verify(anchor).problems
    assert {p.seq for p in problems if "HMAC" in p.problem} == {2, 3}
    assert any("mốc neo" in p.problem for p in problems)
    assert not AuditLog(log.target, key=b"another key of 32 bytes or longer!!").verify().ok


def _legacy_database(path: Path) -> list[float]:
    """A decision log as the code before the keyed chain wrote it: unkeyed sha256 rows, one -0."""
    from kiemchung.web.audit import _METADATA  # the same tables: only the chain table stays empty

    engine = sa.create_engine(database_url(path), poolclass=sa.pool.NullPool)
    _METADATA.tables["decisions"].create(engine)
    prev, points = GENESIS, [0.5, -0.0, 1.0]
    with engine.begin() as conn:
        for seq, new in enumerate(points, 1):
            values: dict[str, object] = {
                "at": f"2026-11-2{seq}T08:00:00.000000+00:00", "user": "thamdinh", "role": "appraiser",
                "unit": "hcm.quan-3", "year": 2024, "scheme": "par-default", "scheme_version": "2024.1",
                "criterion": "1.1.1", "action": "override", "proposed_points": 1, "old_points": 1.0,
                "new_points": new, "reason": f"lý do {seq}", "evidence_ids": "[]",
            }  # fmt: skip
            digest = legacy_row_hash(prev, values)
            conn.execute(_METADATA.tables["decisions"].insert().values(seq=seq, prev_hash=prev, hash=digest, **values))
            prev = digest
    engine.dispose()
    return points


def test_an_old_database_is_migrated_with_a_marker_and_its_rows_checked_by_the_old_rule(tmp_path: Path) -> None:
    path = tmp_path / "web.sqlite"
    _legacy_database(path)
    log = AuditLog(path, key=KEY)
    report = log.verify()
    assert report.ok, report.problems  # the -0 row no longer raises a false alarm
    assert report.legacy_rows == 3 and report.entries == 1
    assert [e.kind for e in log.entries()] == ["migration"]
    log.append(_decision(new_points=0.25), user="thamdinh", role="appraiser", max_points=1)
    assert AuditLog(path, key=KEY).verify().ok and len(log.entries()) == 2  # migrated once
    assert [d.old_points for d in log.decisions()][-1] == 1.0

    shell = _without_triggers(log)
    with shell.begin() as conn:  # rewrite a legacy row and recompute every old-rule hash after it
        rows = [dict(r._mapping) for r in conn.execute(sa.text("SELECT * FROM decisions WHERE seq <= 3 ORDER BY seq"))]
        prev = GENESIS
        for row in rows:
            row["reason"] = "viết lại" if row["seq"] == 2 else row["reason"]
            digest = legacy_row_hash(prev, row)
            conn.execute(sa.text("UPDATE decisions SET reason = :r, prev_hash = :p, hash = :h WHERE seq = :s"),
                         {"r": row["reason"], "p": prev, "h": digest, "s": row["seq"]})  # fmt: skip
            prev = digest
    shell.dispose()
    problems = log.verify().problems
    assert any("mốc chuyển đổi" in p.problem for p in problems)


def test_a_machine_with_another_key_cannot_extend_the_chain(log: AuditLog) -> None:
    log.append(_decision(), user="thamdinh", role="appraiser", max_points=1)
    stranger = AuditLog(log.target, key=b"a key no one else has, 32 bytes+", home=log.home)
    with pytest.raises(ChainKeyMismatch, match="KIEMCHUNG_AUDIT_KEY"):
        stranger.append(_decision(new_points=0.25), user="thamdinh", role="appraiser", max_points=1)
    assert len(log.decisions()) == 1 and log.verify().ok  # nothing recorded, the chain not forked
