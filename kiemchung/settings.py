"""Settings from the environment (see README, "Environment")."""

from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KIEMCHUNG_", extra="ignore")

    home: Path = Path(".kiemchung")
    elasticsearch_url: str | None = None
    elasticsearch_index_prefix: str = "kiemchung"  # aliases <prefix>-documents, -pages, -evidence
    ocr_dpi: int = 300
    ocr_language: str = "vie"
    ocr_workers: int = 0  # 0 = every core
    trust_roots: Path | None = None  # CA certificates trusted for PDF signatures; default HOME/trust
    signature_max_days: int = 30  # issue date and signing time further apart → needs review
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
