"""The enrichment stages in the pipeline: signature status on real signed files, and corroboration."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from core.models import DocumentRecord, Evidence, Page, Signature
from extractors.pipeline import ExtractionOptions, extract_file
from extractors.stages import fill_issue_date_from_signing, flag_signature_disagreement
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
    late = sign_pdf(
        make_sample_pdf(),
        pki.signer,
        pki,
        signing_time=dt.datetime(2024, 12, 20, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))),
    )
    files["late"] = folder / "late.pdf"
    files["late"].write_bytes(late)
    return files, pki.root.pem


@pytest.mark.parametrize(
    ("name", "trusted", "status"),
    [
        ("valid", True, "valid"),
        ("valid", False, "untrusted"),
        ("modified-bytes", True, "modified"),
        ("untrusted-root", True, "untrusted"),
        ("unsigned", True, "unsigned"),
    ],
)
def test_record_carries_the_signature_status(
    signed_files: tuple[dict[str, Path], bytes], name: str, trusted: bool, status: str
) -> None:
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
        file="a.pdf",
        sha256="0" * 64,
        issue_date=dt.date(2024, 3, 15),
        evidence=[evidence],
        signature=Signature(status="valid", signed_at=dt.datetime(2024, 6, 1, tzinfo=dt.UTC)),
    )
    flagged = flag_signature_disagreement(record, max_days=30)
    assert flagged.evidence[0].facts["signature_date_disagrees"] is True
    assert flag_signature_disagreement(record, max_days=120).evidence[0].facts == {}


def _unread_date(**update: object) -> DocumentRecord:
    base = DocumentRecord(file="a.pdf", sha256="0" * 64, needs_review=["issue_date"])
    return base.model_copy(update=update)


STAMP_PAGE = Page(
    page=1, method="ocr", confidence=90.0, text="Ký bởi: Sở Tư pháp\nThời gian ký: 25.02.2021 15:12:01\nSố: /STP-VB"
)


def test_unread_issue_date_is_filled_from_the_signing_time_and_stays_under_review() -> None:
    from_stamp = fill_issue_date_from_signing(_unread_date(pages=[STAMP_PAGE]))
    assert from_stamp.issue_date == dt.date(2021, 2, 25)
    assert from_stamp.needs_review == ["issue_date"]
    assert "stamp" in from_stamp.field_sources["issue_date"]
    # 23:30 UTC on the 24th is the 25th in Vietnam, where the document is dated
    signed = Signature(
        status="untrusted", signer="Sở Tư pháp", signed_at=dt.datetime(2021, 2, 24, 23, 30, tzinfo=dt.UTC)
    )
    from_signature = fill_issue_date_from_signing(_unread_date(signature=signed))
    assert from_signature.issue_date == dt.date(2021, 2, 25)
    assert "PDF signature" in from_signature.field_sources["issue_date"]


def test_signing_time_never_overrides_what_the_page_says() -> None:
    signed = Signature(status="valid", signed_at=dt.datetime(2021, 2, 25, 8, tzinfo=dt.UTC))
    typed_other_month = _unread_date(signature=signed, issue_month="2021-03")
    assert fill_issue_date_from_signing(typed_other_month).issue_date is None
    read = _unread_date(signature=signed, issue_date=dt.date(2021, 2, 20), needs_review=[])
    assert fill_issue_date_from_signing(read).issue_date == dt.date(2021, 2, 20)
    tampered = _unread_date(signature=signed.model_copy(update={"status": "modified"}))
    assert fill_issue_date_from_signing(tampered).issue_date is None


@pytest.mark.tesseract
def test_real_signed_letter_gets_its_date_from_the_stamp_it_carries() -> None:
    real = Path(__file__).parents[1] / "fixtures" / "realdocs" / "hcm-stp-cv-687-2021-scan-signed.pdf"
    record = extract_file(real, ExtractionOptions(tag=False))
    assert "Thời gian ký: 25.02.2021" in record.pages[0].text  # drawn from the signature field's appearance
    assert record.issue_date == dt.date(2021, 2, 25)
    assert "issue_date" in record.needs_review and "stamp" in record.field_sources["issue_date"]
