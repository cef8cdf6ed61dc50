"""The row formats of every importable kind, one pydantic model each.

A model's fields, in order, are the file's columns (docs/formats.md is checked against them by a
test) and the export writes the same columns back. Each model checks what one row can show on its
own — types, enums, ISO codes, coordinate ranges, min ≤ max, date precision; rules that need the
database (references, the assessment state machine) are checked in `civcas.intake.load`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, ClassVar

import pycountry
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    model_validator,
)

from civcas.errors import FieldError
from civcas.vocab import (
    AgeGroup,
    DatePrecision,
    Grade,
    HarmStatus,
    LocationPrecision,
    Outcome,
    ReasonCode,
    Sex,
    SourceType,
)


def iso_country(value: str) -> str:
    """An ISO 3166-1 alpha-2 code from an alpha-2 or alpha-3 code (any case)."""
    code = value.strip().upper()
    country = (
        pycountry.countries.get(alpha_2=code)
        if len(code) == 2
        else pycountry.countries.get(alpha_3=code)
        if len(code) == 3
        else None
    )
    if country is None:
        raise ValueError(f"{value!r} is not an ISO 3166-1 country code (e.g. IQ or IRQ)")
    return str(country.alpha_2)


def utc_naive(value: dt.datetime) -> dt.datetime:
    """The ledger's time convention: naive UTC. Times given with an offset are converted.

    A time at the edge of the calendar whose conversion leaves it (0001-01-01T00:00+01:00) is
    refused as a ValueError: the OverflowError datetime raises would escape pydantic."""
    if value.tzinfo is not None:
        try:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        except OverflowError:
            raise ValueError("is out of range once converted to UTC") from None
    return value


def plain_text(name: str, value: str) -> None:
    """Text the ledger can store: no lone surrogate (a JSON escape such as "\\ud800" that is no
    character and cannot be encoded as UTF-8, so hashing or storing it would crash).

    NUL characters, which PostgreSQL refuses in text, are refused by the file readers
    (`civcas.intake.readers`, `datasets`) rather than here, since the row models' own tests hold
    any UTF-8 text valid; callers of `load` other than the readers must not pass them."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise FieldError(name, "contains a lone surrogate, which is not a character") from None


Country = Annotated[str, AfterValidator(iso_country)]
Timestamp = Annotated[
    dt.datetime,
    AfterValidator(utc_naive),
    PlainSerializer(lambda value: value.isoformat(), return_type=str, when_used="json"),
]
MAX_COUNT = 2_147_483_647
"""The database's integer column holds no more (PostgreSQL INTEGER): a larger count would crash
the insert instead of being refused with its row."""
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
Latitude = Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)]
Longitude = Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)]
Text = Annotated[str, Field(min_length=1)]
# Text columns are bounded by the ledger's column widths (civcas.ledger.models), so that an
# over-long value is refused with its row and column rather than failing the insert on PostgreSQL
# (SQLite would store it, and the two backends would disagree). Free text (summaries, reasons,
# descriptions) gets a generous bound, so that a runaway cell (a file cut inside a quote, a
# pasted page) is caught; archived_text, the evidence, is not bounded.
LONG_TEXT = 100_000
Name = Annotated[str, Field(min_length=1, max_length=200)]
Short = Annotated[str, Field(max_length=200)]
Text300 = Annotated[str, Field(max_length=300)]
Url = Annotated[str, Field(max_length=2000)]
Prose = Annotated[str, Field(max_length=LONG_TEXT)]
Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
Verbatim = Annotated[str, StringConstraints(strip_whitespace=False)]
VERBATIM = frozenset({"archived_text"})


class Row(BaseModel):
    """Shared parsing: blank cells are missing values, unknown columns are errors."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)
    required_columns: ClassVar[tuple[str, ...]] = ()

    @model_validator(mode="before")
    @classmethod
    def blanks_are_missing(cls, data: Any) -> Any:
        """Blank cells and nulls are left out, so columns with a default take it; other text is
        trimmed (dates included) — except verbatim fields, whose exact bytes are hashed."""
        if not isinstance(data, dict):
            return data
        for name, value in data.items():
            if isinstance(value, str):
                plain_text(str(name), value)
        return {
            name: value.strip() if isinstance(value, str) and name not in VERBATIM else value
            for name, value in data.items()
            if value is not None and not (isinstance(value, str) and not value.strip())
        }

    @classmethod
    def columns(cls) -> list[str]:
        return list(cls.model_fields)


def check_range(row: BaseModel, prefix: str) -> None:
    """A casualty range: both ends or neither, and min ≤ max."""
    low, high = getattr(row, f"{prefix}_min"), getattr(row, f"{prefix}_max")
    if (low is None) != (high is None):
        raise FieldError(
            f"{prefix}_max" if high is None else f"{prefix}_min",
            f"give both {prefix}_min and {prefix}_max or neither "
            "(repeat the number for an exact count)",
        )
    if low is not None and low > high:
        raise FieldError(
            f"{prefix}_min", f"{prefix}_min ({low}) is greater than {prefix}_max ({high})"
        )


def check_coordinates(latitude: float | None, longitude: float | None) -> None:
    if (latitude is None) != (longitude is None):
        raise FieldError(
            "longitude" if longitude is None else "latitude",
            "give both latitude and longitude or neither",
        )


class ReportRef(Row):
    """A reference to a report: its source's name (optional if the id is unambiguous) and id."""

    required_columns: ClassVar[tuple[str, ...]] = ("report_external_id",)
    report_source: str | None = None
    report_external_id: Text


class SourceRow(Row):
    required_columns: ClassVar[tuple[str, ...]] = ("name", "type")
    name: Name
    type: SourceType
    public: bool | None = None
    url: Url | None = None
    description: Prose | None = None
    simulated: bool = False

    @property
    def is_public(self) -> bool:
        """Witnesses (individuals) are withheld unless the row says otherwise."""
        return self.public if self.public is not None else self.type is not SourceType.INDIVIDUAL


class ReportRow(Row):
    required_columns: ClassVar[tuple[str, ...]] = (
        "external_id",
        "source",
        "date_start",
        "country",
    )
    external_id: Name
    source: Name
    source_type: SourceType | None = None
    date_start: dt.date
    date_end: dt.date | None = None
    date_precision: DatePrecision = DatePrecision.DAY
    place: Text300 | None = None
    country: Country
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    location_precision: LocationPrecision | None = None
    perpetrator: Short | None = None
    killed_min: Count | None = None
    killed_max: Count | None = None
    injured_min: Count | None = None
    injured_max: Count | None = None
    children_killed_min: Count | None = None
    children_killed_max: Count | None = None
    women_killed_min: Count | None = None
    women_killed_max: Count | None = None
    summary: Prose | None = None
    data_quality: Prose | None = None
    received_at: Timestamp | None = None

    @model_validator(mode="after")
    def consistent(self) -> ReportRow:
        end = self.date_end or self.date_start
        if end < self.date_start:
            raise FieldError(
                "date_end", f"date_end ({end}) is before date_start ({self.date_start})"
            )
        if end - self.date_start > self.date_precision.max_span:
            raise FieldError(
                "date_precision",
                f"date_start..date_end spans {(end - self.date_start).days} days, too long "
                f"for date_precision {self.date_precision.value!r}",
            )
        if self.received_at is not None and self.received_at.date() < self.date_start:
            raise FieldError(
                "received_at",
                f"received_at ({self.received_at}) is before the event's date_start "
                f"({self.date_start})",
            )
        check_coordinates(self.latitude, self.longitude)
        for prefix in ("killed", "injured", "children_killed", "women_killed"):
            check_range(self, prefix)
        named = (self.children_killed_min or 0) + (self.women_killed_min or 0)
        if self.killed_max is not None and named > self.killed_max:
            raise FieldError(
                "children_killed_min",
                f"children_killed_min + women_killed_min ({named}) exceed killed_max "
                f"({self.killed_max})",
            )
        return self


class DocumentRow(ReportRef):
    required_columns: ClassVar[tuple[str, ...]] = ("report_external_id",)
    url: Url | None = None
    retrieved_at: Timestamp | None = None
    sha256: Sha256 | None = None
    language: Annotated[str, Field(max_length=16)] | None = None
    archived_text: Verbatim | None = None

    @model_validator(mode="after")
    def hashed(self) -> DocumentRow:
        if self.sha256 is None and self.archived_text is None:
            raise FieldError("sha256", "every document needs the SHA-256 of its content")
        return self


class StrikeRow(Row):
    required_columns: ClassVar[tuple[str, ...]] = ("external_id", "date", "country", "belligerent")
    external_id: Name
    belligerent: Name
    date: dt.date
    time: dt.time | None = None
    place: Text300 | None = None
    country: Country
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    target: Text300 | None = None
    engagements: Annotated[int, Field(ge=1, le=MAX_COUNT)] = 1
    simulated: bool = False
    strikes: Annotated[int, Field(ge=1, le=MAX_COUNT)] = 1
    location_precision: LocationPrecision | None = None
    reported_on: dt.date | None = None

    @model_validator(mode="after")
    def consistent(self) -> StrikeRow:
        check_coordinates(self.latitude, self.longitude)
        return self


class AssessmentRow(ReportRef):
    required_columns: ClassVar[tuple[str, ...]] = (
        "report_external_id",
        "outcome",
        "reason_code",
        "decided_at",
    )
    outcome: Outcome
    reason_code: ReasonCode
    reason: Prose | None = None
    killed: Count | None = None
    injured: Count | None = None
    duplicate_of_source: str | None = None
    duplicate_of_external_id: str | None = None
    assessor: Short | None = None
    decided_at: Timestamp


class GradingRow(ReportRef):
    required_columns: ClassVar[tuple[str, ...]] = (
        "report_external_id",
        "monitor",
        "grade",
        "graded_at",
    )
    monitor: Name
    grade: Grade
    killed_min: Count | None = None
    killed_max: Count | None = None
    injured_min: Count | None = None
    injured_max: Count | None = None
    graded_at: Timestamp

    @model_validator(mode="after")
    def consistent(self) -> GradingRow:
        check_range(self, "killed")
        check_range(self, "injured")
        return self


class VictimRow(ReportRef):
    required_columns: ClassVar[tuple[str, ...]] = ("report_external_id", "external_id", "status")
    external_id: Name
    name: Text300 | None = None
    sex: Sex = Sex.UNKNOWN
    age: Annotated[int, Field(ge=0, le=130)] | None = None
    age_group: AgeGroup = AgeGroup.UNKNOWN
    status: HarmStatus


ROW_MODELS: dict[str, type[Row]] = {
    "sources": SourceRow,
    "reports": ReportRow,
    "documents": DocumentRow,
    "strikes": StrikeRow,
    "assessments": AssessmentRow,
    "gradings": GradingRow,
    "victims": VictimRow,
}
"""Every importable kind, in the order a full data set must be loaded."""
