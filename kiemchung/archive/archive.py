"""The archive: the system of record. Originals by sha256, their provenance, their extraction results.

Layout of the keys (filesystem: under `KIEMCHUNG_HOME/archive/`; S3: in the bucket of `KIEMCHUNG_ARCHIVE_URL`):

    objects/ab/cdef…                         the original bytes, named by sha256 ("ab" + "cdef…")
    provenance/ab/abcdef…/<source id>.json   one record per (original, source path or URL)
    extractions/ab/abcdef…/<version>.json    the DocumentRecord made by that extractor version

Objects are write-once; the search index is derived from `iter_records` and can be rebuilt at will.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

from core.models import DocumentRecord
from kiemchung.archive.blobs import BlobStore, default_blob_store
from kiemchung.archive.provenance import AddResult, Provenance, ProvenanceRecord, VerifyProblem

_SHA256 = re.compile(r"[0-9a-f]{64}")
_UNSAFE_VERSION_CHARS = re.compile(r"[^A-Za-z0-9._+-]")
_HASH_CHUNK = 1 << 20


class ArchiveError(Exception):
    pass


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def version_sort_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """Natural order: "2026.11.23-10" comes after "2026.11.23-9"."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.findall(r"\d+|\D+", version))


def _check_sha(sha256: str) -> str:
    if not _SHA256.fullmatch(sha256):
        raise ArchiveError(f"not a sha256 hex digest: {sha256!r}")
    return sha256


def _object_key(sha256: str) -> str:
    return f"objects/{sha256[:2]}/{sha256[2:]}"


def _provenance_prefix(sha256: str) -> str:
    return f"provenance/{sha256[:2]}/{sha256}/"


def _extraction_prefix(sha256: str) -> str:
    return f"extractions/{sha256[:2]}/{sha256}/"


def _version_file_name(version: str) -> str:
    if not version:
        raise ArchiveError("an extraction record needs an extractor version")
    return _UNSAFE_VERSION_CHARS.sub("_", version) + ".json"


class Archive:
    """Content-addressed originals with provenance and extraction records beside them."""

    def __init__(self, home: Path, blobs: BlobStore | None = None) -> None:
        self.home = home
        # Unless given one: the bucket of KIEMCHUNG_ARCHIVE_URL, else the folder HOME/archive.
        self.blobs: BlobStore = blobs if blobs is not None else default_blob_store(home)

    # --- originals -------------------------------------------------------------------------------
    def add_bytes(self, data: bytes, provenance: Provenance) -> AddResult:
        """Archive `data` (a no-op if the bytes are already there) and record where it came from."""
        sha256 = sha256_of(data)
        new_original = self.blobs.put(_object_key(sha256), data)
        record = ProvenanceRecord(**provenance.model_dump(), sha256=sha256, size=len(data))
        source_id = hashlib.sha256(provenance.source.encode("utf-8")).hexdigest()[:20]
        new_source = self.blobs.put(
            f"{_provenance_prefix(sha256)}{source_id}.json", record.model_dump_json(indent=1).encode("utf-8")
        )
        return AddResult(sha256=sha256, size=len(data), new_original=new_original, new_source=new_source)

    def add_file(self, path: Path, *, flow_run_id: str | None = None) -> AddResult:
        try:
            data = path.read_bytes()
        except OSError as error:
            raise ArchiveError(f"cannot read {path}: {error.strerror or error}") from error
        return self.add_bytes(data, Provenance(source=str(path.resolve()), kind="file", flow_run_id=flow_run_id))

    def has_original(self, sha256: str) -> bool:
        return self.blobs.exists(_object_key(_check_sha(sha256)))

    def read_original(self, sha256: str) -> bytes:
        key = _object_key(_check_sha(sha256))
        if not self.blobs.exists(key):
            raise ArchiveError(f"no original {sha256} in the archive")
        return self.blobs.get(key)

    def original_path(self, sha256: str) -> Path | None:
        """The original as a local file, when the backend keeps one (the filesystem does)."""
        path = self.blobs.local_path(_object_key(_check_sha(sha256)))
        return path if path is not None and path.is_file() else None

    def provenance(self, sha256: str) -> list[ProvenanceRecord]:
        records = [
            ProvenanceRecord.model_validate_json(self.blobs.get(key))
            for key in self.blobs.keys(_provenance_prefix(_check_sha(sha256)))
        ]
        return sorted(records, key=lambda record: (record.fetched_at, record.source))

    def iter_originals(self) -> Iterator[str]:
        for key in self.blobs.keys("objects/"):
            _, shard, rest = key.split("/", 2)
            if _SHA256.fullmatch(shard + rest):
                yield shard + rest

    # --- extraction records ----------------------------------------------------------------------
    def put_record(self, record: DocumentRecord) -> None:
        """Store an extraction result under its document and `record.extractor_version` (replacing one)."""
        sha256 = _check_sha(record.sha256)
        key = _extraction_prefix(sha256) + _version_file_name(record.extractor_version)
        self.blobs.put(key, record.model_dump_json().encode("utf-8"), overwrite=True)

    def has_record(self, sha256: str, extractor_version: str) -> bool:
        key = _extraction_prefix(_check_sha(sha256)) + _version_file_name(extractor_version)
        return self.blobs.exists(key)

    def record_versions(self, sha256: str) -> list[str]:
        versions = [
            self._load(key).extractor_version for key in self.blobs.keys(_extraction_prefix(_check_sha(sha256)))
        ]
        return sorted(versions, key=version_sort_key)

    def get_record(self, sha256: str, extractor_version: str | None = None) -> DocumentRecord | None:
        """The record of that extractor version, or of the latest version when none is given."""
        prefix = _extraction_prefix(_check_sha(sha256))
        if extractor_version is not None:
            key = prefix + _version_file_name(extractor_version)
            return self._load(key) if self.blobs.exists(key) else None
        records = [self._load(key) for key in self.blobs.keys(prefix)]
        return max(records, key=lambda r: version_sort_key(r.extractor_version), default=None)

    def iter_records(self, unit: str | None = None, year: int | None = None) -> Iterator[DocumentRecord]:
        """Every archived document's latest extraction record, optionally of one unit and/or year."""
        keys_by_document: dict[str, list[str]] = defaultdict(list)
        for key in self.blobs.keys("extractions/"):
            keys_by_document[key.split("/")[2]].append(key)
        for sha256 in sorted(keys_by_document):
            records = [self._load(key) for key in keys_by_document[sha256]]
            record = max(records, key=lambda r: version_sort_key(r.extractor_version))
            if unit is not None and record.unit != unit:
                continue
            if year is not None and record.year != year:
                continue
            yield record

    def _load(self, key: str) -> DocumentRecord:
        return DocumentRecord.model_validate_json(self.blobs.get(key))

    # --- integrity -------------------------------------------------------------------------------
    def verify(self, progress: Callable[[str], None] | None = None) -> list[VerifyProblem]:
        """Re-hash every original; report any whose bytes no longer match its name, or that are gone."""
        problems: list[VerifyProblem] = []
        originals = set()
        for sha256 in self.iter_originals():
            originals.add(sha256)
            try:
                actual = self._hash_object(_object_key(sha256))
            except OSError as error:
                problems.append(VerifyProblem(sha256=sha256, problem="unreadable", detail=str(error)))
            else:
                if actual != sha256:
                    problems.append(
                        VerifyProblem(sha256=sha256, problem="hash_mismatch", detail=f"the bytes hash to {actual}")
                    )
            if progress is not None:
                progress(sha256)
        described = {key.split("/")[2] for prefix in ("extractions/", "provenance/") for key in self.blobs.keys(prefix)}
        for sha256 in sorted(described - originals):
            problems.append(
                VerifyProblem(
                    sha256=sha256,
                    problem="missing_original",
                    detail="provenance or an extraction record exists but the original is gone",
                )
            )
        return problems

    def _hash_object(self, key: str) -> str:
        path = self.blobs.local_path(key)
        if path is None:
            return sha256_of(self.blobs.get(key))
        digest = hashlib.sha256()
        with path.open("rb") as original:
            while chunk := original.read(_HASH_CHUNK):
                digest.update(chunk)
        return digest.hexdigest()
