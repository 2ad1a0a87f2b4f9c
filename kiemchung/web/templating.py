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

from kiemchung import i18n
from kiemchung.web import labels
from kiemchung.web.security import csrf_token

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

_environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
    autoescape=True,  # every template, whatever its file name
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    extensions=["jinja2.ext.i18n"],
)
# `_()` in templates is kiemchung.i18n's: the language of the request being rendered.
_environment.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]


def _query(base: dict[str, Any], **changes: Any) -> str:
    """`?a=1&b=2` from current parameters with some changed (None drops a parameter)."""
    merged = {**base, **changes}
    pairs = {key: value for key, value in merged.items() if value not in (None, "")}
    return "?" + urlencode(pairs) if pairs else "?"


def _date(value: Any) -> str:
    return i18n.date(value) if value is not None and hasattr(value, "strftime") else "—"


_environment.globals.update(
    method_label=labels.method_label,
    signature_label=labels.signature_label,
    status_label=labels.status_label,
    action_label=labels.action_label,
    role_label=labels.role_label,
    doc_type_label=labels.doc_type_label,
    field_label=labels.field_label,
    field_list=labels.field_list,
    fact_label=labels.fact_label,
    fact_value=labels.fact_value,
    source_label=labels.source_label,
    query_string=_query,
    LANGUAGES=i18n.LANGUAGES,
    current_language=i18n.current_language,
    named=i18n.named,
)
_environment.filters.update(points=labels.points, vn_date=_date, vn_datetime=i18n.datetime, number=i18n.number)
templates = Jinja2Templates(env=_environment)


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    values = {
        "user": getattr(request.state, "user", None),
        "csrf_token": csrf_token(request),
        "path": request.url.path,
        "query_params": dict(request.query_params),
        **context,
    }
    response = templates.TemplateResponse(request, name, values, status_code=status_code)
    response.headers["Content-Type"] = "text/html; charset=utf-8"
    return response
