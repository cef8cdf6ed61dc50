"""A coalition monthly release into the ledger (`civcas import official-report`): its figures as
claims, its list as reports with their decisions, the text as their document, all at once.

Expected figures are counted by hand from tests/data/official/2018_12_asterisk_remaining.txt:
12 listed allegations (5 credible with 12 + 20 + 9 + 6 + 4 = 51 deaths, 7 not credible of
which one, dated July 2, 2018, repeats a report of June 30, 2018).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from civcas.cli import app
from civcas.errors import FieldError
from civcas.intake import load
from civcas.intake.releases import SOURCE, import_release
from civcas.ledger.models import Assessment, Claim, Document, Report, Source, report_documents
from civcas.vocab import LocationPrecision, Outcome

DATA = Path(__file__).parents[1] / "data" / "official"
RELEASE = DATA / "2018_12_asterisk_remaining.txt"
NOW = dt.datetime(2019, 2, 1, 9, 0)


def count(session: Session, table: type) -> int:
    return session.scalar(select(func.count()).select_from(table)) or 0


def report(session: Session, external_id: str) -> Report:
    query = select(Report).join(Source).where(Source.name == SOURCE)
    found = session.scalars(query.where(Report.external_id == external_id)).one()
    return found


def test_a_release_becomes_claims_reports_and_decisions(session: Session) -> None:
    done = import_release(session, RELEASE.read_text(encoding="utf-8"), now=lambda: NOW)
    assert done.period == "2018-12"
    assert (done.reports_added, done.assessments_added) == (12, 11)
    assert done.unresolved_duplicates == ["2018-12/009"]  # the 4th non-credible, 9th listed
    assert count(session, Document) == 1
    assert count(session, report_documents) == 12
    outcomes = session.scalars(select(Assessment.outcome)).all()
    assert sorted(o.value for o in outcomes) == ["credible"] * 5 + ["not_credible"] * 6
    assert session.scalar(select(func.sum(Assessment.killed))) == 51
    shadadi = report(session, "2018-12/006")
    assert (shadadi.date_start, shadadi.place, shadadi.country) == (
        dt.date(2018, 2, 11),
        "Al Shadadi",
        "SY",
    )
    assert shadadi.location_precision is LocationPrecision.TOWN
    assert shadadi.latitude == pytest.approx(36.06, abs=0.1)
    assert shadadi.longitude == pytest.approx(40.73, abs=0.1)
    stated = {m: v for m, v in session.execute(select(Claim.measure, Claim.value_min))}
    assert stated["strikes"] == 32397 and stated["civilians_killed"] == 1190
    assert stated["reports_open"] == 182 and stated["credible_killed"] == 51


def test_importing_a_release_again_adds_nothing(session: Session) -> None:
    text = RELEASE.read_text(encoding="utf-8")
    import_release(session, text, now=lambda: NOW)
    again = import_release(session, text, now=lambda: NOW)
    assert (again.claims.added, again.reports_added, again.assessments_added) == (0, 0, 0)
    assert count(session, Claim) == 10 and count(session, Report) == 12


def test_a_duplicate_points_to_the_report_it_repeats(session: Session) -> None:
    """With the June 30, 2018 report of the same source in the ledger, the duplicate is
    decided and points to it."""
    load(
        session,
        "reports",
        [
            {
                "source": SOURCE,
                "source_type": "official",
                "external_id": "2018-09/004",
                "date_start": "2018-06-30",
                "country": "SY",
                "place": "Baghuz",
            }
        ],
    )
    done = import_release(session, RELEASE.read_text(encoding="utf-8"), now=lambda: NOW)
    assert done.unresolved_duplicates == [] and done.assessments_added == 12
    duplicate = report(session, "2018-12/009")
    decision = session.scalars(select(Assessment).where(Assessment.report_id == duplicate.id)).one()
    assert decision.outcome is Outcome.DUPLICATE
    assert decision.duplicate_of_id == report(session, "2018-09/004").id


def test_a_figure_stated_two_ways_is_not_recorded_and_the_rest_is(session: Session) -> None:
    """The fixture completes "nineteen" reports in one sentence and has "twenty" completed in the
    next; 9 credible + 10 non-credible + 0 duplicates are read, and all 19 listed entries."""
    text = (DATA / "2017_01_completed_stated_two_ways.txt").read_text(encoding="utf-8")
    done = import_release(session, text, now=lambda: NOW)
    assert [(n.field, n.line) for n in done.notes] == [("completed", 10)]
    stated = {m: v for m, v in session.execute(select(Claim.measure, Claim.value_min))}
    assert "reports_assessed" not in stated
    assert stated["reports_credible"] == 9 and stated["reports_not_credible"] == 10
    assert done.reports_added == 19


def test_a_release_without_its_month_needs_one(session: Session) -> None:
    text = "During the month, CJTF-OIR received 12 new reports.\n"
    with pytest.raises(FieldError) as raised:
        import_release(session, text, now=lambda: NOW)
    assert raised.value.field == "period" and "--period YYYY-MM" in raised.value.message
    assert count(session, Claim) == 0
    done = import_release(session, text, period="2017-05", now=lambda: NOW)
    assert done.period == "2017-05" and done.claims.added == 1


def test_a_release_with_an_entry_that_does_not_read_writes_nothing(session: Session) -> None:
    text = (
        "CJTF-OIR Monthly Civilian Casualty Report — June 2018\n\n"
        "The Coalition received 3 new reports.\n\nNon-Credible Reports:\n\n1. Unknown\n"
    )
    with pytest.raises(FieldError) as raised:
        import_release(session, text, now=lambda: NOW)
    assert (raised.value.field, raised.value.message) == (
        "allegation",
        "line 7: an entry must read '<date>, near <place>, <country>: <reason>'",
    )
    assert count(session, Claim) == count(session, Report) == 0


def test_text_that_is_not_a_release_writes_nothing(session: Session) -> None:
    with pytest.raises(FieldError):
        import_release(session, "A recipe for bread.\n\nFlour, water, salt.", now=lambda: NOW)
    assert count(session, Claim) == count(session, Report) == count(session, Document) == 0


def test_the_commands(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    runner = CliRunner()
    parsed = runner.invoke(app, ["parse", "official-report", str(RELEASE), "--format", "json"])
    assert parsed.exit_code == 0, parsed.output
    assert '"strikes_total": 32397' in parsed.output and '"still_open": 182' in parsed.output
    imported = runner.invoke(app, ["--db", url, "import", "official-report", str(RELEASE)])
    assert imported.exit_code == 0, imported.output
    words = " ".join(imported.output.split())
    assert "12 reports and 11 assessments added" in words and "left open 2018-12/009" in words
    assert "still_open │ 182 │ 1 │ differs" in words
