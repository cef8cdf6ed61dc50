"""Admission: how many requests are inside the app at once, and that writes do not queue behind
reads.

The middleware is driven directly over ASGI with an app that holds each request until told to
let it go, so what is inside at any moment can be read off.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor

import anyio
from starlette.types import Receive, Scope, Send

from civcas.web.app import Admission


class HeldApp:
    """An ASGI app recording which requests are inside it and keeping them until released."""

    def __init__(self) -> None:
        self.inside: list[str] = []
        self.entered: list[str] = []
        self.release = anyio.Event()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        name = scope["path"]
        self.inside.append(name)
        self.entered.append(name)
        await self.release.wait()
        self.inside.remove(name)


def request(method: str, path: str) -> Scope:
    return {"type": "http", "method": method, "path": path, "headers": []}


async def nothing() -> dict[str, str]:
    return {"type": "http.disconnect"}


async def ignore(_message: object) -> None:
    return None


def run(test: Callable[[HeldApp, Admission], Awaitable[None]], reads: int, writes: int) -> None:
    """Run `test` in an event loop of its own thread: the browser tests' Playwright keeps one
    running in the main thread."""

    def in_loop() -> None:
        held = HeldApp()
        anyio.run(test, held, Admission(held, reads=reads, writes=writes))

    with ThreadPoolExecutor(max_workers=1) as thread:
        thread.submit(in_loop).result()


async def settle() -> None:
    for _ in range(20):  # let every started task run up to where it waits
        await anyio.sleep(0)


def test_reads_beyond_the_limit_wait_their_turn_in_order() -> None:
    async def test(held: HeldApp, admission: Admission) -> None:
        async with anyio.create_task_group() as tasks:
            for n in range(5):
                tasks.start_soon(admission, request("GET", f"/r{n}"), nothing, ignore)
                await settle()
            assert held.inside == ["/r0", "/r1"]
            held.release.set()
        assert held.entered == ["/r0", "/r1", "/r2", "/r3", "/r4"]

    run(test, reads=2, writes=1)


def test_a_write_goes_in_while_reads_fill_their_places() -> None:
    async def test(held: HeldApp, admission: Admission) -> None:
        async with anyio.create_task_group() as tasks:
            for n in range(4):
                tasks.start_soon(admission, request("GET", f"/r{n}"), nothing, ignore)
            await settle()
            tasks.start_soon(admission, request("POST", "/w0"), nothing, ignore)
            tasks.start_soon(admission, request("POST", "/w1"), nothing, ignore)
            await settle()
            assert sorted(held.inside) == ["/r0", "/r1", "/w0"]  # /r2, /r3 and /w1 wait
            held.release.set()
        assert len(held.entered) == 6

    run(test, reads=2, writes=1)
