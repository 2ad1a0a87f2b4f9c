"""The app factory: middleware, routers, error pages. Routes live in `kiemchung.web.routes`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from core.rubric import Scheme, default_scheme
from kiemchung.i18n import N_, _, use_language
from kiemchung.settings import Settings, get_settings
from kiemchung.web.config import WebSettings, session_secret
from kiemchung.web.context import WebContext
from kiemchung.web.errors import standard_message, validation_message
from kiemchung.web.language import LanguageMiddleware, language_of
from kiemchung.web.routes import accounts, api, auth, corrections, pages
from kiemchung.web.security import LoginRequired
from kiemchung.web.templating import render

STATIC_DIR = Path(__file__).resolve().parent / "static"


def swagger_ui_dir() -> Path:
    """Swagger UI's files (swagger-ui-bundle.js, swagger-ui.css) as the fastapi-offline package ships them."""
    import fastapi_offline

    return Path(fastapi_offline.__file__).resolve().parent / "static"


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def create_app(
    settings: Settings | None = None, web_settings: WebSettings | None = None, scheme: Scheme | None = None
) -> FastAPI:
    settings = settings or get_settings()
    web_settings = web_settings or WebSettings()
    context = WebContext(settings=settings, web=web_settings, scheme=scheme or default_scheme())

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        context.close()

    app = FastAPI(
        title="kiemchung",
        summary=N_("Evidence for the PAR Index: search by criterion, scorecard, trace."),
        version="1",
        docs_url=None,  # served behind login by routes.api
        redoc_url=None,
        openapi_url=None,
        lifespan=lifespan,
    )
    app.state.context = context
    app.add_middleware(
        SessionMiddleware,
        secret_key=session_secret(web_settings, settings.home),
        session_cookie="kiemchung_session",
        max_age=web_settings.session_hours * 3600,
        same_site="lax",
        https_only=web_settings.https_only,
    )
    app.add_middleware(LanguageMiddleware)  # added last: outermost, so every handler and error page has it
    app.mount("/static/swagger-ui", StaticFiles(directory=swagger_ui_dir()), name="swagger-ui")
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(auth.router)
    app.include_router(pages.router)
    app.include_router(api.router)
    app.include_router(accounts.router)
    app.include_router(corrections.router)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response: Response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if response.headers.get("content-type", "").startswith("text/html"):
            response.headers.setdefault(
                "Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                "frame-ancestors 'none'; form-action 'self'",
            )
        return response

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, error: LoginRequired) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": _("Login required.")}, status_code=401)
        return RedirectResponse("/login?" + urlencode({"next": error.next_url}), status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        detail = standard_message(error.status_code, error.detail)
        if _wants_json(request):
            return JSONResponse({"detail": detail}, status_code=error.status_code, headers=error.headers)
        return render(request, "error.html", {"status": error.status_code, "message": detail},
                      status_code=error.status_code)  # fmt: skip

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, error: RequestValidationError) -> Response:
        message = validation_message(error.errors()[0]) if error.errors() else _("The request is not valid.")
        if _wants_json(request):
            return JSONResponse({"detail": message}, status_code=422)
        return render(request, "error.html", {"status": 422, "message": message}, status_code=422)

    @app.exception_handler(Exception)
    async def server_error(request: Request, error: Exception) -> Response:
        """An unexpected failure: one translated line, never a traceback (the server log has it)."""
        with use_language(language_of(request.scope)):  # this handler runs outside the language middleware
            message = _("Something went wrong on the server; the error was logged. Please try again.")
            if _wants_json(request):
                return JSONResponse({"detail": message}, status_code=500)
            return render(request, "error.html", {"status": 500, "message": message}, status_code=500)

    return app
