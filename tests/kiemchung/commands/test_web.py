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
        (("users", "add", "a1", "--role", "boss"), "mat-khau-dai-du\n", "không có vai trò “boss”"),
        (("users", "add", "a1", "--role", "admin"), "ngan\n", "ít nhất 10"),
    ]:
        result = _kiemchung(tmp_path, *args, stdin=stdin)
        assert result.returncode == 2
        assert message in result.stderr and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_users_disable_enable_and_passwd(tmp_path: Path) -> None:
    assert (
        _kiemchung(tmp_path, "users", "add", "thamdinh", "--role", "appraiser", stdin="mat-khau-tham-dinh\n").returncode
        == 0
    )
    disabled = _kiemchung(tmp_path, "users", "disable", "thamdinh")
    assert disabled.returncode == 0, disabled.stderr
    users = UserStore(tmp_path / WEB_DATABASE_FILE)
    assert users.authenticate("thamdinh", "mat-khau-tham-dinh") is None
    assert _kiemchung(tmp_path, "users", "list").stdout.split() == ["thamdinh", "appraiser", "disabled"]
    assert _kiemchung(tmp_path, "users", "enable", "thamdinh").returncode == 0
    changed = _kiemchung(tmp_path, "users", "passwd", "thamdinh", stdin="mot-mat-khau-moi-hon\n")
    assert changed.returncode == 0, changed.stderr
    assert users.authenticate("thamdinh", "mot-mat-khau-moi-hon") is not None
    refused = _kiemchung(tmp_path, "users", "passwd", "khong-co", stdin="mot-mat-khau-moi-hon\n")
    assert refused.returncode == 2 and len(refused.stderr.strip().splitlines()) == 1
    verified = _kiemchung(tmp_path, "audit", "verify")
    assert verified.returncode == 0 and verified.stdout.startswith("ok: 4 entries")  # added, disabled, enabled, passwd
