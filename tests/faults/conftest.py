"""The fault tests' own Elasticsearch node (they freeze and stop it): tests/faults/es_node.py."""

from tests.faults.es_node import own_node  # noqa: F401
