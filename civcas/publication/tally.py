"""The tables behind the statement: figures per month, and reports by country, source, outcome."""

from __future__ import annotations

from collections import Counter, defaultdict
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
DIMENSIONS = ("month", "country", "source", "outcome")


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


def by_group(timeline: Timeline, dimension: str) -> list[dict[str, Any]]:
    """Reports per country, source or current outcome, with their acknowledged deaths."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for report in timeline.reports.values():
        history = timeline.decisions.get(report.id, [])
        outcome = history[-1].outcome if history else Outcome.OPEN
        label = outcome.value if dimension == "outcome" else group_label(report, dimension)
        counts[label]["reports"] += 1
        counts[label][outcome.value] += 1
        if outcome is Outcome.CREDIBLE:
            counts[label]["acknowledged_killed"] += history[-1].killed or 0
    return [
        {dimension: label, **{column: counts[label][column] for column in GROUP_COLUMNS}}
        for label in sorted(counts)
    ]


def tally(timeline: Timeline, dimension: str) -> list[dict[str, Any]]:
    """One table of the ledger, by `dimension` (one of DIMENSIONS)."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"tally by one of {', '.join(DIMENSIONS)}, not {dimension!r}")
    return by_month(timeline) if dimension == "month" else by_group(timeline, dimension)
