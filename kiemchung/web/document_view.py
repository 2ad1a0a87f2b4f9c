"""The document page: metadata, provenance, one page image with its evidence boxes, the page text."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from core.models import DocumentRecord, Evidence, Page
from kiemchung.archive import ProvenanceRecord
from kiemchung.web.context import WebContext
from kiemchung.web.criteria import criterion_name
from kiemchung.web.highlights import Box, TextPiece, evidence_boxes, evidence_item_id, query_boxes, text_pieces

A4_POINTS = (595.0, 842.0)
PAGE_LINKS_AROUND = 2  # page links either side of the current page; the first and last always shown


@dataclass
class PageNav:
    """Previous/next, a few page links around the current page (None marks a gap) and jump-to-page:
    a 227-page file gets about ten links, not 227."""

    current: int
    total: int
    previous: int | None
    next: int | None
    links: list[int | None]


def page_nav(numbers: list[int], current: int, around: int = PAGE_LINKS_AROUND) -> PageNav:
    ordered = sorted(numbers)
    index = ordered.index(current) if current in ordered else 0
    shown = {0, len(ordered) - 1, *range(max(0, index - around), min(len(ordered), index + around + 1))}
    links: list[int | None] = []
    last = -1
    for position in sorted(shown):
        if last >= 0 and position - last > 1:
            links.append(None)
        links.append(ordered[position])
        last = position
    return PageNav(
        current=current,
        total=len(ordered),
        previous=ordered[index - 1] if index > 0 else None,
        next=ordered[index + 1] if index + 1 < len(ordered) else None,
        links=links,
    )


@dataclass
class EvidenceView:
    id: str
    item: Evidence
    criterion_name: str
    selected: bool
    url: str


@dataclass
class DocumentPage:
    record: DocumentRecord
    provenance: list[ProvenanceRecord]
    page: Page
    page_width: float
    page_height: float
    image_url: str
    boxes: list[Box]
    text: list[TextPiece]
    evidence: list[EvidenceView]
    selected: EvidenceView | None
    unit_name: str
    nav: PageNav
    query: str  # the search words marked on the page ("" when the page was not opened from a search)
    query_boxes: list[Box]

    def page_url(self, page: int) -> str:
        params = [f"page={page}"]
        if self.selected:
            params.append(f"evidence={quote(self.selected.id, safe=':')}")
        if self.query:
            params.append(f"q={quote(self.query)}")
        return f"/documents/{self.record.sha256}?{'&'.join(params)}#trang"


class DocumentNotFound(LookupError):
    pass


def page_size(page: Page) -> tuple[float, float]:
    if page.width > 0 and page.height > 0:
        return page.width, page.height
    if page.words:  # no size recorded: at least as large as its words
        return max(A4_POINTS[0], max(w.x1 for w in page.words)), max(A4_POINTS[1], max(w.bottom for w in page.words))
    return A4_POINTS


def document_page(
    context: WebContext, sha256: str, page_number: int | None, selected_id: str | None, query: str = ""
) -> DocumentPage:
    record = context.library.record(sha256)
    if record is None:
        raise DocumentNotFound(sha256)
    evidence = [
        EvidenceView(
            id=(item_id := evidence_item_id(sha256, item)),
            item=item,
            criterion_name=criterion_name(context.scheme, item.criterion),
            selected=item_id == selected_id,
            url=f"/documents/{sha256}?page={item.page}&evidence={item_id}#trang",
        )
        for item in sorted(record.evidence, key=lambda e: (e.page, e.start))
    ]
    selected = next((view for view in evidence if view.selected), None)
    if page_number is None:
        page_number = selected.item.page if selected else (evidence[0].item.page if evidence else 1)
    page = next((p for p in record.pages if p.page == page_number), None)
    if page is None:
        raise DocumentNotFound(f"{sha256} page {page_number}")
    width, height = page_size(page)
    return DocumentPage(
        record=record,
        provenance=context.archive.provenance(sha256),
        page=page,
        page_width=width,
        page_height=height,
        image_url=f"/api/documents/{sha256}/pages/{page.page}/image",
        boxes=evidence_boxes(sha256, page, record.evidence, selected_id),
        text=text_pieces(sha256, page, record.evidence, selected_id, query),
        evidence=evidence,
        selected=selected,
        unit_name=context.unit_name(record.unit),
        nav=page_nav([p.page for p in record.pages], page.page),
        query=query,
        query_boxes=query_boxes(page, query),
    )
