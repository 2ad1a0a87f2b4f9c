"""Word attachments (.doc, .docx) → PDF with LibreOffice headless, so they are read like any PDF.

Portals often attach the Word file instead of, or beside, the signed PDF. The original stays the
document of record (its sha256 is the identity); the PDF made here is derived and disposable.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from extractors.input_checks import BadInput

CONVERSION_TIMEOUT_SECONDS = 180


def office_binary() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(data: bytes, suffix: str, out_dir: Path) -> Path:
    """Write `data` (a .doc/.docx) to `out_dir`, convert it, and return the PDF's path."""
    binary = office_binary()
    if binary is None:
        raise BadInput(f"cannot read {suffix} files: LibreOffice is not installed (run scripts/setup)")
    source = out_dir / f"attachment{suffix}"
    source.write_bytes(data)
    with tempfile.TemporaryDirectory(prefix="kiemchung-lo-") as profile:
        command = [
            binary, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--nologo",
            "--convert-to", "pdf", "--outdir", str(out_dir), str(source),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=CONVERSION_TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise BadInput(f"{suffix} conversion timed out after {CONVERSION_TIMEOUT_SECONDS} s") from None
    converted = out_dir / "attachment.pdf"
    if not converted.exists() or converted.stat().st_size == 0:
        raise BadInput(f"corrupt {suffix} file: LibreOffice could not convert it")
    return converted
