"""One allegation with its whole history, as the public (or a signed-in analyst) may see it.

The register entry, every decision in time order (revisions of acknowledged figures and reopenings
marked, by the rules of `civcas.assessment.rules`), the monitors' gradings, the documents cited,
the reports it duplicates or that duplicate it, and — only for those who may read restricted
data — the people it names. The allegation's page and the API's `/reports/{id}` both read it here
and only format it.

What the asker may not see is left out here, once: non-public sources (the reported source, a
grading monitor, a report linked as a duplicate or citing a document) are named by
`register.source_label`, archived text and victims are withheld unless `restricted`. Who decided
(`assessor`) is not restricted data; the shells decide whom they show it to.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from civcas.assessment.history import as_decision, stored_histories
from civcas.assessment.rules import Decision, is_revision
from civcas.ledger.models import (
    Assessment,
    Document,
    Grading,
    Report,
    Source,
    Victim,
    report_documents,
)
from civcas.publication.register import RegisterEntry, entry, source_label
from civcas.vocab import AgeGroup, Grade, HarmStatus, Outcome, ReasonCode, Sex

CHUNK = 500


@dataclass(frozen=True)
class ReportLink:
    """Another report, as much as a link to it shows."""

    id: int
    external_id: str
    source: str
    place: str | None
    country: str
    date_start: dt.date


@dataclass(frozen=True)
class DecisionEntry:
    """One decision on the allegation; `revision` and `reopening` as the assessment rules see it."""

    id: int
    decided_at: dt.datetime
    outcome: Outcome
    reason_code: ReasonCode
    reason: str | None
    killed: int | None
    injured: int | None
    duplicate_of: ReportLink | None
    assessor: str | None
    revision: bool
    reopening: bool


@dataclass(frozen=True)
class GradingEntry:
    """A monitor's grade of the allegation; `monitor` is its name or its withheld label."""

    id: int
    monitor: str
    grade: Grade
    killed_min: int | None
    killed_max: int | None
    injured_min: int | None
    injured_max: int | None
    graded_at: dt.datetime


@dataclass(frozen=True)
class DocumentEntry:
    """A document the allegation cites, with every report citing it (`archived_text` restricted)."""

    id: int
    url: str | None
    sha256: str
    language: str | None
    retrieved_at: dt.datetime | None
    archived_text: str | None
    cited_by: tuple[ReportLink, ...]


@dataclass(frozen=True)
class VictimEntry:
    """A person named in the allegation: personal data, for restricted readers only."""

    id: int
    external_id: str
    name: str | None
    sex: Sex
    age: int | None
    age_group: AgeGroup
    status: HarmStatus


@dataclass(frozen=True)
class Allegation:
    """One report: its register entry, what the entry leaves out, and its history."""

    entry: RegisterEntry
    restricted: bool
    perpetrator: str | None
    summary: str | None
    children_killed_min: int | None
    children_killed_max: int | None
    women_killed_min: int | None
    women_killed_max: int | None
    decisions: tuple[DecisionEntry, ...]
    gradings: tuple[GradingEntry, ...]
    documents: tuple[DocumentEntry, ...]
    duplicated_by: tuple[ReportLink, ...]
    victims: tuple[VictimEntry, ...]

    @property
    def duplicates(self) -> ReportLink | None:
        """The report this one duplicates, when its latest decision says so."""
        current = self.decisions[-1] if self.decisions else None
        if current is None or current.outcome is not Outcome.DUPLICATE:
            return None
        return current.duplicate_of


def allegation(session: Session, report_id: int, *, restricted: bool) -> Allegation | None:
    """The allegation `report_id` with its history, or None if the register has no such report.

    `restricted` (signed-in users who may read restricted data) names non-public sources and adds
    archived text and victims."""
    found = entry(session, report_id, restricted=restricted)
    report = session.get(Report, report_id)
    if found is None or report is None:
        return None
    return Allegation(
        entry=found,
        restricted=restricted,
        perpetrator=report.perpetrator,
        summary=report.summary,
        children_killed_min=report.children_killed_min,
        children_killed_max=report.children_killed_max,
        women_killed_min=report.women_killed_min,
        women_killed_max=report.women_killed_max,
        decisions=decisions(session, report_id, restricted=restricted),
        gradings=gradings(session, report_id, restricted=restricted),
        documents=documents(session, report_id, restricted=restricted),
        duplicated_by=duplicated_by(session, report_id, restricted=restricted),
        victims=victims(session, report_id) if restricted else (),
    )


def report_links(
    session: Session, report_ids: Iterable[int], *, restricted: bool
) -> dict[int, ReportLink]:
    """Links to the reports `report_ids`, by id."""
    ids = sorted(set(report_ids))
    links: dict[int, ReportLink] = {}
    for start in range(0, len(ids), CHUNK):
        rows = session.execute(
            select(Report, Source)
            .join(Source, Source.id == Report.source_id)
            .where(Report.id.in_(ids[start : start + CHUNK]))
        )
        for report, source in rows:
            links[report.id] = ReportLink(
                id=report.id,
                external_id=report.external_id,
                source=source_label(source, restricted),
                place=report.place,
                country=report.country,
                date_start=report.date_start,
            )
    return links


def decisions(session: Session, report_id: int, *, restricted: bool) -> tuple[DecisionEntry, ...]:
    """The report's decisions in time order, revisions and reopenings marked."""
    assessments = list(
        session.scalars(
            select(Assessment)
            .where(Assessment.report_id == report_id)
            .order_by(Assessment.decided_at, Assessment.id)
        )
    )
    targets = {a.duplicate_of_id for a in assessments if a.duplicate_of_id is not None}
    links = report_links(session, targets, restricted=restricted)
    rows, previous = [], None
    for assessment in assessments:
        decision: Decision = as_decision(assessment)
        rows.append(
            DecisionEntry(
                id=assessment.id,
                decided_at=assessment.decided_at,
                outcome=assessment.outcome,
                reason_code=assessment.reason_code,
                reason=assessment.reason,
                killed=assessment.killed,
                injured=assessment.injured,
                duplicate_of=links.get(assessment.duplicate_of_id)
                if assessment.duplicate_of_id is not None
                else None,
                assessor=assessment.assessor,
                revision=is_revision(previous, decision),
                reopening=previous is not None and decision.outcome is Outcome.OPEN,
            )
        )
        previous = decision
    return tuple(rows)


def gradings(session: Session, report_id: int, *, restricted: bool) -> tuple[GradingEntry, ...]:
    """The monitors' gradings of the report, oldest first."""
    rows = session.execute(
        select(Grading, Source)
        .join(Source, Source.id == Grading.monitor_id)
        .where(Grading.report_id == report_id)
        .order_by(Grading.graded_at, Grading.id)
    )
    return tuple(
        GradingEntry(
            id=grading.id,
            monitor=source_label(monitor, restricted),
            grade=grading.grade,
            killed_min=grading.killed_min,
            killed_max=grading.killed_max,
            injured_min=grading.injured_min,
            injured_max=grading.injured_max,
            graded_at=grading.graded_at,
        )
        for grading, monitor in rows
    )


def citing_reports(
    session: Session, document_ids: Iterable[int], *, restricted: bool
) -> dict[int, list[ReportLink]]:
    """document id → links to the reports citing it, by report id."""
    ids = sorted(set(document_ids))
    citing: dict[int, list[int]] = defaultdict(list)
    for start in range(0, len(ids), CHUNK):
        rows = session.execute(
            select(report_documents.c.document_id, report_documents.c.report_id)
            .where(report_documents.c.document_id.in_(ids[start : start + CHUNK]))
            .order_by(report_documents.c.document_id, report_documents.c.report_id)
        )
        for document_id, cited_in in rows:
            citing[document_id].append(cited_in)
    links = report_links(
        session, (rid for rids in citing.values() for rid in rids), restricted=restricted
    )
    return {document_id: [links[rid] for rid in citing.get(document_id, [])] for document_id in ids}


def documents(session: Session, report_id: int, *, restricted: bool) -> tuple[DocumentEntry, ...]:
    """The documents the report cites, by id, each with every report citing it."""
    cited = select(report_documents.c.document_id).where(report_documents.c.report_id == report_id)
    found = list(
        session.scalars(select(Document).where(Document.id.in_(cited)).order_by(Document.id))
    )
    citing = citing_reports(session, (d.id for d in found), restricted=restricted)
    return tuple(
        DocumentEntry(
            id=document.id,
            url=document.url,
            sha256=document.sha256,
            language=document.language,
            retrieved_at=document.retrieved_at,
            archived_text=document.archived_text if restricted else None,
            cited_by=tuple(citing[document.id]),
        )
        for document in found
    )


def duplicated_by(session: Session, report_id: int, *, restricted: bool) -> tuple[ReportLink, ...]:
    """The reports whose latest decision says they duplicate `report_id`, by id."""
    candidates = session.scalars(
        select(Assessment.report_id).where(Assessment.duplicate_of_id == report_id).distinct()
    )
    histories = stored_histories(session, candidates)
    ids = [rid for rid, history in histories.items() if history]
    ids = [rid for rid in ids if histories[rid][-1].duplicate_of == report_id]
    links = report_links(session, ids, restricted=restricted)
    return tuple(links[rid] for rid in sorted(links))


def victims(session: Session, report_id: int) -> tuple[VictimEntry, ...]:
    """The people the report names, in the source's order (its external ids)."""
    rows = session.scalars(
        select(Victim).where(Victim.report_id == report_id).order_by(Victim.external_id, Victim.id)
    )
    return tuple(
        VictimEntry(
            id=victim.id,
            external_id=victim.external_id,
            name=victim.name,
            sex=victim.sex,
            age=victim.age,
            age_group=victim.age_group,
            status=victim.status,
        )
        for victim in rows
    )
