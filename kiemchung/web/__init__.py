"""The web app for appraisers and auditors: evidence by criterion, scorecards, audit trace.

A thin shell over the archive, the evidence store, the rubric and the scorecard: it adds users,
sessions, the append-only decision log and the pages (Jinja2, Vietnamese labels). No extraction,
no tagging and no scoring logic lives here. `create_app(settings)` builds the ASGI app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiemchung.web.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    # FastAPI and the templates load only when the app is built, not for every `kiemchung` command.
    if name == "create_app":
        from kiemchung.web.app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
