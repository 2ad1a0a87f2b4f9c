"""`kiemchung audit verify|anchor`: check the web app's audit log, and anchor its head outside it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kiemchung.settings import get_settings
from kiemchung.statedb import StateDatabaseError
from kiemchung.web.audit import AuditLog
from kiemchung.web.chain import AnchorError, ChainKeyError, append_anchor, last_anchor

audit_app = typer.Typer(help="The audit log of decisions and corrections: verify it, anchor it.", no_args_is_help=True)


def _fail(command: str, message: str) -> typer.Exit:
    typer.echo(f"kiemchung audit {command}: {message}", err=True)
    return typer.Exit(2)


def _open(command: str) -> AuditLog:
    try:
        return AuditLog.in_home(get_settings().home)
    except (StateDatabaseError, ChainKeyError) as error:
        raise _fail(command, str(error)) from error


@audit_app.command("verify")
def verify(
    anchor_file: Annotated[
        Path | None,
        typer.Option(
            "--anchor", help="anchor file (default: KIEMCHUNG_HOME/audit-anchors.jsonl); its last line counts"
        ),
    ] = None,
) -> None:
    """Check every link (HMAC), every row against its entry, legacy rows against the migration marker,
    and the length and head against the last anchor. Exit 1 on any problem."""
    log = _open("verify")
    path = anchor_file or log.anchor_file
    try:
        anchor = last_anchor(path)
    except AnchorError as error:
        raise _fail("verify", str(error)) from error
    if anchor_file is not None and anchor is None:
        raise _fail("verify", f"no anchor in {path}")
    try:
        report = log.verify(anchor)
    except StateDatabaseError as error:
        raise _fail("verify", str(error)) from error
    against = (
        f"anchor of {anchor.at.isoformat(timespec='seconds')} ({anchor.entries} entries)" if anchor else "no anchor"
    )
    legacy = f", {report.legacy_rows} legacy rows checked by the old rule" if report.legacy_rows else ""
    for problem in report.problems:
        typer.echo(f"{problem.where} {problem.seq}: {problem.problem}")
    if report.problems:
        typer.echo(
            f"BROKEN: {len(report.problems)} problem(s) in {report.entries} entries{legacy}; {against}", err=True
        )
        raise typer.Exit(1)
    typer.echo(f"ok: {report.entries} entries{legacy}, head {report.head}; {against}")


@audit_app.command("anchor")
def anchor(
    anchor_file: Annotated[
        Path | None, typer.Option("--file", help="append the anchor here (default: KIEMCHUNG_HOME/audit-anchors.jsonl)")
    ] = None,
    print_only: Annotated[bool, typer.Option("--print-only", help="only print it (for the minutes)")] = False,
) -> None:
    """Print the chain's length and head MAC and append them to the anchor file. Keep a copy where
    whoever can write the database cannot (minutes, another machine): it is what finds the newest
    entries deleted."""
    log = _open("anchor")
    try:
        current = log.anchor()
        if not print_only:
            append_anchor(anchor_file or log.anchor_file, current)
    except StateDatabaseError as error:
        raise _fail("anchor", str(error)) from error
    except OSError as error:
        raise _fail("anchor", f"cannot write {anchor_file or log.anchor_file}: {error.strerror or error}") from error
    typer.echo(current.line())


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")
