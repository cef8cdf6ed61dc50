"""Languages: English and Arabic (right to left), from gettext catalogs compiled by Babel."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.support import NullTranslations, Translations
from fastapi import Request

CATALOGS = Path(__file__).with_name("translations")
LANGUAGES = {"en": ("English", "ltr"), "ar": ("العربية", "rtl")}
DEFAULT = "en"
COOKIE = "lang"


@cache
def translations(language: str) -> NullTranslations:
    if language == DEFAULT:
        return NullTranslations()
    return Translations.load(str(CATALOGS), [language], domain="messages")


def language_of(request: Request) -> str:
    """The language chosen by `?lang=` or the `lang` cookie; English otherwise."""
    chosen = request.query_params.get("lang") or request.cookies.get(COOKIE) or DEFAULT
    return chosen if chosen in LANGUAGES else DEFAULT


def direction(language: str) -> str:
    return LANGUAGES[language][1]
