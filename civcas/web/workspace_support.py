"""What the workspace's pages share: the clock, the layout's frame, who may enter (sign-in
redirects and permission checks), the posted form, and a refused form's problems.

Every workspace router is made by `workspace_router()`, so that an anonymous visitor of any of its
pages is sent to the sign-in form and comes back afterwards.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Coroutine, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any
from urllib.parse import quote

from cachetools import TTLCache
from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.routing import APIRoute
from starlette.datastructures import FormData

from civcas.accounts import can
from civcas.errors import RowError
from civcas.i18n import translations
from civcas.ledger.models import User
from civcas.vocab import PERMISSIONS, Permission
from civcas.web.deps import CurrentUser
from civcas.web.i18n import language_of

# --- the clock -----------------------------------------------------------------------------------


def utcnow() -> dt.datetime:
    """The ledger's convention: naive UTC."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def now(request: Request) -> dt.datetime:
    """The workspace's current time: `app.state.clock()` when set (tests fix it), else UTC now."""
    clock: Callable[[], dt.datetime] = getattr(request.app.state, "clock", utcnow)
    return clock()


def frame(user: User) -> dict[str, Any]:
    """What every workspace page's layout needs: the navigation's state and the user's rights."""
    return {"active": "workspace", "perms": PERMISSIONS[user.role]}


def gettext(request: Request) -> Callable[[str], str]:
    """The page language's gettext, for messages made in the routes."""
    return translations(language_of(request)).gettext


# --- who may enter -------------------------------------------------------------------------------


class SignInFirst(Exception):
    """Raised by a page's dependencies for an anonymous visitor: answered by a redirect."""

    def __init__(self, target: str) -> None:
        super().__init__(target)
        self.target = target


class WorkspaceRoute(APIRoute):
    """Routes whose anonymous visitors are sent to the sign-in form (303), not shown a 401."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            try:
                return await handler(request)
            except SignInFirst as missing:
                return RedirectResponse(f"/login?next={quote(missing.target)}", status_code=303)
            finally:
                await request.close()  # the parsed form's uploaded files, however it ended

        return guarded


def workspace_router() -> APIRouter:
    """A router for workspace pages: its anonymous visitors are sent to sign in."""
    return APIRouter(include_in_schema=False, route_class=WorkspaceRoute)


def member(request: Request, user: CurrentUser) -> User:
    """The signed-in user; anonymous visitors go to /login and come back here afterwards."""
    if user is None:
        target = request.url.path if request.method == "GET" else "/workspace"
        if request.method == "GET" and request.url.query:
            target += "?" + request.url.query
        raise SignInFirst(target)
    return user


Member = Annotated[User, Depends(member)]


def allowed(permission: Permission) -> Any:
    """A dependency admitting signed-in users whose role holds `permission` (403 otherwise)."""

    def check(request: Request, user: Member) -> User:
        if not can(user, permission):
            _ = gettext(request)
            raise HTTPException(
                403,
                _("Your role (%(role)s) may not do this: %(action)s")
                % {"role": user.role.value, "action": _(permission.description)},
            )
        return user

    return Depends(check)


Reader = Annotated[User, allowed(Permission.READ_RESTRICTED)]
Filer = Annotated[User, allowed(Permission.FILE)]
Decider = Annotated[User, allowed(Permission.DECIDE)]
Reopener = Annotated[User, allowed(Permission.REOPEN)]
Grader = Annotated[User, allowed(Permission.GRADE)]
Admin = Annotated[User, allowed(Permission.MANAGE_USERS)]


async def form_data(request: Request) -> FormData:
    """The posted form (already parsed and cached by the CSRF check)."""
    return await request.form()


Form = Annotated[FormData, Depends(form_data)]


def text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def safe_next(target: str) -> str:
    """Only a path on this site: never an open redirect to another host."""
    if target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/workspace"


# --- sign-in attempts ---------------------------------------------------------------------------


class SignInLimit:
    """Failed sign-ins, counted per user name and per client address over a sliding window.

    After `limit` failures for the same name, or from the same address, within `window` seconds,
    further attempts with that name or from that address are refused (429) without the password
    being checked, until the oldest of those failures is `window` seconds old: password guessing
    stops, and so does signing in with the right password meanwhile.

    The counts live in this process's memory (one per app instance), bounded by `max_keys`: a
    deployment running several worker processes or hosts needs a shared store (Redis, the
    database) for the limit to hold across them; a restart forgets them. The clock (seconds,
    monotonic) is injectable for tests.
    """

    def __init__(
        self,
        limit: int = 5,
        window: float = 15 * 60,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 100_000,
    ) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        # A key's entry expires `window` after its latest failure (the timer reads self.clock
        # at each use, so a test may swap the clock); the lock guards it across the threadpool.
        self.failures: TTLCache[str, list[float]] = TTLCache(
            maxsize=max_keys, ttl=window, timer=lambda: self.clock()
        )
        self.lock = threading.Lock()

    @staticmethod
    def keys(name: str, address: str) -> list[str]:
        """The counters an attempt counts against: its name (when given) and its address."""
        folded = name.strip().casefold()
        return ([f"name:{folded}"] if folded else []) + [f"address:{address}"]

    def wait(self, keys: list[str]) -> float:
        """Seconds before an attempt on these keys is heard again; 0 when it may go ahead."""
        moment = self.clock()
        with self.lock:
            waits = []
            for key in keys:
                recent = [t for t in self.failures.get(key, []) if moment - t < self.window]
                if len(recent) >= self.limit:
                    waits.append(recent[-self.limit] + self.window - moment)
        return max(waits, default=0.0)

    def failed(self, keys: list[str]) -> None:
        moment = self.clock()
        with self.lock:
            for key in keys:
                recent = [t for t in self.failures.get(key, []) if moment - t < self.window]
                self.failures[key] = [*recent, moment][-self.limit :]

    def succeeded(self, name: str) -> None:
        """A right password forgives the name's earlier typing mistakes (not the address's: one
        client signing into its own account must not reset its guesses at others')."""
        with self.lock:
            self.failures.pop(f"name:{name.strip().casefold()}", None)


def minutes(seconds: float) -> int:
    """Whole minutes, rounded up: how long to wait, as said to a person."""
    return max(1, math.ceil(seconds / 60))


# --- form problems -------------------------------------------------------------------------------


@dataclass
class Problems:
    """A refused form's problems: by form field, plus those that no field of the form shows."""

    by_field: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    summary: list[tuple[str | None, str]] = field(default_factory=list)

    def add(self, name: str | None, message: str) -> None:
        if name is not None:
            self.by_field[name].append(message)
        self.summary.append((name, message))

    def __bool__(self) -> bool:
        return bool(self.summary)

    def messages(self) -> dict[str, str]:
        return {name: " ".join(found) for name, found in self.by_field.items()}


def problems_of(
    errors: Iterable[RowError], fields: Iterable[str], aliases: Mapping[str, str] | None = None
) -> Problems:
    """RowErrors placed on the form's fields (`aliases` maps a loader's column to a field)."""
    known, aliases = set(fields), aliases or {}
    problems = Problems()
    for error in errors:
        name = aliases.get(error.field, error.field)
        problems.add(name if name in known else None, f"{error.field}: {error.reason}")
    return problems


def whole_number(form: FormData, name: str, problems: Problems, message: str) -> int | None:
    """A blank (None) or whole-number form field; anything else becomes a problem."""
    value = text(form, name).strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        problems.add(name, message)
        return None
