"""Hostile files for the robustness tests of issue 15: each one small on disk and aimed at one resource.

    python -m samples.hostile OUT_DIR      # writes them, one line per file on stdout: name, size, attack

Bombs are written without ever holding their inflated content: one deflate block sequence for a
chunk is made once (ending in a full flush, so the compressor's state is reset) and repeated; the
checksums (adler32 for a PDF stream, crc32 for a zip member) are computed over the repeats. The
same call always gives the same bytes. FIFOs and symlinks cannot live in git, so they are made
here too; `outside/` beside the root holds the file a symlink escapes to.
"""

from __future__ import annotations

import io
import os
import random
import struct
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent
SEED_PDF = SAMPLES / "001-kh-cchc-digital.pdf"  # a committed born-digital sample, 3 pages
GIB = 1024**3
_CHUNK = 16 * 1024**2


@dataclass(frozen=True)
class Hostile:
    name: str
    attack: str
    must_fail: bool  # an error record is the only right answer (no document can be read from it)


HOSTILE: tuple[Hostile, ...] = (
    Hostile("content-bomb.pdf", "a 2.5 MB page content stream inflating to 2.5 GiB", False),
    Hostile("image-bomb.pdf", "a scanned page: a 1.5 MB image inflating to 40000×40000 grey (1.5 GiB)", False),
    Hostile("zip-bomb.docx", "a .docx whose 2.5 MB word/document.xml inflates to 2.5 GiB", True),
    Hostile("many-paragraphs.docx", "a .docx of 400 000 paragraphs (100 kB zipped)", False),
    Hostile("random-ole.doc", "an OLE header followed by 256 kB of random bytes", True),
    Hostile("fifo.pdf", "a named pipe: open() blocks until a writer comes", True),
    Hostile("dev-zero.pdf", "a symlink to /dev/zero: endless bytes", True),
    Hostile("escape.pdf", "a symlink out of the given folder to a readable PDF", True),
    Hostile("truncated.pdf", "the first 40 % of a born-digital PDF", False),
    Hostile("encrypted.pdf", "a born-digital PDF encrypted with a user password (AES-256)", True),
    Hostile("cyclic-pages.pdf", "a page tree whose /Pages node is its own kid", False),
    Hostile("xref-loop.pdf", "two cross-reference sections whose /Prev point at each other", False),
    Hostile("deep-nesting.pdf", "an object of 100 000 nested arrays", False),
)


def repeated_deflate(
    prefix: bytes, chunk: bytes, repeats: int, suffix: bytes, *, zlib_wrapper: bool
) -> tuple[bytes, int, int]:
    """Deflate `prefix + chunk * repeats + suffix` without building it: (compressed, checksum, size).
    The checksum is adler32 with the zlib wrapper (appended to the stream, as PDF's FlateDecode wants)
    and crc32 without it (raw deflate, as a zip member wants)."""
    head = zlib.compressobj(9, zlib.DEFLATED, 15 if zlib_wrapper else -15)
    start = head.compress(prefix) + head.flush(zlib.Z_FULL_FLUSH)
    body = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = body.compress(chunk) + body.flush(zlib.Z_FULL_FLUSH)
    tail = zlib.compressobj(9, zlib.DEFLATED, -15)
    end = tail.compress(suffix) + tail.flush(zlib.Z_FINISH)
    update: Callable[[bytes, int], int] = zlib.adler32 if zlib_wrapper else zlib.crc32
    checksum = update(prefix, 1 if zlib_wrapper else 0)
    for _ in range(repeats):
        checksum = update(chunk, checksum)
    checksum = update(suffix, checksum)
    stream = start + block * repeats + end
    if zlib_wrapper:
        stream += struct.pack(">I", checksum)
    return stream, checksum, len(prefix) + len(chunk) * repeats + len(suffix)


class PdfBuilder:
    """A PDF written object by object, with a correct cross-reference table unless told otherwise."""

    def __init__(self) -> None:
        self.out = io.BytesIO()
        self.out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        self.offsets: dict[int, int] = {}

    def add(self, number: int, body: bytes, stream: bytes | None = None) -> None:
        self.offsets[number] = self.out.tell()
        self.out.write(b"%d 0 obj\n" % number + body)
        if stream is not None:
            self.out.write(b"\nstream\n" + stream + b"\nendstream")
        self.out.write(b"\nendobj\n")

    def xref(self, numbers: list[int], trailer: bytes) -> int:
        """One cross-reference section for `numbers` (one subsection each) and its trailer."""
        start = self.out.tell()
        self.out.write(b"xref\n")
        if 0 not in numbers:
            self.out.write(b"0 1\n0000000000 65535 f \n")
        for number in sorted(numbers):
            self.out.write(b"%d 1\n%010d 00000 n \n" % (number, self.offsets[number]))
        self.out.write(b"trailer\n" + trailer + b"\nstartxref\n%d\n%%%%EOF\n" % start)
        return start

    def finish(self, trailer: bytes) -> bytes:
        size = max(self.offsets) + 1
        self.xref(list(self.offsets), b"<< /Size %d " % size + trailer + b" >>")
        return self.out.getvalue()


def _one_page_pdf(
    content: bytes, resources: bytes = b"<< >>", extra: tuple[tuple[int, bytes, bytes | None], ...] = ()
) -> bytes:
    pdf = PdfBuilder()
    pdf.add(1, b"<< /Type /Catalog /Pages 2 0 R >>")
    pdf.add(2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    pdf.add(3, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources " + resources + b" /Contents 4 0 R >>")
    pdf.add(4, b"<< /Length %d /Filter /FlateDecode >>" % len(content), content)
    for number, body, stream in extra:
        pdf.add(number, body, stream)
    return pdf.finish(b"/Root 1 0 R")


def content_bomb() -> bytes:
    """Spaces are a valid content stream: the parser must hold or scan all 2.5 GiB of them."""
    text = b"BT /F1 12 Tf 72 770 Td (Ke hoach) Tj ET\n"
    stream, _, _ = repeated_deflate(text, b" " * _CHUNK, 160, b"\n", zlib_wrapper=True)
    font = b"<< /Font << /F1 5 0 R >> >>"
    return _one_page_pdf(stream, font, ((5, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", None),))


def image_bomb() -> bytes:
    """A white 40000×40000 grey image on an A4 page: tiny compressed, 1.5 GiB decoded."""
    side = 40000
    row = b"\xff" * side
    pixels, _, _ = repeated_deflate(b"", row * 400, side // 400, b"", zlib_wrapper=True)
    image = (
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 "
        b"/Filter /FlateDecode /Length %d >>" % (side, side, len(pixels))
    )
    content = zlib.compress(b"q 595 0 0 842 0 0 cm /Im1 Do Q\n")
    return _one_page_pdf(content, b"<< /XObject << /Im1 5 0 R >> >>", ((5, image, pixels),))


def _zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip of already-deflated members: (name, raw deflate, crc32, uncompressed size < 4 GiB)."""
    out = io.BytesIO()
    central = io.BytesIO()
    for name, data, crc, size in members:
        encoded = name.encode()
        offset = out.tell()
        # fixed time 1980-01-01 00:00 so the bytes never change
        header = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0)
        out.write(header + encoded + data)
        entry = (0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0, 0, 0, 0, 0, offset)
        central.write(struct.pack("<IHHHHHHIIIHHHHHII", *entry) + encoded)
    start = out.tell()
    directory = central.getvalue()
    out.write(directory)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), start, 0))
    return out.getvalue()


_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    b'Target="word/document.xml"/></Relationships>'
)
_DOCUMENT_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
)
_DOCUMENT_TAIL = b"</w:body></w:document>"


def _docx(document: tuple[bytes, int, int]) -> bytes:
    def small(data: bytes) -> tuple[bytes, int, int]:
        deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
        return deflate.compress(data) + deflate.flush(), zlib.crc32(data), len(data)

    return _zip(
        [
            ("[Content_Types].xml", *small(_CONTENT_TYPES)),
            ("_rels/.rels", *small(_RELS)),
            ("word/document.xml", *document),
        ]
    )


def zip_bomb_docx() -> bytes:
    """One paragraph whose run holds 2.5 GiB of letters."""
    head = _DOCUMENT_HEAD + "<w:p><w:r><w:t>Kế hoạch ".encode()
    return _docx(repeated_deflate(head, b"A" * _CHUNK, 160, b"</w:t></w:r></w:p>" + _DOCUMENT_TAIL, zlib_wrapper=False))


def many_paragraphs_docx() -> bytes:
    paragraph = "<w:p><w:r><w:t>Điều khoản thi hành.</w:t></w:r></w:p>".encode()
    return _docx(repeated_deflate(_DOCUMENT_HEAD, paragraph * 1000, 400, _DOCUMENT_TAIL, zlib_wrapper=False))


def random_ole() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + random.Random(15).randbytes(256 * 1024)


def truncated() -> bytes:
    data = SEED_PDF.read_bytes()
    return data[: len(data) * 2 // 5]


def encrypted() -> bytes:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import copy_into_new_writer

    with SEED_PDF.open("rb") as handle:
        writer = copy_into_new_writer(PdfFileReader(handle, strict=False))
        writer.encrypt(b"owner-secret", b"user-secret")
        out = io.BytesIO()
        writer.write(out)
    return out.getvalue()


def cyclic_pages() -> bytes:
    pdf = PdfBuilder()
    pdf.add(1, b"<< /Type /Catalog /Pages 2 0 R >>")
    pdf.add(2, b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>")
    pdf.add(3, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>")
    content = b"BT /F1 12 Tf 72 770 Td (Trang) Tj ET"
    pdf.add(4, b"<< /Length %d >>" % len(content), content)
    return pdf.finish(b"/Root 1 0 R")


def xref_loop() -> bytes:
    """Section A's /Prev is section B and B's /Prev is A: a reader following /Prev never ends."""
    pdf = PdfBuilder()
    pdf.add(1, b"<< /Type /Catalog /Pages 2 0 R >>")
    pdf.add(2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    pdf.add(3, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>")
    width = 10  # /Prev values are written with a fixed width so both sections can point forward and back
    first = pdf.out.tell()
    body = pdf.out.getvalue()
    # Lay out both sections once to learn their offsets, then write them for real with those offsets.
    for _ in range(2):
        pdf.out = io.BytesIO()
        pdf.out.write(body)
        a = pdf.xref([1, 2, 3], b"<< /Size 4 /Root 1 0 R /Prev %0*d >>" % (width, first))
        b = pdf.xref([1], b"<< /Size 4 /Root 1 0 R /Prev %0*d >>" % (width, a))
        first = b
    return pdf.out.getvalue()


def deep_nesting() -> bytes:
    depth = 100_000
    return _one_page_pdf(zlib.compress(b"BT ET"), b"<< /Nested " + b"[" * depth + b"]" * depth + b" >>")


_MAKERS: dict[str, Callable[[], bytes]] = {
    "content-bomb.pdf": content_bomb,
    "image-bomb.pdf": image_bomb,
    "zip-bomb.docx": zip_bomb_docx,
    "many-paragraphs.docx": many_paragraphs_docx,
    "random-ole.doc": random_ole,
    "truncated.pdf": truncated,
    "encrypted.pdf": encrypted,
    "cyclic-pages.pdf": cyclic_pages,
    "xref-loop.pdf": xref_loop,
    "deep-nesting.pdf": deep_nesting,
}


def make(root: Path, name: str) -> Path:
    """Write one hostile file into `root` (created); returns its path. `escape.pdf` points to
    `root/../outside/readable.pdf`, a copy of a good sample outside the root."""
    root.mkdir(parents=True, exist_ok=True)
    path = root / name
    if path.is_symlink() or path.exists():
        path.unlink()
    if name == "fifo.pdf":
        os.mkfifo(path)
    elif name == "dev-zero.pdf":
        path.symlink_to("/dev/zero")
    elif name == "escape.pdf":
        outside = root.parent / "outside" / "readable.pdf"
        outside.parent.mkdir(parents=True, exist_ok=True)
        outside.write_bytes(SEED_PDF.read_bytes())
        path.symlink_to(outside)
    else:
        path.write_bytes(_MAKERS[name]())
    return path


def make_all(root: Path) -> list[Path]:
    return [make(root, hostile.name) for hostile in HOSTILE]


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m samples.hostile OUT_DIR", file=sys.stderr)
        return 2
    for hostile, path in zip(HOSTILE, make_all(Path(argv[0])), strict=True):
        size = path.lstat().st_size if path.is_symlink() or not path.exists() else path.stat().st_size
        print(f"{hostile.name}\t{size}\t{hostile.attack}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
