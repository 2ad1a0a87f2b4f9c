"""`kiemchung ingest | search | verify | reindex`: the archive and the evidence store from the shell."""

from __future__ import annotations

import datetime as dt
import html
import re
import sys
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.text import Text

from kiemchung.archive import Archive
from kiemchung.progress import progress_bar
from kiemchung.settings import get_settings
from kiemchung.stores import EvidenceStore, SearchQuery, SearchResult, StoreError, open_store
from kiemchung.stores.ingest import (
    BatchExtractor,
    IngestOutcome,
    IngestSummary,
    ingest_paths,
    load_file_extractor,
    per_file,
    pipeline_extractor,
)
from kiemchung.stores.outbox import INDEX_PENDING_EXIT, DeferredIndex, DrainReport, Outbox, store_key_for
from kiemchung.stores.reindex import rebuild as rebuild_index

ISO_DATE = "%Y-%m-%d"
_MARK = re.compile(r"<mark>(.*?)</mark>", re.DOTALL)


def _fail(command: str, message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"kiemchung {command}: {message}", err=True)
    return typer.Exit(code)


def _open(command: str) -> tuple[Archive, EvidenceStore]:
    settings = get_settings()
    try:
        return Archive(settings.home), open_store(settings)
    except StoreError as error:
        raise _fail(command, str(error)) from error


def _deferred_index(command: str, console: Console) -> DeferredIndex:
    """The store of the settings, opened when first needed; unreachable, it queues in the outbox.
    Settings that cannot work at all (a malformed URL, half a password) still fail here, at once."""
    settings = get_settings()
    if settings.elasticsearch_url:
        from kiemchung.stores.es_connection import ElasticsearchConnection

        try:
            ElasticsearchConnection.from_settings(settings)
        except StoreError as error:
            raise _fail(command, str(error)) from error

    def unavailable(problem: str) -> None:
        console.print(
            f"[yellow]index unavailable[/yellow] {problem} — archiving and extracting go on; "
            "what is not indexed is queued and indexed by the next ingest, reindex or repair"
        )

    return DeferredIndex(
        lambda: open_store(settings),
        name="elasticsearch" if settings.elasticsearch_url else "sqlite",
        key=store_key_for(settings.elasticsearch_url, settings.elasticsearch_index_prefix),
        outbox=Outbox.in_home(settings.home),
        on_unavailable=unavailable,
    )


def _exit_if_index_pending(index: DeferredIndex, drained: DrainReport | None, console: Console) -> None:
    """Exit INDEX_PENDING_EXIT when the outbox still holds work for this store (printed in one line)."""
    if drained is not None and (drained.indexed or drained.removed):
        console.print(f"index caught up: {drained.indexed} queued documents indexed, {drained.removed} removed")
    for problem in drained.problems if drained is not None else []:
        console.print(f"[red]not indexed[/red] {problem}")
    assert index.outbox is not None
    left = index.outbox.count(index.key)
    if left:
        console.print(
            f"[yellow]{left} documents archived, index pending[/yellow] (queued in the outbox; "
            "they are indexed by the next ingest, reindex or repair that reaches the index)"
        )
        raise typer.Exit(INDEX_PENDING_EXIT)


def _snippet_text(snippet: str) -> Text:
    """<mark>…</mark> in an HTML-escaped snippet → highlighted terminal text."""
    text = Text()
    cursor = 0
    for match in _MARK.finditer(snippet):
        text.append(html.unescape(snippet[cursor : match.start()]))
        text.append(html.unescape(match.group(1)), style="bold black on yellow")
        cursor = match.end()
    text.append(html.unescape(snippet[cursor:]))
    return text


def print_result(console: Console, result: SearchResult) -> None:
    query = result.query
    first = query.offset + 1
    last = query.offset + len(result.hits)
    shown = f"{first}–{last}" if result.hits else "none"
    console.print(f"[bold]{result.total}[/bold] {result.target} found (showing {shown})")
    for rank, hit in enumerate(result.hits, start=first):
        title = " · ".join(
            str(part)
            for part in (hit.number or hit.sha256[:12], hit.doc_type, hit.issue_date, hit.issuer, hit.unit, hit.year)
            if part
        )
        console.print(Text(f"{rank}. {title}", style="bold"))
        where = " · ".join(
            part
            for part in (
                f"page {hit.page}" if hit.page is not None else "",
                f"criterion {hit.criterion}" if hit.criterion else "",
                f"rule {hit.rule}" if hit.rule else "",
            )
            if part
        )
        if where:
            console.print(Text(f"   {where}", style="cyan"))
        if hit.snippet:
            console.print(Text("   ").append(_snippet_text(hit.snippet)))
    facets = result.facets
    for name in ("criterion", "unit", "year", "doc_type"):
        buckets = getattr(facets, name)
        if buckets:
            counts = ", ".join(f"{b.value} ({b.count})" for b in buckets[:10])
            console.print(Text(f"{name}: {counts}", style="dim"))


def register(app: typer.Typer) -> None:
    @app.command()
    def ingest(
        paths: Annotated[list[Path], typer.Argument(help="PDF files or folders of them")],
        as_json: Annotated[bool, typer.Option("--json", help="one JSON line per file")] = False,
        extractor: Annotated[
            str | None, typer.Option(hidden=True, help="module:function extracting one file (tests)")
        ] = None,
        verify: Annotated[
            bool, typer.Option("--verify", help="read and hash every file, even those unchanged since last time")
        ] = False,
        retry_failed: Annotated[
            bool, typer.Option("--retry-failed", help="read again files remembered as over their budget")
        ] = False,
    ) -> None:
        """Archive files, extract them (unless already done for this extractor version), index them.
        Files unchanged since they were last indexed (path, size, mtime, inode) are not read again."""
        from extractors.pipeline import iter_pdf_paths
        from kiemchung.stores.seen_files import SeenFiles

        missing = [str(path) for path in paths if not path.exists()]
        if missing:
            raise _fail("ingest", f"no such file or folder: {', '.join(missing)}")
        files = iter_pdf_paths(paths)
        if not files:
            raise _fail("ingest", "no PDF files found in what was given")
        try:
            extract = per_file(load_file_extractor(extractor)) if extractor else None
        except ValueError as error:
            raise _fail("ingest", str(error)) from error
        if extract is None:  # options first: settings that cannot work stop ingest before it archives
            from kiemchung.extraction_options import extraction_options

            extract = pipeline_extractor(extraction_options(retry_failed=retry_failed))
        settings = get_settings()
        console = Console(stderr=True, soft_wrap=True)  # one line per problem, however long
        index = _deferred_index("ingest", console)
        archive = Archive(settings.home)
        seen = SeenFiles(settings.home)
        try:
            with progress_bar(console) as progress:
                task = progress.add_task("ingesting", total=len(files))

                def on_outcome(outcome: IngestOutcome) -> None:
                    progress.advance(task)
                    if as_json:
                        sys.stdout.write(outcome.model_dump_json() + "\n")
                        sys.stdout.flush()
                    elif outcome.status == "failed":
                        console.print(f"[red]failed[/red] {outcome.file}: {outcome.error}")
                    elif outcome.index == "pending":
                        console.print(f"[yellow]{outcome.label}[/yellow] {outcome.file}")

                summary = ingest_paths(
                    files, archive, index, extract=extract, on_outcome=on_outcome, seen=seen, verify=verify
                )
        except StoreError as error:
            raise _fail("ingest", str(error)) from error
        finally:
            index.close()
            seen.close()
        for item_error in summary.index.errors:
            console.print(f"[red]not indexed[/red] {item_error.kind} {item_error.id}: {item_error.reason}")
        console.print(
            f"{summary.extracted} extracted, {summary.unchanged} unchanged ({len(files) - summary.read} not read), "
            f"{summary.failed} failed; "
            f"indexed {summary.index.documents} documents, {summary.index.pages} pages, "
            f"{summary.index.evidence} evidence items ({index.name})"
        )
        if summary.failed == len(files) or summary.index.errors:
            raise typer.Exit(1)
        _exit_if_index_pending(index, summary.drained, console)

    @app.command()
    def search(
        text: Annotated[str, typer.Argument(help='words (diacritics optional), "quoted phrases"')] = "",
        criterion: Annotated[str | None, typer.Option(help="criterion id; its sub-criteria are included")] = None,
        unit: Annotated[str | None, typer.Option(help="appraised unit id")] = None,
        year: Annotated[int | None, typer.Option(help="the year the evidence counts for")] = None,
        doc_type: Annotated[str | None, typer.Option("--doc-type", help="KH, QĐ, BC, CV…")] = None,
        issued_from: Annotated[dt.datetime | None, typer.Option(formats=[ISO_DATE], help="issued on/after")] = None,
        issued_to: Annotated[dt.datetime | None, typer.Option(formats=[ISO_DATE], help="issued on/before")] = None,
        method: Annotated[str | None, typer.Option(help="pages read by: text, ocr, converted")] = None,
        signature: Annotated[str | None, typer.Option(help="valid, untrusted, modified, invalid, unsigned")] = None,
        target: Annotated[str | None, typer.Option(help="evidence, pages or documents")] = None,
        sort: Annotated[str, typer.Option(help="relevance, newest or oldest")] = "relevance",
        page: Annotated[int, typer.Option(help="result page, from 1")] = 1,
        size: Annotated[int, typer.Option(help="hits per page (at most 100)")] = 10,
        as_json: Annotated[bool, typer.Option("--json", help="the SearchResult as JSON")] = False,
    ) -> None:
        """Search the evidence: highlighted snippets with page numbers, and counts per criterion, unit, year."""
        try:
            query = SearchQuery.model_validate(
                {
                    "text": text,
                    "criterion": criterion,
                    "unit": unit,
                    "year": year,
                    "doc_type": doc_type,
                    "issued_from": issued_from.date() if issued_from else None,
                    "issued_to": issued_to.date() if issued_to else None,
                    "method": method,
                    "signature": signature,
                    "target": target,
                    "sort": sort,
                    "page": page,
                    "size": size,
                }
            )
        except ValidationError as error:
            first = error.errors()[0]
            field = ".".join(str(part) for part in first["loc"]) or "query"
            raise _fail("search", f"{field}: {first['msg']}") from error
        _archive, store = _open("search")
        try:
            result = store.search(query)
        except StoreError as error:
            raise _fail("search", str(error)) from error
        finally:
            store.close()
        if as_json:
            sys.stdout.write(result.model_dump_json() + "\n")
        else:
            print_result(Console(), result)

    @app.command()
    def verify(
        as_json: Annotated[bool, typer.Option("--json", help="problems as JSON lines")] = False,
        index: Annotated[
            bool, typer.Option("--index", help="also compare the archive, its records and the index")
        ] = False,
    ) -> None:
        """Re-hash every archived original; exit 1 if any does not match its sha256 or is missing.
        With --index, also exit 1 when archive, records and index disagree (3 when the only
        difference is what the outbox still owes the index)."""
        archive = Archive(get_settings().home)
        console = Console(stderr=True, soft_wrap=True)  # one line per problem, however long
        index_code = _verify_index(archive, as_json, console) if index else 0
        with progress_bar(console) as progress:
            task = progress.add_task("verifying", total=None)
            problems = archive.verify(progress=lambda _sha: progress.advance(task))
            checked = int(progress.tasks[0].completed)
        for problem in problems:
            if as_json:
                sys.stdout.write(problem.model_dump_json() + "\n")
            else:
                console.print(f"[red]{problem.problem}[/red] {problem.sha256}: {problem.detail}")
        console.print(f"{checked} originals checked, {len(problems)} problems")
        if problems:
            raise typer.Exit(1)
        if index_code:
            raise typer.Exit(index_code)

    @app.command()
    def repair(
        as_json: Annotated[bool, typer.Option("--json", help="one JSON line per re-extracted document")] = False,
        extractor: Annotated[
            str | None, typer.Option(hidden=True, help="module:function extracting one file (tests)")
        ] = None,
    ) -> None:
        """Extract every archived original without a record of this extractor version, index every
        record the index lacks, take superseded versions out of it, and drain the outbox."""
        try:
            extract = per_file(load_file_extractor(extractor)) if extractor else None
        except ValueError as error:
            raise _fail("repair", str(error)) from error
        console = Console(stderr=True, soft_wrap=True)  # one line per problem, however long
        settings = get_settings()
        index = _deferred_index("repair", console)
        try:
            summary = _repair(Archive(settings.home), index, extract, as_json, console)
        except StoreError as error:
            raise _fail("repair", str(error)) from error
        finally:
            index.close()
        console.print(
            f"repair: {summary.extracted} extracted, {summary.failed} failed; "
            f"indexed {summary.index.documents} documents ({index.name})"
        )
        if summary.failed or summary.index.errors:
            raise typer.Exit(1)
        _exit_if_index_pending(index, summary.drained, console)
        if index.problem is not None:  # what the index lacks could not be checked: not repaired
            console.print("[red]not repaired[/red] the index could not be reached to compare it with the archive")
            raise typer.Exit(1)

    @app.command()
    def reindex(as_json: Annotated[bool, typer.Option("--json", help="the report as JSON")] = False) -> None:
        """Rebuild the search index from the archive (no PDF is read again) and swap it in atomically."""
        archive, store = _open("reindex")
        settings = get_settings()
        from kiemchung.web.corrections import CorrectedArchive  # what people corrected stays corrected

        console = Console(stderr=True, soft_wrap=True)  # one line per problem, however long
        try:
            archive = CorrectedArchive.in_home(archive, settings.home)
            with progress_bar(console) as progress:
                task = progress.add_task("reindexing", total=None)
                report, drained = rebuild_index(
                    archive, store, settings.home, workers=settings.reindex_workers,
                    on_progress=lambda documents: progress.advance(task, documents),
                )  # fmt: skip
        except StoreError as error:
            raise _fail("reindex", str(error)) from error
        finally:
            store.close()
        if as_json:
            sys.stdout.write(report.model_dump_json() + "\n")
        console.print(
            f"reindexed {report.documents} documents, {report.pages} pages, {report.evidence} evidence items "
            f"({store.name})"
        )
        if report.resumed or report.caught_up:
            console.print(
                f"{report.resumed} documents already done by an interrupted run, "
                f"{report.caught_up} ingested while it ran"
            )
        if report.errors:
            for item_error in report.errors:
                console.print(f"[red]not indexed[/red] {item_error.kind} {item_error.id}: {item_error.reason}")
            raise typer.Exit(1)
        if drained.indexed or drained.removed:
            console.print(f"index caught up: {drained.indexed} queued documents indexed, {drained.removed} removed")
        for problem in drained.problems:
            console.print(f"[red]not indexed[/red] {problem}")
        if drained.left:
            console.print(f"[yellow]{drained.left} documents archived, index pending[/yellow] (queued in the outbox)")
            raise typer.Exit(INDEX_PENDING_EXIT)


def _verify_index(archive: Archive, as_json: bool, console: Console) -> int:
    """Print every disagreement of archive, records and index; → the exit code they call for."""
    from kiemchung.sources.state import CrawlState
    from kiemchung.stores.consistency import compare

    settings = get_settings()
    key = store_key_for(settings.elasticsearch_url, settings.elasticsearch_index_prefix)
    _archive, store = _open("verify")
    try:
        indexed = store.indexed_sha256s()
    except StoreError as error:
        raise _fail("verify", str(error)) from error
    finally:
        store.close()
    with CrawlState.in_home(settings.home) as state:
        superseded = state.superseded()
    found = compare(archive, indexed, Outbox.in_home(settings.home).pending(key), superseded)
    for item in found:
        if as_json:
            sys.stdout.write(item.model_dump_json() + "\n")
        else:
            console.print(f"[red]{item.problem}[/red] {item.sha256}: {item.detail}")
    console.print(f"index: {len(indexed)} documents, {len(found)} disagreements with the archive")
    if not found:
        return 0
    return INDEX_PENDING_EXIT if all(item.problem == "index_pending" for item in found) else 1


def _repair(
    archive: Archive, index: DeferredIndex, extract: BatchExtractor | None, as_json: bool, console: Console
) -> IngestSummary:
    import tempfile

    from extractors import EXTRACTOR_VERSION
    from kiemchung.archive import AddResult
    from kiemchung.sources.arrivals import _StagedArchive
    from kiemchung.sources.state import CrawlState
    from kiemchung.stores.consistency import documents_with_records

    settings = get_settings()
    with CrawlState.in_home(settings.home) as state:
        superseded = state.superseded()
    missing = [sha for sha in sorted(archive.iter_originals()) if not archive.has_record(sha, EXTRACTOR_VERSION)]
    with tempfile.TemporaryDirectory(prefix="kiemchung-repair-") as spill:
        staged: dict[Path, AddResult] = {}
        for sha in missing:
            path = archive.original_path(sha)
            if path is None:  # a blob store without local files: extraction reads a spilled copy
                path = Path(spill) / sha
                path.write_bytes(archive.read_original(sha))
            staged[path] = AddResult(sha256=sha, size=path.stat().st_size, new_original=False, new_source=False)

        def on_outcome(outcome: IngestOutcome) -> None:
            if as_json:
                sys.stdout.write(outcome.model_dump_json() + "\n")
            elif outcome.status == "failed":
                console.print(f"[red]failed[/red] {outcome.sha256}: {outcome.error}")

        summary = ingest_paths(list(staged), _StagedArchive(archive, staged), index, extract=extract,
                               on_outcome=on_outcome)  # fmt: skip
    store = index.get()
    if store is None:
        return summary
    from kiemchung.web.corrections import corrector_in_home  # people's corrections stay corrected

    correct = corrector_in_home(settings.home)
    try:
        indexed = store.indexed_sha256s()
        lacking = sorted(documents_with_records(archive) - indexed - superseded)
        records = [correct(record) for sha in lacking if (record := archive.get_record(sha)) is not None]
        if records:
            result, _queued = index.index(records)
            summary.index = summary.index.model_copy(
                update={"documents": summary.index.documents + result.documents,
                        "errors": summary.index.errors + result.errors}
            )  # fmt: skip
        if stale := sorted(indexed & superseded):
            index.remove(stale)
    except StoreError as error:
        console.print(f"[yellow]index unavailable[/yellow] {' '.join(str(error).split())}")
    return summary
