"""Reports of the same event: the columns Splink compares, and how it compares them.

Every comparison is written in plain SQL arithmetic over precomputed columns, so that it means
the same on DuckDB and on Spark:

- dates: the gap in days between the two reports' date windows (0 when they overlap), so a
  report known only to the week or month is compared by its whole window;
- place: the distance between the points, compared with the radii their location precisions
  allow (`evidence.rule.MatchRule`, the same radii the strike matching uses), as a chord between
  unit vectors (no haversine in SQL, no special case at the antimeridian); then the place named,
  through the gazetteer's spellings in both scripts (Raqqa / Ar-Raqqah / الرقة), then the place
  text itself;
- casualties: whether the killed ranges are the same, overlap or are disjoint;
- perpetrator, and the words the summaries share.
Blocking keeps the job far from all pairs: reports must share their country and either the
named place or the week, and come from two sources: a source files one report per event, so
the reports of one research data set with distinct ids are distinct events (`store.Job.one_per`;
a run asked to look `within_source` compares them too).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

import pandas as pd
import pyarrow as pa
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on
from sqlalchemy import select
from sqlalchemy.orm import Session

from civcas.evidence.columns import EPOCH
from civcas.evidence.matcher import R_KM, unit_vectors
from civcas.evidence.rule import MatchRule
from civcas.gazetteer import canonical_place, key
from civcas.ledger.models import (
    Assessment,
    Document,
    Report,
    Source,
    Victim,
    report_documents,
)
from civcas.linking.engine import TrainingPlan, typed
from civcas.linking.names import name_columns
from civcas.vocab import Outcome

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "of",
        "in",
        "on",
        "at",
        "near",
        "by",
        "to",
        "was",
        "were",
        "reportedly",
        "civilian",
        "civilians",
        "killed",
        "died",
        "between",
        "alleged",
        "coalition",
        "air",
        "strike",
        "airstrike",
        "hit",
        "district",
        "governorate",
        "outskirts",
    ]
)
THRESHOLD = 0.995
"""Reports link at this match probability: a wrong link merges two strikes into one incident
and loses the smaller one's dead (ranges are never summed), so the doubtful go to review."""
TEMPLATE_MIN = 20
"""Summaries needed before a phrase in most of them counts as a template's."""
GAP = "greatest(0, day_start_l - day_end_r, day_start_r - day_end_l)"
CHORD = "power(x_l - x_r, 2) + power(y_l - y_r, 2) + power(z_l - z_r, 2)"


TEXTS = pa.list_(pa.string())
COLUMNS = {
    "unique_id": pa.int64(),
    "source_id": pa.int64(),
    "country": pa.string(),
    "day_start": pa.int64(),
    "day_end": pa.int64(),
    "week": pa.int64(),
    "week_shifted": pa.int64(),
    "place_id": pa.string(),
    "place_key": pa.string(),
    "x": pa.float64(),
    "y": pa.float64(),
    "z": pa.float64(),
    "radius_km": pa.float64(),
    "killed_min": pa.int64(),
    "killed_max": pa.int64(),
    "perpetrator": pa.string(),
    "evidence": TEXTS,
    "named": TEXTS,
    "details": TEXTS,
}
"""The columns a report gives Splink, with their types (`engine.typed`): a ledger whose reports
cite no document or name no victim still compares lists."""


def records(session: Session, rule: MatchRule | None = None) -> pd.DataFrame:
    """One row per report in the ledger, with the columns the comparisons use."""
    rule = rule or MatchRule()
    query = select(
        Report.id,
        Report.source_id,
        Report.country,
        Report.date_start,
        Report.date_end,
        Report.place,
        Report.latitude,
        Report.longitude,
        Report.location_precision,
        Report.killed_min,
        Report.killed_max,
        Report.perpetrator,
    ).order_by(Report.id)
    rows = [features(row, rule) for row in session.execute(query)]
    cited = _lists(
        session.execute(select(report_documents.c.report_id, Document.sha256).join(Document))
    )
    named = _lists(
        (rid, victim_key(name))
        for rid, name in session.execute(select(Victim.report_id, Victim.name))
    )
    summaries = select(Report.id, Source.name, Report.summary).join(Source).order_by(Report.id)
    found = details([(source, text) for _, source, text in session.execute(summaries)])
    for row, phrases in zip(rows, found, strict=True):
        rid = row["unique_id"]
        row |= {"evidence": cited.get(rid), "named": named.get(rid), "details": phrases}
    return typed(rows, COLUMNS)


def features(row: Any, rule: MatchRule) -> dict[str, Any]:
    (rid, source, country, start, end, place, lat, lon, precision, low, high, perpetrator) = row
    radius = None if lat is None or precision is None else rule.radius_for(precision)
    located = radius is not None
    x, y, z = map(float, unit_vectors(lat, lon)) if located else (None, None, None)
    day_start, day_end = (start - EPOCH).days, (end - EPOCH).days
    return {
        "unique_id": rid,
        "source_id": source,
        "country": country,
        "day_start": day_start,
        "day_end": day_end,
        "week": day_start // 7,
        "week_shifted": (day_start + 3) // 7,
        "place_id": canonical_place(place),
        "place_key": key(place) if place else None,
        "x": x,
        "y": y,
        "z": z,
        "radius_km": radius,
        "killed_min": low,
        "killed_max": high,
        "perpetrator": perpetrator.strip().lower() if perpetrator else None,
    }


def _lists(pairs: Iterable[tuple[int, str | None]]) -> dict[int, list[str]]:
    """(report id, value) rows as each report's sorted distinct values."""
    found: dict[int, set[str]] = {}
    for report_id, value in pairs:
        if value:
            found.setdefault(report_id, set()).add(value)
    return {report_id: sorted(values) for report_id, values in found.items()}


def victim_key(name: str | None) -> str | None:
    """Given and family name, normalised, for a person two reports both name; None when the
    name has no family name (a given name alone is shared by too many of the dead)."""
    columns = name_columns(name)
    if columns["family_name"] is None:
        return None
    return f"{columns['given_name']} {columns['family_name']}"


def details(summaries: list[tuple[str, str | None]]) -> list[list[str] | None]:
    """Each (source name, summary)'s phrases that can tell one event from another (what was hit,
    near what, in which quarter, when): runs of content words between stop words, numbers and
    punctuation, as RAKE keyword extraction splits text, so that "water tower" or a quarter's
    four-word name counts once. Left out: its source's own name, towns the gazetteer knows (the
    place comparison weighs those) and phrases in more than half of all summaries (templates)."""
    found = [_phrases(summary) - _phrases(source) for source, summary in summaries]
    found = [{phrase for phrase in phrases if not _is_town(phrase)} for phrases in found]
    frequency = Counter(phrase for phrases in found for phrase in phrases)
    enough = len(summaries) >= TEMPLATE_MIN
    common = {phrase for phrase, count in frequency.items() if enough and count > len(found) / 2}
    return [sorted(phrases - common) or None for phrases in found]


def _phrases(text: str | None) -> set[str]:
    phrases, run = set(), []
    for token in re.findall(r"[\w'-]+|[^\w\s]", (text or "").lower()):
        content = any(char.isalpha() for char in token) and not any(c.isdigit() for c in token)
        if content and token not in STOPWORDS:
            run.append(token)
            continue
        if run:
            phrases.add(" ".join(run))
        run = []
    if run:
        phrases.add(" ".join(run))
    return phrases


@cache
def _is_town(phrase: str) -> bool:
    return canonical_place(phrase) is not None


def prior(m: float) -> dict[str, Any]:
    """An m probability from how reports of one event differ, as a prior: the ledger's duplicate
    findings and reviewers' confirmations update it (`engine.TrainingPlan`). Not EM: in a city
    under bombardment most pairs of reports from the same days are of different strikes, and EM
    learns "same place, same days" instead of "same event"."""
    return {"m_probability": m}


def telling(shared: int, overlap: float) -> str:
    """SQL (DuckDB's, which Splink translates for Spark): the summaries share at least `shared`
    details, and at least `overlap` of the shorter summary's details: a summary giving another
    hour or another target than the other's shares fewer of its own."""
    common = "array_length(array_intersect(details_l, details_r))"
    smaller = "least(array_length(details_l), array_length(details_r))"
    return f"{common} >= {shared} AND {common} >= {overlap} * {smaller}"


def within(fraction: float) -> str:
    """SQL: the two points lie within `fraction` of the sum of their radii."""
    limit = f"2 * sin({fraction} * (radius_km_l + radius_km_r) / (2 * {R_KM}))"
    return f"{CHORD} <= power({limit}, 2)"


def settings() -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        probability_two_random_records_match=0.0005,
        comparisons=[
            cl.CustomComparison(
                output_column_name="dates",
                comparison_levels=[
                    cll.NullLevel("day_start"),
                    cll.CustomLevel(f"{GAP} = 0", "windows overlap").configure(**prior(0.6)),
                    cll.CustomLevel(f"{GAP} <= 1", "a day apart").configure(**prior(0.37)),
                    cll.CustomLevel(f"{GAP} <= 7", "within a week").configure(**prior(0.02)),
                    cll.ElseLevel().configure(**prior(0.01)),
                ],
            ),
            cl.CustomComparison(
                output_column_name="distance",
                comparison_levels=[
                    cll.CustomLevel("x_l IS NULL OR x_r IS NULL", "not located").configure(
                        is_null_level=True
                    ),
                    cll.CustomLevel(within(0.5), "within half the radii").configure(**prior(0.7)),
                    cll.CustomLevel(within(1.0), "within the radii").configure(**prior(0.25)),
                    cll.CustomLevel(within(3.0), "within three times the radii").configure(
                        **prior(0.04)
                    ),
                    cll.ElseLevel().configure(**prior(0.01)),
                ],
            ),
            cl.CustomComparison(
                output_column_name="place",
                comparison_levels=[
                    cll.CustomLevel(
                        "(place_id_l IS NULL OR place_id_r IS NULL) AND "
                        "(place_key_l IS NULL OR place_key_r IS NULL)",
                        "no place named",
                    ).configure(is_null_level=True),
                    cll.ExactMatchLevel("place_id").configure(**prior(0.65)),
                    cll.JaroWinklerLevel("place_key", 0.9).configure(**prior(0.1)),
                    cll.ElseLevel().configure(**prior(0.25)),
                ],
            ),
            cl.CustomComparison(
                output_column_name="killed",
                comparison_levels=[
                    cll.CustomLevel(
                        "killed_min_l IS NULL OR killed_min_r IS NULL", "no count"
                    ).configure(is_null_level=True),
                    cll.CustomLevel(
                        "killed_min_l = killed_min_r AND killed_max_l = killed_max_r",
                        "same range",
                    ).configure(**prior(0.15)),
                    cll.CustomLevel(
                        "killed_min_l <= killed_max_r AND killed_min_r <= killed_max_l",
                        "ranges overlap",
                    ).configure(**prior(0.75)),
                    cll.ElseLevel().configure(**prior(0.1)),
                ],
            ),
            cl.ExactMatch("perpetrator").configure(m_probabilities=[0.95, 0.05]),
            cl.CustomComparison(
                output_column_name="source",
                comparison_levels=[
                    cll.NullLevel("source_id"),
                    cll.ExactMatchLevel("source_id").configure(**prior(0.01)),
                    cll.ElseLevel().configure(**prior(0.99)),
                ],
            ),
            cl.ArrayIntersectAtSizes("evidence", [1]).configure(m_probabilities=[0.4, 0.6]),
            cl.ArrayIntersectAtSizes("named", [1]).configure(m_probabilities=[0.7, 0.3]),
            cl.CustomComparison(
                output_column_name="details",
                comparison_levels=[
                    cll.NullLevel("details"),
                    cll.CustomLevel(
                        telling(3, 0.75),
                        "most of three or more details shared",
                        base_dialect_str="duckdb",
                    ).configure(**prior(0.3)),
                    cll.CustomLevel(
                        telling(2, 0.5),
                        "half of two or more details shared",
                        base_dialect_str="duckdb",
                    ).configure(**prior(0.35)),
                    cll.CustomLevel(
                        telling(1, 0), "a detail shared", base_dialect_str="duckdb"
                    ).configure(**prior(0.2)),
                    cll.ElseLevel().configure(**prior(0.15)),
                ],
            ),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("country", "place_id"),
            block_on("country", "week"),
            block_on("country", "week_shifted"),
        ],
        retain_intermediate_calculation_columns=False,
    )


def training() -> TrainingPlan:
    """λ from reports naming the same place on the same day; m by EM on pairs naming the same
    place in the same week, then on pairs of the same country and first day (each estimates the
    comparisons the other holds fixed). Blocking EM on the place alone learns "same town" rather
    than "same event": most pairs in a town over five years are different strikes. Where no
    two reports name one place on one day, λ stays at the settings' 0.0005 (`engine`)."""
    return TrainingPlan(
        em_blocking_rules=[],
        deterministic_rules=["l.place_id = r.place_id and l.day_start = r.day_start"],
        recall=0.7,
    )


def duplicates(session: Session) -> list[tuple[int, int]]:
    """(report, the report it duplicates) for each report whose current outcome is duplicate,
    by its latest such finding: the assessors' own judgement that two reports are one event."""
    query = (
        select(Assessment.report_id, Assessment.duplicate_of_id)
        .join(Report, Report.id == Assessment.report_id)
        .where(Report.outcome == Outcome.DUPLICATE, Assessment.duplicate_of_id.is_not(None))
        .order_by(Assessment.decided_at, Assessment.id)
    )
    latest = {report: original for report, original in session.execute(query)}
    return [(report, original) for report, original in latest.items() if original is not None]


def incident_range(lows: list[int | None], highs: list[int | None]) -> tuple[int, int] | None:
    """An incident's killed range from its reports' (Iraq Body Count's rule): the lowest
    reported minimum to the highest reported maximum. Never a sum: the reports count the same
    dead. None when no report gives a count."""
    known = [(low, high) for low, high in zip(lows, highs, strict=True) if low is not None]
    if not known:
        return None
    return min(low for low, _ in known), max(high for _, high in known if high is not None)


@dataclass(frozen=True)
class Incident:
    """Reports of one event, as the latest run joined them, with the event's killed range."""

    id: int
    report_ids: list[int]
    killed: tuple[int, int] | None


def incidents(session: Session, groups: dict[int, list[int]]) -> list[Incident]:
    """The incidents of `groups` (cluster id → report ids), largest first."""
    found = []
    for cluster_id, report_ids in groups.items():
        query = select(Report.killed_min, Report.killed_max).where(Report.id.in_(report_ids))
        lows, highs = zip(*session.execute(query), strict=True)
        found.append(Incident(cluster_id, report_ids, incident_range(list(lows), list(highs))))
    return sorted(found, key=lambda incident: (-len(incident.report_ids), incident.id))
