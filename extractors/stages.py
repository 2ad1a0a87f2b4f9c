"""After the pages are read: fields (NĐ30), signature, evidence tags — each stage pure and guarded."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiemchung.models import DocumentRecord


def _optional(module: str, name: str) -> Callable[..., Any] | None:
    try:
        return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return,unused-ignore]
    except (ImportError, AttributeError):
        return None


def _note_error(record: DocumentRecord, stage: str, error: Exception) -> DocumentRecord:
    message = f"{stage} failed: {type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
    return record.model_copy(update={"error": record.error or message})


def enrich(record: DocumentRecord, data: bytes, *, tag: bool = True) -> DocumentRecord:
    parse_fields = _optional("extractors.fields", "parse_fields")
    if parse_fields is not None and record.pages:
        try:
            fields = parse_fields(record.pages, Path(record.file).name)
            record = record.model_copy(update={name: getattr(fields, name) for name in type(fields).model_fields})
        except Exception as error:
            record = _note_error(record, "field parsing", error)
    read_signatures = _optional("extractors.signature", "read_signatures")
    summarize = _optional("extractors.signature", "summarize")
    if read_signatures is not None and summarize is not None:
        try:
            record = record.model_copy(update={"signature": summarize(read_signatures(data))})
        except Exception as error:
            record = _note_error(record, "signature check", error)
    tag_record = _optional("extractors.tagger", "tag_record")
    if tag and tag_record is not None and record.pages:
        try:
            record = tag_record(record)
        except Exception as error:
            record = _note_error(record, "tagging", error)
    return record
