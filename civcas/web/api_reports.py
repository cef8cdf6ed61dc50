"""The register and strikes: lists with filters and paging, CSV and GeoJSON, one report."""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from sqlalchemy.orm import Session

from civcas.ledger import audit
from civcas.ledger.models import User
from civcas.ledger.versions import report_version
from civcas.publication.allegation import Allegation, allegation
from civcas.publication.register import (
    RegisterEntry,
    RegisterQuery,
    every_entry,
    register,
)
from civcas.vocab import Grade, Outcome, SourceType
from civcas.web import api_listing as listing
from civcas.web.api_models import (
    ERRORS,
    NOT_FOUND,
    Page,
    ReportDetail,
    StrikeItem,
)
from civcas.web.api_params import Country, DateFrom, DateTo, Limit, ReportId, is_restricted
from civcas.web.api_support import (
    CSV_DOC,
    GEOJSON_DOC,
    BBox,
    Pages,
    Paging,
    csv_response,
    fetch_page,
    geojson_response,
    page_body,
    plain,
)
from civcas.web.deps import DB, CurrentUser

router = APIRouter()


# The register ----------------------------------------------------------------------------------


async def register_filters(
    date_from: DateFrom = None,
    date_to: DateTo = None,
    country: Country = None,
    outcome: Annotated[Outcome | None, Query(description="Only this current outcome.")] = None,
    grade: Annotated[Grade | None, Query(description="Only this latest monitor grade.")] = None,
    source_type: Annotated[
        SourceType | None, Query(description="Only reports from sources of this type.")
    ] = None,
    bbox: BBox = None,
    q: Annotated[
        str | None,
        Query(
            max_length=200,
            description="Free text, matched (case-insensitively) in the place and the report's "
            "external id, and for signed-in users also in the summary.",
        ),
    ] = None,
) -> RegisterQuery:
    """The register's filters, checked by `RegisterQuery` (a FieldError names the parameter)."""
    return RegisterQuery(
        date_from=date_from,
        date_to=date_to,
        country=country,
        outcome=outcome,
        grade=grade,
        source_type=source_type,
        bbox=bbox,
        text=q or None,
    )


RegisterFilters = Annotated[RegisterQuery, Depends(register_filters)]


def register_entries(
    session: Session, query: RegisterQuery, user: User | None
) -> tuple[list[RegisterEntry], int]:
    """One page of the register as this user may see it, and the total."""
    restricted = is_restricted(user)
    found = register(session, query, restricted=restricted)
    entries = found.entries
    return entries, found.total


REGISTER_HELP = (
    "Allegations newest event first (ties by id, so paging is stable), with the current "
    "outcome, its reason and the latest monitor grade. The names of non-public sources are "
    "withheld unless you are signed in."
)


@router.get(
    "/reports",
    response_model=Page[RegisterEntry],
    summary="The register of allegations",
    description=REGISTER_HELP + " Paged; the `Link` header points to the other pages.",
    responses=ERRORS,
)
def reports(
    request: Request,
    response: Response,
    session: DB,
    user: CurrentUser,
    query: RegisterFilters,
    paged: Pages,
) -> dict[str, Any]:
    query = dataclasses.replace(query, page=paged.page, per_page=paged.per_page)
    entries, total = register_entries(session, query, user)
    return page_body(request, response, [e.as_dict() for e in entries], total, paged)


@router.get(
    "/reports.csv",
    response_class=Response,
    summary="The register as CSV",
    description=REGISTER_HELP + " Every matching entry (or the first `limit`), one per row.",
    responses={**CSV_DOC, **ERRORS},
)
def reports_csv(
    session: DB, user: CurrentUser, query: RegisterFilters, limit: Limit = None
) -> Response:
    restricted = is_restricted(user)
    entries = list(every_entry(session, query, restricted=restricted, limit=limit))
    columns = list(RegisterEntry.__dataclass_fields__)
    response = csv_response((e.as_dict() for e in entries), columns, "reports.csv")
    if restricted:
        log_export(session, "reports.csv", query, len(entries), response.body)
    return response


@router.get(
    "/reports.geojson",
    response_class=Response,
    summary="The register as GeoJSON",
    description=REGISTER_HELP + " Every matching entry with coordinates (or the first `limit` "
    "entries), as Point features.",
    responses={**GEOJSON_DOC, **ERRORS},
)
def reports_geojson(
    session: DB, user: CurrentUser, query: RegisterFilters, limit: Limit = None
) -> Response:
    restricted = is_restricted(user)
    entries = list(every_entry(session, query, restricted=restricted, limit=limit))
    response = geojson_response(e.as_dict() for e in entries)
    if restricted:
        log_export(session, "reports.geojson", query, len(entries), response.body)
    return response


PAGING = ("page", "per_page")  # a download holds every matching entry, whatever the page


def log_export(
    session: Session, name: str, query: Any, rows: int, body: bytes | memoryview
) -> None:
    """A download holding restricted content (victims, non-public sources) in the audit log,
    with its filters, size and SHA-256; the public register is anyone's to take, unlogged."""
    stated = plain(dataclasses.asdict(query)).items()
    filters = {key: value for key, value in stated if value and key not in PAGING}
    digest = hashlib.sha256(body).hexdigest()
    audit.exported(session, {"file": name, "filters": filters, "rows": rows, "sha256": digest})


def history_of(found: Allegation, *, signed_in: bool) -> dict[str, list[dict[str, Any]]]:
    """An allegation's decisions, gradings and documents (and its victims, for restricted users)
    as the API lists them; who decided is shown to signed-in users only."""
    report = {"report": found.entry.id, "report_external_id": found.entry.external_id}
    assessments = []
    for decision in found.decisions:
        item: dict[str, Any] = {
            "id": decision.id,
            **report,
            "source": found.entry.source,
            "outcome": decision.outcome,
            "reason_code": decision.reason_code,
            "reason": decision.reason,
            "killed": decision.killed,
            "injured": decision.injured,
            "duplicate_of": decision.duplicate_of.id if decision.duplicate_of else None,
            "decided_at": decision.decided_at,
        }
        if signed_in:
            item["assessor"] = decision.assessor
        assessments.append(item)
    documents = []
    for document in found.documents:
        cited: dict[str, Any] = {
            "id": document.id,
            "url": document.url,
            "sha256": document.sha256,
            "language": document.language,
            "retrieved_at": document.retrieved_at,
            "reports": [listing.citation(link) for link in document.cited_by],
        }
        if found.restricted:
            cited["archived_text"] = document.archived_text
        documents.append(cited)
    history = {
        "assessments": assessments,
        "gradings": [{**report, **dataclasses.asdict(g)} for g in found.gradings],
        "documents": documents,
    }
    if found.restricted:
        history["victims"] = [{**report, **dataclasses.asdict(v)} for v in found.victims]
    return history


@router.get(
    "/reports/{report_id}",
    response_model=ReportDetail,
    response_model_exclude_unset=True,
    summary="One allegation and its history",
    description="The report's register entry, every decision on it (oldest first), every "
    "monitor grading and the documents it cites. Signed-in users also see who decided, the "
    "documents' archived text and the people named in the report.",
    responses={**NOT_FOUND, **ERRORS},
)
def report(report_id: ReportId, session: DB, user: CurrentUser) -> dict[str, Any]:
    found = allegation(session, report_id, restricted=is_restricted(user))
    if found is None:
        raise HTTPException(404, f"there is no report with id {report_id}")
    history = history_of(found, signed_in=user is not None)
    version = report_version(session, report_id)
    return {"entry": found.entry.as_dict(), **history, "version": version}


# Strikes ---------------------------------------------------------------------------------------


async def strike_filters(
    date_from: DateFrom = None, date_to: DateTo = None, country: Country = None, bbox: BBox = None
) -> RegisterQuery:
    """The strike log's filters, checked by the register's rules."""
    return RegisterQuery(date_from=date_from, date_to=date_to, country=country, bbox=bbox)


StrikeFilters = Annotated[RegisterQuery, Depends(strike_filters)]
STRIKES_HELP = "The belligerent's strike log, latest day first (ties by id)."


def strike_items(
    session: Session, query: RegisterQuery, paged: Paging | None
) -> tuple[list[dict[str, Any]], int]:
    rows, total = fetch_page(session, listing.strikes_filtered(query), listing.STRIKE_ORDER, paged)
    return [listing.strike_item(strike) for (strike,) in rows], total


@router.get(
    "/strikes",
    response_model=Page[StrikeItem],
    summary="The strike log",
    description=STRIKES_HELP,
    responses=ERRORS,
)
def strikes(
    request: Request, response: Response, session: DB, query: StrikeFilters, paged: Pages
) -> dict[str, Any]:
    items, total = strike_items(session, query, paged)
    return page_body(request, response, items, total, paged)


def limited(limit: int | None) -> Paging | None:
    return None if limit is None else Paging(1, limit)


@router.get(
    "/strikes.csv",
    response_class=Response,
    summary="The strike log as CSV",
    description=STRIKES_HELP,
    responses={**CSV_DOC, **ERRORS},
)
def strikes_csv(session: DB, query: StrikeFilters, limit: Limit = None) -> Response:
    items, _ = strike_items(session, query, limited(limit))
    return csv_response(items, listing.STRIKE_COLUMNS, "strikes.csv")


@router.get(
    "/strikes.geojson",
    response_class=Response,
    summary="The strike log as GeoJSON",
    description=STRIKES_HELP,
    responses={**GEOJSON_DOC, **ERRORS},
)
def strikes_geojson(session: DB, query: StrikeFilters, limit: Limit = None) -> Response:
    items, _ = strike_items(session, query, limited(limit))
    return geojson_response(items)
