"""The public register: every allegation with its official outcome, its reason and the monitors'
grade, filtered and paged the same way for the web pages, the API and exports.

Filtering happens in SQL on the report's current state (kept by the intake loader), so a page of a
million-report register costs one indexed query plus two small look-ups for the page's rows.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from civcas.errors import FieldError
from civcas.ledger.models import Assessment, Grading, Report, Source
from civcas.vocab import DatePrecision, Grade, LocationPrecision, Outcome, ReasonCode, SourceType

MAX_PER_PAGE = 500


@dataclass(frozen=True)
class RegisterQuery:
    """Filters and paging; every field is optional. `bbox` is (west, south, east, north)."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    country: str | None = None
    outcome: Outcome | None = None
    grade: Grade | None = None
    source_type: SourceType | None = None
    bbox: tuple[float, float, float, float] | None = None
    text: str | None = None
    page: int = 1
    per_page: int = 50

    def __post_init__(self) -> None:
        if self.page < 1:
            raise FieldError("page", "pages are numbered from 1")
        if not 1 <= self.per_page <= MAX_PER_PAGE:
            raise FieldError("per_page", f"per_page must be between 1 and {MAX_PER_PAGE}")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise FieldError("date_from", "date_from is after date_to")
        if self.bbox is not None:
            west, south, east, north = self.bbox
            if not (-90 <= south <= north <= 90 and -180 <= west <= 180 and -180 <= east <= 180):
                raise FieldError(
                    "bbox", "bbox is west,south,east,north in degrees, with south ≤ north"
                )


@dataclass(frozen=True)
class RegisterEntry:
    """One allegation as the public may see it: no victims, no withheld source names."""

    id: int
    external_id: str
    source: str
    source_type: SourceType
    date_start: dt.date
    date_end: dt.date
    date_precision: DatePrecision
    place: str | None
    country: str
    latitude: float | None
    longitude: float | None
    location_precision: LocationPrecision | None
    killed_min: int | None
    killed_max: int | None
    injured_min: int | None
    injured_max: int | None
    received_at: dt.datetime
    outcome: Outcome
    reason_code: ReasonCode | None
    reason: str | None = None
    acknowledged_killed: int | None = None
    decided_at: dt.datetime | None = None
    grade: Grade | None = None
    monitor: str | None = None
    monitor_killed_min: int | None = None
    monitor_killed_max: int | None = None
    simulated: bool = False
    """The report's source is simulated (`civcas demo`): an invented allegation."""
    data_quality: str | None = None
    """What the report's source states that contradicts itself, kept as stated (None: nothing)."""

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


@dataclass(frozen=True)
class RegisterPage:
    entries: list[RegisterEntry]
    total: int
    page: int
    per_page: int
    query: RegisterQuery = field(default_factory=RegisterQuery)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def withheld_label(source_type: SourceType) -> str:
    return f"(withheld {source_type.value} source)"


def source_label(source: Source, restricted: bool) -> str:
    """A source's name, or a label by type when it is withheld from the asker."""
    return source.name if restricted or source.public else withheld_label(source.type)


def within_bbox(
    latitude: Any, longitude: Any, bbox: tuple[float, float, float, float]
) -> ColumnElement[bool]:
    """Points inside (west, south, east, north); west > east crosses the antimeridian."""
    west, south, east, north = bbox
    across = or_(longitude >= west, longitude <= east)
    return and_(
        latitude.between(south, north),
        across if west > east else longitude.between(west, east),
    )


def conditions(query: RegisterQuery, *, restricted: bool = False) -> list[ColumnElement[bool]]:
    """The WHERE clauses of the filters, on reports (and sources for `source_type`)."""
    where: list[ColumnElement[bool]] = []
    if query.date_from:
        # Overlap with the period; intake keeps a report's span within a year (its date
        # precision), so the extra bound on date_start lets the index narrow the scan. Within a
        # year of 0001-01-01 the bound is skipped: the subtraction would overflow (a 500 on
        # `date_from=0001-01-01`, found by `make fuzz`), and nothing starts earlier anyway.
        where.append(Report.date_end >= query.date_from)
        if query.date_from - dt.date.min >= DatePrecision.YEAR.max_span:
            where.append(Report.date_start >= query.date_from - DatePrecision.YEAR.max_span)
    if query.date_to:
        where.append(Report.date_start <= query.date_to)
    if query.country:
        where.append(Report.country == query.country.upper())
    if query.outcome:
        where.append(Report.outcome == query.outcome)
    if query.grade:
        where.append(Report.grade == query.grade)
    if query.source_type:
        where.append(Source.type == query.source_type)
    if query.bbox:
        where.append(within_bbox(Report.latitude, Report.longitude, query.bbox))
    if query.text:
        pattern = (
            "%" + query.text.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_") + "%"
        )
        # The public cannot search summaries: a search by a victim's name must not reveal which
        # report names them.
        searched = [Report.place, Report.external_id, *([Report.summary] if restricted else [])]
        where.append(or_(*(c.ilike(pattern, escape="\\") for c in searched)))
    return where


def filtered(query: RegisterQuery, *, restricted: bool = False) -> Select[Any]:
    """The reports (with their source) that the filters admit, without ordering or paging."""
    statement: Any = select(Report, Source).join(Source, Report.source_id == Source.id)
    return statement.where(*conditions(query, restricted=restricted))


def count(session: Session, query: RegisterQuery, *, restricted: bool = False) -> int:
    """How many reports the filters admit; joins sources only when a filter needs them."""
    statement = (
        select(func.count()).select_from(Report).where(*conditions(query, restricted=restricted))
    )
    if query.source_type:
        statement = statement.join(Source, Report.source_id == Source.id)
    return session.scalar(statement) or 0


def latest_by_report(session: Session, model: Any, moment: Any, ids: list[int]) -> dict[int, Any]:
    """The latest row of `model` (by its `moment` column) for each of the reports `ids`."""
    rows = session.scalars(
        select(model).where(model.report_id.in_(ids)).order_by(model.report_id, moment, model.id)
    )
    return {row.report_id: row for row in rows}


def entries_for(
    session: Session, rows: list[tuple[Report, Source]], *, restricted: bool
) -> list[RegisterEntry]:
    """Register entries for (report, source) rows, with their latest decision and grading."""
    ids = [report.id for report, _ in rows]
    decisions = latest_by_report(session, Assessment, Assessment.decided_at, ids)
    gradings = latest_by_report(session, Grading, Grading.graded_at, ids)
    entries = []
    for report, source in rows:
        decision, grading = decisions.get(report.id), gradings.get(report.id)
        entries.append(
            RegisterEntry(
                id=report.id,
                external_id=report.external_id,
                source=source_label(source, restricted),
                source_type=source.type,
                date_start=report.date_start,
                date_end=report.date_end,
                date_precision=report.date_precision,
                place=report.place,
                country=report.country,
                latitude=report.latitude,
                longitude=report.longitude,
                location_precision=report.location_precision,
                killed_min=report.killed_min,
                killed_max=report.killed_max,
                injured_min=report.injured_min,
                injured_max=report.injured_max,
                received_at=report.received_at,
                outcome=report.outcome,
                reason_code=report.reason_code,
                reason=decision.reason if decision else None,
                acknowledged_killed=decision.killed if decision else None,
                decided_at=decision.decided_at if decision else None,
                grade=grading.grade if grading else None,
                monitor=source_label(grading.monitor, restricted) if grading else None,
                monitor_killed_min=grading.killed_min if grading else None,
                monitor_killed_max=grading.killed_max if grading else None,
                simulated=source.simulated,
                data_quality=report.data_quality,
            )
        )
    return entries


def register(
    session: Session, query: RegisterQuery | None = None, *, restricted: bool = False
) -> RegisterPage:
    """One page of the register, newest events first (ties broken by id, so paging is stable).

    `restricted` (signed-in analysts) shows the names of non-public sources.
    """
    query = query or RegisterQuery()
    statement = filtered(query, restricted=restricted)
    total = count(session, query, restricted=restricted)
    page_rows = session.execute(
        statement.order_by(Report.date_start.desc(), Report.id.desc())
        .limit(query.per_page)
        .offset((query.page - 1) * query.per_page)
    )
    entries = entries_for(session, [(r, s) for r, s in page_rows], restricted=restricted)
    return RegisterPage(entries, total, query.page, query.per_page, query)


def every_entry(
    session: Session,
    query: RegisterQuery,
    *,
    restricted: bool = False,
    limit: int | None = None,
) -> list[RegisterEntry]:
    """Every entry `query` admits (or the first `limit`), read MAX_PER_PAGE at a time."""
    entries: list[RegisterEntry] = []
    number = 1
    while limit is None or len(entries) < limit:
        page = register(
            session,
            dataclasses.replace(query, page=number, per_page=MAX_PER_PAGE),
            restricted=restricted,
        )
        entries += page.entries
        if number >= page.pages:
            break
        number += 1
    return entries if limit is None else entries[:limit]


def entry(session: Session, report_id: int, *, restricted: bool = False) -> RegisterEntry | None:
    """The register entry of one report, or None."""
    rows = session.execute(filtered(RegisterQuery()).where(Report.id == report_id))
    found = entries_for(session, [(r, s) for r, s in rows], restricted=restricted)
    return found[0] if found else None
