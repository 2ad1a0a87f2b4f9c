"""`kiemchung signatures FILE... [--trust DIR] [--json]`: check the digital signatures of documents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from kiemchung.settings import get_settings

if TYPE_CHECKING:
    from extractors.signature import SignatureReport

_STYLE = {"valid": "green", "untrusted": "yellow", "modified": "red", "invalid": "red", "unsigned": "dim"}


def print_report(console: Console, file: Path, report: SignatureReport) -> None:
    style = _STYLE[report.status]
    console.print(f"[bold]{file}[/bold]  [{style}]{report.status}[/{style}]", highlight=False)
    if report.reason:
        console.print(f"  {report.reason}", highlight=False)
    for check in report.signatures:
        signer = ", ".join(filter(None, [check.signer.common_name, check.signer.organization])) if check.signer else "?"
        when = check.signed_at.isoformat() if check.signed_at else "no signing time"
        console.print(f"  {check.field_name}: {check.status} — {check.reason}", highlight=False)
        console.print(f"    signer {signer}", highlight=False)
        console.print(f"    signed {when}; covers {check.coverage or '?'}", highlight=False)


def register(app: typer.Typer) -> None:
    @app.command()
    def signatures(
        files: Annotated[list[Path], typer.Argument(help="PDF files")],
        trust: Annotated[
            Path | None,
            typer.Option(
                envvar="KIEMCHUNG_TRUST_ROOTS",
                help="folder of trusted CA certificates (PEM/DER); default KIEMCHUNG_HOME/trust",
            ),
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="JSON Lines: file and report")] = False,
    ) -> None:
        """Verify PDF signatures: signer, signing time, coverage, and trust against CA certificates."""
        from extractors.signature import TrustRootError, load_trust_roots, read_signatures  # pyHanko loads slowly

        folder = trust if trust is not None else get_settings().home / "trust"
        try:
            roots = load_trust_roots(folder)
        except TrustRootError as error:
            typer.echo(f"kiemchung signatures: {error}", err=True)
            raise typer.Exit(2) from None
        console = Console()
        missing = 0
        for file in files:
            if not file.is_file():
                typer.echo(f"kiemchung signatures: {file}: no such file", err=True)
                missing += 1
                continue
            report = read_signatures(file.read_bytes(), roots)
            if as_json:
                typer.echo(json.dumps({"file": str(file), **report.model_dump(mode="json")}, ensure_ascii=False))
            else:
                print_report(console, file, report)
        if missing == len(files):
            raise typer.Exit(1)
