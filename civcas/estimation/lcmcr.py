"""Bayesian non-parametric latent-class capture–recapture (LCMCR).

This is a NumPy implementation of the model of Manrique-Vallier (2016), "Bayesian population
size estimation using Dirichlet process mixtures", *Biometrics* 72(4), as implemented in the R
package ``LCMCR`` (function ``lcmCR``).

Model
-----
Each of the ``N`` victims (recorded or not) has a capture pattern ``x = (x_1, ..., x_J)`` over
``J`` lists.  Victims belong to one of ``K`` latent classes; within class ``k`` the lists
record independently, list ``j`` with probability ``lambda[j, k]``::

    z_i ~ Categorical(nu)                          latent class of victim i
    x_ij | z_i = k ~ Bernoulli(lambda[j, k])        independent within a class
    nu ~ truncated stick-breaking(alpha, K)         V_k ~ Beta(1, alpha), V_K = 1
    lambda[j, k] ~ Beta(1, 1)
    alpha ~ Gamma(a_alpha = 0.25, b_alpha = 0.25)   shape / rate
    p(N) ∝ 1 / N                                    improper, scale-invariant

Mixing over classes lets capture probabilities vary between victims (heterogeneity) and induces
dependence between lists, which the independence estimator ignores.  ``K`` is only an upper
bound (the truncation of the Dirichlet process): unused classes get negligible weight.

Sampler
-------
Data augmentation Gibbs sampler over the observed pattern counts plus the unobserved count
``n0 = N - n``.  Because every victim with the same pattern has the same full conditional,
the sampler works with counts per (pattern, class) rather than per individual:

1. class counts of the observed: for each pattern ``m`` with ``f_m`` victims, draw
   ``Multinomial(f_m, p(z = k | x_m))`` (vectorised over patterns);
2. ``lambda[j, k] ~ Beta(1 + #ones, 1 + #zeros)`` counting observed and unobserved victims;
3. stick-breaking weights ``V_k ~ Beta(1 + n_k, alpha + sum_{l > k} n_l)``, done in log space
   with log-gamma draws so tiny weights do not underflow;
4. ``p0 = sum_k nu_k prod_j (1 - lambda[j, k])``, the probability of being on no list;
5. ``n0 ~ NegativeBinomial(n, 1 - p0)`` (failures before ``n`` successes); this is the full
   conditional of ``N - n`` under ``p(N) ∝ 1/N``;
6. classes of the unobserved: ``Multinomial(n0, nu_k prod_j (1 - lambda[j, k]) / p0)``;
7. ``alpha ~ Gamma(a_alpha + K - 1, rate = b_alpha - log nu_K)``.

The order follows ``CNPLCM_CR_Basic_Freq::Update`` in LCMCR.  The chain runs ``burn_in``
iterations, then ``iterations`` more, keeping every ``thin``-th draw of ``N = n + n0``.

Interval
--------
``ci_low``/``ci_high`` are the 2.5 % and 97.5 % quantiles of the retained draws: a 95 %
equal-tailed *credible* interval — given the model and priors, the posterior puts 95 %
probability on N lying inside.  It says nothing about violations of the model (e.g. lists
whose heterogeneity is not captured by the latent classes, or victims no list could ever
record); it also carries Monte-Carlo error from the finite chain.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

A_ALPHA = 0.25
B_ALPHA = 0.25

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class LCMCRResult:
    """Posterior summary of the population size N (equality ignores the raw draws)."""

    n_hat: float  # posterior median of N
    ci_low: float  # 2.5 % posterior quantile
    ci_high: float  # 97.5 % posterior quantile
    samples: np.ndarray = field(compare=False)  # draws of N after burn-in and thinning
    observed: int


@dataclass
class _State:
    lam: FloatArray  # (J, K) capture probabilities per list and class
    log_nu: FloatArray  # (K,) log class weights
    alpha: float
    n0: int
    count0: IntArray  # (K,) classes of the unobserved


def lcmcr(
    patterns: Mapping[tuple[int, ...], int],
    *,
    classes: int = 10,
    iterations: int = 10_000,
    burn_in: int = 10_000,
    thin: int = 10,
    seed: int = 0,
) -> LCMCRResult:
    """Estimate the population size from capture-pattern counts with LCMCR.

    ``patterns`` maps a 0/1 tuple (one entry per list) to the number of victims with exactly
    that pattern.  ``classes`` is the truncation level K*.  The sampler runs ``burn_in`` then
    ``iterations`` Gibbs sweeps and keeps every ``thin``-th draw; ``seed`` makes it
    reproducible. The burn-in is LCMCR's default (``lcmCR_PostSampl``): on the Kosovo lists a
    chain discarding only 1,000 sweeps still carried its start in the lower tail.
    """
    cells, freq = _validate(patterns)
    _check_settings(classes, iterations, burn_in, thin)
    rng = np.random.default_rng(seed)
    draws = _run_chain(cells, freq, classes, iterations, burn_in, thin, rng)
    low, median, high = np.quantile(draws, [0.025, 0.5, 0.975])
    return LCMCRResult(
        n_hat=float(median),
        ci_low=float(low),
        ci_high=float(high),
        samples=draws,
        observed=int(freq.sum()),
    )


def _validate(patterns: Mapping[tuple[int, ...], int]) -> tuple[IntArray, IntArray]:
    if not patterns:
        raise ValueError("no capture patterns given")
    widths = {len(p) for p in patterns}
    if len(widths) != 1:
        raise ValueError(f"capture patterns have different lengths: {sorted(widths)}")
    width = widths.pop()
    if width < 2:
        raise ValueError(f"need at least 2 lists, got {width}")
    for pattern, count in patterns.items():
        if any(x not in (0, 1) for x in pattern):
            raise ValueError(f"pattern {pattern!r} must contain only 0 and 1")
        if not any(pattern):
            raise ValueError(f"pattern {pattern!r} is all zeros: unobserved victims are estimated")
        if int(count) != count or count < 0:
            raise ValueError(f"count for pattern {pattern!r} must be a whole number >= 0")
    if width == 2:
        warnings.warn(
            "LCMCR with only 2 lists is weakly identified; use 3 or more lists",
            UserWarning,
            stacklevel=3,
        )
    kept = [(p, int(c)) for p, c in patterns.items() if c > 0]
    if not kept:
        raise ValueError("all pattern counts are zero: nobody was observed")
    cells = np.array([p for p, _ in kept], dtype=np.int64)
    freq = np.array([c for _, c in kept], dtype=np.int64)
    return cells, freq


def _check_settings(classes: int, iterations: int, burn_in: int, thin: int) -> None:
    if classes < 1:
        raise ValueError(f"classes must be >= 1, got {classes}")
    if thin < 1:
        raise ValueError(f"thin must be >= 1, got {thin}")
    if iterations < thin:
        raise ValueError(f"iterations ({iterations}) must be >= thin ({thin})")
    if burn_in < 0:
        raise ValueError(f"burn_in must be >= 0, got {burn_in}")


def _run_chain(
    cells: IntArray,
    freq: IntArray,
    classes: int,
    iterations: int,
    burn_in: int,
    thin: int,
    rng: np.random.Generator,
) -> np.ndarray:
    state = _initial_state(cells, freq, classes)
    n = int(freq.sum())
    draws = np.empty(iterations // thin, dtype=np.int64)
    for it in range(burn_in + iterations):
        _sweep(state, cells, freq, rng)
        kept = it - burn_in + 1
        if kept > 0 and kept % thin == 0:
            draws[kept // thin - 1] = n + state.n0
    return draws


def _initial_state(cells: IntArray, freq: IntArray, classes: int) -> _State:
    """Start as LCMCR does: marginal capture rates in every class, four dominant classes."""
    marginal = (cells * freq[:, None]).sum(axis=0) / freq.sum()
    lam = np.clip(np.repeat(marginal[:, None], classes, axis=1), 0.01, 0.99)
    nu = np.full(classes, 0.1 / max(classes - 4, 1))
    nu[: min(4, classes)] = 0.9 / min(4, classes)
    nu /= nu.sum()
    return _State(lam, np.log(nu), 1.0, 0, np.zeros(classes, dtype=np.int64))


def _sweep(state: _State, cells: IntArray, freq: IntArray, rng: np.random.Generator) -> None:
    counts = _sample_observed_classes(state, cells, freq, rng)
    state.lam = _sample_lambda(cells, counts, state.count0, rng)
    class_totals = counts.sum(axis=0) + state.count0
    state.log_nu = _sample_log_nu(class_totals, state.alpha, rng)
    miss = np.exp(state.log_nu + np.log1p(-state.lam).sum(axis=0))  # (K,)
    p0 = float(min(miss.sum(), 1.0 - 1e-12))
    state.n0 = int(rng.negative_binomial(int(freq.sum()), 1.0 - p0))
    state.count0 = rng.multinomial(state.n0, miss / miss.sum()).astype(np.int64)
    state.alpha = _sample_alpha(state.log_nu[-1], len(class_totals), rng)


def _sample_observed_classes(
    state: _State, cells: IntArray, freq: IntArray, rng: np.random.Generator
) -> IntArray:
    """Counts per (pattern, class) of observed victims: one multinomial per pattern."""
    log_p = cells @ np.log(state.lam) + (1 - cells) @ np.log1p(-state.lam) + state.log_nu
    log_p -= log_p.max(axis=1, keepdims=True)
    probs = np.exp(log_p)
    probs /= probs.sum(axis=1, keepdims=True)
    return rng.multinomial(freq, probs).astype(np.int64)


def _sample_lambda(
    cells: IntArray, counts: IntArray, count0: IntArray, rng: np.random.Generator
) -> FloatArray:
    ones = cells.T @ counts  # (J, K)
    zeros = (counts.sum(axis=0) + count0)[None, :] - ones
    lam = rng.beta(1.0 + ones, 1.0 + zeros)
    return np.clip(lam, 1e-12, 1.0 - 1e-12)


def _sample_log_nu(class_totals: IntArray, alpha: float, rng: np.random.Generator) -> FloatArray:
    """Truncated stick-breaking weights, in log space via log-gamma draws."""
    k = len(class_totals)
    later = class_totals[::-1].cumsum()[::-1] - class_totals  # sum over l > k
    totals = class_totals.astype(np.float64)
    log_a = _log_gamma(1.0 + totals[:-1], rng)
    log_b = _log_gamma(alpha + later[:-1].astype(np.float64), rng)
    log_sum = np.logaddexp(log_a, log_b)
    log_v, log_1mv = log_a - log_sum, log_b - log_sum
    log_nu = np.empty(k)
    prefix = np.concatenate(([0.0], np.cumsum(log_1mv)))
    log_nu[:-1] = log_v + prefix[:-1]
    log_nu[-1] = prefix[-1]
    return log_nu


def _log_gamma(shape: FloatArray, rng: np.random.Generator) -> FloatArray:
    """log of Gamma(shape, 1) draws, exact for small shapes (G(a) = G(a+1) U^(1/a))."""
    small = shape < 1.0
    boosted = np.where(small, shape + 1.0, shape)
    out = np.log(rng.gamma(boosted))
    u = rng.random(shape.shape)
    return np.where(small, out + np.log(u) / np.where(small, shape, 1.0), out)


def _sample_alpha(log_nu_last: float, classes: int, rng: np.random.Generator) -> float:
    rate = B_ALPHA - log_nu_last
    return float(rng.gamma(A_ALPHA + classes - 1.0, 1.0 / rate))
