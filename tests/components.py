"""A real component the tests need (Elasticsearch, Chromium, Docker Compose) that cannot be had here."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def component_unavailable(message: str) -> NoReturn:
    """Fail under CI, where every component must run for real; on a developer's machine, skip with
    `message` as the reason (pytest -ra prints it)."""
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)
