"""Recording one decision on one report: the Python API behind `civcas assess`.

It goes through the same loader as an assessment file, so that a decision typed by an analyst and a
decision imported from a spreadsheet obey exactly the same rules.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from civcas.errors import FieldError, IntakeError, RowError
from civcas.intake.load import load
from civcas.intake.refs import ReportIndex
from civcas.intake.rows import AssessmentRow
from civcas.ledger.models import Assessment
from civcas.ledger.versions import ensure_unchanged
from civcas.vocab import Outcome, ReasonCode

DEFAULT_REASONS = {
    Outcome.CREDIBLE: ReasonCode.CREDIBLE,
    Outcome.DUPLICATE: ReasonCode.DUPLICATE,
    Outcome.OPEN: ReasonCode.REOPENED,
}


class AssessmentRefused(IntakeError):
    """The decision breaks a rule; `errors` say which field and why."""


def assess(
    session: Session,
    report: str,
    outcome: Outcome | str,
    *,
    reason_code: ReasonCode | str | None = None,
    reason: str | None = None,
    killed: int | None = None,
    injured: int | None = None,
    duplicate_of: str | None = None,
    source: str | None = None,
    duplicate_of_source: str | None = None,
    assessor: str | None = None,
    decided_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
    version: int | None = None,
) -> Assessment:
    """Record a decision on `report` (its external id; `source` if the id is ambiguous).

    The reason code defaults to the only one an outcome admits (credible, duplicate, reopened);
    a not-credible decision must name its reason. Raises AssessmentRefused, storing nothing.
    With `version` (the report's version its author saw, `civcas.ledger.versions`), raises
    EditConflict if the report changed since.
    """
    now = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    if version is not None:
        ensure_unchanged(session, resolved_id(session, report, source), version)
    outcome = Outcome(outcome)
    row = {
        "report_source": source,
        "report_external_id": report,
        "outcome": outcome,
        "reason_code": reason_code or DEFAULT_REASONS.get(outcome),
        "reason": reason,
        "killed": killed,
        "injured": injured,
        "duplicate_of_source": duplicate_of_source,
        "duplicate_of_external_id": duplicate_of,
        "assessor": assessor,
        "decided_at": decided_at or now,
    }
    try:
        load(session, "assessments", [(f"report {report}", row)], source="decision", now=now)
    except IntakeError as refused:
        raise AssessmentRefused("assessments", refused.errors, "decision") from None
    target = ReportIndex(session, [AssessmentRow.model_validate(row)]).resolve(source, report)
    query = select(Assessment).where(
        Assessment.report_id == target.id, Assessment.decided_at == row["decided_at"]
    )
    return session.scalars(query).one()


class Pointer(NamedTuple):
    """What `ReportIndex` reads from a row: the external id it points at."""

    report_external_id: str


def resolved_id(session: Session, report: str, source: str | None) -> int:
    """The id of the report named by its external id (and source), or AssessmentRefused."""
    try:
        return ReportIndex(session, [Pointer(report)]).resolve(source, report).id
    except FieldError as error:
        raise AssessmentRefused(
            "assessments", [RowError(f"report {report}", error.field, error.message)], "decision"
        ) from None
