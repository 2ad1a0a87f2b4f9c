"""Request validation errors as one line in the reader's language (pydantic's own are English)."""

from __future__ import annotations

from collections.abc import Mapping
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


def validation_message(error: Mapping[str, Any]) -> str:
    """`{"type": "int_parsing", "loc": ("query", "year"), …}` → "năm phải là một số nguyên"."""
    where = ".".join(str(part) for part in error.get("loc", ()) if part not in ("query", "body", "path", "form"))
    field = where or _("the request")
    context = error.get("ctx") or {}
    limit = next((context[key] for key in _LIMIT_KEYS if key in context), "")
    choices = str(context.get("expected", "")).replace("'", "")
    template = _MESSAGES.get(str(error.get("type", "")), N_("{field} is not valid"))
    return _(template).format(field=field, limit=limit, choices=choices)
