"""The search page: rubric tree with evidence counts, unit and year pickers, hits with badges."""

from __future__ import annotations

import html
import re
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import quote

from markupsafe import Markup, escape

from kiemchung.stores import FacetBucket, SearchHit, SearchQuery, SearchResult, SearchTarget
from kiemchung.web.context import WebContext
from kiemchung.web.criteria import CriterionNode, criterion_name, criterion_tree
from kiemchung.web.document_view import page_size
from kiemchung.web.highlights import Box, query_boxes
from kiemchung.web.number_search import number_hits

_MARK = re.compile(r"<mark>(.*?)</mark>", re.DOTALL)
PICKER_TTL_SECONDS = 30.0


def safe_snippet(snippet: str) -> Markup:
    """A store snippet ("escaped text with <mark>…</mark>") rebuilt here: every piece is unescaped
    and escaped again, so nothing but our own <mark> can reach the page whatever the store sent."""
    out: list[str] = []
    cursor = 0
    for match in _MARK.finditer(snippet):
        out.append(str(escape(html.unescape(snippet[cursor : match.start()]))))
        out.append(f"<mark>{escape(html.unescape(match.group(1)))}</mark>")
        cursor = match.end()
    out.append(str(escape(html.unescape(snippet[cursor:]))))
    return Markup("".join(out))


@dataclass
class HitView:
    hit: SearchHit
    snippet: Markup
    method: str | None  # how the hit's page was read
    signature: str  # signature status of the document
    criterion_name: str
    unit_name: str
    url: str
    preview: PagePreview | None = None


@dataclass
class PagePreview:
    """The hit's page as a small image with the search words boxed on it."""

    image_url: str
    width: float
    height: float
    boxes: list[Box]


PREVIEWS = 5  # hits of a free-text search that show their page with the words boxed (the image is lazy-loaded)


def page_preview(context: WebContext, hit: SearchHit, text: str) -> PagePreview | None:
    if hit.page is None or not text.strip():
        return None
    record = context.library.record(hit.sha256)
    page = next((p for p in record.pages if p.page == hit.page), None) if record is not None else None
    if page is None:
        return None
    boxes = query_boxes(page, text)
    if not boxes:
        return None
    width, height = page_size(page)
    return PagePreview(image_url=f"/api/documents/{hit.sha256}/pages/{page.page}/image", width=width, height=height,
                       boxes=boxes)  # fmt: skip


@dataclass
class Option:
    value: str
    label: str
    count: int


@dataclass
class SearchPage:
    query: SearchQuery
    result: SearchResult
    hits: list[HitView]
    tree: list[CriterionNode]
    units: list[Option]
    years: list[Option]
    criterion_name: str
    pages: int
    counts_pages: bool  # the tree counts matching pages (free text), not evidence items
    number_hits: list[HitView] = field(default_factory=list)  # documents whose number matches the query


class PickerCache:
    """Units and years that have documents, for the pickers: one facet query, kept a few seconds."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._value: tuple[float, list[FacetBucket], list[FacetBucket]] | None = None

    def get(self, context: WebContext) -> tuple[list[FacetBucket], list[FacetBucket]]:
        with self._lock:
            if self._value is not None and time.monotonic() - self._value[0] < PICKER_TTL_SECONDS:
                return self._value[1], self._value[2]
        facets = context.store().search(SearchQuery(target="documents", size=1)).facets
        with self._lock:
            self._value = (time.monotonic(), facets.unit, facets.year)
        return facets.unit, facets.year


def hit_url(hit: SearchHit, text: str = "") -> str:
    """The document page of a hit; with the search words, which the page marks on its image."""
    url = f"/documents/{hit.sha256}"
    params = []
    if hit.page is not None:
        params.append(f"page={hit.page}")
    if hit.kind == "evidence":
        params.append(f"evidence={hit.id}")
    if text.strip():
        params.append(f"q={quote(text.strip())}")
    return url + ("?" + "&".join(params) if params else "") + "#trang"


def hit_view(context: WebContext, hit: SearchHit, text: str = "", preview: bool = False) -> HitView:
    record = context.library.light(hit.sha256)
    method = None
    if record is not None:
        by_page = {page.page: page.method for page in record.pages}
        method = (
            by_page.get(hit.page or 1)
            if hit.page is not None
            else ("ocr" if "ocr" in by_page.values() else next(iter(by_page.values()), None))
        )
    return HitView(
        hit=hit,
        snippet=safe_snippet(hit.snippet),
        method=method,
        signature=record.signature.status if record is not None else "unsigned",
        criterion_name=criterion_name(context.scheme, hit.criterion),
        unit_name=context.unit_name(hit.unit),
        url=hit_url(hit, text),
        preview=page_preview(context, hit, text) if preview else None,
    )


def search_page(context: WebContext, pickers: PickerCache, query: SearchQuery) -> SearchPage:
    store = context.store()
    if query.criterion is None and not query.text.strip() and query.target is None:
        query = query.model_copy(update={"target": "evidence"})  # nothing asked yet: the newest evidence
    result = store.search(query)
    # Tree counts: evidence items per criterion; with free text, pages that match and carry evidence
    # of it (a page facet rides on the text query the results already ran; an evidence facet over
    # every matching item costs several times the search at 100k items).
    counts_target: SearchTarget = "pages" if query.text.strip() else "evidence"
    if query.criterion is None and query.resolved_target == counts_target:
        criterion_counts = result.facets.criterion
    else:
        counts_query = SearchQuery(text=query.text, unit=query.unit, year=query.year, target=counts_target, size=1)
        criterion_counts = store.search(counts_query).facets.criterion
    units, years = pickers.get(context)
    return SearchPage(
        query=query,
        result=result,
        hits=[hit_view(context, hit, query.text, preview=rank < PREVIEWS) for rank, hit in enumerate(result.hits)],
        tree=criterion_tree(context.scheme, criterion_counts, query.criterion),
        units=[Option(b.value, context.unit_name(b.value), b.count) for b in sorted(units, key=lambda b: b.value)],
        years=[Option(b.value, b.value, b.count) for b in sorted(years, key=lambda b: b.value, reverse=True)],
        criterion_name=criterion_name(context.scheme, query.criterion),
        pages=max(1, -(-result.total // query.size)),
        counts_pages=counts_target == "pages",
        number_hits=[hit_view(context, hit, query.text) for hit in number_hits(context, query)]
        if query.page == 1
        else [],
    )
