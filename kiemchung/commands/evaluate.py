"""`kiemchung eval FOLDER... [--split S] [--json]`: run extraction on the files named in each
FOLDER/truth.jsonl and score the results per field and per variant, one table per split (tuning,
holdout) when the truth rows name one."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from core.models import DocumentRecord
from kiemchung.evaluation import ALL, EvalReport, FieldScore, score_by_split, splits_of
from kiemchung.progress import progress_bar


class EvalInputError(ValueError):
    pass


def load_truth(folder: Path) -> list[dict[str, Any]]:
    path = folder / "truth.jsonl"
    if not folder.is_dir():
        raise EvalInputError(f"{folder} is not a folder")
    if not path.is_file():
        raise EvalInputError(f"{path} not found: the folder needs a truth.jsonl (one JSON object per file)")
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise EvalInputError(f"{path}:{number}: not JSON ({error.msg})") from error
        if not isinstance(row, dict) or "file" not in row:
            raise EvalInputError(f"{path}:{number}: each line must be an object with a 'file' key")
        rows.append(row)
    return rows


def _extract(paths: list[Path], console: Console) -> list[DocumentRecord]:
    """Read as every other entry point reads (`extraction_options`: budget, OCR workers and DPI,
    trust roots), so the scores are those of the deployment; no record cache, so nothing is stale."""
    from extractors.pipeline import extract_files  # heavy: loaded when the command runs
    from kiemchung.extraction_options import extraction_options

    options = extraction_options()
    with progress_bar(console) as progress:
        task = progress.add_task("extracting", total=len(paths))
        return list(extract_files(paths, options, on_record=lambda _record: progress.advance(task)))


class FileNames(StrEnum):
    """Which file name the extractor sees. A name can carry the document's number ("…!~!275.pdf" on
    a portal), which the extractor uses as a hint for handwritten digits; a fixture's own name may
    encode the truth, so scoring with it would flatter the extractor."""

    published = "published"  # the name it was published under (`source_path` in the truth), else as stored
    stored = "stored"  # the name in FOLDER
    neutral = "neutral"  # no hint at all: the file is read under its sha256


def _name_for(row: dict[str, Any], path: Path, file_names: FileNames) -> str | None:
    """The name to read `path` under, or None to read it where it is."""
    if file_names is FileNames.stored:
        return None
    if file_names is FileNames.published:
        published = row.get("published_name") or row.get("source_path")
        return Path(str(published)).name if published else None
    return f"{str(row.get('sha256') or path.stem)[:16]}{path.suffix}"


def extract_as_named(
    folder: Path, rows: list[dict[str, Any]], file_names: FileNames, console: Console
) -> list[DocumentRecord]:
    """Extract the files of `rows`, each seen under the name `file_names` chooses; records keep the stored path."""
    stored = [folder / row["file"] for row in rows]
    with tempfile.TemporaryDirectory(prefix="kiemchung-eval-") as scratch:
        seen_as: list[Path] = []
        for index, (row, path) in enumerate(zip(rows, stored, strict=True)):
            name = _name_for(row, path, file_names)
            if name is None:
                seen_as.append(path)
                continue
            alias = Path(scratch) / str(index) / name
            alias.parent.mkdir()
            _place(path, alias)
            seen_as.append(alias)
        records = _extract(seen_as, console)
    return [record.model_copy(update={"file": str(path)}) for record, path in zip(records, stored, strict=True)]


def _place(path: Path, alias: Path) -> None:
    """`path` readable as `alias`: a hard link, else a copy. Not a symbolic link: extraction refuses
    a link leading out of its folder (`input_checks.input_refusal`)."""
    try:
        os.link(path, alias)
    except OSError:
        shutil.copyfile(path, alias)


def _cell(score: FieldScore | None) -> str:
    if score is None or score.total == 0:
        return "–"
    accuracy = score.accuracy or 0.0
    text = f"{score.right}/{score.total} {accuracy:.0%}"
    if score.confident_wrong:
        text += f" {score.confident_wrong}!"
    if score.under_review:
        text += f" +{score.under_review}f"
        if score.suggested:
            text += f"({score.suggested}s)"
    if score.right_under_review:
        text += f" ?{score.right_under_review}"
    return text


def report_table(report: EvalReport, split: str | None = None) -> Table:
    columns = [*report.variants, ALL]
    which = f"{split} split, " if split and split != ALL else ""
    table = Table(
        title=f"Extraction vs truth — {which}{report.documents} documents",
        caption=(
            "right/scored accuracy; N! = N wrong values NOT listed in needs_review (confidently wrong); "
            "+Nf = N handwritten values flagged for review, (Ms) = M of them offered with the right value "
            "from the file name or the signing time; ?N = N right values still listed in needs_review "
            "(checked by a person for nothing)"
        ),
    )
    table.add_column("field", style="bold")
    for column in columns:
        table.add_column(column, justify="right")
    for field, scores in report.fields.items():
        table.add_row(field, *[_cell(scores.get(c)) for c in columns])
    if report.references:
        cells = []
        for c in columns:
            score = report.references.get(c)
            f1 = score.f1 if score else None
            cells.append(
                "–"
                if score is None or f1 is None
                else f"F1 {f1:.2f} (P {score.precision or 0:.2f} R {score.recall or 0:.2f})"
            )
        table.add_row("references", *cells)
    return table


def register(app: typer.Typer) -> None:
    @app.command("eval")
    def eval_command(
        folders: Annotated[list[Path], typer.Argument(help="folders, each with a truth.jsonl and the files it names")],
        split: Annotated[
            str | None,
            typer.Option("--split", help="score only the truth rows of this split (tuning, holdout)"),
        ] = None,
        json_output: Annotated[bool, typer.Option("--json", help="print the report as JSON")] = False,
        file_names: Annotated[
            FileNames,
            typer.Option(
                "--file-names",
                help="the name each file is read under: as published (truth's source_path), as stored, or neutral",
            ),
        ] = FileNames.published,
    ) -> None:
        """Extract every file named in FOLDER/truth.jsonl and score the fields against the truth."""
        console = Console(stderr=True)
        truth: list[dict[str, Any]] = []
        records: list[DocumentRecord] = []
        try:
            for folder in folders:
                rows = [row for row in load_truth(folder) if split is None or row.get("split") == split]
                present = [row for row in rows if (folder / row["file"]).is_file()]
                for row in rows:
                    if row not in present:
                        typer.echo(f"missing file: {folder / row['file']}", err=True)
                records += extract_as_named(folder, present, file_names, console)
                # with several folders a row is named by its path, so equal names cannot mix
                truth += [{**row, "file": str(folder / row["file"])} if len(folders) > 1 else row for row in rows]
        except EvalInputError as error:
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(2) from None
        if split is not None and not truth:
            typer.echo(f"error: no truth row has split {split!r}", err=True)
            raise typer.Exit(2)
        reports = score_by_split(records, truth)
        if json_output:
            # the whole report as before, and each split's report under "splits"
            payload = json.loads(reports[ALL].model_dump_json())
            payload["splits"] = {
                name: json.loads(report.model_dump_json()) for name, report in reports.items() if name != ALL
            }
            typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
            return
        out = Console()
        shown = splits_of(truth) or [ALL]
        for name in shown:
            out.print(report_table(reports[name], name))
        report = reports[ALL]
        if report.missing:
            typer.echo(f"no record for: {', '.join(report.missing)}", err=True)
