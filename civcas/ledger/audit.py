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

from sqlalchemy import Float, String, Table, insert, select, tuple_, update
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
SECRETS = frozenset({"password_hash"})
CHUNK = 500
Stored = Mapping[Any, Any]  # a row by column name (SQLAlchemy's RowMapping or a plain dict)


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


@cache
def _texts(table: Table) -> tuple[str, ...]:
    """The table's text columns: the ones that may need digesting."""
    return tuple(c.name for c in table.columns if isinstance(c.type, String))


@cache
def _reals(table: Table) -> tuple[str, ...]:
    """The table's floating-point columns: SQLite hands back 36 as written and 36.0 as stored."""
    return tuple(c.name for c in table.columns if isinstance(c.type, Float))


def _digest_text(name: str, value: str | None) -> str | None:
    if value is None or (name not in SECRETS and len(value) <= DIGESTED):
        return value
    return "sha256:" + hashlib.sha256(value.encode("utf-8")).hexdigest()


def state(table: Table, row: Stored) -> str:
    """A row as canonical JSON, columns in the table's order: the same row gives the same text
    on SQLite and PostgreSQL."""
    values = {column.name: row[column.name] for column in table.columns}
    for name in _texts(table):
        values[name] = _digest_text(name, values[name])
    for name in _reals(table):
        values[name] = None if values[name] is None else float(values[name])
    return json.dumps(values, separators=(",", ":"), ensure_ascii=False, default=_plain)


def row_key(table: Table, row: Stored) -> str:
    return "/".join(str(row[column.name]) for column in table.primary_key.columns)


def report_of(table: Table, row: Stored) -> int | None:
    """The report a row belongs to, so `civcas audit show REPORT` can gather its history."""
    if table.name == "reports":
        return int(row["id"])
    if "report_id" not in table.columns:
        return None
    value = row["report_id"]
    return None if value is None else int(value)


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
    fields = [
        seq,
        at.isoformat(),
        actor,
        change.action,
        change.table_name,
        change.row_key,
        change.report_id,
        change.before,
        change.after,
    ]
    payload = json.dumps(fields, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((previous + payload).encode("utf-8")).hexdigest()


def append(session: Session, changes: Sequence[Change]) -> None:
    """Chain `changes` after the head, in the caller's transaction. The head row is locked
    (PostgreSQL: SELECT … FOR UPDATE; SQLite has one writer at a time), so two writers never
    chain onto the same event."""
    if not changes:
        return
    head = session.execute(select(AuditHead.seq, AuditHead.hash).with_for_update()).one()
    seq, previous = head.seq, head.hash
    at, actor = dt.datetime.now(dt.UTC).replace(tzinfo=None), actor_of(session)
    rows = []
    for change in changes:
        seq += 1
        digest = event_hash(previous, seq, at, actor, change)
        rows.append(
            {"seq": seq, "at": at, "actor": actor, "previous": previous, "hash": digest}
            | change._asdict()
        )
        previous = digest
    events = cast(Table, AuditEvent.__table__)  # Core: the ORM's bulk path is slower
    for start in range(0, len(rows), CHUNK * 10):
        session.execute(insert(events), rows[start : start + CHUNK * 10])
    session.execute(update(AuditHead).values(seq=seq, hash=previous))


def created(action: str, table: Table, row: Stored) -> Change:
    return Change(
        action, table.name, row_key(table, row), report_of(table, row), None, state(table, row)
    )


def inserted(session: Session, table: Table, rows: Sequence[Stored]) -> None:
    """Record rows just inserted (as stored: ids and defaults included)."""
    append(session, [created("insert", table, row) for row in rows])


def insert_rows(session: Session, table: Table, values: Sequence[Mapping[str, Any]]) -> None:
    """Insert `values` into `table` in one statement and record each row as stored."""
    if not values:
        return
    statement = insert(table).returning(*table.columns)  # in any order: rows carry their ids
    stored = session.execute(statement, list(values)).mappings().all()
    inserted(session, table, stored)


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
    table = cast(Table, record.__table__)
    keys = [getattr(record, column.key) for column in table.primary_key.columns]
    query = select(table).where(tuple_(*table.primary_key.columns) == tuple_(*keys))
    row = session.execute(query).mappings().one()
    action = "insert" if before is None else "update"
    change = Change(
        action, table.name, row_key(table, row), report_of(table, row), before, state(table, row)
    )
    append(session, [change])


def state_of(session: Session, record: Base) -> str:
    """An ORM object's stored state, to pass as `before` when it is about to change."""
    table = cast(Table, record.__table__)
    keys = [getattr(record, column.key) for column in table.primary_key.columns]
    query = select(table).where(tuple_(*table.primary_key.columns) == tuple_(*keys))
    return state(table, session.execute(query).mappings().one())


def exported(session: Session, what: Mapping[str, Any]) -> None:
    """Log an export: who took what, and when (rights groups are asked this about their data)."""
    after = json.dumps(dict(what), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    append(session, [Change("export", None, None, None, None, after)])


def baseline(session: Session) -> None:
    """Start the chain over a ledger that had no history: one event per row as it stands."""
    session.execute(insert(AuditHead).values(id=1, seq=0, hash=GENESIS))
    for name in AUDITED:
        table = table_of(name)
        rows = session.execute(select(table).order_by(*table.primary_key.columns)).mappings()
        append(session, [created("baseline", table, row) for row in rows])


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
    then, current = json.loads(recorded_state or "{}"), json.loads(now)
    return sorted(name for name in current if then.get(name) != current[name])


def history(session: Session, report_id: int) -> list[AuditEvent]:
    """Every event about one report and the rows that belong to it, oldest first."""
    query = select(AuditEvent).where(AuditEvent.report_id == report_id).order_by(AuditEvent.seq)
    return list(session.scalars(query))
