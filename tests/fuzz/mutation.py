"""Byte mutations of real documents, and where in a PDF each mutated byte landed.

A mutant is its seed with a few bytes overwritten at uniform offsets (what a damaged download or a
flaky disk does). `locate` names the PDF object each offset falls in and what that object is (page
content, ToUnicode map, embedded font program, cross-reference table…), so a surprising record can be
traced to the part of the file that changed.
"""

from __future__ import annotations

import random
import re
import zlib
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# Small real born-digital PDFs and a Word file: generated samples (samples/README.md).
PDF_SEEDS = tuple(
    REPO / "samples" / name
    for name in (
        "001-kh-cchc-digital.pdf",
        "009-qd-khen-thuong-urgent.pdf",
        "010-kh-tuyen-truyen-annex.pdf",
        "012-qd-ho-ngheo-digital.pdf",
    )
)
OFFICE_SEEDS = (REPO / "samples" / "011-qd-sang-kien-office.docx",)

# The NĐ30 fields a mutation may silently change.
FIELDS = ("doc_type", "number", "issuer", "issue_date", "subject")


@dataclass(frozen=True)
class Mutation:
    offset: int
    value: int  # the new byte


def mutate(data: bytes, mutations: list[Mutation]) -> bytes:
    buffer = bytearray(data)
    for mutation in mutations:
        buffer[mutation.offset % len(buffer)] = mutation.value
    return bytes(buffer)


def random_mutations(rng: random.Random, size: int, most: int = 4) -> list[Mutation]:
    return [Mutation(rng.randrange(size), rng.randrange(256)) for _ in range(rng.randint(1, most))]


_OBJECT = re.compile(rb"(\d+) (\d+) obj\b")
_REFERENCE = rb"/%s\s*(\d+) 0 R"


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    number: int | None
    kind: str


def pdf_spans(data: bytes) -> list[Span]:
    """The objects of a PDF (start, end, number, kind); the rest is header, xref and trailer."""
    starts = [(m.start(), int(m.group(1))) for m in _OBJECT.finditer(data)]
    kinds: dict[int, str] = {}
    for name, kind in (
        (b"Contents", "page content"),
        (b"ToUnicode", "ToUnicode map"),
        (b"FontFile2", "font program"),
        (b"FontFile", "font program"),
        (b"FontFile3", "font program"),
        (b"FontDescriptor", "font descriptor"),
        (b"DescendantFonts", "font dictionary"),
        (b"Widths", "font widths"),
    ):
        for match in re.finditer(_REFERENCE % name, data):
            kinds.setdefault(int(match.group(1)), kind)
    spans = []
    for index, (start, number) in enumerate(starts):
        end_marker = data.find(b"endobj", start)
        end = end_marker + len(b"endobj") if end_marker >= 0 else len(data)
        if index + 1 < len(starts):
            end = min(end, starts[index + 1][0])
        body = data[start : min(end, start + 400)]
        known = kinds.get(number)
        if known is not None:
            kind = known
        else:
            if b"/Type /Page" in body and b"/Pages" not in body:
                kind = "page dictionary"
            elif b"/Type /Font" in body or b"/Subtype /Type0" in body:
                kind = "font dictionary"
            elif b"stream" in body:
                kind = "other stream"
            else:
                kind = "other object"
        spans.append(Span(start, end, number, kind))
    return spans


def locate(data: bytes, offset: int, spans: list[Span] | None = None) -> str:
    """What part of the PDF `offset` is in: "<kind> <object number>" or xref/trailer/header."""
    for span in spans if spans is not None else pdf_spans(data):
        if span.start <= offset < span.end:
            in_stream = data.find(b"stream", span.start, span.end)
            where = "data" if 0 <= in_stream < offset else "dictionary"
            return f"{span.kind} {span.number} ({where})"
    if offset < 16:
        return "header"
    xref = data.rfind(b"xref", 0, offset + 1)
    return "xref/trailer" if xref >= 0 else "between objects"


_FLATE_STREAM = re.compile(rb"/Filter\s*\[?\s*/FlateDecode\s*\]?[^>]*>>\s*stream\r?\n", re.S)


def flate_streams(data: bytes) -> list[tuple[int, int]]:
    """(start, end) of the data of each FlateDecode stream that inflates cleanly."""
    found = []
    for match in _FLATE_STREAM.finditer(data):
        start = match.end()
        end = data.find(b"endstream", start)
        if end < 0:
            continue
        try:
            zlib.decompress(data[start:end].rstrip(b"\r\n"))
        except zlib.error:
            continue
        found.append((start, end))
    return found


def mutate_inflated(data: bytes, stream: int, changes: list[Mutation]) -> tuple[bytes, str]:
    """Overwrite bytes *inside* one inflated stream (the `stream`-th, modulo their number; offsets
    modulo its length), deflate it again and put it back — the /Length and the xref go stale, which
    readers repair: what a smarter fuzzer or a buggy PDF writer does. → (mutant, where it landed)."""
    streams = flate_streams(data)
    start, end = streams[stream % len(streams)]
    inflated = zlib.decompress(data[start:end].rstrip(b"\r\n"))
    changed = mutate(inflated, changes)
    offsets = sorted(change.offset % len(inflated) for change in changes)
    mutant = data[:start] + zlib.compress(changed) + b"\n" + data[end:]
    return mutant, f"{locate(data, start).rsplit(' (', 1)[0]} @{offsets}"


def random_inflated_mutation(data: bytes, rng: random.Random, most: int = 4) -> tuple[bytes, str]:
    changes = [Mutation(rng.randrange(2**24), rng.randrange(256)) for _ in range(rng.randint(1, most))]
    return mutate_inflated(data, rng.randrange(2**16), changes)
