"""Settings from the environment (see README, "Environment")."""

from __future__ import annotations

from pathlib import Path

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

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"

    @property
    def trust_roots_dir(self) -> Path:
        return self.trust_roots or self.home / "trust"


def get_settings() -> Settings:
    return Settings()
