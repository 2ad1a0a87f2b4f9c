"""How a DocumentRecord becomes index items: stable ids, criterion paths, evidence with page text."""

from __future__ import annotations

from kiemchung.stores.base import criterion_path
from kiemchung.stores.documents import index_record
from tests.kiemchung.stores.corpus import PLAN


def test_criterion_path_lists_every_ancestor() -> None:
    assert criterion_path("1.1.2") == ["1", "1.1", "1.1.2"]
    assert criterion_path("7") == ["7"]


def test_ids_derive_from_the_sha256_and_do_not_change() -> None:
    first, second = index_record(PLAN), index_record(PLAN.model_copy(deep=True))

    assert first.document.id == PLAN.sha256
    assert [p.id for p in first.pages] == [f"{PLAN.sha256}:p00001", f"{PLAN.sha256}:p00002"]
    assert first.item_ids == second.item_ids
    assert all(e.id.startswith(f"{PLAN.sha256}:e") for e in first.evidence)


def test_evidence_ids_do_not_depend_on_list_order() -> None:
    reordered = PLAN.model_copy(update={"evidence": list(reversed(PLAN.evidence))})
    assert index_record(reordered).item_ids == index_record(PLAN).item_ids


def test_duplicate_evidence_is_indexed_once() -> None:
    doubled = PLAN.model_copy(update={"evidence": PLAN.evidence + PLAN.evidence})
    assert len(index_record(doubled).evidence) == len(PLAN.evidence)


def test_pages_and_document_know_their_criteria() -> None:
    item = index_record(PLAN)

    assert [p.criteria for p in item.pages] == [["1.1.1"], ["1.4"]]
    assert item.pages[0].criterion_paths == ["1", "1.1", "1.1.1"]
    assert item.document.criteria == ["1.1.1", "1.4"]
    assert item.document.criterion_paths == ["1", "1.1", "1.1.1", "1.4"]
    assert item.document.methods == ["ocr", "text"]


def test_evidence_carries_its_page_text_and_method() -> None:
    item = index_record(PLAN)
    on_page_2 = next(e for e in item.evidence if e.page == 2)

    assert on_page_2.text.text == PLAN.pages[1].text
    assert on_page_2.method == "ocr"
    assert on_page_2.text.text[on_page_2.start : on_page_2.end] == on_page_2.quote
