"""`kiemchung users` on the shared PostgreSQL database named by KIEMCHUNG_STATE_URL, through the real CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kiemchung.web.users import UserStore


def _kiemchung(home: Path, state_url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {"KIEMCHUNG_HOME": str(home), "KIEMCHUNG_STATE_URL": state_url, "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "kiemchung.cli", *args], input=stdin, capture_output=True,
                          text=True, env=env, timeout=120)  # fmt: skip


def test_a_user_added_on_one_machine_is_known_on_another(tmp_path: Path, postgres_url: str) -> None:
    added = _kiemchung(tmp_path / "machine-1", postgres_url, "users", "add", "thamdinh", "--role", "appraiser",
                       stdin="mat-khau-tham-dinh\n")  # fmt: skip
    assert added.returncode == 0, added.stderr
    listed = _kiemchung(tmp_path / "machine-2", postgres_url, "users", "list")
    assert listed.stdout.split() == ["thamdinh", "appraiser"]
    assert UserStore(postgres_url).authenticate("thamdinh", "mat-khau-tham-dinh") is not None
    assert not (tmp_path / "machine-1" / "web.sqlite").exists()


def test_an_unreachable_state_database_is_one_line(tmp_path: Path) -> None:
    for args in (("users", "list"), ("users", "add", "a1", "--role", "admin")):
        result = _kiemchung(tmp_path, "postgresql+psycopg://kc:hidden-pw@127.0.0.1:1/kc", *args,
                            stdin="mat-khau-dai-du\n")  # fmt: skip
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr and "hidden-pw" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and "127.0.0.1:1" in result.stderr
