"""Which appraised unit a document is of, and which year its evidence covers.

Attribution is by name first, then by number code; a name several provinces share (every province
has a Sở Nội vụ, several have a huyện Châu Thành) is settled by the province the document names in its
superior line, place line or text — or left unattributed, never guessed. The registries themselves
are `core.units`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from core.models import DocumentRecord, Evidence
from core.units import Registry, Unit, load_registries
from extractors.dates import parse_place_date
from extractors.facts import covered_year
from extractors.normalize import compact_key

YEAR_FACTS = ("plan_year", "report_year", "year")


def _symbol_codes(number: str | None) -> list[str]:
    """ "687/STP-VB" → ["STP", "VB"]; "15/BC-SNV" → ["BC", "SNV"]."""
    if not number:
        return []
    symbol = number.rsplit("/", 1)[-1]
    return [part.strip().upper() for part in symbol.split("-") if part.strip()]


def _province_keys(registry: Registry) -> list[str]:
    names = [registry.province, *registry.province_names]
    keys = {compact_key(name) for name in names}
    # "tỉnh Long An" and "Long An" both name the province; the bare name must stay long enough to mean it.
    keys |= {compact_key(re.sub(r"^(?:tỉnh|thành phố|tp\.?)\s+", "", n, flags=re.IGNORECASE)) for n in names}
    return sorted(k for k in keys if len(k) >= 5)


def _province_score(registry: Registry, record: DocumentRecord) -> int:
    """How strongly the document names this registry's province: superior and place lines count
    most, then the first page's head, then any mention or web domain in the text."""
    keys = _province_keys(registry)
    score = 0
    for text, weight in ((record.superior, 100), (record.place, 50), (record.issuer, 100)):
        if text and any(key in compact_key(text) for key in keys):
            score += weight
    pages = record.pages
    if pages:
        head = compact_key(pages[0].text[:600])
        score += 20 * sum(key in head for key in keys)
        body = compact_key(" ".join(page.text for page in pages[:3]))
        score += sum(body.count(key) for key in keys)
        raw = " ".join(page.text for page in pages[:3]).lower()
        score += 5 * sum(domain in raw for domain in registry.domains)
    return score


def _candidates_by_name(name: str, registries: Iterable[Registry]) -> list[tuple[Registry, Unit]]:
    key = compact_key(name)
    return [(r, u) for r in registries for u in r.units if key and key in {compact_key(n) for n in u.names()}]


_SIGNING_TIME = re.compile(r"thời gian ký\s*:\s*\d{1,2}[./-]\d{1,2}[./-](\d{4})", re.IGNORECASE)
_STAMP_AGENCY = re.compile(r"^\s*(?:cơ quan|ký bởi|người ký)\s*:\s*(.+?)\s*$", re.IGNORECASE | re.MULTILINE)


def _stamp_agencies(record: DocumentRecord) -> list[str]:
    return [m.group(1) for page in record.pages[:2] for m in _STAMP_AGENCY.finditer(page.text)]


def attribute_unit(record: DocumentRecord, registries: Sequence[Registry] | None = None) -> str | None:
    """The id of the appraised unit that issued `record`, or None when the registry cannot tell."""
    registries = list(registries if registries is not None else load_registries())
    candidates: list[tuple[Registry, Unit]] = []
    if record.issuer:
        candidates = _candidates_by_name(record.issuer, registries)
    if not candidates:
        codes = set(_symbol_codes(record.number)) - {"UBND", "HĐND", "HDND"}
        candidates = [(r, u) for r in registries for u in r.units if codes & {c.upper() for c in u.codes}]
    if not candidates:
        # A digital-signature stamp names the signing agency: "Cơ quan: Ủy ban nhân dân Quận 3".
        for name in _stamp_agencies(record):
            candidates = _candidates_by_name(name, registries)
            if candidates:
                break
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0][1].id
    scored = sorted(((_province_score(r, record), u.id) for r, u in candidates), reverse=True)
    if scored[0][0] == 0 or scored[0][0] == scored[1][0]:
        return None
    return scored[0][1]


def attribute_year(record: DocumentRecord, evidence: Sequence[Evidence]) -> int | None:
    """The year a document counts for: the plan or report year its evidence names, else the year its
    subject names ("… hộ nghèo năm 2024", issued in December 2023), else its issue year (or the year
    of its place-and-date line when the day is unreadable, or of its digital signature or signature stamp)."""
    for item in evidence:
        for name in YEAR_FACTS:
            value = item.facts.get(name)
            if isinstance(value, int) and 1900 <= value <= 2100:
                return value
    named = covered_year(record.subject) if record.subject else None
    if named is not None:
        return named
    if record.issue_date:
        return record.issue_date.year
    # The day may be handwritten and unread while the year on the place-and-date line is typed.
    for line in record.pages[0].text.splitlines()[:12] if record.pages else []:
        for part in re.split(r"\s{3,}", line):
            place_date = parse_place_date(part)
            if place_date is not None and place_date.year is not None:
                return place_date.year
    signed = record.signature.signed_at
    if signed is not None:
        return signed.year
    for page in record.pages[:2]:
        stamp = _SIGNING_TIME.search(page.text)
        if stamp is not None:
            return int(stamp.group(1))
    return None
