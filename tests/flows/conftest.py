"""Real Prefect for the flow tests: one PREFECT_HOME and one ephemeral API per test session."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before Prefect reads its settings: a private home per session, no telemetry, a patient startup.
os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="kiemchung-prefect-")
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ["DO_NOT_TRACK"] = "1"
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
os.environ.setdefault("PREFECT_LOGGING_TO_API_BATCH_INTERVAL", "0.3")

sys.path.insert(0, str(Path(__file__).parents[1] / "fixtures" / "portal"))
sys.path.insert(0, str(Path(__file__).parent))

from portal_site import PortalServer, PortalSite
from prefect.testing.utilities import prefect_test_harness
from prefect_processes import prefect_server as start_prefect_server


@pytest.fixture(scope="session")
def prefect_api() -> Iterator[None]:
    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One real `prefect server start` on 127.0.0.1 for the whole session; yields its API URL."""
    with start_prefect_server(tmp_path_factory.mktemp("prefect-server")) as api:
        yield api


@pytest.fixture
def portal() -> Iterator[PortalServer]:
    with PortalServer(PortalSite()) as server:
        yield server
