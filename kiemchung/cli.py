"""The `kiemchung` command line: a thin shell over extractors, stores and flows."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import typer
from pydantic import ValidationError
from typer.core import TyperGroup

import kiemchung.commands
from kiemchung.settings import SettingsError


class _Commands(TyperGroup):
    """Every command: settings that cannot work (a KIEMCHUNG_ variable of the wrong kind or out of
    range, a trust root that is no certificate) end the command with one line and exit code 2."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ValidationError as error:
            if error.title != "Settings":
                raise
            first = error.errors()[0]
            name = "KIEMCHUNG_" + "_".join(str(part) for part in first["loc"]).upper()
            typer.echo(f"kiemchung: setting {name}: {first['msg']}", err=True)
        except SettingsError as error:
            typer.echo(f"kiemchung: {error}", err=True)
        raise typer.Exit(2)


app = typer.Typer(
    name="kiemchung",
    help="Find, read and index the evidence documents (tài liệu kiểm chứng) of the PAR Index.",
    cls=_Commands,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def main() -> None:
    """Find, read and index the evidence documents (tài liệu kiểm chứng) of the PAR Index."""


for module_info in sorted(pkgutil.iter_modules(kiemchung.commands.__path__), key=lambda m: m.name):
    module = importlib.import_module(f"kiemchung.commands.{module_info.name}")
    module.register(app)

if __name__ == "__main__":
    app()
