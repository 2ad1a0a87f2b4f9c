"""A search box that also finds documents by their number and symbol (`1772`, `1772/QĐ-UBND`,
`QĐ-UBND`). A number that was handwritten, or read from a file name or a signature stamp, is not
in any page's text, so a text search of the pages misses it: a query that looks like a number is
also run against the documents (whose number, subject and issuer are indexed) and kept where the
document's number contains what was typed."""

from __future__ import annotations

import re
import unicodedata

from kiemchung.stores import SearchHit, SearchQuery
from kiemchung.web.context import WebContext

MAX_NUMBER_HITS = 10
# Digits with an optional symbol ("1772", "1772/QĐ-UBND", "297/KH"), or a symbol alone ("QĐ-UBND").
_NUMBER = re.compile(r"^(\d{1,6}(/[\wĐđ.-]*)?|/?[A-ZĐa-zđ]{1,6}(-[\wĐđ.]+)+)$")


def fold_number(text: str) -> str:
    """ "1772 / QĐ-UBND" → "1772/qd-ubnd": no spaces, no diacritics, lower case."""
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c) and not c.isspace()).casefold()


def looks_like_number(text: str) -> bool:
    compact = "".join(text.split())
    return bool(compact) and _NUMBER.fullmatch(compact) is not None


def number_hits(context: WebContext, query: SearchQuery) -> list[SearchHit]:
    """Documents whose number contains the query, within the query's unit and year filters."""
    if not looks_like_number(query.text):
        return []
    wanted = fold_number(query.text)
    search = SearchQuery(text=query.text, unit=query.unit, year=query.year, target="documents",
                         size=MAX_NUMBER_HITS * 5)  # fmt: skip
    hits = context.store().search(search).hits
    matching = [hit for hit in hits if hit.number and wanted in fold_number(hit.number)]
    # The typed number first when it is a whole number ("1772" before "11772/…").
    matching.sort(key=lambda hit: not fold_number(hit.number or "").startswith(wanted))
    return matching[:MAX_NUMBER_HITS]
