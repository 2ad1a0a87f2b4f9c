"""The real `kiemchung` command in a subprocess, on a home of one test, and the check that archive,
records and index agree — computed here, independently of `kiemchung verify --index`.

Extraction is the stub of tests/kiemchung/stores/stub_extractor.py (a ".pdf" there is JSON), so the
fault tests are about the archive, the outbox and the index, and stay cheap.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from kiemchung.archive import Archive
from kiemchung.settings import Settings
from kiemchung.stores import open_store
from kiemchung.stores.outbox import Outbox
from tests.kiemchung.stores import stub_extractor

REPO = Path(__file__).resolve().parents[2]
STUB_DIR = Path(stub_extractor.__file__).parent
STUB = "stub_extractor:extract_file"
# The exit code of ingest/reindex when everything is archived but the index still owes some of it
# (issue 15 item 2: it must differ from 0, "all indexed", and from 1, "something failed").
INDEX_PENDING_EXIT = 3


def write_documents(folder: Path, count: int, tag: str = "") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        text = f"Kế hoạch cải cách hành chính năm 2024 số {n}{tag}"
        path = folder / f"van-ban-{n:03d}{tag}.pdf"
        path.write_text(stub_extractor.document_json([text], [["1.1.1", 1, text]], "q3", 2024), encoding="utf-8")
        paths.append(path)
    return paths


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class Home:
    """One deployment: its home, and the Elasticsearch URL and prefix it indexes into (or SQLite)."""

    path: Path
    elasticsearch_url: str | None = None
    index_prefix: str = "kiemchung"
    extra_env: dict[str, str] = field(default_factory=dict)

    def env(self, **overrides: str) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if not key.startswith("KIEMCHUNG_")}
        env.update({
            "KIEMCHUNG_HOME": str(self.path),
            "KIEMCHUNG_ELASTICSEARCH_INDEX_PREFIX": self.index_prefix,
            "PYTHONPATH": os.pathsep.join([str(STUB_DIR), str(REPO)]),
            **self.extra_env,
        })  # fmt: skip
        if self.elasticsearch_url:
            env["KIEMCHUNG_ELASTICSEARCH_URL"] = self.elasticsearch_url
        env.update(overrides)
        return env

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "kiemchung.cli", *args]

    def run(self, *args: str, timeout: float = 300, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.command(*args), env=self.env(**env), cwd=self.path.parent, capture_output=True, text=True,
            timeout=timeout,
        )  # fmt: skip

    def ingest(self, folder: Path, timeout: float = 300, **env: str) -> subprocess.CompletedProcess[str]:
        return self.run("ingest", str(folder), "--json", "--extractor", STUB, timeout=timeout, **env)

    def settings(self) -> Settings:
        return Settings(home=self.path, elasticsearch_url=self.elasticsearch_url,
                        elasticsearch_index_prefix=self.index_prefix)  # fmt: skip

    def agreement(self) -> tuple[set[str], set[str], set[str], int]:
        """(archived originals, documents with a record, documents in the index, outbox entries)."""
        archive = Archive(self.path)
        originals = set(archive.iter_originals())
        records = {record.sha256 for record in archive.iter_records()}
        store = open_store(self.settings())
        try:
            indexed = store.indexed_sha256s()
            from kiemchung.stores.outbox import store_key

            queued = Outbox.in_home(self.path).count(store_key(store))
        finally:
            store.close()
        return originals, records, indexed, queued

    def assert_agree(self, files: list[Path]) -> None:
        """Every file archived once, each with its record, each indexed, nothing else, nothing owed."""
        expected = {sha256_of(path) for path in files}
        originals, records, indexed, queued = self.agreement()
        assert originals == expected, f"archive: {len(originals - expected)} extra, {len(expected - originals)} missing"
        assert records == expected, f"records: {len(records - expected)} extra, {len(expected - records)} missing"
        assert indexed == expected, f"index: {len(indexed - expected)} extra, {len(expected - indexed)} missing"
        assert queued == 0, f"{queued} entries still in the outbox"

    def assert_verified(self) -> None:
        """`kiemchung verify --index` finds archive, records and index in agreement (exit 0)."""
        checked = self.run("verify", "--index")
        assert checked.returncode == 0, (checked.stdout + checked.stderr)[-3000:]


def json_lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def assert_clean_stderr(stderr: str) -> None:
    """Problems in lines of their own: no traceback, no client logger noise."""
    assert "Traceback" not in stderr, stderr[-3000:]
    assert "elastic_transport" not in stderr, stderr[-3000:]
