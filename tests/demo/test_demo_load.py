"""The real check: the demo loaded into a fresh ledger, counted by civcas's own statement code."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from backends import BACKENDS, postgres_schema
from demo_reference import AIRWARS_2018_06, SEED_2018_06
from sqlalchemy.orm import Session

from civcas.demo import DemoData, load_demo
from civcas.ledger.database import migrate, open_engine, transaction

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
    assert added == expected
    assert calls == list(expected.items())


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
