"""The web app for appraisers and auditors: evidence by criterion, scorecards, audit trace.

A thin shell over the archive, the evidence store, the rubric and the scorecard: it adds users,
sessions, the append-only decision log and the pages (Jinja2, Vietnamese labels). No extraction,
no tagging and no scoring logic lives here. `create_app(settings)` builds the ASGI app.
"""

from kiemchung.web.app import create_app

__all__ = ["create_app"]
