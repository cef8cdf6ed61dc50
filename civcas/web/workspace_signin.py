"""Signing in and out of the workspace: a new session on sign-in, back to the page asked for."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from civcas.accounts import authenticate
from civcas.web.deps import CSRF, DB, CurrentUser
from civcas.web.templating import render
from civcas.web.workspace_support import Form, gettext, safe_next, text, workspace_router

router = workspace_router()


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, user: CurrentUser, next: str = "/workspace") -> HTMLResponse:
    return render(request, "login.html", {"active": "login", "next": safe_next(next)})


@router.post("/login", response_class=HTMLResponse, dependencies=[CSRF])
def login(request: Request, session: DB, form: Form) -> Response:
    name, password = text(form, "name"), text(form, "password")
    target = safe_next(text(form, "next") or "/workspace")
    user = authenticate(session, name, password) if name.strip() and password else None
    if user is None:
        request.state.user = None
        _ = gettext(request)
        context = {
            "active": "login",
            "next": target,
            "name": name,
            "failed": _("The name or the password is not right. Check both and try again."),
        }
        return render(request, "login.html", context, 400)
    request.session.clear()  # a new session: nothing from before sign-in carries over
    request.session["user_id"] = user.id
    request.session["role"] = user.role.value
    return RedirectResponse(target, status_code=303)


@router.post("/logout", dependencies=[CSRF])
def logout(request: Request) -> Response:
    request.session.clear()
    return RedirectResponse("/", status_code=303)
