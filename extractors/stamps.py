"""Stamps printed or stamped over a document, which are never its issuer, number or date.

- arrival stamp of the receiving office: "ĐẾN  Số: …  Giờ: …  Ngày: 27/6/2025  Chuyển: …"
- digital-signature stamp: "Ký bởi: Sở Tư pháp / Email: … / Cơ quan: … / Thời gian ký: 25.02.2021 15:12:01"
- copy stamp: "SAO Y; VĂN PHÒNG …; 25/07/2025 10:25:14 +07:00"
- urgency and secrecy marks: "HỎA TỐC", "THƯỢNG KHẨN", "KHẨN", "MẬT"
"""

from __future__ import annotations

import datetime as dt
import re

from extractors.dates import VIETNAM_TIME
from extractors.normalize import fold
from kiemchung.models import Page

_STAMP_LINE = re.compile(
    r"^\s*(?:"
    r"den\b|so\s*den\b|gio\s*[:.]|ngay\s*[:.]|chuyen\s*[:.]|luu\s*ho\s*so|"  # arrival stamp
    r"(?:nguoi\s*)?ky\s*boi\b|email\s*[:.]|co\s*quan\s*[:.]|thoi\s*gian\s*ky\b|"  # signature stamp
    r"sao\s*y\b|ban\s*sao\b|"  # copy stamp
    r"hoa\s*toc\b|thuong\s*khan\b|khan\b|toi\s*khan\b|mat\b|tuyet\s*mat\b|toi\s*mat\b"  # marks
    r")",
)
# anywhere in a line: the arrival stamp's "Ngày: 27/6/2025" and "Giờ: 9h", the signature stamp's time
_STAMP_FIELD = re.compile(r"\bngay\s*:\s*\d{1,2}\s*[/.-]|\bgio\s*:|thoi\s*gian\s*ky\s*:")
_URGENCY_ONLY = re.compile(r"^\s*(?:hoa\s*toc|thuong\s*khan|khan|toi\s*khan|mat|tuyet\s*mat|toi\s*mat)\s*$")

_SIGNED_BY = re.compile(r"(?:Người\s*ký|Ký\s*bởi)\s*[:.]\s*(?P<signer>[^\n]+)", re.IGNORECASE)
_SIGNED_AT = re.compile(
    r"Thời\s*gian\s*ký\s*[:.]?\s*(?P<day>\d{1,2})[./-](?P<month>\d{1,2})[./-](?P<year>\d{4})"
    r"(?:\s+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?"
    r"(?:\s*(?P<sign>[+-])(?P<tz_hour>\d{2}):?(?P<tz_minute>\d{2}))?",
    re.IGNORECASE,
)


def is_stamp_line(text: str) -> bool:
    """A line of an arrival, signature or copy stamp, or an urgency/secrecy mark (case and accents free).

    Upper-case "MẬT"/"KHẨN" are marks; the same syllables lower case start body sentences, so only
    whole upper-case marks count.
    """
    stripped = text.strip()
    folded = fold(stripped).lower()
    if _URGENCY_ONLY.match(folded):
        return stripped.upper() == stripped
    if re.match(r"^\s*(?:khan|mat|tuyet\s*mat|toi\s*mat|den)\b", folded):
        return stripped.split(" ", 1)[0].upper() == stripped.split(" ", 1)[0]
    return bool(_STAMP_LINE.match(folded) or _STAMP_FIELD.search(folded))


def _signed_at(match: re.Match[str]) -> dt.datetime | None:
    try:
        tz = VIETNAM_TIME
        if match.group("sign"):
            offset = dt.timedelta(hours=int(match.group("tz_hour")), minutes=int(match.group("tz_minute")))
            tz = dt.timezone(offset if match.group("sign") == "+" else -offset)
        return dt.datetime(
            int(match.group("year")),
            int(match.group("month")),
            int(match.group("day")),
            int(match.group("hour") or 0),
            int(match.group("minute") or 0),
            int(match.group("second") or 0),
            tzinfo=tz,
        )
    except ValueError:
        return None


def find_signature_stamp(pages: list[Page]) -> tuple[str | None, dt.datetime | None]:
    """The signer and signing time printed by a digital-signature stamp, if any page carries one.

    A time without an offset is Vietnam time (+07:00), as the stamps of the government CA print it.
    """
    signer: str | None = None
    signed_at: dt.datetime | None = None
    for page in pages:
        if signer is None:
            by = _SIGNED_BY.search(page.text)
            if by:
                signer = re.split(r"\s{3,}", by.group("signer").strip())[0].strip(" .,;") or None
        if signed_at is None:
            at = _SIGNED_AT.search(page.text)
            if at:
                signed_at = _signed_at(at)
        if signer is not None and signed_at is not None:
            break
    return signer, signed_at
