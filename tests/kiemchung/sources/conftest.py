"""A real fixture portal on 127.0.0.1 for the crawler tests (tests/fixtures/portal)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[2] / "fixtures" / "portal"))

from portal_site import PortalServer, PortalSite


@pytest.fixture
def portal() -> Iterator[PortalServer]:
    with PortalServer(PortalSite()) as server:
        yield server
