"""The Elasticsearch evidence store (official client 8.x), for teams and scale.

Three indices behind aliases, `<prefix>-documents`, `<prefix>-pages`, `<prefix>-evidence`, each
pointing at `<prefix>-<kind>-<timestamp>` created from the templates in `index_mappings/`. Writes
go through the aliases with `_bulk` (retries on 429, per-item errors reported, ids from sha256);
a re-indexed document's stale pages and evidence are deleted by id (this distribution has no
`_delete_by_query`). `rebuild` fills new indices and swaps all three aliases in one atomic call.
Readiness is `cluster.health`: `GET /` answers 405 on the minimal distribution.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import re
import time
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout, TransportError
from elasticsearch import ApiError, Elasticsearch, helpers

from core.models import DocumentRecord
from kiemchung.stores.base import (
    FACET_SIZE,
    Facets,
    IndexReport,
    ItemError,
    SearchHit,
    SearchQuery,
    SearchResult,
    SearchTarget,
    StoreCounts,
    StoreError,
    sort_buckets,
)
from kiemchung.stores.documents import IndexedDocument, IndexedEvidence, IndexedPage, IndexedRecord, index_record
from kiemchung.stores.es_connection import ElasticsearchConnection
from kiemchung.stores.text import QueryText, TextForms, make_snippet, parse_query_text

# The client logs every retry as a warning with its traceback; with no logging set up Python prints
# those on stderr. Problems reach the user as one-line `StoreError`s instead.
for _logger_name in ("elastic_transport", "elasticsearch"):
    _client_logger = logging.getLogger(_logger_name)
    _client_logger.addHandler(logging.NullHandler())
    _client_logger.propagate = False

MAPPINGS_DIR = Path(__file__).resolve().parents[2] / "index_mappings"
KINDS: tuple[SearchTarget, ...] = ("documents", "pages", "evidence")
_PREFIX = re.compile(r"[a-z0-9][a-z0-9_-]*")
_BATCH = 200
_CHUNK = 500
RETRIED_STATUSES = frozenset({429, 502, 503, 504})  # busy or recovering: worth sending again
BULK_ATTEMPTS = 6  # 0.5 + 1 + 2 + 4 + 8 s of back-off at most between them
BULK_BACKOFF_SECONDS = 0.5
BULK_MAX_BACKOFF_SECONDS = 8.0
_EXACT_TIER = 1000.0  # all words as typed (with diacritics) → above every folded-only match
_WORDS_TIER = 500.0  # the phrase also matches word by word (segmented) → above a syllable-only match


class ElasticsearchStore:
    name = "elasticsearch"

    def __init__(
        self,
        url: str | ElasticsearchConnection,
        *,
        index_prefix: str = "kiemchung",
        wait_seconds: float = 30.0,
        mappings_dir: Path = MAPPINGS_DIR,
        setup: bool = True,
    ) -> None:
        """`url`: one URL, a comma-separated list of them, or a whole connection (from settings).
        `setup=False` skips the readiness wait and the templates (a reindex worker, set up already)."""
        if not _PREFIX.fullmatch(index_prefix):
            raise StoreError(f"an index prefix is lower-case letters, digits, '-' or '_': {index_prefix!r}")
        self.connection = url if isinstance(url, ElasticsearchConnection) else ElasticsearchConnection.from_url(url)
        self.url = self.connection.description
        self.prefix = index_prefix
        self.mappings_dir = mappings_dir
        self.client = Elasticsearch(**self.connection.client_arguments())
        if setup:
            self._wait_until_ready(wait_seconds)
            self.ensure_indices()

    # --- setup -----------------------------------------------------------------------------------
    def alias(self, kind: SearchTarget) -> str:
        return f"{self.prefix}-{kind}"

    def _wait_until_ready(self, wait_seconds: float) -> None:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                self.client.options(request_timeout=min(10.0, self.connection.request_timeout)).cluster.health(
                    wait_for_status="yellow", timeout="5s"
                )
                return
            except (TransportConnectionError, ConnectionTimeout, ApiError) as error:
                if time.monotonic() >= deadline:
                    raise StoreError(f"cannot reach Elasticsearch at {self.url}: {_reason(error)}") from error
                time.sleep(0.5)

    def template(self, kind: SearchTarget) -> dict[str, Any]:
        """The index template of `kind` from index_mappings/, with this store's index pattern."""
        path = self.mappings_dir / f"{kind}.json"
        try:
            body: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise StoreError(f"cannot read the index template {path}: {error}") from error
        body["index_patterns"] = [f"{self.alias(kind)}-*"]
        body.setdefault("template", {}).setdefault("settings", {}).update(self.connection.index_settings())
        return body

    def ensure_indices(self) -> None:
        """Install the templates; give each alias an index if it has none (idempotent)."""
        with api_errors(self.url):
            for kind in KINDS:
                self.client.indices.put_index_template(name=self.alias(kind), **self.template(kind))
            for kind in KINDS:
                if not self.client.indices.exists_alias(name=self.alias(kind)):
                    try:
                        self.client.indices.create(index=self._new_index_name(kind), aliases={self.alias(kind): {}})
                    except ApiError as error:
                        if error.meta.status != 400 or not self.client.indices.exists_alias(name=self.alias(kind)):
                            raise

    def _new_index_name(self, kind: SearchTarget) -> str:
        return f"{self.alias(kind)}-{dt.datetime.now(dt.UTC):%Y%m%d%H%M%S%f}"

    def _indices_behind(self, kind: SearchTarget) -> list[str]:
        try:
            return sorted(self.client.indices.get_alias(name=self.alias(kind)).body)
        except ApiError as error:
            if error.meta.status == 404:
                return []
            raise

    def drop(self) -> None:
        """Delete this prefix's indices and templates (tests, and `reset` by an operator)."""
        with api_errors(self.url):
            for kind in KINDS:
                for index in self._indices_behind(kind):
                    self.client.indices.delete(index=index, ignore_unavailable=True)
                self.client.options(ignore_status=404).indices.delete_index_template(name=self.alias(kind))

    def close(self) -> None:
        self.client.close()

    # --- writing ---------------------------------------------------------------------------------
    def index_documents(self, records: Iterable[DocumentRecord]) -> IndexReport:
        report = IndexReport()
        targets = {kind: self.alias(kind) for kind in KINDS}
        iterator = iter(records)
        with api_errors(self.url):
            while batch := list(islice(iterator, _BATCH)):
                report = add_reports(report, self.write_records(batch, targets, replace=True, require_alias=True))
            self.refresh()
        return report

    def write_records(
        self,
        records: list[DocumentRecord],
        targets: dict[SearchTarget, str],
        *,
        replace: bool,
        require_alias: bool = False,
    ) -> IndexReport:
        """Write one batch into `targets` (aliases or concrete indices). `replace`: first look up the
        documents' items already there and delete those the new records no longer have (a search: the
        targets must be refreshed for it to see recent writes). No refresh here."""
        indexed = [index_record(record) for record in records]
        existing = self._item_ids_of([item.document.id for item in indexed], targets) if replace else []
        errors = self._bulk(
            (action for item in indexed for action in _index_actions(item, targets)), require_alias=require_alias
        )
        new_ids = set().union(*(item.item_ids for item in indexed))
        stale = [(index, item_id) for index, item_id in existing if item_id not in new_ids]
        errors += self._bulk({"_op_type": "delete", "_index": index, "_id": item_id} for index, item_id in stale)
        return IndexReport(
            documents=len(indexed),
            pages=sum(len(item.pages) for item in indexed),
            evidence=sum(len(item.evidence) for item in indexed),
            deleted=len(stale),
            errors=errors,
        )

    def delete_documents(self, sha256s: Iterable[str]) -> int:
        sha256s = list(sha256s)
        with api_errors(self.url):
            found = self.client.search(
                index=self.alias("documents"), query={"ids": {"values": sha256s}}, source=False, size=len(sha256s)
            )["hits"]["hits"]
            aliases = {kind: self.alias(kind) for kind in KINDS}
            targets = [(hit["_index"], hit["_id"]) for hit in found] + self._item_ids_of(sha256s, aliases)
            errors = self._bulk({"_op_type": "delete", "_index": index, "_id": item_id} for index, item_id in targets)
            self.refresh()
        return len(targets) - len(errors)

    def _item_ids_of(self, sha256s: list[str], targets: dict[SearchTarget, str]) -> list[tuple[str, str]]:
        """(concrete index, id) of every page and evidence item of these documents in `targets`."""
        if not sha256s:
            return []
        hits = helpers.scan(
            self.client,
            index=f"{targets['pages']},{targets['evidence']}",
            query={"query": {"terms": {"sha256": sha256s}}, "_source": False},
            size=1000,
            ignore_unavailable=True,
            request_timeout=self.connection.request_timeout,  # scan's default (None) means no timeout at all
        )
        return [(hit["_index"], hit["_id"]) for hit in hits]

    def _bulk(self, actions: Iterable[dict[str, Any]], *, require_alias: bool = False) -> list[ItemError]:
        """Send actions with `_bulk` in chunks; return the items refused for good (a delete of what is
        gone is no error). Items a busy or recovering cluster refuses (429, 503: queue full, shard not
        ready) are sent again with a doubling back-off; still refused after that, they raise
        `StoreError`: the cluster cannot take writes now, which is the caller's to queue."""
        errors: list[ItemError] = []
        iterator = iter(actions)
        while chunk := list(islice(iterator, _CHUNK)):
            errors += self._bulk_chunk(chunk, require_alias=require_alias)
        return errors

    def _bulk_chunk(self, chunk: list[dict[str, Any]], *, require_alias: bool) -> list[ItemError]:
        errors: list[ItemError] = []
        waiting = chunk
        delay = BULK_BACKOFF_SECONDS
        for attempt in range(1, BULK_ATTEMPTS + 1):
            last = attempt == BULK_ATTEMPTS
            try:
                response = self.client.bulk(operations=_bulk_lines(waiting), require_alias=require_alias or None)
            except ApiError as error:
                if error.meta.status not in RETRIED_STATUSES or last:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, BULK_MAX_BACKOFF_SECONDS)
                continue
            again: list[dict[str, Any]] = []
            busy: list[str] = []
            for action, answer in zip(waiting, response["items"], strict=True):
                op_type, item = next(iter(answer.items()))
                status = int(item.get("status", 500))
                if status < 300 or (op_type == "delete" and status == 404):
                    continue
                cause = item.get("error", {})
                reason = cause.get("reason", str(cause)) if isinstance(cause, dict) else str(cause)
                if status in RETRIED_STATUSES:
                    again.append(action)
                    busy.append(f"{status} {reason}")
                    continue
                kind = self._kind_of(item.get("_index", ""))
                errors.append(ItemError(id=str(item.get("_id")), kind=kind, reason=reason))
            if not again:
                return errors
            if last:
                raise StoreError(
                    f"Elasticsearch at {self.url} still refuses {len(again)} writes after {BULK_ATTEMPTS} "
                    f"attempts: {busy[0]}"
                )
            waiting = again
            time.sleep(delay)
            delay = min(delay * 2, BULK_MAX_BACKOFF_SECONDS)
        return errors

    def _kind_of(self, index: str) -> SearchTarget:
        for kind in KINDS:
            if index.startswith(self.alias(kind)):
                return kind
        return "documents"

    def refresh(self) -> None:
        self.client.indices.refresh(index=",".join(self.alias(kind) for kind in KINDS), ignore_unavailable=True)

    def create_fresh_indices(self) -> dict[SearchTarget, str]:
        """New, empty indices from the current templates, refresh off (for a bulk fill), no alias yet."""
        for kind in KINDS:
            self.client.indices.put_index_template(name=self.alias(kind), **self.template(kind))
        fresh = {kind: self._new_index_name(kind) for kind in KINDS}
        try:
            for index in fresh.values():
                self.client.indices.create(index=index, settings={"refresh_interval": "-1"})
        except BaseException:
            self.delete_indices(fresh.values())
            raise
        return fresh

    def open_for_search(self, indices: Iterable[str]) -> None:
        """Refresh back on (the template's default) and make everything written so far searchable."""
        indices = list(indices)
        for index in indices:
            self.client.indices.put_settings(index=index, settings={"refresh_interval": None})
        self.client.indices.refresh(index=",".join(indices))

    def swap_aliases(self, fresh: dict[SearchTarget, str]) -> list[str]:
        """Point every alias at its fresh index in one atomic call; return the indices left behind."""
        old = {kind: [index for index in self._indices_behind(kind) if index != fresh[kind]] for kind in KINDS}
        actions: list[dict[str, Any]] = []
        for kind in KINDS:
            actions += [{"remove": {"index": index, "alias": self.alias(kind)}} for index in old[kind]]
            actions.append({"add": {"index": fresh[kind], "alias": self.alias(kind)}})
        self.client.indices.update_aliases(actions=actions)
        return [index for indices in old.values() for index in indices]

    def delete_indices(self, indices: Iterable[str]) -> None:
        for index in indices:
            self.client.options(ignore_status=404).indices.delete(index=index)

    def aliased_indices(self) -> dict[SearchTarget, list[str]]:
        return {kind: self._indices_behind(kind) for kind in KINDS}

    def rebuild(self, records: Iterable[DocumentRecord]) -> IndexReport:
        """Fill new indices from `records`, then point the aliases at them in one atomic call.
        (`kiemchung reindex` uses `es_reindex.reindex_archive`: parallel, resumable, catching up.)"""
        report = IndexReport()
        with api_errors(self.url):
            fresh = self.create_fresh_indices()
            try:
                iterator = iter(records)
                while batch := list(islice(iterator, _BATCH)):
                    report = add_reports(report, self.write_records(batch, fresh, replace=False))
                self.open_for_search(fresh.values())
            except BaseException:
                self.client.options(ignore_status=404).indices.delete(index=",".join(fresh.values()))
                raise
            self.delete_indices(self.swap_aliases(fresh))
        return report

    # --- reading ---------------------------------------------------------------------------------
    def counts(self) -> StoreCounts:
        with api_errors(self.url):
            numbers = {kind: self.client.count(index=self.alias(kind))["count"] for kind in KINDS}
        return StoreCounts(documents=numbers["documents"], pages=numbers["pages"], evidence=numbers["evidence"])

    def indexed_sha256s(self) -> set[str]:
        with api_errors(self.url):
            hits = helpers.scan(
                self.client, index=self.alias("documents"), query={"_source": False}, size=1000,
                request_timeout=self.connection.request_timeout,
            )  # fmt: skip
            return {hit["_id"] for hit in hits}

    def search(self, query: SearchQuery) -> SearchResult:
        target = query.resolved_target
        text = parse_query_text(query.text)
        criterion_field = "criterion" if target == "evidence" else "criteria"
        with api_errors(self.url):
            response = self.client.search(
                index=self.alias(target),
                query=_query(target, query, text),
                sort=_sort(query, text),
                from_=query.offset,
                size=query.size,
                track_total_hits=True,
                track_scores=not text.empty and query.sort == "relevance",
                aggs={
                    "criterion": {"terms": {"field": criterion_field, "size": FACET_SIZE}},
                    "unit": {"terms": {"field": "unit", "size": FACET_SIZE}},
                    "year": {"terms": {"field": "year", "size": FACET_SIZE}},
                    "doc_type": {"terms": {"field": "doc_type", "size": FACET_SIZE}},
                },
            )
        hits = [_hit(target, hit, text) for hit in response["hits"]["hits"]]
        aggregations = response["aggregations"]
        facets = Facets(
            **{
                name: sort_buckets((str(b["key"]), b["doc_count"]) for b in aggregations[name]["buckets"])
                for name in ("criterion", "unit", "year", "doc_type")
            }
        )
        return SearchResult(
            query=query, target=target, total=response["hits"]["total"]["value"], hits=hits, facets=facets
        )


# --- index items ------------------------------------------------------------------------------------
def _summary_source(item: IndexedDocument | IndexedPage | IndexedEvidence) -> dict[str, Any]:
    s = item.summary
    return {
        "id": item.id,
        "sha256": s.sha256,
        "number": s.number,
        "doc_type": s.doc_type,
        "issuer": s.issuer,
        "subject": s.subject,
        "issue_date": s.issue_date.isoformat() if s.issue_date else None,
        "unit": s.unit,
        "year": s.year,
        "signature_status": s.signature_status,
    }


def _text_source(forms: TextForms) -> dict[str, str]:
    return {"text": forms.text, "text_exact": forms.exact, "text_folded": forms.folded, "text_words": forms.words}


def index_sources(item: IndexedRecord) -> Iterator[tuple[SearchTarget, str, dict[str, Any]]]:
    """(kind, id, _source) of every item of one document, as the templates map them."""
    doc = item.document
    yield (
        "documents",
        doc.id,
        {
            **_summary_source(doc),
            **_text_source(doc.headline),
            "file": doc.file,
            "signer_name": doc.signer_name,
            "page_count": doc.page_count,
            "evidence_count": doc.evidence_count,
            "methods": doc.methods,
            "criteria": doc.criteria,
            "criterion_path": doc.criterion_paths,
            "extractor_version": doc.extractor_version,
        },
    )
    for page in item.pages:
        yield (
            "pages",
            page.id,
            {
                **_summary_source(page),
                **_text_source(page.text),
                "page": page.page,
                "method": page.method,
                "confidence": page.confidence,
                "criteria": page.criteria,
                "criterion_path": page.criterion_paths,
            },
        )
    for evidence in item.evidence:
        yield (
            "evidence",
            evidence.id,
            {
                **_summary_source(evidence),
                **_text_source(evidence.text),
                "criterion": evidence.criterion,
                "criterion_path": evidence.criterion_paths,
                "page": evidence.page,
                "start": evidence.start,
                "end": evidence.end,
                "quote": evidence.quote,
                "rule": evidence.rule,
                "confidence": evidence.confidence,
                "scheme": evidence.scheme,
                "scheme_version": evidence.scheme_version,
                "facts": evidence.facts,
                "method": evidence.method,
            },
        )


def _bulk_lines(actions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Actions ({"_op_type", "_index", "_id", "_source"}) as the lines of a `_bulk` body."""
    lines: list[dict[str, Any]] = []
    for action in actions:
        op_type = action["_op_type"]
        lines.append({op_type: {"_index": action["_index"], "_id": action["_id"]}})
        if op_type != "delete":
            lines.append(action["_source"])
    return lines


def _index_actions(item: IndexedRecord, targets: dict[SearchTarget, str]) -> Iterator[dict[str, Any]]:
    for kind, item_id, source in index_sources(item):
        yield {"_op_type": "index", "_index": targets[kind], "_id": item_id, "_source": source}


# --- queries ----------------------------------------------------------------------------------------
def _text_query(text: QueryText) -> dict[str, Any]:
    must: list[dict[str, Any]] = []
    if text.folded_terms:
        must.append({"match": {"text_folded": {"query": " ".join(text.folded_terms), "operator": "and"}}})
    must += [{"match_phrase": {"text_folded": " ".join(phrase)}} for phrase in text.folded_phrases]
    should: list[dict[str, Any]] = []
    if text.has_diacritics:
        exact: list[dict[str, Any]] = []
        if text.exact_terms:
            exact.append({"match": {"text_exact": {"query": " ".join(text.exact_terms), "operator": "and"}}})
        exact += [{"match_phrase": {"text_exact": " ".join(phrase)}} for phrase in text.exact_phrases]
        should.append({"constant_score": {"filter": {"bool": {"must": exact}}, "boost": _EXACT_TIER}})
        if text.word_phrases:
            words = [{"match_phrase": {"text_words": phrase}} for phrase in text.word_phrases]
            should.append({"constant_score": {"filter": {"bool": {"must": words}}, "boost": _WORDS_TIER}})
    return {"bool": {"must": must, "should": should}}


def _query(target: SearchTarget, query: SearchQuery, text: QueryText) -> dict[str, Any]:
    filters: list[dict[str, Any]] = []
    if query.criterion is not None:
        filters.append({"term": {"criterion_path": query.criterion}})
    for field, value in (
        ("unit", query.unit),
        ("year", query.year),
        ("doc_type", query.doc_type),
        ("signature_status", query.signature),
    ):
        if value is not None:
            filters.append({"term": {field: value}})
    if query.issued_from is not None or query.issued_to is not None:
        bounds = {"gte": query.issued_from, "lte": query.issued_to}
        filters.append({"range": {"issue_date": {k: v.isoformat() for k, v in bounds.items() if v is not None}}})
    if query.method is not None:
        filters.append({"term": {"methods" if target == "documents" else "method": query.method}})
    must = [] if text.empty else [_text_query(text)]
    return {"bool": {"must": must or [{"match_all": {}}], "filter": filters}}


def _sort(query: SearchQuery, text: QueryText) -> list[Any]:
    def by_date(order: str) -> list[Any]:
        return [{"issue_date": {"order": order, "missing": "_last"}}, {"id": "asc"}]

    if query.sort == "oldest":
        return by_date("asc")
    if query.sort == "relevance" and not text.empty:
        return [{"_score": "desc"}, *by_date("desc")]
    return by_date("desc")


def _hit(target: SearchTarget, hit: dict[str, Any], text: QueryText) -> SearchHit:
    source = hit["_source"]
    page_text = source.get("text") or ""
    common: dict[str, Any] = {
        "kind": target,
        "id": source["id"],
        "sha256": source["sha256"],
        "number": source.get("number"),
        "doc_type": source.get("doc_type"),
        "issue_date": source.get("issue_date"),
        "issuer": source.get("issuer"),
        "subject": source.get("subject"),
        "unit": source.get("unit"),
        "year": source.get("year"),
        "score": hit.get("_score"),
    }
    if target == "documents":
        return SearchHit(**common, snippet=make_snippet(page_text, text))
    if target == "pages":
        return SearchHit(**common, page=source["page"], snippet=make_snippet(page_text, text))
    snippet = make_snippet(page_text, text, span=(source["start"], source["end"])) or make_snippet(
        source["quote"], text
    )
    return SearchHit(
        **common,
        criterion=source["criterion"],
        page=source["page"],
        quote=source["quote"],
        rule=source["rule"],
        snippet=snippet,
    )


def add_reports(total: IndexReport, part: IndexReport) -> IndexReport:
    return IndexReport(
        documents=total.documents + part.documents,
        pages=total.pages + part.pages,
        evidence=total.evidence + part.evidence,
        deleted=total.deleted + part.deleted,
        errors=total.errors + part.errors,
    )


# --- errors -----------------------------------------------------------------------------------------
def _reason(error: Exception) -> str:
    if isinstance(error, ApiError):
        info = error.info if isinstance(error.info, dict) else {}
        cause = info.get("error", {})
        reason = cause.get("reason") if isinstance(cause, dict) else None
        return f"{error.meta.status} {reason or error.message}"
    return str(error).splitlines()[0] if str(error) else type(error).__name__


@contextlib.contextmanager
def api_errors(url: str) -> Iterator[None]:
    """Turn client errors into one-line StoreErrors."""
    try:
        yield
    except (TransportConnectionError, ConnectionTimeout) as error:
        raise StoreError(f"cannot reach Elasticsearch at {url}: {_reason(error)}") from error
    except ApiError as error:
        raise StoreError(f"Elasticsearch at {url} refused the request: {_reason(error)}") from error
    except helpers.BulkIndexError as error:
        raise StoreError(f"Elasticsearch at {url} refused a bulk write: {error}") from error
    except TransportError as error:  # anything else the client met on the way (TLS, serialization…)
        raise StoreError(f"Elasticsearch at {url}: {_reason(error)}") from error
