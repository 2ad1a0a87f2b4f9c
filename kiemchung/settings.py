"""Settings from the environment (see README, "Environment")."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KIEMCHUNG_", extra="ignore")

    home: Path = Path(".kiemchung")
    elasticsearch_url: str | None = None
    ocr_dpi: int = 300
    ocr_language: str = "vie"
    ocr_workers: int = 0  # 0 = every core

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"


def get_settings() -> Settings:
    return Settings()
