"""Benchmark: the register's filtered list endpoint over 1,000,000 reports, under concurrent load.

Usage: .venv/bin/python bench/register.py [--reports 1000000] [--db sqlite|postgres]
                                          [--clients 50] [--seconds 30] [--rate 500] [--workers 2]
Needs `wrk` (Debian: apt-get install wrk). It fills a fresh ledger with synthetic reports (a bulk
insert: the import path has its own benchmark), serves it with uvicorn, and drives, with --clients
connections for --seconds each (register.lua):
  noop     a no-op endpoint of the same app: the baseline measured in the same run;
  popular  144 filter sets (the links people share), after a 5 s warm-up: kept answers (the
           warm-up is repeated before each run, as the fresh run pushes them out of the cache);
  fresh    a year-long window starting on a random day: nearly every request computed anew.
Each runs flat out (capacity: requests/s) and then paced, every client pausing so that together
they offer --rate requests/s (latency at that rate). Pacing is what makes the latency target
meaningful: 50 clients that never pause keep 50 requests in flight, so by Little's law any server
slower than 1,000 requests/s shows a mean latency above 50 ms, the no-op endpoint included.
Target (issue 3): p99 ≤ 50 ms and ≥ 500 requests/s on 2 cores.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from serving import (  # bench/serving.py, beside this file
    free_port,
    require_wrk,
    serving_parser,
    start,
    stop,
)
from sqlalchemy import insert

from civcas.ledger.database import migrate, open_engine, transaction
from civcas.ledger.models import Report, Source

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SCHEMA = "bench_register"
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


def serve(url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    bench = Path(__file__).resolve().parent
    uvicorn = [sys.executable, "-m", "uvicorn", "--app-dir", str(bench), "register_app:app"]
    options = ["--port", str(port), "--log-level", "warning", "--workers", str(workers)]
    return start([*uvicorn, *options], port, {"CIVCAS_BENCH_URL": url})


def to_ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def load(base: str, mode: str, clients: int, seconds: int, pause_ms: int = 0) -> dict[str, float]:
    """p50, p99 (ms) and requests/s from wrk running register.lua; errors (non-2xx) counted."""
    output = subprocess.run(
        [
            *("wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--latency", "--timeout", "10s"),
            *("-s", str(Path(__file__).with_name("register.lua")), base, "--", mode, str(pause_ms)),
        ],
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


def measure(base: str, args: argparse.Namespace) -> dict[tuple[str, str], dict[str, float]]:
    """Each mode as fast as the clients can go (capacity), then paced to --rate (latency)."""
    # Each client's cycle is its pause plus the response time: pause 5 % short of the even share.
    pause = round(args.clients / (args.rate * 1.05) * 1000)
    results = {}
    for pacing, pause_ms in (("flat out", 0), (f"{args.rate}/s offered", pause)):
        for mode in ("noop", "popular", "fresh"):
            if mode == "popular":  # warm-up: a site in use keeps its popular answers
                load(base, mode, args.clients, 5)
            results[(mode, pacing)] = load(base, mode, args.clients, args.seconds, pause_ms)
    return results


def report(results: dict[tuple[str, str], dict[str, float]], rate: int) -> None:
    print(f"{'endpoint':9} {'load':16} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>7} {'errors':>6}")
    for (mode, pacing), figures in results.items():
        print(
            f"{mode:9} {pacing:16} {figures['p50']:8.1f} {figures['p99']:8.1f} "
            f"{figures['rps']:7.0f} {figures['errors']:6.0f}"
        )
    paced = f"{rate}/s offered"
    for mode in ("popular", "fresh"):
        flat, steady = results[(mode, "flat out")], results[(mode, paced)]
        noop = results[("noop", "flat out")]
        print(
            f"{mode}: throughput {flat['rps'] / noop['rps']:.2f}x the no-op's; "
            f"p99 at {rate}/s {steady['p99'] / results[('noop', paced)]['p99']:.1f}x the no-op's; "
            f"target (>= 500 req/s, p99 <= 50 ms) "
            + ("met" if flat["rps"] >= 500 and steady["p99"] <= 50 else "NOT met")
        )


def main() -> None:
    parser = serving_parser(
        __doc__.splitlines()[0], clients=50, seconds=30, workers=2, server="uvicorn"
    )
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--rate", type=int, default=500, help="requests/s offered when paced")
    args = parser.parse_args()
    require_wrk()
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
            results = measure(f"http://127.0.0.1:{port}", args)
        finally:
            stop(server)
    report(results, args.rate)


if __name__ == "__main__":
    main()
