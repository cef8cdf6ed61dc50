"""Public API answers kept until the ledger changes.

The register is read by many and written by few: the same filtered page is asked for again and
again between two imports. An anonymous GET under /api/v1 is a function of its URL and of the
ledger alone (the public sees no per-user content), so its answer is kept under the ledger's
revision (`civcas.ledger.revision`) and the exact URL. Any write advances the revision and so
makes every kept answer unreachable at once; answers also expire after `max_age` seconds, which
bounds how long a change made behind civcas's back (raw SQL) can stay unseen.

Signed-in users and API tokens always get a fresh answer: theirs may hold restricted content.

Figures counted over the whole ledger (the dashboard's series, statements, tallies) are kept
apart, per revision, by `LedgerFigures`: they are the same for every asker, and recomputing them
on every request let a few concurrent requests hold every pooled connection while analysts'
writes kept moving the revision.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Annotated, Any, TypeVar, cast

from cachetools import TTLCache
from fastapi import Depends, Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from civcas.ledger.revision import current_revision
from civcas.publication.timeline import Timeline, load_timeline

PREFIX = "/api/v1/"
T = TypeVar("T")


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


@dataclass
class Counted:
    """The timeline read at one revision, and the figures counted from it so far."""

    revision: int
    timeline: Timeline
    figures: dict[Hashable, Any] = field(default_factory=dict)
    read_at: float = field(default_factory=time.monotonic)


class LedgerFigures:
    """Figures counted from the ledger's timeline, kept until the ledger changes.

    One request at a time reads the timeline and counts: while it does, the others are given
    the figure last counted (at most one count behind) rather than all counting at once. Only a
    request for a figure never counted waits for the count.
    """

    def __init__(self, max_age: float = 600.0) -> None:
        self.max_age = max_age  # as PublicAnswers: bounds how long raw SQL edits stay unseen
        self._counting = threading.Lock()
        self._kept: Counted | None = None
        self._latest: dict[Hashable, Any] = {}  # each figure as last counted, at any revision

    def figure(self, session: Session, key: Hashable, count: Callable[[Timeline], T]) -> T:
        """The figure `key`, as `count` gives it from the timeline at the ledger's revision."""
        revision = current_revision(session)
        kept = self._kept
        if kept is not None and key in kept.figures and self._current(kept, revision):
            return cast(T, kept.figures[key])
        if key in self._latest:
            if not self._counting.acquire(blocking=False):
                return cast(T, self._latest[key])  # someone is counting the newer one
        else:
            self._counting.acquire()
        try:
            return self._count(session, revision, key, count)
        finally:
            self._counting.release()

    def _current(self, kept: Counted, revision: int) -> bool:
        return kept.revision >= revision and time.monotonic() - kept.read_at < self.max_age

    def _count(
        self, session: Session, revision: int, key: Hashable, count: Callable[[Timeline], T]
    ) -> T:
        kept = self._kept
        if kept is None or not self._current(kept, revision):
            kept = self._kept = Counted(revision, load_timeline(session))
        if key not in kept.figures:
            kept.figures[key] = self._latest[key] = count(kept.timeline)
        return cast(T, kept.figures[key])


def ledger_figures(request: Request) -> LedgerFigures:
    figures: LedgerFigures = request.app.state.ledger_figures
    return figures


Figures = Annotated[LedgerFigures, Depends(ledger_figures)]
