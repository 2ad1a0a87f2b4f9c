"""Signature blobs located through /ByteRange and decoded in C give pyHanko exactly what its own
byte-by-byte hex reader gives, and pyHanko stops tokenizing them."""

from __future__ import annotations

from io import BytesIO

import pytest
from pyhanko.pdf_utils.generic import pdf_string
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import enumerate_sig_fields

from extractors import signature
from extractors.signature import decode_hex_string, read_signatures, signature_contents
from samples.signing import SignedSample, make_signature_samples, make_test_pki


@pytest.fixture(scope="module")
def samples() -> dict[str, SignedSample]:
    return {sample.case: sample for sample in make_signature_samples(make_test_pki(), make_test_pki("CA lạ"))}


def _contents_read_by_pyhanko(data: bytes) -> list[bytes]:
    reader = PdfFileReader(BytesIO(data), strict=False)  # a plain stream: pyHanko's own reader
    return [bytes(field.get_object()["/V"]["/Contents"]) for _, _, field in enumerate_sig_fields(reader)]


@pytest.mark.parametrize("case", ["valid", "multi-signature", "modified-incremental", "broken-signature"])
def test_located_contents_are_what_pyhanko_reads(case: str, samples: dict[str, SignedSample]) -> None:
    data = samples[case].data
    located = [decode_hex_string(data, start, end) for start, end in signature_contents(data).items()]
    assert located and sorted(located) == sorted(_contents_read_by_pyhanko(data))


def _with_gap(gap: bytes) -> bytes:
    head = b"%PDF-1.7 signed part "
    return head + gap + b" /ByteRange [0 %d %d 4] " % (len(head), len(head) + len(gap))


@pytest.mark.parametrize("gap", [b"<30 82\n01 0a\r\n>", b"<3082\x000>", b"<>", b"<ABCDEF0123>"])
def test_white_space_and_odd_digits_decode_as_pyhanko_does(gap: bytes) -> None:
    data = _with_gap(gap)
    start = data.index(gap)
    expected = signature._read_hex_string_by_tokens(BytesIO(gap))
    assert signature_contents(data) == {start: start + len(gap)}
    read = pdf_string(decode_hex_string(data, start, start + len(gap)))
    assert (type(read), read) == (type(expected), expected)


@pytest.mark.parametrize("gap", [b"<30 % a comment\n82>", b"<30zz>", b"(30)", b"<3082"])
def test_a_gap_that_is_not_a_plain_hex_string_is_left_to_pyhanko(gap: bytes) -> None:
    assert signature_contents(_with_gap(gap)) == {}


def test_a_byte_range_outside_the_file_is_ignored() -> None:
    assert signature_contents(b"%PDF-1.7 /ByteRange [0 10 999999 4] <3082>") == {}


def test_reading_a_signed_file_never_tokenizes_its_signature(
    samples: dict[str, SignedSample], monkeypatch: pytest.MonkeyPatch
) -> None:
    tokenized: list[int] = []
    original = signature._read_hex_string_by_tokens

    def counting(stream: BytesIO) -> str | bytes:
        value: str | bytes = original(stream)  # pyHanko gives text for a hex string that decodes as text
        tokenized.append(len(value))
        return value

    monkeypatch.setattr(signature, "_read_hex_string_by_tokens", counting)
    report = read_signatures(samples["multi-signature"].data, [])
    assert [check.status for check in report.signatures] == ["untrusted", "untrusted"], report
    assert all(length < 64 for length in tokenized)  # IDs and the like, never a CMS blob


def test_many_byte_ranges_over_one_gap_scan_it_once() -> None:
    gap = b"<" + b"30" * 50_000 + b">"
    head = b"%PDF-1.7 "
    ranges = b"".join(b"/ByteRange [0 %d %d 4] " % (len(head), len(head) + len(gap) - shift) for shift in range(2000))
    data = head + gap + ranges
    assert signature_contents(data) == {len(head): len(head) + len(gap)}
