"""What a downloaded file really is, judged by its first bytes rather than its name or Content-Type.

Portals answer a missing attachment with an HTML page and status 200, under the .pdf name: the
magic bytes tell the truth.
"""

from __future__ import annotations

from extractors.input_checks import picture_format

SNIFF_BYTES = 2048  # enough for a PDF header after junk, an HTML doctype, a zip's first entry name

_OLE2 = bytes.fromhex("d0cf11e0a1b11ae1")
_MARKUP_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<!--", b"<?xml", b"<script", b"<meta", b"<title")


def sniff_kind(head: bytes) -> str:
    """`pdf`, `doc`, `docx`, `picture`, `zip`, `html`, `xml`, `text`, `empty` or `binary`."""
    if not head:
        return "empty"
    if picture_format(head) is not None:  # a scan published as JPEG, PNG, TIFF…
        return "picture"
    if b"%PDF-" in head[:1024]:  # the spec tolerates bytes before the header
        return "pdf"
    if head.startswith(_OLE2):
        return "doc"
    if head.startswith(b"PK\x03\x04"):
        return "docx" if b"word/" in head or b"[Content_Types].xml" in head else "zip"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(_MARKUP_STARTS):
        return "xml" if text.startswith(b"<?xml") and b"<html" not in text else "html"
    if b"<html" in text[:512]:
        return "html"
    if b"\x00" not in head:
        return "text"
    return "binary"


def describe_mismatch(kind: str, content_type: str | None, accepted: tuple[str, ...]) -> str:
    """One line saying why a body is not an acceptable document."""
    served = f" (Content-Type {content_type})" if content_type else ""
    wanted = "/".join(kind.upper() for kind in accepted)
    if kind == "html":
        return f"served an HTML page{served} where a {wanted} document was expected: probably an error page"
    if kind == "empty":
        return f"served an empty body{served} where a {wanted} document was expected"
    return f"served {kind} content{served} where a {wanted} document was expected"
