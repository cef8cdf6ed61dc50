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
named place or the week.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pandas as pd
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on
from sqlalchemy import select
from sqlalchemy.orm import Session

from civcas.evidence.columns import EPOCH
from civcas.evidence.matcher import R_KM, unit_vectors
from civcas.evidence.rule import MatchRule
from civcas.gazetteer import canonical_place, key
from civcas.ledger.models import Report
from civcas.linking.engine import TrainingPlan

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
    ]
)
GAP = "greatest(0, day_start_l - day_end_r, day_start_r - day_end_l)"
CHORD = "power(x_l - x_r, 2) + power(y_l - y_r, 2) + power(z_l - z_r, 2)"


def records(session: Session, rule: MatchRule | None = None) -> pd.DataFrame:
    """One row per report in the ledger, with the columns the comparisons use."""
    rule = rule or MatchRule()
    query = select(
        Report.id,
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
        Report.summary,
    ).order_by(Report.id)
    return pd.DataFrame([features(row, rule) for row in session.execute(query)])


def features(row: Any, rule: MatchRule) -> dict[str, Any]:
    (rid, country, start, end, place, lat, lon, precision, low, high, perpetrator, summary) = row
    radius = None if lat is None or precision is None else rule.radius_for(precision)
    located = radius is not None
    x, y, z = map(float, unit_vectors(lat, lon)) if located else (None, None, None)
    day_start, day_end = (start - EPOCH).days, (end - EPOCH).days
    return {
        "unique_id": rid,
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
        "summary_words": summary_words(summary),
    }


def summary_words(summary: str | None) -> list[str] | None:
    """The summary's distinct content words, for counting what two summaries share."""
    if not summary:
        return None
    words = {word for word in re.findall(r"\w+", summary.lower()) if word not in STOPWORDS}
    return sorted(word for word in words if not word.isdigit()) or None


def fixed(m: float) -> dict[str, Any]:
    """An m probability set from how reports of one event differ, not estimated: in a city under
    bombardment most pairs of reports from the same days are of different strikes, and EM learns
    "same place, same days" instead of "same event"."""
    return {"m_probability": m, "fix_m_probability": True}


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
                    cll.CustomLevel(f"{GAP} = 0", "windows overlap").configure(**fixed(0.6)),
                    cll.CustomLevel(f"{GAP} <= 1", "a day apart").configure(**fixed(0.37)),
                    cll.CustomLevel(f"{GAP} <= 7", "within a week").configure(**fixed(0.02)),
                    cll.ElseLevel().configure(**fixed(0.01)),
                ],
            ),
            cl.CustomComparison(
                output_column_name="distance",
                comparison_levels=[
                    cll.CustomLevel("x_l IS NULL OR x_r IS NULL", "not located").configure(
                        is_null_level=True
                    ),
                    cll.CustomLevel(within(0.5), "within half the radii").configure(**fixed(0.7)),
                    cll.CustomLevel(within(1.0), "within the radii").configure(**fixed(0.25)),
                    cll.CustomLevel(within(3.0), "within three times the radii").configure(
                        **fixed(0.04)
                    ),
                    cll.ElseLevel().configure(**fixed(0.01)),
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
                    cll.ExactMatchLevel("place_id").configure(**fixed(0.65)),
                    cll.JaroWinklerLevel("place_key", 0.9).configure(**fixed(0.1)),
                    cll.ElseLevel().configure(**fixed(0.25)),
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
                    ).configure(**fixed(0.15)),
                    cll.CustomLevel(
                        "killed_min_l <= killed_max_r AND killed_min_r <= killed_max_l",
                        "ranges overlap",
                    ).configure(**fixed(0.75)),
                    cll.ElseLevel().configure(**fixed(0.1)),
                ],
            ),
            cl.ExactMatch("perpetrator").configure(m_probabilities=[0.95, 0.05]),
            cl.ArrayIntersectAtSizes("summary_words", [4, 2]).configure(
                m_probabilities=[0.3, 0.5, 0.2]
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
    than "same event": most pairs in a town over five years are different strikes."""
    return TrainingPlan(
        em_blocking_rules=[],
        deterministic_rules=["l.place_id = r.place_id and l.day_start = r.day_start"],
        recall=0.7,
    )


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
