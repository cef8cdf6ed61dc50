"""Rendering pages: every template gets the language, direction, user and CSRF token, and the
filters that format figures, places and (translated) withheld-source labels."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context
from sqlalchemy.exc import SQLAlchemyError

from civcas.evidence.summary import Evidence, describe
from civcas.gazetteer import arabic_name
from civcas.i18n import LANGUAGES, party_name, source_name, translations
from civcas.ledger.simulated import NOTICE, TITLE, holds_simulated_data
from civcas.publication.register import withheld_label
from civcas.vocab import N_, SourceType
from civcas.web.deps import FormToken
from civcas.web.i18n import COOKIE, direction, language_of

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).with_name("templates")))
TEMPLATES.env.autoescape = True


def number(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def span(low: int | None, high: int | None) -> str:
    """A casualty range as people write it: 3–7, or 5 when exact, or — when unknown."""
    if low is None or high is None:
        return "—"
    return f"{low:,}" if low == high else f"{low:,}–{high:,}"


def place_name(place: str | None, language: str) -> str:
    """The place as reported, or its Arabic name on the Arabic site where the gazetteer knows it."""
    if language == "ar":
        return arabic_name(place) or place or "—"
    return place or "—"


def with_language(request: Request, language: str) -> str:
    """This page's URL in another language, keeping its query (the register's filters)."""
    url = request.url.include_query_params(lang=language)
    return f"{url.path}?{url.query}"


# The core names a withheld source in English (`register.withheld_label`), as the API shows it;
# pages show the label in their own language. tests/web/test_arabic.py checks that these texts
# are the core's labels, word for word.
WITHHELD = {
    SourceType.MONITOR: N_("(withheld monitor source)"),
    SourceType.NGO: N_("(withheld ngo source)"),
    SourceType.MEDIA: N_("(withheld media source)"),
    SourceType.SOCIAL_MEDIA: N_("(withheld social_media source)"),
    SourceType.OFFICIAL: N_("(withheld official source)"),
    SourceType.PARTNER_FORCE: N_("(withheld partner_force source)"),
    SourceType.INDIVIDUAL: N_("(withheld individual source)"),
}
WITHHELD_LABELS = {withheld_label(kind): text for kind, text in WITHHELD.items()}
# Errors whose words are made outside civcas's routes (Starlette, app.py), shown translated.
ERRORS = (
    N_("Not Found"),
    N_("Method Not Allowed"),
    N_("something went wrong on our side; it has been logged"),
)


def page_source_name(name: str, gettext: Callable[[str], str]) -> str:
    """A source as a page names it: its name (a simulated one's mark in the page's language),
    or its withheld label in the page's language."""
    label = WITHHELD_LABELS.get(name)
    return source_name(name, gettext) if label is None else gettext(label)


@pass_context
def source_filter(context: Context, name: str | None) -> str | None:
    """`{{ entry.source | source_name }}`: `page_source_name` with the page's gettext."""
    return None if name is None else page_source_name(name, context["_"])


@pass_context
def evidence_summary(context: Context, evidence: Evidence) -> str:
    """`{{ evidence_summary(evidence) }}`: the evidence in one line, in the page's language."""
    return describe(evidence, context["_"], context["ngettext"])


@pass_context
def party_filter(context: Context, name: str | None) -> str:
    """`{{ statement.belligerent | party }}`: the party's name in the page's language."""
    return party_name(name, context["_"])


TEMPLATES.env.filters["number"] = number
TEMPLATES.env.filters["party"] = party_filter
TEMPLATES.env.filters["source_name"] = source_filter
TEMPLATES.env.globals["with_language"] = with_language
TEMPLATES.env.globals["span"] = span
TEMPLATES.env.globals["place_name"] = place_name
TEMPLATES.env.globals["evidence_summary"] = evidence_summary


@dataclass(frozen=True)
class Notice:
    language: str
    direction: str
    title: str
    text: str


def simulated_notices(request: Request, language: str) -> list[Notice]:
    """The notice of a simulated ledger in every language, the page's first; none for a real
    ledger. Asked per page (two index lookups): a page must never lack it. A ledger that cannot
    be read gives none here: the page shown is then the error page."""
    try:
        with request.app.state.engine.connect() as connection:
            if not holds_simulated_data(connection):
                return []
    except SQLAlchemyError:
        return []
    order = [language, *(code for code in LANGUAGES if code != language)]
    return [
        Notice(
            code,
            direction(code),
            translations(code).gettext(TITLE),
            translations(code).gettext(NOTICE),
        )
        for code in order
    ]


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> HTMLResponse:
    language = language_of(request)
    catalog = translations(language)
    page = {
        "request": request,
        "_": catalog.gettext,
        "ngettext": catalog.ngettext,
        "lang": language,
        "dir": direction(language),
        "languages": LANGUAGES,
        "user": getattr(request.state, "user", None),
        "csrf_token": FormToken(request),
        "simulated": simulated_notices(request, language),
        **(context or {}),
    }
    response = TEMPLATES.TemplateResponse(request, template, page, status_code=status)
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(COOKIE, language, max_age=365 * 86400, samesite="lax")
    return response
