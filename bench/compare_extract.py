"""Same results before and after a change: records and signature reports of two source trees compared.

    .venv/bin/python bench/compare_extract.py run ROOT OUT.jsonl FILE...   # in ROOT's code
    .venv/bin/python bench/compare_extract.py diff BEFORE.jsonl AFTER.jsonl

`run` prints, per file, the record of `kiemchung extract --json --words --no-cache` (word boxes
included) and the full report of
`kiemchung signatures --json` (trust roots from `--trust DIR`), both computed by the code under ROOT
(a checkout of the commit before the change, say). `diff` names every file and key that differs;
it prints "identical" when nothing does. Records carry no timing, so nothing is ignored but the
extractor version (bumped separately).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

IGNORED = {"extractor_version"}


def run(root: Path, out: Path, files: list[Path], trust: Path | None) -> None:
    python = sys.executable
    names = [str(file.resolve()) for file in files]
    extract = subprocess.run(
        [python, "-m", "kiemchung.cli", "extract", "--json", "--words", "--no-cache", *names],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    trust_args = ["--trust", str(trust.resolve())] if trust else ["--trust", "/nonexistent"]
    pdfs = [name for name in names if name.lower().endswith(".pdf")]
    signatures = subprocess.run(
        [python, "-m", "kiemchung.cli", "signatures", "--json", *trust_args, *pdfs],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    rows: dict[str, dict[str, Any]] = {}
    for line in extract.stdout.splitlines():
        record = json.loads(line)
        rows.setdefault(record["file"], {})["record"] = record
    for line in signatures.stdout.splitlines():
        report = json.loads(line)
        rows.setdefault(report.pop("file"), {})["signatures"] = report
    with out.open("w", encoding="utf-8") as handle:
        for file in sorted(rows):
            handle.write(json.dumps({"file": file, **rows[file]}, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{len(rows)} files written to {out}", file=sys.stderr)


def _differences(before: Any, after: Any, path: str) -> list[str]:
    if isinstance(before, dict) and isinstance(after, dict):
        found: list[str] = []
        for key in sorted(set(before) | set(after)):
            if key in IGNORED:
                continue
            found.extend(_differences(before.get(key), after.get(key), f"{path}.{key}"))
        return found
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        return [
            d
            for index, pair in enumerate(zip(before, after, strict=True))
            for d in _differences(*pair, f"{path}[{index}]")
        ]
    return (
        []
        if before == after
        else [f"{path}: {json.dumps(before, ensure_ascii=False)[:200]} → {json.dumps(after, ensure_ascii=False)[:200]}"]
    )


def diff(before_path: Path, after_path: Path) -> int:
    def load(path: Path) -> dict[str, Any]:
        return {row["file"]: row for row in map(json.loads, path.read_text(encoding="utf-8").splitlines())}

    before, after = load(before_path), load(after_path)
    found = _differences(before, after, "")
    print("\n".join(found) if found else f"identical ({len(before)} files)")
    return 1 if found else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser("run")
    run_parser.add_argument("root", type=Path)
    run_parser.add_argument("out", type=Path)
    run_parser.add_argument("files", type=Path, nargs="+")
    run_parser.add_argument("--trust", type=Path)
    diff_parser = commands.add_parser("diff")
    diff_parser.add_argument("before", type=Path)
    diff_parser.add_argument("after", type=Path)
    arguments = parser.parse_args()
    if arguments.command == "run":
        run(arguments.root, arguments.out, arguments.files, arguments.trust)
    else:
        sys.exit(diff(arguments.before, arguments.after))


if __name__ == "__main__":
    main()
