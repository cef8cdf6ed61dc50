"""The demo data set: the plan played out with one seeded random generator, as import rows."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from civcas.demo.content import (
    Archive,
    Named,
    assessment_row,
    document_rows,
    people,
    report_row,
    same_people,
    shared_evidence,
    toll,
    victim_rows,
)
from civcas.demo.gradings import grading_rows
from civcas.demo.plan import build_plan
from civcas.demo.simulate import Backlog
from civcas.demo.sources import SOURCES
from civcas.demo.strikes import strike_rows

Rows = list[dict[str, Any]]
KINDS = ("sources", "reports", "documents", "strikes", "assessments", "gradings", "victims")


@dataclass
class DemoData:
    """Rows of every kind, in the format `civcas.intake.load` accepts."""

    sources: Rows = field(default_factory=list)
    reports: Rows = field(default_factory=list)
    documents: Rows = field(default_factory=list)
    strikes: Rows = field(default_factory=list)
    assessments: Rows = field(default_factory=list)
    gradings: Rows = field(default_factory=list)
    victims: Rows = field(default_factory=list)
    events: list[list[tuple[str, str]]] = field(default_factory=list)
    """The truth the ledger does not hold: which reports (source, external_id) describe one
    event. Linkage is evaluated against it."""
    persons: list[list[tuple[str, str, str]]] = field(default_factory=list)
    """Likewise, which named victims (report source, report id, victim id) are one person."""

    def kinds(self) -> Iterator[tuple[str, Rows]]:
        """(kind, rows) in the order they must be loaded (references point backwards)."""
        for kind in KINDS:
            yield kind, getattr(self, kind)


def build_demo(seed: int = 2018) -> DemoData:
    """The whole scenario for `seed`: pure, deterministic, no database."""
    rng = random.Random(seed)
    plans = build_plan()
    backlog = Backlog(rng)
    backlog.run(plans)
    data = DemoData(sources=[source.row() for source in SOURCES])
    data.strikes = strike_rows(rng, plans)
    tolls = {event: toll(rng, event) for event in backlog.events}
    named: Named = {}
    archive: Archive = {}
    for report in backlog.reports:
        row = report_row(rng, report, tolls[report.event])
        data.reports.append(row)
        data.documents.extend(shared_evidence(archive, report, document_rows(rng, report, row)))
        victims = victim_rows(rng, report, row)
        data.victims.extend(same_people(named, report, victims))
    decisions = [(d.decided_at, r, d) for r in backlog.reports for d in r.decisions]
    decisions.sort(key=lambda item: (item[0], item[1].source.name, item[1].external_id))
    data.assessments = [assessment_row(report, decision) for _, report, decision in decisions]
    data.gradings = grading_rows(rng, backlog.events, tolls)
    data.persons = [
        [(v["report_source"], v["report_external_id"], v["external_id"]) for v in person]
        for person in people(named)
    ]
    data.events = [
        [(report.source.name, report.external_id) for report in event.reports]
        for event in backlog.events
        if event.reports
    ]
    return data
