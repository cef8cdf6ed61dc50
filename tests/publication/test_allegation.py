"""One allegation with its history (civcas.publication.allegation) over the sample ledger
(tests/sample.py), expected values worked out by hand:

    RP-1  Raqqa Post      credible, 4 acknowledged (07-01, by "cell"); Airwars fair 5–8 (06-30);
                          cites one document; names three victims; AI-1 duplicates it
    AI-1  Amnesty         duplicate of RP-1 (07-02); no grading, no document
    W-1   the witness     not credible (08-01), reopened (08-15, "New video from the street");
          (not public)    Airwars fair 2–4 (07-30)
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from backends import Recipe
from sample import SAMPLE, VICTIM_NAMES, WITNESS
from sqlalchemy import select
from sqlalchemy.orm import Session

from civcas.intake import load
from civcas.ledger.models import Report
from civcas.publication.allegation import (
    DecisionEntry,
    GradingEntry,
    ReportLink,
    allegation,
)
from civcas.vocab import Grade, HarmStatus, Outcome, ReasonCode, Sex

WITHHELD_WITNESS = "(withheld individual source)"
RP1_TEXT = "Video of the strike on 10 June."


@pytest.fixture
def ledger_recipe() -> Recipe:
    """Every test here starts from a copy of the sample ledger (tests/sample.py)."""
    return SAMPLE


def ids(session: Session) -> dict[str, int]:
    return {
        external_id: id_
        for external_id, id_ in session.execute(select(Report.external_id, Report.id))
    }


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def test_a_credible_allegation_with_its_history(session: Session) -> None:
    known = ids(session)
    found = allegation(session, known["RP-1"], restricted=False)
    assert found is not None
    assert (found.entry.external_id, found.entry.source) == ("RP-1", "Raqqa Post")
    assert (found.entry.outcome, found.entry.acknowledged_killed) == (Outcome.CREDIBLE, 4)
    assert (found.perpetrator, found.summary) == ("Coalition", "Airstrike reported near Raqqa.")
    assert found.children_killed_min is None and found.women_killed_max is None
    [decision] = found.decisions
    assert decision == DecisionEntry(
        id=decision.id,
        decided_at=at("2017-07-01T10:00"),
        outcome=Outcome.CREDIBLE,
        reason_code=ReasonCode.CREDIBLE,
        reason=None,
        killed=4,
        injured=None,
        duplicate_of=None,
        assessor="cell",
        revision=False,
        reopening=False,
    )
    assert found.gradings == (
        GradingEntry(
            id=found.gradings[0].id,
            monitor="Airwars",
            grade=Grade.FAIR,
            killed_min=5,
            killed_max=8,
            injured_min=None,
            injured_max=None,
            graded_at=at("2017-06-30T00:00"),
        ),
    )
    [document] = found.documents
    assert (document.url, document.language) == ("https://example.org/raqqa-post/1", "ar")
    assert document.sha256 == hashlib.sha256(RP1_TEXT.encode()).hexdigest()
    assert document.archived_text is None  # the public gets the hash, not the text
    assert [link.external_id for link in document.cited_by] == ["RP-1"]
    # AI-1 is assessed as a duplicate of RP-1; RP-1 duplicates nothing.
    assert found.duplicates is None
    assert found.duplicated_by == (
        ReportLink(
            id=known["AI-1"],
            external_id="AI-1",
            source="Amnesty International",
            place="Ar-Raqqah",
            country="SY",
            date_start=dt.date(2017, 6, 10),
        ),
    )
    assert found.victims == () and not found.restricted


def test_restricted_readers_get_victims_and_archived_text(session: Session) -> None:
    found = allegation(session, ids(session)["RP-1"], restricted=True)
    assert found is not None and found.restricted
    assert [victim.name for victim in found.victims] == VICTIM_NAMES
    assert [victim.external_id for victim in found.victims] == ["0", "1", "2"]
    assert [victim.sex for victim in found.victims] == [Sex.MALE, Sex.MALE, Sex.FEMALE]
    assert {victim.status for victim in found.victims} == {HarmStatus.KILLED}
    assert found.documents[0].archived_text == RP1_TEXT


def test_a_duplicate_links_to_its_original(session: Session) -> None:
    known = ids(session)
    found = allegation(session, known["AI-1"], restricted=False)
    assert found is not None
    [decision] = found.decisions
    assert decision.outcome is Outcome.DUPLICATE and decision.reason_code is ReasonCode.DUPLICATE
    original = ReportLink(
        id=known["RP-1"],
        external_id="RP-1",
        source="Raqqa Post",
        place="Raqqa",
        country="SY",
        date_start=dt.date(2017, 6, 10),
    )
    assert decision.duplicate_of == original
    assert found.duplicates == original
    assert found.duplicated_by == ()
    assert found.gradings == () and found.documents == ()


def test_a_reopening_is_marked_and_the_witness_withheld(session: Session) -> None:
    w1 = ids(session)["W-1"]
    found = allegation(session, w1, restricted=False)
    assert found is not None
    assert found.entry.source == WITHHELD_WITNESS
    assert [
        (d.decided_at, d.outcome, d.reason_code, d.reason, d.reopening, d.revision)
        for d in found.decisions
    ] == [
        (
            at("2017-08-01T10:00"),
            Outcome.NOT_CREDIBLE,
            ReasonCode.INSUFFICIENT_EVIDENCE,
            None,
            False,
            False,
        ),
        (
            at("2017-08-15T10:00"),
            Outcome.OPEN,
            ReasonCode.REOPENED,
            "New video from the street",
            True,
            False,
        ),
    ]
    assert [(g.monitor, g.grade, g.killed_min, g.killed_max) for g in found.gradings] == [
        ("Airwars", Grade.FAIR, 2, 4)
    ]
    # An open report duplicates nothing, whatever it was before.
    assert found.duplicates is None
    named = allegation(session, w1, restricted=True)
    assert named is not None and named.entry.source == WITNESS
    assert named.victims == ()


def test_a_revision_of_the_acknowledged_figures_is_marked(session: Session) -> None:
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
    found = allegation(session, ids(session)["RP-1"], restricted=False)
    assert found is not None
    assert [(d.killed, d.revision, d.reopening) for d in found.decisions] == [
        (4, False, False),
        (6, True, False),
    ]
    assert found.entry.acknowledged_killed == 6


def test_a_shared_document_names_a_witness_only_to_restricted_readers(session: Session) -> None:
    load(
        session,
        "documents",
        [
            {
                "report_external_id": "W-1",
                "url": "https://example.org/raqqa-post/1",
                "archived_text": RP1_TEXT,
                "language": "ar",
            }
        ],
    )
    known = ids(session)
    public = allegation(session, known["RP-1"], restricted=False)
    assert public is not None
    [document] = public.documents
    assert [(r.external_id, r.source) for r in document.cited_by] == [
        ("RP-1", "Raqqa Post"),
        ("W-1", WITHHELD_WITNESS),
    ]
    named = allegation(session, known["W-1"], restricted=True)
    assert named is not None
    assert [r.source for r in named.documents[0].cited_by] == ["Raqqa Post", WITNESS]


def test_an_unknown_report_is_none(session: Session) -> None:
    assert allegation(session, 999999, restricted=True) is None
