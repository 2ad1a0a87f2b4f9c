"""Settings from the environment (see README, "Environment")."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class SettingsError(ValueError):
    """Settings that cannot work (a trust root that is no certificate…): one line for the user."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KIEMCHUNG_", extra="ignore")

    home: Path = Path(".kiemchung")
    elasticsearch_url: str | None = None
    elasticsearch_index_prefix: str = "kiemchung"  # aliases <prefix>-documents, -pages, -evidence
    # Elasticsearch as a cluster (kiemchung/stores/es_connection.py): elasticsearch_url may list
    # several nodes, comma-separated; an API key or a user name and password; TLS; retries; shards.
    elasticsearch_api_key: SecretStr | None = None
    elasticsearch_username: str | None = None
    elasticsearch_password: SecretStr | None = None
    elasticsearch_ca_certs: Path | None = None  # PEM file of the CA that signed the nodes' certificates
    elasticsearch_verify_certs: bool = True
    elasticsearch_request_timeout: float = 60.0  # seconds per request
    elasticsearch_max_retries: int = 3  # on another node, after a refused connection, a timeout, 429/50x
    elasticsearch_retry_on_timeout: bool = True
    elasticsearch_wait_seconds: float = 30.0  # how long opening the store waits for the cluster to answer
    elasticsearch_sniff: bool = False  # ask the cluster for its nodes (only where their addresses are reachable)
    elasticsearch_shards: int = 1  # primary shards per index (applied when an index is created)
    elasticsearch_replicas: int | None = None  # unset: 0 on one node, 1 as soon as a second node joins
    reindex_workers: int = Field(default=2, ge=1)  # processes that rebuild the Elasticsearch index in parallel slices
    ocr_dpi: int = Field(default=300, ge=50, le=1200)
    ocr_language: str = "vie"
    ocr_workers: int = Field(default=0, ge=0)  # 0 = every core
    trust_roots: Path | None = None  # CA certificates trusted for PDF signatures; default HOME/trust
    signature_max_days: int = Field(default=30, ge=0)  # issue date and signing time further apart → needs review
    # address space the reading of one file may take (extractors/budget.py)
    memory_budget_mb: int = Field(default=2048, ge=256)
    time_budget_seconds: int = Field(default=300, ge=1)  # CPU seconds per file, and seconds without progress
    # Shared state for several machines (README "Team setup"); unset = files under `home`.
    state_url: str | None = None  # postgresql+psycopg://user:pw@host/db: crawl state, users, decision log
    archive_url: str | None = None  # s3://bucket[/prefix]: the archive's originals and records
    s3_endpoint_url: str | None = None  # an S3-compatible server (SeaweedFS, MinIO…); unset = AWS
    s3_access_key_id: str | None = None
    s3_secret_access_key: SecretStr | None = None
    s3_region: str = "us-east-1"

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"

    @property
    def trust_roots_dir(self) -> Path:
        return self.trust_roots or self.home / "trust"


def get_settings() -> Settings:
    return Settings()
