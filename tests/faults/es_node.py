"""An Elasticsearch node of the fault tests' own (they freeze, stop and restart it), started by
scripts/elasticsearch with its own state folder, so the session's shared node is never touched.

`restart` starts the stopped node again from the same folder (same port, same data), the way
scripts/elasticsearch launches a node: as the nodes' system user when run by root.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.components import component_unavailable

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "elasticsearch"
HEAP = "256m"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@dataclass
class OwnNode:
    state: Path
    env: dict[str, str]
    url: str
    pid: int
    run_dir: Path

    @classmethod
    def start(cls, state: Path) -> OwnNode:
        env = {**os.environ, "KIEMCHUNG_ES_STATE": str(state), "KIEMCHUNG_ES_HEAP": HEAP}
        try:
            started = subprocess.run([str(SCRIPT), "start"], env=env, capture_output=True, text=True, timeout=900)
        except (OSError, subprocess.TimeoutExpired) as error:
            component_unavailable(f"could not start Elasticsearch with {SCRIPT}: {error}")
        if started.returncode != 0:
            component_unavailable(f"could not start Elasticsearch: {started.stderr.strip()[-2000:]}")
        values = cls._state(state)
        return cls(state, env, values["URL"], int(values["PID"]), Path(values["RUN_DIR"]))

    @staticmethod
    def _state(state: Path) -> dict[str, str]:
        values = {}
        for line in (state / "node.env").read_text().splitlines():
            key, _, value = line.partition("=")
            values[key] = shlex.split(value)[0] if value else ""
        return values

    def healthy(self) -> bool:
        try:
            answer = httpx.get(f"{self.url}/_cluster/health?wait_for_status=yellow&timeout=2s", timeout=5)
        except httpx.HTTPError:
            return False
        return answer.status_code == 200 and answer.json().get("status") in ("green", "yellow")

    def freeze(self) -> None:
        """SIGSTOP: the port still accepts connections (the kernel queues them), nothing answers."""
        os.kill(self.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        os.kill(self.pid, signal.SIGCONT)

    def stop(self) -> None:
        """A clean shutdown (SIGTERM), waited for: the port refuses connections afterwards."""
        os.kill(self.pid, signal.SIGCONT)
        os.kill(self.pid, signal.SIGTERM)
        deadline = time.monotonic() + 60
        while _alive(self.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if _alive(self.pid):
            os.kill(self.pid, signal.SIGKILL)
            time.sleep(1)

    def restart(self) -> None:
        """Start the stopped node again on its folder, its port and its data; wait until healthy."""
        home = subprocess.run([str(SCRIPT), "fetch"], env=self.env, capture_output=True, text=True, check=True)
        es_home = Path(home.stdout.strip().splitlines()[-1])
        java = self.env.get("ES_JAVA_HOME", "/usr/lib/jvm/java-17-openjdk-amd64")
        command = [
            "env", f"ES_JAVA_HOME={java}", f"ES_PATH_CONF={self.run_dir / 'config'}",
            f"ES_JAVA_OPTS=-Xms{HEAP} -Xmx{HEAP}", str(es_home / "bin" / "elasticsearch"), "-d",
            "-p", str(self.run_dir / "es.pid"),
        ]  # fmt: skip
        if os.getuid() == 0:
            user = self.env.get("KIEMCHUNG_ES_USER", "kiemchung-es")
            command = ["setpriv", f"--reuid={user}", f"--regid={user}", "--init-groups", *command]
        (self.run_dir / "es.pid").unlink(missing_ok=True)
        subprocess.run(command, capture_output=True, timeout=300, check=True)
        self.pid = int((self.run_dir / "es.pid").read_text().strip())
        # scripts/elasticsearch stop kills the pid of the state file: keep it current
        state_file = self.state / "node.env"
        lines = [line for line in state_file.read_text().splitlines() if not line.startswith("PID=")]
        state_file.write_text("\n".join([*lines, f"PID={self.pid}"]) + "\n")
        deadline = time.monotonic() + 300
        while not self.healthy():
            if time.monotonic() > deadline:
                raise AssertionError(f"the restarted node at {self.url} is not healthy after 300 s")
            time.sleep(1)

    def shutdown(self) -> None:
        if _alive(self.pid):
            os.kill(self.pid, signal.SIGCONT)
        subprocess.run([str(SCRIPT), "stop"], env=self.env, capture_output=True, timeout=180, check=False)


@pytest.fixture(scope="module")
def own_node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OwnNode]:
    node = OwnNode.start(tmp_path_factory.mktemp("elasticsearch-faults"))
    try:
        yield node
    finally:
        node.shutdown()
