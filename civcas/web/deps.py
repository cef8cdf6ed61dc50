"""Request-scoped pieces every route shares: the database session, who is asking, and CSRF."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from sqlalchemy.orm import Session

from civcas.accounts import can, user_for_session, user_for_token
from civcas.ledger.database import transaction
from civcas.ledger.models import User
from civcas.vocab import Permission, Role

CSRF_FIELD = "csrf_token"
SESSION_TOKEN = "session_token"  # the cookie's key for the sign-in's token (`UserSession`)


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_session(request: Request) -> Iterator[Session]:
    """One transaction per request: committed if the route returns, rolled back if it raises;
    a request that may write takes SQLite's write lock at once (`transaction(writing=True)`).

    The commit comes before the response is sent (scope "function"; FastAPI's default ends a
    dependency after sending): a client told 201 must never find the write missing because the
    commit failed or had not happened yet."""
    writing = request.method not in SAFE_METHODS
    with transaction(request.app.state.engine, writing=writing) as session:
        yield session


DB = Annotated[Session, Depends(get_session, scope="function")]


def current_user(request: Request, session: DB) -> User | None:
    """The signed-in user (session cookie) or the API token's owner (Authorization: Bearer).

    A plain copy is kept on `request.state.user` for the templates: error pages render after the
    request's transaction has ended, when the database row can no longer be read."""
    user = find_user(request, session)
    request.state.user = SignedIn(user.id, user.name, user.role) if user else None
    if user is not None:
        session.info["actor"] = f"user:{user.name}"  # whom the audit log names for this request
    return user


@dataclass(frozen=True)
class SignedIn:
    """Who is signed in, detached from the database."""

    id: int
    name: str
    role: Role


def find_user(request: Request, session: Session) -> User | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        user = user_for_token(session, header[7:].strip())
        if user is None:
            raise HTTPException(401, "the API token is not valid; ask an admin for a new one")
        return user
    token = request.session.get(SESSION_TOKEN)
    if token is None:
        if "user_id" in request.session:
            request.session.clear()  # a signed-in cookie without a server-side session: not taken
        return None
    # The cookie is signed, so it is as the site wrote it; the session row says whether it still
    # stands (not signed out, not expired) and whose it is: one lookup by a unique index.
    user = user_for_session(session, str(token))
    if (
        user is None
        or request.session.get("user_id") != user.id
        or request.session.get("role") != user.role.value
    ):
        request.session.clear()  # signed out, expired, removed or changed role: sign in again
        return None
    return user


CurrentUser = Annotated[User | None, Depends(current_user)]


async def restricted(user: CurrentUser) -> bool:
    """Whether the asker may see victims and non-public sources."""
    return can(user, Permission.READ_RESTRICTED)


def require(permission: Permission) -> Any:
    """A dependency that lets only users holding `permission` through."""

    async def check(user: CurrentUser) -> User:
        if user is None:
            raise HTTPException(401, "sign in first")
        if not can(user, permission):
            raise HTTPException(
                403, f"your role ({user.role.value}) may not {permission.description.lower()}"
            )
        return user

    return Depends(check)


def csrf_token(request: Request) -> str:
    """The session's CSRF token, created on first use; every form carries it back."""
    token = request.session.get(CSRF_FIELD)
    if not token:
        token = secrets.token_urlsafe(32)
        request.session[CSRF_FIELD] = token
    return str(token)


class FormToken:
    """The session's CSRF token, made only when a template writes it into a form: a page with
    no form leaves the session as it was, sets no cookie, and can be kept for every anonymous
    visitor (`civcas.web.cache.PublicAnswers`)."""

    def __init__(self, request: Request) -> None:
        self.request = request

    def __str__(self) -> str:
        return csrf_token(self.request)


async def check_csrf(request: Request) -> None:
    """Refuse a form post whose token does not match the session's (cross-site forgery)."""
    form = await request.form()
    sent = str(form.get(CSRF_FIELD, ""))
    expected = str(request.session.get(CSRF_FIELD, ""))
    if not expected or not hmac.compare_digest(sent, expected):
        raise HTTPException(
            403,
            "the form has expired or did not come from this site; reload the page and try again",
        )


CSRF = Depends(check_csrf)
