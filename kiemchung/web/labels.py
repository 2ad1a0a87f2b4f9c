"""Labels for values that come from the models (methods, signature statuses, decisions, field and
fact names), in the reader's language: each table holds English msgids marked with `N_`, and the
functions below translate them where they are shown."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from kiemchung import i18n
from kiemchung.i18n import N_, _

METHOD_LABELS: dict[str, str] = {"text": N_("Text layer"), "ocr": N_("OCR"), "converted": N_("Converted")}
SIGNATURE_LABELS: dict[str, str] = {
    "valid": N_("Valid digital signature"),
    "untrusted": N_("Digital signature not trusted"),
    "modified": N_("Modified after signing"),
    "invalid": N_("Invalid digital signature"),
    "unsigned": N_("No digital signature"),
}
STATUS_LABELS: dict[str, str] = {
    "met": N_("Met"), "partial": N_("Partly met"), "late": N_("Late"), "missing": N_("Documents missing"),
    "unclear": N_("To check"), "survey": N_("Sociological survey"), "group": "",
}  # fmt: skip
ACTION_LABELS: dict[str, str] = {"accept": N_("Accepted"), "override": N_("Overridden")}
ROLE_LABELS: dict[str, str] = {"appraiser": N_("Appraiser"), "auditor": N_("Auditor"), "admin": N_("Administrator")}
DOC_TYPE_LABELS: dict[str, str] = {
    "QĐ": N_("Decision"), "KH": N_("Plan"), "BC": N_("Report"), "TB": N_("Notice"), "CT": N_("Directive"),
    "NQ": N_("Resolution"), "HD": N_("Guidance"), "TTr": N_("Submission"), "QC": N_("Regulation"),
    "QyĐ": N_("Rules"), "CV": N_("Official letter"), "CTr": N_("Programme"), "CĐ": N_("Official dispatch"),
}  # fmt: skip
# The record's fields, as `needs_review` and `field_sources` name them.
FIELD_LABELS: dict[str, str] = {
    "doc_type": N_("document type"), "number": N_("number and symbol"), "issuer": N_("issuing agency"),
    "superior": N_("superior agency"), "place": N_("place of issue"), "issue_date": N_("date of issue"),
    "issue_month": N_("month of issue"), "subject": N_("subject"), "signer": N_("signer"),
    "recipients": N_("recipients"), "unit": N_("appraised unit"), "year": N_("year"),
}  # fmt: skip
# Facts the tagger reads from a document's text (rubric placeholders and derived facts).
FACT_LABELS: dict[str, str] = {
    "on_time": N_("on time"), "deadline": N_("deadline"), "period": N_("period"), "ratio": N_("ratio"),
    "share": N_("share"), "year": N_("year"), "plan_year": N_("plan year"), "report_year": N_("report year"),
    "tasks_planned": N_("tasks planned"), "tasks_done": N_("tasks done"), "tasks_on_time": N_("tasks on time"),
    "tasks_assigned": N_("tasks assigned"), "tasks_percent": N_("tasks done (%)"),
    "units_planned": N_("units planned"), "units_inspected": N_("units inspected"), "units_total": N_("units in total"),
    "units_late": N_("units late"), "findings": N_("findings"), "findings_handled": N_("findings handled"),
    "initiatives": N_("initiatives"), "members": N_("members"), "online_target_percent": N_("online target (%)"),
    "procedure_field": N_("procedure field"), "procedures_published": N_("procedures published"),
    "procedures_reviewed": N_("procedures reviewed"), "signature_date_disagrees": N_("signing date disagrees"),
}  # fmt: skip

# Where a value not read from its typed text came from (`field_sources`, written by the extractors in
# English): the kind of source, by the text before its first colon.
SOURCE_LABELS: dict[str, str] = {
    "correction": N_("a correction by a person"),
    "file name": N_("the file name"),
    "handwritten digits": N_("handwritten digits read several times"),
    "signing time printed by the digital-signature stamp": N_("the signing time printed by the signature stamp"),
    "signing time of the PDF signature": N_("the signing time of the PDF signature"),
    "second reading failed": N_("a second reading that failed"),
    "OCR subject read": N_("a second reading of the subject"),
    "OCR subject checked against the lexicon": N_("the subject checked against the dictionary"),
}


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _label(table: Mapping[str, str], value: str | None) -> str:
    if not value:
        return ""
    if value not in table:
        return value
    message = table[value]
    return _(message) if message else ""


def method_label(value: str | None) -> str:
    return _label(METHOD_LABELS, value)


def signature_label(value: str | None) -> str:
    return _label(SIGNATURE_LABELS, value)


def status_label(value: str | None) -> str:
    return _label(STATUS_LABELS, value)


def action_label(value: str | None) -> str:
    return _label(ACTION_LABELS, value)


def role_label(value: str | None) -> str:
    return _label(ROLE_LABELS, value)


def doc_type_label(value: str | None) -> str:
    return _label(DOC_TYPE_LABELS, value)


def field_label(value: str | None) -> str:
    return _label(FIELD_LABELS, value)


def fact_label(value: str | None) -> str:
    if value and value.endswith("_source"):
        return _("{fact}: where it was read").format(fact=_label(FACT_LABELS, value.removesuffix("_source")))
    return _label(FACT_LABELS, value)


def source_label(text: str | None) -> str:
    """ "file name: 275.pdf" → "tên tệp"; a source this table does not know → "another source"."""
    if not text:
        return ""
    head = text.split(":", 1)[0].split(" (", 1)[0].strip()
    for prefix, message in SOURCE_LABELS.items():
        if head.startswith(prefix):
            return _(message)
    return _("another source")


def field_list(fields: Iterable[str]) -> str:
    """["number", "issue_date"] → "số, ký hiệu; ngày ban hành"."""
    return "; ".join(field_label(name) for name in fields)


def fact_value(value: Any) -> str:
    """True → "có", 0.75 → "0,75", a list → its items; text stays as it is."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float):
        return i18n.number(value, 4)
    if isinstance(value, list | tuple):
        return ", ".join(fact_value(item) for item in value)
    if value is None:
        return "—"
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return i18n.date(dt.date.fromisoformat(value))  # a deadline: dd/mm/yyyy
    return str(value)


def points(value: float | None) -> str:
    """1.0 → "1", 0.25 → "0,25" (Vietnamese decimal comma); None → "—"."""
    return i18n.number(value, 2)
