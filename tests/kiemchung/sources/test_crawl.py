"""Incremental crawls of the fixture portal over real HTTP on 127.0.0.1, with a recording ingest."""

from __future__ import annotations

import hashlib
from pathlib import Path

from portal_site import ATTACHMENT_DIR, FEED_PATH, Article, PortalServer, sources_yaml

from core.models import DocumentRecord
from kiemchung.sources.config import parse_sources
from kiemchung.sources.crawl import CrawlReport, CrawlSession, IngestResult
from kiemchung.sources.crawlers import Arrival
from kiemchung.sources.state import CrawlState

NEW_ARTICLE = "hop-ban-chi-dao-cchc-6-thang-2023"
NEW_PDF = ATTACHMENT_DIR + "bc-cchc-6-thang-2023.pdf"


class RecordingIngest:
    def __init__(self) -> None:
        self.arrivals: list[Arrival] = []
        self.hashes: set[str] = set()
        self.fail_next = 0

    def __call__(self, arrival: Arrival) -> IngestResult:
        if self.fail_next:
            self.fail_next -= 1
            raise RuntimeError("index unavailable")
        self.arrivals.append(arrival)
        new = arrival.sha256 not in self.hashes
        self.hashes.add(arrival.sha256)
        return IngestResult(sha256=arrival.sha256, new=new)

    def files(self) -> list[str]:
        return sorted(arrival.file_name for arrival in self.arrivals)


def crawl(portal: PortalServer, home: Path, ingest: RecordingIngest, **yaml: str) -> CrawlReport:
    config = parse_sources(sources_yaml(portal, **yaml))
    with CrawlSession(config, home) as session:
        return session.run(ingest)


def attachment_requests(portal: PortalServer) -> list[str]:
    return sorted(path for path in portal.paths_requested() if path.startswith(ATTACHMENT_DIR))


def article_requests(portal: PortalServer) -> list[str]:
    return [path for path in portal.paths_requested() if path.endswith(".html")]


def test_first_crawl_brings_every_published_attachment(portal: PortalServer, tmp_path: Path) -> None:
    ingest = RecordingIngest()
    report = crawl(portal, tmp_path, ingest)
    expected = sorted(path.rsplit("/", 1)[1] for path in portal.site.attachment_paths())
    assert ingest.files() == expected
    counts = report.counts()
    assert (counts.found, counts.new, counts.skipped, counts.failed) == (len(expected), len(expected), 0, 0)
    arrival = next(a for a in ingest.arrivals if a.file_name == "4000qdsigned.pdf")
    assert arrival.body == portal.site.pdf(ATTACHMENT_DIR + "4000qdsigned.pdf")
    assert arrival.found_on == portal.listing_url + "phe-duyet-de-an-chi-so-cchc.html"
    assert arrival.kind == "pdf" and arrival.last_modified
    assert "/van-ban/huong-dan-su-dung.pdf" not in portal.paths_requested()  # sidebar, not an attachment
    assert not any(path.startswith("/admin/") for path in portal.paths_requested())


def test_a_newly_published_pdf_is_the_only_thing_fetched_next_time(portal: PortalServer, tmp_path: Path) -> None:
    first = RecordingIngest()
    crawl(portal, tmp_path, first)
    portal.clear_log()
    portal.site.publish(NEW_ARTICLE)

    second = RecordingIngest()
    report = crawl(portal, tmp_path, second)

    assert second.files() == ["bc-cchc-6-thang-2023.pdf"]
    assert attachment_requests(portal) == [NEW_PDF]
    assert article_requests(portal) == [portal.site.listing_path + NEW_ARTICLE + ".html"]
    assert report.counts().new == 1 and report.counts().failed == 0


def test_a_crawl_with_nothing_new_fetches_no_document_and_no_article(portal: PortalServer, tmp_path: Path) -> None:
    crawl(portal, tmp_path, RecordingIngest())
    portal.clear_log()
    again = RecordingIngest()
    report = crawl(portal, tmp_path, again)
    assert again.arrivals == []
    assert attachment_requests(portal) == []
    assert article_requests(portal) == []
    assert portal.paths_requested() == ["/robots.txt", portal.site.listing_path]  # answered 304
    assert report.discoveries[0].pages_unchanged == 1


def test_server_errors_and_timeouts_are_retried_and_nothing_is_lost(portal: PortalServer, tmp_path: Path) -> None:
    flaky, slow = ATTACHMENT_DIR + "kh-273-ubnd.pdf", ATTACHMENT_DIR + "4000qdsigned.pdf"
    portal.faults.fail_500[flaky] = 2
    portal.faults.stall[slow] = 1
    ingest = RecordingIngest()
    report = crawl(portal, tmp_path, ingest)
    assert ingest.files() == sorted(path.rsplit("/", 1)[1] for path in portal.site.attachment_paths())
    assert report.counts().failed == 0
    assert portal.hits(flaky) == 3 and portal.hits(slow) == 2


def test_a_document_down_for_the_whole_crawl_is_fetched_on_the_next(portal: PortalServer, tmp_path: Path) -> None:
    down = ATTACHMENT_DIR + "phu-luc-kh-273.pdf"
    portal.faults.fail_500[down] = 3  # the first attempt and both retries
    first = RecordingIngest()
    report = crawl(portal, tmp_path, first)
    failed = [item for item in report.items if item.outcome == "failed"]
    assert [item.url for item in failed] == [portal.base_url + down]
    assert failed[0].reason == "HTTP 500 Internal Server Error"
    assert "phu-luc-kh-273.pdf" not in first.files()

    portal.clear_log()
    second = RecordingIngest()
    crawl(portal, tmp_path, second)
    assert second.files() == ["phu-luc-kh-273.pdf"]
    assert attachment_requests(portal) == [down]
    assert article_requests(portal) == []  # the link was remembered; its article is not read again


def test_an_ingest_failure_keeps_the_document_for_the_next_crawl(portal: PortalServer, tmp_path: Path) -> None:
    first = RecordingIngest()
    first.fail_next = 1
    report = crawl(portal, tmp_path, first)
    assert [item.reason for item in report.items if item.outcome == "failed"] == ["ingest failed: index unavailable"]
    second = RecordingIngest()
    crawl(portal, tmp_path, second)
    assert len(second.files()) == 1


def test_html_served_as_pdf_is_reported_with_its_reason(portal: PortalServer, tmp_path: Path) -> None:
    broken = ATTACHMENT_DIR + "kh-cai-thien-chi-so-2020.pdf"
    portal.faults.html_instead.add(broken)
    ingest = RecordingIngest()
    report = crawl(portal, tmp_path, ingest)
    (item,) = [item for item in report.items if item.outcome == "rejected"]
    assert item.url == portal.base_url + broken
    assert "served an HTML page" in (item.reason or "")
    assert "kh-cai-thien-chi-so-2020.pdf" not in ingest.files()
    assert report.counts().failed == 1


def test_the_same_bytes_at_a_second_url_are_a_duplicate_not_new(portal: PortalServer, tmp_path: Path) -> None:
    ingest = RecordingIngest()
    crawl(portal, tmp_path, ingest)
    original = portal.site.articles[0]
    repost = Article(
        slug="dang-lai-quyet-dinh-4000",
        date="2024-01-05",
        title="Đăng lại: " + original.title,
        body=original.body,
        attachments=[dict(original.attachments[0], file="4000qd-ban-sao.pdf")],
        published=True,
    )
    portal.site.articles.append(repost)
    portal.site._pdfs[ATTACHMENT_DIR + "4000qd-ban-sao.pdf"] = portal.site.pdf(ATTACHMENT_DIR + "4000qdsigned.pdf")
    report = crawl(portal, tmp_path, ingest)
    assert [(item.file_name, item.outcome) for item in report.items] == [("4000qd-ban-sao.pdf", "duplicate")]
    assert report.counts().new == 0 and report.counts().skipped == 1


def test_robots_disallowed_attachment_is_skipped_without_a_request(portal: PortalServer, tmp_path: Path) -> None:
    article = portal.site.articles[0]
    article.attachments.append({"file": "../noi-bo/bao-cao-mat.pdf", "lines": ["MẬT"]})
    report = crawl(portal, tmp_path, RecordingIngest())
    refused = [item for item in report.items if item.outcome == "refused"]
    assert [item.reason for item in refused] == ["disallowed by robots.txt"]
    assert not any("noi-bo" in path for path in portal.paths_requested())
    assert report.counts().skipped == 1


def test_feed_source_reads_article_pages_for_attachments(portal: PortalServer, tmp_path: Path) -> None:
    config = parse_sources(
        sources_yaml(portal).split("sources:")[0]
        + f"sources:\n  - {{name: snv-rss, kind: feed, url: '{portal.base_url}{FEED_PATH}',"
        " attachment_links: {selector: 'div.attachments a'}}\n"
    )
    ingest = RecordingIngest()
    with CrawlSession(config, tmp_path) as session:
        session.run(ingest)
    assert ingest.files() == sorted(path.rsplit("/", 1)[1] for path in portal.site.attachment_paths())


def test_folder_source_takes_new_and_changed_files_only(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    (inbox / "2024").mkdir(parents=True)
    (inbox / "2024" / "kh-01.pdf").write_bytes(b"%PDF-1.4 plan one")
    (inbox / "ghi-chu.txt").write_text("not a document")
    (inbox / "scan.PDF").write_bytes(b"<html>not really</html>")
    config = parse_sources(f"sources:\n  - {{name: inbox, kind: folder, path: '{inbox}'}}\n")
    home = tmp_path / "home"

    def run() -> tuple[RecordingIngest, list[tuple[str | None, str]]]:
        ingest = RecordingIngest()
        with CrawlSession(config, home) as session:
            report = session.run(ingest)
        return ingest, sorted((item.file_name or item.url.rsplit("/", 1)[1], item.outcome) for item in report.items)

    first, outcomes = run()
    assert outcomes == [("kh-01.pdf", "new"), ("scan.PDF", "rejected")]
    assert first.arrivals[0].url == (inbox / "2024" / "kh-01.pdf").resolve().as_uri()
    second, outcomes = run()
    assert second.arrivals == [] and outcomes == []  # a rejected file is reported once, not every crawl
    (inbox / "2024" / "kh-01.pdf").write_bytes(b"%PDF-1.4 plan one, corrected")
    third, _ = run()
    assert [arrival.file_name for arrival in third.arrivals] == ["kh-01.pdf"]


def test_missing_folder_is_a_page_error_not_a_crash(tmp_path: Path) -> None:
    config = parse_sources(f"sources:\n  - {{name: share, kind: folder, path: '{tmp_path / 'unmounted'}'}}\n")
    with CrawlSession(config, tmp_path) as session:
        report = session.run(RecordingIngest())
    assert report.page_errors() == [f"{tmp_path / 'unmounted'}: not a folder (is the share mounted?)"]


def test_listing_down_is_reported_and_known_work_continues(portal: PortalServer, tmp_path: Path) -> None:
    down = ATTACHMENT_DIR + "phu-luc-kh-273.pdf"
    portal.faults.fail_500[down] = 3
    crawl(portal, tmp_path, RecordingIngest())
    portal.faults.fail_500[portal.site.listing_path] = 3
    ingest = RecordingIngest()
    report = crawl(portal, tmp_path, ingest)
    assert report.page_errors() == [f"{portal.listing_url}: HTTP 500 Internal Server Error"]
    assert ingest.files() == ["phu-luc-kh-273.pdf"]  # the earlier failure is retried all the same


class FailingExtraction(RecordingIngest):
    """Archives everything; extraction of `broken` fails while `broken` is set."""

    def __init__(self, broken: str | None) -> None:
        super().__init__()
        self.broken = broken

    def __call__(self, arrival: Arrival) -> IngestResult:
        result = super().__call__(arrival)
        if arrival.file_name == self.broken:
            return result.model_copy(update={"error": "extraction failed: worker died"})
        return result


def test_a_failed_extraction_leaves_the_link_failed_and_is_retried_with_back_off(
    portal: PortalServer, tmp_path: Path
) -> None:
    broken = "kh-273-ubnd.pdf"
    url = portal.base_url + ATTACHMENT_DIR + broken
    first = crawl(portal, tmp_path, FailingExtraction(broken))
    assert [(i.file_name, i.outcome, i.reason) for i in first.items if i.outcome == "failed"] == [
        (broken, "failed", "extraction failed: worker died")
    ]
    assert first.counts().exit_code == 1
    with CrawlState.in_home(tmp_path) as state:
        link = state.link(url)
    assert link is not None and (link.status, link.reason, link.attempts) == (
        "failed",
        "extraction failed: worker died",
        1,
    )
    assert link.sha256 is not None  # archived: what it was is known

    # An hour of back-off: the next crawl leaves it alone (and says nothing failed).
    waiting = crawl(portal, tmp_path, FailingExtraction(None), policy="  failed_retry_seconds: 3600")
    assert waiting.items == [] and waiting.counts().exit_code == 0

    again = crawl(portal, tmp_path, FailingExtraction(None))  # the wait is over (test policy: 0 s)
    assert [(i.file_name, i.outcome) for i in again.items] == [(broken, "new")]
    with CrawlState.in_home(tmp_path) as state:
        assert state.link(url).status == "done"  # type: ignore[union-attr]


def test_retries_of_a_failing_link_are_bounded(portal: PortalServer, tmp_path: Path) -> None:
    broken = "kh-273-ubnd.pdf"
    tries = [crawl(portal, tmp_path, FailingExtraction(broken), policy="  failed_attempts: 2") for _ in range(3)]
    failed = [[i.file_name for i in report.items if i.outcome == "failed"] for report in tries]
    assert failed == [[broken], [broken], []]  # given up after two attempts, reported each time it was tried


def test_a_refused_listing_makes_the_crawl_fail(portal: PortalServer, tmp_path: Path) -> None:
    config = parse_sources(sources_yaml(portal).replace('allow_addresses: ["127.0.0.1/32"]', "allow_addresses: []"))
    with CrawlSession(config, tmp_path) as session:
        report = session.run(RecordingIngest())
    assert report.items == [] and len(report.page_errors()) == 1
    assert report.counts().pages_failed == 1 and report.counts().exit_code == 1


def test_a_document_archived_while_the_index_is_down_is_done_but_pending(portal: PortalServer, tmp_path: Path) -> None:
    class IndexDown(RecordingIngest):
        def __call__(self, arrival: Arrival) -> IngestResult:
            return super().__call__(arrival).model_copy(update={"index_pending": "cannot reach Elasticsearch"})

    report = crawl(portal, tmp_path, IndexDown())
    counts = report.counts()
    assert counts.index_pending == counts.new > 0 and counts.failed == 0
    assert counts.exit_code == 3
    assert all(item.reason == "archived, not indexed: cannot reach Elasticsearch" for item in report.items)
    assert crawl(portal, tmp_path, RecordingIngest()).items == []  # archived: not fetched again


def test_a_changed_file_at_the_same_url_supersedes_the_old_version_in_the_index(
    portal: PortalServer, tmp_path: Path
) -> None:
    """The server replaces a PDF (without Last-Modified, so only the periodic re-check can tell):
    the new bytes are archived and indexed, the old version leaves the index, the archive keeps both."""
    from kiemchung.archive import Archive
    from kiemchung.sources.arrivals import ArrivalIngestor
    from kiemchung.stores.ingest import per_file
    from kiemchung.stores.sqlite_store import SqliteStore
    from tests.kiemchung.stores.corpus import PLAN

    def extract(path: Path) -> DocumentRecord:  # one page whose text is the bytes' size: no real PDF reading
        return PLAN.model_copy(update={"file": str(path), "sha256": "", "evidence": []})

    path = ATTACHMENT_DIR + "kh-273-ubnd.pdf"
    archive, store = Archive(tmp_path), SqliteStore(tmp_path / "index.sqlite")
    ingest = ArrivalIngestor(archive, store, extract=per_file(extract))
    try:
        crawl(portal, tmp_path, ingest)  # type: ignore[arg-type]
        old = hashlib.sha256(portal.site.pdf(path)).hexdigest()
        assert old in store.indexed_sha256s()
        portal.site.extra_files[path] = portal.site.pdf(path) + b"\n% corrected edition\n"
        new = hashlib.sha256(portal.site.extra_files[path]).hexdigest()

        report = crawl(portal, tmp_path, ingest, policy="  recheck_after_seconds: 0.001")  # type: ignore[arg-type]

        changed = [item for item in report.items if item.sha256 == new]
        assert [(item.file_name, item.outcome) for item in changed] == [("kh-273-ubnd.pdf", "new")]
        indexed = store.indexed_sha256s()
        assert new in indexed and old not in indexed
        assert archive.has_original(old) and archive.has_original(new)
        with CrawlState.in_home(tmp_path) as state:
            assert state.superseded() == {old}
            assert state.link(portal.base_url + path).sha256 == new  # type: ignore[union-attr]
        assert report.counts().exit_code == 0
    finally:
        store.close()
