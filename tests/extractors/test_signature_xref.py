"""Cross-reference sections read for signature checking: bounded on a /Prev loop (issue 15) and, in
bulk, exactly what pyHanko's own readers give (issue 17)."""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from extractors import signature_xref
from extractors.signature import read_signatures
from samples.hostile import xref_loop
from samples.signing import make_signature_samples, make_test_pki

REPO = Path(__file__).resolve().parents[2]
GAZETTES = sorted((REPO / "tests/fixtures/realdocs/more").glob("congbao-*.pdf"))[:6]
# Far above what these take (seconds): past it the reader is looping, and the test fails on the outcome.
BOUND_SECONDS = 60


def _in_python(*arguments: str, env: dict[str, str] | None = None) -> str | None:
    """stdout of `python ARGUMENTS` in a fresh interpreter, or None when it did not end within the bound."""
    try:
        done = subprocess.run(
            [sys.executable, *arguments],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=BOUND_SECONDS,
            env=env,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return None
    return done.stdout


def test_a_prev_loop_makes_the_file_unreadable_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "xref-loop.pdf"
    path.write_bytes(xref_loop())
    code = (
        "import sys\nfrom extractors.signature import read_signatures\n"
        "print(read_signatures(open(sys.argv[1], 'rb').read()).model_dump_json())"
    )
    out = _in_python("-c", code, str(path))
    assert out is not None, "signature reading did not end: the /Prev loop is followed forever"
    report = json.loads(out)
    assert report["status"] == "unsigned" and report["signatures"] == []
    assert report["reason"].startswith("PDF could not be read: the cross-reference sections loop")
    assert "\n" not in report["reason"]


def test_a_file_with_a_prev_loop_gets_its_record_not_a_budget_error(tmp_path: Path) -> None:
    """Through `kiemchung extract` with a short per-file budget: the old reader spent all of it."""
    path = tmp_path / "xref-loop.pdf"
    path.write_bytes(xref_loop())
    env = {key: value for key, value in os.environ.items() if not key.startswith("KIEMCHUNG_")}
    env.update({"KIEMCHUNG_HOME": str(tmp_path / "home"), "KIEMCHUNG_TIME_BUDGET_SECONDS": "20"})
    out = _in_python("-m", "kiemchung.cli", "extract", "--json", "--no-cache", str(path), env=env)
    assert out is not None, "extract did not end"
    record = json.loads(out.splitlines()[0])
    assert record["error"] is None, record["error"]
    assert record["page_count"] == 1 and record["signature"]["status"] == "unsigned"


def _sections(data: bytes) -> Any:
    """Every cross-reference section as pyHanko holds it, or the error reading raised."""
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
    except Exception as error:
        return (type(error).__name__, str(error))

    def tables(section: Any) -> Any:
        hybrid = section.hybrid
        return (
            list(section.freed.items()),
            list(section.standard_xrefs.items()),
            list(section.xrefs_in_objstm.items()),
            sorted(section.explicit_refs_in_revision),
            sorted(section.obj_streams_used),
            (hybrid.meta_info, tables(hybrid.xref_data)) if hybrid is not None else None,
        )

    return [(section.meta_info, tables(section.xref_data)) for section in reader.xrefs._xref_sections]


def _both(data: bytes) -> tuple[Any, Any]:
    signature_xref.uninstall()
    try:
        theirs = _sections(data)
    finally:
        signature_xref.install()
    return theirs, _sections(data)


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    signed = {f"sample {s.case}": s.data for s in make_signature_samples(make_test_pki(), make_test_pki("CA lạ"))}
    return {**signed, **{path.name: path.read_bytes() for path in GAZETTES}}


def test_bulk_readers_give_pyhankos_sections(pdfs: dict[str, bytes]) -> None:
    """Tables, streams and hybrid files (the gazette reprints have all three), incremental updates."""
    assert len(GAZETTES) == 6
    for name, data in pdfs.items():
        theirs, ours = _both(data)
        assert isinstance(theirs, list) and theirs, name
        assert ours == theirs, name


def test_bulk_readers_give_pyhankos_sections_or_errors_on_damaged_files(pdfs: dict[str, bytes]) -> None:
    """Bytes changed near the cross-reference data: the same sections, or the same error."""
    rng = random.Random(7)
    for name, original in pdfs.items():
        spots = [m.start() for m in re.finditer(rb"xref|/W |/Index|/Prev|trailer", original)]
        for _ in range(8):
            data = bytearray(original)
            for _ in range(rng.randint(1, 3)):
                at = min(len(data) - 1, max(0, rng.choice(spots) + rng.randint(-40, 400)))
                data[at] = rng.choice(b"0123456789 \r\nnft<>/[]R\x00\xff")
            theirs, ours = _both(bytes(data))
            assert ours == theirs, name


def test_a_signed_file_still_verifies() -> None:
    sample = next(s for s in make_signature_samples(make_test_pki(), make_test_pki("CA lạ")) if s.case == "valid")
    assert read_signatures(sample.data).status == "untrusted"  # no trust root given: intact, chain unknown
