"""Claims in the ledger: figures someone published, stored with the document they came from.

A claim is never merged into the ledger's own counts: the coalition's "1,059 civilians killed"
and Airwars' "6,488–9,947" stand beside what civcas computes, each traceable to its text (the
document, hashed as all evidence is) and, for prose, to the sentence's character offsets.
Recording the same document again adds nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from civcas import months
from civcas.claims.extract import CAMPAIGN_START
from civcas.errors import FieldError
from civcas.ledger import audit
from civcas.ledger.models import Claim, Document
from civcas.ledger.revision import advance_revision
from civcas.vocab import Measure


@dataclass(frozen=True)
class Figure:
    """One published figure, before it is stored: what the extractor or a parser found."""

    claimant: str
    measure: Measure
    value_min: int
    value_max: int
    period_start: dt.date | None
    period_end: dt.date | None
    start: int | None = None
    end: int | None = None
    place: str | None = None
    perpetrator: str | None = None


@dataclass(frozen=True)
class Recorded:
    document_id: int
    added: int
    unchanged: int


def record_claims(
    session: Session,
    text: str,
    figures: Sequence[Figure],
    *,
    url: str | None = None,
    stated_on: dt.date | None = None,
    language: str | None = "en",
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC).replace(tzinfo=None),
) -> Recorded:
    """Store `text` as a document (once) and its figures as claims (each once)."""
    for number, figure in enumerate(figures, start=1):
        check(figure, number, len(text))
    document = stored_document(session, text, url, language, now())
    query = select(Claim).where(Claim.document_id == document.id)
    known = {key(claim) for claim in session.scalars(query)}
    fresh = [figure for figure in figures if key(figure) not in known]
    rows = [row(figure, document.id, stated_on, now()) for figure in dict.fromkeys(fresh)]
    if rows:
        audit.insert_rows(session, cast(Table, Claim.__table__), rows)
        advance_revision(session)
    return Recorded(document.id, len(rows), len(figures) - len(rows))


def check(figure: Figure, number: int, length: int) -> None:
    """A figure the ledger can hold, or an error naming it and why."""
    where = f"figure {number} ({figure.claimant}, {figure.measure.value})"
    if not 0 <= figure.value_min <= figure.value_max:
        raise FieldError("value", f"{where}: {figure.value_min}–{figure.value_max} is no range")
    if figure.period_start and figure.period_end and figure.period_start > figure.period_end:
        raise FieldError("period", f"{where}: the period ends before it starts")
    offsets = (figure.start, figure.end)
    if (offsets[0] is None) != (offsets[1] is None) or (
        figure.start is not None
        and figure.end is not None
        and not 0 <= figure.start < figure.end <= length
    ):
        raise FieldError("offsets", f"{where}: {offsets} is not a span of the text")


def key(claim: Figure | Claim) -> tuple[Any, ...]:
    start = claim.start if isinstance(claim, Figure) else claim.start_offset
    return (claim.claimant, Measure(claim.measure), claim.period_start, claim.period_end, start)


def row(figure: Figure, document_id: int, stated_on: dt.date | None, now: dt.datetime) -> dict:
    return {
        "claimant": figure.claimant,
        "measure": figure.measure,
        "value_min": figure.value_min,
        "value_max": figure.value_max,
        "period_start": figure.period_start,
        "period_end": figure.period_end,
        "stated_on": stated_on,
        "document_id": document_id,
        "start_offset": figure.start,
        "end_offset": figure.end,
        "recorded_at": now,
        "place": figure.place,
        "perpetrator": figure.perpetrator,
    }


def stored_document(
    session: Session, text: str, url: str | None, language: str | None, now: dt.datetime
) -> Document:
    """The document holding `text` (and `url`), stored now if it is new."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    query = select(Document).where(Document.sha256 == digest)
    query = query.where(Document.url.is_(None) if url is None else Document.url == url)
    found = session.scalars(query).first()
    if found is not None:
        return found
    document = Document(
        url=url, retrieved_at=now, sha256=digest, language=language, archived_text=text
    )
    session.add(document)
    audit.recorded(session, document)
    return document


OFFICIAL = {
    "carried_over": Measure.REPORTS_CARRIED_OVER,
    "received": Measure.REPORTS_RECEIVED,
    "reopened": Measure.REPORTS_REOPENED,
    "completed": Measure.REPORTS_ASSESSED,
    "credible": Measure.REPORTS_CREDIBLE,
    "credible_killed": Measure.CREDIBLE_KILLED,
    "non_credible": Measure.REPORTS_NOT_CREDIBLE,
    "duplicate": Measure.REPORTS_DUPLICATE,
    "still_open": Measure.REPORTS_OPEN,
}
"""A monthly statement's figures counted over its month, by the measure each one is."""


def statement_figures(figures: dict[str, Any], claimant: str) -> list[Figure]:
    """The headline figures of a published monthly statement (the keys of `civcas statement`)
    as claims: the month's counts over the month, the strike total over the span it states,
    the cumulative deaths from the campaign's start to the month's end. Unstated ones (None)
    are not claims."""
    period = months.checked(figures["period"])
    first, last = months.first_day(period), months.last_day(period)
    found = [
        Figure(claimant, measure, figures[name], figures[name], first, last)
        for name, measure in OFFICIAL.items()
        if figures.get(name) is not None
    ]
    if figures.get("killed_cumulative") is not None:
        value = figures["killed_cumulative"]
        found.append(Figure(claimant, Measure.CIVILIANS_KILLED, value, value, CAMPAIGN_START, last))
    if figures.get("strikes_total") is not None:
        start = figures.get("strikes_from")
        end = figures.get("strikes_to") or period
        span_start = months.first_day(start) if start else CAMPAIGN_START
        value = figures["strikes_total"]
        found.append(
            Figure(claimant, Measure.STRIKES, value, value, span_start, months.last_day(end))
        )
    return found


@dataclass(frozen=True)
class ClaimView:
    """A stored claim as pages and exports show it, with where it came from."""

    id: int
    claimant: str
    measure: Measure
    value_min: int
    value_max: int
    period_start: dt.date | None
    period_end: dt.date | None
    stated_on: dt.date | None
    url: str | None
    sentence: str | None
    place: str | None = None
    perpetrator: str | None = None


def claims_timeline(session: Session, measure: Measure | None = None) -> list[ClaimView]:
    """Who said what, newest statement first: every claim (of `measure`), with the sentence it
    came from where the document is prose."""
    query = select(Claim, Document.url, Document.archived_text).join(Document)
    if measure is not None:
        query = query.where(Claim.measure == measure)
    query = query.order_by(
        Claim.stated_on.desc().nulls_last(), Claim.period_end.desc().nulls_last(), Claim.id
    )
    return [view(claim, url, text) for claim, url, text in session.execute(query)]


def view(claim: Claim, url: str | None, text: str | None) -> ClaimView:
    sentence = None
    if text is not None and claim.start_offset is not None and claim.end_offset is not None:
        sentence = " ".join(text[claim.start_offset : claim.end_offset].split())
    return ClaimView(
        id=claim.id,
        claimant=claim.claimant,
        measure=Measure(claim.measure),
        value_min=claim.value_min,
        value_max=claim.value_max,
        period_start=claim.period_start,
        period_end=claim.period_end,
        stated_on=claim.stated_on,
        url=url,
        sentence=sentence,
        place=claim.place,
        perpetrator=claim.perpetrator,
    )
