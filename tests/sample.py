"""A small ledger for web tests: every kind of record, a withheld witness, one user per role.

The secrets below — victims' names, the witness's name and description — must never appear in a
public page or public API response; tests search for them.
"""

from __future__ import annotations

from backends import Recipe
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from civcas.accounts import add_user
from civcas.intake import load
from civcas.ledger.database import transaction

PASSWORD = "correct horse battery"
USERS = {"ana": "analyst", "rev": "reviewer", "adm": "admin"}
WITNESS = "Umm Khalid (witness)"
WITNESS_DESCRIPTION = "Lives beside the bakery on Tal Abyad road"
VICTIM_NAMES = ["Mohammed al-Hassan", "محمد الحسن", "Fatima Abd al-Rahman"]
SECRETS = [WITNESS, WITNESS_DESCRIPTION, *VICTIM_NAMES]

SOURCES = [
    {"name": "Airwars", "type": "monitor", "url": "https://airwars.org"},
    {"name": "Raqqa Post", "type": "social_media"},
    {"name": "Amnesty International", "type": "ngo"},
    {"name": WITNESS, "type": "individual", "description": WITNESS_DESCRIPTION},
]
REPORTS = [
    # external_id, source, date, place, country, lat, lon, killed range, received
    ("RP-1", "Raqqa Post", "2017-06-10", "Raqqa", "SY", 35.95, 39.01, (4, 7), "2017-06-11T08:00"),
    (
        "AI-1",
        "Amnesty International",
        "2017-06-10",
        "Ar-Raqqah",
        "SY",
        35.96,
        39.02,
        (5, 9),
        "2017-06-20T08:00",
    ),
    ("RP-2", "Raqqa Post", "2017-07-02", "Tabqa", "SY", 35.84, 38.55, (1, 1), "2017-07-03T08:00"),
    ("W-1", WITNESS, "2017-07-15", "Mosul", "IQ", 36.34, 43.13, (2, 3), "2017-07-16T08:00"),
    ("RP-3", "Raqqa Post", "2017-08-01", "Hajin", "SY", None, None, (0, 2), "2017-08-02T08:00"),
]
DECISIONS = [
    ("RP-1", "credible", "credible", 4, None, None, "2017-07-01T10:00"),
    ("AI-1", "duplicate", "duplicate", None, "RP-1", None, "2017-07-02T10:00"),
    ("RP-2", "not_credible", "no_strikes_in_area", None, None, None, "2017-07-20T10:00"),
    ("W-1", "not_credible", "insufficient_evidence", None, None, None, "2017-08-01T10:00"),
    ("W-1", "open", "reopened", None, None, "New video from the street", "2017-08-15T10:00"),
]
GRADINGS = [
    ("RP-1", "fair", 5, 8, "2017-06-30T00:00"),
    ("RP-2", "weak", 1, 1, "2017-07-10T00:00"),
    ("W-1", "fair", 2, 4, "2017-07-30T00:00"),
]


def build(session: Session) -> None:
    load(session, "sources", SOURCES)
    load(
        session,
        "reports",
        [
            {
                "external_id": rid,
                "source": src,
                "date_start": day,
                "place": place,
                "country": country,
                "latitude": lat,
                "longitude": lon,
                "location_precision": "town" if lat is not None else None,
                "killed_min": killed[0],
                "killed_max": killed[1],
                "perpetrator": "Coalition",
                "summary": f"Airstrike reported near {place}.",
                "received_at": received,
            }
            for rid, src, day, place, country, lat, lon, killed, received in REPORTS
        ],
    )
    load(
        session,
        "assessments",
        [
            {
                "report_external_id": rid,
                "outcome": outcome,
                "reason_code": code,
                "killed": killed,
                "duplicate_of_external_id": dup,
                "reason": reason,
                "assessor": "cell",
                "decided_at": at,
            }
            for rid, outcome, code, killed, dup, reason, at in DECISIONS
        ],
    )
    load(
        session,
        "gradings",
        [
            {
                "report_external_id": rid,
                "monitor": "Airwars",
                "grade": grade,
                "killed_min": low,
                "killed_max": high,
                "graded_at": at,
            }
            for rid, grade, low, high, at in GRADINGS
        ],
    )
    load(
        session,
        "documents",
        [
            {
                "report_external_id": "RP-1",
                "url": "https://example.org/raqqa-post/1",
                "archived_text": "Video of the strike on 10 June.",
                "language": "ar",
            }
        ],
    )
    load(
        session,
        "victims",
        [
            {
                "report_external_id": "RP-1",
                "external_id": str(n),
                "name": name,
                "status": "killed",
                "sex": "male" if n < 2 else "female",
            }
            for n, name in enumerate(VICTIM_NAMES)
        ],
    )
    load(
        session,
        "strikes",
        [
            {
                "external_id": f"S-{n}",
                "belligerent": "Coalition",
                "date": day,
                "country": "SY",
                "place": "Raqqa",
                "latitude": 35.95,
                "longitude": 39.0,
            }
            for n, day in enumerate(["2017-06-10", "2017-06-10", "2017-07-02", "2017-08-01"])
        ],
    )
    for name, role in USERS.items():
        add_user(session, name, role, PASSWORD)


def build_ledger(engine: Engine) -> None:
    with transaction(engine) as session:
        build(session)


SAMPLE = Recipe("sample", build_ledger)
"""The sample ledger as a template: built once per test session, copied for each web test."""
