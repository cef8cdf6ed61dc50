"""Signing in and out of the workspace: a new session on sign-in, back to the page asked for.

Each sign-in is a server-side session (`civcas.accounts.start_session`): the signed cookie
carries its random token, and signing out revokes it, so a cookie copied before sign-out is
refused afterwards, as is one past the session's eight hours.

Failed sign-ins are limited per name and per client address (`SignInLimit`, kept on
`app.state.sign_in_limit`): past the limit, attempts are refused with 429 before any password is
checked. The address is the connection's peer: behind a reverse proxy, run uvicorn with
`--proxy-headers --forwarded-allow-ips=<the proxy>` so that it is the visitor's, not the proxy's.
"""

from __future__ import annotations

import datetime as dt
import math

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from civcas.accounts import authenticate, end_session, start_session
from civcas.web.deps import CSRF, DB, SESSION_TOKEN, CurrentUser
from civcas.web.templating import render
from civcas.web.workspace_support import (
    Form,
    SignInLimit,
    gettext,
    minutes,
    safe_next,
    text,
    utcnow,
    workspace_router,
)

router = workspace_router()


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, user: CurrentUser, next: str = "/workspace") -> HTMLResponse:
    return render(request, "login.html", {"active": "login", "next": safe_next(next)})


@router.post("/login", response_class=HTMLResponse, dependencies=[CSRF])
def login(request: Request, session: DB, form: Form) -> Response:
    name, password = text(form, "name"), text(form, "password")
    target = safe_next(text(form, "next") or "/workspace")
    limit: SignInLimit = request.app.state.sign_in_limit
    keys = limit.keys(name, request.client.host if request.client else "unknown")
    _ = gettext(request)
    context = {"active": "login", "next": target, "name": name}
    wait = limit.wait(keys)
    if wait > 0:  # refused before the password is looked at: no guessing, right or wrong
        request.state.user = None
        until = utcnow() + dt.timedelta(seconds=wait)
        context["failed"] = _(
            "Too many failed sign-ins with this name or from this address. "
            "Try again in %(minutes)s minutes (after %(time)s UTC)."
        ) % {"minutes": minutes(wait), "time": until.strftime("%H:%M")}
        page = render(request, "login.html", context, 429)
        page.headers["Retry-After"] = str(math.ceil(wait))
        return page
    user = authenticate(session, name, password) if name.strip() and password else None
    if user is None:
        limit.failed(keys)
        request.state.user = None
        context["failed"] = _("The name or the password is not right. Check both and try again.")
        return render(request, "login.html", context, 400)
    limit.succeeded(name)
    earlier = request.session.get(SESSION_TOKEN)
    if earlier:
        end_session(session, str(earlier))  # signing in over a session ends that one
    request.session.clear()  # a new session: nothing from before sign-in carries over
    request.session[SESSION_TOKEN] = start_session(session, user)
    request.session["user_id"] = user.id
    request.session["role"] = user.role.value
    return RedirectResponse(target, status_code=303)


@router.post("/logout", dependencies=[CSRF])
def logout(request: Request, session: DB) -> Response:
    """Sign out: the session is revoked on the server, so a copy of the cookie stops working."""
    token = request.session.get(SESSION_TOKEN)
    if token:
        end_session(session, str(token))
    request.session.clear()
    return RedirectResponse("/", status_code=303)
