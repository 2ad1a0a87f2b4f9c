"""Corrections of a document's metadata by a person: unit, number, date, issuer, type (and the year
it counts for). Each is an event on the audit chain (`AuditLog.append_correction`: who, when, the
old and new value, the reason); the archive's extraction record is never changed. Wherever the app
reads a record (`RecordLibrary`), the corrections are laid over it (`apply_corrections`), and the
corrected record is indexed again in the evidence store (SQLite or Elasticsearch, through the
store interface), so the document reaches the scorecard of its corrected unit and year.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from core.models import DocumentRecord
from core.units import Registry, find_unit
from kiemchung.archive import Archive
from kiemchung.i18n import N_, _
from kiemchung.settings import get_settings
from kiemchung.statedb import StateDatabaseError
from kiemchung.stores import EvidenceStore, StoreError
from kiemchung.web.audit import AuditLog, Correction
from kiemchung.web.chain import ChainKeyError
from kiemchung.web.database import WEB_DATABASE_FILE
from kiemchung.web.labels import DOC_TYPE_LABELS

CORRECTABLE_FIELDS: dict[str, str] = {
    "unit": N_("Appraised unit"),
    "year": N_("Year it counts for"),
    "number": N_("Number and symbol"),
    "issue_date": N_("Date of issue"),
    "issuer": N_("Issuing agency"),
    "doc_type": N_("Type of document"),
}
CORRECTION_SOURCE = "correction"  # field_sources prefix of a corrected value
_NUMBER = re.compile(r"^[0-9A-Za-zÀ-ỹĐđ./_-]{1,60}$")
_DATE_FORMS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")
MAX_TEXT = 300


class CorrectionError(ValueError):
    """A correction that cannot be recorded; one line for the appraiser."""


def parse_value(field: str, text: str, registries: Sequence[Registry]) -> str | None:
    """The value as the log keeps it (ISO date, unit id, …), or None to clear the field."""
    value = " ".join(text.split())
    if field not in CORRECTABLE_FIELDS:
        raise CorrectionError(_("{field} cannot be corrected here").format(field=field))
    if not value:
        if field in ("unit", "year"):
            raise CorrectionError(_("a unit and a year cannot be left empty"))
        return None
    if len(value) > MAX_TEXT:
        raise CorrectionError(_("the value is too long (at most {n} characters)").format(n=MAX_TEXT))
    if field == "unit":
        if find_unit(value, registries) is None:
            raise CorrectionError(_("no unit {unit} in the registries").format(unit=value))
        return value
    if field == "year":
        if not value.isdigit() or not 1990 <= int(value) <= 2100:
            raise CorrectionError(_("a year is four digits, 1990–2100, not {value}").format(value=value))
        return str(int(value))
    if field == "issue_date":
        for form in _DATE_FORMS:
            try:
                return dt.datetime.strptime(value, form).date().isoformat()
            except ValueError:
                continue
        raise CorrectionError(_("a date is dd/mm/yyyy, not {value}").format(value=value))
    if field == "number":
        compact = value.replace(" ", "")
        if not _NUMBER.fullmatch(compact) or not any(c.isdigit() or c == "/" for c in compact):
            raise CorrectionError(_("a number and symbol looks like 297/KH-UBND, not {value}").format(value=value))
        return compact
    if field == "doc_type":
        if value not in DOC_TYPE_LABELS:
            choices = ", ".join(DOC_TYPE_LABELS)
            raise CorrectionError(_("a type is one of {choices}, not {value}").format(choices=choices, value=value))
        return value
    return value  # issuer: free text


def current_value(record: DocumentRecord, field: str) -> str | None:
    value = getattr(record, field)
    if value is None:
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def apply_corrections(record: DocumentRecord, corrections: Iterable[Correction]) -> DocumentRecord:
    """The record as people corrected it: each field's last correction wins; a corrected field is
    no longer in `needs_review`, and `field_sources` says who corrected it and why."""
    updates: dict[str, object] = {}
    sources = dict(record.field_sources)
    for correction in corrections:
        value: object = correction.new_value
        if correction.field == "issue_date" and value is not None:
            value = dt.date.fromisoformat(str(value))
        elif correction.field == "year" and value is not None:
            value = int(str(value))
        updates[correction.field] = value
        when = correction.at.date().isoformat()
        sources[correction.field] = f"{CORRECTION_SOURCE} #{correction.seq} by {correction.user} on {when}: " + (
            correction.reason
        )
    if not updates:
        return record
    if record.year is None and "year" not in updates:
        date = updates.get("issue_date", record.issue_date)
        if isinstance(date, dt.date):
            updates["year"] = date.year
        elif record.issue_month:
            updates["year"] = int(record.issue_month[:4])
    review = [name for name in record.needs_review if name not in updates]
    return record.model_copy(update={**updates, "needs_review": review, "field_sources": sources})


def correct(
    *,
    audit: AuditLog,
    store: EvidenceStore,
    registries: Sequence[Registry],
    original: DocumentRecord,
    field: str,
    value: str,
    reason: str,
    user: str,
    role: str,
) -> Correction:
    """Check, log and reindex one correction of `original` (the archive's record, with words)."""
    if not reason.strip():
        raise CorrectionError(_("a correction needs a reason"))
    new_value = parse_value(field, value, registries)
    before = apply_corrections(original, audit.corrections(original.sha256))
    old_value = current_value(before, field)
    if new_value == old_value:
        raise CorrectionError(_("the value is already {value}").format(value=new_value or "—"))
    correction = audit.append_correction(sha256=original.sha256, field=field, old_value=old_value,
                                         new_value=new_value, reason=reason, user=user, role=role)  # fmt: skip
    report = store.index_documents([apply_corrections(original, audit.corrections(original.sha256))])
    if report.errors:
        # Logged, not indexed: the pages read the corrected record anyway; the next reindex catches up.
        raise CorrectionError(_("recorded, but the store refused it: {reason}").format(reason=report.errors[0].reason))
    return correction


RecordCorrector = Callable[[DocumentRecord], DocumentRecord]


def _as_extracted(record: DocumentRecord) -> DocumentRecord:
    return record


def _web_database_here(home: Path) -> bool:
    """Whether people may have corrected anything here: a shared state database, or `web.sqlite`."""
    return bool(get_settings().state_url) or (home / WEB_DATABASE_FILE).exists()


def _audit_log(home: Path) -> AuditLog:
    try:
        return AuditLog.in_home(home)
    except (StateDatabaseError, ChainKeyError) as error:
        raise StoreError(f"cannot read the corrections of the web database: {error}") from None


def corrector_in_home(home: Path) -> RecordCorrector:
    """What ingest lays over each record it indexes: the document's corrections, read when it is
    indexed (one lookup by sha256), so a re-extraction keeps them; unchanged records without a web
    database here."""
    if not _web_database_here(home):
        return _as_extracted
    audit = _audit_log(home)

    def corrected(record: DocumentRecord) -> DocumentRecord:
        if not record.sha256:
            return record
        try:
            return apply_corrections(record, audit.corrections(record.sha256))
        except StateDatabaseError as error:
            raise StoreError(f"cannot read the corrections of the web database: {error}") from None

    return corrected


def _corrector_of(corrections: Iterable[Correction]) -> RecordCorrector:
    by_document: dict[str, list[Correction]] = {}
    for correction in corrections:
        by_document.setdefault(correction.sha256, []).append(correction)
    return lambda record: apply_corrections(record, by_document.get(record.sha256, []))


class CorrectedArchive(Archive):
    """The archive as the app shows it: every record read has people's corrections laid over it.
    For `kiemchung reindex` and the outbox (the corrections live in the web database, not in the
    archive's extraction records). Reads go through the archive given (whatever it overrides);
    writes are the plain archive's."""

    def __init__(self, archive: Archive, correct: RecordCorrector) -> None:
        super().__init__(archive.home, archive.blobs)
        self._archive = archive
        self.correct = correct

    @classmethod
    def in_home(cls, archive: Archive, home: Path) -> CorrectedArchive:
        """`archive` with every correction of the web database, read once (for a whole pass)."""
        if not _web_database_here(home):
            return cls(archive, _as_extracted)
        return cls(archive, _corrector_of(_audit_log(home).corrections()))

    def get_record(self, sha256: str, extractor_version: str | None = None) -> DocumentRecord | None:
        record = self._archive.get_record(sha256, extractor_version)
        return self.correct(record) if record is not None else None

    def iter_records(self, unit: str | None = None, year: int | None = None) -> Iterator[DocumentRecord]:
        for record in self._archive.iter_records():
            corrected = self.correct(record)
            if (unit is None or corrected.unit == unit) and (year is None or corrected.year == year):
                yield corrected
