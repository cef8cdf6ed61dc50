"""The site's session cookie taken apart and made by hand, as Starlette's SessionMiddleware
makes it: for tests that forge, backdate or re-sign one (test_access.py, test_sessions.py)."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

from itsdangerous import TimestampSigner

SECRET = "test-secret"  # the `client` fixture's key (tests/web/conftest.py)
COOKIE = "civcas_session"


def encode(session: dict[str, Any]) -> bytes:
    """A session's payload as Starlette's SessionMiddleware writes it."""
    return base64.b64encode(json.dumps(session).encode("utf-8"))


class Backdated(TimestampSigner):
    """Starlette's signer, stamping the cookie `age` seconds ago."""

    def __init__(self, key: str, age: int) -> None:
        super().__init__(key)
        self.age = age

    def get_timestamp(self) -> int:
        return int(time.time()) - self.age


def signed(session: dict[str, Any], key: str = SECRET, age: int = 0) -> str:
    return Backdated(key, age).sign(encode(session)).decode()


def session_of(cookie: str) -> dict[str, Any]:
    payload = cookie.split(".")[0]
    return dict(json.loads(base64.b64decode(payload)))
