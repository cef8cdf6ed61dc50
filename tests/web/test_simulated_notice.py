"""The demo speaks for no real organisation: every page of a simulated ledger says the data are
simulated, in English and Arabic, and its API answers say so; a real ledger's do not.

The demo is loaded once for the module, as `make run` loads it (`civcas demo` on SQLite).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import pytest
from backends import DEMO, Templates
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sample import PASSWORD
from sqlalchemy import Engine, select
from typer.testing import CliRunner
from typer.testing import Result as CliResult
from webtools import html, sign_in

from civcas.accounts import add_user
from civcas.cli import app
from civcas.ledger.database import open_engine, transaction
from civcas.ledger.models import Report, Source
from civcas.web.app import create_app

API = "/api/v1"
SEED = {"killed_cumulative": 1059, "credible": 16, "duplicate": 3, "non_credible": 106,
        "still_open": 234, "strikes_total": 29826}  # fmt: skip
TITLES = {"en": "Simulated data", "ar": "بيانات محاكاة"}
# Words of the notice itself, in each language, so a notice left untranslated is caught.
SAYS = {"en": "describe no real events", "ar": "لا تصف أي أحداث حقيقية"}


@pytest.fixture(scope="module")
def demo_url(templates: Templates, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A copy of the session's demo ledger (`civcas demo` on SQLite, as `make run` loads it),
    with a reviewer to sign in as."""
    with templates.copy("sqlite", DEMO, tmp_path_factory.mktemp("simulated")) as url:
        engine = open_engine(url)
        with transaction(engine) as session:
            add_user(session, "amal", "reviewer", PASSWORD)
        engine.dispose()
        yield url


@pytest.fixture(scope="module")
def demo_client(demo_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(demo_url, secret_key="test-secret")) as client:
        yield client


def cli(*args: str) -> CliResult:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


def test_the_commands_say_it_too(demo_url: str) -> None:
    """`make run` prints the June 2018 statement: simulated, and still the seed's figures."""
    june = ("--db", demo_url, "statement", "--month", "2018-06")
    figures = json.loads(cli(*june, "--format", "json").stdout)
    assert figures["simulated"] is True
    assert {key: figures[key] for key in SEED} == SEED
    text = cli(*june).stdout
    assert text.startswith("Simulated data: ") and "at least 1,059 civilians" in text
    arabic = cli(*june, "--language", "ar").stdout
    assert arabic.startswith("بيانات محاكاة: ") and "التحالف" in arabic
    assert "1,059" in arabic and "Coalition" not in arabic
    table = cli("--db", demo_url, "tally", "--by", "outcome").stdout
    assert table.startswith("Simulated data: ")
    csv_result = cli("--db", demo_url, "tally", "--by", "outcome", "--format", "csv")
    assert csv_result.stdout.startswith("outcome,") and "Simulated data" in csv_result.stderr
    checked = cli("--db", demo_url, "check-dismissals", "--format", "json")
    assert json.loads(checked.stdout) and "Simulated data" in checked.stderr


def public_pages(client: TestClient) -> list[str]:
    """Every kind of public page: dashboard, register (first and a later page, filtered), an
    allegation of each kind of source, map, methodology, sign-in, and a page that is not there."""
    reports = client.get(f"{API}/reports", params={"per_page": 500}).json()["items"]
    one_per_source_type = {item["source_type"]: item["id"] for item in reports}
    return [
        "/",
        "/register",
        "/register?page=2",
        "/register?outcome=credible&country=IQ",
        *(f"/reports/{report_id}" for report_id in one_per_source_type.values()),
        "/map",
        "/methodology",
        "/login",
        "/no-such-page",
    ]


def notice(page: BeautifulSoup) -> dict[str, str]:
    """The simulated-data notice, by language: exactly one, first in the main content."""
    found = page.select("[data-simulated]")
    assert len(found) == 1, len(found)
    main = page.find("main")
    assert main is not None and main.find(True) is found[0], "the notice opens the main content"
    return {p["lang"]: " ".join(p.get_text().split()) for p in found[0].find_all("p")}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_public_page_of_the_demo_says_it_is_simulated(
    demo_client: TestClient, language: str
) -> None:
    pages = public_pages(demo_client)
    assert len(pages) >= 12  # every source type of the demo has an allegation page
    for path in pages:
        response = demo_client.get(path, params={"lang": language})
        assert response.status_code == (404 if path == "/no-such-page" else 200), path
        texts = notice(html(response))
        assert list(texts) == [language, *(code for code in TITLES if code != language)], path
        for code, text in texts.items():
            assert text.startswith(f"{TITLES[code]}:") and SAYS[code] in text, (path, text)


def test_the_workspace_of_the_demo_says_it_too(demo_client: TestClient) -> None:
    sign_in(demo_client, "amal")
    try:
        for path in ("/workspace", "/workspace/reports/1", "/workspace/links"):
            assert notice(html(demo_client.get(path)))["en"].startswith("Simulated data:"), path
    finally:
        demo_client.cookies.clear()


def test_the_api_of_the_demo_says_it_is_simulated(demo_client: TestClient) -> None:
    statement = demo_client.get(f"{API}/statement", params={"month": "2018-06"}).json()
    assert statement["simulated"] is True
    assert (statement["killed_cumulative"], statement["still_open"]) == (1059, 234)
    text = demo_client.get(f"{API}/statement", params={"month": "2018-06", "format": "text"})
    assert text.text.startswith("Simulated data: ")
    markdown = demo_client.get(
        f"{API}/statement", params={"month": "2018-06", "format": "markdown"}
    )
    assert "\n> Simulated data: " in markdown.text
    for by in ("month", "source"):
        assert demo_client.get(f"{API}/tallies", params={"by": by}).json()["simulated"] is True
    assert demo_client.get(f"{API}/statements").json()["simulated"] is True
    reports = demo_client.get(f"{API}/reports", params={"per_page": 100}).json()["items"]
    assert reports and all(report["simulated"] is True for report in reports)
    register_csv = demo_client.get(f"{API}/reports.csv", params={"limit": 5}).text
    rows = list(csv.DictReader(io.StringIO(register_csv)))
    assert rows and all(row["simulated"] == "true" for row in rows)
    sources = demo_client.get(f"{API}/sources", params={"per_page": 500}).json()["items"]
    assert sources and all(source["simulated"] is True for source in sources)
    strikes = demo_client.get(f"{API}/strikes", params={"per_page": 50}).json()["items"]
    assert strikes and all(strike["simulated"] is True for strike in strikes)


def test_no_invented_figure_stands_under_a_real_name_alone(demo_client: TestClient) -> None:
    """The dashboard's monitor is the simulated one; Airwars itself appears only with the
    figure it published (6,488–9,947, as its claim)."""
    page = html(demo_client.get("/"))
    monitors = {th.get_text(strip=True) for th in page.select("#deaths-table thead th")}
    assert "Airwars (simulated) likely deaths" in monitors
    assert "Airwars likely deaths" not in monitors
    claims = page.select("#claims-table tbody tr")
    by_airwars = [row for row in claims if row.th and row.th.get_text(strip=True) == "Airwars"]
    assert [row.select_one("td.number").get_text(strip=True) for row in by_airwars] == [
        "6,488–9,947"
    ]
    # Links to airwars.org are the sources of real figures only (its archive of the releases).
    links = page.select("a[href*='airwars.org']")
    assert links and all(link.find_parent(id="claims-table") for link in links)


def test_a_real_ledger_shows_no_notice(client: TestClient, engine: Engine) -> None:
    """The web tests' sample ledger was filled through intake, as a user's would be."""
    with transaction(engine) as session:
        assert session.scalar(select(Report.id)) is not None
        assert not any(session.scalars(select(Source.simulated)))
    for path in ("/", "/register", "/reports/1", "/map", "/methodology", "/login"):
        for language in ("en", "ar"):
            page = html(client.get(path, params={"lang": language}))
            assert page.select("[data-simulated]") == [], (path, language)
    assert client.get(f"{API}/statement", params={"month": "2017-07"}).json()["simulated"] is False
    reports = client.get(f"{API}/reports").json()["items"]
    assert reports and not any(report["simulated"] for report in reports)
    text = client.get(f"{API}/statement", params={"month": "2017-07", "format": "text"}).text
    assert text.startswith("Monthly civilian casualty report — July 2017")
    sign_in(client, "rev")
    assert html(client.get("/workspace")).select("[data-simulated]") == []
