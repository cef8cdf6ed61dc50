"""Load test: the public reading the site while analysts write to it, on SQLite or PostgreSQL.

Usage: .venv/bin/python bench/load.py [--db sqlite|postgres] [--clients 100] [--seconds 60]
                                      [--writers 2] [--demo | --reports 100000] [--workers 2]
Not a timed test (issue "Trust"): the target is 0 errors under load; p50/p99 are recorded in
docs/benchmarks.md. Needs `wrk` (Debian: apt-get install wrk).

It builds a fresh ledger (a SQLite file, or a fresh schema in PostgreSQL at 127.0.0.1:5432, db
`test`, as bench/register.py does): the demo scenario with --demo (realistic: strikes, decisions,
gradings, statements), else --reports synthetic reports (bench/register.py's bulk fill: quicker,
reports only). It adds one reviewer per writer with an API token, starts `civcas serve` and runs:
  warm-up   readers for 5 s (not recorded);
  readers   --clients wrk connections for --seconds over a weighted mix of public URLs
            (load.lua): the register's API list and HTML page with filters, report details (API
            and page), the strike log, monthly statements, the home, map and methodology pages;
            the baseline for the readers, measured in the same run;
  writers   --writers analysts alone for a third of --seconds: the baseline for the writers;
  both      readers and writers together for --seconds: the load that counts.
Each writer (a Python thread, urllib, one request at a time, no pause: harsher than people) posts
gradings with fresh graded_at timestamps (always accepted: 201) and, one request in ten, a
decision carrying a stale `version` (0, on a report it has just graded): 409, counted apart as
expected. Errors: any other non-2xx/3xx answer, socket errors and timeouts (10 s). Exits with
status 1 if there were any.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import register  # bench/register.py, beside this file
from register import fill, to_ms
from serving import (  # bench/serving.py, beside this file
    free_port,
    require_wrk,
    serving_parser,
    start,
    stop,
)
from sqlalchemy import func, select

from civcas.accounts import add_user, issue_token
from civcas.ledger.database import migrate, open_engine, transaction
from civcas.ledger.models import Report

register.SCHEMA = "bench_load"  # ledger_url's PostgreSQL schema: not the register benchmark's
TIMEOUT = 10.0
GRADES = ["confirmed", "fair", "weak", "contested", "discounted"]
OUTCOMES = ["open", "credible", "not_credible", "duplicate"]
# Of every 40 reader requests: path kind -> weight.
MIX = {
    "api_list": 8,
    "api_report": 8,
    "register_page": 6,
    "report_page": 6,
    "api_strikes": 4,
    "api_statement": 2,
    "api_statements": 1,
    "home": 2,
    "map": 2,
    "methodology": 1,
}


def build(url: str, args: argparse.Namespace) -> None:
    """The ledger: the demo, or --reports synthetic reports."""
    if not args.demo:
        fill(url, args.reports)
        return
    from civcas.demo import load_demo

    engine = open_engine(url)
    migrate(engine)
    with transaction(engine) as session:
        added = load_demo(session, 2018)
    print("demo: " + ", ".join(f"{kind} {count:,}" for kind, count in added.items()))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql(
            "ANALYZE" if engine.dialect.name == "sqlite" else "VACUUM ANALYZE"
        )
    engine.dispose()


def analysts(url: str, count: int) -> tuple[list[str], list[int], tuple[dt.date, dt.date]]:
    """`count` reviewers' API tokens, report ids to read and write, and the reports' date span."""
    engine = open_engine(url)
    with transaction(engine) as session:
        tokens = []
        for n in range(count):
            user = add_user(session, f"load-analyst-{n}", "reviewer", "load test password")
            session.flush()
            tokens.append(issue_token(session, user))
        ids = list(session.scalars(select(Report.id)))
        first, last = session.execute(
            select(func.min(Report.date_start), func.max(Report.date_start))
        ).one()
    engine.dispose()
    return tokens, ids, (first, last)


def reader_paths(ids: list[int], span: tuple[dt.date, dt.date], count: int = 6000) -> list[str]:
    """`count` request paths, each kind as often as MIX says, over random reports and windows."""
    rng = random.Random(2026)
    first, last = span
    days = max(1, (last - first).days)

    def window() -> str:
        start = first + dt.timedelta(days=rng.randrange(days))
        end = start + dt.timedelta(days=rng.choice([30, 90, 365]))
        return f"date_from={start}&date_to={end}"

    def filters() -> str:
        parts = [window()]
        if rng.random() < 0.7:
            parts.append(f"country={rng.choice(['IQ', 'SY'])}")
        if rng.random() < 0.5:
            parts.append(f"outcome={rng.choice(OUTCOMES)}")
        if rng.random() < 0.3:
            parts.append(f"page={rng.randint(2, 3)}")
        return "&".join(parts)

    def month() -> str:
        day = first + dt.timedelta(days=rng.randrange(days))
        return f"{day:%Y-%m}"

    make = {
        "api_list": lambda: f"/api/v1/reports?{filters()}",
        "api_report": lambda: f"/api/v1/reports/{rng.choice(ids)}",
        "register_page": lambda: f"/register?{filters()}",
        "report_page": lambda: f"/reports/{rng.choice(ids)}",
        "api_strikes": lambda: f"/api/v1/strikes?{window()}",
        "api_statement": lambda: f"/api/v1/statement?month={month()}",
        "api_statements": lambda: "/api/v1/statements",
        "home": lambda: "/",
        "map": lambda: "/map",
        "methodology": lambda: "/methodology",
    }
    kinds = [kind for kind, weight in MIX.items() for _ in range(weight)]
    return [make[rng.choice(kinds)]() for _ in range(count)]


def serve(url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    """`civcas serve`, as deployed; returns once the port accepts connections."""
    civcas = Path(sys.executable).with_name("civcas")
    command = [str(civcas), "--db", url, "serve", "--host", "127.0.0.1", "--port", str(port)]
    return start([*command, "--workers", str(workers)], port)


def check_paths(base: str, paths: list[str]) -> None:
    """One request of each kind before the load: a broken URL should stop the run, not count."""
    seen = set()
    for path in paths:
        kind = path.split("?")[0].rstrip("0123456789")
        if kind in seen:
            continue
        seen.add(kind)
        with urllib.request.urlopen(base + path, timeout=120) as answer:  # cold: be patient
            answer.read()


def readers(base: str, paths_file: Path, clients: int, seconds: int) -> dict[str, Any]:
    """wrk running load.lua: p50, p99 (ms), requests/s, errors by kind."""
    output = subprocess.run(
        [
            *("wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--latency"),
            *("--timeout", f"{TIMEOUT:.0f}s", "-s", str(Path(__file__).with_name("load.lua"))),
            *(base, "--", str(paths_file)),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    percentile = dict(
        (p, to_ms(v)) for p, v in re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE)
    )
    if len(percentile) != 2:
        raise RuntimeError(f"could not read wrk's output:\n{output}")
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    requests = re.search(r"(\d+) requests in", output)
    statuses = dict(re.findall(r"^status (\d+): (\d+)$", output, re.MULTILINE))
    kinds = {f"HTTP {code}": int(n) for code, n in statuses.items()}
    if socket_errors:
        names = ("connect", "read", "write", "timeout")
        for name, n in zip(names, socket_errors.groups(), strict=True):
            if int(n):
                kinds[f"socket {name}"] = int(n)
    return {
        "requests": int(requests.group(1)) if requests else 0,
        "errors": (int(non2xx.group(1)) if non2xx else 0)
        + (sum(int(n) for n in socket_errors.groups()) if socket_errors else 0),
        "expected": 0,
        "p50": percentile["50"],
        "p99": percentile["99"],
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),  # type: ignore[union-attr]
        "kinds": kinds,
    }


class Writers:
    """Analysts posting gradings (and now and then a stale decision) until stopped."""

    def __init__(self, base: str, tokens: list[str], ids: list[int]) -> None:
        self.base, self.tokens, self.ids = base, tokens, ids
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.errors: dict[str, int] = {}
        self.samples: list[str] = []
        self.expected = 0
        self.requests = 0

    def post(self, token: str, path: str, body: dict[str, Any]) -> tuple[int, str]:
        request = urllib.request.Request(
            self.base + path,
            data=json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as refused:
            return refused.code, refused.read().decode(errors="replace")

    def record(self, began: float, outcome: str | None, detail: str = "") -> None:
        with self.lock:
            self.requests += 1
            self.latencies.append((time.perf_counter() - began) * 1000)
            if outcome == "expected":
                self.expected += 1
            elif outcome is not None:
                self.errors[outcome] = self.errors.get(outcome, 0) + 1
                if len(self.samples) < 5:
                    self.samples.append(f"{outcome}: {detail[:300]}")

    def work(self, n: int) -> None:
        rng = random.Random(n)
        token = self.tokens[n]
        graded: int | None = None
        step = 0
        while not self.stop.is_set():
            step += 1
            began = time.perf_counter()
            try:
                if graded is not None and step % 10 == 0:
                    # A decision on a report that has changed (we graded it) since version 0.
                    status, text = self.post(
                        token,
                        f"/api/v1/reports/{graded}/assessments",
                        {"outcome": "not_credible", "reason_code": "no_strikes_in_area"}
                        | {"version": 0},
                    )
                    self.record(began, "expected" if status == 409 else f"decision {status}", text)
                    continue
                report = rng.choice(self.ids)
                low = rng.randrange(10)
                now = dt.datetime.now(dt.UTC).isoformat()  # fresh: never a repeat of a grading
                status, text = self.post(
                    token,
                    f"/api/v1/reports/{report}/gradings",
                    {"monitor": "Load Monitor", "grade": rng.choice(GRADES)}
                    | {"killed_min": low, "killed_max": low + rng.randrange(4), "graded_at": now},
                )
                if status == 201:
                    graded = report
                self.record(began, None if status == 201 else f"grading {status}", text)
            except (OSError, TimeoutError) as failure:  # socket errors, timeouts
                self.record(began, f"socket {type(failure).__name__}", str(failure))

    def run(self, seconds: float) -> dict[str, Any]:
        threads = [threading.Thread(target=self.work, args=(n,)) for n in range(len(self.tokens))]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        self.stop.wait(seconds)
        self.stop.set()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - began
        ordered = sorted(self.latencies) or [0.0]
        return {
            "requests": self.requests,
            "errors": sum(self.errors.values()),
            "expected": self.expected,
            "p50": ordered[len(ordered) // 2],
            "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))],
            "rps": self.requests / elapsed,
            "kinds": dict(self.errors),
            "samples": list(self.samples),
        }


def writers(base: str, tokens: list[str], ids: list[int], seconds: float) -> dict[str, Any]:
    return Writers(base, tokens, ids).run(seconds)


def together(
    base: str, paths_file: Path, tokens: list[str], ids: list[int], args: argparse.Namespace
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Readers (wrk) and writers at once, for --seconds."""
    crew = Writers(base, tokens, ids)
    box: dict[str, Any] = {}
    thread = threading.Thread(target=lambda: box.update(crew.run(args.seconds + 1)))
    thread.start()  # the writers start first and stop last: wrk's whole run is under writes
    time.sleep(0.5)
    read = readers(base, paths_file, args.clients, args.seconds)
    thread.join()
    return read, box


def show(rows: list[tuple[str, str, dict[str, Any]]]) -> None:
    print(
        f"{'phase':18} {'class':8} {'requests':>9} {'errors':>6} {'409s':>5} "
        f"{'p50 ms':>8} {'p99 ms':>8} {'req/s':>7}"
    )
    for phase, kind, figures in rows:
        print(
            f"{phase:18} {kind:8} {figures['requests']:9,} {figures['errors']:6} "
            f"{figures['expected']:5} {figures['p50']:8.1f} {figures['p99']:8.1f} "
            f"{figures['rps']:7.1f}"
        )
        for name, count in figures["kinds"].items():
            print(f"    error {name}: {count}")
        for sample in figures.get("samples", []):
            print(f"    e.g. {sample}")


def main() -> None:
    parser = serving_parser(
        __doc__.splitlines()[0], clients=100, seconds=60, workers=2, server="civcas serve"
    )
    parser.add_argument("--writers", type=int, default=2, help="analysts writing meanwhile")
    parser.add_argument("--demo", action="store_true", help="the demo scenario (about 40 s)")
    parser.add_argument("--reports", type=int, default=100_000, help="synthetic, without --demo")
    args = parser.parse_args()
    require_wrk()
    with tempfile.TemporaryDirectory() as tmp:
        url = register.ledger_url(args.db, Path(tmp))
        began = time.perf_counter()
        build(url, args)
        tokens, ids, span = analysts(url, args.writers)
        paths_file = Path(tmp) / "paths.txt"
        paths = reader_paths(ids, span)
        paths_file.write_text("\n".join(paths) + "\n")
        print(
            f"ledger ({args.db}, {'demo' if args.demo else f'{args.reports:,} synthetic'}): "
            f"{len(ids):,} reports, built in {time.perf_counter() - began:.0f} s; "
            f"civcas serve with {args.workers} worker(s), {args.clients} readers, "
            f"{args.writers} writers, {args.seconds} s"
        )
        port = free_port()
        server = serve(url, port, args.workers)
        base = f"http://127.0.0.1:{port}"
        try:
            check_paths(base, paths)
            readers(base, paths_file, args.clients, 5)  # warm-up
            alone = readers(base, paths_file, args.clients, args.seconds)
            solo = writers(base, tokens, ids, max(5, args.seconds // 3))
            read, write = together(base, paths_file, tokens, ids, args)
        finally:
            stop(server)
    show(
        [
            ("readers alone", "readers", alone),
            ("writers alone", "writers", solo),
            ("readers + writers", "readers", read),
            ("readers + writers", "writers", write),
        ]
    )
    print(
        f"under writes: readers p99 {read['p99'] / alone['p99']:.2f}x, "
        f"throughput {read['rps'] / alone['rps']:.2f}x the readers alone; "
        f"writers p99 {write['p99'] / solo['p99']:.2f}x, "
        f"throughput {write['rps'] / solo['rps']:.2f}x the writers alone"
    )
    errors = sum(f["errors"] for f in (alone, solo, read, write))
    print(f"errors: {errors}" + (" (target: 0) FAILED" if errors else " (target: 0) met"))
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
