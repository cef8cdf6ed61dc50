"""The public pages over the sample ledger (tests/web/sample.py), figures worked out by hand.

The sample, as the pages should read it:

    report  source (type)        date        place      country  coords  killed  decisions
    RP-1    Raqqa Post (social)  2017-06-10  Raqqa      SY       yes     4–7     credible, 4 (07-01)
    AI-1    Amnesty (ngo)        2017-06-10  Ar-Raqqah  SY       yes     5–9     duplicate of RP-1
    RP-2    Raqqa Post (social)  2017-07-02  Tabqa      SY       yes     1       not credible: no
                                                                             strikes in area
    W-1     witness (individual, 2017-07-15  Mosul      IQ       yes     2–3     not credible 08-01,
            not public)                                                      reopened 08-15
    RP-3    Raqqa Post (social)  2017-08-01  Hajin      SY       no      0–2     none: open

Airwars grades RP-1 fair 5–8 (06-30), RP-2 weak 1 (07-10), W-1 fair 2–4 (07-30).
Strikes: two on 2017-06-10, one on 07-02, one on 08-01, all in SY (Raqqa).
The register lists newest events first, ties by id (AI-1 was loaded after RP-1):
RP-3, W-1, RP-2, AI-1, RP-1.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import re

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sample import SECRETS, VICTIM_NAMES, WITNESS
from sqlalchemy import Engine
from webtools import html, sign_in

from civcas.claims.parties import COALITION
from civcas.claims.store import Figure, record_claims, statement_figures
from civcas.intake import load
from civcas.ledger.database import transaction
from civcas.vocab import (
    REASONS_FOR_OUTCOME,
    DatePrecision,
    Grade,
    LocationPrecision,
    Measure,
    Outcome,
    ReasonCode,
    SourceType,
)
from civcas.web.app import create_app

NEWEST_FIRST = ["RP-3", "W-1", "RP-2", "AI-1", "RP-1"]
PAGES = {
    "/": "Dashboard",
    "/register": "Register",
    "/map": "Map",
    "/methodology": "Methodology",
}


def listed(page: BeautifulSoup) -> list[str]:
    """The external ids in a page's register table, in order."""
    return [row["data-external-id"] for row in page.select("tbody tr[data-external-id]")]


def report_paths(client: TestClient) -> dict[str, str]:
    """external id → the allegation's page, read off the register's links."""
    page = html(client.get("/register"))
    return {
        row["data-external-id"]: row.find("a")["href"]
        for row in page.select("tbody tr[data-external-id]")
    }


def public_paths(client: TestClient) -> list[str]:
    return [*PAGES, *report_paths(client).values()]


def text_of(page: BeautifulSoup) -> str:
    return " ".join(page.get_text(" ").split())


def embedded(page: BeautifulSoup, element_id: str) -> dict:  # type: ignore[type-arg]
    script = page.find("script", id=element_id)
    assert script is not None and script["type"] == "application/json"
    data: dict = json.loads(script.string)  # type: ignore[type-arg]
    return data


# --- every page ---------------------------------------------------------------------------------


def test_each_page_has_one_h1_and_marks_its_nav_item(client: TestClient) -> None:
    paths = report_paths(client)
    expected = {**PAGES, paths["RP-1"]: "Register"}
    for path, item in expected.items():
        response = client.get(path)
        assert response.status_code == 200, path
        page = html(response)
        assert len(page.find_all("h1")) == 1, path
        current = page.select('nav[aria-label="Main"] a[aria-current="page"]')
        assert [a.get_text(strip=True) for a in current] == [item], path


def test_headings_never_skip_a_level(client: TestClient) -> None:
    for path in public_paths(client):
        page = html(client.get(path))
        levels = [int(h.name[1]) for h in page.find_all(re.compile(r"^h[1-6]$"))]
        assert levels[0] == 1, path
        for before, after in itertools.pairwise(levels):
            assert after <= before + 1, (path, levels)


def test_no_inline_styles_handlers_or_scripts(client: TestClient) -> None:
    """The CSP forbids them: they would be blocked, so they must not be relied on."""
    for path in public_paths(client):
        page = html(client.get(path))
        for element in page.find_all(True):
            assert "style" not in element.attrs, (path, element.name)
            handlers = [name for name in element.attrs if name.lower().startswith("on")]
            assert not handlers, (path, element.name, handlers)
        for script in page.find_all("script"):
            if script.get("src"):
                assert script["src"].startswith("/static/"), path
            else:
                assert script.get("type") == "application/json", (path, script)
                json.loads(script.string)
        assert not page.find("style"), path


def test_public_pages_never_show_secrets(client: TestClient) -> None:
    paths = [*public_paths(client), "/map/allegations.geojson", "/register?per_page=500"]
    for path in paths:
        body = client.get(path).text
        for secret in SECRETS:
            assert secret not in body, (path, secret)


def test_every_form_field_is_labelled(client: TestClient) -> None:
    for path in ("/register", "/map"):
        page = html(client.get(path))
        fields = page.select("main input, main select, main textarea")
        assert fields, path
        for field in fields:
            if field.get("type") == "hidden":
                continue
            assert page.find("label", attrs={"for": field["id"]}), (path, field)


def test_tables_have_captions_and_column_headers(client: TestClient) -> None:
    for path in public_paths(client):
        for table in html(client.get(path)).select("main table"):
            assert table.find("caption") and table.find("caption").get_text(strip=True), path
            for header in table.select("thead th"):
                assert header.get("scope") == "col", (path, header)


def test_pages_render_in_arabic_right_to_left(client: TestClient) -> None:
    for path in public_paths(client):
        page = html(client.get(path + "?lang=ar"))
        assert page.html["dir"] == "rtl", path


# --- dashboard ----------------------------------------------------------------------------------


def test_dashboard_tables_hold_the_monthly_figures(client: TestClient) -> None:
    page = html(client.get("/"))
    # Months from the first event (strikes, 2017-06-10) to the last (W-1 reopened 2017-08-15).
    # Acknowledged (cumulative): June 0; RP-1 credible with 4 on 07-01, so July 4, August 4.
    # Airwars likely (fair/confirmed): June RP-1 5–8; July + W-1 2–4 = 7–12 (RP-2 weak: not
    # counted); August unchanged 7–12.
    rows = page.select("#deaths-table tbody tr")
    cells = [[c.get_text(strip=True) for c in row.find_all(["th", "td"])] for row in rows]
    assert [row["data-period"] for row in rows] == ["2017-06", "2017-07", "2017-08"]
    assert [row[1:] for row in cells] == [["0", "5–8"], ["4", "7–12"], ["4", "7–12"]]
    assert "Airwars" in page.select_one("#deaths-table thead").get_text()
    # Strikes dated in each month: 2 in June, 1 in July, 1 in August; 2, 3, 4 to date.
    strikes = [
        [c.get_text(strip=True) for c in row.find_all("td")]
        for row in page.select("#strikes-table tbody tr")
    ]
    assert strikes == [["2", "2"], ["1", "3"], ["1", "4"]]


def test_dashboard_embeds_the_same_figures_as_json(client: TestClient) -> None:
    chart = embedded(html(client.get("/")), "dashboard-data")["chart"]
    assert chart["periods"] == ["2017-06", "2017-07", "2017-08"]
    assert chart["official"] == [0, 4, 4]
    assert chart["strikes"] == [2, 1, 1]
    assert chart["monitors"] == [{"name": "Airwars", "min": [5, 7, 7], "max": [8, 12, 12]}]


def test_dashboard_shows_the_latest_statement_and_the_ratio(client: TestClient) -> None:
    page = html(client.get("/"))
    text = text_of(page)
    assert "The latest monthly statement: August 2017" in text
    figures = {
        row.th.get_text(strip=True): row.td.get_text(strip=True)
        for row in page.select("#statement-table tbody tr")
    }
    # August 2017: W-1 was open at the month's start (carried over 1); RP-3 received (1); W-1
    # closed not credible on 08-01 (completed 1) and reopened 08-15 (1); W-1 and RP-3 still open.
    assert figures["Acknowledged civilian deaths (cumulative)"] == "4"
    assert figures["Strikes to date"] == "4"
    assert figures["Reports carried over"] == "1"
    assert figures["Reports received"] == "1"
    assert figures["Reports reopened"] == "1"
    assert figures["Assessments completed"] == "1"
    assert figures["Reports still open"] == "2"
    assert figures["Airwars likely deaths"] == "7–12"
    # The release's own words, from render.as_text.
    release = page.select_one("blockquote.release").get_text(" ")
    assert "Monthly civilian casualty report — August 2017" in release
    assert "at least 4 civilians have been unintentionally killed" in release
    # 7 / 4 = 1.75 → 1.8; 12 / 4 = 3.0.
    assert "The likely range of Airwars is 1.8–3.0 times the acknowledged count." in text


def test_dashboard_puts_published_figures_beside_the_ledgers(
    client: TestClient, engine: Engine
) -> None:
    """The coalition's release for August 2017 claims 3 received and 2 still open; the ledger
    computes 1 received (RP-3) and 2 still open (see above). A news article quotes Airwars."""
    article = "Airwars estimates that 5 to 9 civilians died in August 2017. The weather was fine."
    with transaction(engine) as session:
        stated = {"period": "2017-08", "received": 3, "still_open": 2}
        record_claims(session, "release text", statement_figures(stated, COALITION))
        airwars = Figure(
            "airwars",
            Measure.CIVILIANS_KILLED,
            5,
            9,
            dt.date(2017, 8, 1),
            dt.date(2017, 8, 31),
            0,
            article.index(" The weather"),
            place="Raqqa",
            perpetrator="coalition",
        )
        record_claims(session, article, [airwars], stated_on=dt.date(2017, 9, 2))
    page = html(client.get("/"))
    rows = {
        row["data-figure"]: [cell.get_text(strip=True) for cell in row.find_all("td")]
        for row in page.select("#published-table tbody tr")
    }
    assert rows["received"] == ["3", "1", "differs by -2"]
    assert rows["still_open"] == ["2", "2", "same"]
    assert rows["credible"] == ["—", "0", "not stated"]
    claims = page.select("#claims-table tbody tr")
    assert claims[0].th.get_text(strip=True) == "Airwars"  # the newest statement first
    cells = [cell.get_text(" ", strip=True) for cell in claims[0].find_all("td")]
    assert cells[0] == "2017-09-02" and cells[2] == "5–9"
    assert cells[4] == "Raqqa · coalition"  # the claim's scope, as the text gave it
    assert cells[5] == "Airwars estimates that 5 to 9 civilians died in August 2017."
    assert len(claims) == 1  # the coalition's claims here count reports, not deaths


def test_dashboard_charts_have_text_alternatives(client: TestClient) -> None:
    page = html(client.get("/"))
    for canvas in page.select("canvas"):
        assert canvas["role"] == "img" and canvas["aria-label"]
        summary = page.find(id=canvas["aria-describedby"])
        assert summary is not None and summary.get_text(strip=True)
    summary = text_of(page.find(id="deaths-summary"))
    assert "0 at the end of June 2017, 4 at the end of August 2017" in summary
    assert "7–12" in summary


# --- register -----------------------------------------------------------------------------------


def test_register_lists_every_report_with_outcome_and_reason(client: TestClient) -> None:
    page = html(client.get("/register"))
    assert listed(page) == NEWEST_FIRST
    rows = {row["data-external-id"]: row for row in page.select("tbody tr[data-external-id]")}

    def cell(rid: str, column: int) -> str:
        return " ".join(rows[rid].find_all("td")[column].get_text(" ").split())

    outcome, reason = 6, 7
    assert cell("RP-1", outcome) == "Credible"
    assert cell("RP-1", reason) == ReasonCode.CREDIBLE.description
    assert cell("AI-1", outcome) == "Duplicate"
    assert cell("AI-1", reason) == ReasonCode.DUPLICATE.description
    assert cell("RP-2", outcome) == "Not credible"
    assert cell("RP-2", reason) == ReasonCode.NO_STRIKES_IN_AREA.description
    assert cell("W-1", outcome) == "Open"
    assert cell("W-1", reason) == f"{ReasonCode.REOPENED.description} New video from the street"
    assert cell("RP-3", reason) == "Not yet assessed."
    # Reported killed, acknowledged deaths, monitor grade and range, for RP-1.
    assert [cell("RP-1", n) for n in (5, 8, 9, 10)] == ["4–7", "4", "Fair (Airwars)", "5–8"]
    # The withheld witness is labelled, never named.
    assert cell("W-1", 4) == "(withheld individual source) (Individual)"
    # No allegation is dismissed without its reason.
    for rid, row in rows.items():
        if "Not credible" in row.get_text():
            assert cell(rid, reason), rid
    assert page.find("caption") is not None
    assert rows["RP-1"].find("a")["href"].startswith("/reports/")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("outcome=credible", ["RP-1"]),
        ("outcome=duplicate", ["AI-1"]),
        ("outcome=not_credible", ["RP-2"]),  # W-1 was reopened: open again
        ("outcome=open", ["RP-3", "W-1"]),
        ("country=IQ", ["W-1"]),
        ("country=sy", ["RP-3", "RP-2", "AI-1", "RP-1"]),
        ("grade=fair", ["W-1", "RP-1"]),
        ("grade=weak", ["RP-2"]),
        ("source_type=social_media", ["RP-3", "RP-2", "RP-1"]),
        ("source_type=individual", ["W-1"]),
        ("q=raqqa", ["AI-1", "RP-1"]),  # places Raqqa and Ar-Raqqah
        ("q=RP-", ["RP-3", "RP-2", "RP-1"]),  # external ids
        ("date_from=2017-07-01&date_to=2017-07-31", ["W-1", "RP-2"]),
        ("bbox=38,35.5,40,36.5", ["RP-2", "AI-1", "RP-1"]),  # Mosul is east; RP-3 unlocated
        ("source_type=social_media&country=SY&outcome=open", ["RP-3"]),
        ("outcome=&country=&q=", NEWEST_FIRST),  # an empty form is no filter
    ],
)
def test_register_filters(client: TestClient, query: str, expected: list[str]) -> None:
    page = html(client.get(f"/register?{query}"))
    assert listed(page) == expected
    noun = "allegation matches" if len(expected) == 1 else "allegations match"
    assert f"{len(expected)} {noun}" in text_of(page)


def test_register_form_shows_the_chosen_filters(client: TestClient) -> None:
    page = html(client.get("/register?outcome=open&country=SY&q=Hajin"))
    assert page.find("select", id="f-outcome").find("option", selected=True)["value"] == "open"
    assert page.find("select", id="f-country").find("option", selected=True)["value"] == "SY"
    assert page.find("input", id="f-q")["value"] == "Hajin"
    assert page.find("form", class_="filters").find("button", type="submit")


def test_register_paging_keeps_the_filters(client: TestClient) -> None:
    # Four reports in SY, two a page: RP-3, RP-2 | AI-1, RP-1.
    page = html(client.get("/register?country=SY&per_page=2"))
    assert listed(page) == ["RP-3", "RP-2"]
    pager = page.find("nav", class_="pager")
    assert pager["aria-label"]
    assert pager.find("a", attrs={"aria-current": "page"}).get_text(strip=True) == "Page 1"
    following = pager.find("a", rel="next")["href"]
    assert "country=SY" in following and "per_page=2" in following and "page=2" in following
    second = html(client.get(following))
    assert listed(second) == ["AI-1", "RP-1"]
    assert second.find("nav", class_="pager").find("a", rel="next") is None
    assert "country=SY" in second.find("nav", class_="pager").find("a", rel="prev")["href"]


def test_register_export_links_carry_the_filters(client: TestClient) -> None:
    page = html(client.get("/register?country=SY&outcome=open&page=1"))
    hrefs = [a["href"] for a in page.select(".exports a")]
    assert hrefs == [
        "/api/v1/reports.csv?country=SY&outcome=open",
        "/api/v1/reports.geojson?country=SY&outcome=open",
    ]


def test_register_refuses_a_bad_filter_with_a_reason(client: TestClient) -> None:
    for query, field in [
        ("outcome=maybe", "outcome"),
        ("date_from=June", "date_from"),
        ("bbox=1,2,3", "bbox"),
        ("page=0", "page"),
        ("country=Syria", "country"),
    ]:
        response = client.get(f"/register?{query}")
        assert response.status_code == 400, query
        assert html(response).find(attrs={"role": "alert"}).get_text().startswith(field), query


# --- one allegation -----------------------------------------------------------------------------


def test_report_page_shows_its_entry_history_and_evidence(client: TestClient) -> None:
    paths = report_paths(client)
    page = html(client.get(paths["RP-1"]))
    text = text_of(page)
    assert "Allegation RP-1: Raqqa, 2017-06-10" in page.h1.get_text()
    assert "Raqqa Post" in text and "Airstrike reported near Raqqa." in text
    # One decision: credible, 4 acknowledged.
    history = page.select("table.history tbody tr")
    assert len(history) == 1
    assert "Credible" in history[0].get_text() and history[0].find_all("td")[3].text == "4"
    # Airwars' grading.
    assert "Fair" in text and "5–8" in text
    # The document's hash is the SHA-256 of its archived text.
    digest = hashlib.sha256(b"Video of the strike on 10 June.").hexdigest()
    assert [code.get_text() for code in page.select(".hash")] == [digest]
    # The two strikes logged in SY on 2017-06-10, labelled as not matched.
    strikes_heading = page.find(id="strikes-heading")
    strikes = strikes_heading.find_parent("section").select("tbody tr")
    assert len(strikes) == 2
    assert "not matched" in text_of(strikes_heading.find_parent("section"))


def test_report_page_history_in_order_with_reopening(client: TestClient) -> None:
    page = html(client.get(report_paths(client)["W-1"]))
    rows = page.select("table.history tbody tr")
    assert [row.find("td").get_text(strip=True) for row in rows] == [
        "2017-08-01 10:00 UTC",
        "2017-08-15 10:00 UTC",
    ]
    assert "Not credible" in rows[0].get_text()
    assert ReasonCode.INSUFFICIENT_EVIDENCE.description in rows[0].get_text()
    assert "reopening" in rows[1]["class"]
    assert "New video from the street" in rows[1].get_text()
    assert WITNESS not in page.decode()


def test_report_page_marks_revisions(client: TestClient, engine: Engine) -> None:
    with transaction(engine) as session:
        load(
            session,
            "assessments",
            [
                {
                    "report_external_id": "RP-1",
                    "outcome": "credible",
                    "reason_code": "credible",
                    "killed": 6,
                    "assessor": "cell",
                    "decided_at": "2017-09-01T10:00",
                }
            ],
        )
    rows = html(client.get(report_paths(client)["RP-1"])).select("table.history tbody tr")
    assert [("revision" in (row.get("class") or [])) for row in rows] == [False, True]
    assert "Revision" in rows[1].get_text() and rows[1].find_all("td")[3].text == "6"


def test_duplicates_link_both_ways(client: TestClient) -> None:
    paths = report_paths(client)
    original = html(client.get(paths["RP-1"]))
    assert [a["href"] for a in original.select('a[data-link="duplicate"]')] == [paths["AI-1"]]
    duplicate = html(client.get(paths["AI-1"]))
    assert [a["href"] for a in duplicate.select('a[data-link="duplicate-of"]')] == [paths["RP-1"]]
    assert duplicate.select('table.history a[href="{}"]'.format(paths["RP-1"]))


def test_victims_only_for_signed_in_users(client: TestClient) -> None:
    path = report_paths(client)["RP-1"]
    public = client.get(path).text
    assert not any(name in public for name in VICTIM_NAMES)
    sign_in(client, "ana")
    page = html(client.get(path))
    names = [row.find("td").get_text(strip=True) for row in page.select("table.victims tbody tr")]
    assert names == VICTIM_NAMES
    assert WITNESS in client.get(report_paths(client)["W-1"]).text


def test_unknown_report_is_a_404_page(client: TestClient) -> None:
    response = client.get("/reports/999999")
    assert response.status_code == 404
    assert "999999" in html(response).find(attrs={"role": "alert"}).get_text()


# --- map ----------------------------------------------------------------------------------------


def test_map_geojson_has_the_located_reports(client: TestClient) -> None:
    response = client.get("/map/allegations.geojson")
    assert response.headers["content-type"].startswith("application/geo+json")
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    features = {f["properties"]["external_id"]: f for f in collection["features"]}
    # RP-3 has no coordinates; the other four are mapped, once each.
    assert sorted(features) == ["AI-1", "RP-1", "RP-2", "W-1"]
    assert len(collection["features"]) == 4
    assert features["RP-1"]["geometry"] == {"type": "Point", "coordinates": [39.01, 35.95]}
    outcomes = {rid: f["properties"]["outcome"] for rid, f in features.items()}
    assert outcomes == {
        "RP-1": "credible",
        "AI-1": "duplicate",
        "RP-2": "not_credible",
        "W-1": "open",
    }
    assert features["W-1"]["properties"]["source"] == "(withheld individual source)"
    assert features["RP-1"]["properties"]["url"] == report_paths(client)["RP-1"]


def test_map_geojson_takes_the_register_filters(client: TestClient) -> None:
    collection = client.get("/map/allegations.geojson?country=SY&outcome=credible").json()
    assert [f["properties"]["external_id"] for f in collection["features"]] == ["RP-1"]


def test_map_page_is_usable_without_the_map(client: TestClient) -> None:
    page = html(client.get("/map"))
    container = page.find(id="map")
    assert container["aria-label"]
    # The accessible alternative: the same four allegations in a table, RP-3 counted as unmapped.
    assert listed(page) == ["W-1", "RP-2", "AI-1", "RP-1"]
    assert "4 allegations on the map. 1 more has no coordinates" in text_of(page)
    # The legend names every outcome (shape + words, not colour alone).
    legend = text_of(page.find("section", class_="legend"))
    for outcome in ("Open", "Credible", "Not credible", "Duplicate"):
        assert outcome in legend
    config = embedded(page, "map-config")
    assert config["data"] == "/map/allegations.geojson"
    assert config["borders"] == "/static/vendor/countries-50m.json"
    assert client.get(config["borders"]).status_code == 200
    # No tiles from the internet.
    assert "tile" not in page.decode().lower()


# --- methodology --------------------------------------------------------------------------------


def test_methodology_lists_every_vocabulary_value(client: TestClient) -> None:
    page = html(client.get("/methodology"))
    text = text_of(page)
    for enum in (SourceType, DatePrecision, LocationPrecision, Outcome, ReasonCode, Grade):
        for member in enum:
            row = page.select_one(f'table.vocabulary tr[data-value="{member.value}"]')
            assert row is not None, member
            assert member.description in text, member
    reasons = {
        row.th.find("code").get_text(): [c.get_text() for c in row.td.find_all("code")]
        for row in page.select("#reasons-for-outcome tbody tr")
    }
    assert reasons == {
        outcome.value: sorted(code.value for code in codes)
        for outcome, codes in REASONS_FOR_OUTCOME.items()
    }
    # The statement definitions come from the statement module's docstring.
    definitions = text_of(page.find("ul", class_="definitions"))
    for figure in ("received", "completed", "carried over", "killed_cumulative", "monitors"):
        assert figure in definitions


# --- an empty ledger ----------------------------------------------------------------------------


def test_pages_of_an_empty_ledger(engine: Engine, database_url: str) -> None:
    with TestClient(create_app(database_url, secret_key="test-secret")) as empty:
        try:
            for path in PAGES:
                page = html(empty.get(path))
                assert len(page.find_all("h1")) == 1, path
            assert "nothing to count" in text_of(html(empty.get("/")))
            assert "0 allegations match" in text_of(html(empty.get("/register")))
            assert empty.get("/map/allegations.geojson").json()["features"] == []
        finally:
            empty.app.state.engine.dispose()  # type: ignore[attr-defined]
