"""Fixtures: a fresh, migrated ledger on each backend — SQLite in a temp dir, PostgreSQL in a
schema of its own on the server at $CIVCAS_TEST_POSTGRES_URL (never skipped: no server, no pass)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from backends import BACKENDS, postgres_schema
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from civcas.ledger.database import migrate, open_engine, transaction


@pytest.fixture
def postgres_url() -> Iterator[str]:
    with postgres_schema() as url:
        yield url


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path) -> str:  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ledger.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = open_engine(database_url)
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session in one transaction, committed at the end of the test."""
    with transaction(engine) as session:
        yield session
