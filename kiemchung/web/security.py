"""Who is asking, and may they: the session's user, role checks, CSRF tokens.

Sessions are server-side (`kiemchung.web.sessions`): Starlette's signed cookie holds only a random
session id and the CSRF token; the database says whether the session is alive (logout, a password
change and disabling a user revoke it). The user's role and state are read from the database on
every request, so a changed role or a disabled account takes effect at once. Every state-changing
request (a form POST or an API POST) must carry the session's CSRF token, in the form field `csrf_token` or the header
`X-CSRF-Token`; a cross-site form cannot read it, so it cannot forge a decision.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status

from kiemchung.i18n import _
from kiemchung.web.context import WebContext
from kiemchung.web.users import User

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"


class LoginRequired(Exception):
    """No user in the session: pages redirect to the login form, the API answers 401."""

    def __init__(self, next_url: str) -> None:
        self.next_url = next_url


def get_context(request: Request) -> WebContext:
    context: WebContext = request.app.state.context
    return context


Context = Annotated[WebContext, Depends(get_context)]


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use (also before login, for the login form)."""
    token = request.session.get(CSRF_FIELD)
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        request.session[CSRF_FIELD] = token
    return token


def _same_token(expected: object, given: object) -> bool:
    return (
        isinstance(expected, str)
        and isinstance(given, str)
        and bool(given)
        and hmac.compare_digest(expected.encode(), given.encode())
    )


async def require_csrf(request: Request) -> None:
    """Refuse a state-changing request without the session's token (403)."""
    given: object = request.headers.get(CSRF_HEADER)
    if given is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        given = form.get(CSRF_FIELD)
    if not _same_token(request.session.get(CSRF_FIELD), given):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, _("The session is not valid (CSRF): reload the page and try again.")
        )


SESSION_KEY = "sid"


def client_address(request: Request) -> str | None:
    return request.client.host if request.client else None


def log_in(request: Request, context: WebContext, user: User) -> None:
    """A new server-side session (the cookie carries its id only): nothing carried over from before."""
    context.sessions.revoke(request.session.get(SESSION_KEY))
    request.session.clear()
    request.session[SESSION_KEY] = context.sessions.start(user.name, client_address(request))
    csrf_token(request)


def log_out(request: Request, context: WebContext) -> None:
    context.sessions.revoke(request.session.get(SESSION_KEY))
    request.session.clear()


def current_user(request: Request, context: Context) -> User:
    name = context.sessions.user_of(request.session.get(SESSION_KEY))
    user = context.users.get(name) if name is not None else None
    if user is None or user.disabled:
        request.session.pop(SESSION_KEY, None)
        next_url = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(next_url)
    request.state.user = user  # for the page layout (menu, name, role)
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def deciding_user(user: CurrentUser) -> User:
    if not user.can_decide:
        raise HTTPException(status.HTTP_403_FORBIDDEN, _("Your role may read but not change scores."))
    return user


def audit_reader(user: CurrentUser) -> User:
    if not user.can_read_audit_log:
        raise HTTPException(status.HTTP_403_FORBIDDEN, _("Only auditors and administrators may read the log."))
    return user


def admin_user(user: CurrentUser) -> User:
    if not user.is_admin:
        raise HTTPException(status.HTTP_403_FORBIDDEN, _("Only administrators may manage users."))
    return user


DecidingUser = Annotated[User, Depends(deciding_user)]
AuditReader = Annotated[User, Depends(audit_reader)]
AdminUser = Annotated[User, Depends(admin_user)]


def safe_next(url: str | None) -> str:
    """Only a path on this site: never an open redirect to another host after login."""
    if not url or not url.startswith("/") or url.startswith("//") or "\\" in url:
        return "/"
    return url
