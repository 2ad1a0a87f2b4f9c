"""The decision log: every accept or override of a proposed score, appended and never rewritten.

Kept as a SQLite table (in `web.sqlite`) rather than a JSONL file because the scorecard and trace
pages query it by unit, year and criterion on every request, and because concurrent appends from
the server's threads need a transaction. Two locks keep it append-only:
- triggers refuse every UPDATE and DELETE on the table (the database itself says no);
- each row carries the sha256 of the previous row's hash and its own content (a hash chain), so
  rows changed by someone who dropped the triggers with a SQLite shell are found by `verify_chain`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from pydantic import Field

from kiemchung.models import Model
from kiemchung.web.database import connect, transaction

DecisionAction = Literal["accept", "override"]
GENESIS_HASH = "0" * 64
_COLUMNS = (
    "at", "user", "role", "unit", "year", "scheme", "scheme_version", "criterion", "action",
    "proposed_points", "old_points", "new_points", "reason", "evidence_ids",
)  # fmt: skip

_SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    role TEXT NOT NULL,
    unit TEXT NOT NULL,
    year INTEGER NOT NULL,
    scheme TEXT NOT NULL,
    scheme_version TEXT NOT NULL,
    criterion TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('accept', 'override')),
    proposed_points REAL,
    old_points REAL,
    new_points REAL NOT NULL,
    reason TEXT NOT NULL,
    evidence_ids TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
);
CREATE INDEX IF NOT EXISTS decisions_by_score ON decisions (unit, year, criterion, seq);
CREATE TRIGGER IF NOT EXISTS decisions_no_update BEFORE UPDATE ON decisions
BEGIN SELECT RAISE(ABORT, 'the decision log is append-only: decisions cannot be changed'); END;
CREATE TRIGGER IF NOT EXISTS decisions_no_delete BEFORE DELETE ON decisions
BEGIN SELECT RAISE(ABORT, 'the decision log is append-only: decisions cannot be deleted'); END;
"""


class DecisionError(ValueError):
    """A decision that cannot be recorded; one line for the appraiser."""


class NewDecision(Model):
    """What an appraiser decides about one criterion's score for a unit and year."""

    unit: str
    year: int
    scheme: str
    scheme_version: str
    criterion: str
    action: DecisionAction
    proposed_points: float | None
    new_points: float
    reason: str = ""
    evidence_ids: list[str] = Field(default_factory=list)


class Decision(NewDecision):
    seq: int
    at: dt.datetime
    user: str
    role: str
    old_points: float | None  # the score in force before this decision (the proposal, or the last decision)
    prev_hash: str
    hash: str


class ChainProblem(Model):
    seq: int
    problem: str


def _row_hash(prev_hash: str, values: dict[str, object]) -> str:
    canonical = json.dumps([prev_hash, *(values[column] for column in _COLUMNS)], ensure_ascii=False,
                           separators=(",", ":"))  # fmt: skip
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _decision(row: sqlite3.Row) -> Decision:
    data = dict(row)
    data["evidence_ids"] = json.loads(data["evidence_ids"])
    data["at"] = dt.datetime.fromisoformat(data["at"])
    return Decision.model_validate(data)


class AuditLog:
    def __init__(self, path: Path) -> None:
        self.path = path
        with connect(path) as conn:
            conn.executescript(_SCHEMA)

    def append(self, decision: NewDecision, *, user: str, role: str, max_points: float | None) -> Decision:
        """Record a decision. An override needs a reason; points stay within 0..max_points."""
        reason = decision.reason.strip()
        if decision.action == "override" and not reason:
            raise DecisionError("an override needs a reason (lý do)")
        if decision.action == "accept" and decision.proposed_points is None:
            raise DecisionError("there is no proposed score to accept: override it with a reason")
        if decision.action == "accept" and decision.new_points != decision.proposed_points:
            raise DecisionError("accepting keeps the proposed points; to change them, override with a reason")
        if decision.new_points < 0 or (max_points is not None and decision.new_points > max_points + 1e-9):
            limit = f"{max_points:g}" if max_points is not None else "the maximum"
            raise DecisionError(f"points must be between 0 and {limit}, not {decision.new_points:g}")
        with connect(self.path) as conn, transaction(conn):
            last = conn.execute(
                "SELECT new_points FROM decisions WHERE unit = ? AND year = ? AND criterion = ? AND scheme = ?"
                " ORDER BY seq DESC LIMIT 1",
                (decision.unit, decision.year, decision.criterion, decision.scheme),
            ).fetchone()
            old_points = last["new_points"] if last else decision.proposed_points
            prev = conn.execute("SELECT hash FROM decisions ORDER BY seq DESC LIMIT 1").fetchone()
            prev_hash = prev["hash"] if prev else GENESIS_HASH
            values: dict[str, object] = {
                **decision.model_dump(exclude={"evidence_ids", "reason"}),
                "reason": reason,
                "evidence_ids": json.dumps(sorted(set(decision.evidence_ids))),
                "at": dt.datetime.now(dt.UTC).isoformat(timespec="microseconds"),
                "user": user,
                "role": role,
                "old_points": old_points,
            }
            row_hash = _row_hash(prev_hash, values)
            cursor = conn.execute(
                f"INSERT INTO decisions ({', '.join(_COLUMNS)}, prev_hash, hash)"
                f" VALUES ({', '.join('?' for _ in _COLUMNS)}, ?, ?)",
                [values[column] for column in _COLUMNS] + [prev_hash, row_hash],
            )
            row = conn.execute("SELECT * FROM decisions WHERE seq = ?", (cursor.lastrowid,)).fetchone()
        return _decision(row)

    def decisions(
        self,
        *,
        unit: str | None = None,
        year: int | None = None,
        criterion: str | None = None,
        scheme: str | None = None,
        limit: int | None = None,
        newest_first: bool = False,
    ) -> list[Decision]:
        where: list[str] = []
        params: list[object] = []
        for column, value in (("unit", unit), ("year", year), ("criterion", criterion), ("scheme", scheme)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        sql = "SELECT * FROM decisions" + (" WHERE " + " AND ".join(where) if where else "")
        sql += " ORDER BY seq DESC" if newest_first else " ORDER BY seq"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with connect(self.path) as conn:
            return [_decision(row) for row in conn.execute(sql, params)]

    def latest_by_criterion(self, unit: str, year: int, scheme: str) -> dict[str, Decision]:
        """The decision in force for each criterion of one scorecard (the last one appended)."""
        latest: dict[str, Decision] = {}
        for decision in self.decisions(unit=unit, year=year, scheme=scheme):
            latest[decision.criterion] = decision
        return latest

    def verify_chain(self) -> list[ChainProblem]:
        """Recompute every row's hash from its content and its predecessor; report any that differ."""
        problems: list[ChainProblem] = []
        prev_hash = GENESIS_HASH
        with connect(self.path) as conn:
            rows: Iterable[sqlite3.Row] = conn.execute("SELECT * FROM decisions ORDER BY seq")
            for row in rows:
                values = dict(row)
                if values["prev_hash"] != prev_hash:
                    problems.append(ChainProblem(seq=row["seq"], problem="does not follow the row before it"))
                if _row_hash(values["prev_hash"], values) != values["hash"]:
                    problems.append(ChainProblem(seq=row["seq"], problem="content changed after it was written"))
                prev_hash = values["hash"]
        return problems
