"""The audit log: every decision on a score and every correction of a document's metadata, appended
and never rewritten, on one keyed, anchored chain.

Kept as tables (in `web.sqlite`, or in the shared PostgreSQL database of `KIEMCHUNG_STATE_URL`)
because the scorecard, trace and document pages query decisions and corrections on every request,
and because concurrent appends from the server's threads (and machines) need a transaction. Three
locks keep it honest:
- triggers refuse every UPDATE and DELETE on the tables (the database itself says no);
- `audit_chain` holds one entry per event in order: the event's canonical content and an HMAC over
  it and the previous entry's MAC, keyed outside the database (`kiemchung.web.chain`); an edit, a
  deletion in the middle, a row slipped in behind the app, or a chain rewritten with a recomputed
  unkeyed hash are all found by `verify`;
- an anchor (entries and head MAC) kept outside the database finds the newest entries deleted.

Migration: decisions written before the keyed chain (rule `sha256/json/v1`, each row hashing its
columns with the previous row's hash) are not re-chained. The first time a database is opened with
this code, one `migration` entry is appended that records how many legacy rows there were and the
last legacy hash, under the key; `verify` then checks legacy rows with the old rule (tolerating the
`-0`/`0` and `1`/`1.0` spellings that made that rule raise false alarms) up to that marker, and
their count and last hash against it. Rewriting the legacy rows therefore breaks the marker.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa
from pydantic import Field
from sqlalchemy.engine import Connection

from core.models import Model
from kiemchung.i18n import N_, _, number
from kiemchung.settings import get_settings
from kiemchung.statedb import create_schema, engine_for, is_postgresql, reading, writing
from kiemchung.web.chain import (
    ANCHOR_FILE,
    GENESIS,
    LEGACY_RULE,
    Anchor,
    audit_key,
    canonical,
    chain_mac,
    last_anchor,
    legacy_hash_matches,
)
from kiemchung.web.database import web_database

DecisionAction = Literal["accept", "override"]
EventKind = Literal["decision", "correction", "account", "migration"]
GENESIS_HASH = GENESIS
POINTS_PLACES = 4
_DECISION_COLUMNS = (
    "at", "user", "role", "unit", "year", "scheme", "scheme_version", "criterion", "action",
    "proposed_points", "old_points", "new_points", "reason", "evidence_ids",
)  # fmt: skip
_CORRECTION_COLUMNS = ("at", "user", "role", "sha256", "field", "old_value", "new_value", "reason")

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
    sa.Column("prev_hash", sa.Text, nullable=False),  # the chain's previous MAC (legacy rows: previous hash)
    sa.Column("hash", sa.Text, nullable=False, unique=True),  # this event's chain MAC (legacy rows: sha256)
    sa.Index("decisions_by_score", "unit", "year", "criterion", "seq"),
    sqlite_autoincrement=True,
)  # fmt: skip
_CORRECTIONS = sa.Table(
    "corrections", _METADATA,
    sa.Column("seq", sa.Integer, primary_key=True),
    sa.Column("at", sa.Text, nullable=False),
    sa.Column("user", sa.Text, nullable=False),
    sa.Column("role", sa.Text, nullable=False),
    sa.Column("sha256", sa.Text, nullable=False),
    sa.Column("field", sa.Text, nullable=False),
    sa.Column("old_value", sa.Text),
    sa.Column("new_value", sa.Text),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Index("corrections_by_document", "sha256", "seq"),
    sqlite_autoincrement=True,
)  # fmt: skip
_CHAIN = sa.Table(
    "audit_chain", _METADATA,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("at", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("ref", sa.Integer),  # the row's seq in `decisions` or `corrections`
    sa.Column("content", sa.Text, nullable=False),  # canonical encoding of the event
    sa.Column("prev_mac", sa.Text, nullable=False),
    sa.Column("mac", sa.Text, nullable=False, unique=True),
)  # fmt: skip
_TABLES_OF_KIND = {"decision": _DECISIONS, "correction": _CORRECTIONS}
_APPEND_ONLY = ("decisions", "corrections", "audit_chain")


def _sqlite_triggers(table: str) -> tuple[str, ...]:
    return (
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} BEGIN"
        f" SELECT RAISE(ABORT, 'the audit log is append-only: {table} cannot be changed'); END",
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table} BEGIN"
        f" SELECT RAISE(ABORT, 'the audit log is append-only: {table} cannot be deleted'); END",
    )


_POSTGRESQL_FUNCTION = (
    "CREATE OR REPLACE FUNCTION kiemchung_append_only() RETURNS trigger LANGUAGE plpgsql AS $$"
    " BEGIN RAISE EXCEPTION 'the audit log is append-only: % cannot be %', TG_TABLE_NAME,"
    " CASE TG_OP WHEN 'UPDATE' THEN 'changed' ELSE 'deleted' END; END $$"
)


def _postgresql_triggers(table: str) -> tuple[str, ...]:
    return (
        f"CREATE OR REPLACE TRIGGER {table}_no_update BEFORE UPDATE ON {table}"
        " FOR EACH ROW EXECUTE FUNCTION kiemchung_append_only()",
        f"CREATE OR REPLACE TRIGGER {table}_no_delete BEFORE DELETE ON {table}"
        " FOR EACH ROW EXECUTE FUNCTION kiemchung_append_only()",
        # TRUNCATE skips row triggers on PostgreSQL: refuse it too.
        f"CREATE OR REPLACE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}"
        " FOR EACH STATEMENT EXECUTE FUNCTION kiemchung_append_only()",
    )


class DecisionError(ValueError):
    """A decision that cannot be recorded; one line for the appraiser."""


class ChainKeyMismatch(DecisionError):
    """The chain's last entry does not verify with this machine's key: appending would fork it."""


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


class Correction(Model):
    """One field of one document set by a person, with the value it replaced."""

    seq: int
    at: dt.datetime
    user: str
    role: str
    sha256: str
    field: str
    old_value: str | None
    new_value: str | None
    reason: str


class ChainEntry(Model):
    seq: int
    at: dt.datetime
    kind: str
    ref: int | None
    content: str
    prev_mac: str
    mac: str


_WHERE_LABELS = {"decisions": N_("decision"), "corrections": N_("correction"), "audit_chain": N_("entry")}


class ChainProblem(Model):
    seq: int
    problem: str
    where: str = "audit_chain"  # the table whose row `seq` numbers

    @property
    def place(self) -> str:
        return f"{_(_WHERE_LABELS.get(self.where, self.where))} {self.seq}"


class ChainReport(Model):
    entries: int
    head: str
    legacy_rows: int
    anchor: Anchor | None
    problems: list[ChainProblem]

    @property
    def ok(self) -> bool:
        return not self.problems


def clean_points(value: float | None) -> float | None:
    """Points as the log keeps them: rounded to 4 places, never -0 (so the chain encodes one number)."""
    if value is None:
        return None
    return round(float(value), POINTS_PLACES) + 0.0


def _decision(row: sa.Row[Any]) -> Decision:
    data = dict(row._mapping)
    data["evidence_ids"] = json.loads(data["evidence_ids"])
    data["at"] = dt.datetime.fromisoformat(data["at"])
    return Decision.model_validate(data)


def _correction(row: sa.Row[Any]) -> Correction:
    data = dict(row._mapping)
    data["at"] = dt.datetime.fromisoformat(data["at"])
    return Correction.model_validate(data)


def _row_content(kind: str, values: Mapping[str, Any]) -> str:
    """The canonical content of a decision or correction row (its own chain columns left out)."""
    columns = _DECISION_COLUMNS if kind == "decision" else _CORRECTION_COLUMNS
    return canonical({"seq": values["seq"], **{column: values[column] for column in columns}})


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def _default_home(target: Path | str) -> Path:
    return target.parent if isinstance(target, Path) else get_settings().home


class AuditLog:
    def __init__(self, target: Path | str, *, key: bytes | None = None, home: Path | None = None) -> None:
        """`target`: the SQLite file, or a database URL (`postgresql+psycopg://…`). `key`: the chain's
        HMAC key (default `KIEMCHUNG_AUDIT_KEY`, else `home/audit-key`); `home` also holds the default
        anchor file."""
        self.target = target
        self.home = home or _default_home(target)
        self._key = key or audit_key(self.home)
        self._engine = engine_for(target)
        postgres = is_postgresql(self._engine)
        ddl: list[str] = [_POSTGRESQL_FUNCTION] if postgres else []
        for table in _APPEND_ONLY:
            ddl.extend(_postgresql_triggers(table) if postgres else _sqlite_triggers(table))
        create_schema(self._engine, _METADATA, *ddl)
        self._migrate_legacy_rows()

    @classmethod
    def in_home(cls, home: Path) -> AuditLog:
        """The shared database when `KIEMCHUNG_STATE_URL` names one, else `home/web.sqlite`."""
        return cls(web_database(home), home=home)

    @property
    def anchor_file(self) -> Path:
        return self.home / ANCHOR_FILE

    # ── appending ───────────────────────────────────────────────────────────────────────────────

    @contextmanager
    def _appending(self) -> Iterator[Connection]:
        """A write transaction holding the chain: one appender at a time, on every machine."""
        with writing(self._engine) as conn:
            if is_postgresql(conn):
                conn.exec_driver_sql("LOCK TABLE audit_chain IN SHARE ROW EXCLUSIVE MODE")
            yield conn

    def _next_link(self, conn: Connection) -> tuple[int, str]:
        """The next position and the MAC to chain to. The last entry must verify with this key: a
        machine with another key (a missing `KIEMCHUNG_AUDIT_KEY`) must not extend the chain."""
        last = conn.execute(sa.select(_CHAIN).order_by(_CHAIN.c.seq.desc()).limit(1)).first()
        if last is None:
            return 1, GENESIS
        expected = chain_mac(self._key, seq=last.seq, at=last.at, kind=last.kind, ref=last.ref, content=last.content,
                             prev_mac=last.prev_mac)  # fmt: skip
        if not hmac.compare_digest(expected, last.mac):
            raise ChainKeyMismatch(_(
                "the audit log's last entry does not verify with this server's key: every machine must use the "
                "same KIEMCHUNG_AUDIT_KEY (or run “kiemchung audit verify”); nothing was recorded"
            ))  # fmt: skip
        return last.seq + 1, str(last.mac)

    def _link(self, conn: Connection, *, kind: str, ref: int | None, content: str, at: str) -> tuple[str, str]:
        """Append one chain entry; returns (previous MAC, this MAC)."""
        seq, prev_mac = self._next_link(conn)
        mac = chain_mac(self._key, seq=seq, at=at, kind=kind, ref=ref, content=content, prev_mac=prev_mac)
        conn.execute(_CHAIN.insert().values(seq=seq, at=at, kind=kind, ref=ref, content=content, prev_mac=prev_mac,
                                            mac=mac))  # fmt: skip
        return prev_mac, mac

    def _migrate_legacy_rows(self) -> None:
        with self._appending() as conn:
            if conn.execute(sa.select(sa.func.count()).select_from(_CHAIN)).scalar():
                return
            legacy = conn.execute(
                sa.select(sa.func.count(), sa.func.max(_DECISIONS.c.seq)).select_from(_DECISIONS)
            ).one()
            if not legacy[0]:
                return
            head: str = conn.execute(sa.select(_DECISIONS.c.hash).where(_DECISIONS.c.seq == legacy[1])).scalar_one()
            content = canonical({"legacy_rule": LEGACY_RULE, "legacy_rows": legacy[0], "legacy_last_seq": legacy[1],
                                 "legacy_head": head})  # fmt: skip
            self._link(conn, kind="migration", ref=None, content=content, at=_now())

    def append(self, decision: NewDecision, *, user: str, role: str, max_points: float | None) -> Decision:
        """Record a decision. An override needs a reason; points stay within 0..max_points."""
        reason = decision.reason.strip()
        new_points = clean_points(decision.new_points)
        proposed = clean_points(decision.proposed_points)
        assert new_points is not None
        if decision.action == "override" and not reason:
            raise DecisionError(_("an override needs a reason"))
        if decision.action == "accept" and proposed is None:
            raise DecisionError(_("there is no proposed score to accept: override it with a reason"))
        if decision.action == "accept" and new_points != proposed:
            raise DecisionError(_("accepting keeps the proposed points; to change them, override with a reason"))
        if new_points < 0 or (max_points is not None and new_points > max_points + 1e-9):
            limit = number(max_points) if max_points is not None else _("the maximum")
            raise DecisionError(
                _("points must be between 0 and {limit}, not {points}").format(limit=limit, points=number(new_points))
            )
        table = _DECISIONS
        with self._appending() as conn:
            last = conn.execute(
                sa.select(table.c.new_points)
                .where(
                    table.c.unit == decision.unit, table.c.year == decision.year,
                    table.c.criterion == decision.criterion, table.c.scheme == decision.scheme,
                )
                .order_by(table.c.seq.desc())
                .limit(1)
            ).first()  # fmt: skip
            seq = (conn.execute(sa.select(sa.func.max(table.c.seq))).scalar() or 0) + 1
            values: dict[str, Any] = {
                **decision.model_dump(exclude={"evidence_ids", "reason", "new_points", "proposed_points"}),
                "seq": seq,
                "reason": reason,
                "new_points": new_points,
                "proposed_points": proposed,
                "evidence_ids": json.dumps(sorted(set(decision.evidence_ids))),
                "at": _now(),
                "user": user,
                "role": role,
                "old_points": clean_points(last.new_points) if last else proposed,
            }
            prev_mac, mac = self._link(conn, kind="decision", ref=seq, content=_row_content("decision", values),
                                       at=values["at"])  # fmt: skip
            row = conn.execute(
                table.insert()
                .values({"seq": seq, **{c: values[c] for c in _DECISION_COLUMNS}, "prev_hash": prev_mac, "hash": mac})
                .returning(*table.c)
            ).one()
        return _decision(row)

    def append_correction(
        self, *, sha256: str, field: str, old_value: str | None, new_value: str | None, reason: str, user: str,
        role: str,
    ) -> Correction:  # fmt: skip
        """Record that `user` set one field of one document (checked by `kiemchung.web.corrections`)."""
        if not reason.strip():
            raise DecisionError(_("a correction needs a reason"))
        with self._appending() as conn:
            seq = (conn.execute(sa.select(sa.func.max(_CORRECTIONS.c.seq))).scalar() or 0) + 1
            values: dict[str, Any] = {"seq": seq, "at": _now(), "user": user, "role": role, "sha256": sha256,
                                      "field": field, "old_value": old_value, "new_value": new_value,
                                      "reason": reason.strip()}  # fmt: skip
            self._link(conn, kind="correction", ref=seq, content=_row_content("correction", values), at=values["at"])
            row = conn.execute(_CORRECTIONS.insert().values(values).returning(*_CORRECTIONS.c)).one()
        return _correction(row)

    def append_account_event(self, *, action: str, name: str, by: str) -> None:
        """An account change (added, disabled, enabled, password changed) on the chain: no secrets."""
        with self._appending() as conn:
            at = _now()
            self._link(conn, kind="account", ref=None, content=canonical({"action": action, "user": name, "by": by}),
                       at=at)  # fmt: skip

    # ── reading ─────────────────────────────────────────────────────────────────────────────────

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

    def corrections(self, sha256: str | None = None) -> list[Correction]:
        query = sa.select(_CORRECTIONS).order_by(_CORRECTIONS.c.seq)
        if sha256 is not None:
            query = query.where(_CORRECTIONS.c.sha256 == sha256)
        with reading(self._engine) as conn:
            return [_correction(row) for row in conn.execute(query)]

    def corrections_version(self) -> int:
        """The newest correction's seq (0 without any): changes whenever a correction is added."""
        with reading(self._engine) as conn:
            return int(conn.execute(sa.select(sa.func.max(_CORRECTIONS.c.seq))).scalar() or 0)

    def entries(self, *, limit: int | None = None, newest_first: bool = False) -> list[ChainEntry]:
        query = sa.select(_CHAIN).order_by(_CHAIN.c.seq.desc() if newest_first else _CHAIN.c.seq)
        if limit is not None:
            query = query.limit(int(limit))
        with reading(self._engine) as conn:
            return [ChainEntry.model_validate({**row._mapping, "at": dt.datetime.fromisoformat(row.at)})
                    for row in conn.execute(query)]  # fmt: skip

    def anchor(self) -> Anchor:
        """The chain's length and head now, to keep outside the database."""
        with reading(self._engine) as conn:
            last = conn.execute(sa.select(_CHAIN.c.seq, _CHAIN.c.mac).order_by(_CHAIN.c.seq.desc()).limit(1)).first()
        return Anchor(at=dt.datetime.now(dt.UTC), entries=last.seq if last else 0, head=last.mac if last else GENESIS)

    # ── verifying ───────────────────────────────────────────────────────────────────────────────

    def verify(self, anchor: Anchor | None = None) -> ChainReport:
        """Every link, every row's content against its entry, every row on the chain, the legacy
        rows against the migration marker, and the length and head against `anchor`."""
        with reading(self._engine) as conn:
            chain = [dict(row._mapping) for row in conn.execute(sa.select(_CHAIN).order_by(_CHAIN.c.seq))]
            rows = {kind: {row.seq: dict(row._mapping) for row in conn.execute(sa.select(table).order_by(table.c.seq))}
                    for kind, table in _TABLES_OF_KIND.items()}  # fmt: skip
        problems: list[ChainProblem] = []
        referenced: dict[str, set[int]] = {kind: set() for kind in _TABLES_OF_KIND}
        marker: dict[str, Any] | None = None
        prev_mac, expected = GENESIS, 1
        for entry in chain:
            seq = entry["seq"]
            if seq != expected:
                problems.append(
                    ChainProblem(
                        seq=seq,
                        problem=_("entries {first}–{last} are missing: deleted").format(first=expected, last=seq - 1),
                    )
                )
            expected = seq + 1
            if entry["prev_mac"] != prev_mac:
                problems.append(ChainProblem(seq=seq, problem=_("does not follow the entry before it")))
            mac = chain_mac(self._key, seq=seq, at=entry["at"], kind=entry["kind"], ref=entry["ref"],
                            content=entry["content"], prev_mac=entry["prev_mac"])  # fmt: skip
            if not hmac.compare_digest(mac, entry["mac"]):
                problems.append(ChainProblem(seq=seq, problem=_("wrong HMAC: the entry was changed or rewritten")))
            prev_mac = entry["mac"]
            kind = entry["kind"]
            if kind == "migration":
                if seq == 1:
                    marker = json.loads(entry["content"])
                else:
                    problems.append(ChainProblem(seq=seq, problem=_("a migration marker that is not the first entry")))
            elif kind in _TABLES_OF_KIND:
                row = rows[kind].get(entry["ref"])
                where = _TABLES_OF_KIND[kind].name
                if row is None:
                    problem = _("row deleted (entry {seq} of the chain)").format(seq=seq)
                    problems.append(ChainProblem(seq=entry["ref"], where=where, problem=problem))
                    continue
                referenced[kind].add(entry["ref"])
                if _row_content(kind, row) != entry["content"]:
                    problems.append(ChainProblem(seq=entry["ref"], where=where,
                                                 problem=_("content changed after it was written")))  # fmt: skip
                elif kind == "decision" and (row["prev_hash"], row["hash"]) != (entry["prev_mac"], entry["mac"]):
                    problems.append(
                        ChainProblem(seq=entry["ref"], where=where, problem=_("the row's hash was changed"))
                    )
        legacy_last = int(marker["legacy_last_seq"]) if marker else 0
        for kind, table in _TABLES_OF_KIND.items():
            for seq in sorted(rows[kind]):
                if seq not in referenced[kind] and not (kind == "decision" and seq <= legacy_last):
                    problem = _("row not on the chain (added behind the app)")
                    problems.append(ChainProblem(seq=seq, where=table.name, problem=problem))
        if marker is not None:
            problems.extend(
                _verify_legacy([r for s, r in sorted(rows["decision"].items()) if s <= legacy_last], marker)
            )
        if anchor is not None:
            problems.extend(_against_anchor(chain, anchor))
        return ChainReport(entries=len(chain), head=prev_mac, legacy_rows=int(marker["legacy_rows"]) if marker else 0,
                           anchor=anchor, problems=problems)  # fmt: skip

    def verify_chain(self) -> list[ChainProblem]:
        """`verify` against the last anchor of the default anchor file, if there is one."""
        return self.verify(last_anchor(self.anchor_file)).problems


def _verify_legacy(legacy: list[dict[str, Any]], marker: Mapping[str, Any]) -> list[ChainProblem]:
    problems: list[ChainProblem] = []
    prev_hash = GENESIS
    for row in legacy:
        if row["prev_hash"] != prev_hash:
            problems.append(
                ChainProblem(seq=row["seq"], where="decisions", problem=_("does not follow the row before it"))
            )
        if not legacy_hash_matches(row["prev_hash"], row, row["hash"]):
            problems.append(ChainProblem(seq=row["seq"], where="decisions",
                                         problem=_("content changed after it was written (old rule)")))  # fmt: skip
        prev_hash = row["hash"]
    if len(legacy) != int(marker["legacy_rows"]) or prev_hash != marker["legacy_head"]:
        seq = legacy[-1]["seq"] if legacy else 0
        problem = _("the old rows do not match the migration marker ({rows} rows)").format(rows=marker["legacy_rows"])
        problems.append(ChainProblem(seq=seq, where="decisions", problem=problem))
    return problems


def _against_anchor(chain: list[dict[str, Any]], anchor: Anchor) -> list[ChainProblem]:
    if anchor.entries == 0:
        return []
    if len(chain) < anchor.entries or chain[-1]["seq"] < anchor.entries:
        problem = _("the chain has {entries} entries, the anchor says {anchored}: the newest entries were deleted")
        return [ChainProblem(seq=anchor.entries, problem=problem.format(entries=len(chain), anchored=anchor.entries))]
    at_anchor = next((entry for entry in chain if entry["seq"] == anchor.entries), None)
    if at_anchor is None or not hmac.compare_digest(at_anchor["mac"], anchor.head):
        problem = _("the entry at the anchor does not match it: the chain was rewritten")
        return [ChainProblem(seq=anchor.entries, problem=problem)]
    return []
