"""The plan's arithmetic against the CSV, read independently (fast, no rows, no database)."""

from __future__ import annotations

from typing import Any

import pytest
from demo_reference import EXACT, SEED_2018_06

from civcas.demo.official import read_official
from civcas.demo.plan import MonthPlan, apportion, build_plan


@pytest.fixture(scope="module")
def plan() -> dict[str, MonthPlan]:
    return {month.period: month for month in build_plan()}


def figures(month: MonthPlan) -> dict[str, Any]:
    return {
        "strikes_total": month.strikes_total,
        "killed_cumulative": month.killed_cumulative,
        "carried_over": month.carried_over,
        "received": month.received,
        "completed": month.completed,
        "credible": month.credible,
        "credible_killed": month.credible_killed,
        "non_credible": month.non_credible,
        "duplicate": month.duplicate,
        "still_open": month.still_open,
        "reopened": month.reopened,
    }


def test_reader_keeps_blanks_as_none(official: list[dict[str, str]]) -> None:
    parsed = read_official()
    assert [row.period for row in parsed] == [row["period"] for row in official]
    for row, raw in zip(parsed, official, strict=True):
        for key, value in row.stated().items():
            assert raw[key] == str(value)
        assert set(row.stated()) == {k for k in row.stated() if raw[k].strip()}
        blanks = {k for k in ("completed", "credible", "duplicate") if not raw[k].strip()}
        assert all(getattr(row, k) is None for k in blanks)


def test_every_stated_figure_is_planned(
    plan: dict[str, MonthPlan], stated: dict[str, dict[str, int]]
) -> None:
    for period, values in stated.items():
        planned = figures(plan[period])
        for key in EXACT:
            if key in values:
                assert planned[key] == values[key], (period, key)


def test_seed_month_is_planned(plan: dict[str, MonthPlan]) -> None:
    planned = figures(plan["2018-06"])
    assert {k: planned[k] for k in planned if k in SEED_2018_06} == {
        k: v for k, v in SEED_2018_06.items() if k in planned
    }


def test_the_books_balance(plan: dict[str, MonthPlan]) -> None:
    previous_open, previous_killed, previous_strikes = 0, 0, 0
    for month in plan.values():
        assert month.carried_over == previous_open
        assert month.still_open == (
            month.carried_over + month.received + month.reopened - month.completed
        )
        assert month.killed_cumulative == (
            previous_killed + month.credible_killed + sum(month.revisions)
        )
        assert month.strikes_total == previous_strikes + month.strikes
        assert min(month.received, month.non_credible, month.duplicate, month.strikes) >= 0
        assert month.carried_over + month.received >= month.completed
        assert month.credible_killed == 0 or month.credible > 0
        previous_open, previous_killed = month.still_open, month.killed_cumulative
        previous_strikes = month.strikes_total
    assert previous_strikes == 34763


def test_revisions_only_where_the_cumulative_figure_jumps(plan: dict[str, MonthPlan]) -> None:
    dated = {period: m.revisions for period, m in plan.items() if m.revisions}
    assert dated == {"2017-11": (5,), "2019-08": (-8,)}


def test_campaign_before_the_first_report(plan: dict[str, MonthPlan]) -> None:
    assert plan["2014-08"].strikes > 0
    assert plan["2016-10"].carried_over == 0
    early = [m for p, m in plan.items() if p < "2016-10"]
    assert sum(m.credible for m in early) > 10
    assert {p[:4] for p, m in plan.items() if p < "2016-10" and m.credible} == {"2015", "2016"}


@pytest.mark.parametrize(
    ("total", "weights"), [(10, [1.0, 1.0, 1.0]), (7, [0.0, 0.0]), (100, [5, 1, 0.5]), (0, [1])]
)
def test_apportion_is_exact(total: int, weights: list[float]) -> None:
    parts = apportion(total, weights)
    assert sum(parts) == total
    assert all(part >= 0 for part in parts)
