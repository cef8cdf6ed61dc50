"""Writing through the API: API tokens only, the same rules as file imports.

The sample (tests/web/sample.py) has users ana (analyst: file, grade, reopen), rev (reviewer:
also decide) and adm (admin). Current states: RP-1 credible (4 killed), AI-1 duplicate of RP-1,
RP-2 not credible, W-1 reopened (open), RP-3 never decided (open).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from webtools import sign_in

from civcas.accounts import issue_token
from civcas.ledger.database import transaction
from civcas.ledger.models import User

API = "/api/v1"


@pytest.fixture(autouse=True)
def close_the_apps_connections(client: TestClient) -> Iterator[None]:
    """The app's engine is not disposed when its client closes; left to the garbage collector,
    its pooled PostgreSQL connections raise ResourceWarning (an error here) in a later test."""
    yield
    client.app.state.engine.dispose()  # type: ignore[attr-defined]


def token_for(engine: Engine, name: str) -> dict[str, str]:
    """Authorization headers with a fresh API token for the sample user `name`."""
    with transaction(engine) as session:
        user = session.scalars(select(User).where(User.name == name)).one()
        return {"Authorization": f"Bearer {issue_token(session, user)}"}


def ids(client: TestClient) -> dict[str, int]:
    items = client.get(f"{API}/reports", params={"per_page": 500}).json()["items"]
    return {item["external_id"]: item["id"] for item in items}


def register_entry(client: TestClient, external_id: str) -> dict[str, Any]:
    [item] = [
        item
        for item in client.get(f"{API}/reports", params={"q": external_id}).json()["items"]
        if item["external_id"] == external_id
    ]
    return item


NEW_REPORT = {
    "external_id": "NEW-1",
    "source": "Raqqa Post",
    "date_start": "2017-09-01",
    "place": "Deir ez-Zor",
    "country": "SYR",  # alpha-3 is accepted and stored as SY
    "latitude": 35.33,
    "longitude": 40.14,
    "killed_min": 2,
    "killed_max": 5,
    "received_at": "2017-09-02T09:00:00",
}


# Reports ---------------------------------------------------------------------------------------


def test_a_token_files_a_report_that_the_register_then_shows(
    client: TestClient, engine: Engine
) -> None:
    headers = token_for(engine, "ana")
    response = client.post(f"{API}/reports", json=NEW_REPORT, headers=headers)
    assert response.status_code == 201, response.text
    assert response.json() == {"kind": "reports", "added": 1, "unchanged": 0}

    entry = register_entry(client, "NEW-1")
    assert (entry["source"], entry["country"], entry["outcome"]) == ("Raqqa Post", "SY", "open")
    assert (entry["killed_min"], entry["killed_max"]) == (2, 5)
    # The newest event (09-01) now heads the register.
    assert client.get(f"{API}/reports").json()["items"][0]["external_id"] == "NEW-1"

    again = client.post(f"{API}/reports", json=NEW_REPORT, headers=headers)
    assert again.status_code == 201
    assert again.json() == {"kind": "reports", "added": 0, "unchanged": 1}


def test_a_list_of_reports_with_a_new_source(client: TestClient, engine: Engine) -> None:
    rows = [
        {**NEW_REPORT, "external_id": "NEW-2"},
        {
            "external_id": "MW-1",
            "source": "Mosul Watch",
            "source_type": "media",
            "date_start": "2017-07-20",
            "country": "IQ",
        },
    ]
    response = client.post(f"{API}/reports", json=rows, headers=token_for(engine, "rev"))
    assert response.status_code == 201, response.text
    assert response.json()["added"] == 2
    assert register_entry(client, "MW-1")["source"] == "Mosul Watch"
    assert client.get(f"{API}/reports").json()["total"] == 7  # the sample's 5 and these 2


def test_bad_reports_are_refused_whole_with_every_problem(
    client: TestClient, engine: Engine
) -> None:
    rows = [
        {**NEW_REPORT, "external_id": "OK-1"},
        {**NEW_REPORT, "external_id": "BAD-1", "killed_min": 9, "killed_max": 3},
        {**NEW_REPORT, "external_id": "BAD-2", "country": "Atlantis"},
    ]
    response = client.post(f"{API}/reports", json=rows, headers=token_for(engine, "ana"))
    assert response.status_code == 422
    body = response.json()
    problems = {(p["location"], p["field"]) for p in body["problems"]}
    assert problems == {("item 2", "killed_min"), ("item 3", "country")}
    assert "killed_min (9) is greater than killed_max (3)" in body["error"]
    assert client.get(f"{API}/reports").json()["total"] == 5  # OK-1 was not written either

    not_json = client.post(
        f"{API}/reports",
        content=b"external_id,source\n",
        headers={**token_for(engine, "ana"), "Content-Type": "text/csv"},
    )
    assert not_json.status_code == 422 and "error" in not_json.json()
    unknown = client.post(
        f"{API}/reports", json={**NEW_REPORT, "colour": "red"}, headers=token_for(engine, "ana")
    )
    assert unknown.status_code == 422
    assert unknown.json()["problems"][0]["field"] == "colour"


def test_writes_need_a_token_not_a_session(client: TestClient, engine: Engine) -> None:
    anonymous = client.post(f"{API}/reports", json=NEW_REPORT)
    assert anonymous.status_code == 401
    assert "API token" in anonymous.json()["error"]

    forged = client.post(
        f"{API}/reports", json=NEW_REPORT, headers={"Authorization": "Bearer forged"}
    )
    assert forged.status_code == 401 and "not valid" in forged.json()["error"]

    # A signed-in admin's browser session (what a cross-site form would ride on) cannot write.
    sign_in(client, "adm")
    assert client.get(f"{API}/victims").status_code == 200  # the session is valid for reading
    known = ids(client)
    for path, body in [
        ("reports", NEW_REPORT),
        (f"reports/{known['RP-3']}/assessments", {"outcome": "credible", "killed": 1}),
        (f"reports/{known['RP-3']}/gradings", {"monitor": "Airwars", "grade": "fair"}),
    ]:
        response = client.post(f"{API}/{path}", json=body)
        assert response.status_code == 401, path
        assert "signed-in browser sessions cannot write" in response.json()["error"]
    assert "NEW-1" not in ids(client)
    assert register_entry(client, "RP-3")["outcome"] == "open"
    assert register_entry(client, "RP-3")["grade"] is None


# Assessments -----------------------------------------------------------------------------------


def test_a_reviewer_closes_a_report_once(client: TestClient, engine: Engine) -> None:
    headers = token_for(engine, "rev")
    rp3 = ids(client)["RP-3"]
    closed = client.post(
        f"{API}/reports/{rp3}/assessments",
        json={"outcome": "credible", "killed": 1, "reason": "Strike confirmed"},
        headers=headers,
    )
    assert closed.status_code == 201, closed.text
    decision = closed.json()
    # The reason code defaults to the only one `credible` admits; the token's owner decided.
    assert (decision["outcome"], decision["reason_code"], decision["killed"]) == (
        "credible",
        "credible",
        1,
    )
    assert (decision["report"], decision["assessor"]) == (rp3, "rev")
    entry = register_entry(client, "RP-3")
    assert (entry["outcome"], entry["acknowledged_killed"]) == ("credible", 1)

    twice = client.post(
        f"{API}/reports/{rp3}/assessments",
        json={"outcome": "not_credible", "reason_code": "insufficient_evidence"},
        headers=headers,
    )
    assert twice.status_code == 422
    body = twice.json()
    assert body["problems"][0]["field"] == "outcome"
    assert "already assessed 'credible'" in body["error"] and "reopen it" in body["error"]
    assert register_entry(client, "RP-3")["outcome"] == "credible"

    # A credible report may be revised: another credible decision with other figures.
    revised = client.post(
        f"{API}/reports/{rp3}/assessments",
        json={"outcome": "credible", "killed": 2},
        headers=headers,
    )
    assert revised.status_code == 201
    assert register_entry(client, "RP-3")["acknowledged_killed"] == 2
    history = client.get(f"{API}/reports/{rp3}", headers=headers).json()["assessments"]
    assert [a["killed"] for a in history] == [1, 2]


def test_an_analyst_reopens_but_cannot_close(client: TestClient, engine: Engine) -> None:
    headers = token_for(engine, "ana")
    known = ids(client)
    close = client.post(
        f"{API}/reports/{known['RP-3']}/assessments",
        json={"outcome": "credible", "killed": 1},
        headers=headers,
    )
    assert close.status_code == 403
    assert close.json() == {
        "error": "your role (analyst) may not close an assessment (credible, not credible, "
        "duplicate) or revise one."
    }

    no_reason = client.post(
        f"{API}/reports/{known['RP-2']}/assessments", json={"outcome": "open"}, headers=headers
    )
    assert no_reason.status_code == 422
    assert no_reason.json()["problems"][0]["field"] == "reason"

    reopened = client.post(
        f"{API}/reports/{known['RP-2']}/assessments",
        json={"outcome": "open", "reason": "A new witness came forward"},
        headers=headers,
    )
    assert reopened.status_code == 201, reopened.text
    assert (reopened.json()["reason_code"], reopened.json()["assessor"]) == ("reopened", "ana")
    assert register_entry(client, "RP-2")["outcome"] == "open"

    # RP-3 was never closed: it cannot be reopened.
    open_already = client.post(
        f"{API}/reports/{known['RP-3']}/assessments",
        json={"outcome": "open", "reason": "again"},
        headers=headers,
    )
    assert open_already.status_code == 422
    assert "already open" in open_already.json()["error"]


def test_duplicates_name_a_report_by_id(client: TestClient, engine: Engine) -> None:
    headers = token_for(engine, "rev")
    known = ids(client)
    path = f"{API}/reports/{known['RP-3']}/assessments"
    missing = client.post(
        path, json={"outcome": "duplicate", "duplicate_of": 999999}, headers=headers
    )
    assert missing.status_code == 422
    assert missing.json()["problems"][0]["field"] == "duplicate_of"
    assert "no report with id 999999" in missing.json()["error"]

    itself = client.post(
        path, json={"outcome": "duplicate", "duplicate_of": known["RP-3"]}, headers=headers
    )
    assert itself.status_code == 422 and itself.json()["problems"][0]["field"] == "duplicate_of"

    # The witness's report is named by its source internally; the caller gives only its id.
    made = client.post(
        path, json={"outcome": "duplicate", "duplicate_of": known["W-1"]}, headers=headers
    )
    assert made.status_code == 201, made.text
    assert made.json()["duplicate_of"] == known["W-1"]
    assert register_entry(client, "RP-3")["outcome"] == "duplicate"


def test_decision_errors(client: TestClient, engine: Engine) -> None:
    headers = token_for(engine, "rev")
    known = ids(client)
    unknown = client.post(
        f"{API}/reports/999999/assessments",
        json={"outcome": "credible", "killed": 1},
        headers=headers,
    )
    assert unknown.status_code == 404
    assert unknown.json() == {"error": "there is no report with id 999999"}
    path = f"{API}/reports/{known['RP-3']}/assessments"
    future = client.post(
        path,
        json={"outcome": "credible", "killed": 1, "decided_at": "2999-01-01T00:00:00Z"},
        headers=headers,
    )
    assert future.status_code == 422 and future.json()["problems"][0]["field"] == "decided_at"
    # Decided before the report arrived (RP-3 was received 2017-08-02 08:00).
    early = client.post(
        path,
        json={"outcome": "credible", "killed": 1, "decided_at": "2017-08-02T07:00:00+00:00"},
        headers=headers,
    )
    assert early.status_code == 422 and "not after the report was received" in early.json()["error"]
    wrong_code = client.post(
        path, json={"outcome": "credible", "killed": 1, "reason_code": "other"}, headers=headers
    )
    assert wrong_code.status_code == 422
    assert wrong_code.json()["problems"][0]["field"] == "reason_code"
    bad_outcome = client.post(path, json={"outcome": "probably"}, headers=headers)
    assert bad_outcome.status_code == 422
    assert bad_outcome.json()["problems"][0]["field"] == "outcome"
    # A time with an offset is stored in UTC: 12:00+02:00 is 10:00.
    dated = client.post(
        path,
        json={"outcome": "credible", "killed": 0, "decided_at": "2017-09-01T12:00:00+02:00"},
        headers=headers,
    )
    assert dated.status_code == 201 and dated.json()["decided_at"] == "2017-09-01T10:00:00"


# Gradings --------------------------------------------------------------------------------------


def test_a_token_records_a_grading(client: TestClient, engine: Engine) -> None:
    headers = token_for(engine, "ana")
    rp3 = ids(client)["RP-3"]
    grading = {
        "monitor": "Airwars",
        "grade": "confirmed",
        "killed_min": 0,
        "killed_max": 2,
        "graded_at": "2017-08-10T00:00:00",
    }
    response = client.post(f"{API}/reports/{rp3}/gradings", json=grading, headers=headers)
    assert response.status_code == 201, response.text
    assert response.json() == {"kind": "gradings", "added": 1, "unchanged": 0}
    entry = register_entry(client, "RP-3")
    assert (entry["grade"], entry["monitor"], entry["monitor_killed_max"]) == (
        "confirmed",
        "Airwars",
        2,
    )
    again = client.post(f"{API}/reports/{rp3}/gradings", json=grading, headers=headers)
    assert again.json() == {"kind": "gradings", "added": 0, "unchanged": 1}

    backwards = client.post(
        f"{API}/reports/{rp3}/gradings",
        json={**grading, "killed_min": 3, "killed_max": 1, "graded_at": "2017-08-11T00:00:00"},
        headers=headers,
    )
    assert backwards.status_code == 422
    assert backwards.json()["problems"][0]["field"] == "killed_min"
    missing = client.post(f"{API}/reports/999999/gradings", json=grading, headers=headers)
    assert missing.status_code == 404
