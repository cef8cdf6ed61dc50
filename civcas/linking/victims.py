"""Names of the same person on several lists: the columns Splink compares, and how.

Names go through `names.name_columns` (Latin and Arabic script, transliteration variants,
articles, compounds, nasab chains); beside them the person's sex and age and the report's dates
and place stand for the date and place of death. Two people named in the same report are very
rarely one person listed twice, so that is a comparison of its own. Unlike reports, a list is
compared with itself: lists of the dead do name a person twice, and a single list is linked
for that; but two names of one source are one person only on their own pair, never through a
chain of another list's names (`store.Job.one_per`). Blocking: the same phonetic name, or the
same given name in the same place, or the same family name on nearby days.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pyarrow as pa
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on
from splink.internals.comparison_level_creator import ComparisonLevelCreator
from sqlalchemy import select
from sqlalchemy.orm import Session

from civcas.evidence.columns import EPOCH
from civcas.gazetteer import canonical_place
from civcas.ledger.models import Report, Victim
from civcas.linking.engine import TrainingPlan, typed
from civcas.linking.names import NAME_COLUMNS, name_columns
from civcas.linking.reports import GAP

COLUMNS = {
    "unique_id": pa.int64(),
    **dict.fromkeys(NAME_COLUMNS, pa.string()),
    "name_tokens": pa.list_(pa.string()),
    "sex": pa.string(),
    "age": pa.int64(),
    "report_id": pa.int64(),
    "source_id": pa.int64(),
    "country": pa.string(),
    "place_id": pa.string(),
    "day_start": pa.int64(),
    "day_end": pa.int64(),
    "week": pa.int64(),
}
"""The columns a victim gives Splink, with their types (`engine.typed`): a list with no place
the gazetteer knows, no age or no sex still compares them as text and numbers."""


def records(session: Session) -> pd.DataFrame:
    """One row per named victim in the ledger (restricted data: never leaves the process)."""
    query = (
        select(
            Victim.id,
            Victim.name,
            Victim.sex,
            Victim.age,
            Victim.report_id,
            Report.source_id,
            Report.country,
            Report.place,
            Report.date_start,
            Report.date_end,
        )
        .join(Report, Report.id == Victim.report_id)
        .order_by(Victim.id)
    )
    return typed([features(row) for row in session.execute(query)], COLUMNS)


def features(row: Any) -> dict[str, Any]:
    vid, name, sex, age, report_id, source_id, country, place, start, end = row
    columns = name_columns(name)
    return {
        "unique_id": vid,
        **columns,
        "name_tokens": tokens(columns["name_phonetic"]),
        "sex": None if sex is None or sex.value == "unknown" else sex.value,
        "age": age,
        "report_id": report_id,
        "source_id": source_id,
        "country": country,
        "place_id": canonical_place(place),
        "day_start": (start - EPOCH).days,
        "day_end": (end - EPOCH).days,
        "week": (start - EPOCH).days // 7,
    }


def tokens(skeleton: str | None) -> list[str] | None:
    """The distinct skeletons of a name's parts, in chain order: the set Splink intersects."""
    return list(dict.fromkeys(skeleton.split())) if skeleton else None


def fixed(m: float) -> dict[str, Any]:
    """An m probability set from what lists of the dead are like, not estimated: true matches
    are too rare among a conflict's victims for EM to find them (blocked on the name it learns
    "same name, other person"; blocked on the strike, "same family")."""
    return {"m_probability": m, "fix_m_probability": True}


def _same(*columns: str) -> cll.And:
    return cll.And(*(cll.ExactMatchLevel(column) for column in columns))


NAME_LEVELS: list[ComparisonLevelCreator | dict[str, Any]] = [
    cll.NullLevel("name_key"),
    cll.ExactMatchLevel("name_key").configure(**fixed(0.5)),
    cll.ExactMatchLevel("name_phonetic").configure(**fixed(0.3)),
    cll.Or(
        _same("given_phonetic", "father_phonetic", "family_phonetic"),
        cll.And(
            cll.ArraySubsetLevel("name_tokens"),
            cll.ArrayIntersectLevel("name_tokens", 3),
            _same("given_phonetic", "family_phonetic"),
        ),
    ).configure(**fixed(0.08)),
    cll.Or(
        cll.And(
            _same("given_phonetic", "family_phonetic"),
            cll.DamerauLevenshteinLevel("name_phonetic", 2),
        ),
        cll.And(
            _same("given_phonetic", "father_phonetic"),
            cll.ArrayIntersectLevel("name_tokens", 3),
            cll.DamerauLevenshteinLevel("name_phonetic", 1),
        ),
    ).configure(**fixed(0.08)),
    cll.ElseLevel().configure(**fixed(0.04)),
]
"""Names, most alike first: the same key (the same spelling once normalised), the same
consonant skeleton (the way one name meets itself across scripts: `names.phonetic`), the same
given, father's and family name (a grandfather left out or spelled apart), close skeletons with
the same given and family name (a typo, a letter transliterated another way, a middle name
dropped). Two people with the same given and family name but another father are
cousins, not one person: else."""


def settings() -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        probability_two_random_records_match=0.001,
        comparisons=[
            cl.CustomComparison(
                output_column_name="name",
                comparison_levels=list(NAME_LEVELS),
            ),
            cl.ExactMatch("sex").configure(m_probabilities=[0.97, 0.03]),
            cl.CustomComparison(
                output_column_name="age",
                comparison_levels=[
                    cll.NullLevel("age"),
                    cll.ExactMatchLevel("age").configure(**fixed(0.6)),
                    cll.CustomLevel("abs(age_l - age_r) <= 1", "within a year").configure(
                        **fixed(0.2)
                    ),
                    cll.CustomLevel("abs(age_l - age_r) <= 5", "within five years").configure(
                        **fixed(0.15)
                    ),
                    cll.ElseLevel().configure(**fixed(0.05)),
                ],
            ),
            cl.CustomComparison(
                output_column_name="dates",
                comparison_levels=[
                    cll.NullLevel("day_start"),
                    cll.CustomLevel(f"{GAP} <= 1", "within a day").configure(**fixed(0.85)),
                    cll.CustomLevel(f"{GAP} <= 7", "within a week").configure(**fixed(0.1)),
                    cll.ElseLevel().configure(**fixed(0.05)),
                ],
            ),
            cl.CustomComparison(
                output_column_name="place",
                comparison_levels=[
                    cll.NullLevel("place_id"),
                    cll.ExactMatchLevel("place_id").configure(**fixed(0.8)),
                    cll.ElseLevel().configure(**fixed(0.2)),
                ],
            ),
            cl.CustomComparison(
                output_column_name="same_report",
                comparison_levels=[
                    cll.NullLevel("report_id"),
                    cll.CustomLevel(
                        "report_id_l = report_id_r", "named in the same report"
                    ).configure(**fixed(0.001)),
                    cll.ElseLevel().configure(**fixed(0.999)),
                ],
            ),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("name_phonetic"),
            block_on("given_phonetic", "family_phonetic"),
            block_on("father_phonetic", "family_phonetic"),
            block_on("given_phonetic", "father_phonetic", "age"),
            block_on("given_name", "place_id"),
            block_on("family_name", "week"),
        ],
        retain_intermediate_calculation_columns=False,
    )


def training() -> TrainingPlan:
    """u from a random sample of pairs and λ from the same name key in the same place, or,
    between records with no place the gazetteer knows (lists from anywhere, places unknown),
    the same name skeleton, sex and age; every m is set (`fixed`), none estimated by EM. Where
    neither rule finds a pair (a single record), λ stays at the settings' 0.001 (`engine`)."""
    return TrainingPlan(
        em_blocking_rules=[],
        deterministic_rules=[
            "l.name_key = r.name_key and l.place_id = r.place_id",
            "l.name_phonetic = r.name_phonetic and l.sex = r.sex and l.age = r.age"
            " and l.place_id is null and r.place_id is null",
        ],
        recall=0.7,
        u_max_pairs=1e7,
    )
