"""The ledger's named dead as capture lists: persons from the latest victims run, one list per
source, strata by year, governorate or country (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from civcas.cli import app
from civcas.errors import FieldError
from civcas.estimation.lists import ledger_overlaps
from civcas.intake import load
from civcas.ledger.database import migrate, open_engine, transaction
from civcas.ledger.models import LinkCluster, LinkRun, Victim
from civcas.vocab import LinkKind

# Five people. Report dates and countries: A1 2017 IQ, B1 2017 IQ, C1 2018 SY.
# Person 1: on A and B (linked across the two reports). Person 2: on A only. Person 3: on B and
# C. Person 4: on C only. Person 5: injured on A, so not counted among the dead.
REPORTS = [("A", "A1", "2017-03-01", "IQ"), ("B", "B1", "2017-03-02", "IQ"),
           ("C", "C1", "2018-05-01", "SY")]  # fmt: skip
# Where: A1 names Tal Afar (a town of Nineveh governorate); B1 names no place but gives a point in
# central Baghdad; C1 gives neither.
WHERE = {"A1": {"place": "near Tal Afar"}, "B1": {"latitude": 33.31, "longitude": 44.37}, "C1": {}}
VICTIMS = [  # (report source, report id, victim id, status, person)
    ("A", "A1", "V1", "killed", 1),
    ("B", "B1", "V1", "killed", 1),
    ("A", "A1", "V2", "killed", 2),
    ("B", "B1", "V2", "killed", 3),
    ("C", "C1", "V1", "killed", 3),
    ("C", "C1", "V2", "killed", 4),
    ("A", "A1", "V3", "injured", 5),
]


def ledger(session: Session) -> None:
    load(session, "sources", [{"name": name, "type": "monitor"} for name in "ABC"])
    load(
        session,
        "reports",
        [
            {
                "source": s,
                "external_id": r,
                "date_start": d,
                "country": c,
                "killed_min": 2,
                "killed_max": 2,
            }
            | WHERE[r]
            for s, r, d, c in REPORTS
        ],
    )
    load(
        session,
        "victims",
        [
            {"report_source": s, "report_external_id": r, "external_id": v, "status": status}
            for s, r, v, status, _ in VICTIMS
        ],
    )
    moment = dt.datetime(2026, 11, 29)
    run = LinkRun(
        kind=LinkKind.VICTIMS, engine="duckdb", settings="{}", model="{}", threshold=0.9,
        review_low=0.5, review_high=0.9, records=7, pairs=0, clusters=5,
        started_at=moment, finished_at=moment,
    )  # fmt: skip
    session.add(run)
    session.flush()
    ids = [vid for (vid,) in session.execute(select(Victim.id).order_by(Victim.id))]
    for victim_id, (*_, person) in zip(ids, VICTIMS, strict=True):
        session.add(LinkCluster(run_id=run.id, record_id=victim_id, cluster_id=person))


def cells(table) -> dict[tuple[int, ...], int]:  # type: ignore[no-untyped-def]
    return {
        tuple(int(v) for v in pattern): int(count)
        for pattern, count in zip(table.patterns, table.counts, strict=True)
        if count
    }


def test_each_source_is_a_list_and_each_person_counts_once(session: Session) -> None:
    ledger(session)
    (table,) = ledger_overlaps(session).values()
    assert table.lists == ("A", "B", "C")
    assert cells(table) == {(1, 1, 0): 1, (1, 0, 0): 1, (0, 1, 1): 1, (0, 0, 1): 1}
    only_two = ledger_overlaps(session, ["A", "B"])["all"]
    assert cells(only_two) == {(1, 1): 1, (1, 0): 1, (0, 1): 1}  # person 4 is on neither


def test_strata_by_the_year_of_the_first_report(session: Session) -> None:
    ledger(session)
    by_year = ledger_overlaps(session, by="period")
    assert list(by_year) == ["2017", "2018"]
    assert cells(by_year["2017"]) == {(1, 1, 0): 1, (1, 0, 0): 1, (0, 1, 1): 1}
    assert cells(by_year["2018"]) == {(0, 0, 1): 1}
    assert list(ledger_overlaps(session, by="country")) == ["IQ", "SY"]


def test_strata_by_the_governorate_of_the_first_report(session: Session) -> None:
    """Person 1's first report is A1 (Tal Afar, Nineveh), as is person 2's; person 3's is B1 (a
    point in Baghdad); person 4's is C1, which says nowhere."""
    ledger(session)
    by_governorate = ledger_overlaps(session, by="governorate")
    assert list(by_governorate) == ["Baghdad", "Nineveh", "unknown"]
    assert cells(by_governorate["Nineveh"]) == {(1, 1, 0): 1, (1, 0, 0): 1}
    assert cells(by_governorate["Baghdad"]) == {(0, 1, 1): 1}
    assert cells(by_governorate["unknown"]) == {(0, 0, 1): 1}


def test_what_cannot_be_estimated_is_refused(session: Session) -> None:
    with pytest.raises(FieldError, match="civcas link victims"):
        ledger_overlaps(session)
    ledger(session)
    with pytest.raises(FieldError, match="no named dead from \\['D'\\]"):
        ledger_overlaps(session, ["A", "D"])
    with pytest.raises(FieldError, match="1 lists"):
        ledger_overlaps(session, ["A"])
    with pytest.raises(FieldError, match="stratify by"):
        ledger_overlaps(session, by="district")


def test_the_command_estimates_from_the_ledger(tmp_path: Path) -> None:
    """Two lists A and B: 1 on both, 1 on A only, 1 on B only. Chapman (by hand):
    (2 + 1)(2 + 1) / (1 + 1) − 1 = 3.5."""
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    engine = open_engine(url)
    migrate(engine)
    with transaction(engine) as session:
        ledger(session)
    engine.dispose()
    result = CliRunner().invoke(
        app, ["--db", url, "estimate", "--lists", "A,B", "--format", "json", "--intervals", "0"]
    )
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert found["observed"] == 3
    chapman = next(model for model in found["models"] if model["name"] == "Chapman")
    assert chapman["n_hat"] == pytest.approx(3.5)
    refused = CliRunner().invoke(app, ["--db", url, "estimate", "--lists", "A,D"])
    assert refused.exit_code == 1 and "no named dead from" in refused.output
