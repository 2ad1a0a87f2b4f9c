"""`kiemchung users add|list` and `kiemchung serve`'s refusal of a bad port, through the real CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kiemchung.web.database import WEB_DATABASE_FILE
from kiemchung.web.users import UserStore


def _kiemchung(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiemchung.cli", *args], input=stdin, capture_output=True, text=True,
                          env={"KIEMCHUNG_HOME": str(home), "PATH": "/usr/bin:/bin"}, timeout=120)  # fmt: skip


def test_users_add_reads_the_password_from_stdin(tmp_path: Path) -> None:
    added = _kiemchung(tmp_path, "users", "add", "kiemtoan", "--role", "auditor", stdin="mat-khau-kiem-toan\n")
    assert added.returncode == 0, added.stderr
    user = UserStore(tmp_path / WEB_DATABASE_FILE).authenticate("kiemtoan", "mat-khau-kiem-toan")
    assert user is not None and user.role == "auditor"
    listed = _kiemchung(tmp_path, "users", "list")
    assert listed.stdout.split() == ["kiemtoan", "auditor"]


def test_users_add_refuses_bad_input_with_one_line(tmp_path: Path) -> None:
    for args, stdin, message in [
        (("users", "add", "a1", "--role", "boss"), "mat-khau-dai-du\n", "unknown role"),
        (("users", "add", "a1", "--role", "admin"), "ngan\n", "at least 8"),
    ]:
        result = _kiemchung(tmp_path, *args, stdin=stdin)
        assert result.returncode == 2
        assert message in result.stderr and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
