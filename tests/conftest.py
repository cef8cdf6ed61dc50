"""Fixtures: a database of its own for each test on each backend — SQLite in a temp dir, and
PostgreSQL on the server at $CIVCAS_TEST_POSTGRES_URL (never skipped: no server, no pass) —
copied from a ledger built once per session (tests/backends.py); and which tests share a worker
under pytest-xdist (`make test` runs two: `-n 2`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from backends import BACKENDS, MIGRATED, Recipe, Templates, postgres_schema
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from civcas.ledger.database import open_engine, transaction

GROUPS = {
    "tests/browser/": "browser",
    "tests/demo/test_demo_load.py": "demo",
    "tests/ledger/test_report_status.py::test_state_matches_history_after_the_demo": "demo",
    "tests/linking/test_engine.py": "demo",
    "tests/linking/test_link_store.py": "demo",
    "tests/web/test_simulated_notice.py": "demo",
    "tests/ledger/test_crash_safety.py::test_killed_demo": "crash-demo",
    "tests/ledger/test_crash_safety.py::test_killed_link_run": "crash-demo",
}
"""Tests that share something costly to start, run on one worker: Chromium and the sites it
visits; the demo ledger (`DEMO`, 10-15 s to load on each backend) and Spark's JVM, which a
process starts once (30 s) and which then starts a new Spark session in a second; the crash
tests' reference run of `civcas demo`. Keys are the start of test ids."""


def group_of(nodeid: str) -> str | None:
    return next((group for start, group in GROUPS.items() if nodeid.startswith(start)), None)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Under `-n`, each group of `GROUPS` is one unit of work, sent whole to one worker (the
    largest first); every other test is a unit of its own. pytest-xdist's `--dist loadgroup`
    would do this from `xdist_group` marks, but with pytest 9.2 it no longer sees them
    (pytest-dev/pytest-xdist#1386). Another `--dist` than the default is left to xdist."""
    if config.getvalue("dist") not in ("load", "loadgroup"):
        return None
    from xdist.scheduler import LoadScopeScheduling

    class GroupScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return group_of(nodeid) or nodeid

    return GroupScheduling(config, log)


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Templates]:
    with Templates(tmp_path_factory.mktemp("templates")) as made:
        yield made


@pytest.fixture
def postgres_url() -> Iterator[str]:
    with postgres_schema() as url:
        yield url


@pytest.fixture
def ledger_recipe(request: pytest.FixtureRequest) -> Recipe | None:
    """What a test's database starts as: a migrated, empty ledger when the test takes `engine`
    or `session`; otherwise nothing at all, for tests that migrate it themselves."""
    return MIGRATED if "engine" in request.fixturenames else None


@pytest.fixture(params=BACKENDS)
def database_url(
    request: pytest.FixtureRequest,
    templates: Templates,
    ledger_recipe: Recipe | None,
    tmp_path: Path,
) -> Iterator[str]:
    with templates.copy(request.param, ledger_recipe, tmp_path) as url:
        yield url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = open_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session in one transaction, committed at the end of the test."""
    with transaction(engine) as session:
        yield session
