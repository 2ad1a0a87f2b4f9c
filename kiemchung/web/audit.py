"""The decision log: every accept or override of a proposed score, appended and never rewritten.

Kept as a table (in `web.sqlite`, or in the shared PostgreSQL database of `KIEMCHUNG_STATE_URL`)
rather than a JSONL file because the scorecard and trace pages query it by unit, year and criterion
on every request, and because concurrent appends from the server's threads (and machines) need a
transaction. Two locks keep it append-only:
- triggers refuse every UPDATE and DELETE on the table (the database itself says no);
- each row carries the sha256 of the previous row's hash and its own content (a hash chain), so
  rows changed by someone who dropped the triggers with a database shell are found by `verify_chain`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa
from pydantic import Field

from core.models import Model
from kiemchung.statedb import create_schema, engine_for, is_postgresql, reading, writing
from kiemchung.web.database import web_database

DecisionAction = Literal["accept", "override"]
GENESIS_HASH = "0" * 64
_COLUMNS = (
    "at", "user", "role", "unit", "year", "scheme", "scheme_version", "criterion", "action",
    "proposed_points", "old_points", "new_points", "reason", "evidence_ids",
)  # fmt: skip

_METADATA = sa.MetaData()
_DECISIONS = sa.Table(
    "decisions", _METADATA,
    sa.Column("seq", sa.Integer, primary_key=True),
    sa.Column("at", sa.Text, nullable=False),
    sa.Column("user", sa.Text, nullable=False),
    sa.Column("role", sa.Text, nullable=False),
    sa.Column("unit", sa.Text, nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("scheme", sa.Text, nullable=False),
    sa.Column("scheme_version", sa.Text, nullable=False),
    sa.Column("criterion", sa.Text, nullable=False),
    sa.Column("action", sa.Text, sa.CheckConstraint("action IN ('accept', 'override')"), nullable=False),
    sa.Column("proposed_points", sa.Float),
    sa.Column("old_points", sa.Float),
    sa.Column("new_points", sa.Float, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("evidence_ids", sa.Text, nullable=False),
    sa.Column("prev_hash", sa.Text, nullable=False),
    sa.Column("hash", sa.Text, nullable=False, unique=True),
    sa.Index("decisions_by_score", "unit", "year", "criterion", "seq"),
    sqlite_autoincrement=True,
)  # fmt: skip

_SQLITE_TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS decisions_no_update BEFORE UPDATE ON decisions BEGIN"
    " SELECT RAISE(ABORT, 'the decision log is append-only: decisions cannot be changed'); END",
    "CREATE TRIGGER IF NOT EXISTS decisions_no_delete BEFORE DELETE ON decisions BEGIN"
    " SELECT RAISE(ABORT, 'the decision log is append-only: decisions cannot be deleted'); END",
)
_POSTGRESQL_TRIGGERS = (
    "CREATE OR REPLACE FUNCTION kiemchung_decisions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$"
    " BEGIN RAISE EXCEPTION 'the decision log is append-only: decisions cannot be %',"
    " CASE TG_OP WHEN 'UPDATE' THEN 'changed' ELSE 'deleted' END; END $$",
    "CREATE OR REPLACE TRIGGER decisions_no_update BEFORE UPDATE ON decisions"
    " FOR EACH ROW EXECUTE FUNCTION kiemchung_decisions_append_only()",
    "CREATE OR REPLACE TRIGGER decisions_no_delete BEFORE DELETE ON decisions"
    " FOR EACH ROW EXECUTE FUNCTION kiemchung_decisions_append_only()",
    # TRUNCATE skips row triggers on PostgreSQL: refuse it too.
    "CREATE OR REPLACE TRIGGER decisions_no_truncate BEFORE TRUNCATE ON decisions"
    " FOR EACH STATEMENT EXECUTE FUNCTION kiemchung_decisions_append_only()",
)


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


def _decision(row: sa.Row[Any]) -> Decision:
    data = dict(row._mapping)
    data["evidence_ids"] = json.loads(data["evidence_ids"])
    data["at"] = dt.datetime.fromisoformat(data["at"])
    return Decision.model_validate(data)


class AuditLog:
    def __init__(self, target: Path | str) -> None:
        """`target`: the SQLite file, or a database URL (`postgresql+psycopg://…`)."""
        self.target = target
        self._engine = engine_for(target)
        postgres = is_postgresql(self._engine)
        create_schema(self._engine, _METADATA, *(_POSTGRESQL_TRIGGERS if postgres else _SQLITE_TRIGGERS))

    @classmethod
    def in_home(cls, home: Path) -> AuditLog:
        """The shared database when `KIEMCHUNG_STATE_URL` names one, else `home/web.sqlite`."""
        return cls(web_database(home))

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
        table = _DECISIONS
        with writing(self._engine) as conn:
            if is_postgresql(conn):
                # One appender at a time, on every machine: the chain needs the last row's hash.
                conn.exec_driver_sql("LOCK TABLE decisions IN SHARE ROW EXCLUSIVE MODE")
            last = conn.execute(
                sa.select(table.c.new_points)
                .where(
                    table.c.unit == decision.unit, table.c.year == decision.year,
                    table.c.criterion == decision.criterion, table.c.scheme == decision.scheme,
                )
                .order_by(table.c.seq.desc())
                .limit(1)
            ).first()  # fmt: skip
            old_points = last.new_points if last else decision.proposed_points
            prev_hash = conn.execute(sa.select(table.c.hash).order_by(table.c.seq.desc()).limit(1)).scalar()
            prev_hash = prev_hash or GENESIS_HASH
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
            row = conn.execute(
                table.insert()
                .values({**{column: values[column] for column in _COLUMNS}, "prev_hash": prev_hash, "hash": row_hash})
                .returning(*table.c)
            ).one()
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
        table = _DECISIONS
        query = sa.select(table)
        for column, value in (("unit", unit), ("year", year), ("criterion", criterion), ("scheme", scheme)):
            if value is not None:
                query = query.where(table.c[column] == value)
        query = query.order_by(table.c.seq.desc() if newest_first else table.c.seq)
        if limit is not None:
            query = query.limit(int(limit))
        with reading(self._engine) as conn:
            return [_decision(row) for row in conn.execute(query)]

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
        with reading(self._engine) as conn:
            for row in conn.execute(sa.select(_DECISIONS).order_by(_DECISIONS.c.seq)):
                values = dict(row._mapping)
                if values["prev_hash"] != prev_hash:
                    problems.append(ChainProblem(seq=row.seq, problem="does not follow the row before it"))
                if _row_hash(values["prev_hash"], values) != values["hash"]:
                    problems.append(ChainProblem(seq=row.seq, problem="content changed after it was written"))
                prev_hash = values["hash"]
        return problems
