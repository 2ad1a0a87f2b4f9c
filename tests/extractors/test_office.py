"""Word attachments are read as Word reads them: converted by a real LibreOffice (legacy fonts
decoded first), identity kept by the original, typed pages never OCRed (picture pages:
test_office_pictures.py)."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest

from core.models import DocumentRecord
from extractors.input_checks import BadInput, sniff
from extractors.office import office_binary, run_office
from extractors.pipeline import ExtractionOptions, extract_file
from tests.extractors.office_builders import (
    docx_bytes,
    html_1258,
    legacy_plan_paragraphs,
    legacy_plan_wordml,
    mht_bytes,
    paragraph_xml,
    rtf_bytes,
)
from tests.pdf_builders import PLAN_LINES

pytestmark = pytest.mark.slow


def _soffice(folder: Path, source: Path, filter_name: str) -> None:
    subprocess.run(
        [
            str(office_binary()),
            f"-env:UserInstallation=file://{folder}/profile",
            "--headless",
            "--convert-to",
            filter_name,
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )


@pytest.fixture(scope="module")
def word_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if office_binary() is None:
        pytest.fail("LibreOffice is not installed: scripts/setup installs libreoffice-writer-nogui")
    folder = tmp_path_factory.mktemp("office")
    html = folder / "plan.html"
    body = "".join(f"<p>{line}</p>" for line in PLAN_LINES)
    html.write_text(f"<html><head><meta charset='utf-8'></head><body>{body}</body></html>", encoding="utf-8")
    files = {}
    for suffix, filter_name in (("docx", "docx:MS Word 2007 XML"), ("doc", "doc:MS Word 97")):
        _soffice(folder, html, filter_name)
        files[suffix] = folder / f"plan.{suffix}"
    # a Word 97 file typed in TCVN3 and VNI fonts, as the legacy .docx written byte by byte says
    legacy = folder / "legacy" / "plan.docx"
    legacy.parent.mkdir()
    legacy.write_bytes(docx_bytes(legacy_plan_paragraphs()))
    _soffice(legacy.parent, legacy, "doc:MS Word 97")
    files["legacy-doc"] = legacy.parent / "plan.doc"
    files["legacy-wordxml"] = folder / "plan-2003.doc"
    files["legacy-wordxml"].write_bytes(legacy_plan_wordml())
    return files


def _read(path: Path) -> DocumentRecord:
    return extract_file(path, ExtractionOptions(tag=False, workers=1))


def _assert_plan(record: DocumentRecord) -> None:
    assert record.error is None
    assert record.pages and all(p.method == "converted" for p in record.pages)
    text = " ".join(" ".join(p.text for p in record.pages).split())  # long lines wrap on the page
    for line in PLAN_LINES:
        assert line in text
    assert (record.doc_type, record.number, record.issuer) == ("KH", "297/KH-UBND", "Ủy ban nhân dân Quận 3")


@pytest.mark.parametrize("suffix", ["docx", "doc"])
def test_word_attachment_is_converted_and_read(word_files: dict[str, Path], suffix: str) -> None:
    path = word_files[suffix]
    assert sniff(path.read_bytes()) == suffix
    record = _read(path)
    _assert_plan(record)
    assert record.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()  # the original's identity
    assert f".{suffix}" in record.pages[0].reason and "converted from" in record.pages[0].reason


@pytest.mark.parametrize("kind", ["legacy-doc", "legacy-wordxml"])
def test_tcvn3_and_vni_runs_read_as_unicode(word_files: dict[str, Path], kind: str) -> None:
    """Word 97 and Word 2003 XML files named .doc: LibreOffice gives them back as .docx, whose runs
    are decoded (`test_office_docx` checks the decoding itself)."""
    record = _read(word_files[kind])
    _assert_plan(record)
    assert "runs in legacy fonts decoded" in record.pages[0].reason


def test_html_saved_as_doc_is_read_in_its_charset(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.doc"
    path.write_bytes(html_1258(PLAN_LINES, declare=False))
    assert sniff(path.read_bytes()) == "html"
    record = _read(path)
    _assert_plan(record)
    assert "HTML, charset windows-1258" in record.pages[0].reason


def test_single_file_web_page_saved_as_doc_is_read(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.doc"
    path.write_bytes(mht_bytes(PLAN_LINES))
    assert sniff(path.read_bytes()) == "mht"
    record = _read(path)
    _assert_plan(record)
    assert "MHT web page" in record.pages[0].reason


def test_rtf_saved_as_doc_is_read(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.doc"
    path.write_bytes(rtf_bytes(PLAN_LINES))
    assert sniff(path.read_bytes()) == "rtf"
    record = _read(path)
    _assert_plan(record)
    assert "converted from RTF" in record.pages[0].reason


@pytest.mark.parametrize(
    "content",
    [
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"hello world " * 200,  # an OLE header, then no Word file
        b"{\\rtf1\\ansi garbage \x00\x01\x02" + bytes(range(256)) * 4,  # an RTF that is no document
        docx_bytes([]),  # a valid .docx without a word: no text to read, and nothing to OCR
        b"<!DOCTYPE html><html><body>404 Not Found</body></html>",  # a portal's error page named .doc
        bytes(range(256)) * 8,  # not a Word file at all
    ],
)
def test_bad_word_file_gets_one_line(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "broken.doc"
    path.write_bytes(content)
    record = _read(path)
    assert record.error is not None
    assert "\n" not in record.error
    assert record.pages == []


def test_timeout_kills_the_whole_process_group(tmp_path: Path) -> None:
    """soffice starts soffice.bin: a timeout must not leave the child behind (issue 15)."""
    child_pid = tmp_path / "child.pid"
    launcher = tmp_path / "fake-soffice"
    launcher.write_text(f"#!/bin/sh\nsleep 600 &\necho $! > {child_pid}\nwait\n")
    launcher.chmod(0o755)
    with pytest.raises(BadInput, match="timed out"):
        run_office(["--convert-to", "pdf", "x.doc"], timeout=2, binary=str(launcher))
    assert not _alive(int(child_pid.read_text()))


def _alive(pid: int) -> bool:
    """Running, as opposed to gone or dead and waiting to be reaped (a zombie under a PID 1 that
    does not reap, as in a container)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def test_parallel_conversions_do_not_share_a_profile(word_files: dict[str, Path]) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=2) as threads:
        records = list(threads.map(_read, [word_files["doc"], word_files["docx"]]))
    for record in records:
        _assert_plan(record)


REPORT_WITHOUT_HEADER = [
    "BÁO CÁO",
    "Kết quả thực hiện công tác cải cách hành chính năm 2011 và chương trình công tác năm 2012",
    "I. KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2011",
    "1. Công tác chỉ đạo, điều hành: Ủy ban nhân dân huyện ban hành Kế hoạch cải cách hành chính năm 2011.",
    "2. Cải cách thủ tục hành chính: thực hiện cơ chế một cửa, một cửa liên thông tại các xã, thị trấn.",
]
FUND_LIST = [
    "DANH SÁCH",
    "Các đơn vị đóng góp Quỹ Đền ơn đáp nghĩa năm 2011",
    "1. Phòng Nội vụ 2.000.000 đồng",
    "2. Phòng Tài chính - Kế hoạch 1.500.000 đồng",
]


def test_report_without_nd30_header_gets_type_subject_and_evidence(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.doc"
    path.write_bytes(html_1258(REPORT_WITHOUT_HEADER, declare=True))
    record = extract_file(path, ExtractionOptions(tag=True, workers=1))
    assert record.error is None
    assert record.doc_type == "BC"  # the title states it
    assert record.subject == REPORT_WITHOUT_HEADER[1]
    assert (record.number, record.issuer, record.issue_date) == (None, None, None)
    assert any(item.criterion.startswith("1.") for item in record.evidence)


def test_list_without_header_or_type_still_gives_its_text(tmp_path: Path) -> None:
    path = tmp_path / "quy.docx"
    path.write_bytes(docx_bytes([paragraph_xml(line) for line in FUND_LIST]))
    record = _read(path)
    assert record.error is None
    assert "Quỹ Đền ơn đáp nghĩa năm 2011" in record.pages[0].text
    assert (record.doc_type, record.number, record.issuer, record.issue_date) == (None, None, None, None)


def test_downloaded_bytes_keep_their_word_name(tmp_path: Path) -> None:
    """A portal's attachment `ke-hoach.doc` that is a web page is read as Word would read it; the
    same bytes published as `.pdf` are an error page."""
    from extractors.pipeline import extract_bytes

    page = html_1258(PLAN_LINES, declare=True)
    as_word = extract_bytes(page, "https://example.org/files/ke-hoach.doc", ExtractionOptions(tag=False, workers=1))
    assert as_word.error is None and as_word.number == "297/KH-UBND"
    as_pdf = extract_bytes(page, "https://example.org/files/ke-hoach.pdf", ExtractionOptions(tag=False, workers=1))
    assert as_pdf.error is not None and "HTML page" in as_pdf.error
