"""Benchmark: the register's filtered list endpoint over 1,000,000 reports, under concurrent load.

Usage: .venv/bin/python bench/register.py [--reports 1000000] [--db sqlite|postgres]
                                          [--clients 50] [--seconds 30]
Needs `wrk` (Debian: apt-get install wrk). It fills a fresh ledger with synthetic reports (a bulk
insert: the import path has its own benchmark), serves it with uvicorn (one process), and drives
/api/v1/reports with filters, and a no-op endpoint of the same app, each for --seconds with
--clients connections: p50/p99 latency and requests/s, and the ratio of the two in the same run.
Target (issue 3): p99 ≤ 50 ms and ≥ 500 requests/s on 2 cores.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

from civcas.ledger.database import migrate, open_engine, transaction
from civcas.ledger.models import Report, Source

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SCHEMA = "bench_register"
QUERY = "/api/v1/reports?country=SY&outcome=not_credible&date_from=2016-01-01&date_to=2016-12-31"
CITIES = [("IQ", 36.34, 43.13), ("IQ", 33.42, 43.30), ("SY", 35.95, 39.01), ("SY", 35.34, 40.14)]
OUTCOMES = ["open", "credible", "not_credible", "not_credible", "not_credible", "duplicate"]


def ledger_url(backend: str, directory: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{directory / 'register.db'}"
    engine = open_engine(POSTGRES)
    with engine.begin() as connection:
        connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        connection.exec_driver_sql(f"CREATE SCHEMA {SCHEMA}")
    engine.dispose()
    return f"{POSTGRES}?options=-csearch_path%3D{SCHEMA}"


def fill(url: str, count: int) -> None:
    """`count` synthetic reports, spread over 2014–2019 and four cities."""
    rng = random.Random(2018)
    engine = open_engine(url)
    migrate(engine)
    with transaction(engine) as session:
        session.execute(
            insert(Source),
            [{"name": f"source {n}", "type": "media", "public": True} for n in range(1, 21)],
        )
    start = dt.date(2014, 8, 8)
    for first in range(0, count, 50_000):
        rows = []
        for n in range(first, min(count, first + 50_000)):
            country, lat, lon = rng.choice(CITIES)
            day = start + dt.timedelta(days=rng.randrange(1900))
            low = rng.randrange(0, 20)
            outcome = rng.choice(OUTCOMES)
            rows.append(
                {
                    "source_id": rng.randint(1, 20),
                    "external_id": f"R{n:07d}",
                    "date_start": day,
                    "date_end": day,
                    "date_precision": "day",
                    "place": "near the city",
                    "country": country,
                    "latitude": lat + rng.uniform(-0.1, 0.1),
                    "longitude": lon + rng.uniform(-0.1, 0.1),
                    "location_precision": "town",
                    "killed_min": low,
                    "killed_max": low + rng.randrange(5),
                    "received_at": dt.datetime.combine(day, dt.time(12)) + dt.timedelta(days=3),
                    "outcome": outcome,
                    "reason_code": None
                    if outcome == "open"
                    else ("no_strikes_in_area" if outcome == "not_credible" else outcome),
                }
            )
        with transaction(engine) as session:
            session.execute(insert(Report), rows)
    # Planner statistics (and PostgreSQL's visibility map), as any bulk load is followed by.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql(
            "ANALYZE" if engine.dialect.name == "sqlite" else "VACUUM ANALYZE"
        )
    engine.dispose()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    bench = Path(__file__).resolve().parent
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--app-dir",
            str(bench),
            "register_app:app",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--workers",
            str(workers),
        ],
        env={**os.environ, "CIVCAS_BENCH_URL": url},
    )
    for _ in range(300):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return process
        time.sleep(0.1)
    process.kill()
    raise TimeoutError("the benchmark server did not start")


def to_ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def load(url: str, clients: int, seconds: int) -> dict[str, float]:
    """p50, p99 (ms) and requests/s from wrk; errors (non-2xx, timeouts) counted too."""
    output = subprocess.run(
        ["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--latency", "--timeout", "10s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    percentile = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    if len(percentile) != 2:
        raise RuntimeError(f"could not read wrk's output:\n{output}")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "p50": to_ms(percentile["50"]),
        "p99": to_ms(percentile["99"]),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),  # type: ignore[union-attr]
        "errors": float(errors.group(1)) if errors else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk")
    with tempfile.TemporaryDirectory() as tmp:
        url = ledger_url(args.db, Path(tmp))
        began = time.perf_counter()
        fill(url, args.reports)
        print(
            f"filled {args.reports:,} reports ({args.db}) in {time.perf_counter() - began:.0f} s;"
            f" serving with {args.workers} worker(s)"
        )
        port = free_port()
        server = serve(url, port, args.workers)
        try:
            base = f"http://127.0.0.1:{port}"
            noop = load(base + "/bench/noop", args.clients, args.seconds)
            register = load(base + QUERY, args.clients, args.seconds)
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
    for name, figures in (("no-op endpoint", noop), ("register endpoint", register)):
        print(
            f"{name:18} p50 {figures['p50']:7.1f} ms  p99 {figures['p99']:7.1f} ms  "
            f"{figures['rps']:8.0f} req/s  errors {figures['errors']:.0f}"
        )
    print(
        f"ratio register/no-op: p99 {register['p99'] / noop['p99']:.1f}x, "
        f"throughput {register['rps'] / noop['rps']:.2f}"
    )


if __name__ == "__main__":
    main()
