"""Digital signatures in a PDF: who signed, when, whether the bytes are still the signed ones, and
whether the signer's certificate chains to a root the deployment trusts.

Pure: bytes and trust-root certificates in, a `SignatureReport` out. No network: revocation data is
never fetched (OCSP/CRL checks soft-fail), so `valid` means "intact, and the chain reaches a trusted
root at the signing time", not "not revoked since".

A certificate is judged at the time the signature was made (the timestamp token's time, else the
time the signer claims): government certificates expire after a few years, the decisions they
signed do not. SHA-1 and 1024-bit RSA are accepted because Vietnamese government signatures used
them for years; `digest_algorithm` shows which was used.
"""

from __future__ import annotations

import asyncio
import binascii
import datetime as dt
import logging
import re
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from enum import Enum
from io import BytesIO
from pathlib import Path
from typing import Any, Literal, TypeVar

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from pydantic import Field
from pyhanko.pdf_utils import generic as pdf_generic
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.fields import enumerate_sig_fields
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature, async_validate_pdf_signature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko.sign.validation.utils import CMSAlgorithmUsagePolicy
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.policy_decl import DisallowWeakAlgorithmsPolicy

from core.models import Model, Signature, SignatureStatus
from extractors.dates import vietnam_date
from extractors.input_checks import describe_kind, sniff
from extractors.signature_xref import install as install_xref_readers

Coverage = Literal["entire_file", "entire_revision", "contiguous_block", "unclear"]
Modification = Literal["none", "lta_updates", "form_filling", "annotations", "other"]
TimeSource = Literal["timestamp", "claimed", "now"]

DEFAULT_MAX_DAYS = 30
TRUST_ROOT_SUFFIXES = (".pem", ".crt", ".cer", ".der")

# worst last: a document changed after signing says more than a broken signature, which says more
# than a chain we cannot follow
_SEVERITY: dict[SignatureStatus, int] = {
    "unsigned": 0,
    "valid": 1,
    "untrusted": 2,
    "invalid": 3,
    "modified": 4,
}
_LEGACY_TOLERANT = DisallowWeakAlgorithmsPolicy(weak_hash_algos=frozenset({"md2", "md5"}), rsa_key_size_threshold=1024)
_KEY_USAGE = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"})
_COVERAGE: dict[SignatureCoverageLevel, Coverage] = {
    SignatureCoverageLevel.ENTIRE_FILE: "entire_file",
    SignatureCoverageLevel.ENTIRE_REVISION: "entire_revision",
    SignatureCoverageLevel.CONTIGUOUS_BLOCK_FROM_START: "contiguous_block",
    SignatureCoverageLevel.UNCLEAR: "unclear",
}
_TRUST_PROBLEMS = {
    "NO_CERTIFICATE_CHAIN_FOUND": "the certificate chain does not reach a trusted root",
    "OUT_OF_BOUNDS_NO_POE": "the signer's certificate had expired at the signing time",
    "NOT_YET_VALID": "the signer's certificate was not yet valid at the signing time",
    "REVOKED_NO_POE": "the signer's certificate is revoked",
    "REVOKED_CA_NO_POE": "a CA certificate in the chain is revoked",
    "CHAIN_CONSTRAINTS_FAILURE": "the certificate may not sign documents (key usage or chain rules)",
    "CRYPTO_CONSTRAINTS_FAILURE": "the certificate chain uses a forbidden algorithm",
}


class CertificateName(Model):
    common_name: str | None = None
    organization: str | None = None
    text: str  # the whole distinguished name, as a person reads it


class SignatureCheck(Model):
    """One signature field and what its verification found."""

    field_name: str
    status: SignatureStatus
    reason: str  # one line: why this status
    signer: CertificateName | None = None
    issuer: CertificateName | None = None
    serial: str | None = None  # hex, as certificate viewers show it
    claimed_signing_time: dt.datetime | None = None  # signed attributes, else the /M entry
    timestamp_time: dt.datetime | None = None  # from a signature timestamp token (a TSA attests it)
    timestamp_trusted: bool | None = None
    validation_time: dt.datetime | None = None
    validation_time_source: TimeSource | None = None
    intact: bool | None = None  # the signed bytes hash to what was signed
    cryptographically_valid: bool | None = None
    trusted: bool | None = None
    coverage: Coverage | None = None
    modification_level: Modification | None = None  # what was appended after this signature
    docmdp_ok: bool | None = None  # the appended changes are ones a signed document may receive
    appended_bytes: int | None = None  # bytes after the end of this signature's signed range
    digest_algorithm: str | None = None
    subfilter: str | None = None

    @property
    def signed_at(self) -> dt.datetime | None:
        return self.timestamp_time or self.claimed_signing_time


class SignatureReport(Model):
    status: SignatureStatus  # the worst status over all signatures; `unsigned` when there are none
    reason: str | None = None  # one line when the file itself could not be examined
    signatures: list[SignatureCheck] = Field(default_factory=list)


class TrustRootError(Exception):
    """A file in the trust folder is not a certificate. `str(error)` is one line."""


def load_trust_roots(folder: Path) -> list[bytes]:
    """DER bytes of every certificate in `folder` (*.pem, *.crt, *.cer, *.der; PEM may hold several).

    A missing folder means no trust roots (every signature is at best `untrusted`).
    """
    if not folder.is_dir():
        return []
    roots: list[bytes] = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in TRUST_ROOT_SUFFIXES or not path.is_file():
            continue
        data = path.read_bytes()
        try:
            ders = [der for _, _, der in pem.unarmor(data, multiple=True)] if pem.detect(data) else [data]
            for der in ders:
                asn1_x509.Certificate.load(der).native  # noqa: B018 - parses every field, raises on junk
        except (ValueError, TypeError) as error:
            raise TrustRootError(f"{path}: not a certificate ({str(error).splitlines()[0]})") from None
        roots.extend(ders)
    return roots


def read_signatures(data: bytes, trust_roots: list[bytes] | None = None) -> SignatureReport:
    """Check every signature in the PDF `data` against `trust_roots` (PEM or DER certificates).

    Never raises on bad input: a non-PDF or unreadable file gives `unsigned` (or `invalid` if it
    shows signs of a signature) with a one-line `reason`.
    """
    kind = sniff(data)
    if kind != "pdf":
        return SignatureReport(status="unsigned", reason=describe_kind(kind, len(data)))
    try:
        roots = [asn1_x509.Certificate.load(der) for der in _as_der(trust_roots or [])]
    except (ValueError, TypeError) as error:
        return SignatureReport(status="unsigned", reason=f"bad trust root: {_one_line(error)}")
    try:
        reader = PdfFileReader(_SignedPdfStream(data), strict=False)
        unreadable = _open_encrypted(reader)
        fields = [] if unreadable else list(enumerate_sig_fields(reader, filled_status=True))
    except Exception as error:  # pyHanko raises many types on damaged files; all mean "unreadable"
        unreadable = f"PDF could not be read: {_one_line(error)}"
    if unreadable:
        status: SignatureStatus = "invalid" if b"/ByteRange" in data else "unsigned"
        return SignatureReport(status=status, reason=unreadable)
    checks = _run(_check_fields(reader, fields, roots, len(data)))
    return SignatureReport(status=_worst(check.status for check in checks), signatures=checks)


# A signature dictionary's byte range: the signed bytes are [a, a+b) and [c, c+d); the gap between
# them is exactly the /Contents hex string, delimiters included.
_BYTE_RANGE = re.compile(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")
_HEX_BODY = re.compile(rb"[0-9A-Fa-f \t\n\r\f\x00]*")  # what pyHanko's own reader accepts, bar comments
_PDF_WHITESPACE = re.compile(rb"[ \t\n\r\f\x00]+")


def signature_contents(data: bytes) -> dict[int, int]:
    """Where each signature's /Contents (its CMS blob) is, found through the /ByteRange entries: the
    offset of the hex string's `<` → the offset after its `>`. A gap that is not a plain hex string
    is left out (pyHanko then reads it, and judges it). Each byte is scanned at most once, however
    many byte ranges point at it: valid gaps cannot overlap, and each `<` is examined once."""
    spans: dict[int, int] = {}
    hex_run_end: dict[int, int] = {}  # offset of a `<` → where the hex digits after it stop
    for match in _BYTE_RANGE.finditer(data):
        first, length, second, _ = (int(value) for value in match.groups())
        start, end = first + length, second
        if start in spans or not 0 <= start < end <= len(data) or data[start] != ord("<"):
            continue
        if start not in hex_run_end:
            run = _HEX_BODY.match(data, start + 1)
            hex_run_end[start] = run.end() if run is not None else start + 1
        if hex_run_end[start] == end - 1 and data[end - 1] == ord(">"):
            spans[start] = end
    return spans


def decode_hex_string(data: bytes, start: int, end: int) -> bytes:
    """The bytes of the hex string `data[start:end]` (`<…>`), decoded in C as pyHanko would decode them."""
    digits = _PDF_WHITESPACE.sub(b"", data[start + 1 : end - 1])
    return binascii.unhexlify(digits + b"0" if len(digits) % 2 else digits)


class _SignedPdfStream(BytesIO):
    """The file as pyHanko reads it, knowing where the signatures' /Contents are."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.signed_data = data
        self.contents_spans = signature_contents(data)


_read_hex_string_by_tokens = pdf_generic.read_hex_string_from_stream


def _read_hex_string(stream: Any) -> Any:
    """pyHanko's hex-string reader, except for a signature's /Contents located beforehand: pyHanko
    reads hex strings one byte per Python call, hundreds of thousands of calls per signature."""
    spans = getattr(stream, "contents_spans", None)
    if spans:
        start = stream.tell()
        end = spans.get(start)
        if end is not None:
            stream.seek(end)
            return pdf_generic.pdf_string(decode_hex_string(stream.signed_data, start, end))
    return _read_hex_string_by_tokens(stream)


pdf_generic.read_hex_string_from_stream = _read_hex_string
install_xref_readers()


def summarize(report: SignatureReport) -> Signature:
    """The record's `signature`: worst status; signer and time of the last signature whose signed
    content is still the document's (else of the last signature)."""
    if not report.signatures:
        return Signature(status=report.status)
    standing = [check for check in report.signatures if check.status in ("valid", "untrusted")]
    last = (standing or report.signatures)[-1]
    signer = None
    if last.signer is not None:
        signer = last.signer.common_name or last.signer.organization or last.signer.text
    return Signature(status=report.status, signer=signer, signed_at=last.signed_at)


def date_disagreement(issue_date: dt.date | None, signed_at: dt.datetime | None, max_days: int) -> bool:
    """True when the printed issue date and the signing time are more than `max_days` apart.

    The signing date corroborates `issue_date`, which scores depend on. The pipeline should call
    this with the record's `issue_date`, `summarize(report).signed_at` and the configured limit
    (default `DEFAULT_MAX_DAYS`); when it returns True, append `"issue_date"` to the record's
    `needs_review` (once) and set `facts["signature_date_disagrees"] = True` on every evidence
    item of that document, so the appraiser sees both dates. Either date missing is no evidence
    of disagreement. The signing date is taken in Vietnam time (UTC+7), where documents are dated.
    """
    if issue_date is None or signed_at is None:
        return False
    return abs((vietnam_date(signed_at) - issue_date).days) > max_days


_T = TypeVar("_T")


async def _check_fields(
    reader: PdfFileReader, fields: list[Any], roots: list[asn1_x509.Certificate], file_size: int
) -> list[SignatureCheck]:
    opened: list[tuple[int, EmbeddedPdfSignature]] = []
    checks: list[tuple[int, SignatureCheck]] = []
    for fq_name, _, sig_field in fields:
        try:
            embedded = EmbeddedPdfSignature(reader, sig_field, fq_name)
        except Exception as error:
            reason = f"unreadable signature: {_one_line(error)}"
            checks.append((1 << 30, SignatureCheck(field_name=str(fq_name), status="invalid", reason=reason)))
            continue
        if embedded.sig_object_type == "/Sig":  # document timestamps (/DocTimeStamp) name no signer
            opened.append((embedded.signed_revision, embedded))
    for revision, embedded in opened:
        checks.append((revision, await _check_one(embedded, roots, file_size)))
    return [check for _, check in sorted(checks, key=lambda pair: pair[0])]


async def _check_one(
    embedded: EmbeddedPdfSignature, roots: list[asn1_x509.Certificate], file_size: int
) -> SignatureCheck:
    check = SignatureCheck(field_name=str(embedded.field_name), status="invalid", reason="")
    try:
        _describe(embedded, check, file_size)
        moment, source = _validation_moment(check)
        context = ValidationContext(
            trust_roots=list(roots),
            allow_fetching=False,
            revocation_mode="soft-fail",
            moment=moment,
            algorithm_usage_policy=_LEGACY_TOLERANT,
        )
        status = await async_validate_pdf_signature(
            embedded,
            signer_validation_context=context,
            key_usage_settings=_KEY_USAGE,
            algorithm_policy=CMSAlgorithmUsagePolicy.lift_policy(_LEGACY_TOLERANT),
        )
    except Exception as error:  # a broken CMS blob or dictionary can fail anywhere inside pyHanko
        check.status = "invalid"
        check.reason = f"signature could not be verified: {_one_line(error)}"
        return check
    check.validation_time, check.validation_time_source = moment, source
    _record(status, check)
    check.status, check.reason = _judge(status)
    return check


def _describe(embedded: EmbeddedPdfSignature, check: SignatureCheck, file_size: int) -> None:
    """What can be read without validating: certificate names, times, digest, byte range."""
    certificate = embedded.signer_cert
    check.signer = _certificate_name(certificate.subject)
    check.issuer = _certificate_name(certificate.issuer)
    check.serial = format(certificate.serial_number, "X")
    check.digest_algorithm = embedded.md_algorithm
    subfilter = embedded.sig_object.get("/SubFilter")
    check.subfilter = str(subfilter).lstrip("/") if subfilter is not None else None
    check.claimed_signing_time = embedded.self_reported_timestamp
    token = embedded.attached_timestamp_data
    if token is not None:
        check.timestamp_time = token["encap_content_info"]["content"].parsed["gen_time"].native
    byte_range = [int(value) for value in embedded.byte_range]
    if len(byte_range) == 4:
        check.appended_bytes = max(0, file_size - (byte_range[2] + byte_range[3]))


def _validation_moment(check: SignatureCheck) -> tuple[dt.datetime, TimeSource]:
    if check.timestamp_time is not None:
        return check.timestamp_time, "timestamp"
    if check.claimed_signing_time is not None:
        return check.claimed_signing_time, "claimed"
    return dt.datetime.now(dt.UTC), "now"


def _record(status: PdfSignatureStatus, check: SignatureCheck) -> None:
    check.intact = status.intact
    check.cryptographically_valid = status.valid
    check.trusted = status.trusted
    check.coverage = _COVERAGE.get(status.coverage) if status.coverage is not None else None
    level = status.modification_level
    check.modification_level = _modification_name(level) if level is not None else None
    check.docmdp_ok = status.docmdp_ok
    timestamp = status.timestamp_validity
    if timestamp is not None:
        check.timestamp_time = timestamp.timestamp
        check.timestamp_trusted = timestamp.trusted


def _judge(status: PdfSignatureStatus) -> tuple[SignatureStatus, str]:
    if not status.intact:
        return "modified", "the signed bytes were changed after signing"
    if not status.valid:
        return "invalid", "the signature value does not verify against the signer's certificate"
    if status.docmdp_ok is False or status.modification_level == ModificationLevel.OTHER:
        return "modified", "changes appended after signing are not ones a signed document may receive"
    timestamp = status.timestamp_validity
    if timestamp is not None and not (timestamp.intact and timestamp.valid):
        return "invalid", "the signature's timestamp token is broken"
    if not status.trusted:
        return "untrusted", _trust_problem(status)
    if timestamp is not None and not timestamp.trusted:
        return "untrusted", "the timestamp authority's chain does not reach a trusted root"
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return "valid", "intact, covers the whole file, chain reaches a trusted root"
    return "valid", "intact, only permitted changes appended, chain reaches a trusted root"


def _trust_problem(status: PdfSignatureStatus) -> str:
    problem = status.trust_problem_indic
    name = problem.name if isinstance(problem, Enum) else "NO_CERTIFICATE_CHAIN_FOUND"
    if name in _TRUST_PROBLEMS:
        return _TRUST_PROBLEMS[name]
    horizon = status.error_time_horizon
    if horizon is not None:  # pyHanko's "general failure" for a CA certificate out of its validity
        return f"a certificate in the chain was not valid at the signing time (until/from {horizon:%Y-%m-%d})"
    return f"the certificate chain is not trusted ({name})"


def _modification_name(level: ModificationLevel) -> Modification:
    names: dict[ModificationLevel, Modification] = {
        ModificationLevel.NONE: "none",
        ModificationLevel.LTA_UPDATES: "lta_updates",
        ModificationLevel.FORM_FILLING: "form_filling",
        ModificationLevel.ANNOTATIONS: "annotations",
    }
    return names.get(level, "other")


def _certificate_name(name: asn1_x509.Name) -> CertificateName:
    parts = name.native
    return CertificateName(
        common_name=_first(parts.get("common_name")),
        organization=_first(parts.get("organization_name")),
        text=name.human_friendly,
    )


def _first(value: object) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    return str(value) if value is not None else None


def _open_encrypted(reader: PdfFileReader) -> str | None:
    """Open an encrypted file with the empty user password (how most "protected" PDFs are shipped)."""
    if reader.encrypt_dict is None:
        return None
    try:
        result = reader.decrypt("")
    except Exception as error:
        return f"encrypted PDF: {_one_line(error)}"
    if result.status.name == "FAILED":
        return "encrypted PDF: it needs a password to open"
    return None


def _as_der(certificates: list[bytes]) -> list[bytes]:
    ders: list[bytes] = []
    for data in certificates:
        if pem.detect(data):
            ders.extend(der for _, _, der in pem.unarmor(data, multiple=True))
        else:
            ders.append(data)
    return ders


def _worst(statuses: Any) -> SignatureStatus:
    return max(statuses, key=lambda status: _SEVERITY[status], default="unsigned")


def _one_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def _run(coroutine: Coroutine[Any, Any, _T]) -> _T:
    """Run pyHanko's async validation from sync code, also when the caller already runs an event
    loop (Prefect tasks, FastAPI handlers), where `asyncio.run` would refuse."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


class _Demote(logging.Filter):
    """pyHanko logs every untrusted chain or rejected change as a warning with a traceback; here
    those are expected outcomes, already in the report, so they go to DEBUG without the traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno <= logging.WARNING:
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
            record.exc_info = record.exc_text = None
            # Handlers do not check the logger's level again: a root handler some library added with
            # logging.basicConfig (level NOTSET) would print the demoted record all the same.
            return logging.getLogger(record.name).isEnabledFor(logging.DEBUG)
        return True


for _name in (
    "pyhanko.sign.validation.generic_cms",
    "pyhanko.sign.validation.pdf_embedded",
    "pyhanko.sign.validation.status",
    "pyhanko.sign.diff_analysis.policies",
    "pyhanko.sign.diff_analysis.commons",
    "pyhanko.pdf_utils.reader",
    "pyhanko.pdf_utils.xref",
    "pyhanko.pdf_utils.generic",
):
    logging.getLogger(_name).addFilter(_Demote())
