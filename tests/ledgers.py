"""The small hand-built ledger the ledger tests share, written through intake as a user would.

`ROWS` is one monitor, reports A-1 and A-2, and for A-1 an archived document, an assessment, a
grading and a victim: the audit tests count its events by hand. `RICH_ROWS` is the same ledger
with what a backup must carry unchanged besides: a second source with non-ASCII text, quotes and a
newline, places and coordinates, microseconds, a text long enough to be kept in the chain as its
digest, a strike and an age.
"""

from __future__ import annotations

import copy
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from civcas.intake import load
from civcas.ledger.database import migrate, open_engine

Rows = dict[str, list[dict[str, Any]]]

EVIDENCE = "A video of the strike on the market, posted at 14:02."
LONG_TEXT = "A witness statement, long enough to be kept in the chain as its digest. " * 5
A1 = {"report_source": "Airwars", "report_external_id": "A-1"}
ROWS: Rows = {
    "sources": [{"name": "Airwars", "type": "monitor"}],
    "reports": [
        {
            "external_id": e,
            "source": "Airwars",
            "date_start": "2017-06-10",
            "country": "SY",
            "killed_min": 2,
            "killed_max": 4,
            "received_at": "2017-06-11T00:00",
        }
        for e in ("A-1", "A-2")
    ],
    "documents": [
        A1
        | {"url": "https://e.org/v", "archived_text": EVIDENCE, "retrieved_at": "2017-06-11T00:00"}
    ],
    "assessments": [
        A1
        | {
            "outcome": "credible",
            "reason_code": "credible",
            "killed": 3,
            "decided_at": "2017-07-01T00:00",
        }
    ],
    "gradings": [
        A1
        | {
            "monitor": "Airwars",
            "grade": "fair",
            "graded_at": "2017-07-02T00:00",
            "killed_min": 2,
            "killed_max": 3,
        }
    ],
    "victims": [A1 | {"external_id": "V1", "name": "Ahmad", "status": "killed"}],
}
STRIKE = {
    "external_id": "S-1",
    "belligerent": "Coalition",
    "date": "2017-06-10",
    "country": "SY",
    "latitude": 36,
    "longitude": 39,
    "time": "14:02",
}


def _rich() -> Rows:
    rows = copy.deepcopy(ROWS)
    rows["sources"][0] |= {"url": "https://airwars.org", "public": True}
    rows["sources"].append(
        {
            "name": "Local council",
            "type": "ngo",
            "public": False,
            "description": 'Nürnberg → ☂ "quoted"\nsecond line',
        }
    )
    for report in rows["reports"]:
        report |= {
            "place": "Raqqa",
            "latitude": 35.95,
            "longitude": 39.01,
            "location_precision": "town",
            "received_at": "2017-06-11T08:30:15.123456",
        }
    rows["documents"][0]["archived_text"] = LONG_TEXT
    rows["victims"][0]["age"] = 7
    order = ["sources", "reports", "documents", "strikes", "assessments", "gradings", "victims"]
    return {kind: rows.get(kind, [dict(STRIKE)]) for kind in order}


RICH_ROWS = _rich()


def load_ledger(session: Session, rows: Rows = ROWS) -> None:
    """Load `rows` kind by kind, in their order."""
    for kind, values in rows.items():
        load(session, kind, values)


def upgraded_old_ledger(database_url: str, statements: list[str]) -> Engine:
    """A ledger whose rows were written at migration 0007 (raw SQL, as a ledger of that time
    held them), then upgraded to the head: 0008 starts the audit chain over them, later
    migrations add columns. The caller disposes of the engine."""
    engine = open_engine(database_url)
    migrate(engine, "0007")
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))
    migrate(engine)
    return engine
