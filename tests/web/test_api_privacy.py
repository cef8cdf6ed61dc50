"""No public API response names a victim or a withheld source: every GET route is walked.

The routes come from the OpenAPI schema, so a route added later is walked too
(tests/web/apiwalk.py: every report's id, every value of an enumeration, every month).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from apiwalk import API, get_urls, leaked
from fastapi.testclient import TestClient
from sample import SECRETS, VICTIM_NAMES, WITNESS, WITNESS_DESCRIPTION
from sqlalchemy import Engine, select
from webtools import sign_in

from civcas.accounts import issue_token
from civcas.intake import load
from civcas.ledger.database import transaction
from civcas.ledger.models import User

# A monitor that asked not to be named, grading the witness's report (W-1) in August.
HIDDEN_MONITOR = "Quiet Monitor Network"


@pytest.fixture(autouse=True)
def close_the_apps_connections(client: TestClient) -> Iterator[None]:
    """The app's engine is not disposed when its client closes; left to the garbage collector,
    its pooled PostgreSQL connections raise ResourceWarning (an error here) in a later test."""
    yield
    client.app.state.engine.dispose()  # type: ignore[attr-defined]


def add_hidden_monitor(engine: Engine) -> None:
    with transaction(engine) as session:
        load(session, "sources", [{"name": HIDDEN_MONITOR, "type": "monitor", "public": False}])
        load(
            session,
            "gradings",
            [
                {
                    "report_external_id": "W-1",
                    "monitor": HIDDEN_MONITOR,
                    "grade": "fair",
                    "killed_min": 2,
                    "killed_max": 2,
                    "graded_at": "2017-08-20T00:00:00",
                }
            ],
        )
        # And a document that only the witness's report cites.
        load(
            session,
            "documents",
            [
                {
                    "report_external_id": "W-1",
                    "url": "https://example.org/street-video",
                    "archived_text": f"Filmed by {WITNESS}.",
                }
            ],
        )


def test_no_public_api_response_names_a_victim_or_a_withheld_source(
    client: TestClient, engine: Engine
) -> None:
    add_hidden_monitor(engine)
    urls = get_urls(client)
    # The walk reaches every kind of route: lists, files, one report, statements, tables.
    for expected in (
        f"{API}/reports",
        f"{API}/reports.csv",
        f"{API}/reports.geojson",
        f"{API}/strikes.geojson",
        f"{API}/sources",
        f"{API}/documents",
        f"{API}/victims",
        f"{API}/statement?month=2017-08&format=text",
        f"{API}/statement?month=2017-08&format=markdown",
        f"{API}/tallies?by=source&format=csv",
        f"{API}/statements?format=csv",
    ):
        assert expected in urls, expected
    # Each of the 5 reports, and its candidate strikes.
    assert sum(url.startswith(f"{API}/reports/") for url in urls) == 10

    secrets = [*SECRETS, HIDDEN_MONITOR, f"Filmed by {WITNESS}."]
    for url in urls:
        response = client.get(url)
        # Only the victims are closed to the public; everything else answers.
        expected_status = 401 if url.startswith(f"{API}/victims") else 200
        assert response.status_code == expected_status, (url, response.text[:300])
        assert not leaked(response.text, secrets), url
        assert not leaked(str(response.headers), secrets), url


def test_withheld_monitors_stay_withheld_in_register_and_statement(
    client: TestClient, engine: Engine
) -> None:
    add_hidden_monitor(engine)
    w1 = next(
        item
        for item in client.get(f"{API}/reports", params={"q": "W-1"}).json()["items"]
        if item["external_id"] == "W-1"
    )
    # The hidden monitor's grading (08-20) is W-1's latest, so it is the one the register shows.
    assert (w1["grade"], w1["monitor"]) == ("fair", "(withheld monitor source)")
    statement = client.get(f"{API}/statement", params={"month": "2017-08"}).json()
    names = [monitor["name"] for monitor in statement["monitors"]]
    # The statement is a publication: withheld monitors are withheld in it for everyone.
    assert names == ["(withheld monitor source)", "Airwars"]
    assert "monitor:(withheld monitor source)" in statement["provenance"]
    assert client.get(f"{API}/gradings", params={"monitor": HIDDEN_MONITOR}).json()["total"] == 0

    sign_in(client, "ana")
    w1 = client.get(f"{API}/reports", params={"q": "W-1"}).json()["items"][0]
    assert w1["monitor"] == HIDDEN_MONITOR
    assert client.get(f"{API}/gradings", params={"monitor": HIDDEN_MONITOR}).json()["total"] == 1


def test_a_signed_in_analyst_sees_the_names(client: TestClient, engine: Engine) -> None:
    sign_in(client, "ana")
    victims = client.get(f"{API}/victims")
    assert victims.status_code == 200
    assert sorted(v["name"] for v in victims.json()["items"]) == sorted(VICTIM_NAMES)
    sources = client.get(f"{API}/sources").text
    assert WITNESS in sources and WITNESS_DESCRIPTION in sources
    assert WITNESS in client.get(f"{API}/reports.csv").text

    # A script with the analyst's API token, without any cookie, sees the same.
    with transaction(engine) as session:
        user = session.scalars(select(User).where(User.name == "ana")).one()
        token = issue_token(session, user)
    client.cookies.clear()
    assert client.get(f"{API}/victims").status_code == 401
    by_token = client.get(f"{API}/victims", headers={"Authorization": f"Bearer {token}"})
    assert sorted(v["name"] for v in by_token.json()["items"]) == sorted(VICTIM_NAMES)
