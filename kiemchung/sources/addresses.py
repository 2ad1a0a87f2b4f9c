"""Where a fetch may go: allowed hosts only, and public addresses only unless a network is allowed.

The check resolves the host and judges *every* address it resolves to, so a name that points one of
its records at 10.x or 169.254.169.254 is refused as a whole. `GuardedNetworkBackend` runs the same
check at connect time and connects only to an address it has just judged, so a DNS answer that
changes between the check and the connection (rebinding) cannot slip through.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx

from kiemchung.sources.errors import FetchRefused

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], list[str]]


def system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def describe_address(address: IPAddress) -> str:
    """What kind of non-public address this is, for the refusal message."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return describe_address(address.ipv4_mapped)
    for kind, flag in (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("reserved", address.is_reserved),
        ("private", address.is_private),
    ):
        if flag:
            return kind
    return "non-public" if not address.is_global else "public"


class AddressGuard:
    def __init__(
        self,
        allowed_hosts: Iterable[str],
        allowed_networks: Iterable[IPNetwork] = (),
        resolver: Resolver = system_resolver,
    ) -> None:
        self.allowed_hosts = frozenset(host.lower().rstrip(".") for host in allowed_hosts)
        self.allowed_networks = tuple(allowed_networks)
        self.resolver = resolver

    def check_url(self, url: str) -> list[IPAddress]:
        """Raise `FetchRefused` unless `url` is http(s) on an allowed host with acceptable addresses."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise FetchRefused(url, f"scheme {parts.scheme or '(none)'!r} is not http or https")
        host = (parts.hostname or "").lower().rstrip(".")
        if not host:
            raise FetchRefused(url, "no host in URL")
        if parts.username or parts.password:
            raise FetchRefused(url, "credentials in URLs are not followed")
        if host not in self.allowed_hosts:
            raise FetchRefused(url, f"host {host!r} is not in the allow-list of the sources file")
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            raise FetchRefused(url, "invalid port") from None
        return self.check_host(host, port, url=url)

    def check_host(self, host: str, port: int, *, url: str | None = None) -> list[IPAddress]:
        where = url or f"{host}:{port}"
        try:
            literal: IPAddress | None = ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            literal = None
        if literal is not None:
            addresses = [literal]
        else:
            try:
                addresses = [ipaddress.ip_address(a.split("%", 1)[0]) for a in self.resolver(host, port)]
            except (OSError, UnicodeError) as error:
                raise FetchRefused(where, f"cannot resolve host {host!r}: {error}") from None
            if not addresses:
                raise FetchRefused(where, f"host {host!r} resolves to no address")
        for address in addresses:
            self._check_address(address, host=host, where=where)
        return addresses

    def _check_address(self, address: IPAddress, *, host: str, where: str) -> None:
        judged: IPAddress = address
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            judged = address.ipv4_mapped
        if any(judged in network for network in self.allowed_networks):
            return
        if judged.is_global and not judged.is_multicast:
            return
        via = "" if str(address) == host else f" ({host} resolves to {address})"
        kind = describe_address(judged)
        raise FetchRefused(where, f"refused {kind} address {address}{via}: not allowed by the fetch policy")


class GuardedNetworkBackend(httpcore.NetworkBackend):
    """httpcore's sync backend, connecting only to addresses the guard has just accepted."""

    def __init__(self, guard: AddressGuard) -> None:
        self.guard = guard
        self.inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self.guard.check_host(host, port)
        last_error: Exception | None = None
        for address in addresses:
            try:
                return self.inner.connect_tcp(str(address), port, timeout, local_address, socket_options)
            except httpcore.ConnectError as error:
                last_error = error
        assert last_error is not None
        raise last_error

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not used by the crawler")

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


def guarded_transport(guard: AddressGuard, *, max_connections: int = 20) -> httpx.HTTPTransport:
    """An httpx transport whose connections pass through `GuardedNetworkBackend` (no env proxies)."""
    transport = httpx.HTTPTransport(trust_env=False, retries=0)
    # httpx has no public hook for the network backend; the pool is the documented httpcore object.
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(),
        max_connections=max_connections,
        max_keepalive_connections=max_connections,
        keepalive_expiry=5.0,
        network_backend=GuardedNetworkBackend(guard),
    )
    return transport
