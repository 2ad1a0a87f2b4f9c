"""The packages depend one way: `core` below everything, `extractors` on `core` only, the
application (`kiemchung`, whose CLI also starts `flows`) above. Checked on the source, so a new import that breaks the
layering fails here before it becomes a cycle."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# package → the first-party packages it must never import
FORBIDDEN = {
    "core": {"extractors", "kiemchung", "flows", "samples"},
    "extractors": {"kiemchung", "flows", "samples"},
}


def imported_packages(path: Path) -> set[str]:
    """Top-level names of every module `path` imports, at any depth (function-level imports too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_a_package_imports_nothing_above_it(package: str) -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_packages(path) & FORBIDDEN[package])
        for path in sorted((ROOT / package).rglob("*.py"))
    }
    assert {file: names for file, names in offenders.items() if names} == {}


def test_the_check_sees_imports_inside_functions(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from kiemchung.cli import app\n    import flows.crawl\n", encoding="utf-8")
    assert imported_packages(module) == {"kiemchung", "flows"}
