"""Each report's stored current state (outcome, reason, grade) always equals its replayed history,
including for data written before migration 0002 introduced the columns."""

from __future__ import annotations

import pytest
from alembic import command
from backends import DEMO
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from civcas.intake import load
from civcas.ledger.database import _alembic_config, migrate, open_engine, transaction
from civcas.ledger.models import Report


def replayed(session: Session) -> dict[str, tuple[str, str | None, str | None]]:
    """(outcome, reason_code, grade) per report, worked out from the history tables in SQL."""
    rows = session.execute(
        text(
            "SELECT r.external_id,"
            " (SELECT a.outcome FROM assessments a WHERE a.report_id = r.id"
            "  ORDER BY a.decided_at DESC LIMIT 1),"
            " (SELECT a.reason_code FROM assessments a WHERE a.report_id = r.id"
            "  ORDER BY a.decided_at DESC LIMIT 1),"
            " (SELECT g.grade FROM gradings g WHERE g.report_id = r.id"
            "  ORDER BY g.graded_at DESC LIMIT 1)"
            " FROM reports r"
        )
    )
    return {rid: (outcome or "open", reason, grade) for rid, outcome, reason, grade in rows}


def stored(session: Session) -> dict[str, tuple[str, str | None, str | None]]:
    return {
        r.external_id: (
            r.outcome.value,
            r.reason_code and r.reason_code.value,
            r.grade and r.grade.value,
        )
        for r in session.scalars(select(Report))
    }


ROWS = {
    "sources": [{"name": "S", "type": "media"}, {"name": "M", "type": "monitor"}],
    "reports": [
        {
            "external_id": rid,
            "source": "S",
            "date_start": "2017-01-01",
            "country": "IQ",
            "received_at": "2017-01-02T00:00",
        }
        for rid in ("a", "b", "c")
    ],
    "assessments": [
        {
            "report_external_id": "a",
            "outcome": "credible",
            "reason_code": "credible",
            "killed": 2,
            "decided_at": "2017-02-01T00:00",
        },
        {
            "report_external_id": "b",
            "outcome": "not_credible",
            "reason_code": "no_strikes_in_area",
            "decided_at": "2017-02-01T00:00",
        },
        {
            "report_external_id": "b",
            "outcome": "open",
            "reason_code": "reopened",
            "reason": "new",
            "decided_at": "2017-03-01T00:00",
        },
    ],
    "gradings": [
        {
            "report_external_id": "a",
            "monitor": "M",
            "grade": "fair",
            "graded_at": "2017-02-02T00:00",
        },
        {
            "report_external_id": "a",
            "monitor": "M",
            "grade": "confirmed",
            "graded_at": "2017-04-02T00:00",
        },
        {
            "report_external_id": "c",
            "monitor": "M",
            "grade": "weak",
            "graded_at": "2017-02-02T00:00",
        },
    ],
}
# By hand: a credible (confirmed, the later grading); b reopened (no grade); c open, weak.
EXPECTED = {
    "a": ("credible", "credible", "confirmed"),
    "b": ("open", "reopened", None),
    "c": ("open", None, "weak"),
}


def test_the_loader_keeps_the_current_state(session: Session) -> None:
    for kind, rows in ROWS.items():
        load(session, kind, rows)
    assert stored(session) == EXPECTED == replayed(session)


def test_migration_0002_fills_the_state_of_existing_reports(database_url: str) -> None:
    engine = open_engine(database_url)
    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    # Write the rows as a 0001-era civcas would have: straight into the old tables.
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO sources (id, name, type, public) VALUES "
                "(1, 'S', 'media', true), (2, 'M', 'monitor', true)"
            )
        )
        for n, rid in enumerate(("a", "b", "c"), start=1):
            connection.execute(
                text(
                    "INSERT INTO reports (id, source_id, external_id, date_start, date_end,"
                    " date_precision, country, received_at) VALUES"
                    f" ({n}, 1, '{rid}', '2017-01-01', '2017-01-01', 'day', 'IQ', '2017-01-02')"
                )
            )
        connection.execute(
            text(
                "INSERT INTO assessments"
                " (report_id, outcome, reason_code, reason, killed, decided_at) VALUES"
                " (1, 'credible', 'credible', NULL, 2, '2017-02-01'),"
                " (2, 'not_credible', 'no_strikes_in_area', NULL, NULL, '2017-02-01'),"
                " (2, 'open', 'reopened', 'new', NULL, '2017-03-01')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO gradings (report_id, monitor_id, grade, graded_at) VALUES"
                " (1, 2, 'fair', '2017-02-02'), (1, 2, 'confirmed', '2017-04-02'),"
                " (3, 2, 'weak', '2017-02-02')"
            )
        )
    migrate(engine)  # what civcas does on start
    with transaction(engine) as session:
        assert stored(session) == EXPECTED
    engine.dispose()


@pytest.mark.parametrize("ledger_recipe", [DEMO], ids=["demo"])
def test_state_matches_history_after_the_demo(engine: Engine) -> None:
    """On a copy of the demo ledger (the `ledger_recipe` fixture, tests/conftest.py)."""
    with transaction(engine) as session:
        assert stored(session) == replayed(session)
