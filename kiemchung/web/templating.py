"""Jinja2 with autoescape always on: every string that came from a document is escaped when shown.

Nothing from a record is ever marked safe; the one exception is a search snippet, which
`search_view.safe_snippet` rebuilds from escaped pieces around our own <mark> tags.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse
from starlette.templating import Jinja2Templates

from kiemchung.web import labels
from kiemchung.web.security import csrf_token
from kiemchung.web.users import ROLE_LABELS

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

_environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
    autoescape=True,  # every template, whatever its file name
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _query(base: dict[str, Any], **changes: Any) -> str:
    """`?a=1&b=2` from current parameters with some changed (None drops a parameter)."""
    merged = {**base, **changes}
    pairs = {key: value for key, value in merged.items() if value not in (None, "")}
    return "?" + urlencode(pairs) if pairs else "?"


def _date(value: Any) -> str:
    return value.strftime("%d/%m/%Y") if value is not None and hasattr(value, "strftime") else "—"


def _datetime(value: Any) -> str:
    return value.strftime("%d/%m/%Y %H:%M:%S %Z").strip() if value is not None else "—"


_environment.globals.update(
    METHOD_LABELS=labels.METHOD_LABELS,
    SIGNATURE_LABELS=labels.SIGNATURE_LABELS,
    ACTION_LABELS=labels.ACTION_LABELS,
    STATUS_LABELS=labels.STATUS_LABELS,
    ROLE_LABELS=ROLE_LABELS,
    DOC_TYPE_LABELS=labels.DOC_TYPE_LABELS,
    query_string=_query,
)
_environment.filters.update(points=labels.points, vn_date=_date, vn_datetime=_datetime)
templates = Jinja2Templates(env=_environment)


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    values = {
        "user": getattr(request.state, "user", None),
        "csrf_token": csrf_token(request),
        "path": request.url.path,
        **context,
    }
    response = templates.TemplateResponse(request, name, values, status_code=status_code)
    response.headers["Content-Type"] = "text/html; charset=utf-8"
    return response
