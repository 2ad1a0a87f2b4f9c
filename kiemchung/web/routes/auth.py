"""Log in, log out, and the admin's user list."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kiemchung.i18n import _
from kiemchung.web.security import AdminUser, Context, client_address, log_in, log_out, require_csrf, safe_next
from kiemchung.web.templating import render
from kiemchung.web.users import ROLES, UserError

router = APIRouter(include_in_schema=False)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> Response:
    return render(request, "login.html", {"next": safe_next(next), "error": None, "name": ""})


@router.post("/login", dependencies=[Depends(require_csrf)])
def login(
    request: Request,
    context: Context,
    name: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    address = client_address(request)
    wait = context.throttle.retry_after(name, address)
    if wait:
        message = _("Too many failed logins: try again in {seconds} seconds.").format(seconds=wait)
        response = render(request, "login.html", {"next": safe_next(next), "error": message, "name": name},
                          status_code=429)  # fmt: skip
        response.headers["Retry-After"] = str(wait)
        return response
    user = context.users.authenticate(name.strip(), password)
    if user is None:
        context.throttle.failed(name, address)
        return render(request, "login.html",
                      {"next": safe_next(next), "error": _("Wrong user name or password."), "name": name},
                      status_code=401)  # fmt: skip
    context.throttle.succeeded(name)
    log_in(request, context, user)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout", dependencies=[Depends(require_csrf)])
def logout(request: Request, context: Context) -> Response:
    log_out(request, context)
    return RedirectResponse("/login", status_code=303)


@router.get("/users", response_class=HTMLResponse)
def user_list(request: Request, context: Context, user: AdminUser) -> Response:
    values = {"users": context.users.all(), "roles": ROLES, "error": None}
    return render(request, "users.html", values)


@router.post("/users", dependencies=[Depends(require_csrf)])
def add_user(
    request: Request,
    context: Context,
    user: AdminUser,
    name: Annotated[str, Form()],
    role: Annotated[str, Form()],
    password: Annotated[str, Form()],
) -> Response:
    try:
        context.users.add(name.strip(), role, password)
    except UserError as error:
        return render(request, "users.html",
                      {"users": context.users.all(), "roles": ROLES, "error": str(error)},
                      status_code=400)  # fmt: skip
    return RedirectResponse("/users", status_code=303)
