"""Real Prefect processes for the tests: `prefect server start` and `prefect worker start`, each on
127.0.0.1, each stopped (its whole process group) when the `with` block ends."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import httpx

BIN = Path(sys.executable).parent
PREFECT = BIN / "prefect"
KIEMCHUNG = BIN / "kiemchung"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def prefect_env(folder: Path, api: str | None = None, **extra: str) -> dict[str, str]:
    """A clean environment: no inherited Prefect, kiemchung or import-path settings, a private
    PREFECT_HOME, no telemetry, no UI files rewritten, quick worker polls."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PREFECT_", "KIEMCHUNG_")) and key != "PYTHONPATH"
    }
    env.update(
        PREFECT_HOME=str(folder / "prefect-home"),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        DO_NOT_TRACK="1",
        PREFECT_UI_ENABLED="false",
        PREFECT_WORKER_QUERY_SECONDS="1",
        PREFECT_WORKER_PREFETCH_SECONDS="1",
    )
    if api:
        env["PREFECT_API_URL"] = api
    env.update(extra)
    return env


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the process group (a worker's flow-run children too), SIGKILL if it lingers."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@contextmanager
def prefect_server(folder: Path, timeout: float = 180) -> Iterator[str]:
    """`prefect server start` on a free port; yields its API URL once /api/health answers."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log_path = folder / "server.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [str(PREFECT), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env=prefect_env(folder),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        api = f"http://127.0.0.1:{port}/api"
        try:
            deadline = time.monotonic() + timeout
            while True:
                assert process.poll() is None, log_path.read_text()[-2000:]
                try:
                    if httpx.get(f"{api}/health", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, f"prefect server did not answer /api/health in {timeout} s"
                time.sleep(0.5)
            yield api
        finally:
            stop(process)


@contextmanager
def prefect_worker(
    api: str,
    pool: str,
    name: str,
    *,
    cwd: Path,
    env: Mapping[str, str],
    queues: tuple[str, ...] = (),
    limit: int | None = None,
) -> Iterator[subprocess.Popen[bytes]]:
    """`prefect worker start` in `cwd` (not the repository: flows must load from the installed package)."""
    cwd.mkdir(parents=True, exist_ok=True)
    command = [str(PREFECT), "worker", "start", "--pool", pool, "--name", name, "--type", "process"]
    for queue in queues:
        command += ["--work-queue", queue]
    if limit is not None:
        command += ["--limit", str(limit)]
    log_path = cwd / f"worker-{name}.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env={**env, "PREFECT_API_URL": api},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            yield process
        finally:
            stop(process)


def worker_log(cwd: Path, name: str) -> str:
    path = cwd / f"worker-{name}.log"
    return path.read_text(errors="replace")[-3000:] if path.exists() else ""
