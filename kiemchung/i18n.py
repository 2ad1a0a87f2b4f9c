"""Messages in the reader's language: Vietnamese by default, English on request (gettext catalogs).

Every user-facing string is written in English in the code and templates and wrapped in `_()`;
the Vietnamese text lives in `kiemchung/locale/vi/LC_MESSAGES/kiemchung.po`. The language of the
current request (or command) is a context variable, so `_()` works the same in a route, a template,
a thread of the thread pool (Starlette copies the context) and the scorecard module.

    from kiemchung.i18n import _
    raise HTTPException(404, _("No document {sha256} in the archive.").format(sha256=sha))

In a template: `{{ _("Search by criterion") }}`, with values `{{ _("Page %(n)s", n=page) }}`
(Jinja's i18n extension, new style: the values are escaped, the message is not).
A string defined at import time (a table of labels) is marked with `N_()` and translated where it
is shown, with `_()`. After adding strings: `scripts/i18n` (extract, update the .po files, compile
the .mo files, which are committed); `tests/kiemchung/test_i18n.py` fails while a msgid has no
Vietnamese translation or a .mo is older than its .po.
"""

from __future__ import annotations

import datetime as dt
import gettext as _gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

from babel.numbers import format_decimal, format_percent

DOMAIN = "kiemchung"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES: dict[str, str] = {"vi": "Tiếng Việt", "en": "English"}
DEFAULT_LANGUAGE = "vi"
TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")

_language: ContextVar[str] = ContextVar("kiemchung_language", default=DEFAULT_LANGUAGE)


def normalise_language(value: str | None) -> str | None:
    """ "vi", "vi-VN", "EN_us" → "vi"/"en"; anything else → None."""
    if not value:
        return None
    code = value.strip().lower().replace("_", "-").split("-", 1)[0]
    return code if code in LANGUAGES else None


@cache
def translations(language: str) -> _gettext.NullTranslations:
    return _gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[language], fallback=True)


def current_language() -> str:
    return _language.get()


def set_language(language: str | None) -> None:
    """For the rest of this context (a request, a command): `language`, or the default."""
    _language.set(normalise_language(language) or DEFAULT_LANGUAGE)


@contextmanager
def use_language(language: str | None) -> Iterator[None]:
    token = _language.set(normalise_language(language) or DEFAULT_LANGUAGE)
    try:
        yield
    finally:
        _language.reset(token)


def gettext(message: str) -> str:
    return translations(_language.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_language.get()).ngettext(singular, plural, n)


_ = gettext


def N_(message: str) -> str:
    """Marks a string for extraction without translating it now (translate it where it is shown)."""
    return message


class Named(Protocol):
    """Something of the data with a Vietnamese name and maybe an English one (a scheme, its
    criteria, rating bands, reporting periods: `name` and `name_en` in the YAML)."""

    @property
    def name(self) -> str: ...

    @property
    def name_en(self) -> str: ...


def named(item: Named) -> str:
    """The data's name in the reader's language: `name_en` in English when the data gives one,
    else `name` (the data is Vietnamese; the catalogs do not translate it)."""
    if _language.get() == "en" and item.name_en:
        return item.name_en
    return item.name


# ── numbers, dates and times as the reader writes them ──────────────────────────────────────────


def number(value: float | int | None, decimals: int = 2) -> str:
    """1234.5 → "1.234,5" in Vietnamese, "1,234.5" in English; None → "—"."""
    if value is None:
        return "—"
    value = round(float(value), decimals) + 0.0  # -0.0 → 0.0
    pattern = "#,##0" + ("." + "#" * decimals if decimals > 0 else "")
    return format_decimal(value, format=pattern, locale=_language.get())


def percent(value: float) -> str:
    """0.8 → "80%"."""
    return format_percent(value, format="#,##0%", locale=_language.get())


def date(value: dt.date | None) -> str:
    """dd/mm/yyyy in both languages (the form of Vietnamese official documents); None → "—"."""
    if value is None:
        return "—"
    if isinstance(value, dt.datetime):
        value = local_time(value)
    return value.strftime("%d/%m/%Y")


def local_time(value: dt.datetime) -> dt.datetime:
    """A moment in Asia/Ho_Chi_Minh (a naive value is taken as UTC, as the database stores it)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(TIMEZONE)


def datetime(value: dt.datetime | None) -> str:
    """ "25/02/2021 15:12:01" in Vietnam's time (UTC+7); None → "—"."""
    if value is None:
        return "—"
    return local_time(value).strftime("%d/%m/%Y %H:%M:%S")
