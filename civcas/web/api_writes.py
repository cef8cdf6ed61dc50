"""Writes for scripts holding an API token: reports, decisions and gradings."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, HTTPException
from sqlalchemy import select
from sqlalchemy.orm import Session

from civcas.assessment.workflow import AssessmentRefused, assess
from civcas.errors import IntakeError, RowError
from civcas.intake.load import load
from civcas.intake.rows import utc_naive
from civcas.ledger.models import Report, Source, User
from civcas.ledger.versions import ensure_unchanged
from civcas.vocab import Outcome, Permission
from civcas.web import api_listing as listing
from civcas.web.api_models import (
    AUTH_ERRORS,
    ERRORS,
    NOT_FOUND,
    REPORT_BODY_HELP,
    REPORT_EXAMPLE,
    AssessmentIn,
    AssessmentItem,
    GradingIn,
    Loaded,
)
from civcas.web.api_params import ReportId
from civcas.web.api_support import (
    TokenUser,
    permit,
)
from civcas.web.deps import DB

router = APIRouter()


# Writes (API tokens only) ----------------------------------------------------------------------


def writer(permission: Permission) -> Any:
    """A dependency letting through API token holders whose role holds `permission`."""

    def check(user: TokenUser) -> User:
        permit(user, permission)
        return user

    return Depends(check)


def report_key(session: Session, report_id: int) -> tuple[str, str] | None:
    """The report's (external id, source name), by which the intake loader names it."""
    row = session.execute(
        select(Report.external_id, Source.name)
        .join(Source, Source.id == Report.source_id)
        .where(Report.id == report_id)
    ).first()
    return None if row is None else (row[0], row[1])


def known_report(session: Session, report_id: int) -> tuple[str, str]:
    key = report_key(session, report_id)
    if key is None:
        raise HTTPException(404, f"there is no report with id {report_id}")
    return key


@router.post(
    "/reports",
    status_code=201,
    response_model=Loaded,
    summary="File reports (API token)",
    description=REPORT_BODY_HELP + " Needs an API token whose role may file allegations.",
    responses={**AUTH_ERRORS, **ERRORS},
)
def file_reports(
    session: DB,
    user: Annotated[User, writer(Permission.FILE)],
    rows: Annotated[
        dict[str, Any] | list[dict[str, Any]],
        Body(description=REPORT_BODY_HELP, examples=[REPORT_EXAMPLE, [REPORT_EXAMPLE]]),
    ],
) -> dict[str, Any]:
    batch = rows if isinstance(rows, list) else [rows]
    if not batch:
        raise HTTPException(422, "send at least one report")
    result = load(session, "reports", batch, source="request body")
    return dataclasses.asdict(result)


API_FIELDS = {
    "duplicate_of_external_id": "duplicate_of",
    "duplicate_of_source": "duplicate_of",
    "report_external_id": "report",
    "report_source": "report",
}


@router.post(
    "/reports/{report_id}/assessments",
    status_code=201,
    response_model=AssessmentItem,
    summary="Record a decision (API token)",
    description="One decision on the report, by the same rules as `civcas assess`: a report is "
    "closed once (credible, not credible, duplicate), then only reopened or — if credible — "
    "revised. Closing and revising need a role that may decide; reopening one that may reopen.",
    responses={**NOT_FOUND, **AUTH_ERRORS, **ERRORS},
)
def decide(
    report_id: ReportId, decision: AssessmentIn, session: DB, user: TokenUser
) -> dict[str, Any]:
    permit(user, Permission.REOPEN if decision.outcome is Outcome.OPEN else Permission.DECIDE)
    external_id, source = known_report(session, report_id)
    duplicate = None
    if decision.duplicate_of is not None:
        duplicate = report_key(session, decision.duplicate_of)
        if duplicate is None:
            raise IntakeError(
                "assessments",
                [
                    RowError(
                        f"report {report_id}",
                        "duplicate_of",
                        f"there is no report with id {decision.duplicate_of}",
                    )
                ],
            )
    try:
        made = assess(
            session,
            external_id,
            decision.outcome,
            source=source,
            reason_code=decision.reason_code,
            reason=decision.reason,
            killed=decision.killed,
            injured=decision.injured,
            duplicate_of=duplicate[0] if duplicate else None,
            duplicate_of_source=duplicate[1] if duplicate else None,
            assessor=user.name,
            decided_at=utc_naive(decision.decided_at) if decision.decided_at else None,
            version=decision.version,
        )
    except AssessmentRefused as refused:
        errors = [
            RowError(f"report {report_id}", API_FIELDS.get(e.field, e.field), e.reason)
            for e in refused.errors
        ]
        raise IntakeError("assessments", errors, "decision") from None
    owner = session.scalars(select(Source).where(Source.name == source)).one()
    return listing.assessment_item(made, external_id, owner, restricted=True, signed_in=True)


@router.post(
    "/reports/{report_id}/gradings",
    status_code=201,
    response_model=Loaded,
    summary="Record a monitor's grading (API token)",
    description="A monitor's grade of the report with its own ranges (the monitor is created "
    "as a source if new). Needs a role that may record gradings.",
    responses={**NOT_FOUND, **AUTH_ERRORS, **ERRORS},
)
def grade_report(
    report_id: ReportId,
    grading: GradingIn,
    session: DB,
    user: Annotated[User, writer(Permission.GRADE)],
) -> dict[str, Any]:
    external_id, source = known_report(session, report_id)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    ensure_unchanged(session, report_id, grading.version)
    row = {
        "report_source": source,
        "report_external_id": external_id,
        **grading.model_dump(exclude={"graded_at", "version"}),
        "graded_at": utc_naive(grading.graded_at) if grading.graded_at else now,
    }
    result = load(session, "gradings", [(f"report {report_id}", row)], source="request body")
    return dataclasses.asdict(result)
