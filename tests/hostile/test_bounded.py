"""The judge of the hostile corpus (tests/hostile/bounded.py) sees what it must: a process left behind,
even in a session of its own, a command over its address-space cap, a hang."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def bounded(tmp_path: Path, *command: str, as_bytes: int = 1024**3, timeout: float = 30) -> dict[str, object]:
    finished = subprocess.run(
        [sys.executable, "-m", "tests.hostile.bounded", "--as-bytes", str(as_bytes), "--timeout", str(timeout),
         "--grace", "0.5", "--out", str(tmp_path / "out"), "--err", str(tmp_path / "err"), "--", *command],
        cwd=REPO, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    report: dict[str, object] = json.loads(finished.stdout)
    return report


def test_a_process_left_behind_is_found_and_killed_even_in_its_own_session(tmp_path: Path) -> None:
    ending = bounded(tmp_path, "sh", "-c", "sleep 300 & setsid sleep 301 & exit 0")

    assert ending["returncode"] == 0 and not ending["hung"]
    assert sorted(map(str, ending["leftovers"])) == ["sleep 300", "sleep 301"]  # type: ignore[call-overload]
    assert bounded(tmp_path, "true")["leftovers"] == []


def test_the_cap_applies_to_the_command(tmp_path: Path) -> None:
    ending = bounded(tmp_path, sys.executable, "-c", "bytearray(600 * 1024**2)", as_bytes=400 * 1024**2)

    assert ending["returncode"] == 1
    assert "MemoryError" in (tmp_path / "err").read_text()


def test_a_hang_is_killed_and_reported(tmp_path: Path) -> None:
    ending = bounded(tmp_path, "sleep", "300", timeout=1)

    assert ending["hung"] is True and ending["leftovers"] == []
