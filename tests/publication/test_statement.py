"""The statement and tallies of a small ledger (tests/publication/handworked.py), every figure
worked out by hand below."""

from __future__ import annotations

import json

import pytest
from handworked import M, P, W, build
from sqlalchemy.orm import Session

from civcas.publication import compute_statement, load_timeline, tally
from civcas.publication.render import as_markdown, as_text


@pytest.fixture
def ledger(session: Session) -> Session:
    build(session)
    return session


def test_march_statement_matches_the_hand_count(ledger: Session) -> None:
    march = compute_statement(ledger, "2020-03")
    # Open on 1 March: R2, R3 (decided 3 March), R11 (received 28 Feb, decided 1 April).
    assert march.carried_over == 3
    # Received in March: R4, R5, R6 and R10 (23:59:59 on the 31st).
    assert march.received == 4
    # Reopened in March: R7 and R8.
    assert march.reopened == 2
    # Closed in March: R3 and R8 not credible, R4 credible (3 killed), R5 duplicate. R1's change
    # from 4 to 6 is a revision, not a completion.
    assert (march.completed, march.credible, march.non_credible, march.duplicate) == (4, 1, 2, 1)
    assert march.credible_killed == 3
    # Open on 1 April 00:00: R2, R6, R7, R10, and R11 (its decision is at that instant).
    assert march.still_open == 5
    # Acknowledged at the end: R1 revised to 6, R4 3; R8's 2 fell away when it was reopened.
    assert march.killed_cumulative == 9
    assert [(r.killed_before, r.killed_after) for r in march.revisions] == [(4, 6)]
    # Strikes to 31 March: 3 + 2 + 4; the April one is not counted.
    assert (march.strikes_total, march.strikes_from, march.strikes_to) == (9, "2020-01", "2020-03")
    # Monitor M, latest grading per report by the end of March: R1 confirmed 6–9, R4 fair 3–5;
    # R3 weak and R2 discounted do not count, R6 is graded in April. Monitor N: only contested.
    assert [(m.name, m.killed_min, m.killed_max) for m in march.monitors] == [
        (M, 9, 14),
        ("Monitor N", 0, 0),
    ]
    assert march.belligerent == "Coalition"


def test_february_statement(ledger: Session) -> None:
    february = compute_statement(ledger, "2020-02")
    # Open on 1 February: none (R1 received Jan, open; R7 closed Jan 20) → R1 only.
    assert february.carried_over == 1
    # Received: R2, R3, R8, R11. Closed: R1 credible 4, R8 credible 2.
    assert (february.received, february.completed, february.credible) == (4, 2, 2)
    assert (february.credible_killed, february.killed_cumulative) == (6, 6)
    # Open on 1 March: R2, R3, R11.
    assert february.still_open == 3
    # Monitor M by February's end: R1 fair 5–8 and R2 fair 2–2.
    assert [(m.name, m.killed_min, m.killed_max) for m in february.monitors] == [(M, 7, 10)]
    assert february.strikes_total == 5


def test_every_figure_names_its_reports(ledger: Session) -> None:
    march = compute_statement(ledger, "2020-03")
    ids = {row.external_id: row.id for row in _reports(ledger)}
    named = {
        key: sorted(ids[r] for r in refs)
        for key, refs in {
            "carried_over": ["R2", "R3", "R11"],
            "received": ["R4", "R5", "R6", "R10"],
            "reopened": ["R7", "R8"],
            "credible": ["R4"],
            "non_credible": ["R3", "R8"],
            "duplicate": ["R5"],
            "still_open": ["R2", "R6", "R7", "R10", "R11"],
            "killed_cumulative": ["R1", "R4"],
            f"monitor:{M}": ["R1", "R4"],
            "monitor:Monitor N": [],
        }.items()
    }
    for key, expected in named.items():
        assert march.provenance[key] == expected, key
    assert [r.report for r in march.revisions] == [ids["R1"]]


def _reports(session: Session):  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from civcas.ledger.models import Report

    return session.scalars(select(Report))


def test_json_has_the_published_keys(ledger: Session) -> None:
    figures = json.loads(json.dumps(compute_statement(ledger, "2020-03").as_dict()))
    published = {
        "period",
        "strikes_total",
        "strikes_from",
        "strikes_to",
        "killed_cumulative",
        "carried_over",
        "received",
        "completed",
        "credible",
        "credible_killed",
        "non_credible",
        "duplicate",
        "still_open",
        "reopened",
        "revisions",
        "monitors",
    }
    assert published <= set(figures)
    assert figures["monitors"][0] == {"name": M, "killed_min": 9, "killed_max": 14}


def test_text_reads_like_the_release(ledger: Session) -> None:
    text = as_text(compute_statement(ledger, "2020-03"))
    assert (
        "Coalition conducted a total of 9 strikes between January 2020 and the end of March" in text
    )
    assert "carried over 3 open reports and received 4 new reports; 2 reports were reopened" in text
    assert "1 credible, resulting in 3 unintentional civilian deaths" in text
    assert "at least 9 civilians have been unintentionally killed" in text
    # 9–14 against 9 acknowledged: 1.0–1.6 times.
    assert (
        "Monitor M estimates 9–14 likely civilian deaths: 1.0–1.6 times the 9 acknowledged" in text
    )
    assert "| Reports still open | 5 |" in as_markdown(compute_statement(ledger, "2020-03"))


def test_tally_by_month_repeats_the_statements(ledger: Session) -> None:
    rows = {row["period"]: row for row in tally(load_timeline(ledger), "month")}
    assert list(rows) == ["2020-01", "2020-02", "2020-03", "2020-04"]
    assert rows["2020-01"]["completed"] == 1  # R7, not credible on 20 January
    assert rows["2020-03"]["still_open"] == 5
    # April: R9 received, R11 credible (1 killed) → 9 + 1.
    assert (rows["2020-04"]["received"], rows["2020-04"]["killed_cumulative"]) == (1, 10)


def test_tally_by_outcome_and_source(ledger: Session) -> None:
    timeline = load_timeline(ledger)
    outcomes = {row["outcome"]: row for row in tally(timeline, "outcome")}
    # Current states: credible R1 (6), R4 (3), R11 (1); open R2, R6, R7, R9, R10;
    # not credible R3, R8; duplicate R5.
    assert {k: v["reports"] for k, v in outcomes.items()} == {
        "credible": 3,
        "open": 5,
        "not_credible": 2,
        "duplicate": 1,
    }
    assert outcomes["credible"]["acknowledged_killed"] == 10
    sources = {row["source"]: row for row in tally(timeline, "source")}
    # The witness is never named: its two reports appear under a withheld label.
    assert W not in sources
    assert sources["(withheld individual source)"]["reports"] == 2
    assert (sources[P]["reports"], sources[M]["reports"]) == (5, 4)
    assert sum(row["reports"] for row in tally(timeline, "country")) == 11


def test_bad_month_is_refused(ledger: Session) -> None:
    from civcas.errors import FieldError

    with pytest.raises(FieldError, match="YYYY-MM"):
        compute_statement(ledger, "2020-13")
