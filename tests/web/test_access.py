"""Every route × every caller: who gets what, CSRF, forged, expired and signed-out sessions,
security headers, and the limit on failed sign-ins.

The routes come from the app itself (`app.routes`, every method), so a route added later fails
`test_every_route_is_in_the_table` until it is given its rule here. The API's GET routes are walked
with every URL `apiwalk.get_urls` makes of them (every report, every enumerated query);
the others with the ids of the sample's witness report (W-1) and of the report naming the
victims (RP-1).

What each caller may get is written out by hand below (ROLE_PERMISSIONS, GET_RULES, POST_RULES),
from the policy in civcas/vocab.py, not from the app's checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from apiwalk import get_urls, leaked
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from sample import PASSWORD, SECRETS
from sessioncookies import COOKIE, encode, session_of, signed
from sqlalchemy import Engine, func, select
from webtools import csrf, html, sign_in

from civcas.accounts import add_user, issue_token
from civcas.ledger.database import transaction
from civcas.ledger.models import Base, Report, User
from civcas.vocab import PERMISSIONS
from civcas.web.workspace_support import SignInLimit

MAX_AGE = 8 * 3600  # SessionMiddleware(max_age=...) in civcas/web/app.py

# --- the policy, by hand -------------------------------------------------------------------------

ROLE_PERMISSIONS = {
    "analyst": {"read_restricted", "file", "grade", "reopen"},
    "reviewer": {"read_restricted", "file", "grade", "reopen", "decide"},
    "admin": {"read_restricted", "file", "grade", "reopen", "decide", "manage_users"},
}
# GET routes: None = public; else the permission it needs.
GET_RULES: dict[str, str | None] = {
    "/api/openapi.json": None,
    "/api/docs": None,
    "/api/v1/reports": None,
    "/api/v1/reports.csv": None,
    "/api/v1/reports.geojson": None,
    "/api/v1/reports/{report_id}": None,
    "/api/v1/reports/{report_id}/candidates": None,
    "/api/v1/strikes": None,
    "/api/v1/strikes.csv": None,
    "/api/v1/strikes.geojson": None,
    "/api/v1/assessments": None,
    "/api/v1/gradings": None,
    "/api/v1/sources": None,
    "/api/v1/documents": None,
    "/api/v1/victims": "read_restricted",
    "/api/v1/statement": None,
    "/api/v1/statements": None,
    "/api/v1/tallies": None,
    "/workspace": "read_restricted",
    "/login": None,
    "/workspace/reports/new": "file",
    "/workspace/reports/{report_id}": "read_restricted",
    "/workspace/links/{kind}": "read_restricted",
    "/workspace/users": "manage_users",
    "/": None,
    "/methodology": None,
    "/dismissals": None,
    "/register": None,
    "/reports/{report_id}": None,
    "/map/allegations.geojson": None,
    "/map": None,
}
# POST routes: the permission each needs (None: anyone), and whether it is a workspace form
# (session + CSRF token) or an API write (Bearer token only).
POST_RULES: dict[str, tuple[str | None, str]] = {
    "/login": (None, "form"),
    "/logout": (None, "form"),
    "/workspace/reports/new": ("file", "form"),
    "/workspace/reports/{report_id}/assess": ("decide", "form"),
    "/workspace/reports/{report_id}/reopen": ("reopen", "form"),
    "/workspace/reports/{report_id}/grade": ("grade", "form"),
    "/workspace/links/{kind}": ("read_restricted", "form"),
    "/workspace/users": ("manage_users", "form"),
    "/workspace/users/{user_id}/token": ("manage_users", "form"),
    "/api/v1/reports": ("file", "api"),
    "/api/v1/reports/{report_id}/assessments": ("decide", "api"),
    "/api/v1/reports/{report_id}/gradings": ("grade", "api"),
}
# A granted form post answers with one of these (done, or refused for its content); a granted
# API write likewise. Never 401/403, nor a redirect to the sign-in form.
GRANTED_FORM = {200, 303, 400, 409, 422}
GRANTED_API = {200, 201, 400, 404, 409, 422}

# Valid bodies: a refusal must hold even when the request would otherwise succeed.
FORMS: dict[str, dict[str, str]] = {
    "/login": {"name": "", "password": ""},
    "/logout": {},
    "/workspace/reports/new": {
        "external_id": "WALK-1",
        "source": "Raqqa Post",
        "date_start": "2017-09-01",
        "place": "Deir ez-Zor",
        "country": "SY",
        "killed_min": "1",
        "killed_max": "2",
    },
    "/workspace/reports/{report_id}/assess": {"outcome": "credible", "killed": "2"},
    "/workspace/reports/{report_id}/reopen": {"reason": "New footage of the site"},
    "/workspace/reports/{report_id}/grade": {
        "monitor": "Airwars",
        "grade": "contested",
        "killed_min": "0",
        "killed_max": "2",
        "graded_at": "2017-08-20T12:30",
    },
    "/workspace/links/{kind}": {"left": "1", "right": "2", "verdict": "same"},
    "/workspace/users": {"name": "mallory", "role": "admin", "password": "long enough pw"},
    "/workspace/users/{user_id}/token": {},
}
BODIES: dict[str, Any] = {
    "/api/v1/reports": {
        "external_id": "WALK-2",
        "source": "Raqqa Post",
        "date_start": "2017-09-01",
        "place": "Deir ez-Zor",
        "country": "SY",
        "killed_min": 2,
        "killed_max": 5,
        "received_at": "2017-09-02T09:00:00",
    },
    "/api/v1/reports/{report_id}/assessments": {"outcome": "credible", "killed": 2},
    "/api/v1/reports/{report_id}/gradings": {
        "monitor": "Airwars",
        "grade": "fair",
        "killed_min": 1,
        "killed_max": 2,
        "graded_at": "2017-08-21T00:00:00",
    },
}
HEADERS = {
    "content-security-policy": "default-src 'self'",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "permissions-policy": "camera=()",
}


def test_the_hand_written_roles_are_the_policy() -> None:
    """If the policy changes, this table (and so every expectation below) is revisited."""
    assert {
        role.value: {p.value for p in permissions} for role, permissions in PERMISSIONS.items()
    } == ROLE_PERMISSIONS


def test_every_route_is_in_the_table(client: TestClient) -> None:
    routes = app_routes(client)
    gets = {path for method, path in routes if method == "GET"}
    posts = {path for method, path in routes if method == "POST"}
    assert gets == set(GET_RULES)
    assert posts == set(POST_RULES)
    assert {method for method, _ in routes} == {"GET", "HEAD", "POST", "MOUNT"}


def app_routes(client: TestClient) -> set[tuple[str, str]]:
    """(method, path) of every route of the app; a mount is ("MOUNT", its path)."""
    found = set()
    for route in iter_route_contexts(client.app.routes):  # type: ignore[attr-defined]
        methods = route.methods or {"MOUNT"}
        found |= {(method, str(route.path)) for method in methods}
    return found


# --- the callers ---------------------------------------------------------------------------------


@dataclass
class Caller:
    """Who is asking: a session cookie (real, forged, tampered, expired, or copied before its
    sign-out), an API token, or nothing; `role` is what the site must take it for (None: the
    public)."""

    label: str
    role: str | None
    cookie: str | None = None
    token: str | None = None
    csrf: str = ""  # the CSRF token the caller's session holds (or claims to)
    genuine: bool = True  # whether the cookie (if any) was signed by the site, and is in date
    seen: list[str] = field(default_factory=list, repr=False)
    calls: int = 0

    def may(self, permission: str | None) -> bool:
        return permission is None or (
            self.role is not None and permission in ROLE_PERMISSIONS[self.role]
        )


def user_ids(engine: Engine) -> dict[str, int]:
    with transaction(engine) as session:
        return dict(session.execute(select(User.name, User.id)).all())


def signed_in_cookie(client: TestClient, name: str) -> tuple[str, str]:
    """A real session of `name` holding a CSRF token: (cookie, token)."""
    client.cookies.clear()
    sign_in(client, name)
    token = csrf(client, "/workspace/reports/new")
    cookie = client.cookies[COOKIE]
    client.cookies.clear()
    return cookie, token


def callers(client: TestClient, engine: Engine) -> list[Caller]:
    ids = user_ids(engine)
    real = {name: signed_in_cookie(client, name) for name in ("ana", "rev", "adm")}
    adm_session = session_of(real["adm"][0])
    assert adm_session["user_id"] == ids["adm"] and adm_session["role"] == "admin"
    # ana's real cookie, its payload rewritten to claim adm's session, ana's signature kept.
    payload, stamp, signature = real["ana"][0].split(".")
    tampered = ".".join([encode(adm_session).decode(), stamp, signature])
    assert tampered != real["adm"][0] and payload != tampered.split(".")[0]
    with transaction(engine) as session:
        tokens = {
            name: issue_token(session, session.scalars(select(User).where(User.name == name)).one())
            for name in ("ana", "rev", "adm")
        }
    adm_csrf = adm_session["csrf_token"]
    forged = signed(adm_session, key="not-the-key")
    expired = signed(adm_session, age=MAX_AGE + 60)
    anonymous = {"csrf_token": "an-anonymous-sessions-token"}  # as GET /login makes
    # adm's cookie from another sign-in, copied before that session signed out: signed by the
    # site and in date, but its session is revoked on the server.
    copied, copied_csrf = signed_in_cookie(client, "adm")
    client.cookies.set(COOKIE, copied)
    signed_out = client.post("/logout", data={"csrf_token": copied_csrf}, follow_redirects=False)
    assert signed_out.status_code == 303
    client.cookies.clear()
    # What a holder of the signing key could make: adm's ids and role, but no server session.
    keyed = {"user_id": ids["adm"], "role": "admin", "csrf_token": "a-keyed-sessions-token"}
    return [
        Caller("public", None),
        Caller("anonymous session", None, signed(anonymous), csrf=anonymous["csrf_token"]),
        Caller("forged: admin, wrong key", None, forged, csrf=adm_csrf, genuine=False),
        Caller("tampered: ana's cookie saying admin", None, tampered, csrf=adm_csrf, genuine=False),
        Caller("expired: admin", None, expired, csrf=adm_csrf, genuine=False),
        Caller("signed out: admin's copied cookie", None, copied, csrf=copied_csrf),
        Caller("right key, no session: admin", None, signed(keyed), csrf=keyed["csrf_token"]),
        Caller("analyst", "analyst", real["ana"][0], csrf=real["ana"][1]),
        Caller("reviewer", "reviewer", real["rev"][0], csrf=real["rev"][1]),
        Caller("admin", "admin", real["adm"][0], csrf=real["adm"][1]),
        Caller("analyst token", "analyst", token=tokens["ana"]),
        Caller("reviewer token", "reviewer", token=tokens["rev"]),
        Caller("admin token", "admin", token=tokens["adm"]),
    ]


def test_the_forged_cookies_are_made_like_real_ones(client: TestClient, engine: Engine) -> None:
    """Controls for the walk: a real session re-signed by `signed` with the right key is taken
    (so a forged one is refused for its key, not for its form), and so is one just younger than
    max_age; the same session signed out is not."""
    cookie, token = signed_in_cookie(client, "adm")
    session = session_of(cookie)
    assert session["user_id"] == user_ids(engine)["adm"] and session["session_token"]
    for age in (0, MAX_AGE - 60):
        client.cookies.clear()
        client.cookies.set(COOKIE, signed(session, age=age))
        assert client.get("/workspace/users", follow_redirects=False).status_code == 200
    client.cookies.clear()
    client.cookies.set(COOKIE, cookie)
    assert client.post("/logout", data={"csrf_token": token}, follow_redirects=False).is_redirect
    client.cookies.clear()
    client.cookies.set(COOKIE, signed(session))
    assert sent_to_sign_in(client.get("/workspace/users", follow_redirects=False))
    client.app.state.engine.dispose()  # type: ignore[attr-defined]


# --- the walk ------------------------------------------------------------------------------------


def ledger(engine: Engine) -> dict[str, Any]:
    """Row counts of every table, and the users' stored secrets."""
    with transaction(engine) as session:
        state: dict[str, Any] = {
            table.name: session.scalar(select(func.count()).select_from(table))
            for table in Base.metadata.sorted_tables
        }
        state["users' secrets"] = sorted(
            session.execute(select(User.name, User.role, User.password_hash, User.token_hash))
        )
    return state


def concrete(path: str, values: dict[str, list[str]]) -> list[str]:
    paths = [path]
    for name, choices in values.items():
        paths = [p.replace("{" + name + "}", v) for p in paths for v in choices]
    assert "{" not in "".join(paths), f"give values for the parameters of {path}"
    return sorted(set(paths))


def matching(path: str, urls: list[str]) -> list[str]:
    """The URLs whose path is an instance of the route's pattern."""
    pattern = re.escape(path).replace(re.escape("{report_id}"), r"\d+")
    return [url for url in urls if re.fullmatch(pattern, url.split("?")[0])]


def shortest_per_path(urls: list[str]) -> list[str]:
    """One URL per distinct path (the one with the fewest query parameters): enough to see what
    a signed-in caller is let into; every variant is walked for the callers taken as the public,
    whom the leak check is for (and whose answers are mostly served from the public cache)."""
    shortest: dict[str, str] = {}
    for url in sorted(urls, key=len):
        shortest.setdefault(url.split("?")[0], url)
    return sorted(shortest.values())


def call(client: TestClient, caller: Caller, method: str, url: str, **extra: Any) -> Any:
    """One request as `caller`; every answer carries the security headers, and none tells a
    caller without the right to them the victims' or the witness's names."""
    client.cookies.clear()
    if caller.cookie is not None:
        client.cookies.set(COOKIE, caller.cookie)
    headers = {"Authorization": f"Bearer {caller.token}"} if caller.token else {}
    response = client.request(method, url, headers=headers, follow_redirects=False, **extra)
    client.cookies.clear()
    where = f"{caller.label}: {method} {url}"
    for name, expected in HEADERS.items():
        assert expected in response.headers.get(name, ""), (where, name, response.status_code)
    text = response.text + str(response.headers)
    if caller.role is None:
        assert not leaked(text, SECRETS), where
    caller.seen.append(text)
    caller.calls += 1
    return response


def sent_to_sign_in(response: Any) -> bool:
    location = response.headers.get("location", "")
    return response.status_code == 303 and location.startswith("/login?next=")


@pytest.fixture
def walk(client: TestClient, engine: Engine) -> Iterator[tuple[TestClient, dict[str, list[str]]]]:
    with transaction(engine) as session:
        add_user(session, "target", "analyst", PASSWORD)  # whose token admins renew in the walk
        reports = dict(session.execute(select(Report.external_id, Report.id)).all())
    values = {
        "report_id": [str(reports["W-1"]), str(reports["RP-1"])],
        "kind": ["reports", "victims"],
        "user_id": [str(user_ids(engine)["target"])],
    }
    # The walk posts blank sign-ins; the limit on failures is tested on its own below.
    client.app.state.sign_in_limit = SignInLimit(limit=10**6)  # type: ignore[attr-defined]
    yield client, values
    client.app.state.engine.dispose()  # type: ignore[attr-defined]


def test_every_route_for_every_caller(
    walk: tuple[TestClient, dict[str, list[str]]], engine: Engine
) -> None:
    client, values = walk
    who = callers(client, engine)
    api_urls = get_urls(client)
    for path, permission in GET_RULES.items():
        urls = matching(path, api_urls) if path.startswith("/api/v1") else concrete(path, values)
        assert urls, path
        for caller in who:
            for url in urls if caller.role is None else shortest_per_path(urls):
                response = call(client, caller, "GET", url)
                where = (caller.label, url, response.status_code, response.text[:200])
                if caller.may(permission):
                    assert response.status_code == 200, where
                elif caller.role is not None:
                    assert response.status_code == 403, where
                elif path.startswith("/api/"):
                    assert response.status_code == 401, where
                else:
                    assert sent_to_sign_in(response), where
    # HEAD of the schema, the static files, and errors: headers on every one, and no leak.
    for caller in who:
        for method, url, status in [
            ("HEAD", "/api/openapi.json", 200),
            ("GET", "/static/favicon.svg", 200),
            ("GET", "/static/no-such-file.css", 404),
            ("GET", "/no-such-page", 404),
            ("GET", "/api/v1/no-such-thing", 404),
            ("GET", "/api/v1/reports/999999", 404),
            ("GET", "/reports/999999", 404),
            ("GET", "/api/v1/reports?page=x", 422),
            ("DELETE", "/api/v1/reports", 405),
            ("PUT", "/workspace/users", 405),
        ]:
            assert call(client, caller, method, url).status_code == status, (caller.label, url)
        if caller.role is not None:
            missing = call(client, caller, "GET", "/workspace/reports/999999")
            assert missing.status_code == 404, caller.label
    # Signing out comes last: it ends the signed-in callers' sessions.
    for path, (permission, kind) in sorted(POST_RULES.items(), key=lambda r: r[0] == "/logout"):
        for url in concrete(path, values):
            posts(client, engine, who, path, url, permission, kind)
    # Each signed-in caller signed out: the cookie it still holds now gets the public view.
    for caller in who:
        if caller.cookie is not None and caller.role is not None:
            assert sent_to_sign_in(call(client, caller, "GET", "/workspace")), caller.label
            assert call(client, caller, "GET", "/api/v1/victims").status_code == 401, caller.label
    # The leak check can fail: those allowed to see the names were shown them.
    for caller in who:
        assert bool(leaked("".join(caller.seen), SECRETS)) is (caller.role is not None), caller
    total = sum(caller.calls for caller in who)
    print(f"{len(GET_RULES) + len(POST_RULES)} routes, {len(who)} callers, {total} requests")
    assert total > 1000


def posts(
    client: TestClient,
    engine: Engine,
    who: list[Caller],
    path: str,
    url: str,
    permission: str | None,
    kind: str,
) -> None:
    """Every caller posts `path`'s valid body to `url`, sent as `kind` says (a workspace form: the
    session and a CSRF token; an API write: JSON and a Bearer token): the refusals first, then a
    check that they wrote nothing, then the granted posts."""
    before = ledger(engine)
    for caller in who:
        for csrf_token, expected in refusals(caller, path, permission, kind):
            response = post(client, caller, path, url, kind, csrf_token)
            where = (caller.label, url, response.status_code, response.text[:300])
            if expected == "sign in":
                assert sent_to_sign_in(response), where
            else:
                assert response.status_code == expected, where
    # Nothing refused wrote anything (the granted posts come after this check).
    assert ledger(engine) == before, url
    for caller in who:
        if kind == "form":
            holds = caller.cookie is not None and caller.genuine
        else:
            holds = caller.token is not None
        if holds and caller.may(permission):
            response = post(client, caller, path, url, kind, caller.csrf)
            where = (caller.label, url, response.status_code, response.text[:300])
            assert response.status_code in (GRANTED_FORM if kind == "form" else GRANTED_API), where
            assert not sent_to_sign_in(response), where


def post(
    client: TestClient, caller: Caller, path: str, url: str, kind: str, csrf_token: str | None
) -> Any:
    """`caller` posts `path`'s valid body to `url`: a form (with `csrf_token`, if any), or JSON."""
    if kind == "api":
        return call(client, caller, "POST", url, json=BODIES[path])
    token = {} if csrf_token is None else {"csrf_token": csrf_token}
    return call(client, caller, "POST", url, data={**FORMS[path], **token})


def refusals(
    caller: Caller, path: str, permission: str | None, kind: str
) -> list[tuple[str | None, int | str]]:
    """The posts `caller` makes before the check that nothing was written: (the CSRF token sent,
    if any; the status expected, or "sign in")."""
    if kind == "api":
        if caller.token is None:
            return [(None, 401)]  # no API token: a session cookie, even a real one, cannot write
        return [] if caller.may(permission) else [(None, 403)]
    # Without a CSRF token, or with one that is not the session's: refused, for everyone.
    answers: list[tuple[str | None, int | str]] = [(None, 403), ("not-the-sessions-token", 403)]
    if caller.cookie is None:
        return answers  # no session, so no token of its own: the public, an API token's holder
    if caller.genuine and caller.role is not None and caller.may(permission):
        return answers  # granted: posted after the check that the refusals wrote nothing
    if caller.genuine and caller.role is None:
        # The public with a real session and its token: sent to sign in, or refused a sign-in.
        if permission is not None:
            return [*answers, (caller.csrf, "sign in")]
        return [*answers, (caller.csrf, {"/login": 400, "/logout": 303}[path])]
    # A forged, tampered or expired cookie (its session and its token are not taken), or a role
    # without the permission.
    return [*answers, (caller.csrf, 403)]


# --- targeted checks the walk also makes, spelled out --------------------------------------------


def test_an_analyst_cannot_reach_admin_pages_or_decide(client: TestClient, engine: Engine) -> None:
    sign_in(client, "ana")
    assert client.get("/workspace/users").status_code == 403
    with transaction(engine) as session:
        w1 = session.scalar(select(Report.id).where(Report.external_id == "W-1"))
    before = ledger(engine)
    token = csrf(client, "/workspace/reports/new")
    for url, form in [
        (f"/workspace/reports/{w1}/assess", {"outcome": "credible", "killed": "2"}),
        ("/workspace/users", {"name": "mallory", "role": "admin", "password": "long enough pw"}),
    ]:
        response = client.post(url, data={**form, "csrf_token": token}, follow_redirects=False)
        assert response.status_code == 403, url
    assert ledger(engine) == before
    client.app.state.engine.dispose()  # type: ignore[attr-defined]


# --- the limit on failed sign-ins ----------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def attempt(client: TestClient, name: str, password: str) -> Any:
    return client.post(
        "/login",
        data={"name": name, "password": password, "csrf_token": csrf(client)},
        follow_redirects=False,
    )


@pytest.fixture
def clock(client: TestClient) -> Iterator[Clock]:
    clock = Clock()
    client.app.state.sign_in_limit = SignInLimit(limit=5, window=15 * 60, clock=clock)  # type: ignore[attr-defined]
    yield clock
    client.app.state.engine.dispose()  # type: ignore[attr-defined]


def test_five_failed_sign_ins_lock_the_name_until_the_window_passes(
    client: TestClient, clock: Clock
) -> None:
    for _ in range(5):
        clock.now += 10
        assert attempt(client, "ana", "wrong password").status_code == 400
    clock.now += 10
    locked = attempt(client, "ana", PASSWORD)  # the right password, and still refused
    assert locked.status_code == 429
    for name, expected in HEADERS.items():
        assert expected in locked.headers[name]
    # The first failure (at 1010) leaves the window at 1910: 850 s from 1060, 15 minutes.
    assert locked.headers["retry-after"] == "850"
    shown = html(locked).select_one('[role="alert"]')
    assert shown is not None
    message = " ".join(shown.get_text().split())
    assert "Too many failed sign-ins" in message and "Try again in 15 minutes" in message
    assert client.get("/workspace", follow_redirects=False).status_code == 303  # not signed in

    # Another user from another address is not affected.
    with TestClient(client.app, client=("192.0.2.7", 40000)) as other:
        assert attempt(other, "rev", PASSWORD).status_code == 303
        # ana stays locked from there too: the limit is on the name as well as the address.
        assert attempt(other, "ana", PASSWORD).status_code == 429

    clock.now = 1010 + 15 * 60 - 1  # a second before the first failure leaves the window
    assert attempt(client, "ana", PASSWORD).status_code == 429
    clock.now = 1010 + 15 * 60
    assert attempt(client, "ana", PASSWORD).status_code == 303
    assert client.get("/workspace", follow_redirects=False).status_code == 200


def test_failures_from_one_address_lock_it_for_every_name(client: TestClient, clock: Clock) -> None:
    for name in ("u1", "u2", "u3", "u4", "u5"):
        assert attempt(client, name, "wrong password").status_code == 400
    # rev never failed, but this address did five times.
    assert attempt(client, "rev", PASSWORD).status_code == 429
    with TestClient(client.app, client=("192.0.2.8", 40000)) as other:
        assert attempt(other, "rev", PASSWORD).status_code == 303
    clock.now += 15 * 60
    assert attempt(client, "rev", PASSWORD).status_code == 303


def test_a_success_forgives_the_names_earlier_mistakes(client: TestClient, clock: Clock) -> None:
    for _ in range(4):
        assert attempt(client, "ana", "wrong password").status_code == 400
    assert attempt(client, "ana", PASSWORD).status_code == 303
    with TestClient(client.app, client=("192.0.2.9", 40000)) as other:
        # From a fresh address, ana's count starts again: four more mistakes are still heard.
        for _ in range(4):
            assert attempt(other, "ana", "wrong password").status_code == 400
        assert attempt(other, "ana", PASSWORD).status_code == 303
