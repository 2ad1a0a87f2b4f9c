"""Signature verification on signed samples made at test time with a throwaway PKI, and on one real
signed government letter (tests/fixtures/realdocs)."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import re
from io import BytesIO
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyhanko.pdf_utils.reader import PdfFileReader
from reportlab.lib import pdfencrypt
from reportlab.pdfgen import canvas

from extractors.signature import (
    SignatureReport,
    TrustRootError,
    date_disagreement,
    load_trust_roots,
    read_signatures,
    summarize,
)
from samples.signing import (
    DEFAULT_SIGNING_TIME,
    SECOND_SIGNER_NAME,
    SIGNER_NAME,
    SIGNER_ORGANIZATION,
    SignedSample,
    TestPki,
    make_sample_pdf,
    make_signature_samples,
    make_test_pki,
    sign_pdf,
)

FIXTURES = Path(__file__).parents[1] / "fixtures"
REAL_SIGNED = FIXTURES / "realdocs" / "hcm-stp-cv-687-2021-scan-signed.pdf"
REAL_TRUTH = FIXTURES / "realdocs" / "truth.jsonl"
STATUSES = {"valid", "untrusted", "modified", "invalid", "unsigned"}


@pytest.fixture(scope="module")
def pki() -> TestPki:
    return make_test_pki()


@pytest.fixture(scope="module")
def stranger_pki() -> TestPki:
    return make_test_pki("CA lạ không tin cậy")


@pytest.fixture(scope="module")
def samples(pki: TestPki, stranger_pki: TestPki) -> dict[str, SignedSample]:
    return {sample.case: sample for sample in make_signature_samples(pki, stranger_pki)}


@pytest.mark.parametrize(
    "case",
    [
        "valid",
        "multi-signature",
        "modified-bytes",
        "modified-incremental",
        "untrusted-root",
        "broken-signature",
        "unsigned",
    ],
)
def test_each_sample_gets_its_status_signer_and_time(case: str, samples: dict[str, SignedSample], pki: TestPki) -> None:
    sample = samples[case]
    report = read_signatures(sample.data, [pki.root.pem])
    record = summarize(report)
    assert report.status == sample.expected_status
    assert record.status == sample.expected_status
    assert record.signer == sample.signer
    assert record.signed_at == sample.signed_at


def test_valid_signature_reports_certificate_coverage_and_timestamp(
    samples: dict[str, SignedSample], pki: TestPki
) -> None:
    (check,) = read_signatures(samples["valid"].data, [pki.root.pem]).signatures
    assert check.field_name == "Signature1"
    assert check.signer is not None and check.issuer is not None
    assert (check.signer.common_name, check.signer.organization) == (SIGNER_NAME, SIGNER_ORGANIZATION)
    assert check.issuer.text == pki.intermediate.certificate.subject.human_friendly
    assert check.serial == format(pki.signer.certificate.serial_number, "X")
    assert check.claimed_signing_time == DEFAULT_SIGNING_TIME
    assert check.timestamp_time is not None and check.timestamp_time > DEFAULT_SIGNING_TIME
    assert check.timestamp_trusted is True
    assert check.validation_time_source == "timestamp"
    assert (check.coverage, check.modification_level, check.appended_bytes) == ("entire_file", "none", 0)
    assert check.intact and check.cryptographically_valid and check.trusted
    assert check.subfilter == "ETSI.CAdES.detached"


def test_multi_signature_lists_signatures_in_signing_order(samples: dict[str, SignedSample], pki: TestPki) -> None:
    first, second = read_signatures(samples["multi-signature"].data, [pki.root.pem]).signatures
    assert first.signer is not None and second.signer is not None
    assert (first.signer.common_name, second.signer.common_name) == (SIGNER_NAME, SECOND_SIGNER_NAME)
    assert first.coverage == "entire_revision"
    assert first.modification_level == "form_filling"  # the second signature is a permitted change
    assert first.docmdp_ok is True
    assert first.appended_bytes is not None and first.appended_bytes > 0
    assert (second.coverage, second.appended_bytes) == ("entire_file", 0)


def test_bytes_changed_inside_the_signed_range_are_detected(samples: dict[str, SignedSample], pki: TestPki) -> None:
    (check,) = read_signatures(samples["modified-bytes"].data, [pki.root.pem]).signatures
    assert check.status == "modified"
    assert check.intact is False


def test_page_content_appended_after_signing_is_detected(samples: dict[str, SignedSample], pki: TestPki) -> None:
    (check,) = read_signatures(samples["modified-incremental"].data, [pki.root.pem]).signatures
    assert check.status == "modified"
    assert check.intact is True  # the signed revision itself is untouched …
    assert (check.modification_level, check.docmdp_ok) == ("other", False)  # … what follows is not
    assert check.appended_bytes is not None and check.appended_bytes > 0


def test_a_broken_signature_value_is_invalid_not_modified(samples: dict[str, SignedSample], pki: TestPki) -> None:
    (check,) = read_signatures(samples["broken-signature"].data, [pki.root.pem]).signatures
    assert (check.status, check.intact, check.cryptographically_valid) == ("invalid", True, False)


def test_trust_depends_on_the_configured_roots(
    samples: dict[str, SignedSample], pki: TestPki, stranger_pki: TestPki
) -> None:
    assert read_signatures(samples["valid"].data, []).status == "untrusted"
    assert read_signatures(samples["valid"].data, None).status == "untrusted"  # never the OS store
    assert read_signatures(samples["untrusted-root"].data, [stranger_pki.root.pem]).status == "valid"
    der_root = pki.root.certificate.dump()
    assert read_signatures(samples["valid"].data, [der_root]).status == "valid"


def test_signer_certificate_expired_at_the_claimed_signing_time_is_untrusted(pki: TestPki) -> None:
    expiry = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    short_lived = pki.signer_for(SIGNER_NAME, valid_until=expiry)
    in_time = sign_pdf(make_sample_pdf(), short_lived, pki, signing_time=expiry - dt.timedelta(days=1))
    too_late = sign_pdf(make_sample_pdf(), short_lived, pki, signing_time=expiry + dt.timedelta(days=1))
    assert read_signatures(in_time, [pki.root.pem]).status == "valid"
    (check,) = read_signatures(too_late, [pki.root.pem]).signatures
    assert (check.status, check.reason) == ("untrusted", "the signer's certificate had expired at the signing time")
    assert check.validation_time_source == "claimed"


def test_ca_expired_at_the_claimed_signing_time_names_the_date(pki: TestPki) -> None:
    ca_expiry = pki.intermediate.certificate["tbs_certificate"]["validity"]["not_after"].native
    late = sign_pdf(make_sample_pdf(), pki.signer, pki, signing_time=ca_expiry + dt.timedelta(days=1))
    (check,) = read_signatures(late, [pki.root.pem]).signatures
    assert check.status == "untrusted"
    assert check.reason.startswith("a certificate in the chain was not valid at the signing time")
    assert f"{ca_expiry:%Y-%m-%d}" in check.reason


def test_worst_status_wins_and_signer_comes_from_the_last_standing_signature(
    samples: dict[str, SignedSample], pki: TestPki
) -> None:
    report = read_signatures(samples["multi-signature"].data, [])  # both untrusted
    assert summarize(report).status == "untrusted"
    mixed = report.model_copy(
        update={
            "status": "modified",
            "signatures": [report.signatures[0].model_copy(update={"status": "modified"}), report.signatures[1]],
        }
    )
    assert summarize(mixed).status == "modified"
    assert summarize(mixed).signer == SECOND_SIGNER_NAME
    only_broken = mixed.model_copy(update={"signatures": mixed.signatures[:1]})
    assert summarize(only_broken).signer == SIGNER_NAME  # nothing standing: fall back to the last one


def test_signed_file_with_empty_user_password_is_verified(pki: TestPki) -> None:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    writer = IncrementalPdfFileWriter(BytesIO(_encrypted_pdf(user_password="")))
    writer.encrypt("")
    chain = SimpleCertificateStore.from_certs([pki.root.certificate, pki.intermediate.certificate])
    signer = signers.SimpleSigner(pki.signer.certificate, pki.signer.key, chain)
    signed = signers.PdfSigner(signers.PdfSignatureMetadata(field_name="Sig"), signer).sign_pdf(writer)
    assert read_signatures(signed.getvalue(), [pki.root.pem]).status == "valid"


def test_password_protected_file_gives_a_one_line_reason() -> None:
    report = read_signatures(_encrypted_pdf(user_password="mật khẩu"), [])
    assert report.status == "unsigned"
    assert report.reason == "encrypted PDF: it needs a password to open"


@pytest.mark.parametrize(
    ("data", "reason_start"),
    [
        (b"", "empty file"),
        (b"<!DOCTYPE html><html><body>404</body></html>", "not a PDF: an HTML page"),
        (bytes(range(256)) * 4, "not a PDF"),
        (b"%PDF-1.7\n" + b"\x00" * 500, "PDF could not be read"),
    ],
)
def test_non_pdf_and_unreadable_input_are_unsigned_with_a_reason(data: bytes, reason_start: str) -> None:
    report = read_signatures(data, [])
    assert report.status == "unsigned"
    assert report.reason is not None and report.reason.startswith(reason_start)
    assert "\n" not in report.reason


def _mutations(signed: bytes) -> dict[str, bytes]:
    byte_range = re.search(rb"/ByteRange\s*\[[^\]]*\]", signed)
    contents = re.search(rb"/Contents\s*<([0-9a-fA-F]+)>", signed)
    assert byte_range is not None and contents is not None
    return {
        "truncated in the middle": signed[: len(signed) // 2],
        "truncated before the trailer": signed[:-40],
        "byte range garbled": signed[: byte_range.start()]
        + b"/ByteRange [0 x y z]".ljust(byte_range.end() - byte_range.start())
        + signed[byte_range.end() :],
        "byte range out of the file": signed.replace(
            byte_range.group(0), b"/ByteRange [0 9 99999999 9]".ljust(len(byte_range.group(0)))
        ),
        "contents zeroed": signed[: contents.start(1)] + b"0" * len(contents.group(1)) + signed[contents.end(1) :],
        "contents not hex": signed[: contents.start(1)] + b"zz" + signed[contents.start(1) + 2 :],
        "acroform dangling": signed.replace(b"/AcroForm", b"/AcroForm 999 0 R /X", 1),
    }


@pytest.mark.parametrize(
    "mutation",
    [
        "truncated in the middle",
        "truncated before the trailer",
        "byte range garbled",
        "byte range out of the file",
        "contents zeroed",
        "contents not hex",
        "acroform dangling",
    ],
)
def test_corrupt_signed_files_never_raise_and_are_never_valid(
    mutation: str, samples: dict[str, SignedSample], pki: TestPki
) -> None:
    damaged = _mutations(samples["valid"].data)[mutation]
    report = read_signatures(damaged, [pki.root.pem])
    assert report.status in {"invalid", "modified", "unsigned"}
    reasons = [report.reason] if report.reason else [check.reason for check in report.signatures]
    assert reasons and all(reason and "\n" not in reason for reason in reasons)


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_any_change_inside_the_signed_bytes_is_never_valid(
    data: st.DataObject, samples: dict[str, SignedSample], pki: TestPki
) -> None:
    signed = samples["valid"].data
    start, length, second_start, second_length = _byte_range(signed)
    signed_offsets = st.one_of(
        st.integers(start, start + length - 1), st.integers(second_start, second_start + second_length - 1)
    )
    changes = data.draw(st.lists(st.tuples(signed_offsets, st.integers(0, 255)), min_size=1, max_size=4))
    damaged = bytearray(signed)
    for offset, value in changes:
        damaged[offset] = value
    if bytes(damaged) == signed:
        return
    report = read_signatures(bytes(damaged), [pki.root.pem])
    assert isinstance(report, SignatureReport)
    assert report.status in STATUSES - {"valid", "untrusted"}


def test_real_signed_letter_has_an_intact_pdf_signature_by_its_issuer() -> None:
    data = REAL_SIGNED.read_bytes()
    truth = _real_truth(REAL_SIGNED.name)
    report = read_signatures(data, [])
    (check,) = report.signatures
    # a real embedded signature (VGCA), not only a printed stamp; no VGCA root configured here
    assert report.status == "untrusted"
    assert check.intact and check.cryptographically_valid
    assert check.signer is not None and check.signer.common_name == truth["issuer"]
    assert check.coverage == "entire_file"
    assert _byte_range(data)[2] + _byte_range(data)[3] == len(data)
    assert check.digest_algorithm == "sha1"  # accepted on purpose: VGCA used it for years
    assert check.timestamp_time is not None and check.validation_time_source == "timestamp"
    record = summarize(report)
    assert record.signed_at == check.timestamp_time
    assert not date_disagreement(dt.date.fromisoformat(truth["issue_date"]), record.signed_at, 0)


def test_real_sha1_signature_is_valid_once_its_certificates_are_trusted() -> None:
    """Without the VGCA chain at hand, trust the signer's own certificate and the VGCA root that
    the timestamp token carries: the 2021 SHA-1 signature then validates end to end."""
    data = REAL_SIGNED.read_bytes()
    (embedded,) = PdfFileReader(BytesIO(data), strict=False).embedded_signatures
    token = embedded.attached_timestamp_data
    assert token is not None
    token_certificates = [choice.chosen.dump() for choice in token["certificates"]]
    signer_only = read_signatures(data, [embedded.signer_cert.dump()])
    assert signer_only.signatures[0].reason == "the timestamp authority's chain does not reach a trusted root"
    assert read_signatures(data, [embedded.signer_cert.dump(), *token_certificates]).status == "valid"


@pytest.mark.parametrize(
    ("issue_date", "signed_at", "max_days", "disagrees"),
    [
        (dt.date(2024, 3, 15), dt.datetime(2024, 4, 14, 10, tzinfo=dt.UTC), 30, False),
        (dt.date(2024, 3, 15), dt.datetime(2024, 4, 15, 10, tzinfo=dt.UTC), 30, True),
        (dt.date(2024, 3, 15), dt.datetime(2024, 2, 13, 10, tzinfo=dt.UTC), 30, True),
        # 20:00 UTC on the 14th is 03:00 on the 15th in Vietnam, where the document is dated
        (dt.date(2024, 3, 15), dt.datetime(2024, 3, 14, 20, tzinfo=dt.UTC), 0, False),
        (dt.date(2024, 3, 15), dt.datetime(2024, 3, 16, 9), 0, True),  # naive: taken as written
        (None, dt.datetime(2024, 3, 15, tzinfo=dt.UTC), 30, False),
        (dt.date(2024, 3, 15), None, 30, False),
    ],
)
def test_date_disagreement(
    issue_date: dt.date | None, signed_at: dt.datetime | None, max_days: int, disagrees: bool
) -> None:
    assert date_disagreement(issue_date, signed_at, max_days) is disagrees


def test_load_trust_roots_reads_pem_bundles_and_der(tmp_path: Path, pki: TestPki, stranger_pki: TestPki) -> None:
    (tmp_path / "bundle.pem").write_bytes(pki.root.pem + b"\n" + stranger_pki.root.pem)
    (tmp_path / "intermediate.cer").write_bytes(pki.intermediate.certificate.dump())
    (tmp_path / "notes.txt").write_text("not a certificate, and not read")
    roots = load_trust_roots(tmp_path)
    assert roots == [
        pki.root.certificate.dump(),
        stranger_pki.root.certificate.dump(),
        pki.intermediate.certificate.dump(),
    ]


def test_load_trust_roots_missing_folder_is_empty_and_junk_is_one_line(tmp_path: Path) -> None:
    assert load_trust_roots(tmp_path / "absent") == []
    (tmp_path / "broken.pem").write_bytes(b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
    with pytest.raises(TrustRootError) as error:
        load_trust_roots(tmp_path)
    assert str(error.value).startswith(str(tmp_path / "broken.pem"))
    assert "\n" not in str(error.value)


def test_bad_trust_root_bytes_give_a_reason_not_a_crash(samples: dict[str, SignedSample]) -> None:
    report = read_signatures(samples["valid"].data, [b"junk"])
    assert report.reason is not None and report.reason.startswith("bad trust root")


def test_works_from_inside_a_running_event_loop(samples: dict[str, SignedSample], pki: TestPki) -> None:
    async def inside_a_flow() -> str:
        return read_signatures(samples["valid"].data, [pki.root.pem]).status

    assert asyncio.run(inside_a_flow()) == "valid"


def test_expected_failures_do_not_log_warnings_with_tracebacks(
    samples: dict[str, SignedSample], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    for case in ("untrusted-root", "modified-incremental", "broken-signature"):
        read_signatures(samples[case].data, [])
    assert [record for record in caplog.records if record.levelno >= logging.WARNING] == []


def _byte_range(signed: bytes) -> tuple[int, int, int, int]:
    match = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)", signed)
    assert match is not None
    first, length, second, second_length = (int(group) for group in match.groups())
    return first, length, second, second_length


def _real_truth(file_name: str) -> dict[str, str]:
    for line in REAL_TRUTH.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["file"] == file_name:
            return row
    raise AssertionError(f"{file_name} not in {REAL_TRUTH}")


def _encrypted_pdf(user_password: str) -> bytes:
    buffer = BytesIO()
    encryption = pdfencrypt.StandardEncryption(user_password, ownerPassword="chủ sở hữu", strength=128)
    pdf = canvas.Canvas(buffer, encrypt=encryption)
    pdf.drawString(72, 700, "Ke hoach cai cach hanh chinh")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
