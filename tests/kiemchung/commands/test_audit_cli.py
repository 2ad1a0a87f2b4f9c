"""`kiemchung audit anchor|verify` through the real CLI: exit 0 on an intact log, 1 on tampering."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from kiemchung.web.audit import AuditLog, NewDecision
from kiemchung.web.database import WEB_DATABASE_FILE


def _kiemchung(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiemchung.cli", *args], capture_output=True, text=True,
                          env={"KIEMCHUNG_HOME": str(home), "PATH": "/usr/bin:/bin"}, timeout=120)  # fmt: skip


def _decide(log: AuditLog, points: float) -> None:
    log.append(NewDecision(unit="hcm.quan-3", year=2024, scheme="par-default", scheme_version="2024.1",
                           criterion="1.1.1", action="override", proposed_points=1.0, new_points=points,
                           reason="đối chiếu lại"), user="thamdinh", role="appraiser", max_points=1)  # fmt: skip


def test_anchor_then_verify_finds_the_newest_entries_deleted(tmp_path: Path) -> None:
    home = tmp_path / "home"
    log = AuditLog.in_home(home)
    for points in (0.5, -0.0, 0.75):
        _decide(log, points)
    minutes = tmp_path / "minutes.jsonl"
    anchored = _kiemchung(home, "audit", "anchor", "--file", str(minutes))
    assert anchored.returncode == 0, anchored.stderr
    line = json.loads(anchored.stdout)
    assert line["entries"] == 3 and json.loads(minutes.read_text())["head"] == line["head"]
    printed = _kiemchung(home, "audit", "anchor", "--print-only")
    assert printed.returncode == 0 and not (home / "audit-anchors.jsonl").exists()

    verified = _kiemchung(home, "audit", "verify", "--anchor", str(minutes))
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert verified.stdout.startswith("ok: 3 entries")

    shell = sa.create_engine(f"sqlite:///{home / WEB_DATABASE_FILE}")
    with shell.begin() as conn:
        for table in ("decisions", "audit_chain"):
            conn.exec_driver_sql(f"DROP TRIGGER {table}_no_delete")
            conn.exec_driver_sql(f"DELETE FROM {table} WHERE seq = 3")
    shell.dispose()
    broken = _kiemchung(home, "audit", "verify", "--anchor", str(minutes))
    assert broken.returncode == 1
    assert "các mục mới nhất đã bị xóa" in broken.stdout and "BROKEN" in broken.stderr


def test_verify_refuses_a_bad_anchor_file_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "bad.jsonl").write_text("{oops\n")
    result = _kiemchung(tmp_path, "audit", "verify", "--anchor", str(tmp_path / "bad.jsonl"))
    assert result.returncode == 2 and "not an anchor line" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
