"""`kiemchung rubric list | show SCHEME | validate FILE...`: the rubric schemes in rubrics/ and your own."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from core.rubric import RUBRICS_DIR, Criterion, Scheme, SchemeError, available_schemes, find_scheme, load_scheme


def _scoring_text(node: Criterion) -> str:
    scoring = node.scoring
    if scoring is None:
        return ""
    fields = scoring.model_dump(exclude={"kind"})
    if "periods" in fields:
        fields["periods"] = ", ".join(f"{p['name']} by {p['deadline']}" for p in fields["periods"])
    details = "; ".join(f"{k}={v}" for k, v in fields.items() if v not in (None, [], ""))
    return f"{scoring.kind}" + (f" ({details})" if details else "")


def _show(scheme: Scheme, console: Console) -> None:
    console.print(f"[bold]{scheme.scheme}[/bold] {scheme.version} — {scheme.name}")
    console.print(
        f"basis {scheme.basis}; years {scheme.years[0]}–{scheme.years[-1]}; "
        f"self-scored points listed: {scheme.self_scored_max:g}"
    )
    table = Table(expand=True)
    table.add_column("id", no_wrap=True)
    table.add_column("criterion", ratio=3)
    table.add_column("max", justify="right")
    table.add_column("scoring", ratio=2)
    table.add_column("evidence rules", ratio=2)
    for node in scheme.walk():
        rules = ", ".join(f"{r.id} [{'/'.join(r.doc_types) or 'any'}]" for r in node.evidence)
        table.add_row(
            node.id,
            "  " * node.depth + node.name,
            "" if node.max_points is None else f"{node.max_points:g}",
            _scoring_text(node),
            rules,
        )
    console.print(table)


def register(app: typer.Typer) -> None:
    rubric_app = typer.Typer(help="Rubric schemes: list, show, validate.", no_args_is_help=True)

    @rubric_app.command("list")
    def list_schemes(
        directory: Annotated[Path, typer.Option(help="folder of scheme files")] = RUBRICS_DIR,
    ) -> None:
        """The schemes in rubrics/ (and any that fail to load, with why)."""
        console = Console()
        table = Table()
        for column in ("scheme", "version", "years", "basis", "file"):
            table.add_column(column)
        broken = 0
        for path, scheme in available_schemes(directory):
            if isinstance(scheme, SchemeError):
                broken += 1
                table.add_row("[red]invalid[/red]", "", "", str(scheme), path.name)
            else:
                table.add_row(
                    scheme.scheme, scheme.version, f"{scheme.years[0]}–{scheme.years[-1]}", scheme.basis, path.name
                )
        console.print(table)
        if broken:
            raise typer.Exit(1)

    @rubric_app.command("show")
    def show(scheme: Annotated[str, typer.Argument(help="scheme id (par-default) or a YAML file")]) -> None:
        """The criteria tree of a scheme with points, scoring rules and evidence rules."""
        try:
            chosen = find_scheme(scheme)
        except SchemeError as error:
            typer.echo(f"kiemchung rubric show: {error}", err=True)
            raise typer.Exit(2) from None
        _show(chosen, Console())

    @rubric_app.command("validate")
    def validate(files: Annotated[list[Path], typer.Argument(help="scheme YAML files")]) -> None:
        """Check scheme files; one line per file, exit 1 if any is invalid."""
        failed = 0
        for path in files:
            try:
                scheme = load_scheme(path)
            except SchemeError as error:
                failed += 1
                typer.echo(f"invalid: {error}", err=True)
                continue
            criteria = sum(1 for _ in scheme.walk())
            typer.echo(f"ok: {path}: {scheme.scheme} {scheme.version}, {criteria} criteria")
        if failed:
            raise typer.Exit(1)

    app.add_typer(rubric_app, name="rubric")
