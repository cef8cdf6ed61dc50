"""Hostile input: the short form of `make fuzz` (tests/fuzzing.py), and one plain request for
each server error the fuzzer found, now refused with a 4xx naming the field.

The server errors it found were all numbers too large for the database: report ids, pages,
limits and versions past 64 bits reached a query and crashed it (SQLite: "Python int too large
to convert to SQLite INTEGER"), answering 500. They are now bounded by their columns.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from backends import BACKENDS, postgres_schema
from fastapi.testclient import TestClient
from fuzzing import fuzz, report, sample_ledger

from civcas.web.app import create_app

API = "/api/v1"
HUGE = 2**70  # more than any database integer holds
INTEGER_MAX = "less than or equal to 2147483647"


def test_generated_requests_get_no_server_error(tmp_path: Path) -> None:
    """A few valid and invalid requests per operation, anonymous and with each role's token."""
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    tokens = sample_ledger(url)
    app = create_app(url, secret_key="fuzz")
    try:
        tally = fuzz(app, tokens, examples=3)
    finally:
        app.state.engine.dispose()
    assert len(tally.requests) == 19, report(tally)  # every operation of the API
    assert tally.total >= 19 * 2 * 2, report(tally)
    assert not tally.server_errors, report(tally)


# The server errors found, one request each ---------------------------------------------------


@pytest.fixture(scope="module", params=BACKENDS)
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[TestClient, dict[str, dict[str, str]]]]:
    """One sample site for the module (SQLite and PostgreSQL), and each user's token headers:
    these requests are all refused, so they cannot change what the next one sees."""
    with ExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'ledger.db'}"
        else:
            url = stack.enter_context(postgres_schema())
        tokens = sample_ledger(url)
        app = create_app(url, secret_key="test-secret")
        with TestClient(app) as client:
            yield client, {name: {"Authorization": f"Bearer {t}"} for name, t in tokens.items()}
        app.state.engine.dispose()


@pytest.fixture
def api(site: tuple[TestClient, dict[str, dict[str, str]]]) -> TestClient:
    return site[0]


@pytest.fixture
def tokens(site: tuple[TestClient, dict[str, dict[str, str]]]) -> dict[str, dict[str, str]]:
    return site[1]


def refused(response, field: str, status: int = 422) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    message = response.json()["error"]
    assert message.startswith(f"{field}: "), message
    assert INTEGER_MAX in message, message


@pytest.mark.parametrize(
    "path",
    ["/reports", "/strikes", "/assessments", "/gradings", "/sources", "/documents", "/victims"],
)
def test_a_page_past_any_offset_is_refused(
    api: TestClient, tokens: dict[str, dict[str, str]], path: str
) -> None:
    headers = tokens["ana"]  # /victims needs a reader; the others ignore it
    refused(api.get(f"{API}{path}", params={"page": HUGE}, headers=headers), "page")


def test_a_page_past_any_offset_of_candidates_is_refused(api: TestClient) -> None:
    refused(api.get(f"{API}/reports/1/candidates", params={"page": HUGE}), "page")


@pytest.mark.parametrize("path", ["/reports/{}", "/reports/{}/candidates"])
def test_a_report_id_past_any_id_is_refused(api: TestClient, path: str) -> None:
    refused(api.get(API + path.format(HUGE)), "report_id")


@pytest.mark.parametrize("path", ["/assessments", "/gradings", "/documents", "/victims"])
def test_a_report_filter_past_any_id_is_refused(
    api: TestClient, tokens: dict[str, dict[str, str]], path: str
) -> None:
    headers = tokens["ana"]
    refused(api.get(f"{API}{path}", params={"report": HUGE}, headers=headers), "report")


@pytest.mark.parametrize("path", ["/strikes.csv", "/strikes.geojson"])
def test_a_limit_past_any_count_is_refused(api: TestClient, path: str) -> None:
    refused(api.get(f"{API}{path}", params={"limit": HUGE}), "limit")


@pytest.mark.parametrize(
    "path", ["/reports/{}/assessments", "/reports/{}/gradings"], ids=["decide", "grade"]
)
def test_writing_to_a_report_id_past_any_id_is_refused(
    api: TestClient, tokens: dict[str, dict[str, str]], path: str
) -> None:
    body = {"outcome": "credible"} if "assessments" in path else {"monitor": "A", "grade": "fair"}
    response = api.post(API + path.format(HUGE), json=body, headers=tokens["rev"])
    refused(response, "report_id")


@pytest.mark.parametrize("field", ["duplicate_of", "version"])
def test_a_decision_with_a_number_past_its_column_is_refused(
    api: TestClient, tokens: dict[str, dict[str, str]], field: str
) -> None:
    body = {"outcome": "credible", field: HUGE}
    response = api.post(f"{API}/reports/5/assessments", json=body, headers=tokens["rev"])
    assert response.status_code == 422, response.text
    message = response.json()["error"]
    assert message.startswith(f"{field}: "), message
    assert "less than or equal to" in message, message


def test_a_grading_with_a_version_past_its_column_is_refused(
    api: TestClient, tokens: dict[str, dict[str, str]]
) -> None:
    body = {"monitor": "Airwars", "grade": "fair", "version": HUGE}
    response = api.post(f"{API}/reports/1/gradings", json=body, headers=tokens["ana"])
    assert response.status_code == 422, response.text
    message = response.json()["error"]
    assert message.startswith("version: "), message
    assert "less than or equal to 9223372036854775807" in message, message


@pytest.mark.parametrize("path", ["/reports", "/reports.csv", "/reports.geojson"])
def test_the_first_day_of_the_calendar_is_a_date_like_any_other(api: TestClient, path: str) -> None:
    """`date_from=0001-01-01` overflowed the register's index bound (a year earlier): a 500.
    It is a valid date, so it now filters nothing out rather than being refused."""
    every = api.get(f"{API}{path}")
    response = api.get(f"{API}{path}", params={"date_from": "0001-01-01"})
    assert response.status_code == 200, response.text
    assert response.content == every.content
