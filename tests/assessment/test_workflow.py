"""`assess()` and `civcas assess` on a real database: the same rules as an assessment file."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from civcas.assessment.workflow import AssessmentRefused, assess
from civcas.cli import app
from civcas.intake import load
from civcas.ledger.models import Assessment


@pytest.fixture
def ledger(session: Session) -> Session:
    load(session, "sources", [{"name": "A", "type": "media"}, {"name": "B", "type": "ngo"}])
    load(
        session,
        "reports",
        [
            {
                "external_id": rid,
                "source": src,
                "date_start": "2017-05-01",
                "country": "IQ",
                "received_at": "2017-05-02T00:00",
            }
            for rid, src in [("r1", "A"), ("r2", "A"), ("r3", "A"), ("x", "A"), ("x", "B")]
        ],
    )
    return session


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Assessment)) or 0


def test_a_decision_is_recorded_with_defaults(ledger: Session) -> None:
    decision = assess(
        ledger, "r1", "credible", killed=3, assessor="cell-7", decided_at=dt.datetime(2017, 6, 1)
    )
    assert (decision.outcome.value, decision.reason_code.value, decision.killed) == (
        "credible",
        "credible",
        3,
    )
    reopened = assess(
        ledger, "r1", "open", reason="new footage", decided_at=dt.datetime(2017, 7, 1)
    )
    assert reopened.reason_code.value == "reopened"
    assert count(ledger) == 2


def test_refusals_store_nothing(ledger: Session) -> None:
    assess(
        ledger,
        "r1",
        "not_credible",
        reason_code="no_strikes_in_area",
        decided_at=dt.datetime(2017, 6, 1),
    )
    with pytest.raises(AssessmentRefused, match="reopen it"):
        assess(ledger, "r1", "credible", killed=1, decided_at=dt.datetime(2017, 6, 2))
    with pytest.raises(AssessmentRefused, match="reason_code"):
        assess(ledger, "r2", "not_credible", decided_at=dt.datetime(2017, 6, 2))
    assert count(ledger) == 1


def test_duplicates_cannot_form_a_cycle(ledger: Session) -> None:
    assess(ledger, "r2", "duplicate", duplicate_of="r3", decided_at=dt.datetime(2017, 6, 1))
    assess(ledger, "r3", "duplicate", duplicate_of="r1", decided_at=dt.datetime(2017, 6, 1))
    with pytest.raises(AssessmentRefused, match="cycle"):
        assess(ledger, "r1", "duplicate", duplicate_of="r2", decided_at=dt.datetime(2017, 6, 2))
    # Once r2 is reopened the chain r1 → r2 → (open) is no longer a cycle.
    assess(ledger, "r2", "open", reason="not the same strike", decided_at=dt.datetime(2017, 6, 3))
    assess(ledger, "r1", "duplicate", duplicate_of="r2", decided_at=dt.datetime(2017, 6, 4))
    assert count(ledger) == 4


def test_ambiguous_ids_need_the_source(ledger: Session) -> None:
    with pytest.raises(AssessmentRefused, match="several sources"):
        assess(ledger, "x", "credible", killed=0, decided_at=dt.datetime(2017, 6, 1))
    decision = assess(
        ledger, "x", "credible", killed=0, source="B", decided_at=dt.datetime(2017, 6, 1)
    )
    assert decision.report.source.name == "B"


def test_cli_assess_enforces_the_same_rules(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    reports = tmp_path / "reports.csv"
    reports.write_text(
        "external_id,source,source_type,date_start,country,received_at\n"
        "r1,Raqqa page,social_media,2017-05-01,SY,2017-05-02T00:00:00\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    assert runner.invoke(app, ["--db", db, "import", "reports", str(reports)]).exit_code == 0
    ok = runner.invoke(
        app,
        [
            "--db",
            db,
            "assess",
            "r1",
            "--outcome",
            "credible",
            "--killed",
            "2",
            "--at",
            "2017-06-01T00:00:00",
        ],
    )
    assert ok.exit_code == 0, ok.output
    assert "credible" in ok.output
    again = runner.invoke(
        app,
        [
            "--db",
            db,
            "assess",
            "r1",
            "--outcome",
            "not_credible",
            "--reason",
            "no_strikes_in_area",
            "--at",
            "2017-06-02T00:00:00",
        ],
    )
    assert again.exit_code == 1
    assert "reopen it" in again.output
    revised = runner.invoke(
        app,
        [
            "--db",
            db,
            "assess",
            "r1",
            "--outcome",
            "credible",
            "--killed",
            "5",
            "--at",
            "2017-07-01T00:00:00",
        ],
    )
    assert revised.exit_code == 0, revised.output
    statement = runner.invoke(
        app, ["--db", db, "statement", "--month", "2017-07", "--format", "json"]
    )
    assert '"killed_cumulative": 5' in statement.output
    assert '"killed_before": 2' in statement.output
