"""Public pages (no login): the dashboard and the methodology here, and the router that gathers
every public page — the register (pages_register), one page per allegation (pages_allegation) and
the map (pages_map); what they share is in pages_support.

Routes stay thin: they parse the query, call the publication functions (register, allegation,
statement, series) and hand plain data to the templates, which only format it. Victims' names and
non-public source names reach a page only for signed-in users who may read restricted data.
"""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape

from civcas.assessment.dismissals import Dismissal, stored_dismissals
from civcas.claims.parties import COALITION
from civcas.claims.store import claims_timeline
from civcas.i18n import Gettext
from civcas.publication.published import published_beside_computed
from civcas.publication.render import as_text
from civcas.publication.series import monthly_series, times_acknowledged
from civcas.publication.statement import DEFINITIONS
from civcas.vocab import (
    REASONS_FOR_OUTCOME,
    DatePrecision,
    Grade,
    LocationPrecision,
    MatchBasis,
    Measure,
    Outcome,
    ReasonCode,
    SourceType,
)
from civcas.web import pages_allegation, pages_map, pages_register
from civcas.web.cache import Figures
from civcas.web.deps import DB
from civcas.web.i18n import language_of, words_of
from civcas.web.pages_support import Restricted, gettext, month_label, page
from civcas.web.templating import page_source_name

router = APIRouter(include_in_schema=False)


# --- dashboard ----------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def dashboard(
    request: Request, session: DB, figures: Figures, _restricted: Restricted
) -> HTMLResponse:
    series = figures.figure(session, "series", monthly_series)
    latest = series.latest
    language = language_of(request)
    _ = gettext(request)
    chart = {
        "periods": series.periods,
        "months": [month_label(period, language) for period in series.periods],
        "official": [point.killed_cumulative for point in series.points],
        "strikes": [point.strikes for point in series.points],
        "monitors": [
            {
                "name": page_source_name(name, _),
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
            "release": as_text(latest, words_of(request)).strip().split("\n\n") if latest else [],
            "claims": claims_timeline(session, Measure.CIVILIANS_KILLED),
            "published": (
                published_beside_computed(session, latest.period, COALITION, latest)
                if latest
                else []
            ),
        },
    )


# --- dismissals ---------------------------------------------------------------------------------


@router.get("/dismissals", response_class=HTMLResponse)
def dismissals_page(request: Request, session: DB, can_see: Restricted) -> HTMLResponse:
    """Not-credible decisions the ledger contradicts, on the candidates `civcas match` stored
    (`assessment.dismissals`); sources withheld from the visitor named by their type."""
    found = stored_dismissals(session, restricted=can_see)

    def nearest(dismissal: Dismissal) -> str:
        distances = [s.distance_km for s in dismissal.strikes if s.distance_km is not None]
        return f"{min(distances):.1f}" if distances else "—"

    return page(
        request,
        "dismissals.html",
        {"active": "dismissals", "dismissals": found, "nearest": nearest},
    )


# --- methodology --------------------------------------------------------------------------------


def statement_definitions(_: Gettext) -> list[Markup]:
    """The statement's definitions (their one source: `statement.DEFINITIONS`) in the page's
    language, with `code` as <code>."""
    code = re.compile(r"`([^`]+)`")
    return [Markup(code.sub(r"<code>\1</code>", str(escape(_(item))))) for item in DEFINITIONS]


@router.get("/methodology", response_class=HTMLResponse)
def methodology(request: Request, _restricted: Restricted) -> HTMLResponse:
    _ = gettext(request)
    vocabularies = [
        ("source-types", SourceType),
        ("date-precision", DatePrecision),
        ("location-precision", LocationPrecision),
        ("outcomes", Outcome),
        ("reasons", ReasonCode),
        ("grades", Grade),
        ("match-basis", MatchBasis),
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
            "likely_cells": {grade: _("yes") if grade.likely else _("no") for grade in Grade},
            "definitions": statement_definitions(_),
            "rule": request.app.state.match_rule,
        },
    )


for part in (pages_register, pages_allegation, pages_map):
    router.include_router(part.router)
