"""The contract every evidence store keeps, run against the embedded store and real Elasticsearch."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from core.models import Page
from kiemchung.stores.base import EvidenceStore, SearchHit, SearchQuery
from tests.kiemchung.stores.corpus import CORPUS, DECISION, LETTER, PLAN, REPORT, record, sha


@pytest.fixture
def indexed(store: EvidenceStore) -> EvidenceStore:
    store.index_documents(CORPUS)
    return store


def where(hits: list[SearchHit]) -> set[tuple[str, int | None]]:
    return {(hit.sha256, hit.page) for hit in hits}


def pages(query: str, store: EvidenceStore) -> set[tuple[str, int | None]]:
    return where(store.search(SearchQuery(text=query, target="pages", size=100)).hits)


def test_indexing_reports_and_counts_every_item(store: EvidenceStore) -> None:
    report = store.index_documents(CORPUS)

    expected_pages = sum(len(r.pages) for r in CORPUS)
    expected_evidence = sum(len(r.evidence) for r in CORPUS)
    assert (report.documents, report.pages, report.evidence) == (len(CORPUS), expected_pages, expected_evidence)
    assert report.errors == []
    counts = store.counts()
    assert (counts.documents, counts.pages, counts.evidence) == (len(CORPUS), expected_pages, expected_evidence)
    assert store.indexed_sha256s() == {r.sha256 for r in CORPUS}


def test_indexing_the_same_records_again_changes_nothing(indexed: EvidenceStore) -> None:
    query = SearchQuery(text="cải cách hành chính", target="evidence", sort="newest")
    before = indexed.search(query)

    report = indexed.index_documents(CORPUS)

    assert report.deleted == 0
    counts = indexed.counts()
    assert (counts.documents, counts.pages, counts.evidence) == (
        len(CORPUS), sum(len(r.pages) for r in CORPUS), sum(len(r.evidence) for r in CORPUS)
    )  # fmt: skip
    after = indexed.search(query)
    assert [h.id for h in after.hits] == [h.id for h in before.hits]
    assert after.total == before.total


def test_text_without_diacritics_finds_text_with_them(indexed: EvidenceStore) -> None:
    assert pages("cai cach hanh chinh", indexed) == {
        (PLAN.sha256, 1), (PLAN.sha256, 2), (REPORT.sha256, 1), (DECISION.sha256, 1)
    }  # fmt: skip


def test_d_with_stroke_folds_to_d(indexed: EvidenceStore) -> None:
    assert pages("Dong Nai", indexed) == {(REPORT.sha256, 1)}
    assert pages("dinh van hung", indexed) == {(LETTER.sha256, 1)}


def test_exact_spelling_ranks_above_a_folded_only_match(indexed: EvidenceStore) -> None:
    dinh_with_dot = indexed.search(SearchQuery(text="định", target="pages")).hits
    surname = indexed.search(SearchQuery(text="đinh", target="pages")).hits

    # "định" is on the plan and the decision; the letter has only the surname "Đinh".
    assert where(dinh_with_dot) == {(PLAN.sha256, 1), (DECISION.sha256, 1), (LETTER.sha256, 1)}
    assert dinh_with_dot[-1].sha256 == LETTER.sha256
    assert surname[0].sha256 == LETTER.sha256
    assert len(surname) == 3


def test_quoted_words_match_only_as_a_phrase(indexed: EvidenceStore) -> None:
    loose = pages("hành chính năm", indexed)
    phrase = pages('"hành chính năm"', indexed)
    folded_phrase = pages('"hanh chinh nam"', indexed)

    assert phrase == {(PLAN.sha256, 1)}
    assert folded_phrase == phrase
    assert loose == {(PLAN.sha256, 1), (REPORT.sha256, 1), (DECISION.sha256, 1), (LETTER.sha256, 1)}


def test_all_words_must_match(indexed: EvidenceStore) -> None:
    assert pages("tuyên truyền doanh nghiệp", indexed) == {(PLAN.sha256, 2)}
    assert pages("tuyên truyền báo cáo", indexed) == set()


def test_criterion_filter_takes_the_sub_tree(indexed: EvidenceStore) -> None:
    under_1_1 = indexed.search(SearchQuery(criterion="1.1"))
    under_1 = indexed.search(SearchQuery(criterion="1", size=100))
    exactly_1_1_1 = indexed.search(SearchQuery(criterion="1.1.1"))

    assert under_1_1.target == "evidence"
    assert [h.criterion for h in under_1_1.hits] == ["1.1.1"]
    assert [h.criterion for h in exactly_1_1_1.hits] == ["1.1.1"]
    assert sorted(h.criterion or "" for h in under_1.hits) == ["1", "1.1.1", "1.2", "1.4"]
    assert indexed.search(SearchQuery(criterion="1.3")).total == 0


def test_a_sub_tree_is_not_a_string_prefix(store: EvidenceStore) -> None:
    page = Page(page=1, method="text", text="Mục 1.10 và mục 11 và mục 1.1.")
    found = [("1.10", 1, "Mục 1.10"), ("11", 1, "mục 11"), ("1.1", 1, "mục 1.1")]
    store.index_documents([record("ids", [page], found)])

    assert [h.criterion for h in store.search(SearchQuery(criterion="1.1")).hits] == ["1.1"]
    # undated hits come in id order, which follows the evidence's place on the page
    assert [h.criterion for h in store.search(SearchQuery(criterion="1")).hits] == ["1.10", "1.1"]


def test_criterion_filter_on_pages_and_documents(indexed: EvidenceStore) -> None:
    plan_pages = indexed.search(SearchQuery(criterion="1.4", target="pages"))
    documents = indexed.search(SearchQuery(criterion="1", target="documents", size=100))

    assert where(plan_pages.hits) == {(PLAN.sha256, 2)}
    assert {h.sha256 for h in documents.hits} == {PLAN.sha256, REPORT.sha256, DECISION.sha256}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (SearchQuery(target="evidence", unit="q1"), {DECISION.sha256}),
        (SearchQuery(target="evidence", year=2024), {PLAN.sha256, REPORT.sha256}),
        (SearchQuery(target="evidence", doc_type="BC"), {REPORT.sha256}),
        (SearchQuery(target="evidence", method="ocr"), {PLAN.sha256}),
        (SearchQuery(target="evidence", signature="valid"), {PLAN.sha256}),
        (SearchQuery(target="evidence", issued_from=dt.date(2024, 1, 9)), {REPORT.sha256}),
        (SearchQuery(target="evidence", issued_to=dt.date(2024, 1, 8)), {PLAN.sha256, DECISION.sha256}),
        (SearchQuery(target="pages", unit="q1", year=2023), {DECISION.sha256, LETTER.sha256}),
        (SearchQuery(target="pages", method="ocr"), {PLAN.sha256}),
        (SearchQuery(target="documents", method="ocr"), {PLAN.sha256}),
        (SearchQuery(target="documents", doc_type="CV"), {LETTER.sha256}),
    ],
)
def test_each_filter(indexed: EvidenceStore, query: SearchQuery, expected: set[str]) -> None:
    result = indexed.search(query.model_copy(update={"size": 100}))
    assert {h.sha256 for h in result.hits} == expected


def test_evidence_filtered_by_method_is_the_one_on_the_ocr_page(indexed: EvidenceStore) -> None:
    hits = indexed.search(SearchQuery(target="evidence", method="ocr")).hits
    assert [(h.criterion, h.page) for h in hits] == [("1.4", 2)]


def test_facets_count_the_whole_hit_set(indexed: EvidenceStore) -> None:
    result = indexed.search(SearchQuery(target="evidence", size=1))
    evidence = [(r, e) for r in CORPUS for e in r.evidence]

    assert result.total == len(evidence)
    assert len(result.hits) == 1
    assert {b.value: b.count for b in result.facets.criterion} == dict(Counter(e.criterion for _, e in evidence))
    assert {b.value: b.count for b in result.facets.unit} == dict(Counter(r.unit for r, _ in evidence))
    years = Counter(str(r.year) for r, _ in evidence)
    assert {b.value: b.count for b in result.facets.year} == dict(years)
    assert {b.value: b.count for b in result.facets.doc_type} == dict(Counter(r.doc_type for r, _ in evidence))
    counts = [b.count for b in result.facets.unit]
    assert counts == sorted(counts, reverse=True)


def test_page_facets_count_pages_with_evidence_of_a_criterion(indexed: EvidenceStore) -> None:
    result = indexed.search(SearchQuery(text="cai cach", target="pages"))
    assert {b.value: b.count for b in result.facets.criterion} == {"1.1.1": 1, "1.4": 1, "1.2": 1, "1": 1}
    assert {b.value: b.count for b in result.facets.year} == {"2024": 3, "2023": 1}


def test_hits_carry_highlights_page_numbers_and_document_fields(indexed: EvidenceStore) -> None:
    hit = indexed.search(SearchQuery(text="tuyen truyen", criterion="1")).hits[0]

    assert (hit.sha256, hit.page, hit.criterion) == (PLAN.sha256, 2, "1.4")
    assert (hit.number, hit.doc_type, hit.issue_date, hit.unit, hit.year) == (
        "297/KH-UBND", "KH", dt.date(2024, 1, 8), "q3", 2024
    )  # fmt: skip
    assert "<mark>tuyên</mark> <mark>truyền</mark>" in hit.snippet
    assert hit.quote == "tuyên truyền cải cách hành chính"
    # the page's "<và>" and "&" are escaped: only <mark> is markup
    assert "&lt;và&gt;" in hit.snippet and "&amp;" in hit.snippet


def test_evidence_without_text_query_highlights_its_quote(indexed: EvidenceStore) -> None:
    hit = indexed.search(SearchQuery(criterion="1.2")).hits[0]
    assert f"<mark>{REPORT.evidence[0].quote}</mark>" in hit.snippet


def test_phrase_is_highlighted_as_one_mark(indexed: EvidenceStore) -> None:
    hit = indexed.search(SearchQuery(text='"hanh chinh nam"', target="pages")).hits[0]
    assert "<mark>hành chính năm</mark>" in hit.snippet


def test_sort_by_issue_date_puts_undated_last(indexed: EvidenceStore) -> None:
    newest = indexed.search(SearchQuery(target="documents", sort="newest")).hits
    oldest = indexed.search(SearchQuery(target="documents", sort="oldest")).hits

    assert [h.sha256 for h in newest] == [REPORT.sha256, PLAN.sha256, DECISION.sha256, LETTER.sha256]
    assert [h.sha256 for h in oldest] == [DECISION.sha256, PLAN.sha256, REPORT.sha256, LETTER.sha256]


def test_pagination_walks_every_hit_once(indexed: EvidenceStore) -> None:
    everything = indexed.search(SearchQuery(text="hanh chinh", target="pages", size=100))
    walked: list[str] = []
    for page in range(1, 4):
        result = indexed.search(SearchQuery(text="hanh chinh", target="pages", size=2, page=page))
        assert result.total == everything.total
        walked += [h.id for h in result.hits]

    assert everything.total == 5
    assert walked == [h.id for h in everything.hits]


def test_replacing_a_document_deletes_its_stale_pages_and_evidence(indexed: EvidenceStore) -> None:
    shorter = PLAN.model_copy(update={"pages": [PLAN.pages[0]], "evidence": [PLAN.evidence[0]], "page_count": 1})

    report = indexed.index_documents([shorter])

    assert report.deleted == 2  # page 2 and the evidence on it
    assert pages("tuyen truyen", indexed) == set()
    assert indexed.search(SearchQuery(criterion="1.4")).total == 0
    assert indexed.search(SearchQuery(criterion="1.1.1")).total == 1
    assert indexed.counts().pages == 4


def test_deleting_documents_removes_all_their_items(indexed: EvidenceStore) -> None:
    removed = indexed.delete_documents([PLAN.sha256, REPORT.sha256])

    assert removed == sum(1 + len(r.pages) + len(r.evidence) for r in (PLAN, REPORT))
    assert indexed.indexed_sha256s() == {DECISION.sha256, LETTER.sha256}
    assert pages("cai cach", indexed) == {(DECISION.sha256, 1)}
    assert indexed.search(SearchQuery(criterion="1", size=100)).total == 1


def test_rebuild_replaces_the_whole_index(indexed: EvidenceStore) -> None:
    query = SearchQuery(text="cải cách", target="pages", sort="newest", size=100)
    before = indexed.search(query)

    report = indexed.rebuild(CORPUS)

    after = indexed.search(query)
    assert report.documents == len(CORPUS)
    assert [(h.id, h.snippet) for h in after.hits] == [(h.id, h.snippet) for h in before.hits]
    assert after.facets == before.facets
    report = indexed.rebuild([DECISION])
    assert indexed.indexed_sha256s() == {DECISION.sha256}


def test_documents_are_found_by_number_and_subject(indexed: EvidenceStore) -> None:
    by_number = indexed.search(SearchQuery(text='"297/KH-UBND"', target="documents"))
    by_subject = indexed.search(SearchQuery(text="kien toan ban chi dao", target="documents"))

    assert [h.sha256 for h in by_number.hits] == [PLAN.sha256]
    assert "<mark>297/KH-UBND</mark>" in by_number.hits[0].snippet
    assert [h.sha256 for h in by_subject.hits] == [DECISION.sha256]


def test_evidence_on_a_page_the_record_lacks_is_still_indexed(store: EvidenceStore) -> None:
    lone = record("lone", [Page(page=1, method="text", text="Trang một.")], [])
    lone.evidence.append(PLAN.evidence[0].model_copy(update={"page": 7}))
    store.index_documents([lone])

    hit = store.search(SearchQuery(criterion="1.1.1")).hits[0]
    assert (hit.sha256, hit.page) == (sha("lone"), 7)
    assert "Cải cách hành chính năm 2024" in hit.snippet


def test_a_query_that_is_only_punctuation_matches_everything(indexed: EvidenceStore) -> None:
    assert indexed.search(SearchQuery(text="!!! ...", target="documents")).total == len(CORPUS)
