"""Pictures as old Word files hold them: a scanned page wrapped in an Enhanced Metafile (EMF).

Word 97-2003 keeps a picture pasted from the clipboard or from some scanner drivers as a metafile
whose only drawing is the bitmap (one EMR_STRETCHDIBITS record). Written here by hand (MS-EMF
2.3.1.1 header, 2.3.1.7 StretchDIBits, 2.3.4.1 EOF) so no drawing program is needed.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile

from PIL import Image

_EMR_HEADER, _EMR_STRETCHDIBITS, _EMR_EOF = 1, 81, 14
_SRCCOPY = 0x00CC0020
_HEADER_SIZE = 108  # the base header, pixel-format fields and szlMicrometers


def emf_of(picture: bytes, dpi: float) -> bytes:
    """The picture (any format PIL reads) as an EMF drawing it, 8-bit grey, at `dpi`."""
    with Image.open(io.BytesIO(picture)) as opened:
        image = opened.convert("L")
    width, height = image.size
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 8, 0, 0, 0, 0, 256, 0)
    palette = b"".join(bytes((level, level, level, 0)) for level in range(256))
    stride = (width + 3) & ~3
    rows = image.tobytes()
    padding = bytes(stride - width)
    bits = b"".join(rows[y * width : (y + 1) * width] + padding for y in range(height - 1, -1, -1))  # bottom-up
    bmi = info + palette
    fixed = 80
    record = struct.pack(
        "<II4i6i4IIIii",
        _EMR_STRETCHDIBITS,
        fixed + len(bmi) + len(bits),
        0,
        0,
        width - 1,
        height - 1,
        0,
        0,
        0,
        0,
        width,
        height,
        fixed,
        len(bmi),
        fixed + len(bmi),
        len(bits),
        0,
        _SRCCOPY,
        width,
        height,
    )
    body = record + bmi + bits
    eof = struct.pack("<IIIII", _EMR_EOF, 20, 0, 16, 20)
    millimetres = (round(width / dpi * 25.4), round(height / dpi * 25.4))
    header = struct.pack(
        "<II4i4iIIIIHHIIIiiiiIIIii",
        _EMR_HEADER,
        _HEADER_SIZE,
        0,
        0,
        width - 1,
        height - 1,
        0,
        0,
        round(width / dpi * 2540),
        round(height / dpi * 2540),
        0x464D4520,  # " EMF"
        0x10000,
        _HEADER_SIZE + len(body) + len(eof),
        3,
        0,
        0,
        0,
        0,
        0,
        width,
        height,
        *millimetres,
        0,
        0,
        0,
        millimetres[0] * 1000,
        millimetres[1] * 1000,
    )
    return header + body + eof


def pictures_as_emf(docx: bytes, dpi: float) -> bytes:
    """The .docx with every picture of word/media replaced by an EMF wrapping it (parts renamed,
    relationships and content types updated)."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    renamed: dict[str, str] = {}
    for name in source.namelist():
        if name.startswith("word/media/"):
            renamed[name] = re.sub(r"\.\w+$", ".emf", name)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            name = renamed.get(info.filename, info.filename)
            if info.filename in renamed:
                data = emf_of(data, dpi)
            elif info.filename == "word/_rels/document.xml.rels":
                text = data.decode("utf-8")
                for old, new in renamed.items():
                    text = text.replace(old.removeprefix("word/"), new.removeprefix("word/"))
                data = text.encode("utf-8")
            elif info.filename == "[Content_Types].xml" and b'Extension="emf"' not in data:
                data = data.replace(b"<Default ", b'<Default Extension="emf" ContentType="image/x-emf"/><Default ', 1)
            member = zipfile.ZipInfo(name, date_time=info.date_time)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = info.external_attr
            target.writestr(member, data)
    return out.getvalue()
