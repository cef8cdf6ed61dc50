"""The dashboard's monthly series over a hand-made timeline (no database: the series is pure)."""

from __future__ import annotations

import datetime as dt

import pytest

from civcas.assessment.rules import Decision
from civcas.publication.series import monthly_series, strikes_per_month, times_acknowledged
from civcas.publication.statement import MonitorRange
from civcas.publication.timeline import GradingFacts, ReportFacts, Timeline
from civcas.vocab import Grade, Outcome, ReasonCode


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def facts(report_id: int, received: str) -> ReportFacts:
    received_at = at(received)
    return ReportFacts(
        report_id, received_at, "SY", "Page P", "social_media", True, received_at.date()
    )


def credible(killed: int, when: str) -> Decision:
    return Decision(Outcome.CREDIBLE, ReasonCode.CREDIBLE, at(when), killed=killed)


TIMELINE = Timeline(
    reports={1: facts(1, "2020-01-10T09:00"), 2: facts(2, "2020-02-01T09:00")},
    # Report 1: credible with 3 deaths in February, revised to 5 in March.
    decisions={1: [credible(3, "2020-02-05T10:00"), credible(5, "2020-03-10T10:00")]},
    gradings=[
        GradingFacts(1, "Airwars", Grade.FAIR, 4, 6, at("2020-01-20T00:00")),
        GradingFacts(2, "Airwars", Grade.WEAK, 1, 1, at("2020-02-02T00:00")),  # not likely
        GradingFacts(2, "Other", Grade.CONFIRMED, 2, 3, at("2020-03-01T00:00")),
    ],
    strikes_per_day=[
        (dt.date(2020, 1, 3), 3),
        (dt.date(2020, 1, 20), 1),
        (dt.date(2020, 3, 31), 2),
    ],
    belligerents=["Coalition"],
)


def test_one_point_per_month_from_first_to_last_event() -> None:
    series = monthly_series(TIMELINE)
    # The first event is January's strikes, the last March's; February has no strike.
    assert series.periods == ["2020-01", "2020-02", "2020-03"]
    assert [p.strikes for p in series.points] == [4, 0, 2]
    assert [p.strikes_total for p in series.points] == [4, 4, 6]
    # 3 acknowledged in February; the March revision moves the total to 5 but is no new finding.
    assert [p.credible_killed for p in series.points] == [0, 3, 0]
    assert [p.killed_cumulative for p in series.points] == [0, 3, 5]


def test_monitor_ranges_per_month() -> None:
    series = monthly_series(TIMELINE)
    assert series.monitors == ["Airwars", "Other"]
    # Airwars: report 1 (fair 4–6) from January; report 2 is weak, so never likely.
    assert series.monitor_column("Airwars", "min") == [4, 4, 4]
    assert series.monitor_column("Airwars", "max") == [6, 6, 6]
    # Other graded nothing before March.
    assert series.monitor_column("Other", "min") == [None, None, 2]
    assert series.monitor_column("Other", "max") == [None, None, 3]


def test_latest_statement_is_the_last_month() -> None:
    latest = monthly_series(TIMELINE).latest
    assert latest is not None
    assert (latest.period, latest.killed_cumulative, latest.strikes_total) == ("2020-03", 5, 6)


def test_empty_timeline() -> None:
    series = monthly_series(Timeline(reports={}))
    assert (series.points, series.monitors, series.latest) == ([], [], None)


def test_strikes_per_month() -> None:
    assert strikes_per_month(TIMELINE) == {"2020-01": 4, "2020-03": 2}


def test_times_acknowledged() -> None:
    assert times_acknowledged(5, MonitorRange("Airwars", 4, 6)) == pytest.approx((0.8, 1.2))
    assert times_acknowledged(0, MonitorRange("Airwars", 4, 6)) is None
