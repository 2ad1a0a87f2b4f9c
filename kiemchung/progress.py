"""The progress bar every long command shows on a terminal (and hides when output is piped)."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn


def progress_bar(console: Console, *, spinner: bool = False) -> Progress:
    """A transient bar with "description ━━━ n/total elapsed" on `console` (stderr for most commands)."""
    columns = [
        *([SpinnerColumn()] if spinner else []),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    ]
    return Progress(*columns, console=console, transient=True, disable=not console.is_terminal)
