"""Matching the ledger: every report against the strike log, stored with the report as evidence.

A run reads what it needs, calls the pure matcher (`matcher.candidates`) and writes two things:
the candidate pairs (`StrikeMatch`) and one summary per report (`ReportEvidence`) with the
outcome it suggests. Reports and strikes are never edited, only added, so a re-run does only the
new work: a report never matched, matched under another rule, or received since `--since` is
matched against the whole log; a report matched before is matched only against strikes added
since (ids above its `strikes_through`). Everything happens in the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from civcas.evidence.columns import Pairs, Reports, Strikes
from civcas.evidence.matcher import candidate_chunks
from civcas.evidence.rule import MatchRule
from civcas.ledger.models import Report, ReportEvidence, Source, Strike, StrikeMatch
from civcas.ledger.revision import advance_revision
from civcas.vocab import MatchBasis, Outcome, ReasonCode

CHUNK = 10_000


@dataclass(frozen=True)
class MatchRun:
    """What one run did: the reports it (re)matched, how many against the whole log (the rest
    only against newer strikes), and the candidate pairs it stored."""

    rule: MatchRule
    report_ids: list[int]
    matched_fully: int
    pairs: int

    @property
    def matched_newer(self) -> int:
        return len(self.report_ids) - self.matched_fully


def fingerprint(rule: MatchRule) -> str:
    """A stable name for the rule, stored with each report's evidence."""
    return hashlib.sha256(json.dumps(asdict(rule), sort_keys=True).encode()).hexdigest()


def match(
    session: Session,
    rule: MatchRule,
    *,
    since: dt.date | None = None,
    now: dt.datetime | None = None,
) -> MatchRun:
    """Match what changed (and every report received on or after `since`); store the results."""
    now = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    rule_key, latest = fingerprint(rule), session.scalar(select(func.max(Strike.id))) or 0
    query = select(ReportEvidence.report_id, ReportEvidence.strikes_through)
    stored = {
        rid: through
        for rid, through in session.execute(query.where(ReportEvidence.rule == rule_key))
    }
    fresh_ids = unmatched_reports(session, stored, since)
    fresh = set(fresh_ids)
    newer = defaultdict(list)  # strikes_through → the reports matched up to that strike
    for report_id, through in stored.items():
        if through < latest and report_id not in fresh:
            newer[through].append(report_id)
    runs = [(0, fresh_ids)] if fresh_ids else []
    runs += sorted(newer.items())
    for chunk in chunks(fresh_ids):
        session.execute(delete(StrikeMatch).where(StrikeMatch.report_id.in_(chunk)))
    found = sum(
        store_pairs(session, candidate_chunks(read_strikes(session, after), reports, rule))
        for after, report_ids in runs
        if len(reports := read_reports(session, report_ids))
    )
    touched = sorted(report_id for _, report_ids in runs for report_id in report_ids)
    write_evidence(session, touched, rule, rule_key, latest, now)
    if touched:
        advance_revision(session)
    return MatchRun(rule, touched, len(fresh_ids), found)


def unmatched_reports(session: Session, stored: dict[int, int], since: dt.date | None) -> list[int]:
    """Reports to match against the whole log: not matched under this rule, or received since."""
    query = select(Report.id, Report.received_at).order_by(Report.id)
    cutoff = dt.datetime.combine(since, dt.time()) if since else None
    return [
        report_id
        for report_id, received in session.execute(query)
        if report_id not in stored or (cutoff is not None and received >= cutoff)
    ]


def read_strikes(session: Session, after: int = 0) -> Strikes:
    query = select(
        Strike.id,
        Strike.date,
        Strike.country,
        Strike.latitude,
        Strike.longitude,
        Strike.location_precision,
    )
    return Strikes.from_rows(session.execute(query.where(Strike.id > after)))


def read_reports(session: Session, report_ids: Sequence[int]) -> Reports:
    columns = (
        Report.id,
        Report.date_start,
        Report.date_end,
        Report.country,
        Report.latitude,
        Report.longitude,
        Report.location_precision,
    )
    rows: list[Any] = []
    for chunk in chunks(report_ids):
        for *values, precision in session.execute(select(*columns).where(Report.id.in_(chunk))):
            rows.append((*values, precision and precision.value))
    return Reports.from_rows(rows)


def store_pairs(session: Session, found: Iterable[Pairs]) -> int:
    """Insert the pairs a chunk at a time (at the design size they fill gigabytes); how many."""
    stored = 0
    for pairs in found:
        rows = [
            {
                "report_id": report_id,
                "strike_id": strike_id,
                "distance_km": None if basis == MatchBasis.COUNTRY else distance,
                "days_apart": days,
                "basis": basis,
                "score": score,
            }
            for report_id, strike_id, distance, days, basis, score in pairs.rows()
        ]
        for batch in chunks(rows):
            session.execute(insert(StrikeMatch), batch)
        stored += len(rows)
    return stored


def write_evidence(
    session: Session,
    report_ids: Sequence[int],
    rule: MatchRule,
    rule_key: str,
    latest: int,
    now: dt.datetime,
) -> None:
    """Each touched report's summary, counted from all its stored pairs."""
    coverage = log_coverage(session)
    for chunk in chunks(report_ids):
        session.execute(delete(ReportEvidence).where(ReportEvidence.report_id.in_(chunk)))
        found = {
            report_id: (count, strikes, nearest, fewest)
            for report_id, count, strikes, nearest, fewest in session.execute(
                select(
                    StrikeMatch.report_id,
                    func.count(),
                    func.sum(Strike.strikes),
                    func.min(StrikeMatch.distance_km),
                    func.min(StrikeMatch.days_apart),
                )
                .join(Strike, Strike.id == StrikeMatch.strike_id)
                .where(StrikeMatch.report_id.in_(chunk))
                .group_by(StrikeMatch.report_id)
            )
        }
        reports = session.execute(
            select(
                Report.id,
                Report.country,
                Report.date_start,
                Report.date_end,
                Report.latitude,
                Report.location_precision,
            ).where(Report.id.in_(chunk))
        )
        rows = [
            evidence_row(report, found.get(report[0], (0, 0, None, None)), rule, coverage)
            for report in reports
        ]
        session.execute(
            insert(ReportEvidence),
            [
                {**row, "rule": rule_key, "strikes_through": latest, "matched_at": now}
                for row in rows
            ],
        )


def evidence_row(
    report: Any,
    found: tuple[int, int, float | None, int | None],
    rule: MatchRule,
    coverage: dict[str, tuple[dt.date, dt.date]],
) -> dict[str, Any]:
    """One report's summary; `not_credible`/`no_strikes_in_area` is suggested only where the log
    covers the report's dates (widened by the slack) in its country and holds no candidate."""
    report_id, country, start, end, latitude, precision = report
    radius = None if latitude is None or precision is None else rule.radius_for(precision)
    slack = dt.timedelta(days=rule.slack_days)
    first, last = coverage.get(country, (None, None))
    covers = first is not None and first <= start - slack and end + slack <= last
    count, strikes, nearest, fewest = found
    suggest = covers and count == 0
    return {
        "report_id": report_id,
        "basis": MatchBasis.COUNTRY if radius is None else MatchBasis.DISTANCE,
        "radius_km": radius,
        "slack_days": rule.slack_days,
        "candidates": count,
        "strikes": int(strikes),
        "log_covers": covers,
        "nearest_km": nearest,
        "fewest_days": fewest,
        "suggested_outcome": Outcome.NOT_CREDIBLE if suggest else None,
        "suggested_reason": ReasonCode.NO_STRIKES_IN_AREA if suggest else None,
    }


def log_coverage(session: Session) -> dict[str, tuple[dt.date, dt.date]]:
    """The first and last day of the strike log in each country."""
    query = select(Strike.country, func.min(Strike.date), func.max(Strike.date))
    return {c: (first, last) for c, first, last in session.execute(query.group_by(Strike.country))}


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


PAIR_COLUMNS = [
    "report_source",
    "report_external_id",
    "strike_belligerent",
    "strike_external_id",
    "distance_km",
    "days_apart",
    "basis",
    "score",
]


def pair_records(session: Session, report_ids: Sequence[int]) -> Iterator[dict[str, Any]]:
    """The stored pairs of these reports, named as in the import files (report by source and
    external id, strike by belligerent and external id), best score first within a report."""
    columns = (
        Source.name,
        Report.external_id,
        Strike.belligerent,
        Strike.external_id,
        StrikeMatch.distance_km,
        StrikeMatch.days_apart,
        StrikeMatch.basis,
        StrikeMatch.score,
    )
    for chunk in chunks(sorted(report_ids)):
        query = (
            select(*columns)
            .join(Report, Report.id == StrikeMatch.report_id)
            .join(Source, Source.id == Report.source_id)
            .join(Strike, Strike.id == StrikeMatch.strike_id)
            .where(StrikeMatch.report_id.in_(chunk))
            .order_by(StrikeMatch.report_id, StrikeMatch.score.desc(), Strike.id)
        )
        for *names, distance, days, basis, score in session.execute(query):
            rounded = None if distance is None else round(distance, 3)
            values = (*names, rounded, days, basis.value, score)
            yield dict(zip(PAIR_COLUMNS, values, strict=True))


def evidence_of(
    session: Session, report_ids: Iterable[int]
) -> list[tuple[str, str, ReportEvidence]]:
    """Each report's stored evidence with its source and external id, in report id order."""
    found = []
    for chunk in chunks(sorted(report_ids)):
        query = (
            select(Source.name, Report.external_id, ReportEvidence)
            .join(Report, Report.id == ReportEvidence.report_id)
            .join(Source, Source.id == Report.source_id)
            .where(ReportEvidence.report_id.in_(chunk))
            .order_by(ReportEvidence.report_id)
        )
        found += [tuple(row) for row in session.execute(query)]
    return found  # type: ignore[return-value]


def report_evidence(session: Session, report_id: int) -> ReportEvidence | None:
    """The report's stored summary, or None if it has not been matched yet."""
    return session.get(ReportEvidence, report_id)


def report_candidates(
    session: Session, report_id: int, *, limit: int | None = None, offset: int = 0
) -> tuple[list[tuple[StrikeMatch, Strike]], int]:
    """One page of the report's candidate strikes, best score first (ties by strike id), and
    how many there are in all."""
    where = StrikeMatch.report_id == report_id
    total = session.scalar(select(func.count()).select_from(StrikeMatch).where(where)) or 0
    query = (
        select(StrikeMatch, Strike)
        .join(Strike, Strike.id == StrikeMatch.strike_id)
        .where(where)
        .order_by(StrikeMatch.score.desc(), Strike.id)
        .limit(limit)
        .offset(offset)
    )
    return [(found, strike) for found, strike in session.execute(query)], total
