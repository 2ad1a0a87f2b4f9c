"""`kiemchung eval-tags FOLDER [--json]`: extract the files of FOLDER/truth.jsonl, tag them, and print
tag precision/recall per criterion, and facts read per fact name and per kind of document."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.console import Console
from rich.table import Table

from kiemchung.tag_evaluation import TagEvaluation, evaluate_tags, read_tag_truth


def print_tag_evaluation(report: TagEvaluation, console: Console, misses: int = 20) -> None:
    table = Table(title=f"Evidence tags on {report.documents} documents")
    for column in ("criterion", "TP", "FP", "FN", "precision", "recall"):
        table.add_column(column, justify="right" if column != "criterion" else "left")
    for score in [*report.per_criterion, report.overall]:
        table.add_row(
            score.criterion,
            str(score.true_positives),
            str(score.false_positives),
            str(score.false_negatives),
            f"{score.precision:.3f}",
            f"{score.recall:.3f}",
        )
    console.print(table)
    console.print(
        f"facts: {report.facts_correct}/{report.facts_checked} correct ({report.fact_accuracy:.1%}); "
        f"units {report.units_correct}/{report.units_checked}; years {report.years_correct}/"
        f"{report.years_checked}; unrelated documents tagged: {report.distractors_tagged}/"
        f"{report.distractors}"
    )
    for title, rows in (("Facts by name", report.per_fact), ("Facts by kind of document", report.per_kind)):
        if not any(row.checked for row in rows):
            continue
        # facts: checked against the truth; read: found by the tagger (right or wrong); unread = facts - read
        facts = Table(title=title, box=box.SIMPLE_HEAD, show_edge=False)
        facts.add_column("fact" if rows is report.per_fact else "kind", no_wrap=True)
        for column in ("docs", "facts", "read", "right", "wrong", "acc"):
            facts.add_column(column, justify="right", no_wrap=True)
        for row in rows:
            facts.add_row(
                row.name,
                str(row.documents),
                str(row.checked),
                str(row.read),
                str(row.correct),
                str(row.wrong),
                f"{row.accuracy:.0%}" if row.checked else "—",
            )
        console.print(facts)
    for miss in report.misses[:misses]:
        console.print(f"  [dim]{miss.file}[/dim] {miss.what}: expected {miss.expected!r}, found {miss.found!r}")
    if len(report.misses) > misses:
        console.print(f"  … and {len(report.misses) - misses} more")


def register(app: typer.Typer) -> None:
    @app.command("eval-tags")
    def eval_tags(
        folder: Annotated[Path, typer.Argument(help="folder with PDFs and a truth.jsonl carrying criteria and facts")],
        as_json: Annotated[bool, typer.Option("--json", help="print the numbers as JSON")] = False,
    ) -> None:
        """Tag precision/recall per criterion and fact accuracy against a truth file."""
        truth_path = folder / "truth.jsonl"
        if not truth_path.is_file():
            typer.echo(f"kiemchung eval-tags: {truth_path} not found (the folder needs a truth.jsonl)", err=True)
            raise typer.Exit(2)
        try:
            truth = read_tag_truth(truth_path)
        except ValueError as error:
            typer.echo(f"kiemchung eval-tags: {error}", err=True)
            raise typer.Exit(2) from None
        missing = [row.file for row in truth if not (folder / row.file).is_file()]
        if missing:
            typer.echo(
                f"kiemchung eval-tags: {len(missing)} file(s) named in truth.jsonl are not in {folder} "
                f"(first: {missing[0]})",
                err=True,
            )
            raise typer.Exit(2)
        from extractors.pipeline import extract_files

        records = extract_files([folder / row.file for row in truth])
        report = evaluate_tags(zip(records, truth, strict=True))
        if as_json:
            payload = report.model_dump(exclude={"misses"})
            payload["per_criterion"] = [
                {**score.model_dump(), "precision": score.precision, "recall": score.recall}
                for score in report.per_criterion
            ]
            overall = report.overall
            payload["overall"] = {"precision": overall.precision, "recall": overall.recall}
            payload["fact_accuracy"] = report.fact_accuracy
            for key, rows in (("per_fact", report.per_fact), ("per_kind", report.per_kind)):
                payload[key] = [{**row.model_dump(), "read": row.read, "accuracy": row.accuracy} for row in rows]
            typer.echo(json.dumps(payload, ensure_ascii=False))
            return
        print_tag_evaluation(report, Console())
