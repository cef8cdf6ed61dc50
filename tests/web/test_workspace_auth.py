"""Signing in and out, the session, CSRF on every form, and who may open which workspace page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sample import PASSWORD
from sqlalchemy import Engine, select
from webtools import alert, csrf, html, ledger_state, report_id, sign_in

from civcas.ledger.database import transaction
from civcas.ledger.models import User


@pytest.fixture
def client(client: TestClient) -> Iterator[TestClient]:
    """The sample site's client, with the workspace's clock fixed at NOW (2017-09-01 08:00 UTC,
    after every sample decision); the app's database connections are closed afterwards."""
    client.app.state.clock = lambda: NOW  # type: ignore[attr-defined]
    yield client
    client.app.state.engine.dispose()  # type: ignore[attr-defined]


NOW = dt.datetime(2017, 9, 1, 8, 0)
PAGES = ["/workspace", "/workspace/reports/new", "/workspace/reports/1", "/workspace/users"]


def test_sign_in_opens_the_workspace(client: TestClient) -> None:
    assert client.get("/workspace", follow_redirects=False).status_code == 303
    token = csrf(client)
    response = client.post(
        "/login",
        data={"name": "ana", "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert (response.status_code, response.headers["location"]) == (303, "/workspace")
    page = html(client.get("/workspace"))
    assert "Signed in as ana (analyst)" in page.get_text()
    assert page.find("form", action="/logout") is not None  # the sign-out button


def test_wrong_password_and_unknown_name_get_one_answer(client: TestClient) -> None:
    """A stranger learns nothing about which names exist: same status, same words."""
    answers = []
    for name, password in [("ana", "not the password"), ("nobody", PASSWORD), ("", "")]:
        response = client.post(
            "/login", data={"name": name, "password": password, "csrf_token": csrf(client)}
        )
        assert response.status_code == 400
        answers.append(alert(response))
        assert client.get("/workspace", follow_redirects=False).status_code == 303
    assert answers[0] == answers[1] == answers[2]
    assert "ana" not in answers[0] and "nobody" not in answers[0]
    # the form comes back with the name kept, the password never, the fields marked
    page = html(
        client.post("/login", data={"name": "ana", "password": "x", "csrf_token": csrf(client)})
    )
    assert page.find("input", attrs={"name": "name"})["value"] == "ana"
    assert not page.find("input", attrs={"name": "password"}).get("value")
    assert page.find(id="login-password")["aria-invalid"] == "true"


def test_sign_out(client: TestClient) -> None:
    sign_in(client, "rev")
    token = csrf(client, "/workspace")
    response = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/")
    assert client.get("/workspace", follow_redirects=False).status_code == 303


def test_sign_in_rotates_the_session(client: TestClient) -> None:
    """What the session held before sign-in (its CSRF token) is gone after it."""
    before = csrf(client)
    sign_in(client, "ana")
    after = csrf(client, "/workspace")
    assert before != after
    stale = client.post("/logout", data={"csrf_token": before}, follow_redirects=False)
    assert stale.status_code == 403
    assert client.get("/workspace", follow_redirects=False).status_code == 200  # still signed in


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client: TestClient, path: str) -> None:
    response = client.get(path, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/login?next={path}"


def test_sign_in_returns_to_the_page_asked_for(client: TestClient, engine: Engine) -> None:
    target = f"/workspace/reports/{report_id(engine, 'RP-3')}"
    login = client.get(client.get(target, follow_redirects=False).headers["location"])
    assert html(login).find("input", attrs={"name": "next"})["value"] == target
    response = client.post(
        "/login",
        data={"name": "ana", "password": PASSWORD, "next": target, "csrf_token": csrf(client)},
        follow_redirects=False,
    )
    assert response.headers["location"] == target


def test_sign_in_never_redirects_off_the_site(client: TestClient) -> None:
    for elsewhere in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        response = client.post(
            "/login",
            data={
                "name": "ana",
                "password": PASSWORD,
                "next": elsewhere,
                "csrf_token": csrf(client),
            },
            follow_redirects=False,
        )
        assert response.headers["location"] == "/workspace"


def post_routes(engine: Engine) -> list[tuple[str, dict[str, str]]]:
    """Every POST of the workspace, with data that would be accepted given the right token."""
    w1, rp2, rp3 = (report_id(engine, name) for name in ("W-1", "RP-2", "RP-3"))
    with transaction(engine) as session:
        ana = session.scalar(select(User.id).where(User.name == "ana"))
    return [
        ("/logout", {}),
        (
            "/workspace/reports/new",
            {"source": "Raqqa Post", "external_id": "RP-9", "date_start": "2017-08-20"}
            | {"country": "SY"},
        ),
        (f"/workspace/reports/{w1}/assess", {"outcome": "credible", "killed": "2"}),
        (f"/workspace/reports/{rp2}/reopen", {"reason": "A new video"}),
        (
            f"/workspace/reports/{rp3}/grade",
            {"monitor": "Airwars", "grade": "weak", "graded_at": "2017-08-20T12:00"},
        ),
        ("/workspace/users", {"name": "nadia", "role": "analyst", "password": "long enough pw"}),
        (f"/workspace/users/{ana}/token", {}),
    ]


@pytest.mark.parametrize("token", [None, "", "forged-token"])
def test_every_post_needs_the_csrf_token(client: TestClient, engine: Engine, token: Any) -> None:
    sign_in(client, "adm")
    before = ledger_state(engine)
    for path, data in post_routes(engine):
        sent = data if token is None else data | {"csrf_token": token}
        response = client.post(path, data=sent, follow_redirects=False)
        assert response.status_code == 403, path
        assert "did not come from this site" in alert(response)
    assert ledger_state(engine) == before
    assert client.get("/workspace", follow_redirects=False).status_code == 200  # not signed out
    forged = client.post(
        "/login",
        data={"name": "ana", "password": PASSWORD, "csrf_token": "forged"},
        follow_redirects=False,
    )
    assert forged.status_code == 403


def test_the_same_posts_with_the_token_do_write(client: TestClient, engine: Engine) -> None:
    """The counterpart of the test above: the data was good, only the token was missing."""
    sign_in(client, "adm")
    before = ledger_state(engine)
    for path, data in post_routes(engine)[1:]:
        token = csrf(client, "/workspace/users")
        response = client.post(path, data=data | {"csrf_token": token}, follow_redirects=False)
        assert response.status_code in (200, 303), (path, response.text[:500])
    after = ledger_state(engine)
    assert after["Report"] == before["Report"] + 1
    assert after["Assessment"] == before["Assessment"] + 2  # W-1 closed, RP-2 reopened
    assert after["Grading"] == before["Grading"] + 1
    assert after["User"] == before["User"] + 1
    assert after["secrets"] != before["secrets"]  # ana's new token hash


def test_anonymous_posts_with_a_token_still_need_sign_in(
    client: TestClient, engine: Engine
) -> None:
    before = ledger_state(engine)
    for path, data in post_routes(engine)[1:]:
        response = client.post(
            path, data=data | {"csrf_token": csrf(client)}, follow_redirects=False
        )
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/login")
    assert ledger_state(engine) == before
