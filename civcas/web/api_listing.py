"""Reading the ledger's other tables for the API: strikes, decisions, gradings, sources,
documents and victims, each as plain items, with what the public may not see left out.

The public never sees the name of a non-public source (a witness, mostly): such names become the
register's "(withheld TYPE source)" label, and filters never match on them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from civcas.ledger.models import (
    Assessment,
    Document,
    Grading,
    Report,
    Source,
    Strike,
    Victim,
    report_documents,
)
from civcas.publication.allegation import ReportLink, citing_reports
from civcas.publication.register import (
    RegisterQuery,
    source_label,
    within_bbox,
)
from civcas.vocab import Grade, Outcome, ReasonCode

# Strikes ----------------------------------------------------------------------------------------

STRIKE_COLUMNS = (
    "id",
    "belligerent",
    "external_id",
    "date",
    "time",
    "place",
    "country",
    "latitude",
    "longitude",
    "target",
    "engagements",
    "simulated",
    "strikes",
    "location_precision",
    "reported_on",
)
STRIKE_ORDER = (Strike.date.desc(), Strike.id.desc())


def strikes_filtered(query: RegisterQuery) -> Select[Any]:
    """Strikes admitted by the date, country and bbox filters of a (checked) register query."""
    statement = select(Strike)
    if query.date_from:
        statement = statement.where(Strike.date >= query.date_from)
    if query.date_to:
        statement = statement.where(Strike.date <= query.date_to)
    if query.country:
        statement = statement.where(Strike.country == query.country.upper())
    if query.bbox:
        statement = statement.where(within_bbox(Strike.latitude, Strike.longitude, query.bbox))
    return statement


def strike_item(strike: Strike) -> dict[str, Any]:
    return {name: getattr(strike, name) for name in STRIKE_COLUMNS}


# Assessments -----------------------------------------------------------------------------------

ASSESSMENT_ORDER = (Assessment.decided_at.desc(), Assessment.id.desc())


def assessments_filtered(
    *,
    outcome: Outcome | None = None,
    reason_code: ReasonCode | None = None,
    decided_from: dt.date | None = None,
    decided_to: dt.date | None = None,
    report: int | None = None,
) -> Select[Any]:
    """Decisions with their report and its source; decided dates are inclusive, in UTC."""
    statement: Any = (
        select(Assessment, Report.external_id, Source)
        .join(Report, Report.id == Assessment.report_id)
        .join(Source, Source.id == Report.source_id)
    )
    if outcome:
        statement = statement.where(Assessment.outcome == outcome)
    if reason_code:
        statement = statement.where(Assessment.reason_code == reason_code)
    if decided_from:
        statement = statement.where(
            Assessment.decided_at >= dt.datetime.combine(decided_from, dt.time())
        )
    if decided_to:
        after = dt.datetime.combine(decided_to + dt.timedelta(days=1), dt.time())
        statement = statement.where(Assessment.decided_at < after)
    if report is not None:
        statement = statement.where(Assessment.report_id == report)
    return statement


def assessment_item(
    assessment: Assessment, external_id: str, source: Source, *, restricted: bool, signed_in: bool
) -> dict[str, Any]:
    item = {
        "id": assessment.id,
        "report": assessment.report_id,
        "report_external_id": external_id,
        "source": source_label(source, restricted),
        "outcome": assessment.outcome,
        "reason_code": assessment.reason_code,
        "reason": assessment.reason,
        "killed": assessment.killed,
        "injured": assessment.injured,
        "duplicate_of": assessment.duplicate_of_id,
        "decided_at": assessment.decided_at,
    }
    if signed_in:
        item["assessor"] = assessment.assessor
    return item


# Gradings --------------------------------------------------------------------------------------

Monitor = aliased(Source)
GRADING_ORDER = (Grading.graded_at.desc(), Grading.id.desc())


def gradings_filtered(
    *,
    monitor: str | None = None,
    grade: Grade | None = None,
    report: int | None = None,
    restricted: bool,
) -> Select[Any]:
    """Gradings with their report's external id and the monitor; the public cannot pick out a
    withheld monitor by name."""
    statement: Any = (
        select(Grading, Report.external_id, Monitor)
        .join(Report, Report.id == Grading.report_id)
        .join(Monitor, Monitor.id == Grading.monitor_id)
    )
    if monitor:
        statement = statement.where(Monitor.name == monitor)
        if not restricted:
            statement = statement.where(Monitor.public.is_(True))
    if grade:
        statement = statement.where(Grading.grade == grade)
    if report is not None:
        statement = statement.where(Grading.report_id == report)
    return statement


def grading_item(
    grading: Grading, external_id: str, monitor: Source, *, restricted: bool
) -> dict[str, Any]:
    return {
        "id": grading.id,
        "report": grading.report_id,
        "report_external_id": external_id,
        "monitor": source_label(monitor, restricted),
        "grade": grading.grade,
        "killed_min": grading.killed_min,
        "killed_max": grading.killed_max,
        "injured_min": grading.injured_min,
        "injured_max": grading.injured_max,
        "graded_at": grading.graded_at,
    }


# Sources ---------------------------------------------------------------------------------------

SOURCE_ORDER = (Source.name, Source.id)


def sources_filtered(*, restricted: bool) -> Select[Any]:
    """Sources with their number of reports; the public sees public sources only."""
    count = select(func.count(Report.id)).where(Report.source_id == Source.id).scalar_subquery()
    statement = select(Source, count.label("reports"))
    if not restricted:
        statement = statement.where(Source.public.is_(True))
    return statement


def source_item(source: Source, reports: int) -> dict[str, Any]:
    return {
        "id": source.id,
        "name": source.name,
        "type": source.type,
        "public": source.public,
        "url": source.url,
        "description": source.description,
        "simulated": source.simulated,
        "reports": reports,
    }


# Documents -------------------------------------------------------------------------------------

DOCUMENT_ORDER = (Document.id,)


def documents_filtered(*, report: int | None = None, language: str | None = None) -> Select[Any]:
    statement = select(Document)
    if report is not None:
        cited = select(report_documents.c.document_id).where(report_documents.c.report_id == report)
        statement = statement.where(Document.id.in_(cited))
    if language:
        statement = statement.where(Document.language == language)
    return statement


def citation(link: ReportLink) -> dict[str, Any]:
    """A report citing a document, as the API lists it."""
    return {"id": link.id, "external_id": link.external_id, "source": link.source}


def document_items(
    session: Session, documents: Sequence[Document], *, restricted: bool
) -> list[dict[str, Any]]:
    """Documents with the reports citing them; a witness's report is cited without the name."""
    citing = citing_reports(session, [document.id for document in documents], restricted=restricted)
    items = []
    for document in documents:
        item: dict[str, Any] = {
            "id": document.id,
            "url": document.url,
            "sha256": document.sha256,
            "language": document.language,
            "retrieved_at": document.retrieved_at,
            "reports": [citation(link) for link in citing[document.id]],
        }
        if restricted:
            item["archived_text"] = document.archived_text
        items.append(item)
    return items


# Victims ---------------------------------------------------------------------------------------

VICTIM_ORDER = (Victim.report_id, Victim.external_id, Victim.id)


def victims_filtered(*, report: int | None = None) -> Select[Any]:
    statement: Any = select(Victim, Report.external_id).join(Report, Report.id == Victim.report_id)
    if report is not None:
        statement = statement.where(Victim.report_id == report)
    return statement


def victim_item(victim: Victim, external_id: str) -> dict[str, Any]:
    return {
        "id": victim.id,
        "report": victim.report_id,
        "report_external_id": external_id,
        "external_id": victim.external_id,
        "name": victim.name,
        "sex": victim.sex,
        "age": victim.age,
        "age_group": victim.age_group,
        "status": victim.status,
    }
