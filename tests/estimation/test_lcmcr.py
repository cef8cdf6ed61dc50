"""Tests for the Bayesian latent-class capture–recapture estimator (civcas.estimation.lcmcr)."""

from __future__ import annotations

from collections import Counter
from math import lgamma, log

import numpy as np
import pytest

from civcas.estimation.lcmcr import LCMCRResult, lcmcr


def _simulate(
    n: int, weights: list[float], capture: list[list[float]], seed: int
) -> dict[tuple[int, ...], int]:
    """Observed capture-pattern counts of a population with latent capture classes."""
    rng = np.random.default_rng(seed)
    probs = np.asarray(capture)
    classes = rng.choice(len(weights), size=n, p=weights)
    x = (rng.random((n, probs.shape[1])) < probs[classes]).astype(int)
    seen = x[x.any(axis=1)]
    return dict(Counter(tuple(int(v) for v in row) for row in seen))


def _independence_estimate(patterns: dict[tuple[int, ...], int]) -> float:
    """MLE of N when lists are independent and homogeneous: n = N (1 - prod(1 - n_j / N))."""
    n = sum(patterns.values())
    width = len(next(iter(patterns)))
    n_j = [sum(c for p, c in patterns.items() if p[j]) for j in range(width)]
    est = float(n)
    for _ in range(10_000):
        est_new = n / (1.0 - float(np.prod([1.0 - m / est for m in n_j])))
        if abs(est_new - est) < 1e-9:
            break
        est = est_new
    return est


def _exact_one_class_posterior(patterns: dict[tuple[int, ...], int]) -> tuple[np.ndarray, ...]:
    """Exact posterior of N for one latent class (independent lists, Beta(1,1), p(N) ∝ 1/N).

    p(N | x) ∝ (1/N) N! / (N - n)! prod_j B(1 + n_j, 1 + N - n_j).
    """
    n = sum(patterns.values())
    width = len(next(iter(patterns)))
    n_j = [sum(c for p, c in patterns.items() if p[j]) for j in range(width)]
    grid = np.arange(n, 40 * n)
    logp = np.array(
        [
            -log(big)
            + lgamma(big + 1)
            - lgamma(big - n + 1)
            + sum(lgamma(1 + m) + lgamma(1 + big - m) - lgamma(2 + big) for m in n_j)
            for big in grid
        ]
    )
    post = np.exp(logp - logp.max())
    cdf = np.cumsum(post) / post.sum()
    return grid, cdf


def _quantile(grid: np.ndarray, cdf: np.ndarray, q: float) -> float:
    return float(grid[np.searchsorted(cdf, q)])


# Three latent classes of very different catchability over five lists (~6 % never recorded).
HETEROGENEOUS = {
    "weights": [0.3, 0.4, 0.3],
    "capture": [
        [0.80, 0.75, 0.80, 0.70, 0.80],
        [0.50, 0.55, 0.45, 0.50, 0.55],
        [0.30, 0.35, 0.30, 0.25, 0.30],
    ],
}


@pytest.mark.parametrize("data_seed", [1, 5, 6])
def test_recovers_known_population_with_latent_classes(data_seed: int) -> None:
    truth = 4000
    patterns = _simulate(truth, seed=data_seed, **HETEROGENEOUS)  # type: ignore[arg-type]
    observed = sum(patterns.values())
    res = lcmcr(patterns, iterations=3000, burn_in=1000, thin=3, seed=1)
    assert res.observed == observed
    assert res.ci_low <= truth <= res.ci_high
    assert abs(res.n_hat - truth) / truth < 0.10
    # heterogeneity makes the independence estimate too low; LCMCR should be closer to truth
    assert abs(res.n_hat - truth) < abs(_independence_estimate(patterns) - truth)


def test_agrees_with_independence_estimate_on_independent_lists() -> None:
    capture = [[0.35, 0.30, 0.40, 0.30]]
    patterns = _simulate(3000, [1.0], capture, seed=5)
    res = lcmcr(patterns, iterations=3000, burn_in=500, thin=3, seed=2)
    indep = _independence_estimate(patterns)
    assert abs(res.n_hat - indep) / indep < 0.05
    assert res.ci_low <= indep <= res.ci_high


def test_one_class_matches_exact_posterior() -> None:
    """With K* = 1 the model is the independence model whose posterior of N is exact."""
    patterns = _simulate(1500, [1.0], [[0.3, 0.25, 0.35]], seed=8)
    grid, cdf = _exact_one_class_posterior(patterns)
    res = lcmcr(patterns, classes=1, iterations=20_000, burn_in=500, thin=5, seed=3)
    # Monte-Carlo error of 4000 draws: ~1 % on the median, a few % on the 2.5/97.5 % tails
    assert res.n_hat == pytest.approx(_quantile(grid, cdf, 0.5), rel=0.01)
    assert res.ci_low == pytest.approx(_quantile(grid, cdf, 0.025), rel=0.02)
    assert res.ci_high == pytest.approx(_quantile(grid, cdf, 0.975), rel=0.03)


def test_same_seed_same_samples_different_seed_different() -> None:
    patterns = _simulate(800, **HETEROGENEOUS, seed=3)  # type: ignore[arg-type]
    a = lcmcr(patterns, iterations=300, burn_in=50, thin=3, seed=42)
    b = lcmcr(patterns, iterations=300, burn_in=50, thin=3, seed=42)
    c = lcmcr(patterns, iterations=300, burn_in=50, thin=3, seed=43)
    np.testing.assert_array_equal(a.samples, b.samples)
    assert a == b
    assert not np.array_equal(a.samples, c.samples)


def test_result_shape_and_summary() -> None:
    patterns = _simulate(800, **HETEROGENEOUS, seed=4)  # type: ignore[arg-type]
    res = lcmcr(patterns, iterations=500, burn_in=100, thin=5, seed=0)
    assert isinstance(res, LCMCRResult)
    assert res.samples.shape == (100,)
    assert np.all(res.samples >= res.observed)
    assert res.ci_low <= res.n_hat <= res.ci_high
    assert res.n_hat == float(np.median(res.samples))


def test_zero_count_patterns_are_ignored() -> None:
    patterns = _simulate(600, **HETEROGENEOUS, seed=6)  # type: ignore[arg-type]
    padded = {**patterns, (1, 1, 1, 1, 1): patterns.get((1, 1, 1, 1, 1), 0)}
    a = lcmcr(patterns, iterations=200, burn_in=20, thin=2, seed=9)
    b = lcmcr(padded, iterations=200, burn_in=20, thin=2, seed=9)
    np.testing.assert_array_equal(a.samples, b.samples)


@pytest.mark.parametrize(
    ("patterns", "message"),
    [
        ({}, "no capture patterns"),
        ({(1, 0, 0): 3, (1, 0): 2}, "different lengths"),
        ({(1,): 3}, "at least 2 lists"),
        ({(1, 2, 0): 3}, r"\(1, 2, 0\)"),
        ({(0, 0, 0): 3, (1, 0, 0): 2}, r"\(0, 0, 0\).*all zeros"),
        ({(1, 0, 0): -1}, r"\(1, 0, 0\).*>= 0"),
        ({(1, 0, 0): 1.5}, r"\(1, 0, 0\).*whole number"),
        ({(1, 0, 0): 0}, "nobody was observed"),
    ],
)
def test_rejects_bad_input(patterns: dict[tuple[int, ...], int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        lcmcr(patterns, iterations=10, burn_in=0, thin=1)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"classes": 0}, "classes"),
        ({"thin": 0}, "thin"),
        ({"iterations": 5, "thin": 10}, "iterations"),
        ({"burn_in": -1}, "burn_in"),
    ],
)
def test_rejects_bad_settings(kwargs: dict[str, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        lcmcr({(1, 0, 0): 3, (0, 1, 1): 2}, **kwargs)


def test_warns_for_two_lists() -> None:
    with pytest.warns(UserWarning, match="2 lists"):
        res = lcmcr({(1, 0): 60, (0, 1): 50, (1, 1): 30}, iterations=200, burn_in=50, thin=2)
    assert res.observed == 140
