"""Storage: URL resolution, migrations matching the models, constraints the database enforces."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, insert
from sqlalchemy.exc import IntegrityError

from civcas.ledger.database import is_current, migrate, resolve_url
from civcas.ledger.models import Base, Report, Source


def test_url_resolution_order() -> None:
    assert resolve_url(None, {}) == "sqlite:///civcas.db"
    assert resolve_url(None, {"CIVCAS_DATABASE_URL": "sqlite:///x.db"}) == "sqlite:///x.db"
    assert resolve_url("sqlite:///y.db", {"CIVCAS_DATABASE_URL": "sqlite:///x.db"}) == (
        "sqlite:///y.db"
    )
    assert resolve_url("postgresql://u@h/db", {}) == "postgresql+psycopg://u@h/db"


def test_migrations_build_exactly_the_models(engine: Engine) -> None:
    assert is_current(engine)
    migrate(engine)  # a second run is a no-op
    with engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert compare_metadata(context, Base.metadata) == []


def test_database_refuses_contradictions_even_from_raw_sql(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(insert(Source).values(id=1, name="S", type="media", public=True))
    good = {
        "source_id": 1,
        "external_id": "r",
        "date_start": dt.date(2017, 1, 1),
        "date_end": dt.date(2017, 1, 1),
        "date_precision": "day",
        "country": "IQ",
        "received_at": dt.datetime(2017, 1, 2),
    }
    for bad in (
        {"killed_min": 5, "killed_max": 2},
        {"killed_min": 5},
        {"latitude": 95.0, "longitude": 10.0},
        {"date_end": dt.date(2016, 12, 31)},
    ):
        with pytest.raises(IntegrityError), engine.begin() as connection:
            connection.execute(insert(Report).values(**(good | bad)))
    with engine.begin() as connection:
        connection.execute(insert(Report).values(**good))
