"""The rows, counted by a reference implementation of the statement, give the official figures."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from demo_reference import AIRWARS_2018_06, DEMO_MONITOR, SEED_2018_06

Statements = dict[str, dict[str, Any]]


def test_every_stated_figure_is_reproduced(
    row_statements: Statements, check_figures: Callable[[Statements], list[str]]
) -> None:
    assert check_figures(row_statements) == []


def test_seed_month_figures(row_statements: Statements) -> None:
    june = row_statements["2018-06"]
    assert {key: june[key] for key in SEED_2018_06} == SEED_2018_06
    airwars = next(m for m in june["monitors"] if m["name"] == DEMO_MONITOR)
    assert (airwars["killed_min"], airwars["killed_max"]) == AIRWARS_2018_06


def test_airwars_far_above_the_official_count_every_month(row_statements: Statements) -> None:
    for period, statement in row_statements.items():
        airwars = next(m for m in statement["monitors"] if m["name"] == DEMO_MONITOR)
        assert airwars["killed_min"] > 3 * statement["killed_cumulative"], period
        assert airwars["killed_max"] > airwars["killed_min"], period


def test_revisions_where_the_cumulative_figure_jumps(row_statements: Statements) -> None:
    assert row_statements["2017-11"]["revisions"] == 1
    assert row_statements["2019-08"]["revisions"] == 1
