"""Run a reindex and kill -9 this very process once `chunks` chunks are written and checkpointed.

    python -m tests.kiemchung.stores.reindex_until_killed HOME URL PREFIX CHUNKS CHUNK_SIZE

Used by test_es_reindex.py: the kill comes at a known point, from outside Python's control (no
`finally`, no cleanup); the worker processes, left orphaned, are killed with the process group.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from kiemchung.archive import Archive
from kiemchung.stores.elasticsearch_store import ElasticsearchStore
from kiemchung.stores.es_reindex import reindex_archive


def main(home: str, url: str, prefix: str, chunks: str, chunk_size: str) -> None:
    written: list[list[str]] = []

    def die_after(chunk: list[str]) -> None:
        written.append(chunk)
        if len(written) == int(chunks):
            os.kill(os.getpid(), signal.SIGKILL)

    store = ElasticsearchStore(url, index_prefix=prefix)
    reindex_archive(Archive(Path(home)), store, Path(home), workers=2, chunk_size=int(chunk_size), on_chunk=die_after)
    sys.exit("the reindex finished before it was killed")


if __name__ == "__main__":
    main(*sys.argv[1:])
