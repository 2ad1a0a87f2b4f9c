"""Settings → Elasticsearch client arguments (pure logic: no request is sent)."""

from __future__ import annotations

from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from kiemchung.settings import Settings
from kiemchung.stores.base import StoreError
from kiemchung.stores.es_connection import ElasticsearchConnection, parse_hosts


def test_a_comma_separated_list_gives_every_host_in_order() -> None:
    assert parse_hosts(" http://127.0.0.1:9201,http://127.0.0.1:9202 , https://es3.internal:9200/,") == [
        "http://127.0.0.1:9201", "http://127.0.0.1:9202", "https://es3.internal:9200/"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("http://127.0.0.1:9201,127.0.0.1:9202", "127.0.0.1:9202"),
        ("http://127.0.0.1:9201,ftp://es:9200", "ftp://es:9200"),
        ("http://127.0.0.1:92o1", "http://127.0.0.1:92o1"),
        ("http://127.0.0.1:99999", "http://127.0.0.1:99999"),
        ("http://", "http://"),
        ("http://elastic:secret@es:9200", "http://elastic:secret@es:9200"),
    ],
)
def test_a_bad_url_in_the_list_is_a_one_line_error_naming_it(text: str, named: str) -> None:
    with pytest.raises(StoreError) as caught:
        parse_hosts(text)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("not an Elasticsearch URL in KIEMCHUNG_ELASTICSEARCH_URL: ")
    assert repr(named) in message


def test_an_empty_list_and_a_repeated_host_are_refused() -> None:
    with pytest.raises(StoreError, match="names no Elasticsearch URL"):
        parse_hosts(" , ")
    with pytest.raises(StoreError, match="the same URL twice"):
        parse_hosts("http://a:9200,http://a:9200")


def test_settings_become_client_arguments_with_retries_and_no_sniffing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIEMCHUNG_ELASTICSEARCH_URL", "http://127.0.0.1:9201,http://127.0.0.1:9202")
    monkeypatch.setenv("KIEMCHUNG_ELASTICSEARCH_API_KEY", "a2V5OnNlY3JldA==")
    monkeypatch.setenv("KIEMCHUNG_ELASTICSEARCH_REQUEST_TIMEOUT", "15")
    monkeypatch.setenv("KIEMCHUNG_ELASTICSEARCH_MAX_RETRIES", "5")

    arguments = ElasticsearchConnection.from_settings(Settings()).client_arguments()

    assert arguments["hosts"] == ["http://127.0.0.1:9201", "http://127.0.0.1:9202"]
    assert arguments["api_key"] == "a2V5OnNlY3JldA=="
    assert "basic_auth" not in arguments
    assert arguments["request_timeout"] == 15.0
    assert arguments["max_retries"] == 5
    assert arguments["retry_on_timeout"] is True
    assert arguments["sniff_on_start"] is False and arguments["sniff_on_node_failure"] is False
    assert "verify_certs" not in arguments  # plain http: TLS options mean nothing


def test_basic_auth_and_tls_options_reach_the_client(tmp_path: Path) -> None:
    ca = tmp_path / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n", encoding="utf-8")
    settings = Settings(
        elasticsearch_url="https://es1:9200,https://es2:9200",
        elasticsearch_username="kiemchung",
        elasticsearch_password="mật khẩu",
        elasticsearch_ca_certs=ca,
    )

    arguments = ElasticsearchConnection.from_settings(settings).client_arguments()

    assert arguments["basic_auth"] == ("kiemchung", "mật khẩu")
    assert arguments["ca_certs"] == str(ca)
    assert arguments["verify_certs"] is True
    assert "mật khẩu" not in repr(ElasticsearchConnection.from_settings(settings))


def test_verification_can_be_turned_off_for_a_self_signed_test_cluster() -> None:
    settings = Settings(elasticsearch_url="https://es1:9200", elasticsearch_verify_certs=False)
    arguments = ElasticsearchConnection.from_settings(settings).client_arguments()
    assert arguments["verify_certs"] is False
    assert "ca_certs" not in arguments


def test_the_arguments_build_a_client_over_every_host() -> None:
    connection = ElasticsearchConnection.from_url("http://127.0.0.1:9201,http://127.0.0.1:9202,http://127.0.0.1:9203")
    client = Elasticsearch(**connection.client_arguments())
    try:
        assert sorted(node.base_url for node in client.transport.node_pool.all()) == [
            "http://127.0.0.1:9201", "http://127.0.0.1:9202", "http://127.0.0.1:9203"
        ]  # fmt: skip
    finally:
        client.close()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"api_key": "k", "username": "u", "password": "p"}, "not both"),
        ({"username": "u"}, "needs both a user name and a password"),
        ({"ca_certs": Path("/nonexistent/ca.pem")}, "CA certificate file does not exist: /nonexistent/ca.pem"),
        ({"shards": 0}, "at least one shard"),
        ({"replicas": -1}, "replica count cannot be negative"),
        ({"request_timeout": 0}, "timeout must be positive"),
    ],
)
def test_settings_that_cannot_work_are_refused_before_any_request(options: dict[str, object], message: str) -> None:
    with pytest.raises(StoreError, match=message):
        ElasticsearchConnection.from_url("http://127.0.0.1:9200", **options)


def test_shards_and_replicas_from_settings_go_into_the_index_settings() -> None:
    fixed = ElasticsearchConnection.from_settings(
        Settings(elasticsearch_url="http://es:9200", elasticsearch_shards=3, elasticsearch_replicas=1)
    )
    assert fixed.index_settings() == {"number_of_shards": 3, "number_of_replicas": 1, "auto_expand_replicas": False}
    default = ElasticsearchConnection.from_settings(Settings(elasticsearch_url="http://es:9200"))
    assert default.index_settings() == {"number_of_shards": 1, "auto_expand_replicas": "0-1"}


def test_no_url_is_an_error_not_a_local_default() -> None:
    with pytest.raises(StoreError, match="KIEMCHUNG_ELASTICSEARCH_URL is not set"):
        ElasticsearchConnection.from_settings(Settings(elasticsearch_url=None))
