"""Claims in the ledger: stored once with their document, shown beside the computed statement."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from civcas.claims.parties import COALITION
from civcas.claims.store import (
    CAMPAIGN_START,
    Figure,
    claims_timeline,
    record_claims,
    statement_figures,
)
from civcas.errors import FieldError
from civcas.intake import load
from civcas.ledger.models import Claim, Document
from civcas.publication.published import published_beside_computed
from civcas.vocab import Measure

FIRST = "The coalition says 1,059 civilians died."
SECOND = "Airwars says 6,488 to 9,947 likely died."
ARTICLE = f"{FIRST} {SECOND}"
JUNE_END = dt.date(2018, 6, 30)
FIGURES = [
    Figure(COALITION, Measure.CIVILIANS_KILLED, 1059, 1059, None, JUNE_END, 0, len(FIRST)),
    Figure(
        "airwars",
        Measure.CIVILIANS_KILLED,
        6488,
        9947,
        None,
        JUNE_END,
        len(FIRST) + 1,
        len(ARTICLE),
    ),
]
NOW = dt.datetime(2018, 7, 20, 9, 0)


def count(session: Session, table: type) -> int:
    return session.scalar(select(func.count()).select_from(table)) or 0


def test_claims_are_stored_once_with_their_document(session: Session) -> None:
    first = record_claims(session, ARTICLE, FIGURES, url="https://example.org/a", now=lambda: NOW)
    again = record_claims(session, ARTICLE, FIGURES, url="https://example.org/a", now=lambda: NOW)
    assert (first.added, first.unchanged) == (2, 0)
    assert (again.added, again.unchanged) == (0, 2)
    assert first.document_id == again.document_id
    assert count(session, Claim) == 2 and count(session, Document) == 1
    shown = claims_timeline(session, Measure.CIVILIANS_KILLED)
    assert [(c.claimant, c.value_min, c.value_max) for c in shown] == [
        (COALITION, 1059, 1059),
        ("airwars", 6488, 9947),
    ]
    assert shown[1].sentence == SECOND
    assert shown[0].url == "https://example.org/a"


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        (Figure("x", Measure.STRIKES, 9, 3, None, None), "value"),
        (Figure("x", Measure.STRIKES, 3, 3, dt.date(2018, 2, 1), dt.date(2018, 1, 1)), "period"),
        (Figure("x", Measure.STRIKES, 3, 3, None, None, 10, 999), "offsets"),
        (Figure("x", Measure.STRIKES, 3, 3, None, None, 10, None), "offsets"),
    ],
)
def test_a_bad_figure_is_named_and_nothing_is_written(
    session: Session, bad: Figure, field: str
) -> None:
    with pytest.raises(FieldError) as raised:
        record_claims(session, ARTICLE, [FIGURES[0], bad], now=lambda: NOW)
    assert raised.value.field == field and "figure 2 (x, strikes)" in str(raised.value)
    assert count(session, Claim) == 0 and count(session, Document) == 0


def test_a_statements_figures_become_claims_over_their_spans() -> None:
    figures = {
        "period": "2018-06",
        "strikes_total": 29826,
        "strikes_from": "2014-08",
        "strikes_to": "2018-06",
        "killed_cumulative": 1059,
        "received": 45,
        "credible": 16,
        "reopened": None,
    }
    june = (dt.date(2018, 6, 1), dt.date(2018, 6, 30))
    assert set(statement_figures(figures, COALITION)) == {
        Figure(COALITION, Measure.REPORTS_RECEIVED, 45, 45, *june),
        Figure(COALITION, Measure.REPORTS_CREDIBLE, 16, 16, *june),
        Figure(COALITION, Measure.CIVILIANS_KILLED, 1059, 1059, CAMPAIGN_START, june[1]),
        Figure(COALITION, Measure.STRIKES, 29826, 29826, dt.date(2014, 8, 1), june[1]),
    }


def test_published_figures_are_listed_beside_the_ledgers_not_fixed(session: Session) -> None:
    """The ledger holds two reports received in June 2018, one found credible with 3 deaths;
    the release claims 45 received and 16 credible. By hand: received 2 vs 45, credible 1 vs 16,
    killed to date 3 vs 1,059; still open 1, which the release does not state."""
    load(session, "sources", [{"name": "Airwars", "type": "monitor"}])
    load(
        session,
        "reports",
        [
            {
                "source": "Airwars",
                "external_id": external_id,
                "date_start": "2018-06-02",
                "country": "IQ",
                "received_at": "2018-06-05T10:00:00",
            }
            for external_id in ("A1", "A2")
        ],
    )
    load(
        session,
        "assessments",
        [
            {
                "report_source": "Airwars",
                "report_external_id": "A1",
                "outcome": "credible",
                "reason_code": "credible",
                "killed": 3,
                "decided_at": "2018-06-20T12:00:00",
            }
        ],
    )
    stated = {"period": "2018-06", "received": 45, "credible": 16, "killed_cumulative": 1059}
    record_claims(session, "the release", statement_figures(stated, COALITION), now=lambda: NOW)
    rows = {row.figure: row for row in published_beside_computed(session, "2018-06", COALITION)}
    assert (rows["received"].published, rows["received"].computed) == (45, 2)
    assert (rows["credible"].published, rows["credible"].computed) == (16, 1)
    assert (rows["killed_cumulative"].published, rows["killed_cumulative"].computed) == (1059, 3)
    assert all(rows[name].differs for name in ("received", "credible", "killed_cumulative"))
    assert rows["still_open"].published is None and rows["still_open"].computed == 1
    assert not rows["still_open"].differs
    assert published_beside_computed(session, "2018-06", "airwars")[0].published is None
