"""The scanned page inside a metafile: old Word files often hold a pasted picture as a Windows
Metafile (WMF) or an Enhanced Metafile (EMF) whose only drawing is one bitmap.

PIL can name these formats but not draw them, so the bitmap is taken out of its record and given
back as a BMP (or as the JPEG/PNG the record carries), at its native resolution:
- EMF (MS-EMF 2.3.1): EMR_BITBLT, EMR_STRETCHBLT, EMR_SETDIBITSTODEVICE, EMR_STRETCHDIBITS;
- WMF (MS-WMF 2.3.1), after the optional placeable header: META_DIBBITBLT, META_DIBSTRETCHBLT,
  META_SETDIBTODEV, META_STRETCHDIB.
A metafile that draws several large bitmaps (tiles) is not one picture: None, as for a drawing.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator

# A second bitmap at least this share of the largest one's pixels makes the metafile a mosaic.
_MOSAIC_SHARE = 0.25
_MAX_RECORDS = 200_000

_EMF_SIGNATURE = 0x464D4520  # " EMF" at offset 40 of the header record
# EMR type → offset in the record of (offBmiSrc, cbBmiSrc, offBitsSrc, cbBitsSrc)
_EMF_BITMAP_RECORDS = {76: 84, 77: 84, 80: 48, 81: 48}
_WMF_PLACEABLE = 0x9AC6CDD7
# WMF function → offset of the DIB in the record (META_DIBBITBLT also has a form without bitmap)
_WMF_BITMAP_RECORDS = {0x0940: 22, 0x0B41: 26, 0x0D33: 24, 0x0F43: 28}
_BI_JPEG, _BI_PNG = 4, 5


def is_metafile(data: bytes) -> bool:
    return _is_emf(data) or _wmf_start(data) is not None


def metafile_bitmap(data: bytes) -> bytes | None:
    """The one bitmap a WMF or EMF draws, as BMP, JPEG or PNG bytes; None if there is not one."""
    try:
        found = list(_emf_bitmaps(data) if _is_emf(data) else _wmf_bitmaps(data))
    except struct.error:
        return None
    if not found:
        return None
    found.sort(key=lambda item: item[0], reverse=True)
    if len(found) > 1 and found[1][0] >= _MOSAIC_SHARE * found[0][0]:
        return None
    return found[0][1]


def _is_emf(data: bytes) -> bool:
    return (
        len(data) >= 44
        and struct.unpack_from("<I", data, 0)[0] == 1
        and struct.unpack_from("<I", data, 40)[0] == _EMF_SIGNATURE
    )


def _wmf_start(data: bytes) -> int | None:
    """Offset of the WMF header (after a placeable header, when there is one), or None."""
    start = 22 if len(data) >= 22 and struct.unpack_from("<I", data, 0)[0] == _WMF_PLACEABLE else 0
    if len(data) < start + 18:
        return None
    kind, header_words = struct.unpack_from("<HH", data, start)
    return start if kind in (1, 2) and header_words == 9 else None


def _emf_bitmaps(data: bytes) -> Iterator[tuple[int, bytes]]:
    offset = 0
    for _ in range(_MAX_RECORDS):
        if offset + 8 > len(data):
            return
        kind, size = struct.unpack_from("<II", data, offset)
        if size < 8 or offset + size > len(data):
            return
        if kind in _EMF_BITMAP_RECORDS:
            base = _EMF_BITMAP_RECORDS[kind]
            if size >= base + 16:
                bmi_at, bmi_size, bits_at, bits_size = struct.unpack_from("<IIII", data, offset + base)
                record = data[offset : offset + size]
                bitmap = _dib(record[bmi_at : bmi_at + bmi_size], record[bits_at : bits_at + bits_size])
                if bitmap is not None:
                    yield bitmap
        if kind == 14:  # EMR_EOF
            return
        offset += size


def _wmf_bitmaps(data: bytes) -> Iterator[tuple[int, bytes]]:
    start = _wmf_start(data)
    if start is None:
        return
    offset = start + 18
    for _ in range(_MAX_RECORDS):
        if offset + 6 > len(data):
            return
        words, function = struct.unpack_from("<IH", data, offset)
        size = words * 2
        if size < 6 or offset + size > len(data) or function == 0:
            return
        dib_at = _WMF_BITMAP_RECORDS.get(function)
        if dib_at is not None and not (function == 0x0940 and words == (function >> 8) + 3):
            found = _packed_dib(data[offset + dib_at : offset + size])
            if found is not None:
                yield found
        offset += size


def _packed_dib(dib: bytes) -> tuple[int, bytes] | None:
    """A DIB whose bits follow its header and colour table."""
    if len(dib) < 40:
        return None
    header_size, _w, _h, _planes, bit_count, compression, _image, _x, _y, colours = struct.unpack_from(
        "<IiiHHIIiiI", dib
    )
    if header_size < 40 or header_size > len(dib):
        return None
    if colours == 0 and bit_count <= 8:
        colours = 1 << bit_count
    table = header_size + 4 * colours + (12 if compression == 3 and header_size == 40 else 0)
    return _dib(dib[:table], dib[table:])


def _dib(info: bytes, bits: bytes) -> tuple[int, bytes] | None:
    """(pixels, picture file bytes) of a BITMAPINFO and its bits: a BMP, or the JPEG/PNG it carries."""
    if len(info) < 40 or not bits:
        return None
    _size, width, height, _planes, _bit_count, compression = struct.unpack_from("<IiiHHI", info)
    pixels = abs(width) * abs(height)
    if pixels == 0:
        return None
    if compression in (_BI_JPEG, _BI_PNG):
        return pixels, bits
    file_header = struct.pack("<2sIHHI", b"BM", 14 + len(info) + len(bits), 0, 0, 14 + len(info))
    return pixels, file_header + info + bits
