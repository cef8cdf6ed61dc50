"""The real check: the demo loaded into a fresh ledger, counted by civcas's own statement code."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from backends import BACKENDS, postgres_schema
from demo_reference import AIRWARS_2018_06, SEED_2018_06
from sqlalchemy.orm import Session

from civcas.claims.store import COALITION
from civcas.demo import DemoData, load_demo
from civcas.demo.official import COUNT_COLUMNS, FILENAME, read_official
from civcas.ledger.database import migrate, open_engine, transaction
from civcas.publication.published import published_beside_computed

Statements = dict[str, dict[str, Any]]


@pytest.fixture(scope="module", params=BACKENDS)
def loaded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Session, dict, list]]:
    """A ledger holding the default demo, loaded once per backend for the module."""
    with ExitStack() as stack:
        if request.param == "sqlite":
            path: Path = tmp_path_factory.mktemp("demo") / "demo.db"
            url = f"sqlite:///{path}"
        else:
            url = stack.enter_context(postgres_schema())
        engine = open_engine(url)
        stack.callback(engine.dispose)
        migrate(engine)
        calls: list[tuple[str, int]] = []
        with transaction(engine) as session:
            added = load_demo(session, progress=lambda kind, n: calls.append((kind, n)))
        with transaction(engine) as session:
            yield session, added, calls


@pytest.fixture(scope="module")
def statements(loaded: tuple[Session, dict, list], stated: dict[str, Any]) -> Statements:
    from civcas.publication.statement import compute_statement

    session = loaded[0]
    return {period: compute_statement(session, period).as_dict() for period in stated}


def test_every_row_is_added(loaded: tuple[Session, dict, list], demo: DemoData) -> None:
    _, added, calls = loaded
    expected = {kind: len(rows) for kind, rows in demo.kinds()}
    assert calls == list(expected.items())
    # One claim per figure the packaged official table states (its non-blank count cells).
    table = csv.DictReader(io.StringIO(files("civcas.demo").joinpath(FILENAME).read_text()))
    stated = sum(1 for row in table for name in COUNT_COLUMNS if row[name].strip())
    assert added == expected | {"claims": stated}


def month_before(period: str) -> str:
    year, month = map(int, period.split("-"))
    return f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"


def test_published_figures_differ_only_where_the_record_contradicts_itself(
    loaded: tuple[Session, dict, list],
) -> None:
    """Beside the computed statements, the coalition's claims differ in carried_over only where
    its own carried-over is not the previous month's still-open (350 → 344, 475 → 476, the
    shared data's README), and otherwise only in received (reopened reports counted inside
    received, or a month whose figures do not add up)."""
    session = loaded[0]
    months = read_official()
    still_open = {month.period: month.still_open for month in months}
    for month in months:
        rows = published_beside_computed(session, month.period, COALITION)
        differing = {row.figure for row in rows if row.differs}
        assert differing <= {"carried_over", "received"}, (month.period, differing)
        if "carried_over" in differing:
            previous = still_open.get(month_before(month.period))
            assert previous is not None and previous != month.carried_over, month.period


def test_statement_reproduces_every_stated_figure(
    statements: Statements, check_figures: Callable[[Statements], list[str]]
) -> None:
    assert check_figures(statements) == []


def test_seed_month(statements: Statements) -> None:
    june = statements["2018-06"]
    assert {key: june[key] for key in SEED_2018_06} == SEED_2018_06
    airwars = [m for m in june["monitors"] if m["name"] == "Airwars"]
    assert [(m["killed_min"], m["killed_max"]) for m in airwars] == [AIRWARS_2018_06]


def test_statement_agrees_with_the_reference_count(
    statements: Statements, row_statements: Statements
) -> None:
    keys = [key for key in row_statements["2018-06"] if key not in ("revisions", "monitors")]
    for period, statement in statements.items():
        reference = row_statements[period]
        assert {k: statement[k] for k in keys} == {k: reference[k] for k in keys}, period
        assert len(statement["revisions"]) == reference["revisions"], period
        assert [dict(m) for m in statement["monitors"]] == reference["monitors"], period
