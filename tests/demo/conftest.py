"""Fixtures for the demo tests.

Expected figures come from the packaged CSV read here with csv.DictReader — independently of the
demo's own reader and plan — and the statement is recomputed from the rows by a small reference
implementation of the published definitions, so calibration can be checked without a database.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from demo_reference import figure_mismatches, reference_statement

import civcas.demo
from civcas.demo import DemoData, build_demo

CSV_PATH = Path(civcas.demo.__file__).with_name("official-monthly-figures.csv")


@pytest.fixture(scope="session")
def official() -> list[dict[str, str]]:
    with CSV_PATH.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="session")
def stated(official: list[dict[str, str]]) -> dict[str, dict[str, int]]:
    """Per month, every non-blank count of the CSV."""
    result = {}
    for row in official:
        result[row["period"]] = {
            key: int(value)
            for key, value in row.items()
            if key not in ("period", "release_date", "strikes_from", "strikes_to", "source_url")
            and value.strip()
        }
    return result


@pytest.fixture(scope="session")
def demo() -> DemoData:
    return build_demo()


@pytest.fixture(scope="session")
def row_statements(demo: DemoData, stated: dict[str, dict[str, int]]) -> dict[str, dict[str, Any]]:
    """The reference statement for every month the CSV has a row for."""
    statement = reference_statement(demo)
    return {period: statement(period) for period in stated}


@pytest.fixture(scope="session")
def check_figures(
    stated: dict[str, dict[str, int]],
) -> Callable[[dict[str, dict[str, Any]]], list[str]]:
    return lambda statements: figure_mismatches(statements, stated)
