"""Public API answers kept until the ledger changes.

The register is read by many and written by few: the same filtered page is asked for again and
again between two imports. An anonymous GET under /api/v1 is a function of its URL and of the
ledger alone (the public sees no per-user content), so its answer is kept under the ledger's
revision (`civcas.ledger.revision`) and the exact URL. Any write advances the revision and so
makes every kept answer unreachable at once; answers also expire after `max_age` seconds, which
bounds how long a change made behind civcas's back (raw SQL) can stay unseen.

Signed-in users and API tokens always get a fresh answer: theirs may hold restricted content.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cachetools import TTLCache
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from civcas.ledger.revision import current_revision

PREFIX = "/api/v1/"


@dataclass
class Answer:
    """One response as it went out: status line headers and body."""

    headers: list[tuple[bytes, bytes]]
    body: bytearray = field(default_factory=bytearray)


class PublicAnswers:
    """ASGI middleware (inside the session middleware, which it reads) keeping public answers."""

    def __init__(
        self,
        app: ASGIApp,
        engine: Engine,
        *,
        max_bytes: int = 64 * 2**20,
        max_body: int = 2**20,
        max_age: float = 600.0,
    ) -> None:
        self.app, self.engine, self.max_body = app, engine, max_body
        self.kept: TTLCache[tuple[Any, ...], Answer] = TTLCache(
            maxsize=max_bytes, ttl=max_age, getsizeof=lambda answer: len(answer.body) + 1
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not is_public_read(scope):
            await self.app(scope, receive, send)
            return
        revision = await run_in_threadpool(self.revision)
        url = (scope.get("scheme"), header(scope, b"host"), scope["path"], scope["query_string"])
        key = (revision, *url)
        answer = self.kept.get(key)
        if answer is not None:
            await replay(answer, send)
            return
        await self.app(scope, receive, self.recorder(key, send))

    def revision(self) -> int:
        with self.engine.connect() as connection:
            return current_revision(connection)

    def recorder(self, key: tuple[Any, ...], send: Send) -> Send:
        """A `send` that passes the response on and keeps it if it is a whole, small 200."""
        answer: Answer | None = None

        async def record(message: Message) -> None:
            nonlocal answer
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if message["status"] == 200 and not any(n == b"set-cookie" for n, _ in headers):
                    answer = Answer(headers)
            elif message["type"] == "http.response.body" and answer is not None:
                answer.body += message.get("body", b"")
                if len(answer.body) > self.max_body:
                    answer = None
                elif not message.get("more_body", False):
                    self.kept[key] = answer
            await send(message)

        return record


def is_public_read(scope: Scope) -> bool:
    """An anonymous GET of the API: no token, nobody signed in."""
    return (
        scope["type"] == "http"
        and scope["method"] == "GET"
        and scope["path"].startswith(PREFIX)
        and header(scope, b"authorization") is None
        and not scope.get("session", {}).get("user_id")
    )


def header(scope: Scope, name: bytes) -> bytes | None:
    return next((value for key, value in scope["headers"] if key == name), None)


async def replay(answer: Answer, send: Send) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": answer.headers})
    await send({"type": "http.response.body", "body": bytes(answer.body)})
