"""Users of the workspace and the API: roles, passwords (Argon2) and API tokens.

Passwords are hashed with argon2-cffi; API tokens are random and stored only as SHA-256 hashes,
so a leaked database reveals neither.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from civcas.errors import FieldError
from civcas.ledger import audit
from civcas.ledger.models import User
from civcas.vocab import PERMISSIONS, Permission, Role

HASHER = PasswordHasher()
MIN_PASSWORD = 10


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
        created_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
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


def can(user: User | None, permission: Permission) -> bool:
    """Whether `user` (None for the public) holds `permission`."""
    return user is not None and permission in PERMISSIONS[user.role]
