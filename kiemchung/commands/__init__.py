"""CLI sub-commands, one module per area. Each module exposes `register(app: typer.Typer) -> None`."""
