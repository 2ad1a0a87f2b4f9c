"""Finished extraction records on disk, keyed by sha256 and extractor version.

A second `kiemchung extract` over unchanged files reads no page again. Writes are atomic
(temporary file + rename), so an interrupted run never leaves a half-written record.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from pydantic import ValidationError

from core.models import DocumentRecord


class DirectoryRecordCache:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, sha256: str, extractor_version: str) -> Path:
        return self.root / extractor_version / sha256[:2] / f"{sha256}.json"

    def get(self, sha256: str, extractor_version: str) -> DocumentRecord | None:
        path = self._path(sha256, extractor_version)
        try:
            return DocumentRecord.model_validate_json(path.read_bytes())
        except (OSError, ValidationError, ValueError):
            return None

    def put(self, record: DocumentRecord) -> None:
        path = self._path(record.sha256, record.extractor_version)
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(record.model_dump_json())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
