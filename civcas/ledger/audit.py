"""The ledger's tamper-evident history: every change civcas makes, chained by SHA-256.

A casualty record is evidence, and the belligerent, monitors and courts will ask whether it was
changed. So every row civcas inserts or updates in the evidential tables (`AUDITED`), and every
export, becomes an `AuditEvent`: who (the actor), when, what, the row's state before and after
as canonical JSON, and a SHA-256 over all of that and the previous event's hash. `verify` walks
the chain and then the tables: an event edited, inserted or removed breaks the chain; a row
edited, inserted or deleted behind civcas's back (raw SQL) no longer matches the state the chain
last recorded for it. Whoever can rewrite the whole database can rewrite the whole chain too, so
the head hash `verify` prints is worth keeping elsewhere (`--expect-head` checks it).

Derived tables that civcas recomputes at will (strike matches, a run's clusters and review
pairs, the revision counter) are not audited; a linkage run itself is. State canonicalisation:
dates and times in ISO form, enums by value, texts longer than `DIGESTED` characters (archived
documents, summaries, Splink models) and password hashes as their SHA-256, so events stay small
while any edit still shows.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from enum import Enum
from functools import cache
from typing import Any, NamedTuple, cast

from sqlalchemy import (
    Float,
    String,
    Table,
    func,
    insert,
    inspect,
    select,
    text,
    tuple_,
    update,
)
from sqlalchemy.orm import Session

from civcas.ledger.models import AuditEvent, AuditHead, Base

GENESIS = "0" * 64
AUDITED = (
    "sources",
    "reports",
    "documents",
    "report_documents",
    "strikes",
    "assessments",
    "gradings",
    "victims",
    "claims",
    "link_runs",
    "link_decisions",
    "users",
)
DIGESTED = 200
LATER_COLUMNS: Mapping[str, Any] = {
    "sources.simulated": False,
    "strikes.simulated": False,
    "claims.place": None,
    "claims.perpetrator": None,
    "reports.data_quality": None,
    "strikes.strikes": 1,
    "strikes.location_precision": None,
    "strikes.document_id": None,
    "strikes.reported_on": None,
}
"""Columns added after the chain began (table.column), with the value their migration gave
every row then.
A state leaves such a column out while it holds that value: the states recorded before it
existed still match their rows, and setting it (a row made by `civcas demo`) still shows."""
SECRETS = frozenset({"password_hash"})
CHUNK = 500
Stored = Mapping[Any, Any]  # a row by column name (SQLAlchemy's RowMapping or a plain dict)


def later_columns(table: Table) -> dict[str, Any]:
    """The LATER_COLUMNS of `table`, by column name."""
    prefix = f"{table.name}."
    return {k[len(prefix) :]: v for k, v in LATER_COLUMNS.items() if k.startswith(prefix)}


def _system_actor() -> str:
    try:
        return f"system:{getpass.getuser()}"
    except (KeyError, OSError):  # no user name in a bare container
        return "system"


SYSTEM_ACTOR = _system_actor()
_acting: ContextVar[str | None] = ContextVar("civcas_actor", default=None)


def set_actor(actor: str) -> None:
    """Attribute every change this process makes from now on to `actor` (`civcas --actor`)."""
    _acting.set(actor)


@contextmanager
def acting_as(actor: str) -> Iterator[None]:
    """Attribute the changes made inside to `actor` (the CLI's --actor, a signed-in user)."""
    token = _acting.set(actor)
    try:
        yield
    finally:
        _acting.reset(token)


def actor_of(session: Session) -> str:
    """Who is changing the ledger: the session's user if one is signed in, else the context's."""
    return str(session.info.get("actor") or _acting.get() or SYSTEM_ACTOR)


def table_of(name: str) -> Table:
    return cast(Table, Base.metadata.tables[name])


# --- canonical row states --------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """What JSON cannot write by itself: dates and times in ISO form, other enums by value
    (civcas's vocabularies are string enums, which JSON writes as their value)."""
    if isinstance(value, dt.date | dt.time):  # datetimes too
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    raise TypeError(f"cannot audit a {type(value).__name__}")


# One encoder each, made once: json.dumps builds a new one per call when given options.
_STATE_JSON = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, default=_plain)
_EVENT_JSON = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)


class _Plan(NamedTuple):
    """How a table's rows become states, worked out once per table: positions are in the
    table's column order, which is the order of `select(table)` and of the states' keys."""

    names: tuple[str, ...]
    secrets: tuple[int, ...]  # always digested
    texts: tuple[int, ...]  # digested when longer than DIGESTED
    reals: tuple[int, ...]  # SQLite hands back 36 as written and 36.0 as stored
    key: tuple[int, ...]
    report: int | None  # the column naming the row's report
    later: tuple[tuple[str, Any], ...]  # LATER_COLUMNS of this table, with their first value


@cache
def _plan(table: Table) -> _Plan:
    columns = list(table.columns)
    names = tuple(column.name for column in columns)
    texts = [i for i, column in enumerate(columns) if isinstance(column.type, String)]
    report = "id" if table.name == "reports" else "report_id"
    return _Plan(
        names,
        tuple(i for i in texts if names[i] in SECRETS),
        tuple(i for i in texts if names[i] not in SECRETS),
        tuple(i for i, column in enumerate(columns) if isinstance(column.type, Float)),
        tuple(names.index(column.name) for column in table.primary_key.columns),
        names.index(report) if report in names else None,
        tuple((name, first) for name, first in later_columns(table).items() if name in names),
    )


def _sha256_text(value: str) -> str:
    return "sha256:" + hashlib.sha256(value.encode("utf-8")).hexdigest()


def _canonical(plan: _Plan, row: Sequence[Any]) -> str:
    """A row given as its values in column order, as canonical JSON."""
    values = list(row)
    for i in plan.secrets:
        if values[i] is not None:
            values[i] = _sha256_text(values[i])
    for i in plan.texts:
        value = values[i]
        if value is not None and len(value) > DIGESTED:
            values[i] = _sha256_text(value)
    for i in plan.reals:
        if values[i] is not None:
            values[i] = float(values[i])
    state = dict(zip(plan.names, values, strict=True))
    for name, first in plan.later:
        if state[name] == first:
            del state[name]
    return _STATE_JSON.encode(state)


def _key(plan: _Plan, row: Sequence[Any]) -> str:
    return "/".join([str(row[i]) for i in plan.key])


def _report(plan: _Plan, row: Sequence[Any]) -> int | None:
    value = None if plan.report is None else row[plan.report]
    return None if value is None else int(value)


def _values(plan: _Plan, row: Stored) -> list[Any]:
    return [row[name] for name in plan.names]


def state(table: Table, row: Stored) -> str:
    """A row as canonical JSON, columns in the table's order: the same row gives the same text
    on SQLite and PostgreSQL."""
    plan = _plan(table)
    return _canonical(plan, _values(plan, row))


def row_key(table: Table, row: Stored) -> str:
    plan = _plan(table)
    return _key(plan, _values(plan, row))


def report_of(table: Table, row: Stored) -> int | None:
    """The report a row belongs to, so `civcas audit show REPORT` can gather its history."""
    plan = _plan(table)
    return _report(plan, _values(plan, row))


# --- appending -----------------------------------------------------------------------------


class Change(NamedTuple):
    """One event's content, before it is chained."""

    action: str
    table_name: str | None
    row_key: str | None
    report_id: int | None
    before: str | None
    after: str | None


def event_hash(previous: str, seq: int, at: dt.datetime, actor: str, change: Change) -> str:
    """SHA-256 of the previous hash and the event's every field, in a fixed order."""
    return _event_hash(previous, seq, at.isoformat(), actor, change)


def _event_hash(previous: str, seq: int, at: str, actor: str, change: Change) -> str:
    payload = _EVENT_JSON.encode([seq, at, actor, *change])
    return hashlib.sha256((previous + payload).encode("utf-8")).hexdigest()


def hold_head(session: Session) -> None:
    """Lock the chain's head now, for a writer about to read what it will then insert (a new
    monitor's source): every writer appends under this lock, so whoever holds it has committed
    or not started, and a read after it sees the other's rows (PostgreSQL reads committed rows
    afresh per statement; SQLite has one writer at a time)."""
    session.execute(select(AuditHead.seq).with_for_update())


def append(session: Session, changes: Sequence[Change]) -> None:
    """Chain `changes` after the head, in the caller's transaction. The head row is locked
    (PostgreSQL: SELECT … FOR UPDATE; SQLite has one writer at a time), so two writers never
    chain onto the same event."""
    if not changes:
        return
    head = session.execute(select(AuditHead.seq, AuditHead.hash).with_for_update()).one()
    seq, previous = head.seq, head.hash
    at, actor = dt.datetime.now(dt.UTC).replace(tzinfo=None), actor_of(session)
    stamp = at.isoformat()  # one time for the whole batch, formatted once
    rows = []
    for change in changes:
        seq += 1
        digest = _event_hash(previous, seq, stamp, actor, change)
        rows.append((seq, at, actor, previous, digest, *change))
        previous = digest
    _insert_events(session, rows)
    session.execute(update(AuditHead).values(seq=seq, hash=previous))


_EVENT_COLUMNS = ("seq", "at", "actor", "previous", "hash", *Change._fields)


def _insert_events(session: Session, rows: list[tuple[Any, ...]]) -> None:
    """Write events (tuples in `_EVENT_COLUMNS` order) by the fastest path the driver has:
    COPY on psycopg, the driver's executemany on SQLite, a Core executemany elsewhere. Every
    event of a batch has the same time, so its one bound value is converted once."""
    connection = session.connection()
    dialect = connection.dialect
    events = cast(Table, AuditEvent.__table__)
    columns = ", ".join(_EVENT_COLUMNS)
    if dialect.name == "postgresql" and dialect.driver == "psycopg":
        driver: Any = connection.connection.dbapi_connection  # a psycopg.Connection
        cursor = driver.cursor()
        with cursor, cursor.copy(f"COPY audit_events ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    if dialect.name == "sqlite":
        at = rows[0][1]
        stored_at = events.c.at.type.bind_processor(dialect)
        at_value = stored_at(at) if stored_at else at
        marks = ", ".join("?" * len(_EVENT_COLUMNS))
        for start in range(0, len(rows), CHUNK * 10):
            chunk = [(row[0], at_value, *row[2:]) for row in rows[start : start + CHUNK * 10]]
            connection.exec_driver_sql(
                f"INSERT INTO audit_events ({columns}) VALUES ({marks})", chunk
            )
        return
    dicts = [dict(zip(_EVENT_COLUMNS, row, strict=True)) for row in rows]
    for start in range(0, len(dicts), CHUNK * 10):
        session.execute(insert(events), dicts[start : start + CHUNK * 10])


def _change(action: str, table: Table, row: Sequence[Any], before: str | None = None) -> Change:
    """The event of a row given as its values in column order (`select(table)`'s)."""
    plan = _plan(table)
    return Change(
        action, table.name, _key(plan, row), _report(plan, row), before, _canonical(plan, row)
    )


def created(action: str, table: Table, row: Stored) -> Change:
    return _change(action, table, _values(_plan(table), row))


def _inserted_tuples(session: Session, table: Table, rows: Sequence[Sequence[Any]]) -> None:
    """Record rows just inserted, as stored (ids and defaults included), given as their values
    in column order."""
    append(session, [_change("insert", table, row) for row in rows])


def insert_rows(session: Session, table: Table, values: Sequence[Mapping[str, Any]]) -> None:
    """Insert `values` into `table` and record each row as stored."""
    if not values:
        return
    ids = _allocated_ids(session, table, values)
    if ids is None:
        statement = insert(table).returning(*table.columns)  # in any order: rows carry their ids
        _inserted_tuples(session, table, session.execute(statement, list(values)).all())
        return
    rows = [{**row, "id": id_} for row, id_ in zip(values, ids, strict=True)]
    session.execute(insert(table), rows)
    _inserted_tuples(session, table, _read_back(session, table, ids))


def _allocated_ids(
    session: Session, table: Table, values: Sequence[Mapping[str, Any]]
) -> list[int] | None:
    """Ids for new rows, as the database would give them, so that the rows can be inserted
    without RETURNING and read back (on psycopg, an INSERT … RETURNING of many rows takes
    twice as long as the INSERT and a SELECT of the rows together). PostgreSQL: drawn from the
    table's own sequence. SQLite: the next rowids, once this transaction holds the database's
    one write lock, so no other writer can take them. None where RETURNING is the way."""
    connection = session.connection()
    if "id" not in table.c or "id" in values[0]:
        return None
    if [column.name for column in table.primary_key.columns] != ["id"]:
        return None
    if connection.dialect.name == "postgresql":
        query = text(
            "SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"
        )
        ids = connection.execute(query, {"table": table.name, "n": len(values)}).scalars()
        return [int(id_) for id_ in ids]
    if connection.dialect.name == "sqlite" and not table.kwargs.get("sqlite_autoincrement"):
        connection.execute(update(AuditHead).values(seq=AuditHead.seq))  # takes the write lock
        top = int(connection.execute(select(func.max(table.c.id))).scalar() or 0)
        return list(range(top + 1, top + 1 + len(values)))
    return None


def _read_back(session: Session, table: Table, ids: list[int]) -> list[Sequence[Any]]:
    """The rows with these ids as stored (defaults and the database's own conversions
    included), in the order of `ids`."""
    by_id: dict[int, Sequence[Any]] = {}
    position = _plan(table).names.index("id")
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK * 10):
        chunk = ordered[start : start + CHUNK * 10]
        query = select(table).where(table.c.id.between(chunk[0], chunk[-1]))
        by_id.update((row[position], row) for row in session.execute(query))
    return [by_id[id_] for id_ in ids]


def update_rows(session: Session, model: type[Base], values: Sequence[dict[str, Any]]) -> None:
    """Update rows by primary key (`id` in each dict), recording before and after of each row
    that changed."""
    if not values:
        return
    table = cast(Table, model.__table__)
    ids = [row["id"] for row in values]
    before = current_states(session, table, ids)
    session.execute(update(model), list(values))
    after = current_states(session, table, ids)
    append(
        session,
        [
            Change("update", table.name, key, report, before[key][1], now)
            for key, (report, now) in after.items()
            if before[key][1] != now
        ],
    )


def current_states(
    session: Session, table: Table, ids: Sequence[int]
) -> dict[str, tuple[int | None, str]]:
    """The rows with these ids, by key: (their report, their state)."""
    found: dict[str, tuple[int | None, str]] = {}
    unique = sorted(set(ids))
    for start in range(0, len(unique), CHUNK):
        query = select(table).where(table.c.id.in_(unique[start : start + CHUNK]))
        for row in session.execute(query).mappings():
            found[row_key(table, row)] = (report_of(table, row), state(table, row))
    return found


def recorded(session: Session, record: Base, before: str | None = None) -> None:
    """Record an ORM object just added or changed (flushed here): its stored state, and the
    state it had before when it was changed."""
    session.flush()
    table, row = _stored_row(session, record)
    action = "insert" if before is None else "update"
    append(session, [_change(action, table, _values(_plan(table), row), before)])


def state_of(session: Session, record: Base) -> str:
    """An ORM object's stored state, to pass as `before` when it is about to change."""
    return state(*_stored_row(session, record))


def _stored_row(session: Session, record: Base) -> tuple[Table, Stored]:
    """An ORM object's table and its row as stored, looked up by primary key."""
    table = cast(Table, record.__table__)
    keys = [getattr(record, column.key) for column in table.primary_key.columns]
    query = select(table).where(tuple_(*table.primary_key.columns) == tuple_(*keys))
    return table, session.execute(query).mappings().one()


def exported(session: Session, what: Mapping[str, Any]) -> None:
    """Log an export: who took what, and when (rights groups are asked this about their data)."""
    after = json.dumps(dict(what), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    append(session, [Change("export", None, None, None, None, after)])


def baseline(session: Session) -> None:
    """Start the chain over a ledger that had no history: one event per row as it stands."""
    session.execute(insert(AuditHead).values(id=1, seq=0, hash=GENESIS))
    inspector = inspect(session.connection())
    for name in AUDITED:
        table = table_of(name)
        # Run by migration 0008, before LATER_COLUMNS existed: read the columns there were then.
        present = {column["name"] for column in inspector.get_columns(name)}
        query = select(*[column for column in table.columns if column.name in present])
        rows = session.execute(query.order_by(*table.primary_key.columns)).mappings()
        append(
            session, [created("baseline", table, {**later_columns(table), **row}) for row in rows]
        )


# --- verifying -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One thing that does not add up: in the chain itself, or a row changed behind its back."""

    problem: str  # "chain", "edited", "inserted", "deleted"
    table_name: str | None
    row_key: str | None
    detail: str

    def __str__(self) -> str:
        where = f"{self.table_name} {self.row_key}: " if self.table_name else ""
        return f"{self.problem}: {where}{self.detail}"


@dataclass
class Verification:
    events: int = 0
    head: str = GENESIS
    findings: list[Finding] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.findings


@dataclass
class _Replay:
    """The chain walked so far: for each row, the seq and state digest of its last event."""

    last: dict[tuple[str, str], tuple[int, bytes | None]] = field(default_factory=dict)
    seq: int = 0
    hash: str = GENESIS


def verify(session: Session) -> Verification:
    """Walk the chain, then compare every audited table with the chain's last recorded states."""
    result, replay = Verification(), _Replay()
    query = select(AuditEvent).order_by(AuditEvent.seq).execution_options(yield_per=5000)
    for event in session.scalars(query):
        _check_event(event, replay, result)
    head = session.execute(select(AuditHead.seq, AuditHead.hash)).one_or_none()
    if head is None or (head.seq, head.hash) != (replay.seq, replay.hash):
        stated = "missing" if head is None else f"event {head.seq}"
        result.findings.append(
            Finding("chain", None, None, f"the head ({stated}) is not the last event "
                    f"({replay.seq}): events were removed from or added to the end")
        )  # fmt: skip
    result.events, result.head = replay.seq, replay.hash
    for name in AUDITED:
        _check_table(session, table_of(name), replay, result)
    return result


def _digest(text: str | None) -> bytes | None:
    return None if text is None else hashlib.sha256(text.encode("utf-8")).digest()


def _check_event(event: AuditEvent, replay: _Replay, result: Verification) -> None:
    def found(detail: str) -> None:
        result.findings.append(Finding("chain", event.table_name, event.row_key, detail))

    if event.seq != replay.seq + 1:
        found(f"event {event.seq} follows event {replay.seq}: events were removed or renumbered")
    if event.previous != replay.hash:
        found(f"event {event.seq} does not point to the event before it")
    change = Change(
        event.action, event.table_name, event.row_key, event.report_id, event.before, event.after
    )
    if event_hash(event.previous, event.seq, event.at, event.actor, change) != event.hash:
        found(f"event {event.seq} was altered: its hash no longer matches its content")
    if event.table_name is not None and event.row_key is not None:
        key = (event.table_name, event.row_key)
        known = replay.last.get(key)
        if event.before is not None and (known is None or known[1] != _digest(event.before)):
            found(f"event {event.seq} changes a state the chain never recorded")
        replay.last[key] = (event.seq, _digest(event.after))
    replay.seq, replay.hash = event.seq, event.hash


def _check_table(session: Session, table: Table, replay: _Replay, result: Verification) -> None:
    expected = {
        key: last for (name, key), last in replay.last.items() if name == table.name and last[1]
    }
    query = select(table).order_by(*table.primary_key.columns)
    for row in session.execute(query.execution_options(yield_per=5000)).mappings():
        key, now = row_key(table, row), state(table, row)
        last = expected.pop(key, None)
        if last is None:
            detail = "a row no audit event created (inserted behind civcas's back)"
            result.findings.append(Finding("inserted", table.name, key, detail))
        elif last[1] != _digest(now):
            columns = _changed_columns(session, last[0], now) or ["how a value is stored"]
            detail = f"differs from audit event {last[0]} in {', '.join(columns)}"
            result.findings.append(Finding("edited", table.name, key, detail))
    for key, (seq, _) in expected.items():
        detail = f"recorded by audit event {seq} but gone (deleted behind civcas's back)"
        result.findings.append(Finding("deleted", table.name, key, detail))


def _changed_columns(session: Session, seq: int, now: str) -> list[str]:
    recorded_state = session.scalar(select(AuditEvent.after).where(AuditEvent.seq == seq))
    return sorted(changed_fields(recorded_state, now))


def changed_fields(
    before: str | Mapping[str, Any] | None, after: str | Mapping[str, Any] | None
) -> dict[str, tuple[Any, Any]]:
    """What an event changed, column by column: (before, after) for each column whose value
    differs, in the order of the state after; every column given a value, for a row created
    (before None). States are an event's canonical JSON or that JSON already parsed."""
    then, now = _parsed(before), _parsed(after)
    return {name: (then.get(name), value) for name, value in now.items() if then.get(name) != value}


def _parsed(state: str | Mapping[str, Any] | None) -> Mapping[str, Any]:
    if isinstance(state, str):
        return cast(Mapping[str, Any], json.loads(state)) if state else {}
    return state or {}


def history(session: Session, report_id: int) -> list[AuditEvent]:
    """Every event about one report and the rows that belong to it, oldest first."""
    query = select(AuditEvent).where(AuditEvent.report_id == report_id).order_by(AuditEvent.seq)
    return list(session.scalars(query))
