"""The message catalogs: extract the strings wrapped in `_()` / `N_()` / `{{ _() }}`, merge them into
the .po files (translations kept), compile the .mo files. `scripts/i18n` runs all three.

The .mo files are committed (the app reads them; nothing compiles at start-up) and a test compares
each with its .po, so a forgotten compile fails the tests instead of showing stale text.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from kiemchung.i18n import DOMAIN, LANGUAGES, LOCALE_DIR

PACKAGE_DIR = Path(__file__).resolve().parent
METHODS = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
OPTIONS = {"**/templates/**.html": {"trim_blocks": "true", "lstrip_blocks": "true"}}
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo"


def extract() -> Catalog:
    """Every message of the package's code and templates (the .pot, in memory)."""
    template = Catalog(project="kiemchung", domain=DOMAIN, charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        PACKAGE_DIR, method_map=METHODS, options_map=OPTIONS, keywords=KEYWORDS, comment_tags=("i18n:",)
    ):
        if "/locale/" in filename:
            continue
        template.add(message, None, [(f"kiemchung/{filename}", lineno)], auto_comments=comments, context=context)
    return template


def read_catalog(language: str) -> Catalog:
    path = po_path(language)
    if not path.is_file():
        return Catalog(locale=language, domain=DOMAIN, project="kiemchung", charset="utf-8")
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def update(template: Catalog) -> None:
    for language in LANGUAGES:
        catalog = read_catalog(language)
        template.creation_date = catalog.creation_date  # no header churn: the .po changes only with messages
        catalog.update(template, no_fuzzy_matching=True)
        catalog.fuzzy = False
        catalog.version = "1"
        catalog.msgid_bugs_address = ""
        catalog.last_translator = "kiemchung"
        catalog.language_team = "kiemchung"
        path = po_path(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, catalog, width=120, ignore_obsolete=True, include_previous=False)


def compiled(language: str) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, read_catalog(language), use_fuzzy=False)
    return buffer.getvalue()


def compile_all() -> None:
    for language in LANGUAGES:
        mo_path(language).write_bytes(compiled(language))


def untranslated(language: str = "vi") -> list[str]:
    """Messages of the code that the catalog lacks or leaves untranslated (or fuzzy)."""
    catalog = read_catalog(language)
    missing = []
    for message in extract():
        if not message.id:
            continue
        found = catalog.get(message.id, context=message.context)
        text = found.string if found is not None else None
        if found is None or found.fuzzy or not (any(text) if isinstance(text, tuple) else text):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiemchung.i18n_catalogs", description=__doc__)
    parser.add_argument("action", choices=["update", "compile", "check", "all"], nargs="?", default="all")
    action = parser.parse_args(argv).action
    if action in ("update", "all"):
        update(extract())
    if action in ("compile", "all"):
        compile_all()
    missing = untranslated("vi")
    for message in missing:
        print(f"untranslated (vi): {message!r}", file=sys.stderr)
    return 1 if missing and action == "check" else 0


if __name__ == "__main__":
    raise SystemExit(main())
