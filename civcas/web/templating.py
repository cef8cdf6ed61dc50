"""Rendering pages: every template gets the language, direction, user and CSRF token, and the
filters that format figures, places and (translated) withheld-source labels."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context

from civcas.evidence.summary import Evidence, describe
from civcas.gazetteer import arabic_name
from civcas.publication.register import withheld_label
from civcas.vocab import N_, SourceType
from civcas.web.deps import FormToken
from civcas.web.i18n import COOKIE, LANGUAGES, direction, language_of, translations

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


def source_name(name: str, gettext: Callable[[str], str]) -> str:
    """A source as a page names it: its name, or its withheld label in the page's language."""
    label = WITHHELD_LABELS.get(name)
    return name if label is None else gettext(label)


@pass_context
def source_filter(context: Context, name: str | None) -> str | None:
    """`{{ entry.source | source_name }}`: `source_name` with the page's gettext."""
    return None if name is None else source_name(name, context["_"])


@pass_context
def evidence_summary(context: Context, evidence: Evidence) -> str:
    """`{{ evidence_summary(evidence) }}`: the evidence in one line, in the page's language."""
    return describe(evidence, context["_"], context["ngettext"])


TEMPLATES.env.filters["number"] = number
TEMPLATES.env.filters["source_name"] = source_filter
TEMPLATES.env.globals["with_language"] = with_language
TEMPLATES.env.globals["span"] = span
TEMPLATES.env.globals["place_name"] = place_name
TEMPLATES.env.globals["evidence_summary"] = evidence_summary


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
        **(context or {}),
    }
    response = TEMPLATES.TemplateResponse(request, template, page, status_code=status)
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(COOKIE, language, max_age=365 * 86400, samesite="lax")
    return response
