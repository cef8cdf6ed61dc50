"""Public answers kept until the ledger changes.

The register is read by many and written by few: the same filtered page is asked for again and
again between two imports. An anonymous GET — a page or an API call — is a function of its URL,
its language and the ledger alone (the public sees no per-user content), so its answer is kept
under the ledger's revision (`civcas.ledger.revision`), the exact URL and the `lang` cookie. Any
write advances the revision and so makes every kept answer unreachable at once; answers also
expire after `max_age` seconds, which bounds how long a change made behind civcas's back (raw
SQL) can stay unseen.

Only answers made without a session are kept: a page that wrote a CSRF token into a form has
put it in the visitor's session (`civcas.web.deps.FormToken`), and that page is theirs alone.
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
from typing import Annotated, Any, Generic, TypeVar, cast

from cachetools import TTLCache
from fastapi import Depends, Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from civcas.ledger.revision import current_revision
from civcas.publication.timeline import Timeline, load_timeline
from civcas.web.i18n import COOKIE as LANGUAGE_COOKIE

T = TypeVar("T")
V = TypeVar("V")


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
        key = (revision, *url, language(scope))
        answer = self.kept.get(key)
        if answer is not None:
            await replay(answer, send)
            return
        if scope.get("session"):  # this visitor's answer may carry their session's token
            await self.app(scope, receive, send)
            return
        await self.app(scope, receive, self.recorder(key, scope, send))

    def revision(self) -> int:
        with self.engine.connect() as connection:
            return current_revision(connection)

    def recorder(self, key: tuple[Any, ...], scope: Scope, send: Send) -> Send:
        """A `send` that passes the response on and keeps it if it is a whole, small 200 that
        set no cookie and left the session empty."""
        answer: Answer | None = None

        async def record(message: Message) -> None:
            nonlocal answer
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if (
                    message["status"] == 200
                    and not scope.get("session")
                    and not any(n == b"set-cookie" for n, _ in headers)
                ):
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
    """An anonymous GET: no token, nobody signed in."""
    return (
        scope["type"] == "http"
        and scope["method"] == "GET"
        and header(scope, b"authorization") is None
        and not scope.get("session", {}).get("user_id")
    )


def header(scope: Scope, name: bytes) -> bytes | None:
    return next((value for key, value in scope["headers"] if key == name), None)


def language(scope: Scope) -> str | None:
    """The `lang` cookie's value: a page's words depend on it."""
    cookies = header(scope, b"cookie")
    return (
        None if cookies is None else cookie_parser(cookies.decode("latin-1")).get(LANGUAGE_COOKIE)
    )


async def replay(answer: Answer, send: Send) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": answer.headers})
    await send({"type": "http.response.body", "body": bytes(answer.body)})


@dataclass(frozen=True)
class Counted(Generic[V]):
    """A value read or counted from the ledger at one revision."""

    revision: int
    read_at: float
    value: V


class LedgerFigures:
    """Figures counted from the ledger's timeline, kept until the ledger changes.

    One request at a time reads the timeline and counts: while it does, the others are given
    the figure last counted (at most one count behind) rather than all counting at once. Only a
    request for a figure never counted waits for the count.

    When others were given an older figure during a count, the site is busy and writes keep
    moving the revision: the timeline is then not read again until as long as that count took
    has passed, and figures are served as counted meanwhile. Counting then takes at most about
    half of one thread's time, not all of it, and figures lag the ledger by about two counts.
    An idle site (every request alone, as in tests) is counted afresh after every write.
    """

    def __init__(self, max_age: float = 600.0) -> None:
        self.max_age = max_age  # as PublicAnswers: bounds how long raw SQL edits stay unseen
        self._counting = threading.Lock()
        self._timeline: Counted[Timeline] | None = None
        self._figures: dict[Hashable, Counted[Any]] = {}  # each as last counted, at any revision
        self._turned_away = 0  # requests given an older figure while a count was under way
        self._rest_until = 0.0  # time.monotonic() before which the timeline is not read again

    def figure(self, session: Session, key: Hashable, count: Callable[[Timeline], T]) -> T:
        """The figure `key`, as `count` gives it from the timeline at the ledger's revision."""
        revision = current_revision(session)
        kept = self._figures.get(key)
        if kept is not None and (self._current(kept, revision) or self._resting()):
            return cast(T, kept.value)
        if kept is None:
            self._counting.acquire()
        elif not self._counting.acquire(blocking=False):
            self._turned_away += 1
            return cast(T, kept.value)  # someone is counting the newer one
        try:
            return self._count(session, revision, key, count)
        finally:
            self._counting.release()

    def _current(self, kept: Counted[Any], revision: int) -> bool:
        return kept.revision >= revision and time.monotonic() - kept.read_at < self.max_age

    def _resting(self) -> bool:
        return time.monotonic() < self._rest_until

    def _count(
        self, session: Session, revision: int, key: Hashable, count: Callable[[Timeline], T]
    ) -> T:
        kept = self._figures.get(key)
        if kept is not None and self._current(kept, revision):
            return cast(T, kept.value)  # counted while this request waited
        timeline = self._timeline
        if timeline is not None and (self._current(timeline, revision) or self._resting()):
            return self._keep(key, timeline, count)
        began, turned_away = time.monotonic(), self._turned_away
        timeline = self._timeline = Counted(revision, began, load_timeline(session))
        value = self._keep(key, timeline, count)
        ended = time.monotonic()
        busy = self._turned_away > turned_away
        self._rest_until = ended + (ended - began) if busy else 0.0
        return value

    def _keep(
        self, key: Hashable, timeline: Counted[Timeline], count: Callable[[Timeline], T]
    ) -> T:
        counted = Counted(timeline.revision, timeline.read_at, count(timeline.value))
        self._figures[key] = counted
        return counted.value


def ledger_figures(request: Request) -> LedgerFigures:
    figures: LedgerFigures = request.app.state.ledger_figures
    return figures


Figures = Annotated[LedgerFigures, Depends(ledger_figures)]
