"""Word attachments as Word reads them → a PDF with a Unicode text layer, read like any PDF.

Portals often attach the Word file instead of, or beside, the signed PDF. The original stays the
document of record (its sha256 is the identity); the PDF made here is derived and disposable.

What the bytes are decides the way, never the name (`input_checks.sniff`):
- Word 97 (`.doc`, OLE) and RTF: LibreOffice turns them into .docx, whose legacy-font runs (TCVN3,
  VNI) are decoded to Unicode (`office_docx`), then into PDF;
- .docx: decoded the same way, then into PDF;
- Word 2003 XML: its runs decoded in place (`office_docx`), then into PDF;
- HTML saved with a Word name, or a single-file web page (MHT): decoded by its charset and legacy
  fonts (`office_html`), then into PDF.

Each LibreOffice run has its own profile folder (parallel conversions would otherwise share one
and fail), the reading budget's address-space and CPU caps (`limit_office_runs`), and its own
process group, killed whole on timeout and when the reading worker ends (`kill_office_runs`):
`soffice` starts `soffice.bin`, which would otherwise outlive a killed parent.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from extractors.input_checks import BadInput
from extractors.office_docx import decode_legacy_runs, decode_legacy_wordml
from extractors.office_html import html_of_mht, read_html

CONVERSION_TIMEOUT_SECONDS = 180
# Address space and CPU one LibreOffice run may take (a zip-bomb document fails alone); the
# reading worker sets them to its own budget.
_LIMITS = {"memory_bytes": 3 * 1024**3, "cpu_seconds": CONVERSION_TIMEOUT_SECONDS}
_LIVE_GROUPS: set[int] = set()
_LIVE_LOCK = threading.Lock()

# LibreOffice import filters by sniffed kind, tried in order: naming the filter stops LibreOffice
# from reading a damaged file as plain text (it would "convert" the garbage, slowly). An OLE file is
# Word 97-2003, or else an older Word 95 / 6.0.
_IMPORT_FILTERS: dict[str, tuple[str, ...]] = {
    "doc": ("MS Word 97", "MS Word 95", "MS WinWord 6.0"),
    "rtf": ("Rich Text Format",),
    "docx": ("MS Word 2007 XML",),
    "html": ("HTML (StarWriter)",),
    "mht": ("HTML (StarWriter)",),  # the page inside, written out as HTML first
    "wordxml": ("MS Word 2003 XML",),
}
_DESCRIPTIONS = {
    "doc": "Word .doc",
    "rtf": "RTF",
    "docx": ".docx",
    "html": "HTML",
    "mht": "MHT web page",
    "wordxml": "Word 2003 XML",
}


@dataclass(frozen=True)
class ConvertedOffice:
    pdf: Path
    note: str  # how the file was read, for each page's `reason`
    docx: bytes | None = None  # the .docx that was rendered, where there was one (its pictures)


def office_binary() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def limit_office_runs(memory_bytes: int, cpu_seconds: int) -> None:
    """The caps of every later LibreOffice run of this process (its reading budget)."""
    _LIMITS.update(memory_bytes=memory_bytes, cpu_seconds=cpu_seconds)


def kill_office_runs() -> None:
    """Kill every LibreOffice run of this process, with its children (a reading worker's last act)."""
    with _LIVE_LOCK:
        groups = list(_LIVE_GROUPS)
    for group in groups:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(group, signal.SIGKILL)


def run_office(arguments: list[str], *, timeout: float | None = None, binary: str | None = None) -> None:
    """Run LibreOffice headless once, in a fresh profile, killed with its children on timeout."""
    timeout = min(CONVERSION_TIMEOUT_SECONDS, _LIMITS["cpu_seconds"]) if timeout is None else timeout
    binary = binary or office_binary()
    if binary is None:
        raise BadInput("cannot read Word files: LibreOffice is not installed (run scripts/setup)")
    with tempfile.TemporaryDirectory(prefix="kiemchung-lo-profile-") as profile:
        command = [
            *_memory_cap(),
            binary,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            *arguments,
        ]
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        with _LIVE_LOCK:
            _LIVE_GROUPS.add(process.pid)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise BadInput(f"over time budget: the Word conversion timed out after {timeout:g} s") from None
        finally:
            _kill_group(process)
            with _LIVE_LOCK:
                _LIVE_GROUPS.discard(process.pid)


def _memory_cap() -> list[str]:
    """util-linux's prlimit in front of the command (Popen's preexec_fn is unsafe with threads): the
    caps pass to soffice.bin and everything it starts."""
    prlimit = shutil.which("prlimit")
    caps = [f"--as={_LIMITS['memory_bytes']}", f"--cpu={_LIMITS['cpu_seconds']}", "--core=0"]
    return [prlimit, *caps, "--"] if prlimit else []


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill what is left of the run's process group (soffice.bin after its launcher), then reap."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _convert(source: Path, kind: str, target_format: str, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    produced = out_dir / f"{source.stem}.{target_format.split(':')[0]}"
    for import_filter in _IMPORT_FILTERS[kind]:
        run_office(
            [f"--infilter={import_filter}", "--convert-to", target_format, "--outdir", str(out_dir), str(source)]
        )
        if produced.exists() and produced.stat().st_size > 0:
            return produced
    raise BadInput(f"corrupt {_DESCRIPTIONS[kind]} file: LibreOffice could not read it")


def office_to_pdf(data: bytes, kind: str, folder: Path) -> ConvertedOffice:
    """Convert a Word file (`kind` as sniffed: doc, rtf, wordxml, docx, html or mht) to a PDF in `folder`."""
    if kind not in _IMPORT_FILTERS:
        raise BadInput(f"not a Word file: {kind}")
    if kind in ("html", "mht"):
        page, charset = html_of_mht(data) if kind == "mht" else (data, None)
        reading = read_html(page, charset)
        source = folder / "attachment.html"
        source.write_text(reading.html, encoding="utf-8")
        pdf = _convert(source, "html", "pdf:writer_pdf_Export", folder / "pdf")
        prefix = "MHT web page, " if kind == "mht" else ""
        return ConvertedOffice(pdf, f"converted from {prefix}{reading.describe()}")
    if kind == "wordxml":
        try:
            decoded, found = decode_legacy_wordml(data)
        except etree.XMLSyntaxError as error:
            raise BadInput(f"corrupt Word 2003 XML file: {str(error).splitlines()[0]}") from None
        source = folder / "attachment.xml"
        source.write_bytes(decoded)
        pdf = _convert(source, kind, "pdf:writer_pdf_Export", folder / "pdf")
        return ConvertedOffice(pdf, f"converted from {_DESCRIPTIONS[kind]}{found.describe()}")
    source = folder / f"attachment.{kind}"
    source.write_bytes(data)
    docx = data if kind == "docx" else _convert(source, kind, "docx:MS Word 2007 XML", folder / "docx").read_bytes()
    try:
        decoded, found = decode_legacy_runs(docx)
        note, changed = found.describe(), bool(found)
    except BadInput:
        raise
    except Exception as error:  # a .docx LibreOffice accepts but whose XML is damaged: render as is
        decoded, changed = docx, False
        note = f"; legacy fonts not checked ({type(error).__name__})"
    if changed or kind != "docx":
        source = folder / "decoded.docx"
        source.write_bytes(decoded)
    pdf = _convert(source, "docx", "pdf:writer_pdf_Export", folder / "pdf")
    return ConvertedOffice(pdf, f"converted from {_DESCRIPTIONS[kind]}{note}", decoded)
