"""Scanned renderings of real born-digital files (`samples.scan_view`)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from extractors.office import office_binary, office_to_pdf
from extractors.office_pictures import page_pictures
from samples.scan_view import HARD_WORD_LAYOUTS, WORD_LAYOUTS, render_view

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


def test_a_generated_corpus_without_splits_is_rendered_as_tuning(tmp_path: Path) -> None:
    """The generator's truth has no split: its files are nobody's holdout; a real holdout row stays out."""
    source, row = _one_file_folder(tmp_path)
    rows = [json.loads(line) for line in (source / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    unsplit = [{k: v for k, v in r.items() if k != "split"} if r["file"] == row["file"] else r for r in rows]
    (source / "truth.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in unsplit), "utf-8")
    written = render_view(source, tmp_path / "view", "tuning", seed=5)
    assert [w["file"] for w in written] == [f"scan-{row['file']}"]
    assert render_view(source, tmp_path / "holdout-view", "holdout", seed=5)[0]["file"] == "scan-other.pdf"


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


def _view_pages(path: Path) -> list[tuple[int, int]]:
    pdf = pdfium.PdfDocument(str(path))
    try:
        sizes = []
        for index in range(len(pdf)):
            (image,) = pdf[index].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])
            sizes.append(image.get_size())
        return sizes
    finally:
        pdf.close()


@pytest.mark.parametrize("layout", WORD_LAYOUTS + HARD_WORD_LAYOUTS)
def test_a_word_view_holds_the_pdf_views_pages_as_pictures(tmp_path: Path, layout: str) -> None:
    """`--container docx`: the same scanned pages, one picture each (two side by side, or a page in
    strips, where the layout says so), in a .docx the truth names; the PDF view is unchanged by it."""
    source, row = _one_file_folder(tmp_path)
    pdf_rows = render_view(source, tmp_path / "pdf", "tuning", seed=5)
    written = render_view(source, tmp_path / "word", "tuning", seed=5, container="docx", word_layouts=(layout,))
    name = f"scan-{str(row['file']).rsplit('.', 1)[0]}.docx"
    truth = json.loads((tmp_path / "word" / "truth.jsonl").read_text(encoding="utf-8"))
    assert [w["file"] for w in written] == [name] == [truth["file"]]
    assert truth["word_layout"] == layout and truth["scan_of"] == row["file"] and truth["issuer"] == row["issuer"]
    pages = _view_pages(tmp_path / "pdf" / pdf_rows[0]["file"])
    pictures = page_pictures((tmp_path / "word" / name).read_bytes())
    shown = [(p.visible_px[0], p.visible_px[1]) for p in pictures]
    if layout in ("fill", "caption", "table_cell", "text_box", "emf", "tiff", "cmyk", "floating", "rotated", "cropped"):
        assert shown == pages  # the page's own pixels, upright, what Word shows of them
    elif layout == "low_dpi":
        assert len(shown) == len(pages) and all(w < pw for (w, _), (pw, _) in zip(shown, pages, strict=True))
    elif layout == "two_up":
        assert len(shown) == 1 and shown[0][0] > shown[0][1]  # one landscape picture of both pages
    else:  # strips grouped, the letterhead in the header: more pieces, or fewer in the body
        assert shown and shown != pages


def test_a_word_view_is_deterministic_and_its_layouts_vary_with_the_seed(tmp_path: Path) -> None:
    source, row = _one_file_folder(tmp_path)
    name = f"scan-{str(row['file']).rsplit('.', 1)[0]}.docx"
    render_view(source, tmp_path / "a", "tuning", seed=5, container="docx")
    render_view(source, tmp_path / "b", "tuning", seed=5, container="docx")
    assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    layouts = {
        render_view(source, tmp_path / f"s{seed}", "tuning", seed, container="docx")[0]["word_layout"]
        for seed in range(8)
    }
    assert len(layouts) > 1 and layouts <= set(WORD_LAYOUTS)


@pytest.mark.slow
def test_a_doc_view_is_a_word97_file_of_the_pages(tmp_path: Path) -> None:
    """`--container doc`: the .docx saved as Word 97 by LibreOffice, which keeps each page's picture."""
    if office_binary() is None:
        pytest.fail("LibreOffice is not installed: scripts/setup installs libreoffice-writer-nogui")
    source, _row = _one_file_folder(tmp_path)
    pdf_rows = render_view(source, tmp_path / "pdf", "tuning", seed=5)
    written = render_view(source, tmp_path / "doc", "tuning", seed=5, container="doc", word_layouts=("fill",))
    data = (tmp_path / "doc" / written[0]["file"]).read_bytes()
    assert written[0]["file"].endswith(".doc") and data.startswith(b"\xd0\xcf\x11\xe0")  # an OLE file
    (tmp_path / "converted").mkdir()
    converted = office_to_pdf(data, "doc", tmp_path / "converted")
    assert converted.docx is not None
    pictures = page_pictures(converted.docx)
    assert [(p.width_px, p.height_px) for p in pictures] == _view_pages(tmp_path / "pdf" / pdf_rows[0]["file"])


def test_an_unknown_container_or_layout_is_refused(tmp_path: Path) -> None:
    source, _ = _one_file_folder(tmp_path)
    with pytest.raises(ValueError, match="unknown container"):
        render_view(source, tmp_path / "view", "tuning", seed=5, container="odt")
    with pytest.raises(ValueError, match="unknown Word layouts"):
        render_view(source, tmp_path / "view", "tuning", seed=5, container="docx", word_layouts=("collage",))
