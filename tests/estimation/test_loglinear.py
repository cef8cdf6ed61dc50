"""Log-linear multiple systems estimation: published results reproduced, known truths recovered.

Published numbers are from Rcapture's saved example output (cran/Rcapture,
tests/Examples/Rcapture-Ex.Rout.save); see docs/estimation.md for sources.
"""

from __future__ import annotations

import itertools
import math
import time
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from civcas.estimation.loglinear import (
    EstimationWarning,
    ModelConvergenceWarning,
    ModelFit,
    OverlapTable,
    SparseDataWarning,
    UnstableEstimateWarning,
    fit_heterogeneity,
    fit_loglinear,
    heterogeneity_models,
    hierarchical_models,
    overlap_table,
    rank_models,
    two_list_estimates,
)

# Seber (1982) p. 107, as in Rcapture's closedp and closedp.bc examples.
SEBER = {(1, 1): 167, (1, 0): 781, (0, 1): 254}

# HIV in Rome, four reporting centres (Abeni, Brancato & Perucci 1994), Rcapture's `HIV`.
# Counts in expand.grid order (first list fastest) of the published 4-stream analysis script;
# there the first grid column is Rcapture's c4, so the key below is reversed.
_ABENI = [0, 3, 1, 33, 0, 20, 6, 403, 3, 35, 10, 545, 11, 621, 205]
_GRID = [(a, b, c, d) for d in (1, 0) for c in (1, 0) for b in (1, 0) for a in (1, 0)][:15]
HIV = {(d, c, b, a): n for (a, b, c, d), n in zip(_GRID, _ABENI, strict=True)}
C = ("c1", "c2", "c3", "c4")


def table_from_captures(captures: np.ndarray, names: list[str]) -> OverlapTable:
    seen = captures[captures.any(axis=1)]
    counts: dict[tuple[int, ...], int] = {}
    for row in seen:
        key = tuple(int(v) for v in row)
        counts[key] = counts.get(key, 0) + 1
    return overlap_table(names, counts)


def quiet_models(table: OverlapTable, **kwargs: object) -> list[ModelFit]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EstimationWarning)
        return heterogeneity_models(table, **kwargs)  # type: ignore[arg-type]


# --- validation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lists", "counts", "message"),
    [
        (["A"], {(1,): 3}, "need 2 to 5 lists"),
        (list("ABCDEF"), {(1, 0, 0, 0, 0, 0): 3}, "need 2 to 5 lists"),
        (["A", "A"], {(1, 0): 3}, "distinct"),
        (["A", "B"], {(1, 0, 1): 3}, "row (1, 0, 1)"),
        (["A", "B"], {(1, 2): 3}, "0 or 1"),
        (["A", "B"], {(0, 0): 3}, "all-zero"),
        (["A", "B"], {(1, 1): -1}, "row (1, 1): -1"),
        (["A", "B"], {(1, 1): 2.5}, "integers"),
        (["A", "B"], {(1, 1): True}, "integers"),
        (["A", "B"], {(1, 1): 0}, "no victim"),
    ],
)
def test_bad_tables_are_refused_naming_the_row(
    lists: list[str], counts: dict[tuple[int, ...], object], message: str
) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        overlap_table(lists, counts)  # type: ignore[arg-type]


def test_missing_patterns_count_zero_in_rcapture_order() -> None:
    table = overlap_table(["A", "B", "C"], {(1, 0, 0): 4})
    assert table.patterns.tolist()[0] == [1, 1, 1]
    assert table.patterns.tolist()[-1] == [0, 0, 1]
    assert table.counts.tolist() == [0, 0, 0, 4, 0, 0, 0]
    assert table.observed == 4


# --- published results ----------------------------------------------------------------------


def test_seber_two_lists_lincoln_petersen_and_chapman() -> None:
    estimate = two_list_estimates(overlap_table(["A", "B"], SEBER))
    assert (estimate.n1, estimate.n2, estimate.m) == (948, 421, 167)
    assert round(estimate.lincoln_petersen, 1) == 2389.9
    # Rcapture closedp.bc(X, m = "Mt") prints the Chapman estimate: 2382.8, stderr 129.1
    assert round(estimate.chapman, 1) == 2382.8
    assert round(estimate.chapman_se, 1) == 129.1
    assert estimate.ci_low < estimate.chapman < estimate.ci_high


def test_seber_closedp_m0_and_mt() -> None:
    fits = {f.name: f for f in heterogeneity_models(overlap_table(["A", "B"], SEBER))}
    assert list(fits) == ["M0", "Mt"]
    printed = {"M0": (2805.6, 164.1, 281.334, 1, 308.166), "Mt": (2389.9, 130.4, 0.0, 0, 28.831)}
    for name, (abundance, stderr, deviance, df, aic) in printed.items():
        fit = fits[name]
        assert round(fit.n_hat, 1) == abundance
        assert round(fit.stderr, 1) == stderr
        assert round(fit.deviance, 3) == deviance
        assert fit.df == df
        assert round(fit.aic, 3) == aic


def test_hiv_data_match_rcapture_descriptive_statistics() -> None:
    table = overlap_table(C, HIV)
    assert table.observed == 1896
    assert (table.patterns * table.counts[:, None]).sum(axis=0).tolist() == [466, 630, 693, 236]
    by_captures = [int(table.counts[table.captures == i].sum()) for i in (1, 2, 3, 4)]
    assert by_captures == [1774, 115, 7, 0]


@pytest.mark.parametrize(
    ("interactions", "printed"),
    [
        # closedpCI.t(HIV, dfreq=TRUE, mX= ~ . + c1:c2): abundance stderr deviance df AIC,
        # then multinomial abundance, InfCL, SupCL
        (["c1:c2"], (12318.5, 1188.7, 7.614, 9, 86.65, 12308.0, 10266.0, 14992.3)),
        # closedpCI.t(HIV, dfreq=TRUE, mX= ~ (c1+c2+c3+c4)^2)
        (
            ["c1:c2", "c1:c3", "c1:c4", "c2:c3", "c2:c4", "c3:c4"],
            (23443.5, 9594.9, 3.037, 4, 92.073, 23269.8, 10027.6, 50046.3),
        ),
    ],
)
def test_hiv_interaction_models_and_profile_intervals(
    interactions: list[str], printed: tuple[float, ...]
) -> None:
    table = overlap_table(C, HIV)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnstableEstimateWarning)  # 23443 > 10 × 1896
        fit = fit_loglinear(table, interactions)
    abundance, stderr, deviance, df, aic, n_mult, low, high = printed
    assert round(fit.n_hat, 1) == abundance
    assert round(fit.stderr, 1) == stderr
    assert round(fit.deviance, 3) == deviance
    assert fit.df == df
    assert round(fit.aic, 3) == pytest.approx(aic)
    assert round(fit.n_hat_multinomial, 1) == n_mult
    assert round(fit.ci_low, 1) == low
    assert round(fit.ci_high, 1) == high


def test_hiv_full_search_finds_the_published_model_among_the_best() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EstimationWarning)
        fits = hierarchical_models(overlap_table(C, HIV), intervals=3)
    assert len(fits) == 64
    published = next(f for f in fits if f.terms == (*C, "c1:c2"))
    assert fits.index(published) < 5  # Rcapture's example settles on c1:c2 by stepwise tests
    assert all(math.isnan(f.ci_low) for f in fits[3:])
    assert all(f.aic <= g.aic for f, g in itertools.pairwise(fits) if g.converged)


# --- model families -------------------------------------------------------------------------


def test_model_counts_and_term_names() -> None:
    rng = np.random.default_rng(7)
    caps = (rng.random((3000, 5)) < 0.3).astype(int)
    table = table_from_captures(caps, list("ABCDE"))
    start = time.perf_counter()
    fits = hierarchical_models(table)
    elapsed = time.perf_counter() - start
    assert len(fits) == 1024
    assert elapsed < 60  # about 3 s on a quiet machine; loose for loaded CI
    assert sum(1 for f in fits if not math.isnan(f.ci_low)) == 10
    het = heterogeneity_models(table, intervals=0)
    assert [f.name for f in het] == [
        "M0",
        "Mt",
        "Mh Chao (LB)",
        "Mh Poisson2",
        "Mh Darroch",
        "Mh Gamma3.5",
        "Mth Chao (LB)",
        "Mth Poisson2",
        "Mth Darroch",
        "Mth Gamma3.5",
    ]
    assert het[0].terms == ("captures",)
    assert het[5].terms == ("captures", "h:gamma3.5")
    assert het[7].terms == ("A", "B", "C", "D", "E", "h:poisson2")
    assert (het[0].parameters, het[1].parameters, het[3].parameters) == (2, 6, 3)
    assert het[0].df == 31 - 2


def test_rank_by_bic_and_refuse_other_criteria() -> None:
    fits = quiet_models(overlap_table(C, HIV), intervals=0)
    by_bic = rank_models(fits, by="bic")
    assert [f.bic for f in by_bic] == sorted(f.bic for f in by_bic)
    with pytest.raises(ValueError, match="aic"):
        rank_models(fits, by="deviance")


def test_unknown_models_are_refused() -> None:
    table = overlap_table(C, HIV)
    with pytest.raises(ValueError, match="c1:c9"):
        fit_loglinear(table, ["c1:c9"])
    with pytest.raises(ValueError, match="Mb"):
        fit_heterogeneity(table, "Mb")


# --- known populations ----------------------------------------------------------------------


def test_independent_lists_interval_covers_the_truth_about_95_percent() -> None:
    covered = 0
    for seed in range(40):
        rng = np.random.default_rng(1000 + seed)
        caps = (rng.random((500, 3)) < np.array([0.3, 0.25, 0.35])).astype(int)
        fit = fit_loglinear(table_from_captures(caps, ["A", "B", "C"]))
        covered += fit.ci_low <= 500 <= fit.ci_high
    assert 34 <= covered <= 40  # 95 % of 40 is 38


def test_heterogeneous_catchability_mh_beats_mt() -> None:
    truth = 2000
    for seed in range(3):
        rng = np.random.default_rng(seed)
        p = rng.beta(0.6, 3, size=truth)  # each victim's catchability, shared by the lists
        caps = (rng.random((truth, 5)) < p[:, None]).astype(int)
        fits = {f.name: f for f in quiet_models(table_from_captures(caps, list("ABCDE")))}
        mt, darroch, gamma = fits["Mt"], fits["Mh Darroch"], fits["Mh Gamma3.5"]
        assert mt.ci_high < truth  # ignoring heterogeneity misses most of the unseen
        assert abs(darroch.n_hat - truth) < abs(mt.n_hat - truth)
        assert abs(gamma.n_hat - truth) < abs(mt.n_hat - truth) / 2
        assert fits["Mh Chao (LB)"].n_hat > mt.n_hat
        assert gamma.ci_high > mt.ci_high


# --- warnings -------------------------------------------------------------------------------


def test_sparse_table_warns() -> None:
    table = overlap_table(list("ABCD"), {(1, 0, 0, 0): 5, (0, 1, 0, 0): 4, (1, 1, 0, 0): 1})
    with pytest.warns(SparseDataWarning, match="sparse"), warnings.catch_warnings():
        warnings.simplefilter("ignore", ModelConvergenceWarning)  # lists C and D are empty
        fit_loglinear(table, interval=False)


def test_empty_margin_does_not_converge() -> None:
    # A and B never share a victim: the A:B interaction runs off to minus infinity.
    table = overlap_table(
        ["A", "B", "C"],
        {(1, 0, 0): 30, (0, 1, 0): 25, (0, 0, 1): 20, (1, 0, 1): 8, (0, 1, 1): 6},
    )
    with pytest.warns(ModelConvergenceWarning, match="A:B"), warnings.catch_warnings():
        warnings.simplefilter("ignore", SparseDataWarning)
        fit = fit_loglinear(table, ["A:B"])
    assert not fit.converged
    assert not fit.stable


def test_tiny_overlap_is_unstable() -> None:
    table = overlap_table(
        ["A", "B", "C"], {(1, 0, 0): 80, (0, 1, 0): 70, (0, 0, 1): 60, (1, 1, 0): 1}
    )
    with pytest.warns(UnstableEstimateWarning):
        fit = fit_loglinear(table)
    assert fit.n_hat > 10 * table.observed


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(0, 12), min_size=7, max_size=7).filter(any))
def test_any_small_table_gives_an_estimate_or_a_warning(cells: list[int]) -> None:
    patterns = [(1, 1, 1), (1, 1, 0), (1, 0, 1), (1, 0, 0), (0, 1, 1), (0, 1, 0), (0, 0, 1)]
    table = overlap_table(["A", "B", "C"], dict(zip(patterns, cells, strict=True)))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fits = heterogeneity_models(table) + hierarchical_models(table, intervals=2)
    assert all(issubclass(w.category, EstimationWarning) for w in caught), caught
    for fit in fits:
        if not (math.isfinite(fit.n_hat) and fit.n_hat >= table.observed):
            assert caught, fit
