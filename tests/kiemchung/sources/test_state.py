from __future__ import annotations

from pathlib import Path

from kiemchung.sources.state import CrawlState, LinkRecord, Validators


def doc(url: str, source: str = "snv") -> LinkRecord:
    return LinkRecord(url=url, source=source, kind="document", found_on="https://a/tin.html")


def test_only_never_seen_links_are_new(tmp_path: Path) -> None:
    with CrawlState.in_home(tmp_path) as state:
        assert [link.url for link in state.add_links([doc("https://a/1.pdf"), doc("https://a/2.pdf")])] == [
            "https://a/1.pdf",
            "https://a/2.pdf",
        ]
        assert [link.url for link in state.add_links([doc("https://a/2.pdf"), doc("https://a/3.pdf")])] == [
            "https://a/3.pdf"
        ]


def test_failures_stay_to_visit_until_done_and_survive_a_restart(tmp_path: Path) -> None:
    with CrawlState.in_home(tmp_path) as state:
        state.add_links([doc("https://a/1.pdf"), doc("https://a/2.pdf"), doc("https://b/x.pdf", source="other")])
        state.mark_failed("https://a/1.pdf", "failed", "HTTP 503")
        state.mark_done("https://a/2.pdf", validators=Validators(etag='"v1"'), sha256="ab" * 32)
    assert (tmp_path / "crawl.sqlite").is_file()
    with CrawlState.in_home(tmp_path) as state:
        to_visit = state.links_to_visit("snv", "document")
        assert [(link.url, link.status, link.reason, link.attempts) for link in to_visit] == [
            ("https://a/1.pdf", "failed", "HTTP 503", 1)
        ]
        done = state.links_done("snv", "document")
        assert [(link.url, link.etag) for link in done] == [("https://a/2.pdf", '"v1"')]
        assert state.sha256_seen("ab" * 32)
        assert not state.sha256_seen("cd" * 32)
        assert state.counts() == {"document:failed": 1, "document:done": 1, "document:pending": 1}


def test_page_validators_round_trip(tmp_path: Path) -> None:
    with CrawlState.in_home(tmp_path) as state:
        assert not state.page_validators("https://a/tin/")
        state.page_fetched("https://a/tin/", "snv", Validators(etag='"e"', last_modified="Tue, 14 Nov 2023"), "00")
        assert state.page_validators("https://a/tin/") == Validators(etag='"e"', last_modified="Tue, 14 Nov 2023")
