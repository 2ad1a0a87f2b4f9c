"""Fixtures shared by every test folder. Elasticsearch: tests/es_fixtures.py; PostgreSQL and S3:
tests/state_servers.py."""

from tests.es_fixtures import elasticsearch_url, es_index_prefix  # noqa: F401
from tests.state_servers import (  # noqa: F401
    blob_store,
    postgres_server,
    postgres_url,
    s3_endpoint,
    servers_env,
    state_target,
)
