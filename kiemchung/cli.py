"""The `kiemchung` command line: a thin shell over extractors, stores and flows."""

from __future__ import annotations

import importlib
import pkgutil

import typer

import kiemchung.commands

app = typer.Typer(
    name="kiemchung",
    help="Find, read and index the evidence documents (tài liệu kiểm chứng) of the PAR Index.",
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
