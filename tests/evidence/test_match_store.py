"""`evidence.store.match` on a hand-worked ledger: stored pairs, summaries, suggestions, re-runs.

The ledger (SQLite and PostgreSQL), with 1° of latitude = 6371.0088 km × π/180 = 111.195 km:
  strikes  S1 Raqqa (35.95, 39.01) 2017-06-10      S2 0.05° north of Raqqa (5.560 km) 2017-06-11
           S3 Deir ez-Zor (35.33, 40.14) 2017-06-01   S4 Deir ez-Zor 2017-06-30
           S5 Syria, place unknown, 2017-06-10        S6 Mosul, Iraq, 2017-06-10
  reports  TOWN   Raqqa, town (10 km), 2017-06-10  → S1 (0 km, 0 days), S2 (5.560 km, 1 day)
           EXACT  Raqqa, exact (2 km), 2017-06-10  → S1 only
           NOWHERE  Syria, no coordinates, 06-10   → S1, S2, S5 on the country basis
           FAR    Tabqa (35.84, 38.55), town, 06-10 → none (Raqqa is ~43 km away); the Syrian
                  log runs 06-01..06-30, covering 06-09..06-11, so no_strikes_in_area is suggested
           LATE   Raqqa, town, 2018-03-01           → none, and the log stops in June 2017: no
                  suggestion ("no data" is not "no strikes")
           IRAQ   Iraq, no coordinates, 06-10       → S6; the Iraqi log is that day only
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from civcas.cli import app
from civcas.evidence.rule import MatchRule
from civcas.evidence.store import match
from civcas.evidence.summary import describe
from civcas.intake import load
from civcas.ledger.database import migrate, open_engine, transaction
from civcas.ledger.models import Report, ReportEvidence, Strike, StrikeMatch
from civcas.ledger.revision import current_revision
from civcas.vocab import MatchBasis, Outcome, ReasonCode

KM_PER_DEGREE = 6371.0088 * math.pi / 180
RAQQA = (35.95, 39.01)
DEIR = (35.33, 40.14)
STRIKES = [
    ("S1", "2017-06-10", "SY", *RAQQA),
    ("S2", "2017-06-11", "SY", 36.00, 39.01),
    ("S3", "2017-06-01", "SY", *DEIR),
    ("S4", "2017-06-30", "SY", *DEIR),
    ("S5", "2017-06-10", "SY", None, None),
    ("S6", "2017-06-10", "IQ", 36.34, 43.13),
]
REPORTS = [
    ("TOWN", "2017-06-10", "SY", *RAQQA, "town", "2017-06-12T09:00"),
    ("EXACT", "2017-06-10", "SY", *RAQQA, "exact", "2017-06-12T09:00"),
    ("NOWHERE", "2017-06-10", "SY", None, None, None, "2017-06-12T09:00"),
    ("FAR", "2017-06-10", "SY", 35.84, 38.55, "town", "2017-06-12T09:00"),
    ("LATE", "2018-03-01", "SY", *RAQQA, "town", "2018-03-02T09:00"),
    ("IRAQ", "2017-06-10", "IQ", None, None, None, "2017-06-12T09:00"),
]
EXPECTED = {
    ("TOWN", "S1"),
    ("TOWN", "S2"),
    ("EXACT", "S1"),
    ("NOWHERE", "S1"),
    ("NOWHERE", "S2"),
    ("NOWHERE", "S5"),
    ("IRAQ", "S6"),
}


def add_strikes(session: Session, rows: list[tuple[object, ...]]) -> None:
    load(
        session,
        "strikes",
        [
            {
                "external_id": sid,
                "belligerent": "Coalition",
                "date": day,
                "country": country,
                "latitude": lat,
                "longitude": lon,
            }
            for sid, day, country, lat, lon in rows
        ],
    )


def build(session: Session) -> None:
    load(session, "sources", [{"name": "Raqqa Post", "type": "social_media"}])
    add_strikes(session, STRIKES)
    load(
        session,
        "reports",
        [
            {
                "external_id": rid,
                "source": "Raqqa Post",
                "date_start": day,
                "country": country,
                "latitude": lat,
                "longitude": lon,
                "location_precision": precision,
                "received_at": received,
            }
            for rid, day, country, lat, lon, precision, received in REPORTS
        ],
    )


def stored_pairs(session: Session) -> set[tuple[str, str]]:
    query = (
        select(Report.external_id, Strike.external_id)
        .join(StrikeMatch, StrikeMatch.report_id == Report.id)
        .join(Strike, Strike.id == StrikeMatch.strike_id)
    )
    return {(report, strike) for report, strike in session.execute(query)}


def evidence(session: Session) -> dict[str, ReportEvidence]:
    query = select(Report.external_id, ReportEvidence).join(
        ReportEvidence, ReportEvidence.report_id == Report.id
    )
    return {external_id: found for external_id, found in session.execute(query)}


def pair(session: Session, report: str, strike: str) -> StrikeMatch:
    query = (
        select(StrikeMatch)
        .join(Report, Report.id == StrikeMatch.report_id)
        .join(Strike, Strike.id == StrikeMatch.strike_id)
        .where(Report.external_id == report, Strike.external_id == strike)
    )
    return session.scalars(query).one()


def test_the_hand_worked_ledger(session: Session) -> None:
    build(session)
    run = match(session, MatchRule())
    assert (run.matched_fully, run.matched_newer, run.pairs) == (6, 0, len(EXPECTED))
    assert stored_pairs(session) == EXPECTED

    north = pair(session, "TOWN", "S2")
    assert north.distance_km == pytest.approx(0.05 * KM_PER_DEGREE, abs=1e-6)  # 5.560 km
    assert (north.days_apart, north.basis) == (1, MatchBasis.DISTANCE)
    assert north.score == pytest.approx(1 / (1 + 0.05 * KM_PER_DEGREE / 10 + 1), abs=1e-6)
    assert pair(session, "TOWN", "S1").score == 1
    unknown = pair(session, "NOWHERE", "S5")
    assert (unknown.distance_km, unknown.basis, unknown.score) == (None, MatchBasis.COUNTRY, 0.5)

    found = evidence(session)
    assert {rid: e.candidates for rid, e in found.items()} == {
        "TOWN": 2,
        "EXACT": 1,
        "NOWHERE": 3,
        "FAR": 0,
        "LATE": 0,
        "IRAQ": 1,
    }
    suggested = {rid for rid, e in found.items() if e.suggested_outcome}
    assert suggested == {"FAR"}
    far = found["FAR"]
    assert (far.suggested_outcome, far.suggested_reason) == (
        Outcome.NOT_CREDIBLE,
        ReasonCode.NO_STRIKES_IN_AREA,
    )
    assert (found["LATE"].log_covers, found["IRAQ"].log_covers, far.log_covers) == (
        False,
        False,
        True,
    )
    assert found["TOWN"].nearest_km == 0 and found["TOWN"].fewest_days == 0
    assert describe(found["TOWN"]) == "2 strikes within 10 km and 1 day."
    assert describe(far) == "No strikes in the area (within 10 km and 1 day)."
    assert describe(found["LATE"]).startswith("The strike log does not cover these dates")
    assert describe(found["NOWHERE"]) == (
        "3 strikes in the country within 1 day (matched on country and date only)."
    )


def test_a_rerun_matches_only_new_strikes_and_drops_the_suggestion(session: Session) -> None:
    build(session)
    match(session, MatchRule())
    revision = current_revision(session)
    add_strikes(session, [("S7", "2017-06-10", "SY", 35.84, 38.55)])  # Tabqa, beside FAR
    run = match(session, MatchRule())
    assert (run.matched_fully, run.matched_newer) == (0, 6)
    assert {(r, s) for r, s in stored_pairs(session) if s == "S7"} == {
        ("FAR", "S7"),
        ("NOWHERE", "S7"),
    }
    found = evidence(session)
    assert found["FAR"].candidates == 1 and found["FAR"].suggested_outcome is None
    assert found["NOWHERE"].candidates == 4

    after = current_revision(session)
    assert after > revision + 1  # the strikes' import, then the match
    idle = match(session, MatchRule())
    assert (idle.report_ids, idle.pairs) == ([], 0)
    assert current_revision(session) == after


def test_another_rule_rematches_everything(session: Session) -> None:
    build(session)
    match(session, MatchRule())
    run = match(session, MatchRule(slack_days=0))
    assert run.matched_fully == 6
    assert stored_pairs(session) == EXPECTED - {("TOWN", "S2"), ("NOWHERE", "S2")}
    assert describe(evidence(session)["TOWN"]) == "1 strike within 10 km and 0 days."


def test_since_rematches_the_reports_received_from_that_day(session: Session) -> None:
    build(session)
    match(session, MatchRule())
    run = match(session, MatchRule(), since=dt.date(2018, 1, 1))
    late = session.scalars(select(Report.id).where(Report.external_id == "LATE")).one()
    assert (run.report_ids, run.matched_fully) == ([late], 1)
    assert stored_pairs(session) == EXPECTED


def test_the_command_prints_one_row_per_pair(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    engine = open_engine(url)
    migrate(engine)
    with transaction(engine) as session:
        build(session)
    engine.dispose()
    settings = tmp_path / "civcas.toml"
    settings.write_text("[match]\nslack_days = 0\n")
    result = CliRunner().invoke(
        app, ["--db", url, "match", "--format", "csv", "--settings", str(settings)]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert {(r["report_external_id"], r["strike_external_id"]) for r in rows} == EXPECTED - {
        ("TOWN", "S2"),
        ("NOWHERE", "S2"),
    }
    exact = next(r for r in rows if r["report_external_id"] == "EXACT")
    assert (exact["distance_km"], exact["days_apart"], exact["basis"]) == ("0.0", "0", "distance")
    assert rows[0].keys() >= {
        "report_external_id",
        "strike_external_id",
        "distance_km",
        "days_apart",
    }

    table = CliRunner().invoke(app, ["--db", url, "match", "--settings", str(settings)])
    assert table.exit_code == 0 and "matched 0 report(s)" in " ".join(table.output.split())


def test_a_bad_settings_file_is_refused_by_name(tmp_path: Path) -> None:
    settings = tmp_path / "civcas.toml"
    settings.write_text("[match.radius_km]\ntown = -3\n")
    result = CliRunner().invoke(
        app, ["--db", f"sqlite:///{tmp_path / 'l.db'}", "match", "--settings", str(settings)]
    )
    assert result.exit_code == 1
    assert "match.radius_km.town" in " ".join(result.output.split())


def test_with_no_strike_log_the_csv_still_has_its_header(tmp_path: Path) -> None:
    """A script reading `civcas match --format csv` finds its columns even when nothing
    matched (issue 18: a ledger of a research data set, with no strike log, printed nothing)."""
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    result = CliRunner().invoke(app, ["--db", url, "match", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "report_source,report_external_id,strike_belligerent,strike_external_id,"
        "distance_km,days_apart,basis,score\n"
    )
