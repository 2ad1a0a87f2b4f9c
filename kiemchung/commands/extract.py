"""`kiemchung extract FILE... [--json]`: read documents and print their records."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from core.models import DocumentRecord
from kiemchung.extraction_cache import DirectoryRecordCache
from kiemchung.progress import progress_bar
from kiemchung.settings import get_settings

if TYPE_CHECKING:
    from extractors.pipeline import ExtractionOptions


def build_options(
    dpi: int | None,
    language: str | None,
    max_pages: int,
    force_ocr: bool,
    workers: int | None,
    retry_failed: bool = False,
) -> ExtractionOptions:
    from extractors.ocr import OcrSettings
    from kiemchung.extraction_options import extraction_options

    settings = get_settings()
    ocr = OcrSettings(dpi=dpi or settings.ocr_dpi, language=language or settings.ocr_language)
    return extraction_options(
        settings, ocr=ocr, max_pages=max_pages, force_ocr=force_ocr, workers=workers, retry_failed=retry_failed
    )


def print_summary(console: Console, record: DocumentRecord) -> None:
    console.print(f"[bold]{record.file}[/bold]  sha256 {record.sha256[:12]}…")
    if record.error:
        console.print(f"  [red]error:[/red] {record.error}")
    if not record.pages:
        return
    methods = ", ".join(f"{p.page}:{p.method}" for p in record.pages[:12])
    more = f" (+{len(record.pages) - 12} more)" if len(record.pages) > 12 else ""
    console.print(f"  pages {record.page_count}: {methods}{more}")
    rows = [
        ("type", record.doc_type),
        ("number", record.number),
        ("issuer", record.issuer),
        ("superior", record.superior),
        ("place", record.place),
        ("issue date", record.issue_date.isoformat() if record.issue_date else None),
        ("subject", record.subject),
        (
            "signer",
            " ".join(filter(None, [record.signer.capacity, record.signer.title, record.signer.name]))
            if record.signer
            else None,
        ),
        ("signature", record.signature.status),
        ("references", ", ".join(r.number or "?" for r in record.references[:8]) or None),
        ("evidence", ", ".join(sorted({e.criterion for e in record.evidence})) or None),
        ("needs review", ", ".join(record.needs_review) or None),
    ]
    for label, value in rows:
        if value:
            console.print(f"  {label:<12} {value}")


def register(app: typer.Typer) -> None:
    @app.command()
    def extract(
        files: Annotated[list[Path], typer.Argument(help="PDF files or folders of PDFs")],
        as_json: Annotated[bool, typer.Option("--json", help="JSON Lines, one record per file")] = False,
        words: Annotated[bool, typer.Option("--words", help="include word boxes in --json output")] = False,
        dpi: Annotated[
            int | None, typer.Option(min=50, max=1200, help="OCR rendering resolution (default 300)")
        ] = None,
        language: Annotated[str | None, typer.Option(help="Tesseract language (default vie)")] = None,
        max_pages: Annotated[int, typer.Option(min=1, help="refuse files with more pages")] = 2000,
        force_ocr: Annotated[bool, typer.Option(help="OCR every page, ignoring text layers")] = False,
        workers: Annotated[int | None, typer.Option(min=0, help="OCR processes (default: every core)")] = None,
        cache: Annotated[bool, typer.Option(help="reuse records of unchanged files")] = True,
        retry_failed: Annotated[
            bool, typer.Option("--retry-failed", help="read again files remembered as over their budget")
        ] = False,
    ) -> None:
        """Read documents: text layer or OCR per page, NĐ30 fields, evidence tags."""
        from extractors.pipeline import extract_files, iter_pdf_paths  # heavy: loaded when the command runs

        paths = iter_pdf_paths(files)
        if not paths:
            typer.echo("kiemchung extract: no files given", err=True)
            raise typer.Exit(2)
        options = build_options(dpi, language, max_pages, force_ocr, workers, retry_failed)
        cache_dir = get_settings().cache_dir
        record_cache = DirectoryRecordCache(cache_dir / "extract") if cache else None
        failures = DirectoryRecordCache(cache_dir / "over-budget") if cache else None  # as `ingest` keeps them
        err_console = Console(stderr=True)
        console = Console()
        with progress_bar(err_console) as progress:
            task = progress.add_task("extracting", total=len(paths))

            def emit(record: DocumentRecord) -> None:
                progress.advance(task)
                if as_json:
                    sys.stdout.write(record.contract_json(with_words=words) + "\n")
                    sys.stdout.flush()
                else:
                    print_summary(console, record)

            records = extract_files(paths, options, cache=record_cache, on_record=emit, failures=failures)
        if all(r.error for r in records):
            raise typer.Exit(1)
