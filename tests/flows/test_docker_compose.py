"""docker-compose.yml wires the team stack together: checked as data, and by Compose itself when present."""

from __future__ import annotations

import shutil
import subprocess
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.components import component_unavailable

REPOSITORY = Path(__file__).parents[2]
COMPOSE = REPOSITORY / "docker-compose.yml"


@pytest.fixture(scope="module")
def stack() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_elasticsearch_is_the_official_image_of_the_clients_major(stack: dict[str, Any]) -> None:
    image = stack["services"]["elasticsearch"]["image"]
    repository, tag = image.rsplit(":", 1)
    assert repository == "docker.elastic.co/elasticsearch/elasticsearch"
    assert tag.split(".")[:2] == version("elasticsearch").split(".")[:2]  # 8.19 server for the 8.19 client
    environment = stack["services"]["elasticsearch"]["environment"]
    assert environment["discovery.type"] == "single-node"
    assert environment["xpack.security.enabled"] == "false"
    assert "ports" not in stack["services"]["elasticsearch"]  # security off: internal network only


def test_kibana_is_optional(stack: dict[str, Any]) -> None:
    assert stack["services"]["kibana"]["profiles"] == ["kibana"]
    kibana, elasticsearch = stack["services"]["kibana"], stack["services"]["elasticsearch"]
    assert kibana["image"].split(":")[1] == elasticsearch["image"].split(":")[1]
    for name, service in stack["services"].items():
        if name != "kibana":
            assert "profiles" not in service, f"{name} must start with a plain `docker compose up`"


def test_prefect_server_keeps_its_state_in_postgres(stack: dict[str, Any]) -> None:
    server = stack["services"]["prefect-server"]
    assert server["image"].startswith("prefecthq/prefect:3.8.")
    assert server["environment"]["PREFECT_API_DATABASE_CONNECTION_URL"].startswith("postgresql+asyncpg://")
    assert "@postgres:5432/" in server["environment"]["PREFECT_API_DATABASE_CONNECTION_URL"]
    assert server["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "postgres-data:/var/lib/postgresql/data" in stack["services"]["postgres"]["volumes"]


def test_worker_and_web_share_the_archive_and_reach_the_services(stack: dict[str, Any]) -> None:
    services = stack["services"]
    for name in ("flows-worker", "web"):
        service = services[name]
        assert service["build"] == "."
        environment = service["environment"]
        home = environment["KIEMCHUNG_HOME"]
        assert f"archive:{home}" in service["volumes"]
        assert environment["KIEMCHUNG_ELASTICSEARCH_URL"] == "http://elasticsearch:9200"
        assert environment["PREFECT_API_URL"] == "http://prefect-server:4200/api"
    worker = services["flows-worker"]
    command = " ".join(worker["command"])
    assert "kiemchung deploy-flows --pool kiemchung" in command
    assert "prefect worker start --pool kiemchung" in command
    assert worker["depends_on"]["prefect-server"]["condition"] == "service_healthy"
    assert any(volume.endswith(":/config:ro") for volume in worker["volumes"])
    assert worker["environment"]["KIEMCHUNG_SOURCES"].startswith("/config/")
    assert services["web"]["command"][:2] == ["kiemchung", "serve"]
    assert set(stack["volumes"]) == {"archive", "elasticsearch-data", "object-store-data", "postgres-data"}


def test_published_ports_listen_on_loopback_only(stack: dict[str, Any]) -> None:
    for name, service in stack["services"].items():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), f"{name} publishes {port} beyond this machine"


def test_the_image_is_built_from_the_top_level_dockerfile() -> None:
    dockerfile = (REPOSITORY / "Dockerfile").read_text(encoding="utf-8")
    assert dockerfile.startswith("#") and "FROM python:3.11" in dockerfile
    assert "tesseract-ocr-vie" in dockerfile
    assert "USER kiemchung" in dockerfile


def compose_command() -> list[str] | None:
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True, check=False).returncode == 0:
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


def test_compose_itself_accepts_the_file(tmp_path: Path) -> None:
    command = compose_command()
    if command is None:
        component_unavailable("neither `docker compose` nor `docker-compose` is installed (scripts/setup installs it)")
    result = subprocess.run(
        [*command, "-f", str(COMPOSE), "config", "--quiet"],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    profiles = subprocess.run(
        [*command, "-f", str(COMPOSE), "--profile", "kibana", "config", "--services"],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert profiles.returncode == 0, profiles.stderr
    services = {"elasticsearch", "kibana", "postgres", "object-store", "prefect-server", "flows-worker", "web"}
    assert set(profiles.stdout.split()) == services
