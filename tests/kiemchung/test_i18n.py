"""The message catalogs: complete in Vietnamese, compiled, and the formats of each language."""

from __future__ import annotations

import datetime as dt

from kiemchung import i18n
from kiemchung.i18n_catalogs import LANGUAGES, compiled, extract, mo_path, untranslated


def test_every_message_of_the_code_has_a_vietnamese_translation() -> None:
    assert len(list(extract())) > 50
    assert untranslated("vi") == []


def test_committed_mo_files_are_compiled_from_the_current_po_files() -> None:
    for language in LANGUAGES:
        assert mo_path(language).read_bytes() == compiled(language), f"run scripts/i18n ({language})"


def test_vietnamese_is_the_default_and_english_is_selectable() -> None:
    assert i18n.current_language() == "vi"
    assert i18n._("Scorecard") == "Bảng điểm"
    with i18n.use_language("en-GB"):
        assert i18n._("Scorecard") == "Scorecard"
    with i18n.use_language("fr"):  # unknown: the default
        assert i18n._("Scorecard") == "Bảng điểm"
    assert i18n.current_language() == "vi"


def test_numbers_in_each_language() -> None:
    assert i18n.number(1234.5) == "1.234,5"
    assert i18n.number(0.25) == "0,25"
    assert i18n.number(-0.0) == "0"
    assert i18n.number(None) == "—"
    with i18n.use_language("en"):
        assert i18n.number(1234.5) == "1,234.5"


def test_times_are_shown_in_vietnam() -> None:
    moment = dt.datetime(2024, 12, 31, 20, 30, tzinfo=dt.UTC)
    assert i18n.datetime(moment) == "01/01/2025 03:30:00"
    assert i18n.datetime(moment.replace(tzinfo=None)) == "01/01/2025 03:30:00"  # naive: stored as UTC
    assert i18n.date(dt.date(2024, 3, 5)) == "05/03/2024"


def test_fields_facts_and_review_flags_in_words() -> None:
    from kiemchung.web.labels import fact_label, fact_value, field_list, source_label, status_label

    assert f"{fact_label('on_time')}: {fact_value(False)}" == "đúng hạn: không"
    assert fact_value("2023-12-31") == "31/12/2023" and fact_value(0.9) == "0,9"
    assert field_list(["number", "issue_date"]) == "số, ký hiệu; ngày ban hành"
    assert source_label("file name: 275.pdf") == "tên tệp"
    assert status_label("group") == "" and status_label("met") == "Đạt"
    with i18n.use_language("en"):
        assert f"{fact_label('on_time')}: {fact_value(False)}" == "on time: no"


def test_no_message_is_hidden_inside_an_f_string() -> None:
    """The extractor does not see `_()` inside f-strings: such a message never reaches the catalog."""
    import ast
    from pathlib import Path

    import kiemchung

    hidden: list[str] = []
    for path in Path(kiemchung.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.JoinedStr):
                continue
            for call in ast.walk(node):
                if (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Name)
                    and call.func.id in {"_", "gettext", "ngettext"}
                    and call.args
                    and isinstance(call.args[0], ast.Constant)
                ):
                    hidden.append(f"{path.name}:{call.lineno} {call.args[0].value!r}")
    assert hidden == []
