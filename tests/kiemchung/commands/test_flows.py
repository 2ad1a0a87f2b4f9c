"""`kiemchung crawl` against the fixture portal on 127.0.0.1: exactly the new documents are ingested."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[2] / "fixtures" / "portal"))

from portal_site import ATTACHMENT_DIR, PortalServer, PortalSite, sources_yaml

KIEMCHUNG = Path(sys.executable).with_name("kiemchung")


@pytest.fixture
def portal() -> Iterator[PortalServer]:
    with PortalServer(PortalSite()) as server:
        yield server


def run_crawl(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("KIEMCHUNG_")}
    env["KIEMCHUNG_HOME"] = str(home)
    return subprocess.run(
        [str(KIEMCHUNG), "crawl", *args], env=env, capture_output=True, text=True, timeout=600, check=False
    )


def test_crawl_twice_ingests_exactly_the_new_documents(portal: PortalServer, tmp_path: Path) -> None:
    sources = tmp_path / "sources.yaml"
    sources.write_text(sources_yaml(portal), encoding="utf-8")
    home = tmp_path / "home"

    first = run_crawl(home, "--sources", str(sources), "--json")
    assert first.returncode == 0, first.stderr
    items = [json.loads(line) for line in first.stdout.splitlines()]
    assert sorted(item["file_name"] for item in items) == sorted(
        path.rsplit("/", 1)[1] for path in portal.site.attachment_paths()
    )
    assert {item["outcome"] for item in items} == {"new"}
    assert "4 new" in first.stderr

    portal.site.publish("hop-ban-chi-dao-cchc-6-thang-2023")
    portal.clear_log()
    second = run_crawl(home, "--sources", str(sources), "--json")
    assert second.returncode == 0, second.stderr
    assert [(item["file_name"], item["outcome"]) for item in map(json.loads, second.stdout.splitlines())] == [
        ("bc-cchc-6-thang-2023.pdf", "new")
    ]
    assert [p for p in portal.paths_requested() if p.startswith(ATTACHMENT_DIR)] == [
        ATTACHMENT_DIR + "bc-cchc-6-thang-2023.pdf"
    ]


def test_failures_set_the_exit_code_and_name_the_reason(portal: PortalServer, tmp_path: Path) -> None:
    portal.faults.html_instead.add(ATTACHMENT_DIR + "4000qdsigned.pdf")
    sources = tmp_path / "sources.yaml"
    sources.write_text(sources_yaml(portal), encoding="utf-8")
    result = run_crawl(tmp_path / "home", "--sources", str(sources))
    assert result.returncode == 1
    assert "rejected 4000qdsigned.pdf: served an HTML page" in " ".join(result.stderr.split())


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "cannot read"), ("sources: [", "not valid YAML")],
)
def test_a_bad_sources_file_is_one_line_and_exit_2(tmp_path: Path, content: str | None, message: str) -> None:
    sources = tmp_path / "sources.yaml"
    if content is not None:
        sources.write_text(content, encoding="utf-8")
    result = run_crawl(tmp_path / "home", "--sources", str(sources))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert "Traceback" not in result.stderr
