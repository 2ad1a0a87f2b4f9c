"""`kiemchung scorecard --unit … --year … [--scheme …] [--json]`: the proposed scorecard of a unit's year."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table
from rich.text import Text

from core.models import DocumentRecord
from core.rubric import SchemeError, find_scheme
from core.units import UnitError, find_unit
from kiemchung import i18n
from kiemchung.i18n import _, ngettext
from kiemchung.scorecard import CriterionLine, Scorecard, build_scorecard
from kiemchung.settings import get_settings
from kiemchung.stores.base import StoreError
from kiemchung.web.labels import field_list, signature_label, status_label

_STATUS_STYLE = {
    "met": "green",
    "partial": "yellow",
    "late": "red",
    "missing": "red",
    "unclear": "magenta",
    "survey": "dim",
    "group": "bold",
}


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"kiemchung scorecard: {message}", err=True)
    return typer.Exit(code)


def read_records_file(path: Path) -> Iterator[DocumentRecord]:
    """Records from a JSON Lines file as printed by `kiemchung extract --json`."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"{path}: cannot read: {getattr(error, 'strerror', None) or error}") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield DocumentRecord.model_validate_json(line)
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(map(str, first["loc"]))
            raise ValueError(f"{path}:{number}: not a document record ({first['msg']} at {where})") from None


def evidence_notes(line: CriterionLine) -> str:
    """What an appraiser should know about the documents behind a line: signatures, fields to check."""
    notes = []
    for ref in line.evidence:
        label = ref.number or ref.file
        signature = signature_label(ref.signature)
        review = "; " + _("to check: {fields}").format(fields=field_list(ref.needs_review)) if ref.needs_review else ""
        flagged = "; " + _("signing date disagrees") if ref.facts.get("signature_date_disagrees") else ""
        notes.append(f"{label}: {signature}{review}{flagged}")
    return "".join(f"\n· {note}" for note in dict.fromkeys(notes))


def print_scorecard(card: Scorecard, console: Console) -> None:
    console.print(
        "[bold]"
        + _("Scorecard")
        + f"[/bold] {card.unit} · {card.year} · "
        + _("scheme {scheme} {version}").format(scheme=card.scheme, version=card.scheme_version)
        + f" ({card.basis}) · "
        + ngettext("{n} document", "{n} documents", card.documents).format(n=card.documents)
    )
    table = Table(show_lines=False, expand=True)
    table.add_column(_("id"), no_wrap=True)
    table.add_column(_("criterion"), ratio=2)
    table.add_column(_("points"), justify="right", no_wrap=True)
    table.add_column(_("status"), no_wrap=True)
    table.add_column(_("why (evidence ids)"), ratio=4)
    for line in card.lines:
        points = i18n.number(line.proposed_points)
        if line.max_points is not None:
            points += f"/{i18n.number(line.max_points)}"
        name = Text("  " * line.depth + line.name, style="bold" if line.depth == 0 else "")
        table.add_row(
            line.criterion,
            name,
            points,
            Text(status_label(line.status), style=_STATUS_STYLE[line.status]),
            line.explanation + evidence_notes(line),
        )
    console.print(table)
    missing = [item for line in card.lines for item in line.missing]
    if missing:
        console.print("[bold]" + _("Missing:") + "[/bold] " + "; ".join(missing))
    console.print(
        "[bold]"
        + _("Proposed:")
        + "[/bold] "
        + _("{total} of {max} self-scored points").format(
            total=i18n.number(card.proposed_total), max=i18n.number(card.self_scored_max)
        )
        + (
            " " + _("(+ {survey} survey points not self-scored)").format(survey=i18n.number(card.survey_max))
            if card.survey_max
            else ""
        )
        + ". "
        + _("Proposals only: a person decides each line.")
    )


def register(app: typer.Typer) -> None:
    @app.command()
    def scorecard(
        unit: Annotated[str, typer.Option(help="unit id from the registry, e.g. hcm.quan-3")],
        year: Annotated[int, typer.Option(help="the year appraised")],
        scheme: Annotated[
            str | None, typer.Option(help="scheme id in rubrics/ or a YAML file (default par-default)")
        ] = None,
        records: Annotated[
            Path | None,
            typer.Option(help="read records from a JSON Lines file (kiemchung extract --json) instead of the archive"),
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="print the scorecard as JSON")] = False,
        lang: Annotated[str, typer.Option("--lang", help="language of the explanations: vi (default) or en")] = "vi",
    ) -> None:
        """Propose points per criterion from a unit's documents of one year, with the evidence behind them."""
        i18n.set_language(lang)
        try:
            chosen = find_scheme(scheme)
        except SchemeError as error:
            raise _fail(str(error)) from None
        err = Console(stderr=True)
        try:
            if find_unit(unit) is None:
                err.print(f"[yellow]note:[/yellow] unit {unit!r} is not in the registry (rubrics/units/)")
        except UnitError as error:
            raise _fail(str(error)) from None
        if not chosen.applies_to(year):
            err.print(
                f"[yellow]note:[/yellow] scheme {chosen.scheme} covers {chosen.years[0]}–{chosen.years[-1]}, not {year}"
            )
        try:
            if records is not None:
                source = list(read_records_file(records))
            else:
                from kiemchung.archive import Archive
                from kiemchung.web.corrections import CorrectedArchive  # as the web app shows them

                home = get_settings().home
                source = list(CorrectedArchive.in_home(Archive(home), home).iter_records(unit=unit, year=year))
        except (ValueError, StoreError) as error:
            raise _fail(str(error)) from None
        card = build_scorecard(source, chosen, unit, year)
        if as_json:
            sys.stdout.write(card.model_dump_json(indent=2) + "\n")
            return
        print_scorecard(card, Console())
