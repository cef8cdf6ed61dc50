"""The register page, and the parsing of the register's query string (shared with the map).

A refused filter is a FieldError naming the parameter, in the page's language: the parsing made
here says why in translatable words, and `RegisterQuery`'s own refusals are translated by their
(fixed) English text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from civcas.errors import FieldError
from civcas.i18n import Gettext
from civcas.ledger.models import Report
from civcas.publication.register import RegisterQuery, register
from civcas.vocab import N_, Described, Grade, Outcome, SourceType
from civcas.web.deps import DB
from civcas.web.pages_support import Restricted, gettext, link, page, page_numbers

router = APIRouter(include_in_schema=False)

FILTERS = ("date_from", "date_to", "country", "outcome", "grade", "source_type", "bbox", "q")
PAGE_SIZES = (25, 50, 100, 200)
# RegisterQuery's own refusals (civcas.publication.register), for the catalog: a page shows them
# translated (tests/web/test_arabic.py checks that each one is).
QUERY_REFUSALS = (
    N_("pages are numbered from 1"),
    N_("per_page must be between 1 and 500"),
    N_("date_from is after date_to"),
    N_("bbox is west,south,east,north in degrees, with south ≤ north"),
)


# --- the register's query string ---------------------------------------------------------------


def vocabulary_value(enum: type[Described], field: str, text: str, _: Gettext) -> Any:
    try:
        return enum(text)
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        message = _("%(value)s is not one of %(allowed)s")
        raise FieldError(field, message % {"value": repr(text), "allowed": allowed}) from None


def date_value(field: str, text: str, _: Gettext) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        message = _("%(value)s is not a date written YYYY-MM-DD")
        raise FieldError(field, message % {"value": repr(text)}) from None


def whole_number(field: str, text: str, _: Gettext) -> int:
    try:
        return int(text)
    except ValueError:
        message = _("%(value)s is not a whole number")
        raise FieldError(field, message % {"value": repr(text)}) from None


def bbox_value(text: str, _: Gettext) -> tuple[float, float, float, float]:
    try:
        west, south, east, north = (float(part) for part in text.split(","))
    except ValueError:
        raise FieldError("bbox", _("bbox is four numbers: west,south,east,north")) from None
    return west, south, east, north


def chosen_filters(params: Mapping[str, str]) -> dict[str, str]:
    """The non-empty filters of a query string, trimmed (what the form shows and links keep)."""
    return {name: params[name].strip() for name in FILTERS if params.get(name, "").strip()}


def register_query(
    filters: Mapping[str, str],
    params: Mapping[str, str],
    _: Gettext,
    *,
    per_page: int = 50,
) -> RegisterQuery:
    """The register query that `filters` and the paging parameters ask for; FieldError if not,
    its message in the language of `_` (a gettext)."""
    country = filters.get("country")
    if country is not None and not re.fullmatch(r"[A-Za-z]{2}", country):
        message = _("%(value)s is not a two-letter country code") % {"value": repr(country)}
        raise FieldError("country", message)
    page_text, size_text = params.get("page", "").strip(), params.get("per_page", "").strip()
    values: dict[str, Any] = {
        "date_from": date_value("date_from", filters["date_from"], _)
        if "date_from" in filters
        else None,
        "date_to": date_value("date_to", filters["date_to"], _) if "date_to" in filters else None,
        "country": country.upper() if country else None,
        "outcome": vocabulary_value(Outcome, "outcome", filters["outcome"], _)
        if "outcome" in filters
        else None,
        "grade": vocabulary_value(Grade, "grade", filters["grade"], _)
        if "grade" in filters
        else None,
        "source_type": vocabulary_value(SourceType, "source_type", filters["source_type"], _)
        if "source_type" in filters
        else None,
        "bbox": bbox_value(filters["bbox"], _) if "bbox" in filters else None,
        "text": filters.get("q"),
        "page": whole_number("page", page_text, _) if page_text else 1,
        "per_page": whole_number("per_page", size_text, _) if size_text else per_page,
    }
    try:
        return RegisterQuery(**values)
    except FieldError as refused:
        raise FieldError(refused.field, _(refused.message)) from None


def countries_in_ledger(session: Session) -> list[str]:
    return list(session.scalars(select(Report.country).distinct().order_by(Report.country)))


def filter_choices(session: Session) -> dict[str, Any]:
    return {
        "countries": countries_in_ledger(session),
        "outcomes": list(Outcome),
        "grades": list(Grade),
        "source_types": list(SourceType),
        "page_sizes": PAGE_SIZES,
    }


# --- the page -----------------------------------------------------------------------------------


@router.get("/register", response_class=HTMLResponse)
def register_page(request: Request, session: DB, can_see: Restricted) -> HTMLResponse:
    filters = chosen_filters(request.query_params)
    query = register_query(filters, request.query_params, gettext(request))
    result = register(session, query, restricted=can_see)
    size = query.per_page if query.per_page != 50 else None
    exports = {fmt: link(f"/api/v1/reports.{fmt}", filters) for fmt in ("csv", "geojson")}
    return page(
        request,
        "register.html",
        {
            "active": "register",
            "result": result,
            "filters": filters,
            "per_page": query.per_page,
            "page_url": lambda number: link("/register", filters, page=number, per_page=size),
            "page_numbers": page_numbers(result.page, result.pages),
            "exports": exports,
            **filter_choices(session),
        },
    )
