"""Signed sample PDFs made with a throwaway test PKI, one per signature status.

Every key here is generated when this module runs and lives only in memory (and in the output
folder's `trust/` as a *certificate*, never a key): nothing signed here proves anything outside tests.

    .venv/bin/python -m samples.signing OUT_DIR

writes `OUT_DIR/<case>.pdf`, `OUT_DIR/trust/test-root.pem` (the only trust root a reader should
configure) and `OUT_DIR/signatures.jsonl` (case, file, expected status, signer, signing time).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from asn1crypto import cms
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

SIGNER_NAME = "Sở Nội vụ tỉnh Mẫu"
SIGNER_ORGANIZATION = "Ủy ban nhân dân tỉnh Mẫu"
SECOND_SIGNER_NAME = "Văn phòng Ủy ban nhân dân tỉnh Mẫu"
# a fixed, plausible signing time so that samples can corroborate their printed issue date
DEFAULT_SIGNING_TIME = dt.datetime(2024, 3, 15, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))
TIMESTAMP_DELAY = dt.timedelta(minutes=1)  # the test TSA stamps this long after the claimed time
_VALID_FROM = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
_VALID_UNTIL = dt.datetime(2045, 1, 1, tzinfo=dt.UTC)
_FONT_PATH = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@dataclass(frozen=True)
class Credential:
    """A certificate with its private key, as pyHanko wants them (asn1crypto)."""

    certificate: asn1_x509.Certificate
    key: asn1_keys.PrivateKeyInfo

    @property
    def pem(self) -> bytes:
        return x509.load_der_x509_certificate(self.certificate.dump()).public_bytes(serialization.Encoding.PEM)


@dataclass(frozen=True)
class TestPki:
    """Root → intermediate → document signer, plus a time-stamping authority under the root."""

    __test__ = False  # not a pytest test class despite the name

    root: Credential
    intermediate: Credential
    signer: Credential
    tsa: Credential

    def signer_for(
        self,
        common_name: str,
        organization: str = SIGNER_ORGANIZATION,
        valid_until: dt.datetime = _VALID_UNTIL,
    ) -> Credential:
        """Another document signer under the same intermediate (a second agency co-signing, or a
        certificate that expires before its CA does)."""
        key = ec.generate_private_key(ec.SECP256R1())
        name = _name(common_name, organization)
        extensions = _end_entity_extensions()
        cert = _certificate(name, key, self.intermediate, extensions, serial_seed=3, valid_until=valid_until)
        return _credential(cert, key)


def make_test_pki(label: str = "Kiểm chứng thử nghiệm") -> TestPki:
    """A fresh CA hierarchy; `label` goes into the CA names so two PKIs are easy to tell apart."""
    root_key = ec.generate_private_key(ec.SECP256R1())
    root_name = _name(f"{label} Root CA", label)
    root_cert = (
        _builder(root_name, root_name, root_key.public_key(), serial=1)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(_ca_key_usage(), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    root = _credential(root_cert, root_key)

    intermediate_key = ec.generate_private_key(ec.SECP256R1())
    intermediate_cert = _certificate(
        _name(f"{label} Intermediate CA", label),
        intermediate_key,
        root,
        [(x509.BasicConstraints(ca=True, path_length=0), True), (_ca_key_usage(), True)],
        serial_seed=2,
    )
    intermediate = _credential(intermediate_cert, intermediate_key)

    signer_key = ec.generate_private_key(ec.SECP256R1())
    signer_cert = _certificate(
        _name(SIGNER_NAME, SIGNER_ORGANIZATION), signer_key, intermediate, _end_entity_extensions(), 3
    )

    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # pyHanko's test TSA is RSA-only
    tsa_extensions: list[tuple[x509.ExtensionType, bool]] = [
        (x509.BasicConstraints(ca=False, path_length=None), True),
        (x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), True),
    ]
    tsa_cert = _certificate(_name(f"{label} TSA", label), tsa_key, root, tsa_extensions, serial_seed=4)
    return TestPki(
        root=root,
        intermediate=intermediate,
        signer=_credential(signer_cert, signer_key),
        tsa=_credential(tsa_cert, tsa_key),
    )


def make_sample_pdf() -> bytes:
    """A one-page plan laid out like NĐ30 (agency block left, motto and date right), with an
    uncompressed content stream so tests can change bytes in it."""
    left, right = 60.0, 320.0
    blocks = [
        (left, 780, "ỦY BAN NHÂN DÂN TỈNH MẪU"),
        (right, 780, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        (left + 40, 764, "SỞ NỘI VỤ"),
        (right + 40, 764, "Độc lập - Tự do - Hạnh phúc"),
        (left + 20, 740, "Số: 123/KH-SNV"),
        (right + 20, 740, "Mẫu, ngày 15 tháng 3 năm 2024"),
        (250, 700, "KẾ HOẠCH"),
        (180, 684, "Cải cách hành chính năm 2024"),
    ]
    buffer = BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=0)
    font = "Helvetica"
    if _FONT_PATH.exists():
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(_FONT_PATH)))
        font = "DejaVuSans"
    pdf.setFont(font, 11)
    for x, y, text in blocks:
        pdf.drawString(x, y, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def sign_pdf(
    data: bytes,
    signer: Credential,
    pki: TestPki,
    *,
    field_name: str = "Signature1",
    signing_time: dt.datetime = DEFAULT_SIGNING_TIME,
    timestamp: bool = False,
) -> bytes:
    """Add one PAdES signature (as an incremental update) claiming `signing_time`.

    With `timestamp`, a signature timestamp token from the PKI's own TSA is embedded, dated
    `TIMESTAMP_DELAY` after `signing_time`.
    """
    chain = SimpleCertificateStore.from_certs([pki.root.certificate, pki.intermediate.certificate])
    simple_signer = signers.SimpleSigner(signing_cert=signer.certificate, signing_key=signer.key, cert_registry=chain)
    timestamper = None
    if timestamp:
        timestamper = DummyTimeStamper(
            tsa_cert=pki.tsa.certificate,
            tsa_key=pki.tsa.key,
            certs_to_embed=SimpleCertificateStore.from_certs([pki.root.certificate]),
            fixed_dt=signing_time + TIMESTAMP_DELAY,
        )
    metadata = signers.PdfSignatureMetadata(
        field_name=field_name, subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256"
    )
    pdf_signer = _PdfSignerAt(metadata, simple_signer, timestamper=timestamper, signing_time=signing_time)
    output = BytesIO()
    pdf_signer.sign_pdf(IncrementalPdfFileWriter(BytesIO(data)), output=output)
    return output.getvalue()


def tamper_signed_range(signed: bytes) -> bytes:
    """Change one digit of a text position in the page content: bytes inside the signed range."""
    first_range_end = _first_byte_range(signed)[1]
    match = re.search(rb"BT 1 0 0 1 (\d)", signed[:first_range_end])
    if match is None:
        raise ValueError("no uncompressed text object inside the signed range")
    at = match.start(1)
    replacement = b"8" if signed[at : at + 1] != b"8" else b"9"
    return signed[:at] + replacement + signed[at + 1 :]


def append_content_change(signed: bytes) -> bytes:
    """Append an incremental update that paints a box over page 1: not a permitted change."""
    writer = IncrementalPdfFileWriter(BytesIO(signed))
    patch = generic.StreamObject(stream_data=b"q 1 1 1 rg 60 700 300 40 re f Q")
    writer.add_stream_to_page(0, writer.add_object(patch))
    output = BytesIO()
    writer.write(output)
    return output.getvalue()


def break_signature_value(signed: bytes) -> bytes:
    """Change the last byte of the first signature's value: the signed bytes stay intact, the CMS
    signature over them no longer verifies (same length, so the ByteRange still fits)."""
    start, length = _contents_hex_span(signed)
    content_info = cms.ContentInfo.load(bytes.fromhex(signed[start : start + length].decode("ascii")))
    signer_info = content_info["content"]["signer_infos"][0]
    value = signer_info["signature"].native
    signer_info["signature"] = value[:-1] + bytes([value[-1] ^ 0x01])
    broken = content_info.dump(force=True).hex().encode("ascii")
    if len(broken) > length:
        raise ValueError("re-encoded signature does not fit its /Contents")
    return signed[:start] + broken.ljust(length, b"0") + signed[start + length :]


@dataclass(frozen=True)
class SignedSample:
    case: str
    data: bytes
    expected_status: str
    signer: str | None
    signed_at: dt.datetime | None


def make_signature_samples(pki: TestPki, untrusted_pki: TestPki) -> list[SignedSample]:
    """One sample per status (and per way to reach `modified`); `pki.root` is the trusted root.

    `signed_at` is what a reader should report: the timestamp token's time when there is one.
    """
    document = make_sample_pdf()
    signed = sign_pdf(document, pki.signer, pki, timestamp=True)
    stamped_at = DEFAULT_SIGNING_TIME + TIMESTAMP_DELAY
    later = DEFAULT_SIGNING_TIME + dt.timedelta(hours=2)
    co_signer = pki.signer_for(SECOND_SIGNER_NAME)
    twice = sign_pdf(signed, co_signer, pki, field_name="Signature2", signing_time=later)
    by_stranger = sign_pdf(document, untrusted_pki.signer, untrusted_pki)
    return [
        SignedSample("valid", signed, "valid", SIGNER_NAME, stamped_at),
        SignedSample("multi-signature", twice, "valid", SECOND_SIGNER_NAME, later),
        SignedSample("modified-bytes", tamper_signed_range(signed), "modified", SIGNER_NAME, stamped_at),
        SignedSample("modified-incremental", append_content_change(signed), "modified", SIGNER_NAME, stamped_at),
        SignedSample("untrusted-root", by_stranger, "untrusted", SIGNER_NAME, DEFAULT_SIGNING_TIME),
        SignedSample("broken-signature", break_signature_value(signed), "invalid", SIGNER_NAME, stamped_at),
        SignedSample("unsigned", document, "unsigned", None, None),
    ]


def write_signature_samples(folder: Path) -> list[SignedSample]:
    """Write the samples, the trusted root certificate and a JSON Lines ground truth into `folder`."""
    pki = make_test_pki()
    untrusted_pki = make_test_pki("CA lạ không tin cậy")
    samples = make_signature_samples(pki, untrusted_pki)
    (folder / "trust").mkdir(parents=True, exist_ok=True)
    (folder / "trust" / "test-root.pem").write_bytes(pki.root.pem)
    truth = []
    for sample in samples:
        (folder / f"{sample.case}.pdf").write_bytes(sample.data)
        truth.append(
            json.dumps(
                {
                    "case": sample.case,
                    "file": f"{sample.case}.pdf",
                    "status": sample.expected_status,
                    "signer": sample.signer,
                    "signed_at": sample.signed_at.isoformat() if sample.signed_at else None,
                },
                ensure_ascii=False,
            )
        )
    (folder / "signatures.jsonl").write_text("\n".join(truth) + "\n", encoding="utf-8")
    return samples


class _PdfSignerAt(signers.PdfSigner):
    """A PdfSigner that claims a chosen signing time instead of the clock's (samples need fixed dates)."""

    def __init__(self, *args: object, signing_time: dt.datetime, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._signing_time = signing_time

    def init_signing_session(
        self, pdf_out: object, existing_fields_only: bool = False
    ) -> signers.pdf_signer.PdfSigningSession:
        session = super().init_signing_session(pdf_out, existing_fields_only)  # type: ignore[arg-type]
        session.system_time = self._signing_time
        return session


def _name(common_name: str, organization: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _builder(
    subject: x509.Name,
    issuer: x509.Name,
    public_key: ec.EllipticCurvePublicKey | rsa.RSAPublicKey,
    serial: int,
    valid_until: dt.datetime = _VALID_UNTIL,
) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number((serial << 64) | x509.random_serial_number() >> 96)
        .not_valid_before(_VALID_FROM)
        .not_valid_after(valid_until)
    )


def _certificate(
    subject: x509.Name,
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey,
    issuer: Credential,
    extensions: list[tuple[x509.ExtensionType, bool]],
    serial_seed: int,
    valid_until: dt.datetime = _VALID_UNTIL,
) -> x509.Certificate:
    issuer_cert = x509.load_der_x509_certificate(issuer.certificate.dump())
    issuer_key = serialization.load_der_private_key(issuer.key.dump(), password=None)
    assert isinstance(issuer_key, ec.EllipticCurvePrivateKey)
    builder = _builder(subject, issuer_cert.subject, key.public_key(), serial_seed, valid_until)
    for extension, critical in extensions:
        builder = builder.add_extension(extension, critical=critical)
    builder = builder.add_extension(
        x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
    ).add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def _end_entity_extensions() -> list[tuple[x509.ExtensionType, bool]]:
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,  # non-repudiation: what document signing certificates carry
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    return [(x509.BasicConstraints(ca=False, path_length=None), True), (usage, True)]


def _ca_key_usage() -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=False,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=True,
        crl_sign=True,
        encipher_only=False,
        decipher_only=False,
    )


def _credential(certificate: x509.Certificate, key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey) -> Credential:
    key_der = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return Credential(
        certificate=asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER)),
        key=asn1_keys.PrivateKeyInfo.load(key_der),
    )


def _first_byte_range(signed: bytes) -> tuple[int, int]:
    match = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)", signed)
    if match is None:
        raise ValueError("no signature /ByteRange in this file")
    return int(match.group(1)), int(match.group(2))


def _contents_hex_span(signed: bytes) -> tuple[int, int]:
    """Offset and length of the hex digits of the first signature's /Contents (the ByteRange gap)."""
    match = re.search(rb"/ByteRange\s*\[\s*\d+\s+(\d+)\s+(\d+)", signed)
    if match is None:
        raise ValueError("no signature /ByteRange in this file")
    gap_start, gap_end = int(match.group(1)), int(match.group(2))
    return gap_start + 1, gap_end - gap_start - 2  # inside the < > delimiters


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m samples.signing OUT_DIR", file=sys.stderr)
        return 2
    folder = Path(argv[0])
    samples = write_signature_samples(folder)
    for sample in samples:
        print(f"{sample.case}.pdf\t{sample.expected_status}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
