"""The hand-worked ledger: four sources, eleven reports and their decisions, gradings and strikes
in early 2020, small enough that every figure of its statements and tallies is counted by hand
in tests/publication/test_statement.py; `civcas statement`, `tally` and `export` are run on it
too (test_publication_cli.py)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from civcas.intake import load

P, W, M = "Page P", "Witness W", "Monitor M"

SOURCES = [
    {"name": P, "type": "social_media"},
    {"name": W, "type": "individual"},
    {"name": M, "type": "monitor"},
    {"name": "Monitor N", "type": "monitor"},
]
# (id, source, received_at)
REPORTS = [
    ("R1", P, "2020-01-10T09:00"),
    ("R2", P, "2020-02-01T09:00"),
    ("R3", P, "2020-02-15T09:00"),
    ("R4", P, "2020-03-02T09:00"),
    ("R5", P, "2020-03-05T09:00"),
    ("R6", W, "2020-03-10T09:00"),
    ("R7", W, "2020-01-05T09:00"),
    ("R8", M, "2020-02-20T09:00"),
    ("R9", M, "2020-04-02T09:00"),
    ("R10", M, "2020-03-31T23:59:59"),
    ("R11", M, "2020-02-28T09:00"),
]
# (report, outcome, reason_code, killed, duplicate_of, decided_at)
DECISIONS = [
    ("R1", "credible", "credible", 4, None, "2020-02-05T10:00"),
    ("R3", "not_credible", "no_strikes_in_area", None, None, "2020-03-03T10:00"),
    ("R4", "credible", "credible", 3, None, "2020-03-20T10:00"),
    ("R5", "duplicate", "duplicate", None, "R4", "2020-03-21T10:00"),
    ("R7", "not_credible", "insufficient_evidence", None, None, "2020-01-20T10:00"),
    ("R7", "open", "reopened", None, None, "2020-03-12T10:00"),
    ("R1", "credible", "credible", 6, None, "2020-03-25T10:00"),
    ("R8", "credible", "credible", 2, None, "2020-02-25T10:00"),
    ("R8", "open", "reopened", None, None, "2020-03-15T10:00"),
    ("R8", "not_credible", "insufficient_evidence", None, None, "2020-03-28T10:00"),
    ("R11", "credible", "credible", 1, None, "2020-04-01T00:00:00"),
]
# (report, monitor, grade, killed_min, killed_max, graded_at)
GRADINGS = [
    ("R1", M, "fair", 5, 8, "2020-02-10T00:00"),
    ("R1", M, "confirmed", 6, 9, "2020-03-10T00:00"),
    ("R3", M, "weak", 1, 2, "2020-03-05T00:00"),
    ("R4", M, "fair", 3, 5, "2020-03-22T00:00"),
    ("R6", M, "fair", 10, 12, "2020-04-05T00:00"),
    ("R2", M, "fair", 2, 2, "2020-02-11T00:00"),
    ("R2", M, "discounted", 0, 0, "2020-03-15T00:00"),
    ("R4", "Monitor N", "contested", 0, 3, "2020-03-23T00:00"),
]
STRIKE_DAYS = ["2020-01-03"] * 3 + ["2020-02-14"] * 2 + ["2020-03-31"] * 4 + ["2020-04-01"]


def build(session: Session) -> None:
    load(session, "sources", SOURCES)
    load(
        session,
        "reports",
        [
            {
                "external_id": rid,
                "source": src,
                "date_start": at[:10],
                "country": "SY",
                "received_at": at,
            }
            for rid, src, at in REPORTS
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
                "reason": "new information" if code == "reopened" else None,
                "killed": killed,
                "duplicate_of_external_id": dup,
                "decided_at": at,
            }
            for rid, outcome, code, killed, dup, at in DECISIONS
        ],
    )
    load(
        session,
        "gradings",
        [
            {
                "report_external_id": rid,
                "monitor": monitor,
                "grade": grade,
                "killed_min": low,
                "killed_max": high,
                "graded_at": at,
            }
            for rid, monitor, grade, low, high, at in GRADINGS
        ],
    )
    load(
        session,
        "strikes",
        [
            {"external_id": f"S{n}", "belligerent": "Coalition", "date": day, "country": "SY"}
            for n, day in enumerate(STRIKE_DAYS)
        ],
    )
