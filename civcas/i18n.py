"""Languages: English and Arabic (right to left), from gettext catalogs compiled by Babel.

Sentences the core builds from figures (the statement's release wording, the evidence summary,
the methodology's definitions) take a `Words`: the reader's language's gettext, plural rules,
month names and the names of the parties, so the CLI prints English by default and the site
prints the visitor's language from the same code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.dates import format_date
from babel.support import NullTranslations, Translations

from civcas.vocab import N_

CATALOGS = Path(__file__).with_name("translations")
LANGUAGES = {"en": ("English", "ltr"), "ar": ("العربية", "rtl")}
DEFAULT = "en"

Gettext = Callable[[str], str]
Ngettext = Callable[[str, str, int], str]

PARTIES = (
    N_("Coalition"),
    N_("the coalition"),
    N_("US-led coalition"),
    N_("CJTF-OIR"),
    N_("the belligerent"),
)
"""Belligerents with an accepted name in the catalog's languages (the coalition is التحالف);
any other party keeps the name the ledger gives it."""


@cache
def translations(language: str) -> NullTranslations:
    if language == DEFAULT:
        return NullTranslations()
    return Translations.load(str(CATALOGS), [language], domain="messages")


def english_plural(singular: str, plural: str, count: int) -> str:
    return singular if count == 1 else plural


def counted(text: str, number: int, **values: object) -> str:
    """A message `ngettext` chose for `number`, its `%(count)s` written as people write it."""
    return text % {"count": f"{number:,}", **values}


def month_label(period: str, language: str = DEFAULT) -> str:
    """The month "YYYY-MM" as people write it ("June 2018"), in `language`."""
    return str(format_date(dt.date.fromisoformat(f"{period}-01"), "MMMM y", locale=language))


@dataclass(frozen=True)
class Words:
    """What a sentence built from figures needs of its reader's language."""

    language: str = DEFAULT
    gettext: Gettext = str
    ngettext: Ngettext = english_plural

    def month(self, period: str) -> str:
        return month_label(period, self.language)

    def party(self, name: str | None) -> str:
        return party_name(name, self.gettext)

    def source(self, name: str) -> str:
        return source_name(name, self.gettext)


SIMULATED_MARK = N_("(simulated)")
"""What the demo adds to the name of a source standing in for a real body ("Airwars
(simulated)"): a mark, so it is said in the reader's language."""


def source_name(name: str, gettext: Gettext) -> str:
    """A source's name as the ledger holds it, its simulated mark in the reader's language."""
    if name.endswith(f" {SIMULATED_MARK}"):
        return f"{name.removesuffix(SIMULATED_MARK)}{gettext(SIMULATED_MARK)}"
    return name


def party_name(name: str | None, gettext: Gettext) -> str:
    """A belligerent as the ledger names it, in the language of `gettext` where it has a name
    in it; "the belligerent" when the ledger names none."""
    if name is None:
        return gettext("the belligerent")
    return gettext(name) if name in PARTIES else name


ENGLISH = Words()


def words(language: str = DEFAULT) -> Words:
    """The `Words` of a language civcas speaks (`LANGUAGES`)."""
    catalog = translations(language)
    return Words(language, catalog.gettext, catalog.ngettext)
