"""A belligerent's monthly release into the ledger: its figures as claims, its list as reports.

`civcas import official-report FILE` reads the release (`official_report.parse_official_report`)
and stores, in one transaction:
- the release's text once, as a hashed document;
- its headline figures as the belligerent's claims for the month (`claims.store`), to be shown
  beside what the ledger computes, never in place of it;
- each listed allegation as a report of the release's source (external id "YYYY-MM/NNN", the
  month and the position in the list), placed by the offline gazetteer where it can be, with the
  release as its document and the listed outcome as an assessment dated in that month. A release
  does not say when an allegation was received: civcas records the month's first instant (or
  the allegation's date, if later), so the listed decisions count in that month alone, and the
  release's own "received" stays the figure to read, shown beside the computed one.

A listed duplicate points to the report it repeats when the ledger (or the same list) holds one
of the same source with that date; otherwise its report is stored without a decision and named
in the result, since inventing the original would change the counts the release is compared to.
Importing the same release again adds nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from civcas import months
from civcas.claims.parties import COALITION
from civcas.claims.store import Recorded, record_claims, statement_figures
from civcas.errors import FieldError
from civcas.geocode import geocode
from civcas.intake.load import load
from civcas.intake.official_report import (
    ListedAllegation,
    Note,
    OfficialReport,
    parse_official_report,
)
from civcas.ledger.models import Report, Source
from civcas.vocab import Outcome, SourceType

SOURCE = "CJTF-OIR monthly civilian casualty report"
ASSESSOR = "CJTF-OIR Civilian Casualty Assessment Cell"


@dataclass(frozen=True)
class ImportedRelease:
    period: str
    claims: Recorded
    reports_added: int
    assessments_added: int
    unresolved_duplicates: list[str] = field(default_factory=list)
    """External ids of listed duplicates whose original the ledger does not hold."""
    notes: list[Note] = field(default_factory=list)
    """What the parser read but did not take (a figure stated two ways, another party's)."""


def import_release(
    session: Session,
    text: str,
    *,
    url: str | None = None,
    period: str | None = None,
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC).replace(tzinfo=None),
) -> ImportedRelease:
    """Parse and store one release (module docstring); all of it or, on any error, nothing.

    A figure the text leaves blank is not recorded, and the notes say why. A release whose
    month is not in the text needs `period`; one with a listed entry that does not read is
    refused, naming its line: storing the rest would leave the register short of it."""
    release = parse_official_report(text, period)
    if release.unread_entries:
        first = release.unread_entries[0]
        raise FieldError(first.field, first.message)
    period, moment = release.figures["period"], now()
    if period is None:
        raise FieldError(
            "period", "the text names no reporting month: state it with --period YYYY-MM"
        )
    with session.begin_nested():
        claims = record_claims(
            session,
            text,
            statement_figures(release.figures, COALITION),
            url=url,
            stated_on=months.last_day(period),
            now=lambda: moment,
        )
        rows = release_rows(session, release, text, url, moment)
        reports = load(session, "reports", rows.reports, source=f"release {period}")
        load(session, "documents", rows.documents, source=f"release {period}")
        assessments = load(session, "assessments", rows.assessments, source=f"release {period}")
    return ImportedRelease(
        period,
        claims,
        reports.added,
        assessments.added,
        rows.unresolved_duplicates,
        release.notes,
    )


@dataclass
class ReleaseRows:
    reports: list[dict[str, Any]] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)
    assessments: list[dict[str, Any]] = field(default_factory=list)
    unresolved_duplicates: list[str] = field(default_factory=list)


def release_rows(
    session: Session, release: OfficialReport, text: str, url: str | None, now: dt.datetime
) -> ReleaseRows:
    """The import rows of the release's listed allegations, in the formats `load` reads."""
    period = release.figures["period"]
    decided_at = dt.datetime.combine(months.last_day(period), dt.time(12))
    received = months.start(period)
    ids = [f"{period}/{number:03d}" for number in range(1, len(release.allegations) + 1)]
    listed = dict(zip(ids, release.allegations, strict=True))
    document = release_document(text, url, now)
    rows = ReleaseRows()
    for external_id, allegation in listed.items():
        rows.reports.append(report_row(external_id, allegation, period, received))
        rows.documents.append(document | {"report_external_id": external_id})
        duplicate = allegation.outcome is Outcome.DUPLICATE
        original = original_of(session, allegation, listed) if duplicate else None
        if duplicate and original is None:
            rows.unresolved_duplicates.append(external_id)
            continue
        rows.assessments.append(assessment_row(external_id, allegation, original, decided_at))
    return rows


def report_row(
    external_id: str, allegation: ListedAllegation, period: str, received: dt.datetime
) -> dict[str, Any]:
    place = geocode(allegation.place, allegation.country) if allegation.place else None
    channel = f", received as a {allegation.channel}" if allegation.channel else ""
    return {
        "source": SOURCE,
        "source_type": SourceType.OFFICIAL.value,
        "external_id": external_id,
        "date_start": allegation.date,
        "date_precision": "day",
        "place": allegation.place,
        "country": allegation.country or (place.country if place else None),
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
        "location_precision": place.precision.value if place and place.latitude else None,
        "perpetrator": "Coalition",
        "killed_min": allegation.killed,
        "killed_max": allegation.killed,
        "injured_min": allegation.injured,
        "injured_max": allegation.injured,
        "summary": f"Listed in the coalition's report for {period} (line {allegation.line})"
        f"{channel}: {allegation.reason}",
        "received_at": max(received, dt.datetime.combine(allegation.date, dt.time()))
        if allegation.date
        else received,
    }


def release_document(text: str, url: str | None, now: dt.datetime) -> dict[str, Any]:
    """The release as the document of each allegation it lists, hashed once for all of them."""
    return {
        "report_source": SOURCE,
        "url": url,
        "retrieved_at": now,
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "language": "en",
        "archived_text": text,
    }


def assessment_row(
    external_id: str,
    allegation: ListedAllegation,
    original: str | None,
    decided_at: dt.datetime,
) -> dict[str, Any]:
    credible = allegation.outcome is Outcome.CREDIBLE
    return {
        "report_source": SOURCE,
        "report_external_id": external_id,
        "outcome": allegation.outcome.value,
        "reason_code": allegation.reason_code.value,
        "reason": allegation.reason,
        "killed": allegation.killed if credible else None,
        "injured": allegation.injured if credible else None,
        "duplicate_of_source": SOURCE if original else None,
        "duplicate_of_external_id": original,
        "assessor": ASSESSOR,
        "decided_at": decided_at,
    }


def original_of(
    session: Session, allegation: ListedAllegation, listed: dict[str, ListedAllegation]
) -> str | None:
    """The external id of the report a listed duplicate repeats: one of the same source dated
    as the release says, in the same list first, then in the ledger; None when there is none."""
    date = allegation.duplicate_of_date
    if date is None:
        return None
    for external_id, other in listed.items():
        if other is not allegation and other.date == date and other.outcome != Outcome.DUPLICATE:
            return external_id
    query = (
        select(Report.external_id)
        .join(Source)
        .where(Source.name == SOURCE, Report.date_start == date)
        .order_by(Report.id)
    )
    return session.scalars(query).first()
