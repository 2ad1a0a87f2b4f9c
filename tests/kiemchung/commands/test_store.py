"""`kiemchung ingest | search | verify | reindex` through the real CLI, on both stores.

Extraction is the stub of tests/kiemchung/stores/stub_extractor.py (a ".pdf" there is JSON), named
with the hidden `--extractor` option, so these tests are about the archive and the store.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from kiemchung.archive import Archive
from kiemchung.cli import app
from kiemchung.settings import Settings
from kiemchung.stores import EvidenceStore, open_store
from tests.kiemchung.stores import stub_extractor

STUB = "tests.kiemchung.stores.stub_extractor:extract_file"
STUB_DIR = Path(stub_extractor.__file__).parent
REPO = Path(__file__).resolve().parents[3]


@dataclass
class Deployment:
    """Where the CLI of one test keeps its archive and index."""

    home: Path
    elasticsearch_url: str | None = None
    index_prefix: str = "kiemchung"

    @property
    def env(self) -> dict[str, str | None]:
        return {
            "KIEMCHUNG_HOME": str(self.home),
            "KIEMCHUNG_ELASTICSEARCH_URL": self.elasticsearch_url,
            "KIEMCHUNG_ELASTICSEARCH_INDEX_PREFIX": self.index_prefix,
        }

    def run(self, *args: str, extra_env: dict[str, str] | None = None) -> Result:
        return CliRunner().invoke(app, list(args), env={**self.env, **(extra_env or {})})

    def store(self) -> EvidenceStore:
        return open_store(Settings(home=self.home, elasticsearch_url=self.elasticsearch_url,
                                   elasticsearch_index_prefix=self.index_prefix))  # fmt: skip


@pytest.fixture(params=["sqlite", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)])
def deployment(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Deployment]:
    if request.param == "sqlite":
        yield Deployment(home=tmp_path / "home")
    else:
        yield Deployment(
            home=tmp_path / "home",
            elasticsearch_url=request.getfixturevalue("elasticsearch_url"),
            index_prefix=request.getfixturevalue("es_index_prefix"),
        )


def write_documents(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        unit, year = ("q1", 2023) if n % 3 == 0 else ("q3", 2024)
        first = f"Kế hoạch cải cách hành chính năm {year} của đơn vị {n}"
        second = f"Báo cáo kết quả tuyên truyền số {n}"
        found = [["1.1.1", 1, first], ["1.4", 2, second]]
        path = folder / f"van-ban-{n:03d}.pdf"
        path.write_text(stub_extractor.document_json([first, second], found, unit, year), encoding="utf-8")
        paths.append(path)
    return paths


def json_lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_ingest_then_search(tmp_path: Path, deployment: Deployment) -> None:
    write_documents(tmp_path / "in", 6)

    ingested = deployment.run("ingest", str(tmp_path / "in"), "--json", "--extractor", STUB)
    searched = deployment.run("search", "cai cach hanh chinh", "--criterion", "1.1", "--year", "2024", "--json")

    assert ingested.exit_code == 0, ingested.output
    assert [line["status"] for line in json_lines(ingested.stdout)] == ["extracted"] * 6
    assert searched.exit_code == 0, searched.output
    result = json.loads(searched.stdout)
    assert result["total"] == 4  # documents 1, 2, 4, 5 are of 2024
    assert {hit["criterion"] for hit in result["hits"]} == {"1.1.1"}
    assert all(hit["page"] == 1 and "<mark>cải</mark>" in hit["snippet"] for hit in result["hits"])
    assert {b["value"]: b["count"] for b in result["facets"]["unit"]} == {"q3": 4}


def test_search_prints_highlighted_snippets_with_page_numbers(tmp_path: Path) -> None:
    deployment = Deployment(home=tmp_path / "home")
    write_documents(tmp_path / "in", 2)
    deployment.run("ingest", str(tmp_path / "in"), "--extractor", STUB)

    result = deployment.run("search", "tuyen truyen", "--criterion", "1")

    assert result.exit_code == 0, result.output
    assert "2 evidence found" in result.stdout
    assert "page 2 · criterion 1.4 · rule stub" in result.stdout
    assert "Báo cáo kết quả tuyên truyền số 0" in result.stdout
    assert "<mark>" not in result.stdout
    assert "criterion: 1.4 (2)" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--criterion", "1.a"], "criterion"),
        (["--size", "1000"], "size"),
        (["--target", "everything"], "target"),
    ],
)
def test_search_refuses_a_bad_query_in_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    result = Deployment(home=tmp_path / "home").run("search", "x", *args)

    assert result.exit_code == 2
    assert result.stderr.startswith("kiemchung search: ") and message in result.stderr
    assert result.stderr.count("\n") == 1


def test_ingest_of_a_missing_path_is_one_line(tmp_path: Path) -> None:
    result = Deployment(home=tmp_path / "home").run("ingest", str(tmp_path / "nowhere"))

    assert result.exit_code == 2
    assert result.stderr == f"kiemchung ingest: no such file or folder: {tmp_path / 'nowhere'}\n"


def test_verify_rehashes_every_original(tmp_path: Path) -> None:
    deployment = Deployment(home=tmp_path / "home")
    write_documents(tmp_path / "in", 3)
    deployment.run("ingest", str(tmp_path / "in"), "--extractor", STUB)
    intact = deployment.run("verify")
    archive = Archive(deployment.home)
    victim = sorted(archive.iter_originals())[0]
    path = archive.original_path(victim)
    assert path is not None
    path.write_bytes(path.read_bytes() + b" tampered")

    damaged = deployment.run("verify", "--json")

    assert intact.exit_code == 0 and "3 originals checked, 0 problems" in intact.stderr
    assert damaged.exit_code == 1
    assert [(p["sha256"], p["problem"]) for p in json_lines(damaged.stdout)] == [(victim, "hash_mismatch")]


def test_reindex_from_the_archive_reproduces_identical_search_results(tmp_path: Path, deployment: Deployment) -> None:
    write_documents(tmp_path / "in", 9)
    assert deployment.run("ingest", str(tmp_path / "in"), "--extractor", STUB).exit_code == 0
    searches = [
        ["search", "cải cách", "--json", "--size", "100"],
        ["search", "tuyen truyen", "--criterion", "1", "--json", "--size", "100"],
        ["search", "--criterion", "1.1", "--unit", "q1", "--json"],
        ["search", "--target", "documents", "--sort", "oldest", "--json"],
        ["search", "--year", "2024", "--target", "pages", "--page", "2", "--size", "3", "--json"],
    ]

    def results() -> list[dict[str, object]]:
        outputs = [deployment.run(*args) for args in searches]
        assert all(output.exit_code == 0 for output in outputs), [o.output for o in outputs]
        return [json.loads(output.stdout) for output in outputs]

    before = results()
    reindexed = deployment.run("reindex", "--json")
    after = results()

    assert reindexed.exit_code == 0, reindexed.output
    assert json.loads(reindexed.stdout)["documents"] == 9
    # 9 documents, 2 pages each; 3 of unit q1 (2023), 6 of q3 (2024)
    assert [r["total"] for r in before] == [9, 9, 3, 9, 12]
    assert after == before


def test_a_killed_ingest_resumes_without_duplicates_or_losses(tmp_path: Path, deployment: Deployment) -> None:
    count = 24
    paths = write_documents(tmp_path / "in", count)
    env = {key: value for key, value in os.environ.items() if not key.startswith("KIEMCHUNG_")}
    env.update({k: v for k, v in deployment.env.items() if v is not None})
    env.update({
        "PYTHONPATH": os.pathsep.join([str(STUB_DIR), str(REPO)]),
        "KIEMCHUNG_STUB_DELAY": "0.25",
        "KIEMCHUNG_STUB_LOG": str(tmp_path / "first-run.log"),
    })  # fmt: skip
    command = [sys.executable, "-m", "kiemchung.cli", "ingest", str(tmp_path / "in"), "--json",
               "--extractor", "stub_extractor:extract_file"]  # fmt: skip
    process = subprocess.Popen(command, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)  # fmt: skip
    assert process.stdout is not None
    extracted_before_kill = 0
    try:
        for line in process.stdout:
            extracted_before_kill += json.loads(line)["status"] == "extracted"
            if extracted_before_kill == 7:
                process.kill()  # SIGKILL: no cleanup runs
                break
    finally:
        process.kill()
        process.wait(timeout=60)
    assert extracted_before_kill == 7, process.stderr.read() if process.stderr else ""
    archived_before = {r.sha256 for r in Archive(deployment.home).iter_records()}
    assert 7 <= len(archived_before) < count

    second = deployment.run("ingest", str(tmp_path / "in"), "--json", "--extractor", STUB,
                            extra_env={"KIEMCHUNG_STUB_LOG": str(tmp_path / "second-run.log")})  # fmt: skip

    assert second.exit_code == 0, second.output
    outcomes = json_lines(second.stdout)
    assert sorted(str(o["status"]) for o in outcomes) == sorted(
        ["unchanged"] * len(archived_before) + ["extracted"] * (count - len(archived_before))
    )
    re_extracted = (tmp_path / "second-run.log").read_text().splitlines()
    assert len(re_extracted) == count - len(archived_before)  # no archived document is extracted again
    store = deployment.store()
    try:
        counts = store.counts()
        assert (counts.documents, counts.pages, counts.evidence) == (count, 2 * count, 2 * count)
        assert store.indexed_sha256s() == {o["sha256"] for o in outcomes}
    finally:
        store.close()
    archive = Archive(deployment.home)
    assert len(set(archive.iter_originals())) == count == len(list(archive.iter_records()))
    assert {o["file"] for o in outcomes} == {str(path) for path in paths}
