"""The record's pages say how a page was turned to be read (`Page.turned`, `Page.skew`); older records
still load."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from core.models import DocumentRecord, Page

OLD_PAGE = {"page": 1, "method": "ocr", "confidence": 88.5, "text": "KẾ HOẠCH", "width": 595.0, "height": 842.0,
            "reason": "no text layer; OCR vie at 300 dpi"}  # fmt: skip


def _old_record(*pages: dict[str, object]) -> str:
    return json.dumps({"file": "a.pdf", "sha256": "0" * 64, "pages": list(pages), "extractor_version": "2026.11.30-1"})


def test_a_record_from_before_the_field_loads_with_its_pages_upright() -> None:
    record = DocumentRecord.model_validate_json(_old_record(OLD_PAGE))
    assert (record.pages[0].turned, record.pages[0].skew) == (0, 0.0)
    assert record.pages[0].text == "KẾ HOẠCH"


def test_a_record_from_before_the_field_keeps_the_turn_its_reason_note_gives() -> None:
    """Records of extractor 2026.12.01-* said the turn and skew only in the reason: their boxes are on
    the upright, straightened page all the same, so the page must be shown so."""
    reason = "no text layer; scanned turned 270°, read upright; OCR vie at 300 dpi, deskewed -1.2°"
    noted = {**OLD_PAGE, "width": 842.0, "height": 595.0, "reason": reason}
    record = DocumentRecord.model_validate_json(_old_record(OLD_PAGE, {**noted, "page": 2}))
    assert [(page.turned, page.skew) for page in record.pages] == [(0, 0.0), (270, -1.2)]


def test_the_turn_is_kept_through_json_and_only_quarter_turns_are_taken() -> None:
    page = Page(page=3, method="ocr", text="x", width=842.0, height=595.0, turned=90, reason="no text layer")
    assert Page.model_validate_json(page.model_dump_json()).turned == 90
    line = json.loads(DocumentRecord(file="a.pdf", sha256="0" * 64, pages=[page]).contract_json())
    assert line["pages"][0]["turned"] == 90  # in the `extract --json` contract
    # a turn the record states wins over its note
    assert Page.model_validate({**OLD_PAGE, "turned": 0, "reason": "scanned turned 90°, read upright"}).turned == 0
    with pytest.raises(ValidationError):
        Page(page=1, method="ocr", text="x", turned=45)  # type: ignore[arg-type]
