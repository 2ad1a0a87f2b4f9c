"""index_mappings/: templates that work on the minimal test distribution and on the full one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

MAPPINGS = Path(__file__).resolve().parents[3] / "index_mappings"
# What the integ-test distribution has (no analysis-common module: no asciifolding, no ICU).
AVAILABLE_TOKENIZERS = {"standard"}
AVAILABLE_FILTERS = {"lowercase", "stop"}


@pytest.mark.parametrize("kind", ["documents", "pages", "evidence"])
def test_template_uses_only_what_the_minimal_distribution_has(kind: str) -> None:
    template = json.loads((MAPPINGS / f"{kind}.json").read_text(encoding="utf-8"))
    analysis = template["template"]["settings"]["analysis"]
    properties = template["template"]["mappings"]["properties"]

    for analyzer in analysis["analyzer"].values():
        assert analyzer["tokenizer"] in AVAILABLE_TOKENIZERS
        assert set(analyzer.get("filter", [])) <= AVAILABLE_FILTERS
    assert "asciifolding" not in json.dumps(template)
    for name in ("text_exact", "text_folded", "text_words"):
        assert properties[name]["analyzer"] in analysis["analyzer"]
    for name in ("sha256", "unit", "doc_type", "signature_status"):
        assert properties[name]["type"] == "keyword"
    assert properties["year"]["type"] == "integer"
    assert properties["issue_date"]["type"] == "date"
    assert template["template"]["mappings"]["dynamic"] == "strict"
    assert template["index_patterns"] == [f"kiemchung-{kind}-*"]


@pytest.mark.parametrize("kind", ["pages", "evidence", "documents"])
def test_criterion_path_is_a_keyword(kind: str) -> None:
    template = json.loads((MAPPINGS / f"{kind}.json").read_text(encoding="utf-8"))
    assert template["template"]["mappings"]["properties"]["criterion_path"]["type"] == "keyword"
