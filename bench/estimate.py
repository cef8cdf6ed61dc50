"""Benchmark: multiple systems estimation on five lists.

Usage: .venv/bin/python bench/estimate.py [--population 20000] [--iterations 10000]

A seeded population with two latent classes (easy and hard to record) meets five lists; the
overlap table of those recorded is estimated (1) by civcas's full log-linear search: all 1,024
models with main effects and any two-way interactions plus the heterogeneity models, profile
intervals for the ten best (target ≤ 10 s), (2) by the same 1,024 hierarchical models fitted one
at a time through statsmodels' formula interface, the obvious way to write it, measured in the
same run as the baseline, and (3) by a 10,000-iteration LCMCR chain (target ≤ 60 s).
"""

from __future__ import annotations

import argparse
import itertools
import time

import numpy as np
import pandas as pd
import statsmodels.api as sm
import statsmodels.formula.api as smf

from civcas.estimation.lcmcr import lcmcr
from civcas.estimation.loglinear import all_models, overlap_table

LISTS = ["A", "B", "C", "D", "E"]


def population(size: int, seed: int) -> dict[tuple[int, ...], int]:
    """Capture patterns of the recorded: 70 % easy to record (p 0.35), 30 % hard (p 0.1)."""
    rng = np.random.default_rng(seed)
    hard = rng.random(size) < 0.3
    chance = np.where(hard, 0.1, 0.35)[:, None]
    caught = rng.random((size, len(LISTS))) < chance
    patterns = pd.Series(map(tuple, caught.astype(int))).value_counts()
    return {pattern: int(count) for pattern, count in patterns.items() if any(pattern)}


def baseline(counts: dict[tuple[int, ...], int]) -> int:
    """Every hierarchical model through smf.glm, one formula at a time; models fitted."""
    rows = [
        dict(zip(LISTS, pattern, strict=True)) | {"n": counts.get(pattern, 0)}
        for pattern in itertools.product((0, 1), repeat=len(LISTS))
        if any(pattern)
    ]
    frame = pd.DataFrame(rows)
    pairs = list(itertools.combinations(LISTS, 2))
    fitted = 0
    for size in range(len(pairs) + 1):
        for chosen in itertools.combinations(pairs, size):
            terms = LISTS + [f"{a}:{b}" for a, b in chosen]
            smf.glm("n ~ " + " + ".join(terms), frame, family=sm.families.Poisson()).fit()
            fitted += 1
    return fitted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--population", type=int, default=20_000)
    parser.add_argument("--iterations", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    counts = population(args.population, args.seed)
    table = overlap_table(LISTS, counts)
    print(f"population {args.population:,}, documented {table.observed:,} on 5 lists")

    started = time.perf_counter()
    fits = all_models(table)
    search = time.perf_counter() - started
    best = fits[0]
    print(
        f"civcas model search: {len(fits):,} models in {search:.1f} s; best by AIC {best.name}:"
        f" {best.n_hat:,.0f} ({best.ci_low:,.0f}–{best.ci_high:,.0f})"
    )
    started = time.perf_counter()
    fitted = baseline(counts)
    slow = time.perf_counter() - started
    print(f"baseline smf.glm one by one: {fitted:,} models in {slow:.1f} s (no intervals)")
    print(f"ratio baseline / civcas: {slow / search:.1f}x")

    started = time.perf_counter()
    posterior = lcmcr(counts, iterations=args.iterations, seed=args.seed)
    chain = time.perf_counter() - started
    print(
        f"LCMCR {args.iterations:,} iterations: {chain:.1f} s; median {posterior.n_hat:,.0f}"
        f" ({posterior.ci_low:,.0f}–{posterior.ci_high:,.0f}); truth {args.population:,}"
    )


if __name__ == "__main__":
    main()
