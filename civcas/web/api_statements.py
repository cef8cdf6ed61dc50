"""Statements and tallies: the published figures, as JSON, text, Markdown or CSV."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import PlainTextResponse

from civcas.months import checked
from civcas.publication.render import RENDERERS
from civcas.publication.statement import Statement, statement_from
from civcas.publication.tally import MONTH_COLUMNS, columns_of, tally
from civcas.publication.timeline import Timeline
from civcas.web.api_models import (
    ERRORS,
    Table,
)
from civcas.web.api_support import (
    csv_response,
)
from civcas.web.cache import Figures
from civcas.web.deps import DB, CurrentUser

router = APIRouter()


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
    figures: Figures,
    month: Annotated[str, Query(description="The month, written YYYY-MM.", examples=["2017-07"])],
    output: Annotated[
        Literal["json", "text", "markdown"],
        Query(alias="format", description="json (default), text or markdown."),
    ] = "json",
) -> Any:
    period = checked(month)
    found = figures.figure(session, ("statement", period), lambda t: statement_from(t, period))
    if output == "json":
        return found.as_dict()
    return PlainTextResponse(RENDERERS[output](found), media_type=TEXT_TYPES[output])


def table_response(
    by: str, columns: list[str], rows: list[dict[str, Any]], output: str, simulated: bool
) -> Any:
    if output == "csv":
        return csv_response(rows, columns, f"tally-by-{by}.csv")
    return {"by": by, "columns": columns, "items": rows, "simulated": simulated}


def tallied(timeline: Timeline, by: str) -> tuple[list[dict[str, Any]], bool]:
    """The tally's rows, and whether the ledger they were counted from is simulated."""
    return tally(timeline, by), timeline.simulated


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
def statements(session: DB, figures: Figures, output: TableFormat = "json") -> Any:
    rows, simulated = figures.figure(session, ("tally", "month"), lambda t: tallied(t, "month"))
    return table_response("month", list(MONTH_COLUMNS), rows, output, simulated)


@router.get(
    "/tallies",
    response_model=Table,
    summary="Tallies of the ledger",
    description="Figures by month (as /statements); reports by the month their event happened "
    "(event_month), with the killed range they state; or reports by country, source or current "
    "outcome with their outcomes and acknowledged deaths. Non-public sources are grouped under "
    "'(withheld TYPE source)'.",
    responses={200: {"content": {"text/csv": {}}}, **ERRORS},
)
def tallies(
    session: DB,
    figures: Figures,
    by: Annotated[
        Literal["month", "event_month", "country", "source", "outcome"],
        Query(description="What to tally by."),
    ] = "month",
    output: TableFormat = "json",
) -> Any:
    rows, simulated = figures.figure(session, ("tally", by), lambda t: tallied(t, by))
    return table_response(by, columns_of(by), rows, output, simulated)
