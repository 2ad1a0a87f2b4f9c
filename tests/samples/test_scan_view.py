"""Scanned renderings of real born-digital files (`samples.scan_view`)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from samples.scan_view import render_view

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "realdocs" / "more"


def _one_file_folder(tmp_path: Path) -> tuple[Path, dict[str, object]]:
    rows = [json.loads(line) for line in (REAL / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    row = min(
        (r for r in rows if r["split"] == "tuning" and r["variant"] == "digital"),
        key=lambda r: (REAL / r["file"]).stat().st_size,
    )
    source = tmp_path / "source"
    source.mkdir()
    shutil.copy(REAL / row["file"], source / row["file"])
    other = {**row, "file": "other.pdf", "split": "holdout"}
    shutil.copy(REAL / row["file"], source / "other.pdf")
    (source / "truth.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in (row, other)), encoding="utf-8"
    )
    return source, row


def test_a_rendering_is_pictures_only_with_the_same_truth(tmp_path: Path) -> None:
    source, row = _one_file_folder(tmp_path)
    written = render_view(source, tmp_path / "view", "tuning", seed=5)
    assert [w["file"] for w in written] == [f"scan-{row['file']}"]  # the holdout row is left alone
    truth = json.loads((tmp_path / "view" / "truth.jsonl").read_text(encoding="utf-8"))
    assert truth["variant"] == "scan" and truth["scan_of"] == row["file"]
    assert truth["issuer"] == row["issuer"] and truth["subject"] == row["subject"]
    pdf = pdfium.PdfDocument(str(tmp_path / "view" / truth["file"]))
    try:
        assert 1 <= len(pdf) <= 2
        assert all(pdf[i].get_textpage().count_chars() == 0 for i in range(len(pdf)))
    finally:
        pdf.close()


def test_the_same_seed_gives_the_same_bytes(tmp_path: Path) -> None:
    source, row = _one_file_folder(tmp_path)
    name = f"scan-{row['file']}"
    render_view(source, tmp_path / "a", "tuning", seed=5)
    render_view(source, tmp_path / "b", "tuning", seed=5)
    render_view(source, tmp_path / "c", "tuning", seed=6)
    assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert (tmp_path / "a" / name).read_bytes() != (tmp_path / "c" / name).read_bytes()


def test_grey_is_the_default_style(tmp_path: Path) -> None:
    source, row = _one_file_folder(tmp_path)
    name = f"scan-{row['file']}"
    render_view(source, tmp_path / "default", "tuning", seed=5)
    written = render_view(source, tmp_path / "grey", "tuning", seed=5, style="grey")
    assert written[0]["variant"] == "scan"
    assert (tmp_path / "default" / name).read_bytes() == (tmp_path / "grey" / name).read_bytes()


def _pictures_only(path: Path) -> int:
    pdf = pdfium.PdfDocument(str(path))
    try:
        assert all(pdf[i].get_textpage().count_chars() == 0 for i in range(len(pdf)))
        return len(pdf)
    finally:
        pdf.close()


@pytest.mark.parametrize(
    ("style", "prefix", "markers"),
    [
        ("bitonal", "bitonal-", (b"/CCITTFaxDecode", b"/BitsPerComponent 1")),
        ("photo", "photo-", (b"/DCTDecode", b"/DeviceRGB")),
    ],
)
def test_a_style_is_pictures_deterministic_and_its_own(
    tmp_path: Path, style: str, prefix: str, markers: tuple[bytes, ...]
) -> None:
    source, row = _one_file_folder(tmp_path)
    name = prefix + str(row["file"])
    written = render_view(source, tmp_path / "a", "tuning", seed=5, style=style)
    render_view(source, tmp_path / "b", "tuning", seed=5, style=style)
    render_view(source, tmp_path / "grey", "tuning", seed=5)
    assert [w["file"] for w in written] == [name] and written[0]["scan_of"] == row["file"]
    assert 1 <= _pictures_only(tmp_path / "a" / name) <= 2
    content = (tmp_path / "a" / name).read_bytes()
    assert all(marker in content for marker in markers)
    assert content == (tmp_path / "b" / name).read_bytes()
    assert content != (tmp_path / "grey" / f"scan-{row['file']}").read_bytes()


def test_an_unknown_style_is_refused(tmp_path: Path) -> None:
    source, _ = _one_file_folder(tmp_path)
    with pytest.raises(ValueError, match="unknown style"):
        render_view(source, tmp_path / "view", "tuning", seed=5, style="sepia")
    assert not (tmp_path / "view").exists()
