"""The real check: the demo loaded into a fresh ledger, counted by civcas's own statement code."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from importlib.resources import files
from typing import Any

import pytest
from backends import BACKENDS, DEMO, Templates
from demo_reference import AIRWARS_2018_06, DEMO_MONITOR, SEED_2018_06
from sqlalchemy.orm import Session

from civcas.claims.parties import COALITION
from civcas.claims.store import claims_timeline
from civcas.demo import DemoData
from civcas.demo.official import COUNT_COLUMNS, FILENAME, read_official
from civcas.ledger.database import open_engine, transaction
from civcas.ledger.simulated import holds_simulated_data
from civcas.publication.published import published_beside_computed
from civcas.vocab import Measure

Statements = dict[str, dict[str, Any]]


@pytest.fixture(scope="module", params=BACKENDS)
def loaded(
    request: pytest.FixtureRequest,
    templates: Templates,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Session, dict, list]]:
    """A ledger holding the default demo, loaded into a fresh ledger once per backend for the
    session (tests/backends.py: `DEMO`), with what `load_demo` returned and the progress it
    reported; the module reads a copy."""
    added, calls = templates.result(request.param, DEMO)
    with ExitStack() as stack:
        directory = tmp_path_factory.mktemp("demo")
        engine = open_engine(stack.enter_context(templates.copy(request.param, DEMO, directory)))
        stack.callback(engine.dispose)
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
    # ... and Airwars' one published range, from the seed article.
    assert added == expected | {"claims": stated + 1}


def test_the_ledger_says_it_is_simulated_and_keeps_the_real_figures_apart(
    loaded: tuple[Session, dict, list], statements: Statements
) -> None:
    session = loaded[0]
    assert holds_simulated_data(session)
    assert all(statement["simulated"] is True for statement in statements.values())
    # The real range stands as Airwars' own claim, beside the simulated monitor's figures.
    claims = claims_timeline(session, Measure.CIVILIANS_KILLED)
    airwars = [claim for claim in claims if claim.claimant == "airwars"]
    assert [(c.value_min, c.value_max) for c in airwars] == [AIRWARS_2018_06]
    assert airwars[0].stated_on == dt.date(2018, 7, 26)
    assert airwars[0].period_end == dt.date(2018, 6, 30)
    assert airwars[0].sentence is not None and "6,488 and 9,947" in airwars[0].sentence
    coalition = {(c.period_end, c.value_max) for c in claims if c.claimant == COALITION}
    assert (dt.date(2018, 6, 30), SEED_2018_06["killed_cumulative"]) in coalition


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
    airwars = [m for m in june["monitors"] if m["name"] == DEMO_MONITOR]
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
