"""Fixtures shared by every test folder. Elasticsearch: tests/es_fixtures.py."""

from tests.es_fixtures import elasticsearch_url, es_index_prefix  # noqa: F401
