"""The monthly statement, in the coalition's published form, counted from the ledger alone.

How each figure is counted is `DEFINITIONS` below: the methodology page shows them (in the
reader's language) and docs/methodology.md repeats them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from civcas import months
from civcas.assessment.rules import Decision, is_revision
from civcas.publication.timeline import Timeline, load_timeline
from civcas.vocab import N_, Outcome

DEFINITIONS = (
    N_(
        "received: reports whose `received_at` falls in the month; reopened: reopenings decided "
        "in it;"
    ),
    N_(
        "completed: closing decisions in the month (credible + not credible + duplicate); a "
        "revision of acknowledged deaths is not a completion;"
    ),
    N_(
        "carried over / still open: reports open at the month's first / last instant, so that "
        "still_open = carried_over + received + reopened − completed always holds;"
    ),
    N_(
        "killed_cumulative: acknowledged deaths of every report whose latest decision by the "
        "month's end is credible (revisions move it; `credible_killed` counts only the month's "
        "new credible findings);"
    ),
    N_(
        "monitors: per monitor, the sum of its killed ranges over reports whose latest grading by "
        "the month's end counts as likely (Airwars: confirmed + fair)."
    ),
)
"""The statement's definitions, one per figure or group of figures (`code` in backquotes)."""


@dataclass(frozen=True)
class MonitorRange:
    name: str
    killed_min: int
    killed_max: int


@dataclass(frozen=True)
class Revision:
    report: int
    decided_at: str
    killed_before: int | None
    killed_after: int | None
    injured_before: int | None
    injured_after: int | None


@dataclass(frozen=True)
class Statement:
    period: str
    strikes_total: int
    strikes_from: str | None
    strikes_to: str | None
    killed_cumulative: int
    carried_over: int
    received: int
    completed: int
    credible: int
    credible_killed: int
    non_credible: int
    duplicate: int
    still_open: int
    reopened: int
    revisions: list[Revision]
    monitors: list[MonitorRange]
    belligerent: str | None = None
    provenance: dict[str, list[int]] = field(default_factory=dict)
    simulated: bool = False
    """Counted from a simulated ledger (`civcas.ledger.simulated`): say so wherever it is shown."""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def compute_statement(session: Session, period: str) -> Statement:
    """The statement for `period` ("YYYY-MM") from the ledger's data."""
    return statement_from(load_timeline(session), months.checked(period))


def state_before(history: list[Decision], moment: dt.datetime) -> Decision | None:
    """The report's latest decision strictly before `moment`."""
    latest = None
    for decision in history:
        if decision.decided_at >= moment:
            break
        latest = decision
    return latest


def is_open_at(timeline: Timeline, report_id: int, moment: dt.datetime) -> bool:
    if timeline.reports[report_id].received_at >= moment:
        return False
    latest = state_before(timeline.decisions.get(report_id, []), moment)
    return latest is None or latest.outcome is Outcome.OPEN


CLOSING_KEYS = {
    Outcome.CREDIBLE: "credible",
    Outcome.NOT_CREDIBLE: "non_credible",
    Outcome.DUPLICATE: "duplicate",
}


def month_decisions(timeline: Timeline, period: str) -> tuple[dict[str, list[int]], list[Any], int]:
    """Report ids per kind of decision in the month, its revisions, and its new credible deaths."""
    start, end = months.start(period), months.end(period)
    ids: dict[str, list[int]] = defaultdict(list)
    revised: list[tuple[int, Decision | None, Decision]] = []
    new_deaths = 0
    for report_id, history in timeline.decisions.items():
        previous = None
        for decision in history:
            if start <= decision.decided_at < end:
                if is_revision(previous, decision):
                    revised.append((report_id, previous, decision))
                elif decision.outcome is Outcome.OPEN:
                    ids["reopened"].append(report_id)
                else:
                    ids[CLOSING_KEYS[decision.outcome]].append(report_id)
                    ids["completed"].append(report_id)
                    new_deaths += decision.killed or 0
            previous = decision
    return ids, revised, new_deaths


def acknowledged(timeline: Timeline, moment: dt.datetime) -> dict[int, int]:
    """Acknowledged deaths per report whose latest decision before `moment` is credible."""
    deaths = {}
    for report_id, history in timeline.decisions.items():
        latest = state_before(history, moment)
        if latest is not None and latest.outcome is Outcome.CREDIBLE:
            deaths[report_id] = latest.killed or 0
    return deaths


def monitor_ranges(
    timeline: Timeline, moment: dt.datetime
) -> tuple[list[MonitorRange], dict[str, list[int]]]:
    """Each monitor's likely-deaths range by `moment`, and the reports counted in each."""
    latest: dict[tuple[int, str], Any] = {}
    for grading in timeline.gradings:
        key = (grading.report_id, grading.monitor)
        if grading.graded_at < moment and (
            key not in latest or latest[key].graded_at < grading.graded_at
        ):
            latest[key] = grading
    sums = {monitor: [0, 0] for _, monitor in latest}
    counted: dict[str, list[int]] = {f"monitor:{monitor}": [] for monitor in sums}
    for (report_id, monitor), grading in latest.items():
        if grading.grade.likely:
            sums[monitor][0] += grading.killed_min or 0
            sums[monitor][1] += grading.killed_max or 0
            counted[f"monitor:{monitor}"].append(report_id)
    ranges = [MonitorRange(name, low, high) for name, (low, high) in sorted(sums.items())]
    return ranges, counted


def strike_span(timeline: Timeline, period: str) -> tuple[int, str | None]:
    """Strikes up to the month's end, and the month of the first one."""
    last = months.last_day(period)
    total = sum(count for day, count in timeline.strikes_per_day if day <= last)
    first = timeline.strikes_per_day[0][0] if total else None
    return total, (f"{first:%Y-%m}" if first else None)


def statement_from(timeline: Timeline, period: str) -> Statement:
    """Count the statement for `period` ("YYYY-MM") out of a loaded timeline."""
    start, end = months.start(period), months.end(period)
    ids, revised, new_deaths = month_decisions(timeline, period)
    ids["received"] = [r.id for r in timeline.reports.values() if start <= r.received_at < end]
    ids["carried_over"] = [r for r in timeline.reports if is_open_at(timeline, r, start)]
    ids["still_open"] = [r for r in timeline.reports if is_open_at(timeline, r, end)]
    deaths = acknowledged(timeline, end)
    ids["killed_cumulative"] = sorted(deaths)
    monitors, counted = monitor_ranges(timeline, end)
    ids.update(counted)
    strikes_total, strikes_from = strike_span(timeline, period)
    return Statement(
        period=period,
        strikes_total=strikes_total,
        strikes_from=strikes_from,
        strikes_to=period if strikes_total else None,
        killed_cumulative=sum(deaths.values()),
        carried_over=len(ids["carried_over"]),
        received=len(ids["received"]),
        completed=len(ids["completed"]),
        credible=len(ids["credible"]),
        credible_killed=new_deaths,
        non_credible=len(ids["non_credible"]),
        duplicate=len(ids["duplicate"]),
        still_open=len(ids["still_open"]),
        reopened=len(ids["reopened"]),
        revisions=[
            Revision(
                rid,
                after.decided_at.isoformat(),
                before.killed,
                after.killed,
                before.injured,
                after.injured,
            )
            for rid, before, after in sorted(revised, key=lambda item: item[2].decided_at)
        ],
        monitors=monitors,
        belligerent=timeline.belligerents[0] if timeline.belligerents else None,
        provenance={key: sorted(value) for key, value in sorted(ids.items())},
        simulated=timeline.simulated,
    )
