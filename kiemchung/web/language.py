"""The language of each request: `?lang=en|vi` (remembered in a cookie), else the cookie, else
Vietnamese. An ASGI middleware sets it for the whole request, so routes, templates, exports and the
scorecard's explanations all speak it (`kiemchung.i18n`)."""

from __future__ import annotations

from http.cookies import SimpleCookie
from urllib.parse import parse_qs

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kiemchung import i18n

COOKIE = "kiemchung_lang"
COOKIE_MAX_AGE = 365 * 24 * 3600


def _from_cookie(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            cookie: SimpleCookie = SimpleCookie()
            try:
                cookie.load(value.decode("latin-1"))
            except Exception:
                return None
            morsel = cookie.get(COOKIE)
            return i18n.normalise_language(morsel.value) if morsel else None
    return None


def _from_query(scope: Scope) -> str | None:
    values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("lang")
    return i18n.normalise_language(values[-1]) if values else None


class LanguageMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        asked = _from_query(scope)
        language = asked or _from_cookie(scope) or i18n.DEFAULT_LANGUAGE

        async def send_with_language(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Language", language)
                if asked:
                    headers.append("Set-Cookie", f"{COOKIE}={asked}; Path=/; Max-Age={COOKIE_MAX_AGE}; SameSite=Lax")
            await send(message)

        with i18n.use_language(language):
            await self.app(scope, receive, send_with_language)


def language_of(scope: Scope) -> str:
    """The language a request asked for (for handlers that run outside the middleware: server errors)."""
    return _from_query(scope) or _from_cookie(scope) or i18n.DEFAULT_LANGUAGE
