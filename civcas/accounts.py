"""Users of the workspace and the API: roles, passwords (Argon2), API tokens and sign-in sessions.

Passwords are hashed with argon2-cffi; API tokens and session tokens are random and stored only
as SHA-256 hashes, so a leaked database reveals none of them.

A workspace sign-in is a `UserSession` row: the session cookie carries its token, and the cookie
is taken only while the row is neither revoked (signed out, role changed) nor past `expires_at`
(`SESSION_LIFETIME` after sign-in, however active). Sessions are not evidence and not audited.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from civcas.errors import FieldError
from civcas.ledger import audit
from civcas.ledger.models import User, UserSession
from civcas.vocab import PERMISSIONS, Permission, Role

HASHER = PasswordHasher()
MIN_PASSWORD = 10
SESSION_LIFETIME = dt.timedelta(hours=8)


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def add_user(session: Session, name: str, role: Role | str, password: str) -> User:
    """A new user; refuses a taken name or a password shorter than MIN_PASSWORD characters."""
    name = name.strip()
    if not name:
        raise FieldError("name", "a user needs a name")
    if session.scalar(select(User.id).where(User.name == name)) is not None:
        raise FieldError("name", f"user {name!r} already exists")
    if len(password) < MIN_PASSWORD:
        raise FieldError("password", f"use at least {MIN_PASSWORD} characters")
    user = User(
        name=name,
        role=Role(role),
        password_hash=HASHER.hash(password),
        created_at=_utcnow(),
    )
    session.add(user)
    audit.recorded(session, user)
    return user


def authenticate(session: Session, name: str, password: str) -> User | None:
    """The user with this name and password, or None (the same None for either mistake)."""
    user = session.scalar(select(User).where(User.name == name.strip()))
    if user is None:
        HASHER.hash(password)  # spend the same time as a real check
        return None
    try:
        HASHER.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    return user


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(session: Session, user: User) -> str:
    """A new API token for `user`, replacing any earlier one; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    before = audit.state_of(session, user)
    user.token_hash = token_digest(token)
    audit.recorded(session, user, before)
    return token


def user_for_token(session: Session, token: str) -> User | None:
    return session.scalar(select(User).where(User.token_hash == token_digest(token)))


def set_role(session: Session, user: User, role: Role | str) -> None:
    """Give `user` another role (audited), ending every session they are signed in with."""
    role = Role(role)
    if user.role == role:
        return
    before = audit.state_of(session, user)
    user.role = role
    audit.recorded(session, user, before)
    revoke_sessions(session, user)


def start_session(session: Session, user: User, now: dt.datetime | None = None) -> str:
    """A new sign-in session for `user`: the token for the cookie (only its hash is stored).

    The user's sessions that have expired are deleted on the way: the table stays small."""
    now = now or _utcnow()
    session.execute(
        delete(UserSession).where(UserSession.user_id == user.id, UserSession.expires_at <= now)
    )
    token = secrets.token_urlsafe(32)
    session.add(
        UserSession(
            user_id=user.id,
            token_hash=token_digest(token),
            created_at=now,
            expires_at=now + SESSION_LIFETIME,
        )
    )
    session.flush()
    return token


def user_for_session(session: Session, token: str, now: dt.datetime | None = None) -> User | None:
    """The user of a live session (not revoked, not expired) with this token, or None."""
    return session.scalar(
        select(User)
        .join(UserSession, UserSession.user_id == User.id)
        .where(
            UserSession.token_hash == token_digest(token),
            UserSession.revoked_at.is_(None),
            UserSession.expires_at > (now or _utcnow()),
        )
    )


def end_session(session: Session, token: str, now: dt.datetime | None = None) -> None:
    """Revoke the session with this token (signing out); a cookie copied earlier stops working."""
    session.execute(
        update(UserSession)
        .where(UserSession.token_hash == token_digest(token), UserSession.revoked_at.is_(None))
        .values(revoked_at=now or _utcnow())
    )


def revoke_sessions(session: Session, user: User, now: dt.datetime | None = None) -> None:
    """Revoke every live session of `user` (a change of role, a compromised account)."""
    now = now or _utcnow()
    session.execute(
        update(UserSession)
        .where(
            UserSession.user_id == user.id,
            UserSession.revoked_at.is_(None),
            UserSession.expires_at > now,
        )
        .values(revoked_at=now)
    )


def can(user: User | None, permission: Permission) -> bool:
    """Whether `user` (None for the public) holds `permission`."""
    return user is not None and permission in PERMISSIONS[user.role]
