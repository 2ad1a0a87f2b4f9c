"""After the pages are read: fields (NĐ30), signature, evidence tags — each stage pure and guarded.

A stage that fails records one line in `error` and leaves the rest of the record intact.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from extractors.signature import date_disagreement, read_signatures, summarize
from kiemchung.models import DocumentRecord


def _optional(module: str, name: str) -> Callable[..., Any] | None:
    try:
        return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return,unused-ignore]
    except (ImportError, AttributeError):
        return None


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


def flag_signature_disagreement(record: DocumentRecord, max_days: int) -> DocumentRecord:
    """Evidence whose document's issue date disagrees with its signing time is flagged for the appraiser."""
    if not date_disagreement(record.issue_date, record.signature.signed_at, max_days):
        return record
    evidence = [
        item.model_copy(update={"facts": {**item.facts, "signature_date_disagrees": True}}) for item in record.evidence
    ]
    return record.model_copy(update={"evidence": evidence})


def enrich(record: DocumentRecord, data: bytes, *, tag: bool = True, trust_roots: list[bytes] | None = None,
           signature_max_days: int = 30) -> DocumentRecord:
    parse_fields = _optional("extractors.fields", "parse_fields")
    if parse_fields is not None and record.pages:
        try:
            fields = parse_fields(record.pages, Path(record.file).name)
            record = record.model_copy(update={name: getattr(fields, name) for name in type(fields).model_fields})
        except Exception as error:
            record = _note_error(record, "field parsing", error)
    try:
        record = add_signature(record, data, trust_roots or [], signature_max_days)
    except Exception as error:
        record = _note_error(record, "signature check", error)
    tag_record = _optional("extractors.tagger", "tag_record")
    if tag and tag_record is not None and record.pages:
        try:
            record = flag_signature_disagreement(tag_record(record), signature_max_days)
        except Exception as error:
            record = _note_error(record, "tagging", error)
    return record
