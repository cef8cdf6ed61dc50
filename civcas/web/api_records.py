"""The ledger's other records: decisions, gradings, sources, documents and (restricted) victims."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from civcas.errors import FieldError
from civcas.ledger.models import Source
from civcas.vocab import Grade, Outcome, ReasonCode, SourceType
from civcas.web import api_listing as listing
from civcas.web.api_models import (
    AUTH_ERRORS,
    ERRORS,
    AssessmentItem,
    DocumentItem,
    GradingItem,
    Page,
    SourceItem,
    VictimItem,
)
from civcas.web.api_params import MAX_ID, is_restricted
from civcas.web.api_support import (
    Pages,
    RestrictedReader,
    fetch_page,
    page_body,
)
from civcas.web.deps import DB, CurrentUser

router = APIRouter()


# Decisions, gradings, sources, documents, victims ---------------------------------------------


@router.get(
    "/assessments",
    response_model=Page[AssessmentItem],
    response_model_exclude_unset=True,
    summary="Assessment decisions",
    description="Every decision on every report, latest first: reopenings and revisions are "
    "rows of their own. Signed-in users also see who decided.",
    responses=ERRORS,
)
def assessments(
    request: Request,
    response: Response,
    session: DB,
    user: CurrentUser,
    paged: Pages,
    outcome: Annotated[
        Outcome | None, Query(description="Only decisions with this outcome.")
    ] = None,
    reason_code: Annotated[
        ReasonCode | None, Query(description="Only decisions with this reason code.")
    ] = None,
    decided_from: Annotated[
        dt.date | None, Query(description="Only decisions on or after this day (UTC).")
    ] = None,
    decided_to: Annotated[
        dt.date | None, Query(description="Only decisions on or before this day (UTC).")
    ] = None,
    report: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="Only decisions on this report (its id).")
    ] = None,
) -> dict[str, Any]:
    if decided_from and decided_to and decided_from > decided_to:
        raise FieldError("decided_from", "decided_from is after decided_to")
    statement = listing.assessments_filtered(
        outcome=outcome,
        reason_code=reason_code,
        decided_from=decided_from,
        decided_to=decided_to,
        report=report,
    )
    rows, total = fetch_page(session, statement, listing.ASSESSMENT_ORDER, paged)
    restricted, signed_in = is_restricted(user), user is not None
    items = [
        listing.assessment_item(a, x, s, restricted=restricted, signed_in=signed_in)
        for a, x, s in rows
    ]
    return page_body(request, response, items, total, paged)


@router.get(
    "/gradings",
    response_model=Page[GradingItem],
    summary="Monitor gradings",
    description="Every grade a monitor gave a report, latest first.",
    responses=ERRORS,
)
def gradings(
    request: Request,
    response: Response,
    session: DB,
    user: CurrentUser,
    paged: Pages,
    monitor: Annotated[
        str | None, Query(max_length=200, description="Only this monitor's (its name).")
    ] = None,
    grade: Annotated[Grade | None, Query(description="Only gradings with this grade.")] = None,
    report: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="Only gradings of this report (its id).")
    ] = None,
) -> dict[str, Any]:
    restricted = is_restricted(user)
    statement = listing.gradings_filtered(
        monitor=monitor, grade=grade, report=report, restricted=restricted
    )
    rows, total = fetch_page(session, statement, listing.GRADING_ORDER, paged)
    items = [listing.grading_item(g, x, m, restricted=restricted) for g, x, m in rows]
    return page_body(request, response, items, total, paged)


@router.get(
    "/sources",
    response_model=Page[SourceItem],
    summary="Sources and monitors",
    description="The organisations, channels and people that make allegations or grade them, "
    "by name. Non-public sources (witnesses, mostly) are listed for signed-in users only.",
    responses=ERRORS,
)
def sources(
    request: Request,
    response: Response,
    session: DB,
    user: CurrentUser,
    paged: Pages,
    type: Annotated[SourceType | None, Query(description="Only sources of this type.")] = None,
) -> dict[str, Any]:
    statement = listing.sources_filtered(restricted=is_restricted(user))
    if type:
        statement = statement.where(Source.type == type)
    rows, total = fetch_page(session, statement, listing.SOURCE_ORDER, paged)
    items = [listing.source_item(source, count) for source, count in rows]
    return page_body(request, response, items, total, paged)


@router.get(
    "/documents",
    response_model=Page[DocumentItem],
    response_model_exclude_unset=True,
    summary="Evidence documents",
    description="Documents fixed by the SHA-256 of their content, with the reports citing them "
    "(a non-public source's report is cited without its name). Signed-in users also get the "
    "archived text.",
    responses=ERRORS,
)
def documents(
    request: Request,
    response: Response,
    session: DB,
    user: CurrentUser,
    paged: Pages,
    report: Annotated[
        int | None,
        Query(ge=1, le=MAX_ID, description="Only documents cited by this report (its id)."),
    ] = None,
    language: Annotated[
        str | None, Query(max_length=16, description="Only documents in this language code.")
    ] = None,
) -> dict[str, Any]:
    statement = listing.documents_filtered(report=report, language=language)
    rows, total = fetch_page(session, statement, listing.DOCUMENT_ORDER, paged)
    items = listing.document_items(
        session, [document for (document,) in rows], restricted=is_restricted(user)
    )
    return page_body(request, response, items, total, paged)


@router.get(
    "/victims",
    response_model=Page[VictimItem],
    summary="People named in reports (signed-in users only)",
    description="Personal data: only for signed-in users or API token holders, never public.",
    responses={**AUTH_ERRORS, **ERRORS},
)
def victims(
    request: Request,
    response: Response,
    session: DB,
    reader: RestrictedReader,
    paged: Pages,
    report: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="Only people named in this report (its id).")
    ] = None,
) -> dict[str, Any]:
    rows, total = fetch_page(
        session, listing.victims_filtered(report=report), listing.VICTIM_ORDER, paged
    )
    items = [listing.victim_item(victim, external_id) for victim, external_id in rows]
    return page_body(request, response, items, total, paged)
