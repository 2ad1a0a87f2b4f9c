from __future__ import annotations

import ipaddress
from collections.abc import Callable

import pytest

from kiemchung.sources.addresses import AddressGuard
from kiemchung.sources.errors import FetchRefused


def resolver_for(table: dict[str, list[str]]) -> Callable[[str, int], list[str]]:
    def resolve(host: str, port: int) -> list[str]:
        if host not in table:
            raise OSError(f"no such host {host}")
        return table[host]

    return resolve


PUBLIC = {"portal.gov.vn": ["203.113.131.1"]}


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("10.0.0.1", "private"),
        ("192.168.1.10", "private"),
        ("172.16.5.4", "private"),
        ("169.254.169.254", "link-local"),
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("fe80::1", "link-local"),
        ("::ffff:10.0.0.1", "private"),
        ("100.64.0.1", "non-public"),
        ("0.0.0.0", "unspecified"),
    ],
)
def test_non_public_addresses_are_refused_with_their_kind(address: str, kind: str) -> None:
    guard = AddressGuard({"internal.portal.gov.vn"}, resolver=resolver_for({"internal.portal.gov.vn": [address]}))
    with pytest.raises(FetchRefused) as raised:
        guard.check_url("https://internal.portal.gov.vn/a.pdf")
    assert f"{kind} address" in raised.value.reason
    assert str(ipaddress.ip_address(address)) in raised.value.reason


def test_literal_private_address_in_url_is_refused_without_resolving() -> None:
    def no_dns(host: str, port: int) -> list[str]:
        raise AssertionError("a literal address needs no DNS")

    guard = AddressGuard({"10.0.0.1"}, resolver=no_dns)
    with pytest.raises(FetchRefused, match=r"private address 10\.0\.0\.1"):
        guard.check_url("http://10.0.0.1/latest/meta-data/")


def test_one_private_record_among_public_ones_refuses_the_host() -> None:
    guard = AddressGuard({"mixed.gov.vn"}, resolver=resolver_for({"mixed.gov.vn": ["203.113.131.1", "10.1.2.3"]}))
    with pytest.raises(FetchRefused, match=r"10\.1\.2\.3"):
        guard.check_url("https://mixed.gov.vn/")


def test_public_host_on_the_allow_list_passes() -> None:
    guard = AddressGuard({"portal.gov.vn"}, resolver=resolver_for(PUBLIC))
    assert guard.check_url("https://PORTAL.gov.vn./van-ban/a.pdf") == [ipaddress.ip_address("203.113.131.1")]


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://other.gov.vn/a.pdf", "not in the allow-list"),
        ("file:///etc/passwd", "scheme 'file'"),
        ("ftp://portal.gov.vn/a.pdf", "scheme 'ftp'"),
        ("https://user:pw@portal.gov.vn/", "credentials"),
        ("https://portal.gov.vn:99999/", "invalid port"),
    ],
)
def test_urls_outside_the_policy_are_refused(url: str, reason: str) -> None:
    guard = AddressGuard({"portal.gov.vn"}, resolver=resolver_for(PUBLIC))
    with pytest.raises(FetchRefused) as raised:
        guard.check_url(url)
    assert reason in raised.value.reason


def test_explicitly_allowed_network_lets_loopback_through() -> None:
    guard = AddressGuard({"127.0.0.1"}, [ipaddress.ip_network("127.0.0.1/32")])
    assert guard.check_url("http://127.0.0.1:8080/") == [ipaddress.ip_address("127.0.0.1")]
    other = AddressGuard({"127.0.0.2"}, [ipaddress.ip_network("127.0.0.1/32")])
    with pytest.raises(FetchRefused, match="loopback"):
        other.check_url("http://127.0.0.2:8080/")


def test_unresolvable_host_is_refused_in_one_line() -> None:
    guard = AddressGuard({"gone.gov.vn"}, resolver=resolver_for({}))
    with pytest.raises(FetchRefused) as raised:
        guard.check_url("https://gone.gov.vn/")
    assert "cannot resolve" in str(raised.value)
    assert "\n" not in str(raised.value)
