"""Monthly series for charts: the official count against each monitor's likely-deaths range.

Pure over a loaded timeline, like the statement: every point is the statement of its month
(`statement_from`), so the dashboard and `civcas statement` can never disagree. Strikes per month
are read off the strike log directly (the statement only states strikes to date).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from civcas import months
from civcas.publication.statement import MonitorRange, Statement, statement_from
from civcas.publication.tally import months_covered
from civcas.publication.timeline import Timeline


@dataclass(frozen=True)
class MonthPoint:
    """One month of the series."""

    period: str
    strikes: int
    strikes_total: int
    credible_killed: int
    killed_cumulative: int
    # A monitor missing from the mapping had graded nothing by the month's end.
    monitors: dict[str, MonitorRange] = field(default_factory=dict)


@dataclass(frozen=True)
class Series:
    points: list[MonthPoint]
    monitors: list[str]
    latest: Statement | None

    @property
    def periods(self) -> list[str]:
        return [point.period for point in self.points]

    def monitor_column(self, name: str, end: str) -> list[int | None]:
        """One monitor's `killed_min` or `killed_max` per month (None before its first grading)."""
        column: list[int | None] = []
        for point in self.points:
            found = point.monitors.get(name)
            column.append(None if found is None else getattr(found, f"killed_{end}"))
        return column


def strikes_per_month(timeline: Timeline) -> Counter[str]:
    """Strike-log entries dated in each month."""
    counts: Counter[str] = Counter()
    for day, count in timeline.strikes_per_day:
        counts[months.of(day)] += count
    return counts


def monthly_series(timeline: Timeline) -> Series:
    """Every month the ledger covers, from its first event to its last, and the last statement."""
    strikes = strikes_per_month(timeline)
    points, latest = [], None
    for period in months_covered(timeline):
        latest = statement_from(timeline, period)
        points.append(
            MonthPoint(
                period=period,
                strikes=strikes[period],
                strikes_total=latest.strikes_total,
                credible_killed=latest.credible_killed,
                killed_cumulative=latest.killed_cumulative,
                monitors={monitor.name: monitor for monitor in latest.monitors},
            )
        )
    names = sorted({name for point in points for name in point.monitors})
    return Series(points, names, latest)


def times_acknowledged(official: int, monitor: MonitorRange) -> tuple[float, float] | None:
    """How many times the acknowledged count the monitor's likely range is (None if none are)."""
    if official <= 0:
        return None
    return monitor.killed_min / official, monitor.killed_max / official
