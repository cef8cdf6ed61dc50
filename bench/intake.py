"""Benchmark: importing a strike log through civcas's checks, against a bare bulk insert.

Usage: .venv/bin/python bench/intake.py [--rows 50000] [--db sqlite|postgres]

Both runs write the same rows into a fresh, migrated database in one transaction; the baseline
skips every check (row models, idempotence lookup). The ratio is what validation costs. Machines
here are noisy, so only the ratio measured in one run is meaningful.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.orm import Session

from civcas.intake import load
from civcas.ledger.database import migrate, open_engine, transaction
from civcas.ledger.models import Strike

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def strike_rows(count: int) -> list[dict[str, object]]:
    rng = random.Random(1)
    start = dt.date(2014, 8, 8)
    return [
        {
            "external_id": f"S{n:07d}",
            "belligerent": "Coalition",
            "date": start + dt.timedelta(days=rng.randrange(1900)),
            "place": "near Raqqa",
            "country": "SY",
            "latitude": 35.95 + rng.uniform(-0.2, 0.2),
            "longitude": 39.01 + rng.uniform(-0.2, 0.2),
            "target": "fighting position",
            "engagements": rng.randint(1, 4),
        }
        for n in range(count)
    ]


def fresh_url(backend: str, directory: Path, name: str) -> str:
    if backend == "sqlite":
        return f"sqlite:///{directory / name}.db"
    engine = open_engine(POSTGRES)
    with engine.begin() as connection:
        connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS bench_{name} CASCADE")
        connection.exec_driver_sql(f"CREATE SCHEMA bench_{name}")
    engine.dispose()
    return f"{POSTGRES}?options=-csearch_path%3Dbench_{name}"


def drop_schemas(backend: str) -> None:
    if backend == "postgres":
        engine = open_engine(POSTGRES)
        with engine.begin() as connection:
            for name in ("baseline", "civcas"):
                connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS bench_{name} CASCADE")
        engine.dispose()


def timed(url: str, write: Callable[[Session], object]) -> float:
    engine = open_engine(url)
    migrate(engine)
    began = time.perf_counter()
    with transaction(engine) as session:
        write(session)
    elapsed = time.perf_counter() - began
    engine.dispose()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    rows = strike_rows(args.rows)
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        baseline = timed(
            fresh_url(args.db, directory, "baseline"),
            lambda session: session.execute(insert(Strike), rows),
        )
        civcas = timed(
            fresh_url(args.db, directory, "civcas"), lambda session: load(session, "strikes", rows)
        )
    drop_schemas(args.db)
    print(f"rows={args.rows} db={args.db}")
    print(f"bare insert   {baseline:8.2f} s  {args.rows / baseline:10,.0f} rows/s")
    print(f"civcas import {civcas:8.2f} s  {args.rows / civcas:10,.0f} rows/s")
    print(f"ratio civcas/bare: {civcas / baseline:.2f}")


if __name__ == "__main__":
    main()
