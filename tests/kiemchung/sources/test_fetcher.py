"""The fetcher against a real HTTP server on 127.0.0.1 (the fixture portal)."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from portal_site import PortalServer, sources_yaml

from kiemchung.sources.addresses import system_resolver
from kiemchung.sources.config import parse_sources
from kiemchung.sources.errors import FetchRefused, FetchRejected, FetchUnavailable
from kiemchung.sources.fetcher import FetchedResource, Fetcher, NotModified
from kiemchung.sources.state import Validators

PDF = "/Documents/4000qdsigned.pdf"


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Every TCP connection the process opens, by address: proof that refused targets are never dialled."""
    opened: list[tuple[str, int]] = []
    real = socket.create_connection

    def spy(address: tuple[str, int], *args: object, **kwargs: object) -> socket.socket:
        opened.append((address[0], address[1]))
        return real(address, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "create_connection", spy)
    return opened


def make_fetcher(portal: PortalServer, policy: str = "", **kwargs: object) -> Fetcher:
    config = parse_sources(sources_yaml(portal, policy=policy))
    return Fetcher(config.policy, config.allowed_hosts(), **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def fetcher(portal: PortalServer) -> Iterator[Fetcher]:
    with make_fetcher(portal) as fetcher:
        yield fetcher


def test_a_pdf_arrives_with_its_hash_and_validators(portal: PortalServer, fetcher: Fetcher) -> None:
    answer = fetcher.fetch_document(portal.base_url + PDF)
    assert isinstance(answer, FetchedResource)
    assert answer.kind == "pdf"
    assert answer.body == portal.site.pdf(PDF)
    assert answer.last_modified
    again = fetcher.fetch_document(portal.base_url + PDF, answer.validators)
    assert isinstance(again, NotModified)


def test_server_errors_are_retried_and_the_document_still_arrives(portal: PortalServer, fetcher: Fetcher) -> None:
    portal.faults.fail_500[PDF] = 2
    answer = fetcher.fetch_document(portal.base_url + PDF)
    assert isinstance(answer, FetchedResource) and answer.kind == "pdf"
    assert portal.hits(PDF) == 3


def test_a_stalled_answer_times_out_and_is_retried(portal: PortalServer, fetcher: Fetcher) -> None:
    portal.faults.stall[PDF] = 1
    answer = fetcher.fetch_document(portal.base_url + PDF)
    assert isinstance(answer, FetchedResource) and answer.kind == "pdf"
    assert portal.hits(PDF) == 2


def test_retries_are_bounded_and_the_failure_is_transient(portal: PortalServer, fetcher: Fetcher) -> None:
    portal.faults.fail_500[PDF] = 10
    with pytest.raises(FetchUnavailable, match="HTTP 500"):
        fetcher.fetch_document(portal.base_url + PDF)
    assert portal.hits(PDF) == 3  # retries: 2 in the test policy


def test_html_error_page_served_as_pdf_is_rejected_with_a_reason(portal: PortalServer, fetcher: Fetcher) -> None:
    portal.faults.html_instead.add(PDF)
    with pytest.raises(FetchRejected) as raised:
        fetcher.fetch_document(portal.base_url + PDF)
    assert "served an HTML page (Content-Type application/pdf)" in raised.value.reason
    assert "\n" not in str(raised.value)
    assert portal.hits(PDF) == 1  # a rejection is not retried


def test_missing_attachment_404_is_rejected_not_retried(portal: PortalServer, fetcher: Fetcher) -> None:
    with pytest.raises(FetchRejected, match="HTTP 404"):
        fetcher.fetch_document(portal.base_url + "/Documents/khong-co.pdf")
    assert portal.hits("/Documents/khong-co.pdf") == 1


@pytest.mark.parametrize("target", ["http://10.0.0.1/latest/meta-data/", "http://169.254.169.254/latest/meta-data/"])
def test_redirect_to_a_private_address_is_refused_before_connecting(
    portal: PortalServer, connections: list[tuple[str, int]], target: str
) -> None:
    private_host = target.split("/")[2]
    portal.faults.redirects[PDF] = target
    with (
        make_fetcher(portal, policy=f"  extra_hosts: ['{private_host}']") as fetcher,
        pytest.raises(FetchRefused) as raised,
    ):
        fetcher.fetch_document(portal.base_url + PDF)
    assert f"address {private_host}" in raised.value.reason
    assert raised.value.url == target
    assert {address for address, _port in connections} == {"127.0.0.1"}


def test_redirect_to_a_name_that_resolves_privately_is_refused(
    portal: PortalServer, connections: list[tuple[str, int]]
) -> None:
    def resolver(host: str, port: int) -> list[str]:
        return ["169.254.169.254"] if host == "files.portal.test" else system_resolver(host, port)

    portal.faults.redirects[PDF] = "http://files.portal.test/4000qdsigned.pdf"
    fetcher = make_fetcher(portal, policy="  extra_hosts: [files.portal.test]", resolver=resolver)
    with fetcher, pytest.raises(FetchRefused, match=r"link-local address 169\.254\.169\.254"):
        fetcher.fetch_document(portal.base_url + PDF)
    assert {address for address, _port in connections} == {"127.0.0.1"}


def test_redirect_off_the_allow_list_is_refused(portal: PortalServer, fetcher: Fetcher) -> None:
    portal.faults.redirects[PDF] = "https://evil.example/x.pdf"
    with pytest.raises(FetchRefused, match=r"'evil\.example' is not in the allow-list"):
        fetcher.fetch_document(portal.base_url + PDF)


def test_redirects_within_the_portal_are_followed_and_recorded(portal: PortalServer, fetcher: Fetcher) -> None:
    portal.faults.redirects["/tai-ve/4000"] = PDF
    answer = fetcher.fetch_document(portal.base_url + "/tai-ve/4000")
    assert isinstance(answer, FetchedResource)
    assert answer.final_url == portal.base_url + PDF
    assert answer.redirects == (portal.base_url + PDF,)


def test_redirect_loops_end(portal: PortalServer, fetcher: Fetcher) -> None:
    portal.faults.redirects["/a"] = "/b"
    portal.faults.redirects["/b"] = "/a"
    with pytest.raises(FetchRejected, match="more than 5 redirects"):
        fetcher.fetch_document(portal.base_url + "/a")


def test_robots_disallow_is_respected_without_asking_for_the_file(portal: PortalServer, fetcher: Fetcher) -> None:
    portal.site.extra_files["/noi-bo/bao-cao-mat.pdf"] = portal.site.pdf(PDF)
    with pytest.raises(FetchRefused, match=r"robots\.txt"):
        fetcher.fetch_document(portal.base_url + "/noi-bo/bao-cao-mat.pdf")
    assert portal.hits("/noi-bo/bao-cao-mat.pdf") == 0
    assert portal.hits("/robots.txt") == 1
    fetcher.fetch_document(portal.base_url + PDF)
    assert portal.hits("/robots.txt") == 1  # read once per origin


def test_size_limit_is_enforced_while_streaming(portal: PortalServer) -> None:
    with (
        make_fetcher(portal, policy="  max_bytes: 1000") as fetcher,
        pytest.raises(FetchRejected, match="over the 1,000-byte limit"),
    ):
        fetcher.fetch_document(portal.base_url + PDF)


def test_conditional_listing_request_answers_not_modified(portal: PortalServer, fetcher: Fetcher) -> None:
    first = fetcher.fetch_page(portal.listing_url)
    assert isinstance(first, FetchedResource) and first.etag
    assert isinstance(fetcher.fetch_page(portal.listing_url, first.validators), NotModified)
    portal.site.publish("hop-ban-chi-dao-cchc-6-thang-2023")
    changed = fetcher.fetch_page(portal.listing_url, Validators(etag=first.etag))
    assert isinstance(changed, FetchedResource) and changed.etag != first.etag
