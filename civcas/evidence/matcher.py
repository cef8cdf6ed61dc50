"""Which strikes could have caused each allegation: the candidate strikes of every report, no I/O.

A strike is a candidate for a report when its day lies within the report's dates widened by the
rule's slack on both sides, and either

- basis "distance": the report has coordinates and a location precision with a radius, and the
  strike lies within that radius (great-circle distance on a sphere of R = 6371.0088 km, the
  radius included), widened by the strike's own: a strike-log entry known only to a town ("near
  Raqqa, 20 strikes", `Strikes.precision`) lies anywhere within the rule's radius of that
  precision around its coordinates, so it is a candidate within the sum of the two radii, and
  its score measures the distance against that sum. The countries are not compared: a strike
  3 km across a border is as near as one 3 km inside it; or
- basis "country": the report has no place to measure from (no coordinates, no precision, or
  precision COUNTRY), and the strike is in the report's country. Its distance is NaN.

A strike without coordinates, or known only to its country, is therefore a candidate on the
country basis only.

The design size is a million strikes against a hundred thousand reports, so no pass looks at every
pair. Points become unit vectors in 3-D, where "within r km" is "chord ≤ 2·sin(r / 2R)"; space is
cut into cubes at least that chord wide, so a report's strikes lie in the 27 cubes around its own
(no special case at the poles or the antimeridian). Strikes are sorted by (cube, day), which makes
the strikes of one cube in a date window one slice, found by two binary searches however long the
window; the slices are then checked with the exact haversine. The country basis is the same with
the country as the bucket. Reports are processed in chunks of bounded candidate count, in id order.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from civcas.errors import FieldError
from civcas.evidence.columns import Floats, Ints, Pairs, Reports, Strikes
from civcas.evidence.rule import MatchRule

R_KM = 6371.0088
"""The mean Earth radius (IUGG), in km."""

CHUNK_CANDIDATES = 250_000
"""Candidate pairs a thread examines at once: small enough for the CPU caches (~15 MB)."""

WORKERS = min(4, os.cpu_count() or 1)
"""Threads that examine chunks side by side; each holds one chunk's working memory."""

SCORE_STEPS = 1_000_000
"""Scores are rounded to 1/SCORE_STEPS, so that the output order is exact on the published value."""

_AXIS_BITS = 21
_MIN_EDGE = 2.0**-19  # at most 2^20 cells an axis, so a packed cell and its neighbours fit 21 bits
_NEIGHBOURS = np.array(
    [
        (dx << 2 * _AXIS_BITS) + (dy << _AXIS_BITS) + dz
        for dx in (-1, 0, 1)
        for dy in (-1, 0, 1)
        for dz in (-1, 0, 1)
    ],
    dtype=np.int64,
)


def haversine_km(lat1: ArrayLike, lon1: ArrayLike, lat2: ArrayLike, lon2: ArrayLike) -> Floats:
    """Great-circle distance in km between points in degrees (arrays broadcast)."""
    given = [np.asarray(values, dtype=np.float64) for values in (lat1, lon1, lat2, lon2)]
    a_lat, a_lon, b_lat, b_lon = np.broadcast_arrays(*map(np.atleast_1d, given))
    distance = _haversine(_Points.of(a_lat, a_lon), _Points.of(b_lat, b_lon))
    return distance.reshape(np.broadcast_shapes(*(values.shape for values in given)))


@dataclass(frozen=True)
class _Points:
    """Points as the rows sin φ/2, cos φ/2, sin λ/2, cos λ/2, cos φ, computed once per point so
    that the haversine of a pair takes no sine: sin(Δφ/2) = sin(φ2/2)cos(φ1/2) −
    cos(φ2/2)sin(φ1/2), and likewise for λ."""

    trig: Floats

    @classmethod
    def of(cls, lat: ArrayLike, lon: ArrayLike) -> _Points:
        phi = np.radians(np.asarray(lat, dtype=np.float64))
        half_phi, half_lam = phi / 2, np.radians(np.asarray(lon, dtype=np.float64)) / 2
        trig = [np.sin(half_phi), np.cos(half_phi), np.sin(half_lam), np.cos(half_lam)]
        return cls(np.stack([*trig, np.cos(phi)]))

    def take(self, index: Ints) -> _Points:
        return _Points(self.trig[:, index])

    def repeat(self, count: Ints) -> _Points:
        return _Points(np.repeat(self.trig, count, axis=1))


def _haversine(a: _Points, b: _Points) -> Floats:
    """2R·asin√(sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2)), in place to spare memory bandwidth."""
    sin_phi1, cos_phi1, sin_lam1, cos_lam1, cos1 = a.trig
    sin_phi2, cos_phi2, sin_lam2, cos_lam2, cos2 = b.trig
    h = _sine_of_difference_squared(sin_phi2, cos_phi2, sin_phi1, cos_phi1)
    across = _sine_of_difference_squared(sin_lam2, cos_lam2, sin_lam1, cos_lam1)
    across *= cos1
    across *= cos2
    h += across
    np.sqrt(h, out=h)
    np.minimum(h, 1.0, out=h)
    np.arcsin(h, out=h)
    h *= 2 * R_KM
    return h


def _sine_of_difference_squared(sin2: Floats, cos2: Floats, sin1: Floats, cos1: Floats) -> Floats:
    """sin²(x2 − x1) from the sines and cosines of x1 and x2."""
    value = sin2 * cos1
    value -= cos2 * sin1
    return np.square(value, out=value)


def unit_vectors(lat: ArrayLike, lon: ArrayLike) -> Floats:
    """Points in degrees as unit vectors (x, y, z) on the last axis: the chord between two is
    2·sin(d / 2R), so "within d km" needs no trigonometry per pair."""
    phi, lam = np.radians(lat), np.radians(lon)
    return np.stack([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)], axis=-1)


def _edge(radius_km: float) -> float:
    """A cube edge no shorter than the chord of `radius_km`, with room for rounding."""
    chord = 2 * np.sin(min(radius_km / (2 * R_KM), np.pi / 2))
    return max(chord * (1 + 1e-9) + 1e-12, _MIN_EDGE)


def _cells(xyz: Floats, edge: float) -> Ints:
    """The cube of each unit vector, packed 21 bits an axis, offset so that neighbours stay ≥ 0."""
    ijk = np.floor((xyz + 1.0) / edge).astype(np.int64) + 1
    cells: Ints = (ijk[:, 0] << 2 * _AXIS_BITS) | (ijk[:, 1] << _AXIS_BITS) | ijk[:, 2]
    return cells


def _country_codes(country: NDArray[np.str_]) -> Ints:
    letters = np.ascontiguousarray(country, dtype="U2").view(np.uint32).reshape(-1, 2)
    codes: Ints = (letters[:, 0].astype(np.int64) << 32) | letters[:, 1]
    return codes


@dataclass(frozen=True)
class _Index:
    """Strikes sorted by (bucket, day), where a bucket is a cube or a country.

    `keys` is bucket rank × span + day offset, so that the strikes of a bucket within a window of
    days are the slice between two binary searches.
    """

    buckets: Ints
    keys: Ints
    order: Ints
    first_day: int
    span: int

    @classmethod
    def build(cls, bucket: Ints, strike: Ints, day: Ints) -> _Index:
        """From the bucket of each strike, given in day order (so one stable sort suffices)."""
        first_day = int(day.min()) if len(day) else 0
        span = int(day.max()) - first_day + 1 if len(day) else 1
        by_bucket = np.argsort(bucket, kind="stable")
        sorted_bucket = bucket[by_bucket]
        new = np.empty(len(bucket), dtype=bool)
        new[:1] = True
        np.not_equal(sorted_bucket[1:], sorted_bucket[:-1], out=new[1:])
        rank = np.cumsum(new) - 1
        keys = rank * span + (day[by_bucket] - first_day)
        return cls(sorted_bucket[new], keys, strike[by_bucket], first_day, span)

    def slices(self, bucket: Ints, first: Ints, last: Ints) -> tuple[Ints, Ints]:
        """[lo, hi) positions of the strikes in each bucket (n, k) with day in [first, last] (n)."""
        rank = np.searchsorted(self.buckets, bucket)
        found = rank < len(self.buckets)
        found[found] = self.buckets[rank[found]] == bucket[found]
        row = np.broadcast_to(np.arange(len(bucket))[:, None], bucket.shape)[found]
        first_offset = np.clip(first - self.first_day, 0, self.span)[row]
        last_offset = np.clip(last - self.first_day, -1, self.span - 1)[row]
        lo, hi = np.zeros(bucket.shape, np.int64), np.zeros(bucket.shape, np.int64)
        base = rank[found] * self.span
        lo[found] = np.searchsorted(self.keys, base + first_offset)
        hi[found] = np.searchsorted(self.keys, base + last_offset, side="right")
        return lo, np.maximum(hi, lo)


@dataclass(frozen=True)
class _Plan:
    """Every report's slices (rows of 27; the country basis uses the first) into `order`, the
    strikes of every index end to end; the grids' part starts at `grid_start`."""

    lo: Ints
    hi: Ints
    order: Ints
    grid_start: int
    radius: Floats
    on_country: NDArray[np.bool_]
    extent: Floats
    """Each strike's own radius in km (0 for its own point; NaN known only to its country)."""


def _radii(reports: Reports, rule: MatchRule) -> Floats:
    """Each report's radius in km; NaN where it is matched on the country."""
    radius = np.full(len(reports), np.nan)
    for precision in set(reports.precision.tolist()) - {None}:
        value = rule.radius_for(precision)
        radius[reports.precision == precision] = np.nan if value is None else value
    radius[np.isnan(reports.lat) | np.isnan(reports.lon)] = np.nan
    return radius


def _extents(strikes: Strikes, rule: MatchRule) -> Floats:
    """Each strike's own radius in km: 0 for its own point, the rule's radius for a place known
    to a town or a district (and so on), NaN for one known only to its country."""
    extent = np.zeros(len(strikes))
    for precision in set(strikes.precision.tolist()) - {None}:
        value = rule.radius_for(precision)
        extent[strikes.precision == precision] = np.nan if value is None else value
    return extent


def _plan(strikes: Strikes, reports: Reports, rule: MatchRule) -> _Plan:
    radius = _radii(reports, rule)
    extent = _extents(strikes, rule)
    first = reports.day_start - rule.slack_days
    last = reports.day_end + rule.slack_days
    lo = np.zeros((len(reports), len(_NEIGHBOURS)), np.int64)
    hi = np.zeros_like(lo)
    orders: list[Ints] = []
    for index, members, bucket in _indexes(strikes, reports, radius, extent):
        offset, width = sum(map(len, orders)), bucket.shape[1]
        lo_part, hi_part = index.slices(bucket, first[members], last[members])
        lo[members, :width], hi[members, :width] = lo_part + offset, hi_part + offset
        orders.append(index.order)
    order, grid_start = np.concatenate(orders), len(orders[0])  # the country index comes first
    return _Plan(lo, hi, order, grid_start, radius, np.isnan(radius), extent)


def _indexes(
    strikes: Strikes, reports: Reports, radius: Floats, extent: Floats
) -> Iterator[tuple[_Index, NDArray[np.bool_], Ints]]:
    """Each index with the reports it serves and their buckets: the country, then one grid a
    radius in use (cubes sized for it and the widest strike's own radius)."""
    by_day = np.argsort(strikes.day, kind="stable")
    on_country = np.isnan(radius)
    codes = _country_codes(strikes.country[by_day])
    bucket = _country_codes(reports.country[on_country])[:, None]
    yield _Index.build(codes, by_day, strikes.day[by_day]), on_country, bucket
    unplaced = np.isnan(strikes.lat) | np.isnan(strikes.lon) | np.isnan(extent)
    located = by_day[~unplaced[by_day]]
    widest = float(extent[located].max()) if len(located) else 0.0
    strike_xyz = unit_vectors(strikes.lat[located], strikes.lon[located])
    report_xyz = unit_vectors(reports.lat, reports.lon)
    for value in np.unique(radius[~on_country]):
        edge, members = _edge(float(value) + widest), radius == value
        grid = _Index.build(_cells(strike_xyz, edge), located, strikes.day[located])
        yield grid, members, _cells(report_xyz[members], edge)[:, None] + _NEIGHBOURS


def candidates(
    strikes: Strikes,
    reports: Reports,
    rule: MatchRule | None = None,
    *,
    chunk: int = CHUNK_CANDIDATES,
    workers: int = WORKERS,
) -> Pairs:
    """The candidate strikes of every report under `rule` (the defaults when None).

    `chunk` bounds the candidate pairs examined at once by each of `workers` threads, and so the
    working memory; neither changes the result. Report and strike ids must each be unique.
    """
    scorer, runs = _prepared(strikes, reports, rule or MatchRule(), chunk)
    return Pairs.concatenate(_threaded(scorer.pairs, runs, workers), scorer.capacity)


def candidate_chunks(
    strikes: Strikes,
    reports: Reports,
    rule: MatchRule | None = None,
    *,
    chunk: int = CHUNK_CANDIDATES,
    workers: int = WORKERS,
) -> Iterator[Pairs]:
    """`candidates`, a run of reports at a time: at the design size the pairs alone take some
    2 GB, so a consumer that stores or counts them can take them piece by piece instead."""
    scorer, runs = _prepared(strikes, reports, rule or MatchRule(), chunk)
    yield from _threaded(scorer.pairs, runs, workers)


def _prepared(
    strikes: Strikes, reports: Reports, rule: MatchRule, chunk: int
) -> tuple[_Scorer, Iterator[Ints]]:
    """The scorer, and the runs of reports (in id order) it is to score."""
    by_id = _unique_order(reports.id, "report")
    strike_rank = np.empty(len(strikes), np.int64)
    strike_rank[_unique_order(strikes.id, "strike")] = np.arange(len(strikes))
    plan = _plan(strikes, reports, rule)
    scorer = _Scorer(strikes, reports, plan, strike_rank)
    return scorer, (by_id[a:b] for a, b in _chunks(plan, by_id, chunk, scorer.max_reports))


def _threaded(work: Callable[[Ints], Pairs], runs: Iterable[Ints], workers: int) -> Iterator[Pairs]:
    """`map(work, runs)` on `workers` threads (NumPy releases the GIL), with at most one run more
    than `workers` in flight, so that memory stays bounded however many runs there are."""
    with ThreadPoolExecutor(max(1, workers)) as pool:
        pending: deque[Future[Pairs]] = deque()
        for run in runs:
            pending.append(pool.submit(work, run))
            if len(pending) > workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _unique_order(ids: Ints, what: str) -> Ints:
    order = np.argsort(ids, kind="stable")
    if np.any(ids[order][1:] == ids[order][:-1]):
        raise FieldError("id", f"{what} ids must be unique")
    return order


def _chunks(plan: _Plan, by_id: Ints, chunk: int, max_reports: int) -> Iterator[tuple[int, int]]:
    """Runs of reports in id order whose candidates number about `chunk` (one report at least)."""
    total = np.cumsum((plan.hi - plan.lo).sum(axis=1)[by_id])
    start = 0
    while start < len(by_id):
        done = total[start - 1] if start else 0
        end = int(np.searchsorted(total, done + chunk, side="right"))
        end = min(max(end, start + 1), start + max_reports)
        yield start, end
        start = end


class _Scorer:
    """Turns the slices of a run of reports into their filtered, scored, sorted pairs.

    The strike columns it reads are copied in the order of the plan's positions, so that a slice
    is read from contiguous memory rather than gathered from all over the strike table.
    """

    def __init__(self, strikes: Strikes, reports: Reports, plan: _Plan, strike_rank: Ints):
        self.reports, self.plan = reports, plan
        self.strike_id, self.day = strikes.id[plan.order], strikes.day[plan.order]
        self.rank = strike_rank[plan.order]
        self.grid_start = plan.grid_start
        grid = plan.order[plan.grid_start :]
        self.strike_points = _Points.of(strikes.lat, strikes.lon).take(grid)
        self.strike_extent = plan.extent[grid]
        self.report_points = _Points.of(reports.lat, reports.lon)
        self.rank_bits = max(1, len(strikes).bit_length())
        self.score_bits = SCORE_STEPS.bit_length()
        self.max_reports = 2 ** (63 - self.score_bits - self.rank_bits)
        self.capacity = int((plan.hi - plan.lo).sum())

    def pairs(self, run: Ints) -> Pairs:
        """The pairs of a run of reports given in id order, in the order `Pairs` states."""
        on_country = self.plan.on_country[run]
        local, position, distance, ratio = self._near(run, np.flatnonzero(~on_country))
        far_local, far_position, _ = self._expand(run, np.flatnonzero(on_country))
        local = np.concatenate([local, far_local])
        position = np.concatenate([position, far_position])
        distance = np.concatenate([distance, np.full(len(far_local), np.nan)])
        ratio = np.concatenate([ratio, np.ones(len(far_local))])
        basis = np.repeat(np.array([0, 1], np.uint8), [len(ratio) - len(far_local), len(far_local)])
        report, day = run[local], self.day[position]
        apart = np.maximum(self.reports.day_start[report] - day, day - self.reports.day_end[report])
        np.maximum(apart, 0, out=apart)
        steps = np.rint(SCORE_STEPS / (1.0 + ratio + apart)).astype(np.int64)
        key = (local << self.score_bits) | (SCORE_STEPS - steps)
        order = np.argsort((key << self.rank_bits) | self.rank[position])
        return Pairs(
            self.reports.id[report[order]],
            self.strike_id[position[order]],
            distance[order],
            apart[order].astype(np.int32),
            basis[order],
            steps[order] / SCORE_STEPS,
        )

    def _near(self, run: Ints, rows: Ints) -> tuple[Ints, Ints, Floats, Floats]:
        """Candidates of the reports `run[rows]` within their radius and the strike's own, with
        the distance over that reach."""
        local, position, count = self._expand(run, rows)
        chosen = run[rows]
        here = self.report_points.take(chosen).repeat(count)
        distance = _haversine(here, self.strike_points.take(position - self.grid_start))
        radius = np.repeat(self.plan.radius[chosen], count)
        radius += self.strike_extent[position - self.grid_start]
        keep = distance <= radius
        distance = distance[keep]
        return local[keep], position[keep], distance, distance / radius[keep]

    def _expand(self, run: Ints, rows: Ints) -> tuple[Ints, Ints, Ints]:
        """(place in `run`, plan position) of every candidate of the reports `run[rows]`, and
        the number of candidates of each report."""
        lo, hi = self.plan.lo[run[rows]], self.plan.hi[run[rows]]
        per_report = (hi - lo).sum(axis=1)
        count = (hi - lo).ravel()
        start = np.repeat(lo.ravel() - (np.cumsum(count) - count), count)
        return np.repeat(rows, per_report), start + np.arange(len(start)), per_report
