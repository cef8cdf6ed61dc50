"""Log-linear multiple systems estimation (capture–recapture over overlapping victim lists).

Method
------
``k`` lists (2–5) each record some of the same ``N`` victims.  Matching the lists gives, for
every capture pattern ``x`` (one 0/1 per list, not all zero), the number of victims seen by
exactly that set of lists.  The all-zero cell (victims on no list) is what we estimate.

Each model is a Poisson GLM (statsmodels, log link) fitted to the ``2^k - 1`` observed cells::

    log E[n_x] = b0 + sum_j b_j x_j + sum_{i<j} l_ij x_i x_j + h(sum_j x_j)

The all-zero cell has every covariate at 0, so its fitted count is ``exp(b0)`` and the
population estimate is ``N_hat = n + exp(b0)`` where ``n`` is the number observed (Fienberg
1972; Cormack 1989).  The standard error is ``sqrt(exp(b0) + exp(2 b0) Var(b0))`` as in Rcapture.

Two families of models are fitted:

* hierarchical models: all main effects plus any subset of the two-way list interactions
  (``2^(k(k-1)/2)`` models; for two lists only the independence model is estimable);
* the closed-population models of Rcapture's ``closedp.t`` (Baillargeon & Rivest 2007):
  M0 (one column, the number of lists ``c`` a victim is on), Mt (one column per list), and the
  heterogeneity models Mh/Mth which add to M0/Mt a function of ``c``: Chao's lower bound
  (columns ``max(c - j + 1, 0)`` for ``j = 3..k``, negative coefficients dropped and refitted,
  ``neg=TRUE``), Poisson2 (``2^c - 1``), Darroch (``c^2 / 2``) and Gamma3.5
  (``-log(3.5 + c) + log(3.5)``).  Heterogeneity models need at least three lists.

Intervals are profile-likelihood intervals for ``N`` under the multinomial likelihood, computed
as Rcapture's ``closedpCI.t`` does: for a candidate ``N`` the model is refitted with the
unobserved cell fixed at ``n0 = N - n`` (its design row all zeros), and the multinomial profile
log-likelihood is ``-(deviance(N) - 2 ct(N)) / 2`` with Cormack's (1992) correction
``ct(N) = log(n0^n0 N! / (N^N n0!))`` (Stirling's approximation above 100, as in Rcapture).
The interval is the set of ``N`` whose profile log-likelihood is within ``chi2_1(level) / 2``
of its maximum; the maximiser is reported as ``n_hat_multinomial``.  When the upper bound lies
beyond ``3 * n_hat`` it is reported as ``inf`` (Rcapture prints ``>3N``).

Assumptions: a closed population (nobody enters or leaves the set of victims during the
period), perfect matching across lists, and that the chosen model describes how the lists
depend on each other and how catchability varies between victims.  The unobserved cell is an
extrapolation: no model can be checked against it.  Models that fit about equally well can
give very different estimates; report the spread, not just the best-AIC number.

Warnings
--------
Problems are reported with Python warnings of class `EstimationWarning` (subclasses
`SparseDataWarning`, `ModelConvergenceWarning`, `UnstableEstimateWarning`); the functions still
return results, flagged in `ModelFit.converged` / `ModelFit.stable`.  statsmodels' own warnings
are silenced and replaced by these.
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import statsmodels.api as sm
from numpy.typing import NDArray
from scipy import optimize, stats

__all__ = [
    "EstimationWarning",
    "ModelConvergenceWarning",
    "ModelFit",
    "OverlapTable",
    "SparseDataWarning",
    "TwoListEstimate",
    "UnstableEstimateWarning",
    "all_models",
    "fit_heterogeneity",
    "fit_loglinear",
    "heterogeneity_models",
    "hierarchical_models",
    "overlap_table",
    "rank_models",
    "two_list_estimates",
]

FloatArray = NDArray[np.float64]

MIN_LISTS = 2
MAX_LISTS = 5
#: An estimate above this multiple of the observed count is flagged unstable.
UNSTABLE_MULTIPLE = 10.0
#: A coefficient beyond this size means the fit ran off to the boundary (an empty margin).
BOUNDARY_COEFFICIENT = 25.0
#: Rcapture's fmaxSupCL: the upper bound is searched up to this multiple of n_hat.
SUP_CL_FACTOR = 3.0
POISSON_THETA = 2.0
GAMMA_THETA = 3.5


class EstimationWarning(UserWarning):
    """Base class for warnings about a capture–recapture estimate."""


class SparseDataWarning(EstimationWarning):
    """Too few observations for the model: many empty cells, or fewer victims than parameters."""


class ModelConvergenceWarning(EstimationWarning):
    """The GLM did not converge, or a coefficient ran off to the boundary."""


class UnstableEstimateWarning(EstimationWarning):
    """The estimate is far above the observed count or its interval has no finite upper end."""


@dataclass(frozen=True)
class OverlapTable:
    """Counts of victims by capture pattern over ``lists``; all ``2^k - 1`` cells, zeros kept.

    ``patterns[i]`` is a 0/1 row (one column per list) and ``counts[i]`` its count.  Rows are in
    Rcapture's ``histpos.t`` order (``11..1`` first, ``00..1`` last).
    """

    lists: tuple[str, ...]
    patterns: NDArray[np.int64]
    counts: NDArray[np.int64]

    @property
    def observed(self) -> int:
        return int(self.counts.sum())

    @property
    def captures(self) -> NDArray[np.int64]:
        """How many lists record each pattern."""
        return np.asarray(self.patterns.sum(axis=1), dtype=np.int64)


def _all_patterns(k: int) -> NDArray[np.int64]:
    rows = [p for p in itertools.product((1, 0), repeat=k) if any(p)]
    return np.array(rows, dtype=np.int64)


def _check_row(pattern: object, count: object, k: int) -> tuple[tuple[int, ...], int]:
    row = f"row {pattern!r}: {count!r}"
    if not isinstance(pattern, Sequence) or len(pattern) != k:
        raise ValueError(f"{row}: a pattern needs one 0/1 entry per list ({k} lists)")
    if any(isinstance(v, bool) or v not in (0, 1) for v in pattern):
        raise ValueError(f"{row}: pattern entries must be 0 or 1")
    if not any(pattern):
        raise ValueError(f"{row}: the all-zero pattern is unobserved and cannot be given")
    if isinstance(count, bool) or not isinstance(count, int | np.integer) or count < 0:
        raise ValueError(f"{row}: counts must be integers ≥ 0")
    return tuple(int(v) for v in pattern), int(count)


def overlap_table(lists: Sequence[str], counts: Mapping[Any, int]) -> OverlapTable:
    """Validate and build an overlap table from ``{pattern tuple of 0/1: count}``; patterns
    not given count 0.

    Raises ValueError naming the bad row for: fewer than 2 or more than 5 lists, duplicate or
    empty list names, a pattern of the wrong length or with entries other than 0/1, the
    all-zero pattern, a negative or non-integer count, or no victims at all.
    """
    names = tuple(lists)
    k = len(names)
    if not MIN_LISTS <= k <= MAX_LISTS:
        raise ValueError(f"lists {names!r}: need {MIN_LISTS} to {MAX_LISTS} lists, got {k}")
    if len(set(names)) != k or any(not n or ":" in n for n in names):
        raise ValueError(f"lists {names!r}: names must be distinct, non-empty, without ':'")
    given: dict[tuple[int, ...], int] = {}
    for pattern, count in counts.items():
        key, value = _check_row(pattern, count, k)
        given[key] = value
    patterns = _all_patterns(k)
    values = np.array([given.get(tuple(int(v) for v in p), 0) for p in patterns], dtype=np.int64)
    if values.sum() == 0:
        raise ValueError("counts: no victim observed on any list")
    return OverlapTable(names, patterns, values)


# --- two lists -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TwoListEstimate:
    """Two-list estimates: Lincoln–Petersen ``n1 n2 / m`` (inf when ``m = 0``) and Chapman's
    ``(n1 + 1)(n2 + 1) / (m + 1) - 1`` with Seber's (1970) variance
    ``(n1+1)(n2+1)(n1-m)(n2-m) / ((m+1)^2 (m+2))`` and the Wald interval
    ``chapman ± z sd`` (lower end raised to the observed count)."""

    n1: int
    n2: int
    m: int
    lincoln_petersen: float
    chapman: float
    chapman_se: float
    ci_low: float
    ci_high: float
    level: float


def two_list_estimates(table: OverlapTable, level: float = 0.95) -> TwoListEstimate:
    """Lincoln–Petersen and Chapman for a two-list table."""
    if len(table.lists) != 2:
        raise ValueError(f"lists {table.lists!r}: two-list estimates need exactly 2 lists")
    pairs = zip(table.patterns, table.counts, strict=True)
    cell = {tuple(int(v) for v in p): int(c) for p, c in pairs}
    m = cell[(1, 1)]
    n1, n2 = m + cell[(1, 0)], m + cell[(0, 1)]
    lp = n1 * n2 / m if m else math.inf
    chapman = (n1 + 1) * (n2 + 1) / (m + 1) - 1
    var = (n1 + 1) * (n2 + 1) * (n1 - m) * (n2 - m) / ((m + 1) ** 2 * (m + 2))
    se = math.sqrt(var)
    z = float(stats.norm.ppf(0.5 + level / 2))
    low = max(chapman - z * se, float(table.observed))
    return TwoListEstimate(n1, n2, m, lp, chapman, se, low, chapman + z * se, level)


# --- fitting one design ----------------------------------------------------------------------


@dataclass(frozen=True)
class ModelFit:
    """One fitted model.  ``n_hat = observed + exp(intercept)`` (Poisson estimate, Rcapture's
    ``abundance``); ``n_hat_multinomial`` maximises the multinomial profile likelihood and
    ``ci_low``/``ci_high`` is its profile interval (NaN when not computed, ``inf`` when the
    upper end is beyond ``3 * n_hat``).  ``bic = -2 loglik + log(observed) * parameters``."""

    name: str
    terms: tuple[str, ...]
    observed: int
    n_hat: float
    stderr: float
    deviance: float
    df: int
    aic: float
    bic: float
    parameters: int
    converged: bool
    ci_low: float = math.nan
    ci_high: float = math.nan
    n_hat_multinomial: float = math.nan
    level: float = 0.95
    dropped: tuple[str, ...] = field(default=())

    @property
    def stable(self) -> bool:
        return self.converged and math.isfinite(self.n_hat) and not math.isinf(self.ci_high)


@dataclass(frozen=True)
class _Design:
    name: str
    terms: tuple[str, ...]
    columns: FloatArray  # without the intercept
    chao_columns: tuple[int, ...] = ()  # indexes of eta columns that must stay ≥ 0


@dataclass(frozen=True)
class _Fit:
    params: FloatArray
    cov00: float
    deviance: float
    llf: float
    rank: int
    converged: bool
    kept: tuple[int, ...]


def _glm(y: FloatArray, x: FloatArray, start: FloatArray | None) -> object | None:
    """statsmodels' Poisson GLM, its warnings silenced; None when IRLS breaks down."""
    for guess in (start, None) if start is not None else (None,):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with np.errstate(all="ignore"):
                try:
                    model = sm.GLM(y, x, family=sm.families.Poisson())
                    result = model.fit(start_params=guess, maxiter=200, tol=1e-10)
                except (ValueError, np.linalg.LinAlgError, FloatingPointError):
                    continue
        if np.all(np.isfinite(result.params)):
            return result
    return None


def _fit_columns(y: FloatArray, columns: FloatArray, start: FloatArray | None) -> _Fit:
    x = np.column_stack([np.ones(len(y)), columns])
    rank = int(np.linalg.matrix_rank(x))
    kept = tuple(range(columns.shape[1]))
    result = _glm(y, x, start)
    if result is None:
        nan = np.full(x.shape[1], math.nan)
        return _Fit(nan, math.nan, math.nan, math.nan, rank, False, kept)
    params = np.asarray(result.params, dtype=np.float64)  # type: ignore[attr-defined]
    converged = bool(getattr(result, "converged", True))
    converged = converged and bool(np.all(np.abs(params) < BOUNDARY_COEFFICIENT))
    cov = np.asarray(result.cov_params(), dtype=np.float64)  # type: ignore[attr-defined]
    return _Fit(
        params=params,
        cov00=float(cov[0, 0]),
        deviance=float(result.deviance),  # type: ignore[attr-defined]
        llf=float(result.llf),  # type: ignore[attr-defined]
        rank=rank,
        converged=converged,
        kept=kept,
    )


def _fit_chao(y: FloatArray, design: _Design, start: FloatArray | None = None) -> _Fit:
    """Fit, then drop the first negative Chao eta column and refit until none is negative
    (Rcapture's ``neg = TRUE``)."""
    kept = list(range(design.columns.shape[1]))
    fit = _fit_columns(y, design.columns, start)
    while True:
        negative = [
            col
            for i, col in enumerate(kept)
            if col in design.chao_columns and fit.params[i + 1] < 0
        ]
        if not negative:
            return _Fit(
                fit.params, fit.cov00, fit.deviance, fit.llf, fit.rank, fit.converged, tuple(kept)
            )
        kept.remove(negative[0])
        fit = _fit_columns(y, design.columns[:, kept], None)


def _cormack(n0: float, total: float) -> float:
    """Cormack's correction ``log(n0^n0 N! / (N^N n0!))``, Stirling above 100 as in Rcapture."""
    if total > 100:
        if n0 in (0.0, 1.0):
            return -total + 0.5 * math.log(2 * math.pi * total)
        return n0 - total - 0.5 * math.log(n0 / total)
    xlogx = n0 * math.log(n0) if n0 > 0 else 0.0
    return xlogx + math.lgamma(total + 1) - total * math.log(total) - math.lgamma(n0 + 1)


def _profile_loglik(
    y: FloatArray, design: _Design, start: FloatArray | None
) -> Callable[[float], float]:
    """The multinomial profile log-likelihood of N, as in Rcapture's closedpCI.t."""
    observed = float(y.sum())
    augmented = _Design(
        design.name,
        design.terms,
        np.vstack([design.columns, np.zeros((1, design.columns.shape[1]))]),
        design.chao_columns,
    )

    def loglik(total: float) -> float:
        n0 = max(total - observed, 0.0)
        fit = _fit_chao(np.append(y, n0), augmented, start)
        value = -(fit.deviance - 2 * _cormack(n0, observed + n0)) / 2
        return value if math.isfinite(value) else -math.inf

    return loglik


def _profile_interval(
    y: FloatArray, design: _Design, n_hat: float, start: FloatArray | None, level: float
) -> tuple[float, float, float]:
    """(multinomial estimate, lower, upper) by Brent's method on the profile log-likelihood."""
    observed = float(y.sum())
    loglik = _profile_loglik(y, design, start)
    top = max(SUP_CL_FACTOR * n_hat, observed + 1.0)
    best = optimize.minimize_scalar(
        lambda total: -loglik(total),
        bounds=(observed, top),
        method="bounded",
        options={"xatol": 1e-4},
    )
    n_mult, lmax = float(best.x), -float(best.fun)
    target = lmax - float(stats.chi2.ppf(level, 1)) / 2

    def gap(total: float) -> float:
        return loglik(total) - target

    low = observed
    if gap(observed) < 0:
        low = _root(gap, observed, n_mult)
    high = math.inf
    if gap(top) < 0:
        high = _root(gap, n_mult, top)
    return n_mult, low, high


def _root(gap: Callable[[float], float], a: float, b: float) -> float:
    """Brent's root of ``gap`` in [a, b]; NaN when the profile is not well behaved there."""
    try:
        return float(optimize.brentq(gap, a, b, xtol=1e-4))
    except (ValueError, RuntimeError):
        return math.nan


def fit_design(
    table: OverlapTable, design: _Design, *, level: float = 0.95, interval: bool = True
) -> ModelFit:
    """Fit one model to ``table``; the profile interval only when ``interval``."""
    y = table.counts.astype(np.float64)
    fit = _fit_chao(y, design)
    observed = float(table.observed)
    with np.errstate(over="ignore"):
        unseen = math.exp(min(float(fit.params[0]), 700.0))
    n_hat = observed + unseen
    stderr = math.sqrt(max(unseen + unseen**2 * fit.cov00, 0.0))
    dropped = tuple(
        f"eta{design.chao_columns.index(c) + 3}" for c in design.chao_columns if c not in fit.kept
    )
    result = ModelFit(
        name=design.name,
        terms=design.terms,
        observed=table.observed,
        n_hat=n_hat,
        stderr=stderr,
        deviance=fit.deviance,
        df=len(y) - fit.rank,
        aic=-2 * fit.llf + 2 * fit.rank,
        bic=-2 * fit.llf + math.log(observed) * fit.rank,
        parameters=fit.rank,
        converged=fit.converged,
        level=level,
        dropped=dropped,
    )
    if interval and fit.converged and math.isfinite(n_hat):
        n_mult, low, high = _profile_interval(y, design, n_hat, fit.params, level)
        result = _with_interval(result, n_mult, low, high)
    return result


def _with_interval(fit: ModelFit, n_mult: float, low: float, high: float) -> ModelFit:
    values = dict(fit.__dict__)
    values.update(n_hat_multinomial=n_mult, ci_low=low, ci_high=high)
    return ModelFit(**values)


# --- model families ---------------------------------------------------------------------------


def _pairs(k: int) -> list[tuple[int, int]]:
    return list(itertools.combinations(range(k), 2))


def _hierarchical_designs(table: OverlapTable) -> list[_Design]:
    x = table.patterns.astype(np.float64)
    k = len(table.lists)
    pairs = _pairs(k)
    products = np.column_stack([x[:, i] * x[:, j] for i, j in pairs])
    designs = []
    for size in range(len(pairs) + 1):
        for chosen in itertools.combinations(range(len(pairs)), size):
            if k + 1 + size > len(table.counts):
                continue  # more parameters than cells: not estimable
            names = tuple(f"{table.lists[pairs[c][0]]}:{table.lists[pairs[c][1]]}" for c in chosen)
            terms = table.lists + names
            columns = np.column_stack([x, products[:, list(chosen)]]) if chosen else x
            designs.append(_Design(" + ".join(terms), terms, columns))
    return designs


HETEROGENEITY: dict[str, Callable[[FloatArray], FloatArray]] = {
    "Poisson2": lambda c: POISSON_THETA**c - 1,
    "Darroch": lambda c: c**2 / 2,
    "Gamma3.5": lambda c: -np.log(GAMMA_THETA + c) + np.log(GAMMA_THETA),
}
TERM = {
    "Chao (LB)": "h:chao",
    "Poisson2": "h:poisson2",
    "Darroch": "h:darroch",
    "Gamma3.5": "h:gamma3.5",
}


def _chao_columns(c: FloatArray, k: int) -> FloatArray:
    return np.column_stack([np.maximum(c - j + 1, 0) for j in range(3, k + 1)])


def _heterogeneity_designs(table: OverlapTable) -> list[_Design]:
    k = len(table.lists)
    c = table.captures.astype(np.float64)[:, None]
    x = table.patterns.astype(np.float64)
    bases = {"M0": (c, ("captures",)), "Mt": (x, table.lists)}
    designs = [_Design(name, terms, cols) for name, (cols, terms) in bases.items()]
    if k < 3:
        return designs
    for base, label in (("M0", "Mh"), ("Mt", "Mth")):
        cols, terms = bases[base]
        eta = _chao_columns(c[:, 0], k)
        first = cols.shape[1]
        chao = tuple(range(first, first + eta.shape[1]))
        designs.append(
            _Design(f"{label} Chao (LB)", (*terms, TERM["Chao (LB)"]), np.hstack([cols, eta]), chao)
        )
        for h_name, h in HETEROGENEITY.items():
            column = h(c)
            designs.append(
                _Design(f"{label} {h_name}", (*terms, TERM[h_name]), np.hstack([cols, column]))
            )
    return designs


def _order(designs: list[_Design]) -> list[_Design]:
    wanted = ["M0", "Mt"]
    for label in ("Mh", "Mth"):
        wanted += [f"{label} {h}" for h in ("Chao (LB)", "Poisson2", "Darroch", "Gamma3.5")]
    by_name = {d.name: d for d in designs}
    return [by_name[n] for n in wanted if n in by_name]


def _check_sparse(table: OverlapTable, designs: Iterable[_Design]) -> None:
    cells = len(table.counts)
    zeros = int((table.counts == 0).sum())
    most = max((d.columns.shape[1] + 1 for d in designs), default=0)
    if zeros * 2 > cells or table.observed < most:
        warnings.warn(
            f"sparse table: {zeros} of {cells} cells empty, {table.observed} victims observed "
            f"for models with up to {most} parameters; estimates may be unreliable",
            SparseDataWarning,
            stacklevel=3,
        )


def _report(fits: Sequence[ModelFit]) -> None:
    failed = [f.name for f in fits if not f.converged]
    if failed:
        warnings.warn(
            f"{len(failed)} model(s) did not converge or hit the boundary: {', '.join(failed[:5])}",
            ModelConvergenceWarning,
            stacklevel=3,
        )
    shaky = [
        f.name
        for f in fits
        if f.converged and (f.n_hat > UNSTABLE_MULTIPLE * f.observed or math.isinf(f.ci_high))
    ]
    if shaky:
        warnings.warn(
            f"{len(shaky)} unstable estimate(s) (over {UNSTABLE_MULTIPLE:g}× observed or no "
            f"finite upper bound): {', '.join(shaky[:5])}",
            UnstableEstimateWarning,
            stacklevel=3,
        )


def _fit_all(
    table: OverlapTable, designs: Sequence[_Design], level: float, intervals: int | None
) -> list[ModelFit]:
    """Fit every design; profile intervals for the ``intervals`` best by AIC (None: all)."""
    _check_sparse(table, designs)
    fits = [fit_design(table, d, level=level, interval=False) for d in designs]
    order = sorted(range(len(fits)), key=lambda i: fits[i].aic)
    chosen = order if intervals is None else order[:intervals]
    for i in chosen:
        fits[i] = fit_design(table, designs[i], level=level, interval=True)
    _report(fits)
    return fits


def hierarchical_models(
    table: OverlapTable, *, level: float = 0.95, intervals: int | None = 10
) -> list[ModelFit]:
    """Every model with all main effects and a subset of the two-way interactions, by AIC.

    Terms are list names ("A") and interactions ("A:B").  Profile intervals are computed for
    the ``intervals`` best models by AIC (``None``: all; each interval costs about fifty
    refits, so for five lists and 1,024 models keep the default).  Models with more
    parameters than cells (the saturated two-list model) are left out.
    """
    return rank_models(_fit_all(table, _hierarchical_designs(table), level, intervals))


def heterogeneity_models(
    table: OverlapTable, *, level: float = 0.95, intervals: int | None = None
) -> list[ModelFit]:
    """Rcapture ``closedp.t``'s models, in its order: M0, Mt, Mh and Mth with Chao (LB),
    Poisson2, Darroch and Gamma3.5 heterogeneity (only M0 and Mt for two lists).

    Terms: "captures" (M0's number-of-lists column), list names (Mt's list effects), and
    "h:chao", "h:poisson2", "h:darroch" or "h:gamma3.5" for the heterogeneity column(s).
    """
    return _fit_all(table, _order(_heterogeneity_designs(table)), level, intervals)


def all_models(
    table: OverlapTable, *, level: float = 0.95, intervals: int | None = 10
) -> list[ModelFit]:
    """Hierarchical and heterogeneity models together, ranked by AIC."""
    designs = _hierarchical_designs(table) + _order(_heterogeneity_designs(table))
    return rank_models(_fit_all(table, designs, level, intervals))


def rank_models(fits: Iterable[ModelFit], by: str = "aic") -> list[ModelFit]:
    """Models sorted by ``"aic"`` or ``"bic"`` (smallest first), non-converged last."""
    if by not in ("aic", "bic"):
        raise ValueError(f"by={by!r}: rank by 'aic' or 'bic'")
    return sorted(fits, key=lambda f: (not f.converged, getattr(f, by)))


def fit_loglinear(
    table: OverlapTable,
    interactions: Iterable[str] = (),
    *,
    level: float = 0.95,
    interval: bool = True,
) -> ModelFit:
    """One hierarchical model: all main effects plus ``interactions`` such as ``"A:B"``."""
    wanted = set()
    for term in interactions:
        pair = tuple(term.split(":"))
        if len(pair) != 2 or not set(pair) <= set(table.lists) or pair[0] == pair[1]:
            raise ValueError(f"interaction {term!r}: expected 'X:Y' with X, Y among {table.lists}")
        wanted.add(frozenset(pair))
    for design in _hierarchical_designs(table):
        have = {frozenset(t.split(":")) for t in design.terms if ":" in t}
        if have == wanted:
            return _checked(table, design, level, interval)
    raise ValueError(f"interactions {sorted(interactions)!r}: model not estimable for this table")


def fit_heterogeneity(
    table: OverlapTable, name: str, *, level: float = 0.95, interval: bool = True
) -> ModelFit:
    """One Rcapture model by name: "M0", "Mt", "Mh Darroch", "Mth Chao (LB)", ..."""
    for design in _heterogeneity_designs(table):
        if design.name == name:
            return _checked(table, design, level, interval)
    raise ValueError(
        f"model {name!r}: not one of {[d.name for d in _order(_heterogeneity_designs(table))]}"
    )


def _checked(table: OverlapTable, design: _Design, level: float, interval: bool) -> ModelFit:
    _check_sparse(table, [design])
    fit = fit_design(table, design, level=level, interval=interval)
    _report([fit])
    return fit
