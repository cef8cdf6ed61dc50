"""The shapes of the API's requests and responses, which also document it at /api/docs.

Register entries and statements are the core dataclasses themselves (`RegisterEntry`,
`Statement`), so that the API cannot drift from what the register and the statement compute.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from civcas.intake.rows import MAX_COUNT, ReportRow
from civcas.publication.register import RegisterEntry
from civcas.vocab import AgeGroup, Grade, HarmStatus, Outcome, ReasonCode, Sex, SourceType

T = TypeVar("T")

SIMULATED = "Invented by `civcas demo`: a simulated ledger's row, not a real one."
WITHHELD = "Non-public sources are shown as '(withheld TYPE source)' unless you are signed in."


class Page(BaseModel, Generic[T]):
    """One page of a list; the `Link` header points to the first, previous, next and last."""

    items: list[T]
    total: int = Field(description="Items matching the filters, on all pages.")
    page: int = Field(description="This page's number, from 1.")
    per_page: int = Field(description="The most items a page holds.")
    pages: int = Field(description="The number of pages (at least 1).")


class StrikeItem(BaseModel):
    id: int
    belligerent: str
    external_id: str = Field(description="The belligerent's own id for the strike.")
    date: dt.date
    time: dt.time | None
    place: str | None
    country: str = Field(description="ISO 3166-1 alpha-2 code.")
    latitude: float | None
    longitude: float | None
    target: str | None
    engagements: int
    simulated: bool = Field(
        description="Invented by `civcas demo`: a simulated ledger's row, not a real one."
    )
    strikes: int = Field(description="How many strikes the entry counts (a release's count).")
    location_precision: str | None = Field(
        description="How well the place is known; null: the coordinates are the strike's own."
    )
    reported_on: dt.date | None = Field(
        description="The day the release that reported the entry was published."
    )


class AssessmentItem(BaseModel):
    id: int
    report: int = Field(description="The id of the report decided on.")
    report_external_id: str
    source: str = Field(description=f"The report's source. {WITHHELD}")
    outcome: Outcome
    reason_code: ReasonCode
    reason: str | None
    killed: int | None = Field(description="Civilians acknowledged killed (credible only).")
    injured: int | None = Field(description="Civilians acknowledged injured (credible only).")
    duplicate_of: int | None = Field(description="The id of the report this one repeats.")
    decided_at: dt.datetime
    assessor: str | None = Field(
        default=None, description="Who decided; only present for signed-in users."
    )


class GradingItem(BaseModel):
    id: int
    report: int = Field(description="The id of the report graded.")
    report_external_id: str
    monitor: str = Field(description=f"The grading monitor. {WITHHELD}")
    grade: Grade
    killed_min: int | None
    killed_max: int | None
    injured_min: int | None
    injured_max: int | None
    graded_at: dt.datetime


class SourceItem(BaseModel):
    id: int
    name: str
    type: SourceType
    public: bool = Field(description="False for withheld sources (seen only by signed-in users).")
    url: str | None
    description: str | None
    simulated: bool = Field(
        description="Invented by `civcas demo`: a simulated ledger's row, not a real one."
    )
    reports: int = Field(description="Reports the source made.")


class CitingReport(BaseModel):
    id: int
    external_id: str
    source: str = Field(description=WITHHELD)


class DocumentItem(BaseModel):
    id: int
    url: str | None
    sha256: str = Field(description="SHA-256 of the document's content at intake.")
    language: str | None
    retrieved_at: dt.datetime | None
    reports: list[CitingReport] = Field(description="The reports citing the document.")
    archived_text: str | None = Field(
        default=None, description="The archived content; only present for signed-in users."
    )


class VictimItem(BaseModel):
    id: int
    report: int = Field(description="The id of the report naming the person.")
    report_external_id: str
    external_id: str
    name: str | None
    sex: Sex
    age: int | None
    age_group: AgeGroup
    status: HarmStatus


class ReportDetail(BaseModel):
    """One report as the register shows it, with every decision, grading and document."""

    entry: RegisterEntry
    assessments: list[AssessmentItem] = Field(description="Every decision, oldest first.")
    gradings: list[GradingItem] = Field(description="Every monitor grading, oldest first.")
    documents: list[DocumentItem]
    victims: list[VictimItem] | None = Field(
        default=None, description="People named in the report; only present for signed-in users."
    )
    version: int = Field(
        description="The report's version: send it back with a decision or grading, and the "
        "write is refused (409, with the changes) if someone changed the report since."
    )


class Table(BaseModel):
    """A table of figures: `columns` in order, one object per row in `items`."""

    by: str
    columns: list[str]
    items: list[dict[str, Any]]
    simulated: bool = Field(description="Counted from a ledger that holds simulated data.")


class Loaded(BaseModel):
    kind: str
    added: int = Field(description="Rows written.")
    unchanged: int = Field(description="Rows already in the ledger with the same values.")


REPORT_EXAMPLE = {
    "external_id": "RP-17",
    "source": "Raqqa Post",
    "source_type": "social_media",
    "date_start": "2017-06-10",
    "place": "Raqqa",
    "country": "SY",
    "latitude": 35.95,
    "longitude": 39.01,
    "location_precision": "town",
    "killed_min": 4,
    "killed_max": 7,
}
REPORT_BODY_HELP = (
    "One report, or a list of them, in the import format of `civcas import reports` (columns: "
    + ", ".join(ReportRow.columns())
    + "). The batch is written all or nothing; a report already recorded with the same values "
    "is counted as unchanged."
)


# Numbers in a write body that reach a query are bounded by their columns, so that an over-large
# one is refused with a 422 naming the field instead of crashing the query (SQLite: "Python int
# too large"): report ids are INTEGER (MAX_COUNT), versions audit sequence numbers (BIGINT).
# Counts (killed, …) need no bound here: the intake's row models refuse them with their field.
MAX_VERSION = 2**63 - 1
SeenVersion = Annotated[
    int | None,
    Field(
        ge=0,
        le=MAX_VERSION,
        description="The report's `version` you saw (GET /reports/{id}); if the report changed "
        "since, 409 with the changes, nothing saved. Without it, no check.",
    ),
]


class AssessmentIn(BaseModel):
    """One decision on the report, checked by the same rules as `civcas assess`."""

    model_config = ConfigDict(extra="forbid")

    outcome: Outcome
    reason_code: ReasonCode | None = Field(
        default=None,
        description="Defaults to the only code the outcome admits (credible, duplicate, "
        "reopened); a not-credible decision must name one.",
    )
    reason: str | None = Field(default=None, description="Free text; required to reopen.")
    version: SeenVersion = None
    killed: int | None = Field(default=None, ge=0, description="Credible decisions only.")
    injured: int | None = Field(default=None, ge=0, description="Credible decisions only.")
    duplicate_of: int | None = Field(
        default=None,
        le=MAX_COUNT,
        description="The id of the report this one repeats (duplicates only).",
    )
    decided_at: dt.datetime | None = Field(
        default=None, description="When it was decided (UTC if no offset); defaults to now."
    )


class GradingIn(BaseModel):
    """A monitor's grade of the report, with its own casualty ranges."""

    model_config = ConfigDict(extra="forbid")

    monitor: str = Field(min_length=1, description="The monitor's source name (created if new).")
    version: SeenVersion = None
    grade: Grade
    killed_min: int | None = Field(default=None, ge=0)
    killed_max: int | None = Field(default=None, ge=0)
    injured_min: int | None = Field(default=None, ge=0)
    injured_max: int | None = Field(default=None, ge=0)
    graded_at: dt.datetime | None = Field(
        default=None, description="When the monitor graded it (UTC if no offset); default now."
    )


class ErrorBody(BaseModel):
    error: str = Field(description="What went wrong and what to change.")
    field: str | None = Field(default=None, description="The parameter or field at fault.")
    problems: list[dict[str, Any]] | None = Field(
        default=None, description="Every problem found, each with its field (and row)."
    )


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "A parameter breaks a rule; `field` names it."},
    422: {"model": ErrorBody, "description": "Malformed parameters or body; see `problems`."},
}
AUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "No valid API token (or sign-in)."},
    403: {"model": ErrorBody, "description": "Your role does not allow this."},
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "No report with this id."}
}
