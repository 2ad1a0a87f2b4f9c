"""The crawl state's contract, on the SQLite default and on a real PostgreSQL (tests/state_servers.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiemchung.settings import get_settings
from kiemchung.sources.state import CrawlState, LinkRecord, Validators
from kiemchung.statedb import StateDatabaseError


def doc(url: str, source: str = "snv") -> LinkRecord:
    return LinkRecord(url=url, source=source, kind="document", found_on="https://a/tin.html")


def test_only_never_seen_links_are_new(state_target: Path | str) -> None:
    with CrawlState(state_target) as state:
        assert [link.url for link in state.add_links([doc("https://a/1.pdf"), doc("https://a/2.pdf")])] == [
            "https://a/1.pdf",
            "https://a/2.pdf",
        ]
        assert [link.url for link in state.add_links([doc("https://a/2.pdf"), doc("https://a/3.pdf")])] == [
            "https://a/3.pdf"
        ]
        # Found in one second, visited in the order found.
        assert [link.url for link in state.links_to_visit("snv", "document")] == [
            "https://a/1.pdf",
            "https://a/2.pdf",
            "https://a/3.pdf",
        ]


def test_failures_stay_to_visit_until_done_and_survive_a_restart(state_target: Path | str) -> None:
    with CrawlState(state_target) as state:
        state.add_links([doc("https://a/1.pdf"), doc("https://a/2.pdf"), doc("https://b/x.pdf", source="other")])
        state.mark_failed("https://a/1.pdf", "failed", "HTTP 503")
        state.mark_done("https://a/2.pdf", validators=Validators(etag='"v1"'), sha256="ab" * 32)
    with CrawlState(state_target) as state:
        to_visit = state.links_to_visit("snv", "document")
        assert [(link.url, link.status, link.reason, link.attempts) for link in to_visit] == [
            ("https://a/1.pdf", "failed", "HTTP 503", 1)
        ]
        done = state.links_done("snv", "document")
        assert [(link.url, link.etag) for link in done] == [("https://a/2.pdf", '"v1"')]
        # A later success without a hash keeps the one known.
        state.mark_done("https://a/2.pdf", validators=Validators(etag='"v2"'))
        done = state.link("https://a/2.pdf")
        assert done is not None and done.last_attempt is not None
        assert done.model_copy(update={"last_attempt": None}) == doc("https://a/2.pdf").model_copy(
            update={"status": "done", "attempts": 2, "etag": '"v2"', "sha256": "ab" * 32}
        )
        assert state.sha256_seen("ab" * 32)
        assert not state.sha256_seen("cd" * 32)
        assert state.counts() == {"document:failed": 1, "document:done": 1, "document:pending": 1}


def test_page_validators_round_trip(state_target: Path | str) -> None:
    with CrawlState(state_target) as state:
        assert not state.page_validators("https://a/tin/")
        state.page_fetched("https://a/tin/", "snv", Validators(etag='"e"', last_modified="Tue, 14 Nov 2023"), "00")
        assert state.page_validators("https://a/tin/") == Validators(etag='"e"', last_modified="Tue, 14 Nov 2023")
        state.page_fetched("https://a/tin/", "snv", Validators(etag='"f"'), "01")
        assert state.page_validators("https://a/tin/") == Validators(etag='"f"')


def test_home_holds_the_state_unless_a_shared_database_is_named(
    tmp_path: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with CrawlState.in_home(tmp_path) as state:
        state.add_links([doc("https://a/1.pdf")])
    assert (tmp_path / "crawl.sqlite").is_file()
    monkeypatch.setenv("KIEMCHUNG_STATE_URL", postgres_url)
    assert get_settings().state_url == postgres_url
    with CrawlState.in_home(tmp_path / "elsewhere") as state:
        assert state.add_links([doc("https://a/1.pdf")]) != []  # a different store: not seen there
    assert not (tmp_path / "elsewhere").exists()
    with CrawlState(postgres_url) as state:
        assert state.link("https://a/1.pdf") is not None


def test_a_state_database_that_cannot_be_used_is_one_line_without_the_password() -> None:
    with pytest.raises(StateDatabaseError) as refused:
        CrawlState("postgresql+psycopg://kc:s3cret-pw@127.0.0.1:1/nothing")
    message = str(refused.value)
    assert "s3cret-pw" not in message and "\n" not in message and "127.0.0.1:1" in message
    with pytest.raises(StateDatabaseError, match="unsupported"):
        CrawlState("mysql://kc@127.0.0.1/x")


def test_a_replaced_version_is_superseded_unless_another_link_still_serves_it(state_target: Path | str) -> None:
    old, new, other = "a" * 64, "b" * 64, "c" * 64
    with CrawlState(state_target) as state:
        state.add_links([doc("https://a/1.pdf"), doc("https://a/copy.pdf"), doc("https://a/2.pdf")])
        state.mark_done("https://a/1.pdf", sha256=old)
        state.mark_done("https://a/copy.pdf", sha256=old)  # the same bytes published twice
        state.mark_done("https://a/2.pdf", sha256=other)
        state.mark_done("https://a/1.pdf", sha256=new)
        assert not state.supersede("https://a/1.pdf", old, new)  # still served at copy.pdf
        state.mark_done("https://a/2.pdf", sha256=new)
        assert state.supersede("https://a/2.pdf", other, new)
        assert state.superseded() == {other}
        state.mark_done("https://a/1.pdf", sha256=other)
        # Reverted: the old bytes are current again (and `new` is still served at 2.pdf).
        assert not state.supersede("https://a/1.pdf", new, other)
        assert state.superseded() == set()


def test_a_failed_link_waits_longer_after_each_attempt_and_is_given_up(state_target: Path | str) -> None:
    import datetime as dt

    with CrawlState(state_target) as state:
        state.add_links([doc("https://a/1.pdf")])
        state.mark_failed("https://a/1.pdf", "failed", "extraction failed")
        state.mark_failed("https://a/1.pdf", "failed", "extraction failed")
        link = state.link("https://a/1.pdf")
    assert link is not None and link.attempts == 2 and link.last_attempt is not None
    tried = dt.datetime.fromisoformat(link.last_attempt)
    assert not link.due(tried + dt.timedelta(seconds=15), 10, 100, attempts=5)  # second wait: 20 s
    assert link.due(tried + dt.timedelta(seconds=21), 10, 100, attempts=5)
    assert not link.due(tried + dt.timedelta(days=1), 10, 100, attempts=2)  # given up
    rejected = link.model_copy(update={"status": "rejected"})
    assert not rejected.due(tried + dt.timedelta(days=1), 10, 100, attempts=5)  # reported once
