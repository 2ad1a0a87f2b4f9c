"""Running the app for a real browser: `kiemchung serve` in a subprocess on a free port, and Debian's
chromium driven by Playwright (its driver ships in the wheel; browsers cannot be downloaded here)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from kiemchung.settings import Settings

CHROMIUM = Path(os.environ.get("KIEMCHUNG_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]  # fmt: skip


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_env(settings: Settings) -> dict[str, str]:
    env = {**os.environ, "KIEMCHUNG_HOME": str(settings.home), "KIEMCHUNG_WEB_SECRET_KEY": "browser-test-secret"}
    env.pop("KIEMCHUNG_ELASTICSEARCH_URL", None)
    if settings.elasticsearch_url:
        env["KIEMCHUNG_ELASTICSEARCH_URL"] = settings.elasticsearch_url
        env["KIEMCHUNG_ELASTICSEARCH_INDEX_PREFIX"] = settings.elasticsearch_index_prefix
    return env


@contextmanager
def serving(settings: Settings, log: Path, timeout: float = 90.0) -> Iterator[str]:
    """`kiemchung serve` on 127.0.0.1 until the block ends; yields its base URL."""
    port = free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "kiemchung.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=server_env(settings), stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + timeout
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"kiemchung serve exited: {log.read_text(errors='replace')[-2000:]}")
                try:
                    if httpx.get(f"{base}/login", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"kiemchung serve did not answer in {timeout:.0f} s")
                time.sleep(0.2)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
