"""`kiemchung crawl` and `kiemchung serve-flows`: bring newly published documents home, now or on schedule."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import httpx
import typer
from rich.console import Console

from kiemchung.progress import progress_bar
from kiemchung.settings import get_settings
from kiemchung.sources.config import SourcesConfigError, default_sources_file, load_sources
from kiemchung.sources.crawl import CrawlCounts, CrawlReport, CrawlSession, ItemResult
from kiemchung.sources.crawlers import Discovery

_STYLE = {
    "new": "green",
    "duplicate": "cyan",
    "unchanged": "dim",
    "refused": "yellow",
    "rejected": "red",
    "failed": "red",
}
SOURCES_HELP = "sources YAML (default: $KIEMCHUNG_SOURCES or ./sources.yaml)"
PREFECT_HELP = "run as the Prefect `crawl` flow (ephemeral, or on $PREFECT_API_URL)"


def _fail(command: str, message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"kiemchung {command}: {message}", err=True)
    return typer.Exit(code)


def _crawl_here(sources_file: Path, as_json: bool, console: Console) -> CrawlReport:
    """The crawl in this process, without Prefect: the same steps the `crawl` flow calls."""
    from kiemchung.archive import Archive
    from kiemchung.commands.store import _deferred_index
    from kiemchung.sources.arrivals import ArrivalIngestor

    config = load_sources(sources_file)
    settings = get_settings()
    store = _deferred_index("crawl", console)  # opened when first needed; unreachable, it queues
    progress = progress_bar(console, spinner=True)
    try:
        with CrawlSession(config, settings.home) as session, progress:
            names = session.source_names()
            discovering = progress.add_task("reading listing pages", total=len(names))
            fetching = progress.add_task("fetching new documents", total=0)

            def on_discovery(found: Discovery) -> None:
                progress.advance(discovering)
                progress.update(fetching, total=(progress.tasks[fetching].total or 0) + len(found.to_fetch))
                for error in found.errors:
                    console.print(f"[yellow]page not read[/yellow] {error}")

            def on_item(item: ItemResult) -> None:
                progress.advance(fetching)
                if as_json:
                    sys.stdout.write(item.model_dump_json() + "\n")
                    sys.stdout.flush()
                if item.outcome != "unchanged":
                    name = item.file_name or item.url
                    reason = f": {item.reason}" if item.reason else ""
                    style = "yellow" if item.index_pending else _STYLE[item.outcome]
                    console.print(f"[{style}]{item.outcome}[/] {name}{reason}")

            ingest = ArrivalIngestor(Archive(settings.home), store)
            return session.run(ingest, sources=names, on_discovery=on_discovery, on_item=on_item)
    finally:
        store.close()


def register(app: typer.Typer) -> None:
    @app.command()
    def crawl(
        sources: Annotated[Path | None, typer.Option("--sources", help=SOURCES_HELP)] = None,
        as_json: Annotated[bool, typer.Option("--json", help="one JSON line per document on stdout")] = False,
        prefect: Annotated[bool, typer.Option("--prefect", help=PREFECT_HELP)] = False,
    ) -> None:
        """Crawl the configured portals, feeds and folders; ingest exactly the documents not seen before."""
        sources_file = sources or default_sources_file()
        console = Console(stderr=True, soft_wrap=True)
        try:
            load_sources(sources_file)  # a bad file fails here, in one line, before any request
            if prefect:
                from flows.crawl import crawl as crawl_flow

                counts = crawl_flow(sources_file=str(sources_file), home=str(get_settings().home))
            else:
                report = _crawl_here(sources_file, as_json, console)
                counts = report.counts().model_dump()
                for error in report.page_errors():
                    console.print(f"[yellow]page not read[/yellow] {error}")
        except SourcesConfigError as error:
            raise _fail("crawl", str(error)) from error
        console.print(", ".join(f"{count} {name}" for name, count in counts.items()))
        if as_json and prefect:
            sys.stdout.write(json.dumps({"counts": counts}) + "\n")
        if code := CrawlCounts.model_validate(counts).exit_code:
            raise typer.Exit(code)

    @app.command("serve-flows")
    def serve_flows(
        deployments: Annotated[
            Path | None, typer.Option("--file", help="a prefect.yaml (default: flows/prefect.yaml)")
        ] = None,
    ) -> None:
        """Serve the scheduled flows (crawl, reindex, retag, ingest) from this process until interrupted."""
        from flows.serve import PREFECT_YAML, DeploymentFileError
        from flows.serve import serve_flows as serve

        try:
            serve(deployments or PREFECT_YAML)
        except DeploymentFileError as error:
            raise _fail("serve-flows", str(error)) from error

    @app.command("deploy-flows")
    def deploy_flows(
        pool: Annotated[str, typer.Option("--pool", help="the work pool whose workers run them")] = "kiemchung",
        deployments: Annotated[
            Path | None, typer.Option("--file", help="a prefect.yaml (default: flows/prefect.yaml)")
        ] = None,
    ) -> None:
        """Create the work pool and queues unless they exist, register the deployments (with schedules)
        on the Prefect server at $PREFECT_API_URL."""
        from flows.serve import PREFECT_YAML, DeploymentFileError, register_deployments

        try:
            for name in register_deployments(pool, deployments or PREFECT_YAML):
                typer.echo(f"deployed {name} → work pool {pool}")
        except httpx.HTTPError as error:
            raise _fail("deploy-flows", f"Prefect server not reachable ({error})") from error
        except DeploymentFileError as error:
            raise _fail("deploy-flows", str(error)) from error

    @app.command("ingest-in-batches")
    def ingest_in_batches(
        paths: Annotated[list[Path], typer.Argument(help="files or folders (paths every worker sees)")],
        batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="files per flow run")] = 50,
        timeout: Annotated[float, typer.Option("--timeout", help="seconds to wait for every batch")] = 24 * 3600,
    ) -> None:
        """Split the files into batches, queue one `ingest-batch` flow run per batch on the work pool
        (any free worker takes one) and wait for them. Needs `deploy-flows` and running workers."""
        import os

        from prefect.client.orchestration import get_client
        from prefect.exceptions import ObjectNotFound

        from extractors.pipeline import iter_pdf_paths
        from flows.fanout import BATCH_DEPLOYMENT, ingest_fanout

        api = os.environ.get("PREFECT_API_URL")
        if not api:
            raise _fail("ingest-in-batches", "set PREFECT_API_URL to the Prefect server your workers poll")
        missing = [str(path) for path in paths if not path.exists()]
        if missing:
            raise _fail("ingest-in-batches", f"not found: {', '.join(missing)}")
        if not iter_pdf_paths(paths):
            raise _fail("ingest-in-batches", "no PDF or Word files found in what was given")
        try:
            httpx.get(f"{api.rstrip('/')}/health", timeout=10).raise_for_status()
        except httpx.HTTPError as error:
            raise _fail("ingest-in-batches", f"Prefect server at {api} not reachable ({error})") from error
        try:
            with get_client(sync_client=True) as client:
                client.read_deployment_by_name(BATCH_DEPLOYMENT)
        except ObjectNotFound as error:
            raise _fail("ingest-in-batches", f"no deployment {BATCH_DEPLOYMENT} on {api}: run deploy-flows") from error
        counts = ingest_fanout(
            inputs=[str(path.resolve()) for path in paths],
            batch_size=batch_size,
            timeout_seconds=timeout,  # no home: each worker's own KIEMCHUNG_HOME decides
        )
        typer.echo(", ".join(f"{count} {name}" for name, count in counts.items()))
        if counts["failed"] or counts["unfinished"]:
            raise typer.Exit(1)
