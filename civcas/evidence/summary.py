"""A report's evidence in one line, as the assessor reads it: "7 strikes within 10 km and 1 day".

Pure wording over a stored `ReportEvidence`; the caller passes its gettext functions, so the CLI
prints English and the site prints the visitor's language.
"""

from __future__ import annotations

from typing import Protocol

from civcas.i18n import Gettext, Ngettext, english_plural
from civcas.vocab import MatchBasis


class Evidence(Protocol):
    basis: MatchBasis
    radius_km: float | None
    slack_days: int
    candidates: int
    strikes: int
    log_covers: bool


def describe(evidence: Evidence, _: Gettext = str, ngettext: Ngettext = english_plural) -> str:
    """The summary line; "no strikes" is only said where the strike log covers the dates. It
    counts strikes, not log entries: an entry read from a release may count several."""
    count, slack = evidence.strikes, evidence.slack_days
    days = ngettext("%(count)d day", "%(count)d days", slack) % {"count": slack}
    if count == 0 and not evidence.log_covers:
        return _("The strike log does not cover these dates: nothing to compare with.")
    if evidence.basis is MatchBasis.DISTANCE:
        if count == 0:
            return _("No strikes in the area (within %(km)s km and %(days)s).") % {
                "km": f"{evidence.radius_km:g}",
                "days": days,
            }
        strikes = ngettext("%(count)d strike", "%(count)d strikes", count) % {"count": count}
        return _("%(strikes)s within %(km)s km and %(days)s.") % {
            "strikes": strikes,
            "km": f"{evidence.radius_km:g}",
            "days": days,
        }
    if count == 0:
        return _(
            "No strikes in the country within %(days)s (matched on country and date only)."
        ) % {"days": days}
    strikes = ngettext("%(count)d strike", "%(count)d strikes", count) % {"count": count}
    return _("%(strikes)s in the country within %(days)s (matched on country and date only).") % {
        "strikes": strikes,
        "days": days,
    }
