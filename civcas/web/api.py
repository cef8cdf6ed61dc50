"""The REST API under /api/v1: the same core functions as the CLI, as JSON, CSV and GeoJSON.

Routes are thin: the register is `publication.register`, statements `publication.statement`,
tables `publication.tally`, and every write goes through `intake.load` (directly, or through
`assessment.workflow.assess`), so the API obeys exactly the rules a file import does.

Reading is open to the public, who never see victims or the names of non-public sources; a
signed-in user or an API token holder sees both. Writing takes an API token, never a session
cookie, so that no other site can make a signed-in browser write (no CSRF).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, HTTPException, Path, Query, Request, Response
from fastapi.responses import PlainTextResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from civcas.accounts import can
from civcas.assessment.workflow import AssessmentRefused, assess
from civcas.errors import FieldError, IntakeError, RowError
from civcas.intake.load import load
from civcas.intake.rows import utc_naive
from civcas.ledger.models import Assessment, Grading, Report, Source, User
from civcas.publication.register import (
    MAX_PER_PAGE,
    RegisterEntry,
    RegisterQuery,
    entry,
    register,
)
from civcas.publication.render import RENDERERS
from civcas.publication.statement import Statement, compute_statement
from civcas.publication.tally import GROUP_COLUMNS, MONTH_COLUMNS, tally
from civcas.publication.timeline import load_timeline
from civcas.vocab import Grade, Outcome, Permission, ReasonCode, SourceType
from civcas.web import api_listing as listing
from civcas.web.api_models import (
    AUTH_ERRORS,
    ERRORS,
    NOT_FOUND,
    REPORT_BODY_HELP,
    REPORT_EXAMPLE,
    AssessmentIn,
    AssessmentItem,
    DocumentItem,
    GradingIn,
    GradingItem,
    Loaded,
    Page,
    ReportDetail,
    SourceItem,
    StrikeItem,
    Table,
    VictimItem,
)
from civcas.web.api_support import (
    CSV_DOC,
    GEOJSON_DOC,
    BBox,
    Pages,
    Paging,
    RestrictedReader,
    TokenUser,
    csv_response,
    fetch_page,
    geojson_response,
    page_body,
    permit,
)
from civcas.web.deps import DB, CurrentUser

router = APIRouter(prefix="/api/v1", tags=["civcas"])

ReportId = Annotated[int, Path(ge=1, description="The report's id in the ledger (`id`).")]
DateFrom = Annotated[
    dt.date | None,
    Query(
        description="Only events on or after this day (ISO date, e.g. 2017-06-01); an event "
        "known only to a span of days counts if the span reaches it."
    ),
]
DateTo = Annotated[
    dt.date | None,
    Query(
        description="Only events on or before this day (ISO date, e.g. 2017-06-30); an event "
        "known only to a span of days counts if the span reaches it."
    ),
]
Country = Annotated[
    str | None,
    Query(
        pattern="^[A-Za-z]{2}$",
        description="Only this country: an ISO 3166-1 alpha-2 code such as SY or IQ.",
    ),
]
Limit = Annotated[
    int | None,
    Query(ge=1, description="At most this many items (newest first); all of them by default."),
]


def is_restricted(user: User | None) -> bool:
    return can(user, Permission.READ_RESTRICTED)


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


def every_entry(
    session: Session, query: RegisterQuery, user: User | None, limit: int | None
) -> list[RegisterEntry]:
    """All the register's entries for `query` (or the first `limit`), page after page."""
    entries: list[RegisterEntry] = []
    page = 1
    while limit is None or len(entries) < limit:
        found, total = register_entries(
            session, dataclasses.replace(query, page=page, per_page=MAX_PER_PAGE), user
        )
        entries += found
        if page * MAX_PER_PAGE >= total:
            break
        page += 1
    return entries if limit is None else entries[:limit]


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
    entries = every_entry(session, query, user, limit)
    columns = list(RegisterEntry.__dataclass_fields__)
    return csv_response((e.as_dict() for e in entries), columns, "reports.csv")


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
    return geojson_response(e.as_dict() for e in every_entry(session, query, user, limit))


def history_of(
    session: Session, report_id: int, user: User | None
) -> dict[str, list[dict[str, Any]]]:
    """A report's decisions, gradings and documents (and its victims, for restricted users)."""
    restricted, signed_in = is_restricted(user), user is not None
    decisions = session.execute(
        listing.assessments_filtered(report=report_id).order_by(
            Assessment.decided_at, Assessment.id
        )
    )
    gradings = session.execute(
        listing.gradings_filtered(report=report_id, restricted=restricted).order_by(
            Grading.graded_at, Grading.id
        )
    )
    documents = session.scalars(
        listing.documents_filtered(report=report_id).order_by(*listing.DOCUMENT_ORDER)
    )
    history = {
        "assessments": [
            listing.assessment_item(a, x, s, restricted=restricted, signed_in=signed_in)
            for a, x, s in decisions
        ],
        "gradings": [listing.grading_item(g, x, m, restricted=restricted) for g, x, m in gradings],
        "documents": listing.document_items(session, list(documents), restricted=restricted),
    }
    if restricted:
        victims = session.execute(
            listing.victims_filtered(report=report_id).order_by(*listing.VICTIM_ORDER)
        )
        history["victims"] = [listing.victim_item(v, x) for v, x in victims]
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
    restricted = is_restricted(user)
    found = entry(session, report_id, restricted=restricted)
    if found is None:
        raise HTTPException(404, f"there is no report with id {report_id}")
    return {"entry": found.as_dict(), **history_of(session, report_id, user)}


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
        int | None, Query(ge=1, description="Only decisions on this report (its id).")
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
        int | None, Query(ge=1, description="Only gradings of this report (its id).")
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
        int | None, Query(ge=1, description="Only documents cited by this report (its id).")
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
        int | None, Query(ge=1, description="Only people named in this report (its id).")
    ] = None,
) -> dict[str, Any]:
    rows, total = fetch_page(
        session, listing.victims_filtered(report=report), listing.VICTIM_ORDER, paged
    )
    items = [listing.victim_item(victim, external_id) for victim, external_id in rows]
    return page_body(request, response, items, total, paged)


# Statements and tallies ------------------------------------------------------------------------

TEXT_TYPES = {"text": "text/plain; charset=utf-8", "markdown": "text/markdown; charset=utf-8"}


@router.get(
    "/statement",
    response_model=Statement,
    summary="The monthly statement",
    description="The month's figures in the belligerent's published form, counted from the "
    "ledger (definitions on the methodology page). `provenance` lists the report ids behind "
    "each figure. `format=text` gives the release's wording, `format=markdown` a table.",
    responses={
        200: {"content": {"text/plain": {}, "text/markdown": {}}},
        **ERRORS,
    },
)
def statement(
    session: DB,
    user: CurrentUser,
    month: Annotated[str, Query(description="The month, written YYYY-MM.", examples=["2017-07"])],
    output: Annotated[
        Literal["json", "text", "markdown"],
        Query(alias="format", description="json (default), text or markdown."),
    ] = "json",
) -> Any:
    figures = compute_statement(session, month)
    if output == "json":
        return figures.as_dict()
    return PlainTextResponse(RENDERERS[output](figures), media_type=TEXT_TYPES[output])


def table_response(by: str, columns: list[str], rows: list[dict[str, Any]], output: str) -> Any:
    if output == "csv":
        return csv_response(rows, columns, f"tally-by-{by}.csv")
    return {"by": by, "columns": columns, "items": rows}


TableFormat = Annotated[
    Literal["json", "csv"], Query(alias="format", description="json (default) or csv.")
]


@router.get(
    "/statements",
    response_model=Table,
    summary="Every month's statement figures",
    description="The statement's main figures for every month from the ledger's first event to "
    "its last, oldest first.",
    responses={200: {"content": {"text/csv": {}}}},
)
def statements(session: DB, output: TableFormat = "json") -> Any:
    rows = tally(load_timeline(session), "month")
    return table_response("month", list(MONTH_COLUMNS), rows, output)


@router.get(
    "/tallies",
    response_model=Table,
    summary="Tallies of the ledger",
    description="Figures by month (as /statements), or reports by country, source or current "
    "outcome with their outcomes and acknowledged deaths. Non-public sources are grouped under "
    "'(withheld TYPE source)'.",
    responses={200: {"content": {"text/csv": {}}}, **ERRORS},
)
def tallies(
    session: DB,
    by: Annotated[
        Literal["month", "country", "source", "outcome"],
        Query(description="What to tally by."),
    ] = "month",
    output: TableFormat = "json",
) -> Any:
    rows = tally(load_timeline(session), by)
    columns = list(MONTH_COLUMNS) if by == "month" else [by, *GROUP_COLUMNS]
    return table_response(by, columns, rows, output)


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
    row = {
        "report_source": source,
        "report_external_id": external_id,
        **grading.model_dump(exclude={"graded_at"}),
        "graded_at": utc_naive(grading.graded_at) if grading.graded_at else now,
    }
    result = load(session, "gradings", [(f"report {report_id}", row)], source="request body")
    return dataclasses.asdict(result)
