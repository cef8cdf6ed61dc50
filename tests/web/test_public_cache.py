"""Public answers (API and pages) are kept until the ledger changes, and only public answers are
kept.

Keeping is observed from outside: a change made with raw SQL (which does not advance the ledger's
revision) stays unseen until a write through civcas advances it; then the change shows at once.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sample import WITNESS
from sqlalchemy import Engine, select, update
from webtools import csrf, html, sign_in

from civcas.accounts import issue_token
from civcas.intake import load
from civcas.ledger.database import transaction
from civcas.ledger.models import Report, User

REGISTER = "/api/v1/reports?country=SY"
REGISTER_PAGE = "/register?country=SY"


@pytest.fixture(autouse=True)
def close_the_apps_connections(client: TestClient) -> Iterator[None]:
    yield
    client.app.state.engine.dispose()  # type: ignore[attr-defined]


def places(client: TestClient, path: str = REGISTER, **headers: str) -> list[str]:
    response = client.get(path, headers=headers)
    assert response.status_code == 200, response.text
    return [item["place"] for item in response.json()["items"]]


def rename_behind_civcas(engine: Engine, old: str, new: str) -> None:
    with transaction(engine) as session:
        session.execute(update(Report).where(Report.place == old).values(place=new))


def file_a_report(engine: Engine) -> None:
    with transaction(engine) as session:
        load(
            session,
            "reports",
            [
                {
                    "external_id": "RP-9",
                    "source": "Raqqa Post",
                    "date_start": "2017-09-01",
                    "place": "Mayadin",
                    "country": "SY",
                }
            ],
        )


def test_an_answer_is_kept_until_a_write_advances_the_revision(
    client: TestClient, engine: Engine
) -> None:
    before = places(client)
    assert "Tabqa" in before
    rename_behind_civcas(engine, "Tabqa", "Al-Thawrah")
    assert places(client) == before  # kept: raw SQL does not advance the revision
    assert "Al-Thawrah" in places(client, REGISTER + "&page=1")  # another URL: computed afresh

    file_a_report(engine)
    after = places(client)
    assert "Mayadin" in after and "Al-Thawrah" in after and "Tabqa" not in after


def test_a_refused_or_repeated_import_keeps_the_answers(client: TestClient, engine: Engine) -> None:
    file_a_report(engine)
    before = places(client)
    rename_behind_civcas(engine, "Tabqa", "Al-Thawrah")
    file_a_report(engine)  # the same row again: nothing written
    with pytest.raises(Exception, match="nothing was imported"), transaction(engine) as session:
        load(session, "reports", [{"external_id": "RP-10", "source": "Nobody", "country": "SY"}])
    assert places(client) == before


def test_a_signed_in_answer_is_never_kept_for_the_public(
    client: TestClient, engine: Engine
) -> None:
    path = "/api/v1/reports?country=IQ"
    with transaction(engine) as session:
        analyst = session.scalars(select(User).where(User.name == "ana")).one()
        token = issue_token(session, analyst)

    def sources(**headers: str) -> list[str]:
        response = client.get(path, headers=headers)
        assert response.status_code == 200, response.text
        return [item["source"] for item in response.json()["items"]]

    assert sources(authorization=f"Bearer {token}") == [WITNESS]
    assert WITNESS not in sources()
    sign_in(client, "ana")
    assert sources() == [WITNESS]
    client.cookies.clear()  # signed out
    assert WITNESS not in sources()


def test_signed_in_users_always_get_a_fresh_answer(client: TestClient, engine: Engine) -> None:
    sign_in(client, "ana")
    assert "Tabqa" in places(client)
    rename_behind_civcas(engine, "Tabqa", "Al-Thawrah")
    assert "Al-Thawrah" in places(client)


def page_text(client: TestClient, path: str = REGISTER_PAGE) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.text
    return response.text


def test_an_anonymous_page_is_kept_until_a_write_advances_the_revision(
    client: TestClient, engine: Engine
) -> None:
    assert "Tabqa" in page_text(client)
    rename_behind_civcas(engine, "Tabqa", "Al-Thawrah")
    kept = page_text(client)
    assert "Tabqa" in kept and "Al-Thawrah" not in kept
    assert "Al-Thawrah" in page_text(client, REGISTER_PAGE + "&page=1")  # another URL

    file_a_report(engine)
    after = page_text(client)
    assert "Al-Thawrah" in after and "Tabqa" not in after


def test_a_page_is_kept_apart_for_each_language(client: TestClient) -> None:
    assert html(client.get("/methodology")).html["lang"] == "en"  # type: ignore[index]
    client.cookies.set("lang", "ar")
    assert html(client.get("/methodology")).html["lang"] == "ar"  # type: ignore[index]
    client.cookies.delete("lang")
    assert html(client.get("/methodology")).html["lang"] == "en"  # type: ignore[index]


def test_a_page_with_a_form_is_never_kept(client: TestClient, engine: Engine) -> None:
    """The sign-in form carries the visitor's own CSRF token: kept, it would hand one visitor's
    token to the next, whose session does not hold it."""
    first = csrf(client)
    other = TestClient(client.app)
    second = csrf(other)
    assert first != second
    response = other.post(
        "/login",
        data={"name": "ana", "password": "wrong password", "csrf_token": second},
        follow_redirects=False,
    )
    assert response.status_code != 403, response.text  # the token was the other's own


def test_signed_in_users_always_get_a_fresh_page(client: TestClient, engine: Engine) -> None:
    assert "Tabqa" in page_text(client)  # kept for the public
    sign_in(client, "ana")
    rename_behind_civcas(engine, "Tabqa", "Al-Thawrah")
    assert "Al-Thawrah" in page_text(client)
