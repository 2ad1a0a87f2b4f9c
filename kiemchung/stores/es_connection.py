"""How the Elasticsearch store reaches its cluster: hosts, credentials, TLS, timeouts, retries, shards.

`KIEMCHUNG_ELASTICSEARCH_URL` holds one URL or a comma-separated list of them (every node the
client may talk to: losing one, even the first, leaves the others). The official client retries a
request on the next node when a node refuses connections or times out (`max_retries`,
`retry_on_timeout`) and on 429/502/503/504; a failed node is left alone for a back-off that
doubles with each failure (`dead_node_backoff_factor`, up to `max_dead_node_backoff` seconds).
Sniffing (asking the cluster for its nodes) is off by default: behind a proxy, in Docker or on
another network the addresses nodes publish are often not the ones a client can reach.

Every request has `request_timeout`. A timed-out request is retried on *another* node only: with
one host, a frozen node (SIGSTOP, a full GC) would be asked again and again, so one timeout is
reported as it happens, and the longest a call can take is `request_timeout` × (`max_retries` + 1)
with several hosts, `request_timeout` with one.

Pure logic: parsing the settings into client arguments sends no request.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, SecretStr

from kiemchung.stores.base import StoreError

if TYPE_CHECKING:
    from kiemchung.settings import Settings

URL_SETTING = "KIEMCHUNG_ELASTICSEARCH_URL"


class ElasticsearchConnection(BaseModel):
    model_config = ConfigDict(frozen=True)

    hosts: tuple[str, ...]
    api_key: SecretStr | None = None
    username: str | None = None
    password: SecretStr | None = None
    ca_certs: Path | None = None
    verify_certs: bool = True
    request_timeout: float = 60.0
    max_retries: int = 3
    retry_on_timeout: bool = True
    sniff: bool = False
    dead_node_backoff: float = 1.0
    max_dead_node_backoff: float = 30.0
    shards: int = 1
    replicas: int | None = None  # None: 0 on one node, 1 as soon as a second node joins

    @classmethod
    def from_url(cls, url: str, **options: Any) -> ElasticsearchConnection:
        connection = cls(hosts=tuple(parse_hosts(url)), **options)
        connection.check()
        return connection

    @classmethod
    def from_settings(cls, settings: Settings) -> ElasticsearchConnection:
        if not settings.elasticsearch_url:
            raise StoreError(f"{URL_SETTING} is not set")
        return cls.from_url(
            settings.elasticsearch_url,
            api_key=settings.elasticsearch_api_key,
            username=settings.elasticsearch_username,
            password=settings.elasticsearch_password,
            ca_certs=settings.elasticsearch_ca_certs,
            verify_certs=settings.elasticsearch_verify_certs,
            request_timeout=settings.elasticsearch_request_timeout,
            max_retries=settings.elasticsearch_max_retries,
            retry_on_timeout=settings.elasticsearch_retry_on_timeout,
            sniff=settings.elasticsearch_sniff,
            shards=settings.elasticsearch_shards,
            replicas=settings.elasticsearch_replicas,
        )

    def check(self) -> None:
        """One-line errors for settings that cannot work, before any request."""
        if self.api_key is not None and (self.username is not None or self.password is not None):
            raise StoreError("give Elasticsearch an API key or a user name and password, not both")
        if (self.username is None) != (self.password is None):
            raise StoreError("Elasticsearch basic authentication needs both a user name and a password")
        if self.ca_certs is not None and not self.ca_certs.is_file():
            raise StoreError(f"the Elasticsearch CA certificate file does not exist: {self.ca_certs}")
        if self.request_timeout <= 0:
            raise StoreError(f"the Elasticsearch request timeout must be positive, not {self.request_timeout}")
        if self.max_retries < 0:
            raise StoreError(f"the Elasticsearch retry count cannot be negative: {self.max_retries}")
        if self.shards < 1:
            raise StoreError(f"an index needs at least one shard, not {self.shards}")
        if self.replicas is not None and self.replicas < 0:
            raise StoreError(f"the replica count cannot be negative: {self.replicas}")

    @property
    def description(self) -> str:
        """The hosts, for messages (credentials never appear: URLs with them are refused)."""
        return ",".join(self.hosts)

    def client_arguments(self) -> dict[str, Any]:
        """Keyword arguments of `elasticsearch.Elasticsearch` for this connection."""
        arguments: dict[str, Any] = {
            "hosts": list(self.hosts),
            "request_timeout": self.request_timeout,
            "max_retries": self.max_retries,
            "retry_on_timeout": self.retry_on_timeout and len(self.hosts) > 1,
            "dead_node_backoff_factor": self.dead_node_backoff,
            "max_dead_node_backoff": self.max_dead_node_backoff,
            "sniff_on_start": self.sniff,
            "sniff_on_node_failure": self.sniff,
        }
        if self.api_key is not None:
            arguments["api_key"] = self.api_key.get_secret_value()
        if self.username is not None and self.password is not None:
            arguments["basic_auth"] = (self.username, self.password.get_secret_value())
        if any(host.startswith("https://") for host in self.hosts):
            arguments["verify_certs"] = self.verify_certs
            if self.ca_certs is not None:
                arguments["ca_certs"] = str(self.ca_certs)
            if not self.verify_certs:
                arguments["ssl_show_warn"] = False
        return arguments

    def index_settings(self) -> dict[str, Any]:
        """Shard and replica counts, as the index templates apply them."""
        if self.replicas is None:
            return {"number_of_shards": self.shards, "auto_expand_replicas": "0-1"}
        return {"number_of_shards": self.shards, "number_of_replicas": self.replicas, "auto_expand_replicas": False}


def parse_hosts(text: str) -> list[str]:
    """ "http://a:9200, https://b:9200" → the URLs; a bad one is a one-line StoreError naming it."""
    hosts = [part.strip() for part in text.split(",") if part.strip()]
    if not hosts:
        raise StoreError(f"{URL_SETTING} names no Elasticsearch URL: {text!r}")
    for host in hosts:
        problem = _url_problem(host)
        if problem:
            raise StoreError(f"not an Elasticsearch URL in {URL_SETTING}: {host!r} ({problem})")
    if len(set(hosts)) != len(hosts):
        raise StoreError(f"{URL_SETTING} names the same URL twice: {text!r}")
    return hosts


def _url_problem(url: str) -> str | None:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        return str(error)
    if parts.scheme not in ("http", "https"):
        return "it starts with http:// or https://"
    if not parts.hostname:
        return "no host name"
    if parts.username is not None or parts.password is not None:
        return "credentials go in KIEMCHUNG_ELASTICSEARCH_API_KEY or _USERNAME/_PASSWORD, not in the URL"
    if port is None and parts.netloc.endswith(":"):
        return "an empty port"
    if parts.query or parts.fragment:
        return "no query or fragment"
    return None
