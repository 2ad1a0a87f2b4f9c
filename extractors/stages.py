"""After the pages are read: fields (NĐ30), signature, evidence tags — each stage pure and guarded.

A stage that fails records one line in `error` and leaves the rest of the record intact.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from core.models import DocumentRecord
from extractors.dates import vietnam_date
from extractors.fields import parse_fields
from extractors.signature import date_disagreement, read_signatures, summarize
from extractors.stamps import find_signature_stamp
from extractors.tagger import tag_record


def _note_error(record: DocumentRecord, stage: str, error: Exception) -> DocumentRecord:
    detail = str(error).splitlines()[0] if str(error) else ""
    message = f"{stage} failed: {type(error).__name__}: {detail}"
    return record.model_copy(update={"error": record.error or message})


def add_signature(record: DocumentRecord, data: bytes, trust_roots: list[bytes], max_days: int) -> DocumentRecord:
    """The PDF signature's status, signer and time; a signing time far from the issue date needs review."""
    signature = summarize(read_signatures(data, trust_roots))
    update: dict[str, Any] = {"signature": signature}
    if date_disagreement(record.issue_date, signature.signed_at, max_days) and "issue_date" not in record.needs_review:
        update["needs_review"] = [*record.needs_review, "issue_date"]
    return record.model_copy(update=update)


def fill_issue_date_from_signing(record: DocumentRecord) -> DocumentRecord:
    """An issue date the page does not give plainly (handwritten day) is filled from the signing
    time — the signature stamp printed on the page, else the PDF signature — when it agrees with the
    typed month. The date stays in `needs_review` and `field_sources` says where it came from."""
    if record.issue_date is not None or "issue_date" not in record.needs_review:
        return record
    candidates: list[tuple[str, dt.datetime]] = []
    _, stamped_at = find_signature_stamp(record.pages)
    if stamped_at is not None:
        candidates.append(("signing time printed by the digital-signature stamp", stamped_at))
    signature = record.signature
    if signature.signed_at is not None and signature.status in ("valid", "untrusted"):
        candidates.append((f"signing time of the PDF signature ({signature.status})", signature.signed_at))
    for source, moment in candidates:
        day = vietnam_date(moment)
        if record.issue_month is not None and record.issue_month != f"{day.year:04d}-{day.month:02d}":
            continue  # the typed month says otherwise: the document was signed at another time
        return record.model_copy(
            update={
                "issue_date": day,
                "field_sources": {**record.field_sources, "issue_date": f"{source}: {moment.isoformat()}"},
            }
        )
    return record


def flag_signature_disagreement(record: DocumentRecord, max_days: int) -> DocumentRecord:
    """Evidence whose document's issue date disagrees with its signing time is flagged for the appraiser."""
    if not date_disagreement(record.issue_date, record.signature.signed_at, max_days):
        return record
    evidence = [
        item.model_copy(update={"facts": {**item.facts, "signature_date_disagrees": True}}) for item in record.evidence
    ]
    return record.model_copy(update={"evidence": evidence})


SecondLook = Callable[[DocumentRecord], DocumentRecord]


def enrich(
    record: DocumentRecord,
    data: bytes,
    *,
    tag: bool = True,
    trust_roots: list[bytes] | None = None,
    signature_max_days: int = 30,
    second_looks: Sequence[SecondLook] = (),
) -> DocumentRecord:
    """`second_looks` go back to the page image for fields the first reading left unsure (handwritten
    digits, the subject's marks); they run before tagging so that the evidence quotes what they found."""
    if record.pages:
        try:
            fields = parse_fields(record.pages, Path(record.file).name)
            record = record.model_copy(update={name: getattr(fields, name) for name in type(fields).model_fields})
        except Exception as error:
            record = _note_error(record, "field parsing", error)
    try:
        record = add_signature(record, data, trust_roots or [], signature_max_days)
    except Exception as error:
        record = _note_error(record, "signature check", error)
    record = fill_issue_date_from_signing(record)
    for look in second_looks:
        try:
            record = look(record)
        except Exception as error:
            record = _note_error(record, "second reading", error)
    if tag and record.pages:
        try:
            record = flag_signature_disagreement(tag_record(record), signature_max_days)
        except Exception as error:
            record = _note_error(record, "tagging", error)
    return record
