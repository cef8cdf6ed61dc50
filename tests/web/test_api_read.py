"""The read side of the REST API over the sample ledger (tests/web/sample.py).

Every expected value is worked out by hand from the sample. Its five reports, with the state the
decisions and gradings leave them in:

    report  source (type)               event       place      country  lat, lon       outcome
    RP-1    Raqqa Post (social_media)   2017-06-10  Raqqa      SY       35.95, 39.01   credible (4)
    AI-1    Amnesty (ngo)               2017-06-10  Ar-Raqqah  SY       35.96, 39.02   duplicate
    RP-2    Raqqa Post (social_media)   2017-07-02  Tabqa      SY       35.84, 38.55   not credible
    W-1     the witness (individual)    2017-07-15  Mosul      IQ       36.34, 43.13   reopened
    RP-3    Raqqa Post (social_media)   2017-08-01  Hajin      SY       none           open

Latest Airwars grades: RP-1 fair, RP-2 weak, W-1 fair. Strikes S-0..S-3 on 06-10, 06-10, 07-02,
08-01, all in Syria at 35.95, 39.0. One document, cited by RP-1; three victims, all in RP-1.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sample import VICTIM_NAMES, WITNESS, WITNESS_DESCRIPTION
from sqlalchemy import Engine, select
from webtools import sign_in

from civcas.accounts import issue_token
from civcas.intake import load
from civcas.ledger.database import transaction
from civcas.ledger.models import User
from civcas.vocab import PERMISSIONS, Permission, Role

API = "/api/v1"
WITHHELD_WITNESS = "(withheld individual source)"


@pytest.fixture(autouse=True)
def close_the_apps_connections(client: TestClient) -> Iterator[None]:
    """The app's engine is not disposed when its client closes; left to the garbage collector,
    its pooled PostgreSQL connections raise ResourceWarning (an error here) in a later test."""
    yield
    client.app.state.engine.dispose()  # type: ignore[attr-defined]


def ids(client: TestClient) -> dict[str, int]:
    """Report ids by external id (ids are the database's, so never assumed)."""
    items = client.get(f"{API}/reports", params={"per_page": 500}).json()["items"]
    return {item["external_id"]: item["id"] for item in items}


def newest_first(client: TestClient) -> list[str]:
    """The register's order: event date descending, ties by id descending.

    RP-3 (08-01), W-1 (07-15), RP-2 (07-02), then RP-1 and AI-1 (both 06-10) by id."""
    known = ids(client)
    return ["RP-3", "W-1", "RP-2", *sorted(["RP-1", "AI-1"], key=lambda r: -known[r])]


def external_ids(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.text
    return [item["external_id"] for item in response.json()["items"]]


def token_for(engine: Engine, name: str) -> dict[str, str]:
    with transaction(engine) as session:
        user = session.scalars(select(User).where(User.name == name)).one()
        return {"Authorization": f"Bearer {issue_token(session, user)}"}


def links(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The Link header as {rel: url}."""
    found = re.findall(r'<([^>]+)>; rel="([a-z]+)"', response.headers["link"])
    return {rel: url for url, rel in found}


# The register ----------------------------------------------------------------------------------


def test_register_lists_every_report_newest_first(client: TestClient) -> None:
    response = client.get(f"{API}/reports")
    body = response.json()
    assert external_ids(response) == newest_first(client)
    assert (body["total"], body["page"], body["per_page"], body["pages"]) == (5, 1, 50, 1)


def test_register_items_are_register_entries_with_json_values(client: TestClient) -> None:
    items = {item["external_id"]: item for item in client.get(f"{API}/reports").json()["items"]}
    rp1 = items["RP-1"]
    # RP-1: credible with 4 acknowledged on 2017-07-01 10:00; Airwars graded it fair 5–8.
    assert rp1["source"] == "Raqqa Post" and rp1["source_type"] == "social_media"
    assert rp1["date_start"] == "2017-06-10" and rp1["received_at"] == "2017-06-11T08:00:00"
    assert (rp1["outcome"], rp1["reason_code"], rp1["acknowledged_killed"]) == (
        "credible",
        "credible",
        4,
    )
    assert rp1["decided_at"] == "2017-07-01T10:00:00"
    assert (rp1["grade"], rp1["monitor"], rp1["monitor_killed_min"], rp1["monitor_killed_max"]) == (
        "fair",
        "Airwars",
        5,
        8,
    )
    assert (rp1["latitude"], rp1["longitude"], rp1["killed_min"], rp1["killed_max"]) == (
        35.95,
        39.01,
        4,
        7,
    )
    # W-1 was reopened: its current outcome is open with the reopening's reason.
    assert (items["W-1"]["outcome"], items["W-1"]["reason"]) == (
        "open",
        "New video from the street",
    )
    assert items["W-1"]["source"] == WITHHELD_WITNESS
    # RP-3 has no decision and no grading yet.
    assert (items["RP-3"]["outcome"], items["RP-3"]["reason_code"], items["RP-3"]["grade"]) == (
        "open",
        None,
        None,
    )


REGISTER_FILTERS: list[tuple[dict[str, str], set[str]]] = [
    # date_end ≥ 07-01: RP-2 (07-02), W-1 (07-15), RP-3 (08-01).
    ({"date_from": "2017-07-01"}, {"RP-2", "W-1", "RP-3"}),
    # date_start ≤ 06-30: the two 06-10 reports.
    ({"date_to": "2017-06-30"}, {"RP-1", "AI-1"}),
    ({"date_from": "2017-07-01", "date_to": "2017-07-31"}, {"RP-2", "W-1"}),
    ({"country": "IQ"}, {"W-1"}),
    ({"country": "sy"}, {"RP-1", "AI-1", "RP-2", "RP-3"}),  # codes in any case
    # Current outcomes: W-1 was not credible but is open again, RP-3 never decided.
    ({"outcome": "open"}, {"W-1", "RP-3"}),
    ({"outcome": "credible"}, {"RP-1"}),
    ({"outcome": "not_credible"}, {"RP-2"}),
    ({"outcome": "duplicate"}, {"AI-1"}),
    ({"grade": "fair"}, {"RP-1", "W-1"}),
    ({"grade": "weak"}, {"RP-2"}),
    ({"grade": "confirmed"}, set()),
    ({"source_type": "social_media"}, {"RP-1", "RP-2", "RP-3"}),
    ({"source_type": "ngo"}, {"AI-1"}),
    ({"source_type": "individual"}, {"W-1"}),
    # lat 35.5–36.5, lon 38.5–39.5: the three Syrian reports with coordinates; W-1 is at
    # lon 43.13 and RP-3 has no coordinates.
    ({"bbox": "38.5,35.5,39.5,36.5"}, {"RP-1", "AI-1", "RP-2"}),
    # lat 35.9–36: RP-1 (35.95) and AI-1 (35.96), not RP-2 (35.84).
    ({"bbox": "39,35.9,40,36"}, {"RP-1", "AI-1"}),
    # west 43 > east -170 crosses the antimeridian: lon ≥ 43 or ≤ -170 — only W-1 (43.13).
    ({"bbox": "43,30,-170,40"}, {"W-1"}),
    # Free text in place/summary ("Airstrike reported near <place>.") or external id.
    ({"q": "raqqa"}, {"RP-1", "AI-1"}),
    ({"q": "rp-"}, {"RP-1", "RP-2", "RP-3"}),
    ({"q": "Mosul"}, {"W-1"}),
    ({"q": "100%"}, set()),  # % is a character, not a wildcard
    ({"country": "SY", "outcome": "open"}, {"RP-3"}),
]


def test_register_filters(client: TestClient) -> None:
    for params, expected in REGISTER_FILTERS:
        response = client.get(f"{API}/reports", params=params)
        assert set(external_ids(response)) == expected, params
        assert response.json()["total"] == len(expected), params
        csv_rows = csv.DictReader(io.StringIO(client.get(f"{API}/reports.csv", params=params).text))
        assert {row["external_id"] for row in csv_rows} == expected, params


def test_register_pages_with_links_and_a_stable_order(client: TestClient) -> None:
    order = newest_first(client)
    first = client.get(f"{API}/reports", params={"per_page": 2})
    assert external_ids(first) == order[:2]
    assert (first.json()["total"], first.json()["pages"]) == (5, 3)  # 5 reports, 2 a page
    rels = links(first)
    assert set(rels) == {"first", "next", "last"}  # no previous page before the first
    assert "page=2" in rels["next"] and "per_page=2" in rels["next"]
    assert "page=3" in rels["last"]

    second = client.get(rels["next"])
    assert external_ids(second) == order[2:4]
    assert set(links(second)) == {"first", "prev", "next", "last"}
    assert "page=1" in links(second)["prev"]

    third = client.get(links(second)["next"])
    assert external_ids(third) == order[4:]
    assert set(links(third)) == {"first", "prev", "last"}  # no next page after the last

    # Filters are kept in the links.
    filtered = client.get(f"{API}/reports", params={"country": "SY", "per_page": 1})
    assert "country=SY" in links(filtered)["next"]
    # Beyond the last page: no items, a way back.
    beyond = client.get(f"{API}/reports", params={"page": 9})
    assert beyond.json()["items"] == [] and "page=1" in links(beyond)["prev"]


def test_register_csv_has_the_same_items(client: TestClient) -> None:
    response = client.get(f"{API}/reports.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [row["external_id"] for row in rows] == newest_first(client)
    by_id = {row["external_id"]: row for row in rows}
    assert by_id["W-1"]["source"] == WITHHELD_WITNESS
    assert by_id["RP-1"]["acknowledged_killed"] == "4"
    assert by_id["RP-3"]["latitude"] == ""  # no coordinates: an empty cell

    filtered = client.get(f"{API}/reports.csv", params={"outcome": "open"})
    assert {row["external_id"] for row in csv.DictReader(io.StringIO(filtered.text))} == {
        "W-1",
        "RP-3",
    }
    limited = client.get(f"{API}/reports.csv", params={"limit": 2})
    assert [r["external_id"] for r in csv.DictReader(io.StringIO(limited.text))] == (
        newest_first(client)[:2]
    )


def test_register_geojson(client: TestClient) -> None:
    response = client.get(f"{API}/reports.geojson")
    assert response.headers["content-type"].startswith("application/geo+json")
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    # RP-3 has no coordinates: left out and counted.
    assert collection["without_coordinates"] == 1
    features = {f["properties"]["external_id"]: f for f in collection["features"]}
    assert set(features) == {"RP-1", "AI-1", "RP-2", "W-1"}
    w1 = features["W-1"]
    assert w1["type"] == "Feature"
    assert w1["geometry"] == {"type": "Point", "coordinates": [43.13, 36.34]}  # lon, lat
    assert "latitude" not in w1["properties"] and "longitude" not in w1["properties"]
    assert w1["properties"]["source"] == WITHHELD_WITNESS
    assert w1["properties"]["outcome"] == "open"

    iraq = client.get(f"{API}/reports.geojson", params={"country": "IQ"}).json()
    assert [f["properties"]["external_id"] for f in iraq["features"]] == ["W-1"]
    assert iraq["without_coordinates"] == 0


def test_one_report_with_its_history(client: TestClient) -> None:
    known = ids(client)
    body = client.get(f"{API}/reports/{known['RP-1']}").json()
    assert body["entry"]["external_id"] == "RP-1" and body["entry"]["outcome"] == "credible"
    [decision] = body["assessments"]
    assert decision == {
        "id": decision["id"],
        "report": known["RP-1"],
        "report_external_id": "RP-1",
        "source": "Raqqa Post",
        "outcome": "credible",
        "reason_code": "credible",
        "reason": None,
        "killed": 4,
        "injured": None,
        "duplicate_of": None,
        "decided_at": "2017-07-01T10:00:00",
    }  # no assessor for the public
    [grading] = body["gradings"]
    assert (grading["monitor"], grading["grade"], grading["killed_min"], grading["killed_max"]) == (
        "Airwars",
        "fair",
        5,
        8,
    )
    assert grading["graded_at"] == "2017-06-30T00:00:00"
    [document] = body["documents"]
    # The loader hashes the archived text; the public gets the hash, not the text.
    digest = hashlib.sha256(b"Video of the strike on 10 June.").hexdigest()
    assert (document["url"], document["sha256"], document["language"]) == (
        "https://example.org/raqqa-post/1",
        digest,
        "ar",
    )
    assert "archived_text" not in document
    assert "victims" not in body


def test_report_history_keeps_reopenings_and_duplicates(client: TestClient) -> None:
    known = ids(client)
    w1 = client.get(f"{API}/reports/{known['W-1']}").json()
    # W-1: not credible on 08-01, reopened on 08-15, oldest first.
    assert [(a["outcome"], a["reason_code"], a["decided_at"]) for a in w1["assessments"]] == [
        ("not_credible", "insufficient_evidence", "2017-08-01T10:00:00"),
        ("open", "reopened", "2017-08-15T10:00:00"),
    ]
    assert w1["entry"]["source"] == WITHHELD_WITNESS
    assert {a["source"] for a in w1["assessments"]} == {WITHHELD_WITNESS}
    ai1 = client.get(f"{API}/reports/{known['AI-1']}").json()
    assert ai1["assessments"][0]["duplicate_of"] == known["RP-1"]
    assert ai1["gradings"] == [] and ai1["documents"] == []


def test_signed_in_users_see_assessors_archived_text_and_victims(client: TestClient) -> None:
    known = ids(client)
    sign_in(client, "ana")
    body = client.get(f"{API}/reports/{known['RP-1']}").json()
    assert body["assessments"][0]["assessor"] == "cell"
    assert body["documents"][0]["archived_text"] == "Video of the strike on 10 June."
    assert sorted(v["name"] for v in body["victims"]) == sorted(VICTIM_NAMES)
    w1 = client.get(f"{API}/reports/{known['W-1']}").json()
    assert w1["entry"]["source"] == WITNESS and w1["victims"] == []


def test_unknown_report_is_a_json_404(client: TestClient) -> None:
    response = client.get(f"{API}/reports/999999")
    assert response.status_code == 404
    assert response.json() == {"error": "there is no report with id 999999"}
    bad = client.get(f"{API}/reports/RP-1")
    assert bad.status_code == 422 and bad.json()["problems"][0]["field"] == "report_id"


# Parameter errors ------------------------------------------------------------------------------


BAD_PARAMETERS: list[tuple[dict[str, str], int, str]] = [
    ({"bbox": "1,2,3"}, 422, "bbox"),  # not four numbers
    ({"bbox": "a,b,c,d"}, 422, "bbox"),
    ({"bbox": "38,37,39,36"}, 400, "bbox"),  # south above north
    ({"bbox": "38,-95,39,36"}, 400, "bbox"),  # south beyond the pole
    ({"page": "0"}, 422, "page"),
    ({"page": "two"}, 422, "page"),
    ({"per_page": "501"}, 422, "per_page"),
    ({"per_page": "0"}, 422, "per_page"),
    ({"date_from": "2017-13-01"}, 422, "date_from"),
    ({"date_from": "2017-08-01", "date_to": "2017-07-01"}, 400, "date_from"),
    ({"outcome": "maybe"}, 422, "outcome"),
    ({"grade": "excellent"}, 422, "grade"),
    ({"country": "Syria"}, 422, "country"),
]


def test_bad_parameters_name_the_parameter(client: TestClient) -> None:
    for params, status, field in BAD_PARAMETERS:
        response = client.get(f"{API}/reports", params=params)
        assert response.status_code == status, (params, response.text)
        body = response.json()
        assert body["error"].startswith(f"{field}: "), params
        if status == 422:
            assert body["problems"][0]["field"] == field, params
        else:
            assert body["field"] == field, params
        assert "Traceback" not in response.text


def test_bad_bbox_is_refused_by_every_route_taking_one(client: TestClient) -> None:
    for path in ("reports", "reports.csv", "reports.geojson", "strikes", "strikes.csv"):
        response = client.get(f"{API}/{path}", params={"bbox": "nonsense"})
        assert response.status_code == 422, path
        assert response.json()["problems"][0]["field"] == "bbox"


# Strikes ---------------------------------------------------------------------------------------


def strike_ids(response) -> list[str]:  # type: ignore[no-untyped-def]
    return external_ids(response)


def test_strikes_latest_first_with_filters(client: TestClient) -> None:
    # S-3 (08-01), S-2 (07-02), then S-1 and S-0 (both 06-10), the later-inserted S-1 first.
    everything = client.get(f"{API}/strikes")
    assert strike_ids(everything) == ["S-3", "S-2", "S-1", "S-0"]
    s3 = everything.json()["items"][0]
    assert s3 == {
        "id": s3["id"],
        "belligerent": "Coalition",
        "external_id": "S-3",
        "date": "2017-08-01",
        "time": None,
        "place": "Raqqa",
        "country": "SY",
        "latitude": 35.95,
        "longitude": 39.0,
        "target": None,
        "engagements": 1,
        "simulated": False,
        "strikes": 1,
        "location_precision": None,
        "reported_on": None,
    }
    get = lambda **params: set(strike_ids(client.get(f"{API}/strikes", params=params)))  # noqa: E731
    assert get(date_from="2017-07-01") == {"S-2", "S-3"}
    assert get(date_to="2017-06-30") == {"S-0", "S-1"}
    assert get(date_from="2017-07-02", date_to="2017-07-02") == {"S-2"}
    assert get(country="IQ") == set()
    assert get(country="SY") == {"S-0", "S-1", "S-2", "S-3"}
    assert get(bbox="38.5,35.5,39.5,36.5") == {"S-0", "S-1", "S-2", "S-3"}
    assert get(bbox="40,30,45,40") == set()  # all strikes are at lon 39.0


def test_strikes_paging_csv_and_geojson(client: TestClient) -> None:
    page = client.get(f"{API}/strikes", params={"per_page": 3, "page": 2})
    assert strike_ids(page) == ["S-0"] and page.json()["pages"] == 2
    assert set(links(page)) == {"first", "prev", "last"}
    rows = list(csv.DictReader(io.StringIO(client.get(f"{API}/strikes.csv").text)))
    assert [row["external_id"] for row in rows] == ["S-3", "S-2", "S-1", "S-0"]
    assert rows[0]["date"] == "2017-08-01" and rows[0]["engagements"] == "1"
    collection = client.get(f"{API}/strikes.geojson", params={"date_to": "2017-06-30"}).json()
    assert collection["without_coordinates"] == 0
    assert sorted(f["properties"]["external_id"] for f in collection["features"]) == [
        "S-0",
        "S-1",
    ]
    assert collection["features"][0]["geometry"]["coordinates"] == [39.0, 35.95]


# Decisions, gradings, sources, documents -------------------------------------------------------


def decisions(client: TestClient, **params: str) -> list[tuple[str, str]]:
    response = client.get(f"{API}/assessments", params=params)
    assert response.status_code == 200, response.text
    return [(a["report_external_id"], a["outcome"]) for a in response.json()["items"]]


def test_assessments_latest_first_with_filters(client: TestClient) -> None:
    # The five sample decisions, by decided_at descending.
    assert decisions(client) == [
        ("W-1", "open"),  # 08-15
        ("W-1", "not_credible"),  # 08-01
        ("RP-2", "not_credible"),  # 07-20
        ("AI-1", "duplicate"),  # 07-02
        ("RP-1", "credible"),  # 07-01
    ]
    assert decisions(client, outcome="not_credible") == [
        ("W-1", "not_credible"),
        ("RP-2", "not_credible"),
    ]
    assert decisions(client, reason_code="reopened") == [("W-1", "open")]
    assert decisions(client, reason_code="no_strikes_in_area") == [("RP-2", "not_credible")]
    # Decided dates are whole days, both ends included: 07-02 10:00 and 07-20 10:00.
    assert decisions(client, decided_from="2017-07-02", decided_to="2017-07-20") == [
        ("RP-2", "not_credible"),
        ("AI-1", "duplicate"),
    ]
    assert decisions(client, decided_from="2017-08-01") == [
        ("W-1", "open"),
        ("W-1", "not_credible"),
    ]
    assert decisions(client, report=str(ids(client)["RP-1"])) == [("RP-1", "credible")]
    backwards = client.get(
        f"{API}/assessments", params={"decided_from": "2017-08-01", "decided_to": "2017-07-01"}
    )
    assert backwards.status_code == 400 and backwards.json()["field"] == "decided_from"
    unknown = client.get(f"{API}/assessments", params={"reason_code": "because"})
    assert unknown.status_code == 422 and unknown.json()["problems"][0]["field"] == "reason_code"


def test_assessments_withhold_the_witness_and_the_assessor(client: TestClient) -> None:
    items = client.get(f"{API}/assessments", params={"reason_code": "reopened"}).json()["items"]
    assert items[0]["source"] == WITHHELD_WITNESS and "assessor" not in items[0]
    assert items[0]["reason"] == "New video from the street"
    sign_in(client, "rev")
    items = client.get(f"{API}/assessments", params={"reason_code": "reopened"}).json()["items"]
    assert (items[0]["source"], items[0]["assessor"]) == (WITNESS, "cell")


def test_gradings_with_filters(client: TestClient) -> None:
    def graded(**params: str) -> list[tuple[str, str]]:
        response = client.get(f"{API}/gradings", params=params)
        assert response.status_code == 200, response.text
        return [(g["report_external_id"], g["grade"]) for g in response.json()["items"]]

    # Latest first: W-1 (07-30), RP-2 (07-10), RP-1 (06-30).
    assert graded() == [("W-1", "fair"), ("RP-2", "weak"), ("RP-1", "fair")]
    assert graded(grade="fair") == [("W-1", "fair"), ("RP-1", "fair")]
    assert graded(monitor="Airwars", grade="weak") == [("RP-2", "weak")]
    assert graded(monitor="Nobody") == []
    assert graded(report=str(ids(client)["RP-2"])) == [("RP-2", "weak")]
    first = client.get(f"{API}/gradings").json()["items"][0]
    assert (first["monitor"], first["killed_min"], first["killed_max"]) == ("Airwars", 2, 4)


def test_sources_public_and_restricted(client: TestClient) -> None:
    public = client.get(f"{API}/sources").json()
    # By name; the witness is left out entirely. Raqqa Post made 3 reports, Amnesty 1.
    assert [(s["name"], s["type"], s["reports"]) for s in public["items"]] == [
        ("Airwars", "monitor", 0),
        ("Amnesty International", "ngo", 1),
        ("Raqqa Post", "social_media", 3),
    ]
    assert public["total"] == 3
    assert client.get(f"{API}/sources", params={"type": "individual"}).json()["items"] == []
    ngos = client.get(f"{API}/sources", params={"type": "ngo"}).json()["items"]
    assert [s["name"] for s in ngos] == ["Amnesty International"]

    sign_in(client, "ana")
    restricted = client.get(f"{API}/sources").json()
    assert restricted["total"] == 4
    witness = next(s for s in restricted["items"] if s["type"] == "individual")
    assert (witness["name"], witness["description"], witness["public"], witness["reports"]) == (
        WITNESS,
        WITNESS_DESCRIPTION,
        False,
        1,
    )


def test_documents_cite_reports_without_naming_witnesses(
    client: TestClient, engine: Engine
) -> None:
    with transaction(engine) as session:
        load(
            session,
            "documents",
            [
                {
                    "report_external_id": "W-1",
                    "url": "https://example.org/street-video",
                    "archived_text": "Street video.",
                    "language": "en",
                }
            ],
        )
    known = ids(client)
    response = client.get(f"{API}/documents")
    items = response.json()["items"]
    # Oldest first: the sample's document, then the witness's.
    assert [d["url"] for d in items] == [
        "https://example.org/raqqa-post/1",
        "https://example.org/street-video",
    ]
    assert items[0]["reports"] == [
        {"id": known["RP-1"], "external_id": "RP-1", "source": "Raqqa Post"}
    ]
    assert items[1]["reports"] == [
        {"id": known["W-1"], "external_id": "W-1", "source": WITHHELD_WITNESS}
    ]
    assert all("archived_text" not in d for d in items)
    assert WITNESS not in response.text

    english = client.get(f"{API}/documents", params={"language": "en"}).json()["items"]
    assert [d["url"] for d in english] == ["https://example.org/street-video"]
    cited = client.get(f"{API}/documents", params={"report": known["RP-1"]}).json()["items"]
    assert [d["url"] for d in cited] == ["https://example.org/raqqa-post/1"]

    sign_in(client, "ana")
    items = client.get(f"{API}/documents").json()["items"]
    assert items[1]["reports"][0]["source"] == WITNESS
    assert items[1]["archived_text"] == "Street video."


# Victims: restricted ---------------------------------------------------------------------------


def test_victims_need_sign_in_or_a_token(client: TestClient, engine: Engine) -> None:
    anonymous = client.get(f"{API}/victims")
    assert anonymous.status_code == 401
    assert set(anonymous.json()) == {"error"} and "sign in" in anonymous.json()["error"]
    bad_token = client.get(f"{API}/victims", headers={"Authorization": "Bearer not-a-token"})
    assert bad_token.status_code == 401 and "token" in bad_token.json()["error"]

    headers = token_for(engine, "adm")
    by_token = client.get(f"{API}/victims", headers=headers).json()
    # All three sample victims are named in RP-1, ordered by their external ids 0, 1, 2.
    assert [v["name"] for v in by_token["items"]] == VICTIM_NAMES
    assert {v["report_external_id"] for v in by_token["items"]} == {"RP-1"}
    assert [v["sex"] for v in by_token["items"]] == ["male", "male", "female"]
    assert {v["status"] for v in by_token["items"]} == {"killed"}
    known = ids(client)
    none = client.get(f"{API}/victims", params={"report": known["W-1"]}, headers=headers)
    assert none.json()["items"] == []

    sign_in(client, "ana")
    assert client.get(f"{API}/victims").json()["total"] == 3


def test_victims_refuse_a_role_without_read_restricted(
    client: TestClient, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every role may read restricted data today; take it away from analysts to see the 403.
    monkeypatch.setitem(
        PERMISSIONS, Role.ANALYST, PERMISSIONS[Role.ANALYST] - {Permission.READ_RESTRICTED}
    )
    response = client.get(f"{API}/victims", headers=token_for(engine, "ana"))
    assert response.status_code == 403
    assert response.json() == {
        "error": "your role (analyst) may not see victims' names and non-public sources."
    }


# Statements and tallies ------------------------------------------------------------------------


def test_statement_for_july_2017(client: TestClient) -> None:
    body = client.get(f"{API}/statement", params={"month": "2017-07"}).json()
    # received in July: RP-2 (07-03), W-1 (07-16). Open on 07-01: RP-1, AI-1 (RP-1 is closed
    # later that day). Closed in July: RP-1 credible (4 killed), AI-1 duplicate, RP-2 not
    # credible. Open on 08-01: only W-1 (its first decision is at 08-01 10:00). 2 + 2 − 3 = 1.
    assert body["period"] == "2017-07"
    expected = {
        "received": 2,
        "carried_over": 2,
        "completed": 3,
        "credible": 1,
        "credible_killed": 4,
        "non_credible": 1,
        "duplicate": 1,
        "still_open": 1,
        "reopened": 0,
        "killed_cumulative": 4,
        # Strikes to 07-31: two on 06-10, one on 07-02.
        "strikes_total": 3,
        "strikes_from": "2017-06",
        "strikes_to": "2017-07",
        "belligerent": "Coalition",
        "revisions": [],
    }
    assert {key: body[key] for key in expected} == expected
    # Airwars's latest gradings by 08-01: RP-1 fair 5–8, W-1 fair 2–4 (RP-2 weak is not likely).
    assert body["monitors"] == [{"name": "Airwars", "killed_min": 7, "killed_max": 12}]
    known = ids(client)
    assert body["provenance"]["received"] == sorted([known["RP-2"], known["W-1"]])
    assert body["provenance"]["still_open"] == [known["W-1"]]


def test_statement_for_august_counts_the_reopening(client: TestClient) -> None:
    body = client.get(f"{API}/statement", params={"month": "2017-08"}).json()
    # W-1 carried over, closed 08-01 and reopened 08-15; RP-3 received 08-02. 1 + 1 + 1 − 1 = 2.
    assert (body["carried_over"], body["received"], body["completed"]) == (1, 1, 1)
    assert (body["reopened"], body["still_open"], body["strikes_total"]) == (1, 2, 4)


def test_statement_as_text_and_markdown(client: TestClient) -> None:
    text = client.get(f"{API}/statement", params={"month": "2017-07", "format": "text"})
    assert text.headers["content-type"].startswith("text/plain")
    assert text.text.startswith("Monthly civilian casualty report — July 2017")
    assert "completed the assessment of 3 reports: 1 credible" in text.text
    markdown = client.get(f"{API}/statement", params={"month": "2017-07", "format": "markdown"})
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert markdown.text.startswith("# Civilian casualty statement, July 2017")
    assert "| Reports received | 2 |" in markdown.text


def test_statement_errors_name_the_parameter(client: TestClient) -> None:
    missing = client.get(f"{API}/statement")
    assert missing.status_code == 422 and missing.json()["problems"][0]["field"] == "month"
    wrong = client.get(f"{API}/statement", params={"month": "2017-13"})
    assert wrong.status_code == 400 and wrong.json()["field"] == "month"
    form = client.get(f"{API}/statement", params={"month": "2017-07", "format": "pdf"})
    assert form.status_code == 422 and form.json()["problems"][0]["field"] == "format"


def test_statements_series_and_tallies(client: TestClient) -> None:
    series = client.get(f"{API}/statements").json()
    # From the first event (strikes on 2017-06-10) to the last (W-1 reopened 2017-08-15).
    assert [row["period"] for row in series["items"]] == ["2017-06", "2017-07", "2017-08"]
    june = series["items"][0]
    assert (june["received"], june["strikes_total"], june["still_open"]) == (2, 2, 2)
    assert series["items"][1]["completed"] == 3 and series["items"][2]["reopened"] == 1
    assert series["columns"][0] == "period"
    assert client.get(f"{API}/tallies", params={"by": "month"}).json()["items"] == series["items"]

    def table(by: str) -> dict[str, dict[str, int]]:
        body = client.get(f"{API}/tallies", params={"by": by}).json()
        assert body["by"] == by and body["columns"][0] == by
        return {row[by]: row for row in body["items"]}

    countries = table("country")
    # Iraq: W-1 (open). Syria: RP-1 credible (4), AI-1 duplicate, RP-2 not credible, RP-3 open.
    assert (countries["IQ"]["reports"], countries["IQ"]["open"]) == (1, 1)
    assert countries["SY"] == {
        "country": "SY",
        "reports": 4,
        "open": 1,
        "credible": 1,
        "not_credible": 1,
        "duplicate": 1,
        "acknowledged_killed": 4,
    }
    sources = table("source")
    assert set(sources) == {WITHHELD_WITNESS, "Amnesty International", "Raqqa Post"}
    assert sources["Raqqa Post"]["reports"] == 3
    outcomes = table("outcome")
    assert {label: row["reports"] for label, row in outcomes.items()} == {
        "open": 2,
        "credible": 1,
        "not_credible": 1,
        "duplicate": 1,
    }
    as_csv = client.get(f"{API}/tallies", params={"by": "country", "format": "csv"})
    assert [row["country"] for row in csv.DictReader(io.StringIO(as_csv.text))] == ["IQ", "SY"]
    months = client.get(f"{API}/statements", params={"format": "csv"})
    assert [r["period"] for r in csv.DictReader(io.StringIO(months.text))][-1] == "2017-08"
    wrong = client.get(f"{API}/tallies", params={"by": "weather"})
    assert wrong.status_code == 422 and wrong.json()["problems"][0]["field"] == "by"


def test_tallies_by_the_month_events_happened(client: TestClient) -> None:
    """The sample's reports by event date (tests/sample.py): June RP-1 (4–7, credible, 4
    acknowledged) and AI-1 (5–9, duplicate); July RP-2 (1, not credible) and W-1 (2–3,
    reopened); August RP-3 (0–2, open)."""
    body = client.get(f"{API}/tallies", params={"by": "event_month"}).json()
    assert body["columns"] == [
        "event_month",
        "reports",
        "killed_min",
        "killed_max",
        "open",
        "credible",
        "not_credible",
        "duplicate",
        "acknowledged_killed",
    ]
    rows = [[row[column] for column in body["columns"]] for row in body["items"]]
    assert rows == [
        ["2017-06", 2, 9, 16, 0, 1, 0, 1, 4],
        ["2017-07", 2, 3, 4, 1, 0, 1, 0, 0],
        ["2017-08", 1, 0, 2, 1, 0, 0, 0, 0],
    ]


# Data quality ----------------------------------------------------------------------------------


def test_a_report_inconsistent_in_its_source_shows_why_in_the_api_page_and_csv(
    client: TestClient, engine: Engine
) -> None:
    """The flag an importer stores (issue 18) is public: it is about the figures, not people."""
    why = "low (7) is greater than high (2)"
    with transaction(engine) as session:
        load(
            session,
            "reports",
            [
                {
                    "external_id": "DQ-1",
                    "source": "Raqqa Post",
                    "date_start": "2017-09-01",
                    "country": "SY",
                    "killed_min": 2,
                    "killed_max": 7,
                    "data_quality": why,
                }
            ],
        )
    known = ids(client)
    flagged = client.get(f"{API}/reports/{known['DQ-1']}").json()["entry"]
    clean = client.get(f"{API}/reports/{known['RP-1']}").json()["entry"]
    assert (flagged["data_quality"], clean["data_quality"]) == (why, None)
    assert (flagged["killed_min"], flagged["killed_max"]) == (2, 7)
    page = client.get(f"/reports/{known['DQ-1']}").text
    assert f"contradict each other, kept as stated: {why}" in page
    assert "data-quality" not in client.get(f"/reports/{known['RP-1']}").text
    rows = {
        row["external_id"]: row
        for row in csv.DictReader(io.StringIO(client.get(f"{API}/reports.csv").text))
    }
    assert (rows["DQ-1"]["data_quality"], rows["RP-1"]["data_quality"]) == (why, "")
