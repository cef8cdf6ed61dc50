"""The strike matcher: hand-worked cases, then agreement with a brute-force oracle on random data.

The oracle below looks at every (report, strike) pair with `math`; the matcher must find exactly
the same pairs through its grid. The only leeway is for a pair whose distance lies within 1e-9 km
of the radius, where the two computations' last bits may round either way: such ties are left out
of the comparison (the hand-worked cases keep 10 m from every edge).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civcas.errors import FieldError
from civcas.evidence.columns import Pairs, Reports, Strikes
from civcas.evidence.matcher import (
    CHUNK_CANDIDATES,
    R_KM,
    _edge,
    candidate_chunks,
    candidates,
    haversine_km,
)
from civcas.evidence.rule import MatchRule
from civcas.vocab import LocationPrecision as P

# One degree of a great circle: 6371.0088 km × π / 180 = 111.19508 km. Along a meridian the
# haversine distance is exactly R·Δφ, so a point `km / KM_PER_DEGREE` degrees north of another
# lies `km` km from it.
KM_PER_DEGREE = R_KM * math.pi / 180
MOSUL = (36.34, 43.13)
RAQQA = (35.95, 39.01)
D = dt.date
TIE_KM = 1e-9
STRIKE_PRECISIONS = [None, None, None, "town", "district", "country"]
"""Mostly a strike's own point; some entries of a release known to a town or district, or
only to their country."""

StrikeRow = tuple[Any, ...]  # (id, date, country, lat, lon[, precision])
ReportRow = tuple[int, dt.date, dt.date, str, float | None, float | None, str | None]


def north(point: tuple[float, float], km: float) -> tuple[float, float]:
    return point[0] + km / KM_PER_DEGREE, point[1]


def match(
    strikes: Sequence[StrikeRow], reports: Sequence[ReportRow], rule: MatchRule | None = None
) -> dict[tuple[int, int], tuple[Any, ...]]:
    pairs = candidates(Strikes.from_rows(strikes), Reports.from_rows(reports), rule)
    return {(row[0], row[1]): row[2:] for row in pairs.rows()}


# Hand-worked cases ---------------------------------------------------------------------------


def test_haversine_by_hand() -> None:
    # 1° of latitude = 111.19508 km; 0.02° of longitude on the equator, across the antimeridian
    # (179.99°E to 179.99°W), is 0.02 × 111.19508 = 2.22390 km; pole to pole is π·R = 20015.1 km.
    assert haversine_km(36.0, 43.13, 37.0, 43.13) == pytest.approx(111.19508023, abs=1e-6)
    assert haversine_km(0.0, 179.99, 0.0, -179.99) == pytest.approx(2.22390160, abs=1e-6)
    assert haversine_km(90.0, 0.0, -90.0, 0.0) == pytest.approx(math.pi * R_KM, abs=1e-6)
    assert haversine_km(89.99, 0.0, 89.99, 180.0) == pytest.approx(2.22390160, abs=1e-6)
    assert np.allclose(haversine_km([0.0, 36.0], 0.0, [1.0, 37.0], 0.0), KM_PER_DEGREE)
    assert haversine_km(0.0, 0.0, 0.0, 0.0).shape == ()


@pytest.mark.parametrize(
    ("precision", "radius"),
    [(P.EXACT, 2), (P.NEIGHBOURHOOD, 5), (P.TOWN, 10), (P.DISTRICT, 30), (P.GOVERNORATE, 100)],
)
def test_each_precision_just_inside_and_just_outside(precision: P, radius: float) -> None:
    day = D(2017, 3, 1)
    inside, outside = north(MOSUL, radius - 0.01), north(MOSUL, radius + 0.01)
    strikes = [(1, day, "IQ", *inside), (2, day, "IQ", *outside), (3, day, "IQ", *MOSUL)]
    found = match(strikes, [(7, day, day, "IQ", *MOSUL, precision.value)])
    assert set(found) == {(7, 1), (7, 3)}
    distance, apart, basis, score = found[(7, 1)]
    assert distance == pytest.approx(radius - 0.01, abs=1e-9)
    assert (apart, basis) == (0, "distance")
    # 1 / (1 + d/r + 0): just under ½ at the edge; 1 at the reported point on the reported day.
    assert score == pytest.approx(1 / (2 - 0.01 / radius), abs=1e-6)
    assert found[(7, 3)] == (0.0, 0, "distance", 1.0)


def test_the_radius_itself_is_inside() -> None:
    # A strike 0.018° north of a report on the equator: 0.018 × 111.19508 = 2.00151 km. With the
    # radius set to exactly that computed distance, the pair is in.
    day = D(2017, 3, 1)
    distance = float(haversine_km(0.0, 0.0, 0.018, 0.0))
    assert distance == pytest.approx(2.00151, abs=1e-5)
    rule = MatchRule(exact_km=distance)
    found = match([(1, day, "IQ", 0.018, 0.0)], [(7, day, day, "IQ", 0.0, 0.0, "exact")], rule)
    assert set(found) == {(7, 1)}


def test_a_strike_known_to_a_town_widens_the_reach() -> None:
    """A release's "near Mosul, 3 strikes" lies anywhere within the town radius (10 km) of
    Mosul's point: 15 km north of it, a report at town precision (10 km) is within 10 + 10 km.
    Score 1 / (1 + 15 / 20) = 0.571429. As a strike's own point it is out of reach; known only
    to its country it is matched on no distance."""
    day = D(2017, 3, 17)
    report = [(1, day, day, "IQ", *north(MOSUL, 15), P.TOWN.value)]
    town = match([(7, day, "IQ", *MOSUL, "town")], report)
    assert town[(1, 7)][0] == pytest.approx(15, abs=1e-6)
    assert town[(1, 7)][1:] == (0, "distance", 0.571429)
    assert match([(7, day, "IQ", *MOSUL)], report) == {}
    assert match([(7, day, "IQ", *MOSUL, "country")], report) == {}
    beyond = [(1, day, day, "IQ", *north(MOSUL, 20.01), P.TOWN.value)]
    assert match([(7, day, "IQ", *MOSUL, "town")], beyond) == {}


def test_country_precision_ignores_distance_but_not_country() -> None:
    day = D(2017, 3, 1)
    strikes = [
        (1, day, "IQ", *north(MOSUL, 400)),
        (2, day, "IQ", None, None),
        (3, day, "SY", *RAQQA),
    ]
    found = match(strikes, [(7, day, day, "IQ", *MOSUL, "country")])
    assert set(found) == {(7, 1), (7, 2)}
    distance, apart, basis, score = found[(7, 1)]
    assert math.isnan(distance)
    assert (apart, basis, score) == (0, "country", 0.5)


def test_reports_without_place_match_on_country_and_date() -> None:
    day = D(2017, 3, 1)
    strikes = [
        (1, day, "SY", *RAQQA),
        (2, day, "SY", None, None),
        (3, day, "IQ", *MOSUL),
        (4, D(2017, 3, 3), "SY", *RAQQA),
    ]
    reports = [
        (7, day, day, "SY", None, None, "town"),  # no coordinates
        (8, day, day, "SY", *RAQQA, None),  # no precision
        (9, day, day, "SY", *RAQQA, "town"),  # a place: the unlocated strike 2 is not a candidate
    ]
    found = match(strikes, reports)
    assert set(found) == {(7, 1), (7, 2), (8, 1), (8, 2), (9, 1)}
    assert {found[key][2] for key in found if key[0] in (7, 8)} == {"country"}
    assert all(math.isnan(found[key][0]) for key in found if key[0] in (7, 8))


def test_distance_basis_crosses_borders() -> None:
    # A strike logged in Syria 1 km from a report filed in Iraq is a candidate on distance.
    day = D(2017, 3, 1)
    found = match([(1, day, "SY", *north(MOSUL, 1))], [(7, day, day, "IQ", *MOSUL, "exact")])
    assert found[(7, 1)][2] == "distance"


@pytest.mark.parametrize(
    ("strike_day", "apart"),
    [
        (D(2017, 3, 29), None),
        (D(2017, 3, 30), 1),
        (D(2017, 3, 31), 0),
        (D(2017, 4, 1), 1),
        (D(2017, 4, 2), None),
    ],
)
def test_slack_of_one_day_at_both_ends_of_a_month(strike_day: dt.date, apart: int | None) -> None:
    report = (7, D(2017, 3, 31), D(2017, 3, 31), "IQ", *MOSUL, "town")
    found = match([(1, strike_day, "IQ", *MOSUL)], [report])
    assert found.get((7, 1), (None, None))[1] == apart


@pytest.mark.parametrize(
    ("strike_day", "apart"),
    [
        (D(2016, 12, 26), None),
        (D(2016, 12, 27), 1),
        (D(2016, 12, 28), 0),
        (D(2017, 1, 1), 0),
        (D(2017, 1, 3), 0),
        (D(2017, 1, 4), 1),
        (D(2017, 1, 5), None),
    ],
)
def test_a_week_across_the_year_end(strike_day: dt.date, apart: int | None) -> None:
    report = (7, D(2016, 12, 28), D(2017, 1, 3), "IQ", *MOSUL, "town")
    found = match([(1, strike_day, "IQ", *MOSUL)], [report])
    assert found.get((7, 1), (None, None))[1] == apart


def test_a_month_report_and_a_wider_slack() -> None:
    # February 2016 has 29 days; with two days of slack, 30 January to 2 March are in.
    report = (7, D(2016, 2, 1), D(2016, 2, 29), "IQ", *MOSUL, "town")
    days = [D(2016, 1, 29), D(2016, 1, 30), D(2016, 2, 15), D(2016, 3, 2), D(2016, 3, 3)]
    strikes = [(n, day, "IQ", *MOSUL) for n, day in enumerate(days)]
    found = match(strikes, [report], MatchRule(slack_days=2))
    assert {key[1]: value[1] for key, value in found.items()} == {1: 2, 2: 0, 3: 2}


def test_poles_and_antimeridian() -> None:
    day = D(2017, 3, 1)
    strikes = [
        (1, day, "AQ", -89.995, 10.0),  # 0.005° + 0.01° across the south pole: 1.67 km
        (2, day, "FJ", -16.5, -179.995),  # 0.01° of longitude at 16.5°S: 1.066 km
        (3, day, "FJ", -16.5, 179.0),  # about 106 km west
    ]
    reports = [
        (7, day, day, "AQ", -89.99, -170.0, "exact"),
        (8, day, day, "FJ", -16.5, 179.995, "exact"),
    ]
    found = match(strikes, reports)
    assert set(found) == {(7, 1), (8, 2)}
    assert found[(7, 1)][0] == pytest.approx(0.015 * KM_PER_DEGREE, abs=1e-6)


def test_order_is_report_then_best_score_then_strike() -> None:
    day = D(2017, 3, 1)
    strikes = [
        (5, day, "IQ", *north(MOSUL, 1)),
        (4, day, "IQ", *north(MOSUL, 1)),
        (3, day, "IQ", *MOSUL),
        (2, D(2017, 3, 2), "IQ", *MOSUL),
    ]
    reports = [(9, day, day, "IQ", *MOSUL, "town"), (8, day, day, "IQ", *MOSUL, "exact")]
    pairs = candidates(Strikes.from_rows(strikes), Reports.from_rows(reports))
    # Exact (2 km): strike 3 scores 1; 4 and 5, 1 km off, 1 / (1 + 1/2) = 0.666667; strike 2, a
    # day late, 1 / (1 + 0 + 1) = 0.5. Town (10 km): 4 and 5 score 1 / (1 + 1/10) = 0.909091.
    assert [(r, s, score) for r, s, _, _, _, score in pairs.rows()] == [
        (8, 3, 1.0),
        (8, 4, 0.666667),
        (8, 5, 0.666667),
        (8, 2, 0.5),
        (9, 3, 1.0),
        (9, 4, 0.909091),
        (9, 5, 0.909091),
        (9, 2, 0.5),
    ]


def same(a: Pairs, b: Pairs) -> bool:
    return all(
        np.array_equal(getattr(a, name), getattr(b, name), equal_nan=name == "distance_km")
        for name in ("report_id", "strike_id", "distance_km", "days_apart", "basis", "score")
    )


def test_chunks_and_threads_do_not_change_the_result() -> None:
    strike_rows, report_rows = random_campaign(np.random.default_rng(3), 400, 60)
    strikes, reports = Strikes.from_rows(strike_rows), Reports.from_rows(report_rows)
    whole = candidates(strikes, reports)
    assert len(whole) > 100
    for chunk, workers in ((1, 1), (7, 2), (500, 3)):
        assert same(candidates(strikes, reports, chunk=chunk, workers=workers), whole)


def test_streamed_chunks_hold_whole_reports_in_id_order() -> None:
    strike_rows, report_rows = random_campaign(np.random.default_rng(4), 400, 60)
    strikes, reports = Strikes.from_rows(strike_rows), Reports.from_rows(report_rows)
    chunks = list(candidate_chunks(strikes, reports, chunk=50))
    assert len(chunks) > 5
    assert same(Pairs.concatenate(chunks), candidates(strikes, reports))
    firsts = [chunk.report_id[0] for chunk in chunks if len(chunk)]
    lasts = [chunk.report_id[-1] for chunk in chunks if len(chunk)]
    assert all(last < first for last, first in zip(lasts, firsts[1:], strict=False))


def test_empty_inputs() -> None:
    day = D(2017, 3, 1)
    strikes = Strikes.from_rows([(1, day, "IQ", *MOSUL)])
    reports = Reports.from_rows([(7, day, day, "IQ", *MOSUL, "town")])
    assert len(candidates(Strikes.from_rows([]), reports)) == 0
    assert len(candidates(strikes, Reports.from_rows([]))) == 0


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: Strikes([1, 2], [0, 0], ["IQ"], [0.0, 0.0], [0.0, 0.0]), "country"),
        (lambda: Strikes([1], [0], ["IRQ"], [0.0], [0.0]), "country"),
        (lambda: Strikes([1], [0], ["IQ"], [90.5], [0.0]), "lat"),
        (lambda: Reports([1], [5], [5], ["IQ"], [0.0], [-180.5], ["town"]), "lon"),
        (lambda: Reports([1], [5], [4], ["IQ"], [0.0], [0.0], ["town"]), "date_end"),
        (lambda: Reports([1], [5], [5], ["IQ"], [0.0], [0.0], ["city"]), "location_precision"),
    ],
)
def test_bad_columns_are_named(build: Any, field: str) -> None:
    with pytest.raises(FieldError) as caught:
        build()
    assert caught.value.field == field


def test_rows_take_precisions_by_name_or_member() -> None:
    day = D(2017, 3, 1)
    reports = Reports.from_rows(
        [(7, day, day, "IQ", *MOSUL, P.TOWN), (8, day, day, "IQ", *MOSUL, "town")]
    )
    assert reports.precision.tolist() == ["town", "town"]
    with pytest.raises(FieldError) as caught:
        Reports.from_rows([(7, day, day, "IQ", *MOSUL, "city")])
    assert caught.value.field == "location_precision"


def test_ids_must_be_unique() -> None:
    day = D(2017, 3, 1)
    strikes = Strikes.from_rows([(1, day, "IQ", *MOSUL), (1, day, "IQ", *MOSUL)])
    reports = Reports.from_rows([(7, day, day, "IQ", *MOSUL, "town")])
    with pytest.raises(FieldError, match="strike ids"):
        candidates(strikes, reports)


# The oracle, and agreement with it ----------------------------------------------------------


def oracle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1)
        * math.cos(phi2)
        * math.sin((math.radians(lon2) - math.radians(lon1)) / 2) ** 2
    )
    return 2 * R_KM * math.asin(min(1.0, math.sqrt(h)))


def oracle(
    strikes: Sequence[StrikeRow], reports: Sequence[ReportRow], rule: MatchRule
) -> tuple[dict[tuple[int, int], tuple[float | None, int, str, float]], set[tuple[int, int]]]:
    """Every pair looked at: {(report, strike): (distance, days apart, basis, score)}, and the
    pairs too close to the radius to call."""
    found, ties = {}, set()
    slack = dt.timedelta(days=rule.slack_days)
    for report_id, start, end, country, lat, lon, precision in reports:
        radius = None if precision is None else rule.radius_for(precision)
        for strike_id, day, strike_country, strike_lat, strike_lon, *known in strikes:
            if not start - slack <= day <= end + slack:
                continue
            apart = max((start - day).days, (day - end).days, 0)
            extent = rule.radius_for(known[0]) if known and known[0] else 0.0
            if radius is None or lat is None or lon is None:
                if strike_country == country:
                    found[(report_id, strike_id)] = (None, apart, "country", 1 / (2 + apart))
            elif strike_lat is not None and strike_lon is not None and extent is not None:
                distance, reach = oracle_km(lat, lon, strike_lat, strike_lon), radius + extent
                if abs(distance - reach) <= TIE_KM:
                    ties.add((report_id, strike_id))
                elif distance <= reach:
                    score = 1 / (1 + distance / reach + apart)
                    found[(report_id, strike_id)] = (distance, apart, "distance", score)
    return found, ties


def assert_agrees(
    strikes: Sequence[StrikeRow], reports: Sequence[ReportRow], rule: MatchRule, chunk: int
) -> Pairs:
    pairs = candidates(Strikes.from_rows(strikes), Reports.from_rows(reports), rule, chunk=chunk)
    expected, ties = oracle(strikes, reports, rule)
    got = {(row[0], row[1]): row[2:] for row in pairs.rows()}
    assert len(got) == len(pairs)
    assert set(got) - ties == set(expected)
    for key, (distance, apart, basis, score) in expected.items():
        got_distance, got_apart, got_basis, got_score = got[key]
        assert (got_apart, got_basis) == (apart, basis), key
        if distance is None:
            assert math.isnan(got_distance)
        else:
            assert got_distance == pytest.approx(distance, rel=1e-12, abs=1e-9)
        assert abs(got_score - score) <= 5e-7 + 1e-12
    ordered = [(r, -score, s) for r, s, *_, score in pairs.rows()]
    assert ordered == sorted(ordered)
    return pairs


def wrapped(lat: float, lon: float) -> tuple[float, float]:
    """A point past a pole comes back down the other side of it."""
    if lat > 90:
        lat, lon = 180 - lat, lon + 180
    elif lat < -90:
        lat, lon = -180 - lat, lon + 180
    return lat, (lon + 180) % 360 - 180


def random_campaign(
    rng: np.random.Generator, n_strikes: int, n_reports: int
) -> tuple[list[StrikeRow], list[ReportRow]]:
    """Clusters at Mosul, Raqqa, near the north pole and on the antimeridian, over 40 days."""
    centres = [MOSUL, RAQQA, (89.8, 0.0), (-16.5, 179.95)]
    precisions = [p.value for p in P] + [None]

    def place() -> tuple[float | None, float | None]:
        if rng.random() < 0.05:
            return None, None
        lat, lon = centres[rng.integers(len(centres))]
        return wrapped(lat + rng.normal(0, 0.1), lon + rng.normal(0, 0.1))

    def day() -> dt.date:
        return D(2016, 12, 10) + dt.timedelta(days=int(rng.integers(40)))

    strikes = [
        (int(n), day(), str(rng.choice(["IQ", "SY"])), *place(), rng.choice(STRIKE_PRECISIONS))
        for n in rng.permutation(n_strikes) * 3 + 1
    ]
    reports = []
    for n in rng.permutation(n_reports) * 5 + 2:
        start = day()
        end = start + dt.timedelta(days=int(rng.choice([0, 0, 0, 3, 6, 30])))
        country, precision = str(rng.choice(["IQ", "SY"])), rng.choice(precisions)
        reports.append((int(n), start, end, country, *place(), precision))
    return strikes, reports


def test_agrees_with_the_oracle_on_a_random_campaign() -> None:
    strikes, reports = random_campaign(np.random.default_rng(1), 2000, 200)
    pairs = assert_agrees(strikes, reports, MatchRule(), chunk=5000)
    assert set(pairs.basis.tolist()) == {0, 1}
    assert len(pairs) > 1000


DATES = [D(2016, 2, 28), D(2016, 2, 29), D(2016, 12, 31), D(2017, 1, 31), D(2017, 12, 31)]
PRECISIONS = [p.value for p in P] + [None]
strike_precisions = st.sampled_from(STRIKE_PRECISIONS)
unit = st.floats(-1.0, 1.0)
radii = st.floats(0.01, 300.0)
rules = st.one_of(
    st.just(MatchRule()),
    st.builds(
        MatchRule,
        slack_days=st.integers(0, 5),
        exact_km=radii,
        neighbourhood_km=radii,
        town_km=radii,
        district_km=radii,
        governorate_km=radii,
    ),
)


@st.composite
def on_a_cell_face(draw: st.DrawFn, rule: MatchRule) -> tuple[float, float]:
    """A point whose unit vector lies on a face of the grid built for one of the rule's radii
    (white-box: the grid's edge comes from the matcher's own `_edge`)."""
    edge = _edge(draw(st.sampled_from([rule.radius_for(p.value) or 1.0 for p in P])))
    k = draw(st.integers(math.ceil(0.1 / edge), math.floor(1.9 / edge)))
    axis, angle = draw(st.integers(0, 2)), draw(st.floats(-math.pi, math.pi))
    face = k * edge - 1.0
    rest = math.sqrt(1 - face * face)
    vector = [rest * math.cos(angle), rest * math.sin(angle)]
    vector.insert(axis, face)
    x, y, z = vector
    return math.degrees(math.asin(max(-1.0, min(1.0, z)))), math.degrees(math.atan2(y, x))


def centres(rule: MatchRule) -> st.SearchStrategy[tuple[float, float]]:
    return st.one_of(
        st.just(MOSUL),
        st.tuples(st.floats(89.0, 90.0), st.floats(-180.0, 180.0)),
        st.tuples(st.floats(-90.0, -89.0), st.floats(-180.0, 180.0)),
        st.tuples(st.floats(-60.0, 60.0), st.sampled_from([179.999, 180.0, -180.0, -179.999])),
        on_a_cell_face(rule),
    )


@st.composite
def near(
    draw: st.DrawFn, centre: tuple[float, float], spread: float
) -> tuple[float | None, float | None]:
    if draw(st.integers(0, 9)) == 0:
        return None, None
    lat, lon = centre
    stretch = max(math.cos(math.radians(lat)), 0.01)
    return wrapped(lat + draw(unit) * spread, lon + draw(unit) * spread / stretch)


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[list[StrikeRow], list[ReportRow], MatchRule]:
    rule = draw(rules)
    centre = draw(centres(rule))
    spread = draw(st.sampled_from([0.001, 0.02, 0.2, 1.0]))
    base = draw(st.sampled_from(DATES))

    def day(far: int) -> dt.date:
        return base + dt.timedelta(days=draw(st.integers(-far, far)))

    countries = st.sampled_from(["IQ", "SY"])
    strikes: list[StrikeRow] = [
        (n * 2 + 1, day(8), draw(countries), *draw(near(centre, spread)), draw(strike_precisions))
        for n in draw(st.permutations(range(draw(st.integers(0, 25)))))
    ]
    reports: list[ReportRow] = []
    for n in draw(st.permutations(range(draw(st.integers(0, 8))))):
        start = day(5)
        end = start + dt.timedelta(days=draw(st.sampled_from([0, 0, 6, 30, 365])))
        place = draw(near(centre, spread))
        reports.append(
            (n + 100, start, end, draw(countries), *place, draw(st.sampled_from(PRECISIONS)))
        )
    return strikes, reports, rule


@settings(max_examples=400, deadline=None)
@given(scenarios(), st.sampled_from([1, 3, CHUNK_CANDIDATES]))
def test_agrees_with_the_oracle(
    scenario: tuple[list[StrikeRow], list[ReportRow], MatchRule], chunk: int
) -> None:
    strikes, reports, rule = scenario
    assert_agrees(strikes, reports, rule, chunk)
