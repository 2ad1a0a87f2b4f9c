"""Stamps printed or stamped over a document, which are never its issuer, number or date.

- arrival stamp of the receiving office: "ĐẾN  Số: …  Giờ: …  Ngày: 27/6/2025  Chuyển: …"
- digital-signature stamp: "Ký bởi: Sở Tư pháp / Email: … / Cơ quan: … / Thời gian ký: 25.02.2021 15:12:01"
- copy stamp: "SAO Y; VĂN PHÒNG …; 25/07/2025 10:25:14 +07:00"
- urgency and secrecy marks: "HỎA TỐC", "THƯỢNG KHẨN", "KHẨN", "MẬT"

Banners are printed over a document by whoever republished it (`core/data/banners.yaml`): the
gazette's running header "CÔNG BÁO/Số 851 + 852/Ngày 01-7-2025" with its page number on every page, a
portal's name stamped across the top ("CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ"), a document site's watermark
("thuvienphapluat.vn"). `without_banners` drops them before the fields are read, so that neither the
gazette's number nor its date becomes the document's.
"""

from __future__ import annotations

import datetime as dt
import re

from core import gazetteer
from core.models import Page, Word
from extractors.dates import VIETNAM_TIME
from extractors.layout import TEXT_BLOCK_SEPARATOR, build_lines, split_blocks
from extractors.normalize import fold

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


# ── banners: running headers, portal names, watermarks ──────────────────────────────────────────

_BANNERS = gazetteer.banners()


def _phrase(text: str) -> str:
    return r"\s*".join(re.escape(word) for word in text.split())


_GAZETTE_NAME = "(?:" + "|".join(_phrase(name) for name in _BANNERS.gazette_names) + ")"
# an issue number as OCR reads it on a poor scan: a digit or two taken for look-alike letters ("s9" for 59)
_ISSUE_NUMBER = r"[soil|]?\d[\dsoil|]{0,4}"
_ISSUE_AND_DATE = (
    rf"so\s*{_ISSUE_NUMBER}(?:\s*\+\s*{_ISSUE_NUMBER})*\s*/\s*ngay\s*\d{{1,2}}\s*[-/.]\s*\d{{1,2}}\s*[-/.]\s*\d{{2,4}}"
)
# "CÔNG BÁO/Số 851 + 852/Ngày 01-7-2025", "CÔNG BÁO TỈNH X/Số 12/Ngày 3-2-2024", with a page number
_RUNNING_HEADER = re.compile(
    rf"^(?:\d{{1,4}}\s+)?{_GAZETTE_NAME}(?:\s+[a-z][a-z ]{{0,40}}?)?\s*/?\s*{_ISSUE_AND_DATE}(?:\s+\d{{1,4}})?$"
)
# the two halves, when the gazette prints them apart: "CÔNG BÁO" … "Số 851 + 852/Ngày 01-7-2025"
_ISSUE_HALF = re.compile(rf"^(?:\d{{1,4}}\s+)?{_ISSUE_AND_DATE}(?:\s+\d{{1,4}})?$")
_NAME_HALF = re.compile(rf"^(?:\d{{1,4}}\s+)?{_GAZETTE_NAME}(?:\s+\d{{1,4}})?$")
_PORTAL = re.compile("^(?:" + "|".join(_phrase(name) for name in _BANNERS.portals) + r")\b")
_SITE = re.compile("|".join(re.escape(site) for site in _BANNERS.sites))
_ADDRESS_ONLY = re.compile(r"^(?:https?://)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:vn|com|net|org)(?:/\S*)?$")
_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?\d{1,4}(?:\s*-)?\s*$")
# Where a portal's name may be stamped: anywhere in the page's top band (share of the page height:
# running headers, banners over the header), on the last lines of its bottom band (a footer; the
# recipients' "- Cổng thông tin điện tử tỉnh;" sit above it), on the first and last lines of a page
# known only by its text.
_TOP_BAND = 0.15
_BOTTOM_BAND = 0.12
_EDGE_LINES = 2
_CANDIDATE = re.compile(
    "|".join([_GAZETTE_NAME, _PORTAL.pattern.lstrip("^"), _SITE.pattern, r"\w\.(?:vn|com|net|org)\b"])
)


def _folded(text: str) -> str:
    return re.sub(r"\s+", " ", fold(text).lower()).strip()


def is_banner_text(text: str, *, at_edge: bool = False) -> bool:
    """A gazette's running header or a document site's name or address (a watermark), anywhere;
    at the page's top or bottom edge also half a running header, a portal's name, a bare web address."""
    folded = _folded(text)
    if not folded:
        return False
    if _RUNNING_HEADER.match(folded) or _SITE.search(folded):
        return True
    if not at_edge:
        return False
    name_half = _NAME_HALF.match(folded) and text.upper() == text
    return bool(_ISSUE_HALF.match(folded) or name_half or _PORTAL.match(folded) or _ADDRESS_ONLY.match(folded))


_OPENS_WITH_GAZETTE_NAME = re.compile(rf"^(?:\d{{1,4}}\s+)?{_GAZETTE_NAME}\b")


def opens_with_gazette_name(text: str) -> bool:
    """ "CÔNG BÁO SÉ …": a gazette's running header however the rest of it was read; no agency's
    name starts so ("Trung tâm Công báo" starts with its kind)."""
    return bool(_OPENS_WITH_GAZETTE_NAME.match(_folded(text)))


def _banner_pieces(pieces: list[str], at_edge: bool) -> list[bool]:
    """Which pieces of one line are banners; a page number beside a banner goes with it."""
    whole = " ".join(pieces)
    if is_banner_text(whole, at_edge=at_edge):
        return [True] * len(pieces)
    flags = [is_banner_text(piece, at_edge=at_edge) for piece in pieces]
    if any(flags):
        flags = [flag or bool(_PAGE_NUMBER.match(piece)) for flag, piece in zip(flags, pieces, strict=True)]
    return flags


def _banner_words(words: list[Word], height: float, site_named: bool) -> set[int]:
    """Ids of banner words: lines in the page's top and bottom bands, single words elsewhere (a
    watermark's site name). Only the bands are grouped into lines: a long document has many pages."""
    height = height or max(word.bottom for word in words)
    top = [word for word in words if word.bottom <= _TOP_BAND * height]
    bottom = [word for word in words if word.top >= (1 - _BOTTOM_BAND) * height]
    dropped: set[int] = set()
    for band, edge_of in ((top, lambda i, n: True), (bottom, lambda i, n: i >= n - _EDGE_LINES)):
        lines = build_lines(band)
        for index, line in enumerate(lines):
            pieces = split_blocks(line)
            flags = _banner_pieces([p.text for p in pieces], edge_of(index, len(lines)))
            for piece, flag in zip(pieces, flags, strict=True):
                if flag:
                    dropped.update(id(word) for word in piece.words)
    if site_named:
        dropped.update(id(word) for word in words if _SITE.search(_folded(word.text)))
    return dropped


def _blank(text: str, words: list[Word]) -> str:
    """The page text with the given words replaced by spaces (offsets of the rest unchanged)."""
    chars = list(text)
    for word in words:
        if word.start is None or text[word.start : word.start + len(word.text)] != word.text:
            continue
        chars[word.start : word.start + len(word.text)] = " " * len(word.text)
    return "".join(chars)


def _text_without_banners(text: str) -> str:
    lines = text.split("\n")
    filled = [index for index, line in enumerate(lines) if line.strip()]
    edges = set(filled[:_EDGE_LINES] + filled[-_EDGE_LINES:])
    kept: list[str] = []
    for index, line in enumerate(lines):
        pieces = [piece for piece in TEXT_BLOCK_SEPARATOR.split(line.strip()) if piece]
        flags = _banner_pieces(pieces, index in edges) if pieces else []
        if any(flags):
            line = "    ".join(piece for piece, flag in zip(pieces, flags, strict=True) if not flag)
        kept.append(line)
    return "\n".join(kept)


def without_banners(page: Page) -> Page:
    """The page without banners: running headers, portal names and watermarks (words and text)."""
    if not page.words:
        text = _text_without_banners(page.text)
        return page if text == page.text else page.model_copy(update={"text": text})
    folded = fold(page.text).lower()
    if not _CANDIDATE.search(folded):
        return page
    dropped = _banner_words(page.words, page.height, bool(_SITE.search(folded)))
    if not dropped:
        return page
    removed: list[Word] = []
    kept: list[Word] = []
    for word, word_id in zip(page.words, map(id, page.words), strict=True):
        (removed if word_id in dropped else kept).append(word)
    text = _blank(page.text, removed)
    if any(word.start is None for word in removed):
        text = _text_without_banners(text)
    return page.model_copy(update={"words": kept, "text": text})
