"""Managing users (admins only): adding a user with a role, issuing a user's API token."""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from civcas.accounts import add_user, issue_token
from civcas.errors import FieldError
from civcas.ledger.models import User
from civcas.vocab import N_, Role
from civcas.web.deps import CSRF, DB
from civcas.web.templating import render
from civcas.web.workspace_support import (
    Admin,
    Form,
    Problems,
    frame,
    gettext,
    text,
    workspace_router,
)

NO_STORE = {"Cache-Control": "no-store"}

router = workspace_router()

USER_FIELDS = ["name", "role", "password"]


def users_page(
    request: Request,
    session: Session,
    user: User,
    *,
    values: Mapping[str, str] | None = None,
    problems: Problems | None = None,
    token: tuple[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    users = session.scalars(select(User).order_by(User.name)).all()
    problems = problems or Problems()
    context = {
        **frame(user),
        "users": users,
        "roles": list(Role),
        "values": values or {"role": Role.ANALYST.value},
        "problems": problems,
        "errors": problems.messages(),
        "token": token,
        "notice": request.session.pop("notice", None),
    }
    response = render(request, "workspace/users.html", context, status)
    response.headers.update(NO_STORE)
    return response


@router.get("/workspace/users", response_class=HTMLResponse)
def users(request: Request, session: DB, user: Admin) -> HTMLResponse:
    return users_page(request, session, user)


@router.post("/workspace/users", response_class=HTMLResponse, dependencies=[CSRF])
def create_user(request: Request, session: DB, form: Form, user: Admin) -> Response:
    _ = gettext(request)
    values = {name: text(form, name) for name in USER_FIELDS}
    role = values["role"]
    problems = Problems()
    added: User | None = None
    if role not in {choice.value for choice in Role}:
        problems.add("role", _("Choose one of the roles."))
    else:
        try:
            with session.begin_nested():
                added = add_user(session, values["name"], role, values["password"])
        except FieldError as refused:
            problems.add(refused.field if refused.field in USER_FIELDS else None, refused.message)
    if added is None:
        values["password"] = ""  # never sent back
        return users_page(request, session, user, values=values, problems=problems, status=422)
    request.session["notice"] = _("User %(name)s is added as %(role)s.") % {
        "name": added.name,
        "role": added.role.value,
    }
    return RedirectResponse("/workspace/users", status_code=303)


@router.post("/workspace/users/{user_id}/token", response_class=HTMLResponse, dependencies=[CSRF])
def new_token(request: Request, session: DB, user_id: int, user: Admin) -> Response:
    """A new API token for a user, replacing the old one, shown on this one response only."""
    holder = session.get(User, user_id)
    if holder is None:
        raise HTTPException(404, N_("no such user"))
    token = issue_token(session, holder)
    return users_page(request, session, user, token=(holder.name, token))
