"""Do the archive, its extraction records and the index agree? (`kiemchung verify --index`, `repair`)

Every archived original should have an extraction record; every document with a record should be
in the index, unless a newer version at its URL superseded it (then it must not be) or the outbox
still owes it (the index was down: pending, not lost); nothing should be indexed that the archive
does not hold.
"""

from __future__ import annotations

from typing import Literal

from core.models import Model
from kiemchung.archive import Archive

Problem = Literal["no_record", "not_indexed", "index_pending", "superseded_indexed", "indexed_not_archived"]
DETAILS: dict[Problem, str] = {
    "no_record": "archived original without an extraction record (extraction failed or never ran: repair)",
    "not_indexed": "has a record but is not in the index (repair)",
    "index_pending": "queued in the outbox for the index (the next ingest, reindex or repair)",
    "superseded_indexed": "a superseded version is still in the index (repair)",
    "indexed_not_archived": "in the index but not in the archive",
}


class Disagreement(Model):
    sha256: str
    problem: Problem
    detail: str


def documents_with_records(archive: Archive) -> set[str]:
    """Listed from the key layout `extractions/ab/<sha256>/<version>.json`, no record read."""
    return {parts[2] for key in archive.blobs.keys("extractions/") if len(parts := key.split("/")) == 4}


def compare(archive: Archive, indexed: set[str], pending: set[str], superseded: set[str]) -> list[Disagreement]:
    originals = set(archive.iter_originals())
    recorded = documents_with_records(archive)
    found: list[tuple[str, Problem]] = [(sha, "no_record") for sha in originals - recorded]
    for sha in (recorded & originals) - superseded - indexed:
        found.append((sha, "index_pending" if sha in pending else "not_indexed"))
    found += [(sha, "superseded_indexed") for sha in indexed & superseded]
    found += [(sha, "indexed_not_archived") for sha in indexed - originals]
    return [Disagreement(sha256=sha, problem=problem, detail=DETAILS[problem]) for sha, problem in sorted(found)]
