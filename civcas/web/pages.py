"""Public pages (no login): dashboard, register, one page per allegation, map, methodology.

Routes stay thin: they parse the query, call the publication functions (register, statement,
series) and hand plain data to the templates, which only format it. Victims' names and non-public
source names reach a page only for signed-in users who may read restricted data.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gettext
import re
from collections.abc import Mapping
from functools import cache
from typing import Annotated, Any
from urllib.parse import urlencode

import pycountry
from babel.dates import format_date
from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse
from markupsafe import Markup, escape
from sqlalchemy import select
from sqlalchemy.orm import Session

from civcas.assessment.history import as_decision, stored_histories
from civcas.assessment.rules import is_revision
from civcas.errors import FieldError
from civcas.gazetteer import arabic_name
from civcas.ledger.models import Assessment, Grading, Report, Strike, Victim
from civcas.publication import statement as statement_module
from civcas.publication.register import (
    RegisterEntry,
    RegisterQuery,
    entry,
    every_entry,
    register,
    source_label,
)
from civcas.publication.render import as_text
from civcas.publication.series import monthly_series, times_acknowledged
from civcas.publication.timeline import load_timeline
from civcas.vocab import (
    REASONS_FOR_OUTCOME,
    DatePrecision,
    Described,
    Grade,
    LocationPrecision,
    Outcome,
    ReasonCode,
    SourceType,
)
from civcas.web.deps import DB, restricted
from civcas.web.i18n import language_of, translations
from civcas.web.templating import render

router = APIRouter(include_in_schema=False)
Restricted = Annotated[bool, Depends(restricted)]

FILTERS = ("date_from", "date_to", "country", "outcome", "grade", "source_type", "bbox", "q")
PAGE_SIZES = (25, 50, 100, 200)
MAP_TABLE_SIZE = 100
WORLD = (-180.0, -90.0, 180.0, 90.0)  # as a bbox filter it also keeps only located reports
SAME_DAY_STRIKES = 200


# --- formatting helpers handed to every public template -------------------------------------


@cache
def country_names(language: str) -> gettext.NullTranslations:
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


def country_name(code: str, language: str = "en") -> str:
    """The country's common name in the page's language, or the code if it is unknown."""
    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return code
    name = getattr(country, "common_name", None) or country.name
    translated = str(country_names(language).gettext(name))
    if translated == name and language == "ar":  # iso-codes lacks some short Arabic names
        return arabic_name(name) or translated
    return translated


def month_label(period: str, language: str = "en") -> str:
    return str(format_date(dt.date.fromisoformat(f"{period}-01"), "MMMM y", locale=language))


def moment(value: dt.datetime | None) -> str:
    """A stored (naive UTC) time as people read it."""
    return "—" if value is None else f"{value:%Y-%m-%d %H:%M} UTC"


def page(
    request: Request, template: str, context: dict[str, Any], status: int = 200
) -> HTMLResponse:
    language = language_of(request)
    helpers = {
        "country_name": lambda code: country_name(code, language),
        "month_label": lambda period: month_label(period, language),
        "moment": moment,
    }
    return render(request, template, {**helpers, **context}, status)


# --- the register's query string ---------------------------------------------------------------


def vocabulary_value(enum: type[Described], field: str, text: str) -> Any:
    try:
        return enum(text)
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        raise FieldError(field, f"{text!r} is not one of {allowed}") from None


def date_value(field: str, text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise FieldError(field, f"{text!r} is not a date written YYYY-MM-DD") from None


def whole_number(field: str, text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise FieldError(field, f"{text!r} is not a whole number") from None


def bbox_value(text: str) -> tuple[float, float, float, float]:
    try:
        west, south, east, north = (float(part) for part in text.split(","))
    except ValueError:
        raise FieldError("bbox", "bbox is four numbers: west,south,east,north") from None
    return west, south, east, north


def chosen_filters(params: Mapping[str, str]) -> dict[str, str]:
    """The non-empty filters of a query string, trimmed (what the form shows and links keep)."""
    return {name: params[name].strip() for name in FILTERS if params.get(name, "").strip()}


def register_query(
    filters: Mapping[str, str], params: Mapping[str, str], *, per_page: int = 50
) -> RegisterQuery:
    """The register query that `filters` and the paging parameters ask for; FieldError if not."""
    country = filters.get("country")
    if country is not None and not re.fullmatch(r"[A-Za-z]{2}", country):
        raise FieldError("country", f"{country!r} is not a two-letter country code")
    page_text, size_text = params.get("page", "").strip(), params.get("per_page", "").strip()
    values: dict[str, Any] = {
        "date_from": date_value("date_from", filters["date_from"])
        if "date_from" in filters
        else None,
        "date_to": date_value("date_to", filters["date_to"]) if "date_to" in filters else None,
        "country": country.upper() if country else None,
        "outcome": vocabulary_value(Outcome, "outcome", filters["outcome"])
        if "outcome" in filters
        else None,
        "grade": vocabulary_value(Grade, "grade", filters["grade"]) if "grade" in filters else None,
        "source_type": vocabulary_value(SourceType, "source_type", filters["source_type"])
        if "source_type" in filters
        else None,
        "bbox": bbox_value(filters["bbox"]) if "bbox" in filters else None,
        "text": filters.get("q"),
        "page": whole_number("page", page_text) if page_text else 1,
        "per_page": whole_number("per_page", size_text) if size_text else per_page,
    }
    return RegisterQuery(**values)


def link(path: str, filters: Mapping[str, str], **extra: Any) -> str:
    """A URL for `path` carrying the filters (and paging) of the page it is on."""
    params = {**filters, **{k: str(v) for k, v in extra.items() if v is not None}}
    return f"{path}?{urlencode(params)}" if params else path


def page_numbers(current: int, last: int) -> list[int | None]:
    """The pages a pager links: first, last, and two either side of the current (None = gap)."""
    shown = sorted({1, last, *range(max(1, current - 2), min(last, current + 2) + 1)})
    numbers: list[int | None] = []
    for number in shown:
        if numbers and number - (numbers[-1] or 0) > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers


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


# --- dashboard ----------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, session: DB, _restricted: Restricted) -> HTMLResponse:
    series = monthly_series(load_timeline(session))
    latest = series.latest
    language = language_of(request)
    chart = {
        "periods": series.periods,
        "months": [month_label(period, language) for period in series.periods],
        "official": [point.killed_cumulative for point in series.points],
        "strikes": [point.strikes for point in series.points],
        "monitors": [
            {
                "name": name,
                "min": series.monitor_column(name, "min"),
                "max": series.monitor_column(name, "max"),
            }
            for name in series.monitors
        ],
    }
    ratios = []
    if latest is not None:
        for monitor in latest.monitors:
            times = times_acknowledged(latest.killed_cumulative, monitor)
            ratios.append(
                {
                    "monitor": monitor,
                    "low": None if times is None else f"{times[0]:.1f}",
                    "high": None if times is None else f"{times[1]:.1f}",
                }
            )
    return page(
        request,
        "dashboard.html",
        {
            "active": "dashboard",
            "series": series,
            "chart": chart,
            "latest": latest,
            "ratios": ratios,
            "release": as_text(latest).strip().split("\n\n") if latest else [],
        },
    )


# --- register -----------------------------------------------------------------------------------


@router.get("/register", response_class=HTMLResponse)
def register_page(request: Request, session: DB, can_see: Restricted) -> HTMLResponse:
    filters = chosen_filters(request.query_params)
    query = register_query(filters, request.query_params)
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


# --- one allegation -----------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class HistoryRow:
    decided_at: dt.datetime
    outcome: Outcome
    reason_code: ReasonCode
    reason: str | None
    killed: int | None
    injured: int | None
    duplicate_of: Report | None
    revision: bool
    reopening: bool


def history_rows(session: Session, report: Report) -> list[HistoryRow]:
    """The report's decisions in time order, revisions and reopenings marked."""
    rows, previous = [], None
    assessments = session.scalars(
        select(Assessment)
        .where(Assessment.report_id == report.id)
        .order_by(Assessment.decided_at, Assessment.id)
    )
    for assessment in assessments:
        decision = as_decision(assessment)
        rows.append(
            HistoryRow(
                decided_at=assessment.decided_at,
                outcome=assessment.outcome,
                reason_code=assessment.reason_code,
                reason=assessment.reason,
                killed=assessment.killed,
                injured=assessment.injured,
                duplicate_of=assessment.duplicate_of,
                revision=is_revision(previous, decision),
                reopening=previous is not None and decision.outcome is Outcome.OPEN,
            )
        )
        previous = decision
    return rows


def duplicates_of(session: Session, report_id: int) -> list[Report]:
    """Reports whose latest decision says they duplicate `report_id`."""
    candidates = session.scalars(
        select(Assessment.report_id).where(Assessment.duplicate_of_id == report_id).distinct()
    )
    histories = stored_histories(session, candidates)
    ids = [rid for rid, history in histories.items() if history and history[-1].duplicate_of]
    ids = [rid for rid in ids if histories[rid][-1].duplicate_of == report_id]
    if not ids:
        return []
    return list(session.scalars(select(Report).where(Report.id.in_(ids)).order_by(Report.id)))


def same_day_strikes(session: Session, report: Report) -> list[Strike]:
    """Strike-log entries dated within the report's dates in its country (not a match)."""
    return list(
        session.scalars(
            select(Strike)
            .where(
                Strike.country == report.country,
                Strike.date.between(report.date_start, report.date_end),
            )
            .order_by(Strike.date, Strike.time, Strike.id)
            .limit(SAME_DAY_STRIKES)
        )
    )


def nearby_url(found: RegisterEntry, degrees: float = 0.5) -> str | None:
    """The map around an allegation: a box `degrees` either side of it."""
    if found.latitude is None or found.longitude is None:
        return None
    lat, lon = found.latitude, found.longitude
    box = (
        max(-180.0, lon - degrees),
        max(-90.0, lat - degrees),
        min(180.0, lon + degrees),
        min(90.0, lat + degrees),
    )
    return link("/map", {"bbox": ",".join(f"{value:g}" for value in box)})


@router.get("/reports/{report_id}", response_class=HTMLResponse)
def report_page(request: Request, report_id: int, session: DB, can_see: Restricted) -> HTMLResponse:
    found = entry(session, report_id, restricted=can_see)
    report = session.get(Report, report_id)
    if found is None or report is None:
        raise HTTPException(404, f"there is no allegation {report_id} in the register")
    history = history_rows(session, report)
    current = history[-1] if history else None
    duplicates = (
        current.duplicate_of
        if current is not None and current.outcome is Outcome.DUPLICATE
        else None
    )
    gradings = session.scalars(
        select(Grading).where(Grading.report_id == report.id).order_by(Grading.graded_at)
    )
    victims = (
        list(
            session.scalars(select(Victim).where(Victim.report_id == report.id).order_by(Victim.id))
        )
        if can_see
        else []
    )
    return page(
        request,
        "report.html",
        {
            "active": "register",
            "entry": found,
            "report": report,
            "history": history,
            "gradings": [(source_label(g.monitor, can_see), g) for g in gradings],
            "documents": sorted(report.documents, key=lambda d: d.id),
            "duplicates": duplicates,
            "duplicated_by": duplicates_of(session, report.id),
            "nearby_url": nearby_url(found),
            "strikes": same_day_strikes(session, report),
            "strike_limit": SAME_DAY_STRIKES,
            "restricted": can_see,
            "victims": victims,
        },
    )


# --- map ----------------------------------------------------------------------------------------


def located_query(filters: Mapping[str, str], params: Mapping[str, str]) -> RegisterQuery:
    """The register query for the map: the filters, and only reports with coordinates."""
    query = register_query(filters, params, per_page=MAP_TABLE_SIZE)
    return query if query.bbox else dataclasses.replace(query, bbox=WORLD)


def feature(entry: RegisterEntry) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": entry.id,
        "geometry": {"type": "Point", "coordinates": [entry.longitude, entry.latitude]},
        "properties": {
            "id": entry.id,
            "url": f"/reports/{entry.id}",
            "external_id": entry.external_id,
            "source": entry.source,
            "source_type": entry.source_type.value,
            "date_start": entry.date_start.isoformat(),
            "date_end": entry.date_end.isoformat(),
            "date_precision": entry.date_precision.value,
            "place": entry.place,
            "country": entry.country,
            "location_precision": entry.location_precision and entry.location_precision.value,
            "killed_min": entry.killed_min,
            "killed_max": entry.killed_max,
            "outcome": entry.outcome.value,
            "reason_code": entry.reason_code and entry.reason_code.value,
            "reason": entry.reason,
            "acknowledged_killed": entry.acknowledged_killed,
            "grade": entry.grade and entry.grade.value,
        },
    }


@router.get("/map/allegations.geojson")
def map_data(request: Request, session: DB, can_see: Restricted) -> JSONResponse:
    filters = chosen_filters(request.query_params)
    query = located_query(filters, request.query_params)
    features = [feature(found) for found in every_entry(session, query, restricted=can_see)]
    return JSONResponse(
        {"type": "FeatureCollection", "features": features},
        media_type="application/geo+json",
    )


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, session: DB, can_see: Restricted) -> HTMLResponse:
    filters = chosen_filters(request.query_params)
    query = located_query(filters, request.query_params)
    result = register(session, query, restricted=can_see)
    unfiltered = dataclasses.replace(query, bbox=None, page=1, per_page=1)
    everything = register(session, unfiltered).total if "bbox" not in filters else result.total
    return page(
        request,
        "map.html",
        {
            "active": "map",
            "result": result,
            "filters": filters,
            "unlocated": everything - result.total,
            "data_url": link("/map/allegations.geojson", filters),
            "register_url": link("/register", filters),
            "page_url": lambda number: link("/map", filters, page=number),
            "page_numbers": page_numbers(result.page, result.pages),
            "outcomes": list(Outcome),
            **filter_choices(session),
        },
    )


# --- methodology --------------------------------------------------------------------------------


def statement_definitions() -> list[Markup]:
    """The definitions in the statement module's docstring (their one source), as list items."""
    text = (statement_module.__doc__ or "").split("Definitions", 1)[-1]
    items: list[str] = []
    for line in text.splitlines():
        if line.startswith("- "):
            items.append(line[2:].strip())
        elif line.startswith("  ") and items:
            items[-1] += " " + line.strip()
    code = re.compile(r"`([^`]+)`")
    return [Markup(code.sub(r"<code>\1</code>", str(escape(item)))) for item in items]


def _yes_no(request: Request, value: bool) -> str:
    _ = translations(language_of(request)).gettext
    return _("yes") if value else _("no")


@router.get("/methodology", response_class=HTMLResponse)
def methodology(request: Request, _restricted: Restricted) -> HTMLResponse:
    vocabularies = [
        ("source-types", SourceType),
        ("date-precision", DatePrecision),
        ("location-precision", LocationPrecision),
        ("outcomes", Outcome),
        ("reasons", ReasonCode),
        ("grades", Grade),
    ]
    return page(
        request,
        "methodology.html",
        {
            "active": "methodology",
            "vocabularies": dict(vocabularies),
            "date_spans": {p: p.max_span.days for p in DatePrecision},
            "reasons_for": [
                (outcome, sorted(REASONS_FOR_OUTCOME[outcome], key=lambda c: c.value))
                for outcome in Outcome
            ],
            "likely_grades": [grade for grade in Grade if grade.likely],
            "likely_cells": {grade: _yes_no(request, grade.likely) for grade in Grade},
            "definitions": statement_definitions(),
        },
    )
