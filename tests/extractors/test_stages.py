"""The enrichment stages in the pipeline: signature status on real signed files, and corroboration."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from extractors.pipeline import ExtractionOptions, extract_file
from extractors.stages import flag_signature_disagreement
from kiemchung.models import DocumentRecord, Evidence, Signature
from samples.signing import make_sample_pdf, make_signature_samples, make_test_pki, sign_pdf


@pytest.fixture(scope="module")
def signed_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Path], bytes]:
    pki, stranger = make_test_pki("Kiểm thử"), make_test_pki("Người lạ")
    folder = tmp_path_factory.mktemp("signed")
    files = {}
    for sample in make_signature_samples(pki, stranger):
        path = folder / f"{sample.case}.pdf"
        path.write_bytes(sample.data)
        files[sample.case] = path
    # Signed nine months after the date printed on it.
    late = sign_pdf(make_sample_pdf(), pki.signer, pki,
                    signing_time=dt.datetime(2024, 12, 20, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))))
    files["late"] = folder / "late.pdf"
    files["late"].write_bytes(late)
    return files, pki.root.pem


@pytest.mark.parametrize(
    ("name", "trusted", "status"),
    [("valid", True, "valid"), ("valid", False, "untrusted"), ("modified-bytes", True, "modified"),
     ("untrusted-root", True, "untrusted"), ("unsigned", True, "unsigned")],
)
def test_record_carries_the_signature_status(signed_files: tuple[dict[str, Path], bytes], name: str,
                                             trusted: bool, status: str) -> None:
    files, root = signed_files
    options = ExtractionOptions(tag=False, trust_roots=(root,) if trusted else ())
    record = extract_file(files[name], options)
    assert record.error is None
    assert record.signature.status == status
    if status != "unsigned":
        assert record.signature.signer and record.signature.signed_at is not None


def test_signing_time_far_from_issue_date_needs_review(signed_files: tuple[dict[str, Path], bytes]) -> None:
    files, root = signed_files
    options = ExtractionOptions(tag=False, trust_roots=(root,))
    on_time = extract_file(files["valid"], options)
    late = extract_file(files["late"], options)
    if on_time.issue_date is None:
        pytest.fail("the field parser should read 'ngày 15 tháng 3 năm 2024' on the sample")
    assert "issue_date" not in on_time.needs_review
    assert "issue_date" in late.needs_review


def test_evidence_is_flagged_when_dates_disagree() -> None:
    evidence = Evidence(criterion="1.1.1", page=1, start=0, end=5, quote="x", rule="r", confidence=0.9)
    record = DocumentRecord(
        file="a.pdf", sha256="0" * 64, issue_date=dt.date(2024, 3, 15), evidence=[evidence],
        signature=Signature(status="valid", signed_at=dt.datetime(2024, 6, 1, tzinfo=dt.UTC)),
    )
    flagged = flag_signature_disagreement(record, max_days=30)
    assert flagged.evidence[0].facts["signature_date_disagrees"] is True
    assert flag_signature_disagreement(record, max_days=120).evidence[0].facts == {}
