"""The ledger's history as plain data, read once, from which every monthly figure is counted.

The statement and the tallies never query per figure: they load the timeline (when each report
arrived, each decision, each grading, strikes per day) and count. Keeping the counting pure makes
it testable against hand-worked examples and identical on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from civcas.assessment.history import as_decision
from civcas.assessment.rules import Decision
from civcas.ledger.models import Assessment, Grading, Report, Source, Strike
from civcas.ledger.simulated import holds_simulated_data
from civcas.publication.register import source_label
from civcas.vocab import Grade


@dataclass(frozen=True)
class ReportFacts:
    """What publication may say about a report: no names, no free text."""

    id: int
    received_at: dt.datetime
    country: str
    source: str
    source_type: str
    source_public: bool
    date_start: dt.date
    """When the event happened (its first possible day), as the report states it."""
    killed_min: int | None = None
    killed_max: int | None = None


@dataclass(frozen=True)
class GradingFacts:
    """A grading; `monitor` is the monitor's name, or a withheld label for a non-public one."""

    report_id: int
    monitor: str
    grade: Grade
    killed_min: int | None
    killed_max: int | None
    graded_at: dt.datetime


@dataclass
class Timeline:
    reports: dict[int, ReportFacts]
    decisions: dict[int, list[Decision]] = field(default_factory=dict)
    gradings: list[GradingFacts] = field(default_factory=list)
    strikes_per_day: list[tuple[dt.date, int]] = field(default_factory=list)
    belligerents: list[str] = field(default_factory=list)
    simulated: bool = False


def load_timeline(session: Session) -> Timeline:
    """Everything the statement counts, in one pass over the ledger."""
    report_query = select(
        Report.id,
        Report.received_at,
        Report.country,
        Source.name,
        Source.type,
        Source.public,
        Report.date_start,
        Report.killed_min,
        Report.killed_max,
    ).join(Source, Report.source_id == Source.id)
    reports = {
        row.id: ReportFacts(
            row.id,
            row.received_at,
            row.country,
            row.name,
            row.type.value,
            row.public,
            row.date_start,
            row.killed_min,
            row.killed_max,
        )
        for row in session.execute(report_query)
    }
    decisions: dict[int, list[Decision]] = defaultdict(list)
    for assessment in session.scalars(
        select(Assessment).order_by(Assessment.report_id, Assessment.decided_at)
    ):
        decisions[assessment.report_id].append(as_decision(assessment))
    grading_query = select(
        Grading.report_id,
        Source,
        Grading.grade,
        Grading.killed_min,
        Grading.killed_max,
        Grading.graded_at,
    ).join(Source, Grading.monitor_id == Source.id)
    gradings = [
        GradingFacts(report_id, source_label(monitor, restricted=False), grade, low, high, at)
        for report_id, monitor, grade, low, high, at in session.execute(grading_query)
    ]
    strikes_per_day = [
        (day, count)
        for day, count in session.execute(
            select(Strike.date, func.sum(Strike.strikes))
            .group_by(Strike.date)
            .order_by(Strike.date)
        )
    ]
    belligerents = list(
        session.scalars(
            select(Strike.belligerent)
            .group_by(Strike.belligerent)
            .order_by(func.count().desc(), Strike.belligerent)
        )
    )
    simulated = holds_simulated_data(session)
    return Timeline(reports, dict(decisions), gradings, strikes_per_day, belligerents, simulated)
