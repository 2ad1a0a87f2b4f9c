"""Accounts: the admin's page of one user (disable, enable, set a password) and each user's own
password change. Every change ends the sessions it must and is recorded on the audit chain."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kiemchung.i18n import _
from kiemchung.web.audit import DecisionError
from kiemchung.web.security import AdminUser, Context, CurrentUser, log_in, require_csrf
from kiemchung.web.templating import render
from kiemchung.web.users import MIN_PASSWORD_LENGTH, UserError

router = APIRouter(include_in_schema=False)
UserName = Annotated[str, Path(pattern=r"^[a-z0-9][a-z0-9._-]{1,63}$")]


def _account_page(request: Request, context: Context, name: str, *, error: str | None = None,
                  notice: str | None = None, status_code: int = 200) -> Response:  # fmt: skip
    account = context.users.get(name)
    if account is None:
        raise HTTPException(404, _("No user {name}.").format(name=name))
    values = {"account": account, "live_sessions": context.sessions.live(name), "error": error, "notice": notice,
              "min_password": MIN_PASSWORD_LENGTH}  # fmt: skip
    return render(request, "account.html", values, status_code=status_code)


@router.get("/users/{name}", response_class=HTMLResponse)
def account(request: Request, context: Context, user: AdminUser, name: UserName) -> Response:
    return _account_page(request, context, name, notice=request.query_params.get("done"))


@router.post("/users/{name}/{action}", dependencies=[Depends(require_csrf)])
async def change_account(request: Request, context: Context, user: AdminUser, name: UserName,
                         action: Annotated[str, Path(pattern=r"^(disable|enable|password)$")]) -> Response:  # fmt: skip
    form = await request.form()
    try:
        if action == "disable":
            context.accounts.disable(name, by=user.name)
            done = _("Account disabled; its sessions were ended.")
        elif action == "enable":
            context.accounts.enable(name, by=user.name)
            done = _("Account enabled.")
        else:
            context.accounts.set_password(name, str(form.get("password", "")), by=user.name)
            done = _("Password changed; the user's sessions were ended.")
    except (UserError, DecisionError) as error:
        return _account_page(request, context, name, error=str(error), status_code=400)
    if name == user.name:  # an admin who changed their own password: a fresh session here
        log_in(request, context, user)
    return render_redirect(f"/users/{name}", done)


def render_redirect(path: str, notice: str) -> Response:
    return RedirectResponse(f"{path}?{urlencode({'done': notice})}", status_code=303)


@router.get("/account/password", response_class=HTMLResponse)
def own_password_form(request: Request, user: CurrentUser) -> Response:
    return render(request, "password.html", {"error": None, "min_password": MIN_PASSWORD_LENGTH})


@router.post("/account/password", dependencies=[Depends(require_csrf)])
def change_own_password(
    request: Request,
    context: Context,
    user: CurrentUser,
    current: Annotated[str, Form()],
    password: Annotated[str, Form()],
    again: Annotated[str, Form()],
) -> Response:
    error = None
    if context.users.authenticate(user.name, current) is None:
        error = _("The current password is wrong.")
    elif password != again:
        error = _("The two new passwords differ.")
    else:
        try:
            context.accounts.set_password(user.name, password, by=user.name)
        except (UserError, DecisionError) as problem:
            error = str(problem)
    if error is not None:
        return render(request, "password.html", {"error": error, "min_password": MIN_PASSWORD_LENGTH},
                      status_code=400)  # fmt: skip
    log_in(request, context, user)  # every other session of this user has ended; this one starts anew
    return RedirectResponse("/search", status_code=303)
