"""`kiemchung serve` (the web app) and `kiemchung users add|list|disable|enable|passwd` (its accounts)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from kiemchung.i18n import _
from kiemchung.settings import get_settings
from kiemchung.statedb import StateDatabaseError
from kiemchung.stores import StoreError
from kiemchung.web.accounts import Accounts
from kiemchung.web.audit import DecisionError
from kiemchung.web.chain import ChainKeyError
from kiemchung.web.users import ROLES, UserError, UserStore

users_app = typer.Typer(help="Accounts of the web app (appraiser, auditor, admin).", no_args_is_help=True)


def _fail(command: str, message: str) -> typer.Exit:
    typer.echo(f"kiemchung {command}: {message}", err=True)
    return typer.Exit(2)


def _read_password() -> str:
    """From a prompt (asked twice) on a terminal; else the first line of standard input."""
    if sys.stdin.isatty():
        password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
        return password
    return sys.stdin.readline().rstrip("\r\n")


@users_app.command("add")
def add_user(
    name: Annotated[str, typer.Argument(help="login name: lower-case letters, digits, '.', '_', '-'")],
    role: Annotated[str, typer.Option(help=f"one of: {', '.join(ROLES)}")],
    replace: Annotated[
        bool, typer.Option("--replace", help="change the role and password of an existing user")
    ] = False,
) -> None:
    """Add a user; the password is read from a prompt, or from standard input when piped."""
    if role not in ROLES:
        # the same (translated) message the account store gives, before a password is asked for
        raise _fail("users add", _("unknown role “{role}” (one of: {roles})").format(role=role, roles=", ".join(ROLES)))
    password = _read_password()
    try:
        user = _accounts("users add").add(name, role, password, by=_BY, replace=replace)
    except (UserError, DecisionError, StateDatabaseError) as error:
        raise _fail("users add", str(error)) from error
    typer.echo(f"user {user.name} ({user.role}) {'saved' if replace else 'added'}")


@users_app.command("list")
def list_users() -> None:
    """Print every user, role and state."""
    try:
        users = UserStore.in_home(get_settings().home).all()
    except StateDatabaseError as error:
        raise _fail("users list", str(error)) from error
    for user in users:
        typer.echo(f"{user.name}\t{user.role}" + ("\tdisabled" if user.disabled else ""))


_BY = "cli"  # who made a change from the command line, as the audit chain records it
NameArgument = Annotated[str, typer.Argument(help="login name")]


def _accounts(command: str) -> Accounts:
    try:
        return Accounts.in_home(get_settings().home)
    except (StateDatabaseError, ChainKeyError) as error:
        raise _fail(command, str(error)) from error


@users_app.command("disable")
def disable_user(name: NameArgument) -> None:
    """Disable a user: they cannot log in, and their open sessions end now."""
    try:
        revoked = _accounts("users disable").disable(name, by=_BY)
    except (UserError, DecisionError, StateDatabaseError) as error:
        raise _fail("users disable", str(error)) from error
    typer.echo(f"user {name} disabled; {revoked} session(s) ended")


@users_app.command("enable")
def enable_user(name: NameArgument) -> None:
    """Let a disabled user log in again."""
    try:
        _accounts("users enable").enable(name, by=_BY)
    except (UserError, DecisionError, StateDatabaseError) as error:
        raise _fail("users enable", str(error)) from error
    typer.echo(f"user {name} enabled")


@users_app.command("passwd")
def set_password(name: NameArgument) -> None:
    """Set a user's password (prompt, or the first line of standard input); their sessions end."""
    password = _read_password()
    try:
        revoked = _accounts("users passwd").set_password(name, password, by=_BY)
    except (UserError, DecisionError, StateDatabaseError) as error:
        raise _fail("users passwd", str(error)) from error
    typer.echo(f"password of {name} changed; {revoked} session(s) ended")


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")

    @app.command()
    def serve(
        host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="port to listen on", min=1, max=65535)] = 8000,
    ) -> None:
        """Serve the web app for appraisers and auditors (add a user first: `kiemchung users add`)."""
        import uvicorn

        from kiemchung.web import create_app

        settings = get_settings()
        try:
            no_users = not UserStore.in_home(settings.home).all()
        except StateDatabaseError as error:
            raise _fail("serve", str(error)) from error
        if no_users:
            typer.echo("kiemchung serve: no users yet — add one with `kiemchung users add NAME --role admin`",
                       err=True)  # fmt: skip
        try:
            app = create_app(settings)
        except StoreError as error:
            raise _fail("serve", str(error)) from error
        typer.echo(f"kiemchung: http://{host}:{port}/ (KIEMCHUNG_HOME={settings.home})", err=True)
        try:
            uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=False)
        except OSError as error:  # address in use, permission denied
            raise _fail("serve", f"cannot listen on {host}:{port}: {error.strerror or error}") from error
