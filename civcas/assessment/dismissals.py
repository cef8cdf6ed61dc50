"""Dismissals held against the evidence: not-credible decisions whose stated reason the ledger
itself contradicts.

The belligerent dismisses most allegations with a stock reason; monitors and rights groups call
the reasons vague. Two of them can be tested against what the ledger holds:

- `no_strikes_in_area` ("no strikes were conducted on that day in the geographical area") while
  the strike log has candidate strikes for the allegation under the matching rule — the same
  matcher and rule as `civcas match` — each listed with its distance and days apart;
- `no_civilians_harmed` or `insufficient_evidence` while an independent monitor's latest grading
  is confirmed or fair (what counts towards its likely deaths), each grade with its range.

Only a report's latest decision counts: a dismissal since reopened or revised is none. Findings
are computed, never stored: each is a question for the assessors, not a decision. The command
matches afresh (`check_dismissals`); the public page reads the candidates `civcas match` stored,
as the allegation pages do (`stored_dismissals`), so both answer the same once matching is
current. Sources withheld from the asker (witnesses) are named by their type, as in the register.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from civcas.evidence.matcher import candidates
from civcas.evidence.rule import MatchRule
from civcas.evidence.store import read_reports, read_strikes
from civcas.ledger.models import Assessment, Grading, Report, Source, Strike, StrikeMatch
from civcas.publication.register import source_label
from civcas.vocab import Grade, Outcome, ReasonCode

STRIKES_IN_AREA = "strikes_in_area"
GRADED_LIKELY = "graded_likely"
NO_HARM_REASONS = frozenset({ReasonCode.NO_CIVILIANS_HARMED, ReasonCode.INSUFFICIENT_EVIDENCE})


@dataclass(frozen=True)
class StrikeFinding:
    strike_id: int
    external_id: str
    date: dt.date
    place: str | None
    strikes: int
    distance_km: float | None
    days_apart: int


@dataclass(frozen=True)
class GradeFinding:
    monitor: str
    grade: Grade
    killed_min: int | None
    killed_max: int | None
    graded_at: dt.datetime


@dataclass(frozen=True)
class Dismissal:
    """A not-credible decision and what in the ledger contradicts its reason."""

    report_id: int
    source: str
    external_id: str
    reason_code: ReasonCode
    decided_at: dt.datetime
    finding: str
    strikes: tuple[StrikeFinding, ...] = ()
    grades: tuple[GradeFinding, ...] = ()


@dataclass(frozen=True)
class Dismissed:
    """A report's latest decision, when it is not credible."""

    report_id: int
    source: str
    external_id: str
    reason_code: ReasonCode
    decided_at: dt.datetime


def contradicted(
    dismissed: Iterable[Dismissed],
    strikes: Mapping[int, Sequence[StrikeFinding]],
    grades: Mapping[int, Sequence[GradeFinding]],
) -> list[Dismissal]:
    """The dismissals whose reason the candidate strikes or the monitors' latest likely grades
    contradict (pure: the module docstring's two tests), in report order."""
    found = []
    for decision in sorted(dismissed, key=lambda d: d.report_id):
        common = (
            decision.report_id,
            decision.source,
            decision.external_id,
            decision.reason_code,
            decision.decided_at,
        )
        near = tuple(strikes.get(decision.report_id, ()))
        likely = tuple(g for g in grades.get(decision.report_id, ()) if g.grade.likely)
        if decision.reason_code is ReasonCode.NO_STRIKES_IN_AREA and near:
            found.append(Dismissal(*common, STRIKES_IN_AREA, strikes=near))
        elif decision.reason_code in NO_HARM_REASONS and likely:
            found.append(Dismissal(*common, GRADED_LIKELY, grades=likely))
    return found


def check_dismissals(
    session: Session, rule: MatchRule, *, restricted: bool = True
) -> list[Dismissal]:
    """Every current not-credible decision the ledger contradicts, matched afresh."""
    dismissed = latest_dismissals(session, restricted)
    in_area, no_harm = _by_reason(dismissed)
    return contradicted(
        dismissed,
        candidate_strikes(session, in_area, rule),
        latest_grades(session, no_harm, restricted),
    )


def stored_dismissals(session: Session, *, restricted: bool) -> list[Dismissal]:
    """The same, on the candidates the last `civcas match` stored."""
    dismissed = latest_dismissals(session, restricted)
    in_area, no_harm = _by_reason(dismissed)
    return contradicted(
        dismissed, stored_strikes(session, in_area), latest_grades(session, no_harm, restricted)
    )


def _by_reason(dismissed: Sequence[Dismissed]) -> tuple[list[int], list[int]]:
    """The reports dismissed as "no strikes in the area", and as no harm (the two tests)."""
    in_area = [d.report_id for d in dismissed if d.reason_code is ReasonCode.NO_STRIKES_IN_AREA]
    no_harm = [d.report_id for d in dismissed if d.reason_code in NO_HARM_REASONS]
    return in_area, no_harm


def latest_dismissals(session: Session, restricted: bool) -> list[Dismissed]:
    latest = (
        select(Assessment.report_id, func.max(Assessment.decided_at).label("decided_at"))
        .group_by(Assessment.report_id)
        .subquery()
    )
    query = (
        select(
            Assessment.report_id,
            Source,
            Report.external_id,
            Assessment.reason_code,
            Assessment.decided_at,
        )
        .join(
            latest,
            (Assessment.report_id == latest.c.report_id)
            & (Assessment.decided_at == latest.c.decided_at),
        )
        .join(Report, Report.id == Assessment.report_id)
        .join(Source, Source.id == Report.source_id)
        .where(Assessment.outcome == Outcome.NOT_CREDIBLE)
        .order_by(Assessment.report_id)
    )
    return [
        Dismissed(report_id, source_label(source, restricted), external_id, reason, at)
        for report_id, source, external_id, reason, at in session.execute(query)
    ]


def candidate_strikes(
    session: Session, report_ids: Sequence[int], rule: MatchRule
) -> dict[int, list[StrikeFinding]]:
    """The matcher's candidate strikes of each report, best score first."""
    if not report_ids:
        return {}
    pairs = candidates(read_strikes(session), read_reports(session, report_ids), rule)
    wanted = sorted(set(pairs.strike_id.tolist()))
    strikes = {
        strike.id: strike
        for start in range(0, len(wanted), 500)
        for strike in session.scalars(
            select(Strike).where(Strike.id.in_(wanted[start : start + 500]))
        )
    }
    found: dict[int, list[StrikeFinding]] = {}
    for report_id, strike_id, distance, apart, _, _ in pairs.rows():
        known = None if distance != distance else distance  # NaN: the country basis
        found.setdefault(report_id, []).append(_finding(strikes[strike_id], known, apart))
    return found


def _finding(strike: Strike, distance_km: float | None, days_apart: int) -> StrikeFinding:
    distance = None if distance_km is None else round(distance_km, 3)
    return StrikeFinding(
        strike.id,
        strike.external_id,
        strike.date,
        strike.place,
        strike.strikes,
        distance,
        days_apart,
    )


def stored_strikes(session: Session, report_ids: Sequence[int]) -> dict[int, list[StrikeFinding]]:
    """The candidate strikes `civcas match` stored for each report, best score first."""
    found: dict[int, list[StrikeFinding]] = {}
    for start in range(0, len(report_ids), 500):
        query = (
            select(StrikeMatch, Strike)
            .join(Strike, Strike.id == StrikeMatch.strike_id)
            .where(StrikeMatch.report_id.in_(report_ids[start : start + 500]))
            .order_by(StrikeMatch.report_id, StrikeMatch.score.desc(), Strike.id)
        )
        for pair, strike in session.execute(query):
            finding = _finding(strike, pair.distance_km, pair.days_apart)
            found.setdefault(pair.report_id, []).append(finding)
    return found


def latest_grades(
    session: Session, report_ids: Sequence[int], restricted: bool
) -> dict[int, list[GradeFinding]]:
    """Each monitor's latest grading of each report."""
    latest: dict[tuple[int, int], tuple[Grading, str]] = {}
    for start in range(0, len(report_ids), 500):
        query = (
            select(Grading, Source)
            .join(Source, Source.id == Grading.monitor_id)
            .where(Grading.report_id.in_(report_ids[start : start + 500]))
            .order_by(Grading.graded_at, Grading.id)
        )
        for grading, source in session.execute(query):
            label = source_label(source, restricted)
            latest[(grading.report_id, grading.monitor_id)] = (grading, label)
    found: dict[int, list[GradeFinding]] = {}
    for (report_id, _), (grading, name) in sorted(latest.items()):
        found.setdefault(report_id, []).append(
            GradeFinding(
                name, grading.grade, grading.killed_min, grading.killed_max, grading.graded_at
            )
        )
    return found


FLAT_COLUMNS = (
    "report",
    "source",
    "external_id",
    "reason_code",
    "decided_at",
    "finding",
    "strikes",
    "nearest_km",
    "grades",
)
"""The columns of a dismissal in a table or CSV: `strikes` sums the candidate entries' strikes,
`grades` names each likely grade with its range."""


def as_json(dismissal: Dismissal) -> dict[str, object]:
    return {
        "report": dismissal.report_id,
        "source": dismissal.source,
        "external_id": dismissal.external_id,
        "outcome": Outcome.NOT_CREDIBLE.value,
        "reason_code": dismissal.reason_code.value,
        "decided_at": dismissal.decided_at.isoformat(),
        "finding": dismissal.finding,
        "strikes": [
            {
                "strike": s.strike_id,
                "external_id": s.external_id,
                "date": s.date.isoformat(),
                "place": s.place,
                "strikes": s.strikes,
                "distance_km": s.distance_km,
                "days_apart": s.days_apart,
            }
            for s in dismissal.strikes
        ],
        "grades": [
            {
                "monitor": g.monitor,
                "grade": g.grade.value,
                "killed_min": g.killed_min,
                "killed_max": g.killed_max,
                "graded_at": g.graded_at.isoformat(),
            }
            for g in dismissal.grades
        ],
    }


def as_row(dismissal: Dismissal) -> dict[str, object]:
    distances = [s.distance_km for s in dismissal.strikes if s.distance_km is not None]
    return {
        "report": dismissal.report_id,
        "source": dismissal.source,
        "external_id": dismissal.external_id,
        "reason_code": dismissal.reason_code.value,
        "decided_at": dismissal.decided_at.isoformat(),
        "finding": dismissal.finding,
        "strikes": sum(s.strikes for s in dismissal.strikes),
        "nearest_km": min(distances) if distances else "",
        "grades": "; ".join(
            f"{g.monitor}: {g.grade.value} {g.killed_min}–{g.killed_max}" for g in dismissal.grades
        ),
    }
