"""Evidence on the site: /api/v1/reports/{id}/candidates, the allegation page, the methodology's
rule and the workspace's suggestion, over the sample ledger worked by hand.

The sample's strikes S-0 and S-1 (10 June 2017) and S-2 (2 July) lie at (35.95, 39.00), Raqqa;
S-3 (1 August) too. RP-1 is at (35.95, 39.01), town precision (10 km): 0.01° of longitude at
35.95° N is 0.01 × cos(35.95°) × 111.195 km = 0.900 km, so S-0 and S-1 match, S-2 is 22 days
off. RP-2 (Tabqa, 2 July) is ~42 km away from every strike: none match, and the Syrian log runs
10 June – 1 August, so `not_credible` / `no_strikes_in_area` is suggested.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from webtools import html, sign_in

from civcas.evidence.rule import MatchRule
from civcas.evidence.store import match
from civcas.intake import load
from civcas.intake.strike_log import ReleaseText, import_strike_releases
from civcas.ledger.database import transaction
from civcas.ledger.models import Report
from civcas.vocab import Outcome
from civcas.web.app import create_app

API = "/api/v1/reports"


@pytest.fixture(autouse=True)
def close_the_apps_connections(client: TestClient) -> Iterator[None]:
    yield
    client.app.state.engine.dispose()  # type: ignore[attr-defined]


def report_id(engine: Engine, external_id: str) -> int:
    with transaction(engine) as session:
        return session.scalars(select(Report.id).where(Report.external_id == external_id)).one()


def candidates_of(client: TestClient, engine: Engine, external_id: str) -> dict:  # type: ignore[type-arg]
    response = client.get(f"{API}/{report_id(engine, external_id)}/candidates")
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_before_matching_there_is_no_evidence(client: TestClient, engine: Engine) -> None:
    body = candidates_of(client, engine, "RP-1")
    assert (body["evidence"], body["items"], body["total"]) == (None, [], 0)


def test_the_candidates_and_the_suggestion(client: TestClient, engine: Engine) -> None:
    with transaction(engine) as session:
        match(session, MatchRule())

    raqqa = candidates_of(client, engine, "RP-1")
    assert raqqa["evidence"]["summary"] == "2 strikes within 10 km and 1 day."
    assert raqqa["evidence"]["suggested_outcome"] is None
    assert sorted(item["strike"]["external_id"] for item in raqqa["items"]) == ["S-0", "S-1"]
    by_hand = 0.01 * math.cos(math.radians(35.95)) * 6371.0088 * math.pi / 180
    for item in raqqa["items"]:
        assert item["distance_km"] == pytest.approx(by_hand, abs=1e-3)
        assert (item["days_apart"], item["basis"]) == (0, "distance")

    tabqa = candidates_of(client, engine, "RP-2")
    assert (tabqa["items"], tabqa["evidence"]["candidates"]) == ([], 0)
    assert tabqa["evidence"]["suggested_outcome"] == "not_credible"
    assert tabqa["evidence"]["suggested_reason"] == "no_strikes_in_area"

    mosul = candidates_of(client, engine, "W-1")  # no strike log for Iraq: no data, no suggestion
    assert mosul["evidence"]["log_covers"] is False
    assert mosul["evidence"]["suggested_outcome"] is None


def test_an_unknown_report_is_a_404(client: TestClient) -> None:
    response = client.get(f"{API}/999999/candidates")
    assert response.status_code == 404
    assert "no report with id 999999" in response.json()["error"]


def matched(engine: Engine) -> None:
    with transaction(engine) as session:
        match(session, MatchRule())


def test_the_allegation_page_lists_the_candidates(client: TestClient, engine: Engine) -> None:
    matched(engine)
    page = html(client.get(f"/reports/{report_id(engine, 'RP-1')}"))
    section = page.find(id="strikes-heading").find_parent("section")
    assert "2 strikes within 10 km and 1 day." in section.get_text()
    rows = section.select("table.candidates tbody tr")
    assert sorted(row["data-strike"] for row in rows) == ["S-0", "S-1"]
    assert all(row.find_all("td")[3].get_text() == "0.9" for row in rows)  # km, by hand above

    tabqa = html(client.get(f"/reports/{report_id(engine, 'RP-2')}"))
    text = tabqa.find(id="strikes-heading").find_parent("section").get_text()
    assert "No strikes in the area (within 10 km and 1 day)." in text


def test_the_arabic_page_says_it_in_arabic(client: TestClient, engine: Engine) -> None:
    matched(engine)
    page = html(client.get(f"/reports/{report_id(engine, 'RP-1')}?lang=ar"))
    summary = page.select_one(".evidence-summary").get_text()
    assert "strikes" not in summary and "2" in summary


def test_the_methodology_shows_the_rule_in_force(
    engine: Engine, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def radii(client: TestClient) -> dict[str, str]:
        page = html(client.get("/methodology"))
        rows = page.select("#match-rule tbody tr")
        return {row["data-value"]: row.find("td").get_text(strip=True) for row in rows}

    with TestClient(create_app(database_url, secret_key="s")) as client:
        shown = radii(client)
    assert {k: v for k, v in shown.items() if k != "country"} == {
        "exact": "2",
        "neighbourhood": "5",
        "town": "10",
        "district": "30",
        "governorate": "100",
    }
    settings = tmp_path / "civcas.toml"
    settings.write_text("[match]\nslack_days = 3\n[match.radius_km]\ntown = 12.5\n")
    monkeypatch.setenv("CIVCAS_SETTINGS", str(settings))
    with TestClient(create_app(database_url, secret_key="s")) as client:
        assert radii(client)["town"] == "12.5"
        assert "widened by 3 days on each side" in html(client.get("/methodology")).get_text()


def test_the_workspace_offers_the_suggestion_and_waits_for_the_assessor(
    client: TestClient, engine: Engine
) -> None:
    with transaction(engine) as session:
        load(
            session,
            "reports",
            [
                {
                    "external_id": "RP-9",
                    "source": "Raqqa Post",
                    "date_start": "2017-07-02",
                    "place": "Tabqa",
                    "country": "SY",
                    "latitude": 35.84,
                    "longitude": 38.55,
                    "location_precision": "town",
                }
            ],
        )
    matched(engine)
    rid = report_id(engine, "RP-9")
    sign_in(client, "rev")
    page = html(client.get(f"/workspace/reports/{rid}"))
    assert "Suggested outcome" in page.select_one(".suggestion").get_text()
    form = page.find("form", action=f"/workspace/reports/{rid}/assess")
    chosen = {
        "outcome": form.find("input", attrs={"name": "outcome", "checked": True})["value"],
        "reason_code": form.find("option", selected=True)["value"],
        "reason": form.find("textarea", attrs={"name": "reason"}).get_text(strip=True),
        "csrf_token": form.find("input", attrs={"name": "csrf_token"})["value"],
    }
    assert chosen["outcome"] == "not_credible" and chosen["reason_code"] == "no_strikes_in_area"
    assert chosen["reason"] == "No strikes in the area (within 10 km and 1 day)."
    with transaction(engine) as session:  # shown, not decided
        assert session.get(Report, rid).outcome is Outcome.OPEN  # type: ignore[union-attr]

    response = client.post(f"/workspace/reports/{rid}/assess", data=chosen)
    assert response.status_code in (200, 303), response.text[:300]
    with transaction(engine) as session:
        assert session.get(Report, rid).outcome is Outcome.NOT_CREDIBLE  # type: ignore[union-attr]


RELEASE = """SOUTHWEST ASIA, July 3, 2017 — Coalition forces attacked ISIS yesterday.

Strikes in Syria

-- Near Tabqah, three strikes destroyed a fighting position.
"""


def test_a_release_entry_on_the_allegation_page(client: TestClient, engine: Engine) -> None:
    """A release reports three strikes near Tabqah on 2 July; the geocoder puts Tabqah 0.31 km
    from RP-2's point, well within 10 km (RP-2, a town) + 10 km (the entry, a town). RP-2 was
    dismissed for no strikes in the area: the page now lists the entry, with what the release
    said and when."""
    with transaction(engine) as session:
        import_strike_releases(session, [ReleaseText("release.txt", RELEASE)])
        match(session, MatchRule())
    tabqa = candidates_of(client, engine, "RP-2")
    assert [item["strike"]["place"] for item in tabqa["items"]] == ["Tabqah"]
    strike = tabqa["items"][0]["strike"]
    assert (strike["strikes"], strike["location_precision"], strike["reported_on"]) == (
        3,
        "town",
        "2017-07-03",
    )
    assert tabqa["items"][0]["distance_km"] == pytest.approx(0.31, abs=0.01)
    evidence = tabqa["evidence"]
    assert (evidence["candidates"], evidence["strikes"]) == (1, 3)
    assert evidence["summary"] == "3 strikes within 10 km and 1 day."  # one entry, three strikes
    assert evidence["suggested_outcome"] is None
    page = html(client.get(f"/reports/{report_id(engine, 'RP-2')}"))
    (reported,) = page.select("table.candidates .reported")
    assert " ".join(reported.get_text().split()) == (
        "3 strikes by CJTF-OIR reported near Tabqah that day (release of 2017-07-03)"
    )


def test_the_dismissals_page(client: TestClient, engine: Engine) -> None:
    """RP-2 was dismissed for no strikes in the area. Before the release, nothing contradicts
    it; after it and `civcas match`, the page lists it with the release's three strikes, the
    nearest 0.31 km away (as worked out above)."""
    with transaction(engine) as session:
        match(session, MatchRule())
    before = html(client.get("/dismissals"))
    assert not before.select("table.dismissals tr[data-report]")
    with transaction(engine) as session:
        import_strike_releases(session, [ReleaseText("release.txt", RELEASE)])
        match(session, MatchRule())
    page = html(client.get("/dismissals"))
    rows = page.select("table.dismissals tr[data-report]")
    assert [row["data-report"] for row in rows] == [str(report_id(engine, "RP-2"))]
    assert rows[0]["data-finding"] == "strikes_in_area"
    cells = [" ".join(cell.get_text().split()) for cell in rows[0].find_all("td")]
    assert cells[0] == "Raqqa Post RP-2"
    assert cells[3] == "3 strikes logged within reach, the nearest 0.3 km away"
    arabic = client.get("/dismissals?lang=ar")
    assert arabic.status_code == 200 and 'dir="rtl"' in arabic.text
