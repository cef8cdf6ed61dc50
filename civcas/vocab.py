"""The ledger's fixed vocabularies.

Every enumerated value that reaches the database, a file or a page is defined here once, with the
sentence that explains it. Importers validate against these, the methodology text is built from
them, and the database stores their `.value` strings so that a dump stays readable without civcas.
"""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum


def N_(text: str) -> str:
    """Marks a definition for translation (Babel extracts `N_`); pages translate it when shown."""
    return text


class Described(StrEnum):
    """A string enum whose members carry a one-line definition."""

    description: str

    def __new__(cls, value: str, description: str = "") -> Described:
        member = str.__new__(cls, value)
        member._value_ = value
        member.description = description
        return member


class SourceType(Described):
    MONITOR = "monitor", N_("An independent casualty monitor (e.g. Airwars).")
    NGO = "ngo", N_("A human-rights or humanitarian organisation.")
    MEDIA = "media", N_("A news organisation.")
    SOCIAL_MEDIA = "social_media", N_("A post on a social-media channel.")
    OFFICIAL = "official", N_("A government or military body, including the belligerent itself.")
    PARTNER_FORCE = "partner_force", N_("A partner force on the ground.")
    INDIVIDUAL = "individual", N_("A person, such as a witness; never named in public outputs.")


class DatePrecision(Described):
    """How well the event's date is known (after UCDP GED `date_prec`)."""

    DAY = "day", N_("The exact day is known.")
    WEEK = "week", N_("The event lies within a span of at most seven days.")
    MONTH = "month", N_("The event lies within a span of at most one calendar month.")
    YEAR = "year", N_("The event lies within a span of at most one year.")

    @property
    def max_span(self) -> timedelta:
        """The longest `date_end - date_start` this precision admits."""
        return {
            DatePrecision.DAY: timedelta(0),
            DatePrecision.WEEK: timedelta(days=6),
            DatePrecision.MONTH: timedelta(days=30),
            DatePrecision.YEAR: timedelta(days=365),
        }[self]


class LocationPrecision(Described):
    """How well the event's place is known (after UCDP `where_prec`, ACLED `geo_precision`)."""

    EXACT = "exact", N_("The exact location, such as a building or street corner.")
    NEIGHBOURHOOD = "neighbourhood", N_("A neighbourhood or village.")
    TOWN = "town", N_("A town or city.")
    DISTRICT = "district", N_("A district (second-order administrative division).")
    GOVERNORATE = "governorate", N_("A governorate or province (first-order division).")
    COUNTRY = "country", N_("Only the country is known.")


class MatchBasis(Described):
    """Why a strike is a candidate for a report (civcas.evidence)."""

    DISTANCE = "distance", N_("Within the radius for the report's location precision, in time.")
    COUNTRY = (
        "country",
        N_(
            "In the report's country, in time: the report gives only its country, or no coordinates."  # noqa: E501
        ),
    )


class LinkKind(Described):
    """What a linkage run joins (civcas.linking)."""

    REPORTS = "reports", N_("Reports of the same event, joined into one incident.")
    VICTIMS = "victims", N_("Names of the same person on several lists, joined into one person.")


class Measure(Described):
    """What a published figure counts (civcas.claims): a belligerent's monthly statement, a
    monitor's estimate, a figure quoted in the news."""

    CIVILIANS_KILLED = "civilians_killed", N_("Civilians killed in the period (to date, if open).")
    CREDIBLE_KILLED = (
        "credible_killed",
        N_("Civilian deaths acknowledged by the period's credible findings."),
    )
    STRIKES = "strikes", N_("Strikes (or engagements) conducted in the period.")
    REPORTS_CARRIED_OVER = "reports_carried_over", N_("Allegations open at the period's start.")
    REPORTS_RECEIVED = "reports_received", N_("Allegations received in the period.")
    REPORTS_REOPENED = "reports_reopened", N_("Closed allegations reopened in the period.")
    REPORTS_ASSESSED = "reports_assessed", N_("Allegations whose assessment was completed.")
    REPORTS_CREDIBLE = "reports_credible", N_("Allegations assessed credible.")
    REPORTS_NOT_CREDIBLE = "reports_not_credible", N_("Allegations assessed not credible.")
    REPORTS_DUPLICATE = "reports_duplicate", N_("Allegations found to repeat another.")
    REPORTS_OPEN = "reports_open", N_("Allegations still being assessed at the period's end.")
    TERRITORY = "territory", N_("Territory, as a percentage of an area or in square kilometres.")


class Outcome(Described):
    OPEN = "open", N_("Not yet assessed, or reopened for a new assessment.")
    CREDIBLE = "credible", N_("More likely than not, the belligerent's action harmed civilians.")
    NOT_CREDIBLE = "not_credible", N_("The assessment found the allegation not credible.")
    DUPLICATE = "duplicate", N_("The allegation repeats another report already in the ledger.")

    @property
    def closes(self) -> bool:
        """Whether a decision with this outcome completes an assessment."""
        return self is not Outcome.OPEN


class ReasonCode(Described):
    """The stock reasons of the published record, one per decision."""

    CREDIBLE = "credible", N_("The allegation was assessed as credible.")
    NO_STRIKES_IN_AREA = (
        "no_strikes_in_area",
        N_("No strikes were conducted on that day in the geographical area."),
    )
    INSUFFICIENT_EVIDENCE = (
        "insufficient_evidence",
        N_("There was insufficient information to assess the allegation."),
    )
    OTHER_PARTY_RESPONSIBLE = (
        "other_party_responsible",
        N_("The harm was caused by another party to the conflict."),
    )
    NO_CIVILIANS_HARMED = (
        "no_civilians_harmed",
        N_("Strikes took place, but no civilians were harmed by them."),
    )
    DUPLICATE = "duplicate", N_("The allegation duplicates another report.")
    REOPENED = "reopened", N_("The assessment was reopened, usually on new information.")
    OTHER = "other", N_("Another reason, given in the free-text reason.")


REASONS_FOR_OUTCOME: dict[Outcome, frozenset[ReasonCode]] = {
    Outcome.OPEN: frozenset({ReasonCode.REOPENED}),
    Outcome.CREDIBLE: frozenset({ReasonCode.CREDIBLE}),
    Outcome.DUPLICATE: frozenset({ReasonCode.DUPLICATE}),
    Outcome.NOT_CREDIBLE: frozenset(
        {
            ReasonCode.NO_STRIKES_IN_AREA,
            ReasonCode.INSUFFICIENT_EVIDENCE,
            ReasonCode.OTHER_PARTY_RESPONSIBLE,
            ReasonCode.NO_CIVILIANS_HARMED,
            ReasonCode.OTHER,
        }
    ),
}


class Grade(Described):
    """A monitor's grade of an allegation (the Airwars scale)."""

    CONFIRMED = "confirmed", N_("The belligerent has accepted responsibility.")
    FAIR = "fair", N_("Reported by two or more credible sources, with likely belligerent action.")
    WEAK = "weak", N_("Single-source claim, or no known belligerent action nearby.")
    CONTESTED = "contested", N_("Competing claims of responsibility.")
    DISCOUNTED = "discounted", N_("Found to be inaccurate, or another party responsible.")

    @property
    def likely(self) -> bool:
        """Whether the grade counts towards a monitor's 'likely deaths' (confirmed + fair)."""
        return self in (Grade.CONFIRMED, Grade.FAIR)


class Sex(Described):
    MALE = "male", N_("Male.")
    FEMALE = "female", N_("Female.")
    UNKNOWN = "unknown", N_("Not stated.")


class AgeGroup(Described):
    CHILD = "child", N_("Under 18.")
    ADULT = "adult", N_("18 to 64.")
    ELDERLY = "elderly", N_("65 or older.")
    UNKNOWN = "unknown", N_("Not stated.")


class HarmStatus(Described):
    KILLED = "killed", N_("Killed.")
    INJURED = "injured", N_("Injured.")


class Role(Described):
    """What a signed-in user may do; everyone else is the public."""

    ANALYST = (
        "analyst",
        N_("Files allegations, evidence and monitor gradings; reopens assessments."),
    )
    REVIEWER = (
        "reviewer",
        N_("An analyst who also closes assessments and revises acknowledged deaths."),
    )
    ADMIN = "admin", N_("A reviewer who also manages users.")


class Permission(Described):
    READ_RESTRICTED = "read_restricted", N_("See victims' names and non-public sources.")
    FILE = "file", N_("File allegations and their documents.")
    GRADE = "grade", N_("Record monitor gradings.")
    REOPEN = "reopen", N_("Reopen a closed assessment.")
    DECIDE = "decide", N_("Close an assessment (credible, not credible, duplicate) or revise one.")
    MANAGE_USERS = "manage_users", N_("Create users and issue their API tokens.")


_ANALYST = frozenset(
    {Permission.READ_RESTRICTED, Permission.FILE, Permission.GRADE, Permission.REOPEN}
)
PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ANALYST: _ANALYST,
    Role.REVIEWER: _ANALYST | {Permission.DECIDE},
    Role.ADMIN: _ANALYST | {Permission.DECIDE, Permission.MANAGE_USERS},
}
