"""What the public pages share: rendering with the formatting helpers, links that keep a page's
filters, pager numbers, and the reader's right to restricted data."""

from __future__ import annotations

import datetime as dt
import gettext as gettext_module
from collections.abc import Callable, Mapping
from functools import cache
from typing import Annotated, Any
from urllib.parse import urlencode

import pycountry
from fastapi import Depends, Request
from fastapi.responses import HTMLResponse

from civcas.gazetteer import arabic_name
from civcas.i18n import month_label, translations
from civcas.web.deps import restricted
from civcas.web.i18n import language_of
from civcas.web.templating import render

Restricted = Annotated[bool, Depends(restricted)]


# --- formatting helpers handed to every public template -------------------------------------


@cache
def country_names(language: str) -> gettext_module.NullTranslations:
    return gettext_module.translation(
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


def moment(value: dt.datetime | None) -> str:
    """A stored (naive UTC) time as people read it."""
    return "—" if value is None else f"{value:%Y-%m-%d %H:%M} UTC"


def gettext(request: Request) -> Callable[[str], str]:
    """The page language's gettext, for text made in the routes (error messages, chart labels)."""
    return translations(language_of(request)).gettext


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


# --- links and pagers ---------------------------------------------------------------------------


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
