"""Web fixtures: the sample ledger on each backend, and an in-process client for it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sample import build
from sqlalchemy import Engine

from civcas.ledger.database import transaction
from civcas.web.app import create_app


@pytest.fixture
def client(engine: Engine, database_url: str) -> Iterator[TestClient]:
    """A client of the site over the sample ledger (SQLite and PostgreSQL)."""
    with transaction(engine) as session:
        build(session)
    with TestClient(create_app(database_url, secret_key="test-secret")) as test_client:
        yield test_client
