"""Crash safety: an import, `civcas demo` and a linkage run are each one transaction.

Each is run as the real CLI and killed (SIGKILL) at random moments. After every kill the database
holds exactly what it held before (every row of every table, alembic_version included), and one
uninterrupted re-run then gives exactly what a run that was never interrupted gives (a reference
run on a copy of the same ledger, which is also what times the runs the kills are drawn over).

A kill counts as mid-write when the transaction had written and not ended when it died: on SQLite
its hot journal is left beside the file (rolled back by the next connection, which is what makes
the file "as before"); on PostgreSQL the killed client's backend held a transaction id.

A kill can land after the commit (the last moments of a run, or a run faster than the reference):
then the ledger must hold the complete result instead, never anything in between; the test checks
that, puts the "before" state back and goes on.

The kill moments come from random.Random($CIVCAS_CRASH_SEED, else a fresh seed); every assertion
message names the seed.

How many kills, and how large the import, is set by $CIVCAS_CRASH_SIZE: `ci` (the default, what
`make test` runs) or `full` (`make crash`; its last run is in docs/benchmarks.md). At both sizes
every command must be killed mid-write (the import on both backends); `full` kills more often,
and a larger import (see `SIZES`).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from backends import BACKENDS, postgres_schema
from sqlalchemy import MetaData, delete, insert, select, text

from civcas.ledger.database import open_engine

CLI = str(Path(sys.executable).with_name("civcas"))
SEED = int(os.environ.get("CIVCAS_CRASH_SEED") or random.SystemRandom().randrange(2**32))


@dataclass(frozen=True)
class Size:
    """How hard a crash campaign is: `SIZES`."""

    rows: int
    """Strikes in the imported file."""
    kills: dict[str, int]
    """Kills of the import, per backend."""
    short_run_kills: int
    """Kills of `civcas demo` and of a linkage run."""
    uniform_on_sqlite: bool
    """Whether the SQLite import's kills are all drawn over the whole run; otherwise half are
    timed inside its write phase, as always on PostgreSQL (see `mixed_plans`)."""


SIZES = {
    "full": Size(100_000, {"sqlite": 20, "postgres": 6}, 5, uniform_on_sqlite=True),
    "ci": Size(20_000, {"sqlite": 6, "postgres": 6}, 4, uniform_on_sqlite=False),
}
"""`full`: PostgreSQL gets fewer kills for time: each kill costs on average half a run, and its
100,000-row import is the slowest run here (16.7 s against SQLite's 12.9 s on an idle 2-core
machine; 65 s and 49 s on a busy one when this test was written). Half of its six are timed
inside the write phase, so that few kills still reach it; SQLite's run writes most of the time,
so 20 kills drawn over the whole run reach it without help. About 8 minutes of a worker's time.
`ci`: a fifth of the rows (a run of 4-7 s, 40% of it writing: the rest is starting Python and
reading the file) and kills timed as on PostgreSQL, so that six still reach the write phase on
both; four kills of the demo and of the linkage run, two of them timed inside the write phase (a
linkage run writes only at its end: of kills drawn over the whole run, few land mid-write).
About 3 to 4 minutes of a worker's time."""
SIZE_NAME = os.environ.get("CIVCAS_CRASH_SIZE", "ci")
SIZE = SIZES[SIZE_NAME]
ROWS = SIZE.rows
PRIOR = 50
"""Strikes in the ledger before the import: the file's first rows, "already recorded" by it."""
POLL = 0.02
VOLATILE = {
    "audit_events": ("at", "hash", "previous"),
    "audit_head": ("hash",),
    "link_runs": ("started_at", "finished_at"),
}
"""Columns that legitimately differ between two runs doing the same work: when it was done and
what that changes in the audit chain's hashes. In audit events' row states the same columns of
the audited row are left out too."""
UNAUDITED = {"link_runs": ("model",)}
"""Also left out of audit events' row states: a run's model is stored there as the SHA-256 of
its JSON, which holds the random name Splink gives each linker (`linker_uid`, see `model`)."""

TableDump = tuple[tuple[str, ...], list[tuple[Any, ...]]]
Dump = dict[str, TableDump]


# --- ledgers: where the CLI runs, and how the test watches it -----------------------------------


@dataclass(frozen=True)
class Ledger:
    url: str
    """What the CLI is given."""
    reader: str
    """What the test reads with (on PostgreSQL without the CLI's application_name)."""
    writing: Callable[[], bool]
    """Whether a civcas transaction on this ledger has written and not ended."""
    settle: Callable[[], None]
    """Wait until a killed client's transaction is gone (PostgreSQL ends it by itself)."""
    left_behind: bool
    """Whether the sign of writing outlives the writer (SQLite's hot journal)."""
    renumbered: bool
    """Whether ids may differ from a reference run's: PostgreSQL's sequences are not rolled back
    with a killed transaction, so a re-run after kills draws later ids."""


def sqlite_ledger(path: Path) -> Ledger:
    def writing() -> bool:
        return any(Path(f"{path}{suffix}").exists() for suffix in ("-journal", "-wal"))

    url = f"sqlite:///{path}"
    return Ledger(url, url, writing, lambda: None, left_behind=True, renumbered=False)


@contextmanager
def postgres_ledger() -> Iterator[Ledger]:
    """A new schema; the CLI's connections carry an application_name that pg_stat_activity shows,
    so a side connection sees whether their transaction has a transaction id (has written)."""
    with postgres_schema() as reader:
        name = f"civcas_crash_{uuid.uuid4().hex[:12]}"
        engine = open_engine(reader)
        side = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        query = text(
            "SELECT count(*) FILTER (WHERE backend_xid IS NOT NULL), count(*) "
            "FROM pg_stat_activity WHERE application_name = :name"
        )

        def backends() -> tuple[int, int]:
            writers, alive = side.execute(query, {"name": name}).one()
            return int(writers), int(alive)

        def settle() -> None:
            deadline = time.monotonic() + 60
            while backends()[1] and time.monotonic() < deadline:
                time.sleep(POLL)
            assert not backends()[1], f"seed {SEED}: a killed client's backend outlived 60 s"

        try:
            yield Ledger(
                f"{reader}&application_name={name}",
                reader,
                lambda: backends()[0] > 0,
                settle,
                left_behind=False,
                renumbered=True,
            )
        finally:
            side.close()
            engine.dispose()


# --- running the CLI, and killing it ------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """When to kill: `at` seconds after launch, or after the run was first seen writing."""

    at: float
    after_write_began: bool = False


@dataclass(frozen=True)
class Run:
    elapsed: float
    window: tuple[float, float] | None
    """The first and last moment the run was seen writing (seconds after launch)."""
    returncode: int
    mid_write: bool = False

    @property
    def killed(self) -> bool:
        return self.returncode == -signal.SIGKILL


def launch(ledger: Ledger, args: list[str], log: Path, plan: Plan | None = None) -> Run:
    """Run `civcas --db URL ARGS` to its end, or until `plan` says kill; watch it write."""
    with log.open("ab") as output:
        process = subprocess.Popen([CLI, "--db", ledger.url, *args], stdout=output, stderr=output)
    began, first, last = time.monotonic(), math.inf, -math.inf
    while process.poll() is None:
        now = time.monotonic() - began
        if ledger.writing():
            first, last = min(first, now), now
        start = (first if plan.after_write_began else 0.0) if plan else math.inf
        if now >= start + (plan.at if plan else 0.0):
            return kill(ledger, process, now, (first, last))
        time.sleep(POLL)
    window = (first, last) if first <= last else None
    return Run(time.monotonic() - began, window, process.returncode)


def kill(
    ledger: Ledger, process: subprocess.Popen[bytes], now: float, seen: tuple[float, float]
) -> Run:
    writing = ledger.writing()
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    if ledger.left_behind:
        writing = ledger.writing()
    window = seen if seen[0] <= seen[1] else None
    return Run(now, window, process.returncode, mid_write=writing and process.returncode < 0)


def civcas(ledger: Ledger, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CLI, "--db", ledger.url, *args], capture_output=True, text=True, check=False
    )


def verified(ledger: Ledger) -> None:
    done = civcas(ledger, "audit", "verify")
    assert done.returncode == 0, f"seed {SEED}: audit verify failed:\n{done.stdout}{done.stderr}"


# --- the database, every row of every table ----------------------------------------------------


def dump(ledger: Ledger) -> Dump:
    """Every table the database holds (reflected, so none is missed), rows in key order."""
    engine = open_engine(ledger.reader)
    try:
        with engine.connect() as connection:
            tables = MetaData()
            tables.reflect(connection)
            found: Dump = {}
            for table in tables.sorted_tables:
                order = list(table.primary_key.columns) or list(table.columns)
                rows = connection.execute(select(table).order_by(*order)).all()
                found[table.name] = (tuple(table.columns.keys()), [tuple(row) for row in rows])
            return found
    finally:
        engine.dispose()


def restore(ledger: Ledger, state: Dump) -> None:
    """Put `state` back, row for row (after a kill that came after the commit)."""
    engine = open_engine(ledger.reader)
    try:
        with engine.begin() as connection:
            tables = MetaData()
            tables.reflect(connection)
            for table in reversed(tables.sorted_tables):
                connection.execute(delete(table))
            for table in tables.sorted_tables:
                columns, rows = state[table.name]
                values = [dict(zip(columns, row, strict=True)) for row in rows]
                if values:
                    connection.execute(insert(table), values)
    finally:
        engine.dispose()


def normal(state: Dump, renumbered: bool) -> Dump:
    """`state` without what two runs of the same work may differ in (VOLATILE; ids, if
    `renumbered`: each table's ids then become their rank, in audit events' rows too)."""
    ranks = {
        name: {row[0]: rank for rank, row in enumerate(rows, 1)}
        for name, (columns, rows) in state.items()
        if renumbered and columns[:1] == ("id",)
    }
    return {name: normal_table(name, table, ranks) for name, table in state.items()}


def normal_table(name: str, table: TableDump, ranks: dict[str, dict[Any, int]]) -> TableDump:
    columns, rows = table
    kept = [i for i, column in enumerate(columns) if column not in VOLATILE.get(name, ())]
    out = []
    for row in rows:
        values = dict(zip(columns, row, strict=True))
        if name in ranks:
            values["id"] = ranks[name][values["id"]]
        if name == "link_runs":
            values["model"] = model(values["model"])
        if name == "audit_events":
            values.update(normal_event(values, ranks))
        out.append(tuple(values[columns[i]] for i in kept))
    return tuple(columns[i] for i in kept), out


def normal_event(event: dict[str, Any], ranks: dict[str, dict[Any, int]]) -> dict[str, Any]:
    """An audit event's row key and row states, with the audited row's ids and VOLATILE columns
    normalised as its table's are."""
    table = event["table_name"]
    left_out = VOLATILE.get(table, ()) + UNAUDITED.get(table, ())
    if table not in ranks and not left_out:
        return {}
    changed: dict[str, Any] = {}
    if table in ranks and event["row_key"] is not None:
        changed["row_key"] = str(ranks[table].get(int(event["row_key"]), event["row_key"]))
    for side in ("before", "after"):
        if event[side] is not None:
            values = json.loads(event[side])
            for column in left_out:
                values.pop(column, None)
            if table in ranks and "id" in values:
                values["id"] = ranks[table].get(values["id"], values["id"])
            changed[side] = json.dumps(values, sort_keys=True)
    return changed


def model(text: str) -> str:
    """A linkage run's Splink model without the random name Splink gives each linker: the rest
    (every trained parameter) is the same from run to run."""
    values = json.loads(text)
    values.pop("linker_uid")
    return json.dumps(values, sort_keys=True)


def differences(before: Dump, now: Dump) -> str:
    """Which tables differ, with their row counts: what a failed comparison shows."""
    names = sorted(set(before) | set(now))
    return "; ".join(
        f"{name}: {len(before.get(name, ((), []))[1])} rows before, "
        f"{len(now.get(name, ((), []))[1])} now"
        for name in names
        if before.get(name) != now.get(name)
    )


# --- the campaign: kill at each planned moment, check, and finally re-run ---------------------


@dataclass(frozen=True)
class Outcome:
    plan: Plan
    run: Run
    rolled_back: bool


def crash(
    ledger: Ledger, args: list[str], plans: list[Plan], complete: Dump, log: Path
) -> list[Outcome]:
    """Kill a run at each planned moment; after each the ledger is exactly as before, or (the
    kill came after the commit) exactly complete, then put back as before."""
    before, outcomes = dump(ledger), []
    for number, plan in enumerate(plans, 1):
        run = launch(ledger, args, log, plan)
        ledger.settle()
        now = dump(ledger)
        where = f"seed {SEED}: kill {number} ({plan}, {run})"
        assert run.killed or run.returncode == 0, f"{where}: the run failed; see {log}"
        if now != before:
            assert normal(now, ledger.renumbered) == complete, (
                f"{where} left a half-written database: {differences(before, now)}"
            )
            restore(ledger, before)
            assert dump(ledger) == before, f"{where}: could not put the ledger back"
        outcomes.append(Outcome(plan, run, rolled_back=now == before))
    return outcomes


def rerun(ledger: Ledger, args: list[str], complete: Dump, log: Path) -> None:
    """After the kills: the audit chain verifies, and one uninterrupted run completes exactly."""
    verified(ledger)
    run = launch(ledger, args, log)
    assert run.returncode == 0, f"seed {SEED}: the re-run failed; see {log}"
    now = normal(dump(ledger), ledger.renumbered)
    assert now == complete, f"seed {SEED}: the re-run differs: {differences(complete, now)}"
    verified(ledger)


def report(label: str, outcomes: list[Outcome]) -> str:
    mid = sum(o.run.mid_write for o in outcomes)
    late = sum(not o.rolled_back for o in outcomes)
    line = (
        f"{label}: {len(outcomes)} kills, {mid} mid-write, {late} after the commit "
        f"(size {SIZE_NAME}, seed {SEED})"
    )
    print(line)
    return line


def mixed_plans(rng: random.Random, reference: Run, count: int) -> list[Plan]:
    """Half the kills anywhere in the run, half inside its write phase (timed from when this
    run is first seen writing: a short write phase is otherwise rarely hit)."""
    assert reference.window, f"seed {SEED}: the reference run was never seen writing"
    writing = reference.window[1] - reference.window[0]
    return [
        Plan(rng.uniform(0, writing), after_write_began=True)
        if n % 2
        else Plan(rng.uniform(0, reference.elapsed))
        for n in range(count)
    ]


# --- imports ----------------------------------------------------------------------------------

STRIKE_COLUMNS = ["external_id", "belligerent", "date", "place", "country", "latitude",
                  "longitude", "target", "engagements"]  # fmt: skip
SOURCES = """name,type,public,url,description
Airwars,monitor,,https://airwars.org,
Raqqa Is Being Slaughtered Silently,social_media,,,
"""
REPORTS = """external_id,source,date_start,date_end,date_precision,country,latitude,longitude,\
killed_min,killed_max,received_at
AW-1042,Airwars,2017-03-17,,day,IRQ,36.3402,43.1287,105,141,2017-03-18T09:15:00+03:00
RIBSS-88,Raqqa Is Being Slaughtered Silently,2017-08-01,2017-08-07,week,SY,,,3,5,2017-08-09T10:00:00
"""


def strike_rows(count: int) -> list[list[object]]:
    """A strike log like bench/intake.py's."""
    rng, start = random.Random(1), dt.date(2014, 8, 8)
    return [
        [f"S{n:07d}", "Coalition", (start + dt.timedelta(days=rng.randrange(1900))).isoformat(),
         "near Raqqa", "SY", round(35.95 + rng.uniform(-0.2, 0.2), 5),
         round(39.01 + rng.uniform(-0.2, 0.2), 5), "fighting position", rng.randint(1, 4)]
        for n in range(count)
    ]  # fmt: skip


def write_csv(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(STRIKE_COLUMNS)
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The strike file (`ROWS` strikes), and a directory of what the ledger holds before it: two
    sources, two reports and the file's first strikes."""
    directory = tmp_path_factory.mktemp("files")
    rows = strike_rows(ROWS)
    prior = directory / "prior"
    prior.mkdir()
    (prior / "sources.csv").write_text(SOURCES, encoding="utf-8")
    (prior / "reports.csv").write_text(REPORTS, encoding="utf-8")
    write_csv(prior / "strikes.csv", rows[:PRIOR])
    return write_csv(directory / "strikes.csv", rows), prior


def prepared(ledger: Ledger, prior: Path) -> Ledger:
    done = civcas(ledger, "import", "all", str(prior))
    assert done.returncode == 0, done.stderr
    return ledger


@contextmanager
def import_ledgers(backend: str, directory: Path, prior: Path) -> Iterator[tuple[Ledger, Ledger]]:
    """Two ledgers holding the same before state: one to kill imports on, one for reference."""
    if backend == "sqlite":
        first = prepared(sqlite_ledger(directory / "crash.db"), prior)
        shutil.copy(directory / "crash.db", directory / "reference.db")
        yield first, sqlite_ledger(directory / "reference.db")
        return
    with postgres_ledger() as crashed, postgres_ledger() as reference:
        yield prepared(crashed, prior), prepared(reference, prior)


@pytest.mark.parametrize("backend", BACKENDS)
def test_killed_import_leaves_the_ledger_as_before(
    backend: str, files: tuple[Path, Path], tmp_path: Path
) -> None:
    """SIGKILL a strike import (100,000 rows in full size) at moments drawn over a whole run:
    nothing of it may remain, and a re-run then imports exactly what an uninterrupted import
    does."""
    strikes, prior = files
    args, log = ["import", "strikes", str(strikes)], tmp_path / "civcas.log"
    with import_ledgers(backend, tmp_path, prior) as (ledger, reference):
        before = dump(ledger)
        assert len(before["strikes"][1]) == PRIOR and len(before["reports"][1]) == 2
        timed = launch(reference, args, log)
        assert timed.returncode == 0, f"the reference import failed; see {log}"
        complete = normal(dump(reference), reference.renumbered)
        assert len(complete["strikes"][1]) == ROWS
        rng = random.Random(SEED)
        kills = SIZE.kills[backend]
        plans = (
            [Plan(rng.uniform(0, timed.elapsed)) for _ in range(kills)]
            if backend == "sqlite" and SIZE.uniform_on_sqlite  # see SIZES
            else mixed_plans(rng, timed, kills)
        )
        outcomes = crash(ledger, args, plans, complete, log)
        assert dump(ledger) == before
        rerun(ledger, args, complete, log)
    line = report(f"import on {backend} ({timed.elapsed:.1f} s a run)", outcomes)
    assert sum(o.run.mid_write for o in outcomes) >= 2, f"{line}: too few kills mid-write"
    assert sum(o.rolled_back for o in outcomes) >= len(outcomes) // 2, line


# --- the demo and linkage -------------------------------------------------------------------


@dataclass(frozen=True)
class Demo:
    empty: Path
    """A migrated, empty ledger."""
    loaded: Path
    """A copy of it after an uninterrupted `civcas demo`."""
    run: Run


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    directory = tmp_path_factory.mktemp("demo")
    empty = sqlite_ledger(directory / "empty.db")
    assert civcas(empty, "migrate").returncode == 0
    shutil.copy(directory / "empty.db", directory / "loaded.db")
    run = launch(sqlite_ledger(directory / "loaded.db"), ["demo"], directory / "civcas.log")
    assert run.returncode == 0, f"the reference demo failed; see {directory / 'civcas.log'}"
    return Demo(directory / "empty.db", directory / "loaded.db", run)


def copy_of(path: Path, target: Path) -> Ledger:
    shutil.copy(path, target)
    return sqlite_ledger(target)


def test_killed_demo_leaves_the_ledger_as_before(demo: Demo, tmp_path: Path) -> None:
    """`civcas demo` killed anywhere leaves the migrated ledger empty; its re-run gives the same
    ledger as an uninterrupted run (the demo is seeded: a second run on a fresh copy agrees)."""
    ledger, log = copy_of(demo.empty, tmp_path / "crash.db"), tmp_path / "civcas.log"
    complete = normal(dump(sqlite_ledger(demo.loaded)), renumbered=False)
    assert len(complete["strikes"][1]) > 10_000
    rng = random.Random(SEED + 1)
    outcomes = crash(
        ledger, ["demo"], mixed_plans(rng, demo.run, SIZE.short_run_kills), complete, log
    )
    assert dump(ledger) == dump(sqlite_ledger(demo.empty))
    rerun(ledger, ["demo"], complete, log)
    line = report(f"demo on sqlite ({demo.run.elapsed:.1f} s a run)", outcomes)
    assert sum(o.run.mid_write for o in outcomes) >= 1, f"{line}: no kill mid-write"


def test_killed_link_run_leaves_the_ledger_as_before(demo: Demo, tmp_path: Path) -> None:
    """`civcas link reports` (DuckDB) on the demo ledger, killed anywhere, stores nothing; a
    complete re-run stores what an uninterrupted run does: the same run (but for its start and
    finish times), clusters and review pairs. Ids agree too: SQLite reuses the rolled-back ones."""
    ledger, log = copy_of(demo.loaded, tmp_path / "crash.db"), tmp_path / "civcas.log"
    reference = copy_of(demo.loaded, tmp_path / "reference.db")
    args = ["link", "reports"]
    timed = launch(reference, args, log)
    assert timed.returncode == 0, f"the reference link run failed; see {log}"
    complete = normal(dump(reference), renumbered=False)
    assert complete["link_clusters"][1] and complete["link_pairs"][1]
    rng = random.Random(SEED + 2)
    outcomes = crash(ledger, args, mixed_plans(rng, timed, SIZE.short_run_kills), complete, log)
    assert not dump(ledger)["link_runs"][1]
    rerun(ledger, args, complete, log)
    line = report(f"link run on sqlite ({timed.elapsed:.1f} s a run)", outcomes)
    assert sum(o.run.mid_write for o in outcomes) >= 1, f"{line}: no kill mid-write"
