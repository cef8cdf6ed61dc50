"""No lost updates: a decision or grading is saved only onto the report version its author saw;
the later of two saves gets 409 with the other's change (sample ledger: tests/sample.py, where
RP-3 and W-1 are open). The concurrent test runs `civcas serve` and fires two requests at once.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from backends import Recipe
from fastapi.testclient import TestClient
from sample import SAMPLE
from serving import serving
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner
from webtools import csrf, html, sign_in

from civcas.accounts import issue_token
from civcas.cli import app
from civcas.ledger.database import transaction
from civcas.ledger.models import Assessment, Grading, Report, Source, User

API = "/api/v1"
NOT_CREDIBLE = {"outcome": "not_credible", "reason_code": "no_strikes_in_area"}
CREDIBLE = {"outcome": "credible", "killed": 2}


def report_id(engine: Engine, external_id: str) -> int:
    with transaction(engine) as session:
        found = session.scalar(select(Report.id).where(Report.external_id == external_id))
        assert found is not None
        return found


def decisions_on(engine: Engine, report: int) -> int:
    with transaction(engine) as session:
        query = select(func.count()).where(Assessment.report_id == report)
        return int(session.scalar(query) or 0)


def tokens(engine: Engine, *names: str) -> dict[str, dict[str, str]]:
    with transaction(engine) as session:
        users = session.scalars(select(User).where(User.name.in_(names)))
        return {u.name: {"Authorization": f"Bearer {issue_token(session, u)}"} for u in users}


@pytest.fixture
def ledger_recipe() -> Recipe:
    """Every test here starts from a copy of the sample ledger (tests/sample.py)."""
    return SAMPLE


@pytest.fixture
def served(engine: Engine, database_url: str) -> Iterator[str]:
    """`civcas serve` over the sample ledger, on this test's backend."""
    with serving(database_url, "conflict-tests") as base:
        yield base


def call(method: str, url: str, body: object = None, headers: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    """(status, JSON body) of one HTTP request to the live server."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read())


Save = tuple[str, dict[str, object], dict[str, str]]  # URL, body, headers


def race(saves: dict[str, Save]) -> dict[str, Any]:
    """Each save posted by its own thread, all released at the same instant."""
    start, answers = threading.Barrier(len(saves)), {}

    def save(name: str) -> None:
        url, body, headers = saves[name]
        start.wait()
        answers[name] = call("POST", url, body, headers)

    threads = [threading.Thread(target=save, args=(name,)) for name in saves]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_two_saves_at_once_one_lands_the_other_gets_409(served: str, engine: Engine) -> None:
    headers = tokens(engine, "rev", "adm")
    for external_id in ("RP-3", "W-1"):
        report = report_id(engine, external_id)
        before = decisions_on(engine, report)
        version = call("GET", f"{served}{API}/reports/{report}")[1]["version"]
        url = f"{served}{API}/reports/{report}/assessments"
        answers = race(
            {
                "rev": (url, {**CREDIBLE, "version": version}, headers["rev"]),
                "adm": (url, {**NOT_CREDIBLE, "version": version}, headers["adm"]),
            }
        )
        assert sorted(status for status, _ in answers.values()) == [201, 409], answers
        winner = next(name for name, (status, _) in answers.items() if status == 201)
        loser = answers["adm" if winner == "rev" else "rev"][1]["error"]
        outcome = "credible" if winner == "rev" else "not_credible"
        assert f"changed after version {version}" in loser
        assert f"user:{winner}" in loser and f"outcome {outcome}" in loser
        assert decisions_on(engine, report) == before + 1


def test_two_gradings_naming_one_new_monitor_at_once_both_land(served: str, engine: Engine) -> None:
    """The first grading by a monitor not yet in the ledger creates its source: two at once on
    two reports must not both create it (a unique violation on PostgreSQL) nor create it twice."""
    headers = tokens(engine, "rev", "adm")
    urls = {name: f"{served}{API}/reports/{report_id(engine, ext)}/gradings"
            for name, ext in (("rev", "RP-3"), ("adm", "W-1"))}  # fmt: skip
    for attempt in range(5):
        monitor = f"New Monitor {attempt}"
        grading = {"monitor": monitor, "grade": "fair"}
        answers = race({name: (urls[name], grading, headers[name]) for name in urls})
        assert [status for status, _ in answers.values()] == [201, 201], answers
        print(attempt, answers)
        with transaction(engine) as session:
            assert session.scalar(select(func.count()).where(Source.name == monitor)) == 1
            graded = select(func.count()).select_from(Grading).join(Source, Grading.monitor)
            assert session.scalar(graded.where(Source.name == monitor)) == 2


def test_a_stale_version_is_refused_with_the_change_then_a_fresh_one_saves(
    client: TestClient, engine: Engine
) -> None:
    headers = tokens(engine, "rev")["rev"]
    report = report_id(engine, "RP-3")
    seen = client.get(f"{API}/reports/{report}").json()["version"]
    graded = client.post(
        f"{API}/reports/{report}/gradings",
        json={"monitor": "Airwars", "grade": "fair", "version": seen},
        headers=headers,
    )
    assert graded.status_code == 201, graded.text
    stale = client.post(
        f"{API}/reports/{report}/assessments", json={**CREDIBLE, "version": seen}, headers=headers
    )
    assert stale.status_code == 409
    assert "user:rev" in stale.json()["error"] and "grade fair" in stale.json()["error"]
    assert decisions_on(engine, report) == 0
    fresh = client.get(f"{API}/reports/{report}").json()["version"]
    assert fresh > seen
    saved = client.post(
        f"{API}/reports/{report}/assessments", json={**CREDIBLE, "version": fresh}, headers=headers
    )
    assert saved.status_code == 201 and decisions_on(engine, report) == 1
    unchecked = client.post(  # without a version: no check, as before
        f"{API}/reports/{report}/gradings",
        json={"monitor": "Airwars", "grade": "weak"},
        headers=headers,
    )
    assert unchecked.status_code == 201


def test_the_workspace_form_shows_the_other_analysts_change(
    client: TestClient, engine: Engine
) -> None:
    report = report_id(engine, "RP-3")
    sign_in(client, "rev")
    page = html(client.get(f"/workspace/reports/{report}"))
    form = page.find("form", attrs={"action": f"/workspace/reports/{report}/assess"})
    assert form is not None
    version = form.find("input", attrs={"name": "version"})["value"]  # type: ignore[index, union-attr]
    headers = tokens(engine, "adm")["adm"]
    other = client.post(
        f"{API}/reports/{report}/assessments", json=NOT_CREDIBLE, headers=headers
    )  # the other analyst, meanwhile
    assert other.status_code == 201
    mine = client.post(
        f"/workspace/reports/{report}/assess",
        data={**CREDIBLE, "reason_code": "", "version": version, "csrf_token": csrf(client)},
        follow_redirects=False,
    )
    assert mine.status_code == 409
    text = " ".join(html(mine).get_text(" ").split())
    assert "user:adm" in text and "outcome not_credible" in text
    assert decisions_on(engine, report) == 1  # only theirs


def test_the_command_line_refuses_a_stale_version(
    client: TestClient, engine: Engine, database_url: str
) -> None:
    report = report_id(engine, "RP-3")
    seen = client.get(f"{API}/reports/{report}").json()["version"]
    runner = CliRunner()
    first = ["--db", database_url, "--actor", "omar", "assess", "RP-3", "--outcome", "credible",
             "--killed", "2"]  # fmt: skip
    assert runner.invoke(app, [*first, "--seen-version", str(seen)]).exit_code == 0
    second = ["--db", database_url, "assess", "RP-3", "--outcome", "credible", "--killed", "3"]
    refused = runner.invoke(app, [*second, "--seen-version", str(seen)])
    flat = " ".join(refused.output.split())
    assert refused.exit_code == 1
    assert f"report {report} changed after version {seen}" in flat and "omar" in flat
    assert decisions_on(engine, report) == 1
