"""Web fixtures: the sample ledger on each backend, and an in-process client for it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from backends import MIGRATED, Recipe
from fastapi.testclient import TestClient
from sample import SAMPLE
from sqlalchemy import Engine

from civcas.web.app import create_app


@pytest.fixture
def ledger_recipe(request: pytest.FixtureRequest) -> Recipe | None:
    """A test that takes `client` starts from a copy of the sample ledger (tests/sample.py),
    built once per session; `engine` alone gives a migrated, empty ledger, as everywhere."""
    if "client" in request.fixturenames:
        return SAMPLE
    return MIGRATED if "engine" in request.fixturenames else None


@pytest.fixture
def client(engine: Engine, database_url: str) -> Iterator[TestClient]:
    """A client of the site over the sample ledger (SQLite and PostgreSQL)."""
    with TestClient(create_app(database_url, secret_key="test-secret")) as test_client:
        yield test_client
