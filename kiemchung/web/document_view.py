"""The document page: metadata, provenance, one page image with its evidence boxes, the page text."""

from __future__ import annotations

from dataclasses import dataclass

from core.models import DocumentRecord, Evidence, Page
from kiemchung.archive import ProvenanceRecord
from kiemchung.web.context import WebContext
from kiemchung.web.criteria import criterion_name
from kiemchung.web.highlights import Box, TextPiece, evidence_boxes, evidence_item_id, text_pieces

A4_POINTS = (595.0, 842.0)


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


class DocumentNotFound(LookupError):
    pass


def _page_size(page: Page) -> tuple[float, float]:
    if page.width > 0 and page.height > 0:
        return page.width, page.height
    if page.words:  # no size recorded: at least as large as its words
        return max(A4_POINTS[0], max(w.x1 for w in page.words)), max(A4_POINTS[1], max(w.bottom for w in page.words))
    return A4_POINTS


def document_page(context: WebContext, sha256: str, page_number: int | None, selected_id: str | None) -> DocumentPage:
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
    width, height = _page_size(page)
    return DocumentPage(
        record=record,
        provenance=context.archive.provenance(sha256),
        page=page,
        page_width=width,
        page_height=height,
        image_url=f"/api/documents/{sha256}/pages/{page.page}/image",
        boxes=evidence_boxes(sha256, page, record.evidence, selected_id),
        text=text_pieces(sha256, page, record.evidence, selected_id),
        evidence=evidence,
        selected=selected,
        unit_name=context.unit_name(record.unit),
    )
