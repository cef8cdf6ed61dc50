"""The page's language: chosen by `?lang=` or the `lang` cookie (the catalogs: civcas.i18n)."""

from __future__ import annotations

from fastapi import Request

from civcas.i18n import DEFAULT, LANGUAGES, Words, words

COOKIE = "lang"


def language_of(request: Request) -> str:
    """The language chosen by `?lang=` or the `lang` cookie; English otherwise."""
    chosen = request.query_params.get("lang") or request.cookies.get(COOKIE) or DEFAULT
    return chosen if chosen in LANGUAGES else DEFAULT


def words_of(request: Request) -> Words:
    """The page language's gettext, plurals, months and party names."""
    return words(language_of(request))


def direction(language: str) -> str:
    return LANGUAGES[language][1]
