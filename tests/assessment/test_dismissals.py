"""Dismissals held against the evidence (issue 19): `civcas check-dismissals` on a case worked by
hand, then against a brute-force count on random ledgers (every report against every strike with
`math`, every grading read in time order), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from civcas.assessment.dismissals import GRADED_LIKELY, STRIKES_IN_AREA, check_dismissals
from civcas.cli import app
from civcas.evidence.rule import MatchRule
from civcas.intake import load
from civcas.ledger.database import migrate, open_engine, transaction

MOSUL = (36.34, 43.13)
RAQQA = (35.95, 39.01)
REASONS = ["no_strikes_in_area", "no_civilians_harmed", "insufficient_evidence", "other"]
GRADES = ["confirmed", "fair", "weak", "contested", "discounted"]
R_KM = 6371.0088


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    (lat1, lon1), (lat2, lon2) = a, b
    h = (
        math.sin(math.radians(lat2 - lat1) / 2) ** 2
        + math.cos(math.radians(lat1))
        * math.cos(math.radians(lat2))
        * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * R_KM * math.asin(math.sqrt(h))


def ledger_rows(rng: random.Random, reports: int = 40, strikes: int = 60) -> dict[str, list[Any]]:
    """Reports and strikes around two towns over 30 days; each report dismissed for a random
    reason, a quarter of them reopened later; two monitors grading some of them, some twice."""
    start = dt.date(2017, 3, 1)

    def near(centre: tuple[float, float]) -> tuple[float, float]:
        return centre[0] + rng.uniform(-0.3, 0.3), centre[1] + rng.uniform(-0.3, 0.3)

    rows: dict[str, list[Any]] = {
        "sources": [
            {"name": "Witness Network", "type": "media"},
            {"name": "Monitor A", "type": "monitor"},
            {"name": "Monitor B", "type": "monitor"},
        ],
        "reports": [],
        "strikes": [],
        "assessments": [],
        "gradings": [],
    }
    for n in range(strikes):
        lat, lon = near(rng.choice([MOSUL, RAQQA]))
        rows["strikes"].append(
            {
                "external_id": f"S-{n}",
                "belligerent": "Coalition",
                "date": start + dt.timedelta(days=rng.randrange(30)),
                "country": "IQ" if lon > 41 else "SY",
                "latitude": lat,
                "longitude": lon,
                "strikes": rng.choice([1, 1, 2, 5]),
                "location_precision": rng.choice([None, None, "town"]),
            }
        )
    for n in range(reports):
        lat, lon = near(rng.choice([MOSUL, RAQQA]))
        day = start + dt.timedelta(days=rng.randrange(30))
        located = rng.random() < 0.85
        rows["reports"].append(
            {
                "external_id": f"R-{n}",
                "source": "Witness Network",
                "date_start": day,
                "country": "IQ" if lon > 41 else "SY",
                "latitude": lat if located else None,
                "longitude": lon if located else None,
                "location_precision": rng.choice(["exact", "town", "district"])
                if located
                else None,
                "received_at": dt.datetime(2017, 4, 1),
            }
        )
        decided = dt.datetime(2017, 5, 1) + dt.timedelta(hours=n)
        rows["assessments"].append(assessment(n, "not_credible", rng.choice(REASONS), decided))
        if rng.random() < 0.25:
            later = decided + dt.timedelta(days=10)
            rows["assessments"].append(assessment(n, "open", "reopened", later))
        for monitor in ("Monitor A", "Monitor B"):
            for times in range(rng.choice([0, 1, 2])):
                low = rng.randrange(5)
                rows["gradings"].append(
                    {
                        "report_source": "Witness Network",
                        "report_external_id": f"R-{n}",
                        "monitor": monitor,
                        "grade": rng.choice(GRADES),
                        "killed_min": low,
                        "killed_max": low + rng.randrange(3),
                        "graded_at": dt.datetime(2017, 6, 1 + times, rng.randrange(24)),
                    }
                )
    return rows


def assessment(n: int, outcome: str, reason: str, at: dt.datetime) -> dict[str, Any]:
    return {
        "report_source": "Witness Network",
        "report_external_id": f"R-{n}",
        "outcome": outcome,
        "reason_code": reason,
        "reason": "New information from the monitor." if reason in ("other", "reopened") else None,
        "decided_at": at,
    }


def brute_force(rows: dict[str, list[Any]], rule: MatchRule) -> dict[str, tuple[str, set[str]]]:
    """external id → (finding, the strikes or monitors behind it), from the rows alone."""
    latest: dict[str, dict[str, Any]] = {}
    for a in sorted(rows["assessments"], key=lambda a: a["decided_at"]):
        latest[a["report_external_id"]] = a
    graded: dict[tuple[str, str], dict[str, Any]] = {}
    for g in sorted(rows["gradings"], key=lambda g: g["graded_at"]):
        graded[(g["report_external_id"], g["monitor"])] = g
    slack = dt.timedelta(days=rule.slack_days)
    found = {}
    for report in rows["reports"]:
        decision = latest[report["external_id"]]
        if decision["outcome"] != "not_credible":
            continue
        if decision["reason_code"] == "no_strikes_in_area":
            near = set()
            for strike in rows["strikes"]:
                if (
                    not report["date_start"] - slack
                    <= strike["date"]
                    <= report["date_start"] + slack
                ):
                    continue
                if report["latitude"] is None:
                    if strike["country"] == report["country"]:
                        near.add(strike["external_id"])
                    continue
                own = rule.radius_for(strike["location_precision"] or "exact")
                reach = (rule.radius_for(report["location_precision"]) or 0) + (
                    own if strike["location_precision"] else 0
                )
                point = (report["latitude"], report["longitude"])
                if km(point, (strike["latitude"], strike["longitude"])) <= reach:
                    near.add(strike["external_id"])
            if near:
                found[report["external_id"]] = (STRIKES_IN_AREA, near)
        elif decision["reason_code"] in ("no_civilians_harmed", "insufficient_evidence"):
            likely = {
                monitor
                for (external, monitor), g in graded.items()
                if external == report["external_id"] and g["grade"] in ("confirmed", "fair")
            }
            if likely:
                found[report["external_id"]] = (GRADED_LIKELY, likely)
    return found


def loaded(session: Session, rows: dict[str, list[Any]]) -> None:
    for kind in ("sources", "reports", "strikes", "assessments", "gradings"):
        load(session, kind, rows[kind])


@pytest.mark.parametrize("seed", range(4))
def test_equals_a_brute_force_count_on_random_ledgers(session: Session, seed: int) -> None:
    rows = ledger_rows(random.Random(seed))
    loaded(session, rows)
    rule = MatchRule()
    got = {
        d.external_id: (
            d.finding,
            {s.external_id for s in d.strikes} | {g.monitor for g in d.grades},
        )
        for d in check_dismissals(session, rule)
    }
    expected = brute_force(rows, rule)
    assert got == expected
    assert {finding for finding, _ in expected.values()} == {STRIKES_IN_AREA, GRADED_LIKELY}


def test_a_case_by_hand_and_the_command(tmp_path: Path) -> None:
    """R-0 at Mosul on 10 March, dismissed for no strikes in the area: a release entry of three
    strikes 5 km north the day before (within 10 km + 1 day). R-1, dismissed as no civilians
    harmed: Monitor A graded it weak, then fair (2–4). R-2, no strikes in the area, 50 km off:
    not contradicted. R-3 was dismissed and then reopened: no longer a dismissal."""
    day = dt.date(2017, 3, 10)
    at = dt.datetime(2017, 5, 1)
    north = (MOSUL[0] + 5 / (R_KM * math.pi / 180), MOSUL[1])
    far = (MOSUL[0] + 50 / (R_KM * math.pi / 180), MOSUL[1])
    rows: dict[str, list[Any]] = {
        "sources": [{"name": "Witness Network", "type": "media"}],
        "reports": [
            {
                "external_id": f"R-{n}",
                "source": "Witness Network",
                "date_start": day,
                "country": "IQ",
                "latitude": lat,
                "longitude": lon,
                "location_precision": "town",
                "received_at": dt.datetime(2017, 4, 1),
            }
            for n, (lat, lon) in enumerate([MOSUL, MOSUL, far, MOSUL])
        ],
        "strikes": [
            {
                "external_id": "S-1",
                "belligerent": "Coalition",
                "date": day - dt.timedelta(days=1),
                "country": "IQ",
                "latitude": north[0],
                "longitude": north[1],
                "strikes": 3,
                "location_precision": "town",
            }
        ],
        "assessments": [
            assessment(0, "not_credible", "no_strikes_in_area", at),
            assessment(1, "not_credible", "no_civilians_harmed", at),
            assessment(2, "not_credible", "no_strikes_in_area", at),
            assessment(3, "not_credible", "no_strikes_in_area", at),
            assessment(3, "open", "reopened", at + dt.timedelta(days=3)),
        ],
        "gradings": [
            {
                "report_source": "Witness Network",
                "report_external_id": "R-1",
                "monitor": "Monitor A",
                "grade": grade,
                "killed_min": low,
                "killed_max": high,
                "graded_at": dt.datetime(2017, 6, day_of_june),
            }
            for grade, low, high, day_of_june in (("weak", 0, 1, 1), ("fair", 2, 4, 2))
        ],
    }
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    engine = open_engine(url)
    migrate(engine)
    with transaction(engine) as session:
        loaded(session, rows)
    engine.dispose()
    shown = CliRunner().invoke(app, ["--db", url, "check-dismissals", "--format", "json"])
    assert shown.exit_code == 0, shown.output
    found = json.loads(shown.output)
    assert [(d["external_id"], d["finding"]) for d in found] == [
        ("R-0", STRIKES_IN_AREA),
        ("R-1", GRADED_LIKELY),
    ]
    (strike,) = found[0]["strikes"]
    assert (strike["external_id"], strike["strikes"], strike["days_apart"]) == ("S-1", 3, 1)
    assert strike["distance_km"] == pytest.approx(5, abs=1e-3)
    assert [
        (g["monitor"], g["grade"], g["killed_min"], g["killed_max"]) for g in found[1]["grades"]
    ] == [("Monitor A", "fair", 2, 4)]
    table = CliRunner().invoke(app, ["--db", url, "check-dismissals", "--format", "csv"])
    assert table.output.splitlines()[0] == (
        "report,source,external_id,reason_code,decided_at,finding,strikes,nearest_km,grades"
    )
    assert len(table.output.splitlines()) == 3
