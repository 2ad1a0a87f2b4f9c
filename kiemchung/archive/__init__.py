"""The archive: every original file once, by sha256, with its provenance and extraction records.

It is the system of record; search indices are derived from it. No search, no extraction here.
"""

from kiemchung.archive.archive import Archive, ArchiveError, sha256_of, version_sort_key
from kiemchung.archive.blobs import BlobStore, BlobStoreError, FilesystemBlobStore, default_blob_store
from kiemchung.archive.provenance import AddResult, Provenance, ProvenanceRecord, VerifyProblem

__all__ = [
    "AddResult",
    "Archive",
    "ArchiveError",
    "BlobStore",
    "BlobStoreError",
    "FilesystemBlobStore",
    "Provenance",
    "ProvenanceRecord",
    "VerifyProblem",
    "default_blob_store",
    "sha256_of",
    "version_sort_key",
]
