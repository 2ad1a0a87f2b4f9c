"""docker-compose.yml points every kiemchung service at the shared state: PostgreSQL and the object store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy.engine import make_url

from kiemchung.archive.s3 import parse_archive_url
from kiemchung.settings import Settings

REPOSITORY = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def services() -> dict[str, Any]:
    stack = yaml.safe_load((REPOSITORY / "docker-compose.yml").read_text(encoding="utf-8"))
    return dict(stack["services"])


def test_worker_and_web_use_postgres_and_the_bucket(services: dict[str, Any]) -> None:
    for name in ("flows-worker", "web"):
        service = services[name]
        settings = Settings.model_validate(
            {key.removeprefix("KIEMCHUNG_").lower(): value for key, value in service["environment"].items()
             if key.startswith("KIEMCHUNG_")}
        )  # fmt: skip
        assert settings.state_url is not None and settings.archive_url is not None
        state = make_url(settings.state_url.replace("${KIEMCHUNG_DB_PASSWORD:-kiemchung}", "pw"))
        assert (state.drivername, state.host, state.database) == ("postgresql+psycopg", "postgres", "kiemchung")
        assert parse_archive_url(settings.archive_url) == ("kiemchung", "archive/")
        assert settings.s3_endpoint_url == "http://object-store:8333"
        assert settings.s3_access_key_id and settings.s3_secret_access_key
        for dependency in ("postgres", "object-store"):
            assert service["depends_on"][dependency]["condition"] == "service_healthy", (name, dependency)
        assert service["healthcheck"]["test"], f"{name} needs a healthcheck"


def test_the_object_store_and_the_database_are_made_ready(services: dict[str, Any]) -> None:
    store = services["object-store"]
    assert store["image"].startswith("chrislusf/seaweedfs:")
    assert "-s3" in store["command"] and "-s3.port=8333" in store["command"]
    assert "ports" not in store  # internal network only
    assert set(store["environment"]) == {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}
    assert "/healthz" in " ".join(store["healthcheck"]["test"])
    postgres = services["postgres"]
    assert "./deploy/postgres-init:/docker-entrypoint-initdb.d:ro" in postgres["volumes"]
    init = (REPOSITORY / "deploy" / "postgres-init" / "10-kiemchung.sh").read_text(encoding="utf-8")
    assert "CREATE DATABASE kiemchung OWNER kiemchung" in init


def test_the_image_converts_office_files() -> None:
    dockerfile = (REPOSITORY / "Dockerfile").read_text(encoding="utf-8")
    assert "libreoffice-writer-nogui" in dockerfile
