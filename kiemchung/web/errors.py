"""Request validation errors as one line in the reader's language (pydantic's own are English)."""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from kiemchung.i18n import N_, _

# pydantic error types → a message about the field (English msgids, translated when shown).
_MESSAGES: dict[str, str] = {
    "missing": N_("{field} is required"),
    "int_parsing": N_("{field} must be a whole number"),
    "int_type": N_("{field} must be a whole number"),
    "float_parsing": N_("{field} must be a number"),
    "float_type": N_("{field} must be a number"),
    "bool_parsing": N_("{field} must be true or false"),
    "date_parsing": N_("{field} must be a date (yyyy-mm-dd)"),
    "date_from_datetime_parsing": N_("{field} must be a date (yyyy-mm-dd)"),
    "greater_than_equal": N_("{field} must be at least {limit}"),
    "greater_than": N_("{field} must be greater than {limit}"),
    "less_than_equal": N_("{field} must be at most {limit}"),
    "less_than": N_("{field} must be less than {limit}"),
    "string_too_long": N_("{field} is too long (at most {limit} characters)"),
    "string_too_short": N_("{field} is too short"),
    "string_pattern_mismatch": N_("{field} does not have the expected form"),
    "literal_error": N_("{field} must be one of: {choices}"),
    "enum": N_("{field} must be one of: {choices}"),
}
_LIMIT_KEYS = ("ge", "gt", "le", "lt", "max_length", "min_length")
# Request parameters as a person calls them.
_PARAMETERS: dict[str, str] = {
    "year": N_("the year"), "unit": N_("the unit"), "page": N_("the page"), "q": N_("the search words"),
    "text": N_("the search words"), "criterion": N_("the criterion"), "points": N_("the points"),
    "reason": N_("the reason"), "action": N_("the action"), "size": N_("the page size"),
    "sha256": N_("the document's hash"), "evidence_id": N_("the evidence id"), "name": N_("the user name"),
    "password": N_("the password"), "role": N_("the role"), "doc_type": N_("the document type"),
}  # fmt: skip


def validation_message(error: Mapping[str, Any]) -> str:
    """`{"type": "int_parsing", "loc": ("query", "year"), …}` → "năm phải là một số nguyên"."""
    where = ".".join(str(part) for part in error.get("loc", ()) if part not in ("query", "body", "path", "form"))
    field = _(_PARAMETERS[where]) if where in _PARAMETERS else (where or _("the request"))
    context = error.get("ctx") or {}
    limit = next((context[key] for key in _LIMIT_KEYS if key in context), "")
    choices = str(context.get("expected", "")).replace("'", "")
    template = _MESSAGES.get(str(error.get("type", "")), N_("{field} is not valid"))
    return _(template).format(field=field, limit=limit, choices=choices)


_STATUS_MESSAGES: dict[int, str] = {
    404: N_("This page does not exist."),
    405: N_("This address does not accept this kind of request."),
    401: N_("Login required."),
    403: N_("You are not allowed to do this."),
}


def standard_message(status: int, detail: Any) -> Any:
    """Starlette's own English phrase for a status ("Not Found") in the reader's language; a detail
    the app wrote itself is already translated and stays as it is."""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        return detail
    if detail != phrase:
        return detail
    return _(
        _STATUS_MESSAGES.get(status, N_("The request could not be handled (error {status}).")).format(status=status)
    )
