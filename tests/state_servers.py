"""Real PostgreSQL and S3-compatible (SeaweedFS) servers for the shared-state contract tests.

Started once per test session by scripts/state-servers on free ports of 127.0.0.1 and stopped at
the end; each test gets its own database or bucket. `KIEMCHUNG_TEST_POSTGRES_URL` /
`KIEMCHUNG_TEST_S3_URL` point the tests at servers already running instead. A server that cannot be
had fails the tests under CI and skips them elsewhere (tests/components.py).

The fixtures are registered for every test in tests/conftest.py.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from kiemchung.archive import BlobStore, FilesystemBlobStore
from kiemchung.archive.s3 import S3BlobStore
from tests.components import component_unavailable

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "state-servers"
S3_ACCESS_KEY = "kiemchung-test"
S3_SECRET_KEY = "kiemchung-test-secret"
# One bucket per session (created by the first write), a prefix per test: every bucket costs the
# server several volumes.
S3_TEST_BUCKET = "kiemchung-tests"


def _start(what: str, env: dict[str, str], timeout: float) -> str:
    try:
        started = subprocess.run([str(SCRIPT), what], env=env, capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as error:
        component_unavailable(f"could not run {SCRIPT} {what}: {error}")
    if started.returncode != 0:
        component_unavailable(f"{SCRIPT.name} {what} failed: {started.stderr.strip()[-2000:]}")
    return started.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="session")
def servers_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    env = {
        **os.environ,
        "KIEMCHUNG_SERVERS_STATE": str(tmp_path_factory.mktemp("state-servers")),
        "KIEMCHUNG_S3_ACCESS_KEY": S3_ACCESS_KEY,
        "KIEMCHUNG_S3_SECRET_KEY": S3_SECRET_KEY,
    }
    yield env
    subprocess.run([str(SCRIPT), "stop"], env=env, capture_output=True, timeout=120, check=False)


@pytest.fixture(scope="session")
def postgres_server(servers_env: dict[str, str]) -> str:
    """The SQLAlchemy URL of the session's PostgreSQL (its admin database)."""
    return os.environ.get("KIEMCHUNG_TEST_POSTGRES_URL") or _start("start-postgres", servers_env, timeout=120)


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A fresh, empty database for one test."""
    name = f"kctest_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(postgres_server, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    url = sa.engine.make_url(postgres_server).set(database=name).render_as_string(hide_password=False)
    yield url
    from kiemchung.statedb import engine_for

    engine_for(url).dispose()
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def state_target(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """Where a state store lives: a SQLite file (the default) or a real PostgreSQL database."""
    if request.param == "sqlite":
        return tmp_path / "state.sqlite"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture(scope="session")
def s3_endpoint(servers_env: dict[str, str]) -> str:
    """The endpoint URL of the session's S3 gateway (SeaweedFS; `weed` is built on first use)."""
    return os.environ.get("KIEMCHUNG_TEST_S3_URL") or _start("start-s3", servers_env, timeout=1800)


@pytest.fixture(params=["filesystem", "s3"])
def blob_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[BlobStore]:
    """An empty blob store: a folder (the default) or a fresh bucket on a real S3 server."""
    if request.param == "filesystem":
        yield FilesystemBlobStore(tmp_path / "blobs")
        return
    endpoint: str = request.getfixturevalue("s3_endpoint")
    store = S3BlobStore(
        S3_TEST_BUCKET, prefix=f"{uuid.uuid4().hex[:12]}/archive/", endpoint_url=endpoint,
        access_key_id=S3_ACCESS_KEY, secret_access_key=S3_SECRET_KEY,
    )  # fmt: skip
    yield store
    for key in list(store.keys("")):
        store.delete(key)
