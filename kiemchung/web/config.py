"""Settings of the web app (environment `KIEMCHUNG_WEB_*`), beside the deployment's `Settings`."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

SECRET_FILE = "web-secret"


class WebSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KIEMCHUNG_WEB_", extra="ignore")

    secret_key: str | None = None  # signs session cookies; default: a random key kept in HOME/web-secret
    session_hours: int = 12
    https_only: bool = False  # mark the session cookie Secure (behind TLS)
    page_dpi: int = 110  # page images: enough to read a quote, small enough to load fast
    results_per_page: int = 20


def session_secret(settings: WebSettings, home: Path) -> str:
    """The configured key, or one made once and kept (0600) so sessions survive a restart."""
    if settings.secret_key:
        return settings.secret_key
    path = home / SECRET_FILE
    if path.is_file():
        return path.read_text(encoding="ascii").strip()
    home.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another server process made it first
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key)
    return key
