"""The tables behind the statement: figures per month, and reports by the month their event
happened, by country, source or outcome."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

from civcas import months
from civcas.publication.statement import statement_from
from civcas.publication.timeline import ReportFacts, Timeline
from civcas.vocab import Outcome

MONTH_COLUMNS = (
    "period",
    "strikes_total",
    "received",
    "reopened",
    "completed",
    "credible",
    "credible_killed",
    "non_credible",
    "duplicate",
    "still_open",
    "killed_cumulative",
)
GROUP_COLUMNS = ("reports", *[outcome.value for outcome in Outcome], "acknowledged_killed")
EVENT_COLUMNS = ("event_month", "reports", "killed_min", "killed_max", *GROUP_COLUMNS[1:])
DIMENSIONS = ("month", "event_month", "country", "source", "outcome")
Counts = defaultdict[str, Counter[str]]


def months_covered(timeline: Timeline) -> list[str]:
    """Every month from the ledger's first event (report, decision or strike) to its last."""
    moments = [r.received_at.date() for r in timeline.reports.values()]
    moments += [d.decided_at.date() for history in timeline.decisions.values() for d in history]
    moments += [day for day, _ in timeline.strikes_per_day]
    return months.span(months.of(min(moments)), months.of(max(moments))) if moments else []


def by_month(timeline: Timeline) -> list[dict[str, Any]]:
    rows = []
    for period in months_covered(timeline):
        figures = statement_from(timeline, period).as_dict()
        rows.append({column: figures[column] for column in MONTH_COLUMNS})
    return rows


def group_label(report: ReportFacts, dimension: str) -> str:
    if dimension == "country":
        return report.country
    if report.source_public:
        return report.source
    return f"(withheld {report.source_type} source)"


def counted(timeline: Timeline, label: Callable[[ReportFacts, Outcome], str]) -> Counts:
    """Per label: reports, each current outcome, acknowledged deaths and the reported range."""
    counts: Counts = defaultdict(Counter)
    for report in timeline.reports.values():
        history = timeline.decisions.get(report.id, [])
        outcome = history[-1].outcome if history else Outcome.OPEN
        row = counts[label(report, outcome)]
        row["reports"] += 1
        row[outcome.value] += 1
        row["killed_min"] += report.killed_min or 0
        row["killed_max"] += report.killed_max or 0
        if outcome is Outcome.CREDIBLE:
            row["acknowledged_killed"] += history[-1].killed or 0
    return counts


def by_group(timeline: Timeline, dimension: str) -> list[dict[str, Any]]:
    """Reports per country, source or current outcome, with their acknowledged deaths."""
    counts = counted(
        timeline,
        lambda report, outcome: (
            outcome.value if dimension == "outcome" else group_label(report, dimension)
        ),
    )
    return [
        {dimension: label, **{column: counts[label][column] for column in GROUP_COLUMNS}}
        for label in sorted(counts)
    ]


def by_event_month(timeline: Timeline) -> list[dict[str, Any]]:
    """Reports by the month their event happened, every month from the first to the last, with
    the killed range the reports state. A research data set is read by when things happened:
    its reports were all "received" the day it was imported."""
    counts = counted(timeline, lambda report, _: months.of(report.date_start))
    labels = months.span(min(counts), max(counts)) if counts else []
    return [
        {"event_month": label, **{column: counts[label][column] for column in EVENT_COLUMNS[1:]}}
        for label in labels
    ]


def columns_of(dimension: str) -> list[str]:
    """The columns of the table by `dimension`, in order (a CSV's header, even when empty)."""
    if dimension == "month":
        return list(MONTH_COLUMNS)
    return list(EVENT_COLUMNS) if dimension == "event_month" else [dimension, *GROUP_COLUMNS]


def tally(timeline: Timeline, dimension: str) -> list[dict[str, Any]]:
    """One table of the ledger, by `dimension` (one of DIMENSIONS)."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"tally by one of {', '.join(DIMENSIONS)}, not {dimension!r}")
    if dimension == "month":
        return by_month(timeline)
    return by_event_month(timeline) if dimension == "event_month" else by_group(timeline, dimension)
